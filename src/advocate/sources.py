"""Building the ordered list of answer sources from what the user passed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from advocate.answers import AnswerSource, load_answers_file, parse_set_values


def answer_sources(
    *,
    set_values: Sequence[str] = (),
    answers_files: Sequence[Path] = (),
    campaign_file: Path | None = None,
    profile: Mapping[str, Any] | None = None,
    profile_name: str = "profile",
) -> list[AnswerSource]:
    """Return the sources in precedence order: ``--set``, ``--answers``, ``--campaign``, profile.

    ``--set`` is strict (a misspelt question id is an error). Of several answers files, a later
    one wins over an earlier one; an id in them that no question asks is worth a warning (see
    :func:`advocate.answers.unknown_answer_warnings`). A campaign and a profile hold answers for
    many documents, so their extra answers are ignored.
    """
    sources = []
    if set_values:
        sources.append(AnswerSource("--set", parse_set_values(set_values), strict=True))
    files = [AnswerSource(str(path), load_answers_file(path), warn_unknown=True)
             for path in answers_files]  # fmt: skip
    sources += reversed(files)  # read in the order given; the last one wins
    if campaign_file is not None:
        sources.append(AnswerSource(str(campaign_file), load_answers_file(campaign_file)))
    if profile:
        sources.append(AnswerSource(profile_name, dict(profile)))
    return sources

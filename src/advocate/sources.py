"""Building the ordered list of answer sources from what the user passed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from advocate.answers import AnswerSource, load_answers_file, parse_set_values


def answer_sources(
    *,
    set_values: Sequence[str] = (),
    answers_file: Path | None = None,
    campaign_file: Path | None = None,
    profile: Mapping[str, Any] | None = None,
    profile_name: str = "profile",
) -> list[AnswerSource]:
    """Return the sources in precedence order: ``--set``, ``--answers``, ``--campaign``, profile.

    ``--set`` is strict (a misspelt question id is an error); the files may hold answers for
    other documents too, so their extra answers are ignored.
    """
    sources = []
    if set_values:
        sources.append(AnswerSource("--set", parse_set_values(set_values), strict=True))
    if answers_file is not None:
        sources.append(AnswerSource(str(answers_file), load_answers_file(answers_file)))
    if campaign_file is not None:
        sources.append(AnswerSource(str(campaign_file), load_answers_file(campaign_file)))
    if profile:
        sources.append(AnswerSource(profile_name, dict(profile)))
    return sources

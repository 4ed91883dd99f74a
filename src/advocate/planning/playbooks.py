"""Finding playbooks: built-in ones and a user's own, by id or by file.

A bare id (``open-services``) means a playbook from a user folder (``--playbooks DIR``, then
``<config>/playbooks``) or else the built-in one; a reference with a path separator or ending
in ``.yaml`` is a file. Parsing and validating one file is
:mod:`advocate.planning.playbook_schema`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from advocate.errors import DataFileError, DefinitionError, NotFoundError
from advocate.examples import load_examples, parse_examples
from advocate.planning.models import Playbook, Step
from advocate.planning.playbook_schema import SUFFIXES, parse_playbook
from advocate.profile import config_dir
from advocate.question_docs import describe_question
from advocate.resources import packaged_files
from advocate.yamlio import read_text

NOT_PLAYBOOKS = frozenset({"examples"})


def user_playbook_dirs(given: Sequence[Path] = ()) -> list[Path]:
    """The folders searched before the built-in playbooks: ``--playbooks`` then the config one."""
    return [*given, config_dir() / "playbooks"]


def _user_files(dirs: Sequence[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES and path.stem not in NOT_PLAYBOOKS and path.is_file():
                found.setdefault(path.stem, path)
    return found


def _packaged() -> dict[str, Any]:
    return {
        name: entry
        for name, entry in packaged_files("playbooks", ".yaml").items()
        if name not in NOT_PLAYBOOKS
    }


def playbook_ids(dirs: Sequence[Path] = ()) -> list[str]:
    """The ids of every available playbook, built-in and user."""
    return sorted(set(_packaged()) | set(_user_files(dirs)))


def load_playbook_file(path: Path, *, template_dirs: Sequence[Path] = ()) -> Playbook:
    """Load and validate one playbook file (what ``advocate playbooks validate`` runs).

    Raises:
        DataFileError: The file is missing or not valid YAML.
        DefinitionError: The playbook breaks the schema.
    """
    return parse_playbook(
        read_text(path), path, origin=str(path.parent), template_dirs=template_dirs
    )


def resolve_playbook(ref: str, dirs: Sequence[Path] = ()) -> Playbook:
    """Find a playbook by id or by file path.

    Args:
        ref: A playbook id (``open-services``) or a path to a ``.yaml`` file.
        dirs: User playbook folders, searched before the built-in playbooks.

    Returns:
        The validated playbook.

    Raises:
        NotFoundError: No playbook has this id (the message lists those that exist).
        DefinitionError: The playbook breaks the schema.
    """
    if "/" in ref or "\\" in ref or ref.endswith(SUFFIXES):
        return load_playbook_file(Path(ref))
    user = _user_files(dirs)
    packaged = _packaged()
    if ref in user:
        return replace(load_playbook_file(user[ref]), replaces_builtin=ref in packaged)
    if ref not in packaged:
        msg = "playbook"
        raise NotFoundError(msg, ref, playbook_ids(dirs))
    text = packaged[ref].read_text(encoding="utf-8")
    return parse_playbook(text, f"playbooks/{ref}.yaml")


def list_playbooks(dirs: Sequence[Path] = ()) -> list[Playbook]:
    """Every available playbook, ordered by number; a user playbook replaces a built-in one."""
    found = [resolve_playbook(ref, dirs) for ref in playbook_ids(dirs)]
    return sorted(found, key=lambda playbook: (playbook.number, playbook.id))


def validate_playbook_files(paths: Iterable[Path]) -> list[tuple[Path, str | None]]:
    """Validate files, collecting one problem (or ``None``) per file instead of stopping.

    A file named ``examples.yaml`` is checked as the examples library.
    """
    results: list[tuple[Path, str | None]] = []
    for path in paths:
        try:
            if path.stem in NOT_PLAYBOOKS:
                parse_examples(read_text(path), path)
            else:
                load_playbook_file(path)
        except (DefinitionError, DataFileError) as err:
            results.append((path, str(err)))
        else:
            results.append((path, None))
    return results


def describe_playbook(playbook: Playbook) -> dict[str, Any]:
    """A plain description of a playbook (for ``advocate playbooks show --json``)."""
    examples = {example.id: example for example in load_examples()}
    return {
        "id": playbook.id,
        "number": playbook.number,
        "version": playbook.version,
        "title": playbook.title,
        "summary": playbook.summary,
        "why": playbook.why,
        "basis": {"phrase": playbook.basis.phrase, "source": playbook.basis.source},
        "fits": {
            "goals": list(playbook.fits.goals),
            "contexts": list(playbook.fits.contexts),
            "strategy": playbook.fits.strategy,
            "min_weeks": playbook.fits.min_weeks,
        },
        "origin": playbook.origin,
        "replaces_builtin": playbook.replaces_builtin,
        "steps": [_describe_step(step) for step in playbook.steps],
        "examples": [
            {
                "id": ex_id,
                "city": examples[ex_id].city,
                "programme": examples[ex_id].programme,
                "year": examples[ex_id].year,
                "when": examples[ex_id].when,
                "decided": examples[ex_id].decided,
                "source": examples[ex_id].source,
            }
            for ex_id in playbook.examples
            if ex_id in examples
        ],  # fmt: skip
        "pitfalls": list(playbook.pitfalls),
        "signs_of_success": list(playbook.signs_of_success),
    }


def _describe_step(step: Step) -> dict[str, Any]:
    return {
        "id": step.id,
        "title": step.title,
        "guidance": step.guidance,
        "when": step.when,
        "lead_days": step.lead_days,
        "documents": list(step.documents),
        "questions": [describe_question(question) for question in step.questions],
    }

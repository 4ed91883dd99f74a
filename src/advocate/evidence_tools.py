"""Drafting the evidence kit's tools (``advocate evidence copy``) into a folder."""

from __future__ import annotations

from pathlib import Path

from advocate.api import draft
from advocate.errors import NotFoundError
from advocate.evidence import EvidenceKit, load_kit
from advocate.models import DraftResult
from advocate.templates import load_template


def copy_tools(
    name: str, out_dir: Path, *, overwrite: bool = False, kit: EvidenceKit | None = None
) -> list[DraftResult]:
    """Draft one evidence tool (or ``all`` of them) from its example answers into ``out_dir``.

    Each document is written with its answers file, which is the place to change the
    organisation's details before drafting again with ``advocate draft TYPE --answers FILE``.

    Raises:
        NotFoundError: ``name`` is neither a tool of the kit nor ``all``.
        OutputExistsError: A file is already there and ``overwrite`` is false.
    """
    tools = (kit or load_kit()).tools
    if name != "all" and name not in tools:
        kind = "evidence tool"
        raise NotFoundError(kind, name, [*tools, "all"])
    chosen = tools if name == "all" else (name,)
    results = []
    for doctype in chosen:
        template = load_template(doctype)
        results.append(
            draft(template, template.example_answers, out_dir=out_dir, overwrite=overwrite)
        )
    return results

"""The good-practice examples library (``playbooks/examples.yaml``)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from advocate.errors import DefinitionError, NotFoundError
from advocate.models import Choice, Example
from advocate.resources import data_dir
from advocate.schema import (
    KEBAB_ID,
    Context,
    check_keys,
    get_str,
    get_str_list,
    require_mapping,
)
from advocate.yamlio import Located, parse_yaml

EXAMPLE_KEYS = (
    "id",
    "city",
    "country",
    "programme",
    "year",
    "ongoing",
    "summary",
    "decided",
    "recommendations",
    "sources",
)


def parse_examples(text: str, path: str | Path) -> tuple[Example, ...]:
    """Parse the examples library text, checking every entry against the schema.

    Raises:
        DefinitionError: the text is not a list of entries, or an entry breaks the schema
            (an unknown key, a missing field, a year that is not a whole number, a source
            that is not a web address, a repeated id).
    """
    ctx = Context(path)
    raw = parse_yaml(text, path)
    if not isinstance(raw, list):
        raise DefinitionError(path, "the examples library is a list of examples")
    examples: list[Example] = []
    seen: set[str] = set()
    for item in raw:
        example = _parse_example(ctx, require_mapping(ctx, item, "an example"))
        if example.id in seen:
            raise ctx.error(item, "id", f"example id '{example.id}' is used twice")
        seen.add(example.id)
        examples.append(example)
    return tuple(examples)


def _parse_example(ctx: Context, data: Located) -> Example:
    check_keys(ctx, data, EXAMPLE_KEYS, "an example")
    example_id = get_str(ctx, data, "id")
    if not KEBAB_ID.match(example_id):
        raise ctx.error(data, "id", f"example id '{example_id}' is not kebab-case")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ctx.error(data, "year", "'year' must be a whole number")
    ongoing = data.get("ongoing", False)
    if not isinstance(ongoing, bool):
        raise ctx.error(data, "ongoing", "'ongoing' must be true or false")
    return Example(
        id=example_id,
        city=get_str(ctx, data, "city"),
        country=get_str(ctx, data, "country"),
        programme=get_str(ctx, data, "programme"),
        year=year,
        summary=get_str(ctx, data, "summary"),
        recommendations=get_str_list(ctx, data, "recommendations"),
        sources=_sources(ctx, data),
        decided=get_str(ctx, data, "decided", required=False),
        ongoing=ongoing,
    )


def _sources(ctx: Context, data: Located) -> tuple[str, ...]:
    sources = get_str_list(ctx, data, "sources")
    if not sources:
        raise ctx.error(data, "sources", "'sources' needs at least one web address")
    for source in sources:
        if not source.startswith(("http://", "https://")):
            raise ctx.error(data, "sources", f"source '{source}' is not a web address")
    return sources


@functools.cache
def load_examples() -> tuple[Example, ...]:
    """Load the packaged examples library (once per process)."""
    entry = data_dir("playbooks") / "examples.yaml"
    if not entry.is_file():
        return ()
    return parse_examples(entry.read_text(encoding="utf-8"), "playbooks/examples.yaml")


def example_choices() -> list[Choice]:
    """The library as choices for a ``choices_from: examples`` question."""
    return [Choice(value=ex.id, label=f"{ex.city}: {ex.programme}") for ex in load_examples()]


def find_example(example_id: str) -> Example:
    """Return the example with this id, or raise :class:`NotFoundError`."""
    for example in load_examples():
        if example.id == example_id:
            return example
    msg = "example"
    raise NotFoundError(msg, example_id, [ex.id for ex in load_examples()])


def search_examples(
    examples: Iterable[Example], *, recommendation: str | None = None, text: str | None = None
) -> list[Example]:
    """Filter examples by recommendation id and by words in any field (case-insensitive)."""
    found = []
    words = text.casefold().split() if text else []
    for example in examples:
        if recommendation and recommendation not in example.recommendations:
            continue
        fields = [example.city, example.country, example.programme, example.summary]
        haystack = " ".join([*fields, example.decided, example.when, example.id]).casefold()
        if all(word in haystack for word in words):
            found.append(example)
    return found

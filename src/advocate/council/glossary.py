"""The glossary of council words: plain meanings of the terms a deputation runs into.

The words live in ``glossary/council-words.yaml``; a term is found by its name or any of its
other names (``delegation`` finds ``deputation``), ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass

from advocate.council.cards import read_yaml
from advocate.errors import DefinitionError, NotFoundError
from advocate.resources import data_dir
from advocate.schema import Context, check_keys, get_str, get_str_list, require_mapping

GLOSSARY_FILE = "council-words.yaml"
TERM_KEYS = ("term", "also", "meaning", "see")


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        term: The word or phrase.
        also: Other names for the same thing.
        meaning: What it means, in plain words.
        see: Related terms in the glossary.
    """

    term: str
    meaning: str
    also: tuple[str, ...] = ()
    see: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The term and its other names."""
        return (self.term, *self.also)


def parse_glossary(text: str, path: str) -> tuple[Term, ...]:
    """Parse and validate glossary text.

    Raises:
        DataFileError: The text is not valid YAML.
        DefinitionError: An entry breaks the schema, a name is used twice, or a ``see`` names
            no term.
    """
    ctx = Context(path)
    data = require_mapping(ctx, read_yaml(text, path), "the glossary")
    check_keys(ctx, data, ("terms",), "the glossary")
    raw = data.get("terms")
    if not isinstance(raw, list) or not raw:
        raise ctx.error(data, "terms", "'terms' must be a non-empty list")
    terms = []
    owner: dict[str, str] = {}
    for item in raw:
        entry = require_mapping(ctx, item, "a glossary entry", "terms")
        check_keys(ctx, entry, TERM_KEYS, "a glossary entry")
        term = Term(
            term=get_str(ctx, entry, "term"),
            meaning=" ".join(get_str(ctx, entry, "meaning").split()),
            also=get_str_list(ctx, entry, "also"),
            see=get_str_list(ctx, entry, "see"),
        )
        for name in term.names:
            if name.casefold() in owner:
                problem = f"'{name}' is already a name of '{owner[name.casefold()]}'"
                raise ctx.error(entry, "also", problem)
            owner[name.casefold()] = term.term
        terms.append(term)
    _check_see(path, terms)
    return tuple(terms)


def _check_see(path: str, terms: list[Term]) -> None:
    known = {term.term for term in terms}
    for term in terms:
        for name in term.see:
            if name not in known:
                problem = f"'{term.term}' refers to '{name}', which is not a glossary term"
                raise DefinitionError(path, problem, key="see")


def load_glossary() -> tuple[Term, ...]:
    """The packaged glossary, in its file order."""
    entry = data_dir("glossary") / GLOSSARY_FILE
    return parse_glossary(entry.read_text(encoding="utf-8"), f"glossary/{GLOSSARY_FILE}")


def find_term(name: str, terms: tuple[Term, ...] | None = None) -> Term:
    """Find a term by its name or another name, ignoring case and extra spaces.

    Raises:
        NotFoundError: No term has that name; the message suggests the closest one.
    """
    entries = terms if terms is not None else load_glossary()
    wanted = " ".join(name.split()).casefold()
    for term in entries:
        if wanted in (candidate.casefold() for candidate in term.names):
            return term
    kind = "glossary term"
    raise NotFoundError(kind, name, [term.term for term in entries])

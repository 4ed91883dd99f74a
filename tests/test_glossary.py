"""The glossary of council words, in the core and on the command line."""

from __future__ import annotations

import json

import pytest

from advocate.council.glossary import find_term, load_glossary, parse_glossary
from advocate.errors import DefinitionError, NotFoundError
from conftest import run_cli

ISSUE_TERMS = ["deputation", "delegation", "notice of motion", "mover and seconder", "refer",
               "defer", "receive for information", "staff report", "report back", "in camera",
               "consent agenda", "quorum"]  # fmt: skip


@pytest.mark.parametrize("name", ISSUE_TERMS)
def test_every_word_the_issue_names_is_explained(name: str) -> None:
    term = find_term(name)
    assert len(term.meaning.split()) >= 12


def test_other_names_and_case_find_the_same_entry() -> None:
    assert find_term("Delegation").term == "deputation"
    assert find_term("  Closed   session ").term == "in camera"
    assert find_term("seconder").term == "mover and seconder"


def test_an_unknown_term_suggests_the_closest() -> None:
    with pytest.raises(NotFoundError) as info:
        find_term("quorom")
    assert str(info.value).startswith("Glossary term 'quorom' not found. Available: deputation,")
    assert str(info.value).endswith("Did you mean 'quorum'?")


def test_the_packaged_glossary_is_valid_and_its_cross_references_resolve() -> None:
    terms = load_glossary()
    assert len(terms) >= 20
    names = {term.term for term in terms}
    assert all(set(term.see) <= names for term in terms)


def test_a_name_used_twice_or_a_dangling_see_is_refused() -> None:
    twice = "terms:\n  - {term: a, meaning: x}\n  - {term: b, also: [A], meaning: y}\n"
    with pytest.raises(DefinitionError, match=r"g.yaml:3 \[also\]: 'A' is already a name of 'a'"):
        parse_glossary(twice, "g.yaml")
    dangling = "terms:\n  - {term: a, meaning: x, see: [b]}\n"
    with pytest.raises(DefinitionError, match="'a' refers to 'b', which is not a glossary term"):
        parse_glossary(dangling, "g.yaml")
    with pytest.raises(DefinitionError, match="unknown key 'colour'"):
        parse_glossary("terms:\n  - {term: a, meaning: x, colour: red}\n", "g.yaml")


def test_cli_shows_one_term_with_its_other_names() -> None:
    result = run_cli("glossary", "receive", "for", "information")
    lines = result.stdout.splitlines()
    assert lines[0] == "receive for information (also: receive, received, receive and file, note)"
    assert lines[1].startswith("  Accept a report or letter without acting on it.")
    assert lines[-1] == "  See: adopt, motion"


def test_cli_lists_every_term_and_prints_json() -> None:
    listed = run_cli("glossary").stdout
    assert all(f"\n{term.term}" in f"\n{listed}" for term in load_glossary())
    data = json.loads(run_cli("glossary", "defer", "--json").stdout)
    assert data["term"] == "defer" and "postpone" in data["also"]


def test_cli_unknown_term_exits_1_with_a_suggestion() -> None:
    result = run_cli("glossary", "in camra", expect=1)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: Glossary term 'in camra' not found.")
    assert result.stderr.rstrip().endswith("Did you mean 'in camera'?")

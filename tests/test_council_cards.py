"""Procedure cards: the built-in ones keep to their sources, and the schema names file, line, key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advocate.council.cards import FACTS, parse_card
from advocate.council.models import Count
from advocate.council.report import card_json, count_facts, fact_rows
from advocate.council.store import (
    all_cards,
    builtin_cards,
    card_skeleton,
    resolve_card,
    set_card_value,
    user_card_dir,
)
from advocate.errors import DataFileError, DefinitionError, NotFoundError
from conftest import build_file_tree

ROOT = Path(__file__).resolve().parents[1]
# the reference notes sit beside the checkout (also in CI); a bare clone elsewhere skips that check
FACTS_MD = ROOT.parent / "shared" / "DOMAIN-FACTS.md"
EXPECTED = {
    "toronto", "ottawa", "hamilton", "kenora", "cambridge-on", "scugog", "pickering",
    "norwich-township", "ramara", "winnipeg", "brighton-hove", "royal-greenwich", "kirklees",
    "edinburgh", "clarence-tas", "belmont-wa", "cottesloe", "melville", "corangamite",
    "campaspe", "willoughby", "byron", "christchurch", "new-plymouth", "tasman", "kapiti-coast",
    "south-wairarapa",
}  # fmt: skip
MINIMAL = "id: riverside\nname: Riverside Town\ncountry: CA\ntime_zone: America/Toronto\n"


def test_every_council_of_the_domain_facts_has_a_built_in_card() -> None:
    cards = builtin_cards()
    assert {card.id for card in cards} == EXPECTED
    for card in cards:
        assert card.description and [fact.key for fact in card.facts] == list(FACTS)
        assert (ROOT / "councils" / f"{card.id}.yaml").is_file()


def test_every_known_built_in_fact_has_a_web_source_from_the_domain_facts() -> None:
    text = FACTS_MD.read_text(encoding="utf-8") if FACTS_MD.exists() else None
    for card in builtin_cards():
        for fact in card.facts:
            if fact.known:
                assert fact.source.startswith(("http://", "https://")), (card.id, fact.key)
                if text is not None:
                    assert fact.source in text, (card.id, fact.key, fact.source)


def test_what_the_domain_facts_do_not_confirm_stays_unknown() -> None:
    ottawa = resolve_card("ottawa")
    for key in ("speaking_limit", "registration_deadline", "notice_of_motion"):
        assert not ottawa.fact(key).known
    assert fact_rows(ottawa)[0].text == "unknown — ask the clerk"
    for card in builtin_cards():  # nothing in the sources gives a notice-of-motion rule or a kind
        assert not card.fact("notice_of_motion").known and not card.fact("kind").known


@pytest.mark.parametrize(
    ("card_id", "key", "count", "amount", "time"),
    [
        ("toronto", "registration_deadline", Count.DAYS, 1, dt.time(16, 30)),
        ("hamilton", "registration_deadline", Count.BUSINESS_DAYS, 1, dt.time(12)),
        ("scugog", "registration_deadline", Count.WEEKDAY, 1, dt.time(16, 30)),
        ("royal-greenwich", "registration_deadline", Count.WORKING_DAYS, 5, None),
        ("kirklees", "registration_deadline", Count.CLEAR_WORKING_DAYS, 3, None),
        ("tasman", "registration_deadline", Count.HOURS, 48, None),
        ("melville", "written_deadline", Count.DAYS, 3, dt.time(12)),
    ],
)
def test_deadline_rules_read_as_the_source_states_them(
    card_id: str, key: str, count: Count, amount: int, time: dt.time | None
) -> None:
    (rule,) = resolve_card(card_id).fact(key).rules
    assert (rule.count, rule.amount, rule.time) == (count, amount, time)


def test_counts_of_facts_add_up() -> None:
    for card in builtin_cards():
        known, sourced, unknown = count_facts(card)
        assert known == sourced and known + unknown == len(FACTS)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("colour: red\n", ":5 [colour]: unknown key 'colour' in a council card"),
        ("facts:\n  speaking_limit: five\n", ":6 [speaking_limit]: fact 'speaking_limit' must be"),
        (
            "facts:\n  speaking_limit: {value: five}\n",
            ":6 [value]: 'speaking_limit' must be a whole number",
        ),
        ("facts:\n  kind: {value: city}\n", "'kind' must be one of: single-tier, upper-tier"),
        ("facts:\n  registration_deadline: {value: 1}\n", "give 'rules', not 'value'"),
        (
            "facts:\n  registration_deadline:\n    rules: [{time: '16:30'}]\n",
            ":7 [rules]: a deadline rule needs exactly one of: days_before",
        ),
        (
            "facts:\n  registration_deadline:\n    rules: [{days_before: 1, business_days_before: 1}]\n",
            "needs exactly one of",
        ),
        (
            "facts:\n  written_deadline:\n    rules: [{time: '25:00', days_before: 1}]\n",
            "[time]: 'time' must be a 24-hour time",
        ),
        (
            "facts:\n  written_deadline:\n    rules: [{weekday_before: someday}]\n",
            "'weekday_before' must be a weekday name",
        ),
        ("facts:\n  speakers: {value: two, rules: []}\n", "only deadline facts have 'rules'"),
        ("holidays: [next friday]\n", "[holidays]: 'next friday' is not a date"),
        ("meetings: [{body: x}]\n", "a meeting needs a 'date'"),
    ],
)
def test_schema_errors_name_the_line_and_key(extra: str, message: str) -> None:
    with pytest.raises(DefinitionError) as info:
        parse_card(MINIMAL + extra, "riverside.yaml")
    assert str(info.value).startswith("riverside.yaml")
    assert message in str(info.value)


def test_bad_time_zone_and_bad_id_are_refused() -> None:
    with pytest.raises(DefinitionError, match=r":4 \[time_zone\]: unknown time zone 'Mars/Base'"):
        parse_card(MINIMAL.replace("America/Toronto", "Mars/Base"), "r.yaml")
    with pytest.raises(DefinitionError, match="must be kebab-case"):
        parse_card(MINIMAL.replace("riverside", "River Side"), "r.yaml")
    with pytest.raises(DataFileError, match="not valid YAML"):
        parse_card(MINIMAL + "facts: [\n", "r.yaml")


def test_an_unquoted_yaml_time_is_read_as_the_time_it_looks_like() -> None:
    card = parse_card(
        MINIMAL + "facts:\n  registration_deadline:\n    rules: [{time: 16:30, days_before: 1}]\n",
        "r.yaml",
    )
    assert card.fact("registration_deadline").rules[0].time == dt.time(16, 30)


def test_a_minimal_card_has_every_fact_unknown_and_sorted_meetings() -> None:
    card = parse_card(
        MINIMAL + "meetings:\n  - {date: 2026-12-10, body: Council, time: '19:00'}\n"
        "  - {date: 2026-12-03}\nholidays: [2026-12-25, 2026-12-25]\n",
        "r.yaml",
    )
    assert not any(fact.known for fact in card.facts)
    assert [m.date.day for m in card.meetings] == [3, 10]
    assert card.meetings[1].time == dt.time(19) and card.holidays == (dt.date(2026, 12, 25),)


def test_user_cards_are_found_before_built_in_ones(isolated_home: Path) -> None:
    text = card_skeleton(
        "toronto", "Toronto, our notes", "America/Toronto", resolve_card("toronto")
    )
    build_file_tree(user_card_dir(), {"toronto.yaml": text})
    card = resolve_card("toronto")
    assert card.origin == "user" and card.name == "Toronto, our notes"
    (rule,) = card.fact("registration_deadline").rules  # copied from the built-in card
    assert (rule.count, rule.amount, rule.time) == (Count.DAYS, 1, dt.time(16, 30))
    assert card.fact("registration_deadline").source.startswith("http://toronto.ca/")
    assert [c.id for c in all_cards()].count("toronto") == 1


def test_cards_resolve_by_name_and_file_and_say_what_exists(tmp_path: Path) -> None:
    assert resolve_card("City of Ottawa").id == "ottawa"
    path = build_file_tree(tmp_path, {"mine.yaml": MINIMAL})["mine.yaml"]
    assert resolve_card(str(path)).name == "Riverside Town"
    with pytest.raises(NotFoundError, match="Did you mean 'toronto'"):
        resolve_card("torontoo")


def test_skeleton_is_a_valid_card_with_every_key() -> None:
    text = card_skeleton("riverside", "Riverside Town", "America/Toronto")
    card = parse_card(text, "s.yaml")
    assert all(f"  {key}: unknown" in text for key in FACTS)
    assert card.name == "Riverside Town" and not any(f.known for f in card.facts)


def test_set_value_writes_facts_rules_and_lists(tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": card_skeleton("c", "C Town", "America/Toronto")})[
        "c.yaml"
    ]
    set_card_value(path, "speaking_limit", "5", source="https://example.org/a", note="at committee")
    set_card_value(
        path,
        "registration_deadline",
        '{time: "12:00", business_days_before: 1}',
        source="https://example.org/b",
    )
    set_card_value(path, "holidays", "[2026-12-25, 2026-12-28]")
    card = set_card_value(path, "meetings", "[{date: 2026-12-10, body: Council}]")
    assert (
        card.fact("speaking_limit").value == 5
        and card.fact("speaking_limit").note == "at committee"
    )
    assert card.fact("registration_deadline").rules[0].time == dt.time(12)
    assert card.holidays == (dt.date(2026, 12, 25), dt.date(2026, 12, 28))
    assert card_json(card)["meetings"] == [{"date": "2026-12-10", "body": "Council", "time": None}]
    assert not set_card_value(path, "speaking_limit", "unknown").fact("speaking_limit").known


def test_set_value_refuses_unknown_keys_and_bad_values_without_writing(tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"c.yaml": card_skeleton("c", "C Town", "America/Toronto")})[
        "c.yaml"
    ]
    before = path.read_text(encoding="utf-8")
    with pytest.raises(NotFoundError, match="Did you mean 'speaking_limit'"):
        set_card_value(path, "speaking_limt", "5")
    with pytest.raises(DefinitionError, match="whole number of minutes"):
        set_card_value(path, "speaking_limit", "five")
    with pytest.raises(DefinitionError, match="unknown time zone"):
        set_card_value(path, "time_zone", "Nowhere/Else")
    assert path.read_text(encoding="utf-8") == before

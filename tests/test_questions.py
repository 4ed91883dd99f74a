"""One parser for every way an answer comes in: types, rules, and the messages on refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from advocate.answer_text import accepted, to_plain, to_text
from advocate.cli.prompter import accepted_in_words
from advocate.errors import InvalidAnswerError, MissingAnswerError
from advocate.models import Choice, Question, QuestionType, Rules
from advocate.questions import item_limits, parse_answer, parse_item, require

TODAY = dt.date(2026, 11, 20)


def make(qtype: QuestionType, **kwargs: object) -> Question:
    return Question(id="q", type=qtype, label="Q", **kwargs)  # type: ignore[arg-type]


POSITION = make(
    QuestionType.CHOICE,
    choices=(Choice("support", "We support it"), Choice("oppose", "We oppose it")),
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2026-12-03", dt.date(2026, 12, 3)),
        ("3 December 2026", dt.date(2026, 12, 3)),
        ("December 3, 2026", dt.date(2026, 12, 3)),
        ("Dec 3 2026", dt.date(2026, 12, 3)),
        ("3 décembre 2026", dt.date(2026, 12, 3)),
        ("1er mars 2027", dt.date(2027, 3, 1)),
        ("today", TODAY),
        ("+14", TODAY + dt.timedelta(days=14)),
        (dt.date(2026, 1, 2), dt.date(2026, 1, 2)),
    ],
)
def test_dates_in_many_forms(raw: object, expected: dt.date) -> None:
    assert parse_answer(make(QuestionType.DATE), raw, today=TODAY) == expected


@pytest.mark.parametrize("raw", ["2026-02-30", "next week", "32 December 2026", "Smarch 3, 2026"])
def test_bad_dates_are_refused_with_what_is_accepted(raw: str) -> None:
    with pytest.raises(InvalidAnswerError) as info:
        parse_answer(make(QuestionType.DATE), raw, today=TODAY)
    message = str(info.value)
    assert "Question 'q'" in message
    assert repr(raw) in message
    assert "2026-12-03" in message  # the accepted form is shown


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("14:30", dt.time(14, 30)), ("2:30 pm", dt.time(14, 30)), ("2pm", dt.time(14)),
     ("12 am", dt.time(0)), ("18h30", dt.time(18, 30)), (870, dt.time(14, 30))],
)  # fmt: skip
def test_times(raw: object, expected: dt.time) -> None:
    assert parse_answer(make(QuestionType.TIME), raw) == expected


@pytest.mark.parametrize("raw", ["25:00", "13 pm", "noonish"])
def test_bad_times(raw: str) -> None:
    with pytest.raises(InvalidAnswerError):
        parse_answer(make(QuestionType.TIME), raw)


def test_choice_accepts_value_label_or_number_and_refuses_others() -> None:
    assert parse_answer(POSITION, "SUPPORT") == "support"
    assert parse_answer(POSITION, "We oppose it") == "oppose"
    assert parse_answer(POSITION, "2") == "oppose"
    with pytest.raises(InvalidAnswerError) as info:
        parse_answer(POSITION, "maybe")
    assert "one of: support, oppose" in str(info.value)


def test_multi_choice_splits_and_deduplicates() -> None:
    question = make(QuestionType.MULTI_CHOICE, choices=POSITION.choices)
    assert parse_answer(question, "support, oppose; support") == ["support", "oppose"]
    assert parse_answer(question, ["oppose"]) == ["oppose"]


@pytest.mark.parametrize(
    ("raw", "expected"), [("yes", True), ("N", False), ("oui", True), (False, False)]
)
def test_yes_no(raw: object, expected: bool) -> None:
    assert parse_answer(make(QuestionType.YES_NO), raw) is expected


def test_numbers_and_rules() -> None:
    minutes = make(QuestionType.NUMBER, rules=Rules(min=1, max=30, integer=True))
    assert parse_answer(minutes, "5") == 5
    assert parse_answer(minutes, 10.0) == 10
    for bad in ("0", "31", "2.5", "five", "nan"):
        with pytest.raises(InvalidAnswerError):
            parse_answer(minutes, bad)


def test_list_from_text_or_yaml_with_item_limits() -> None:
    reasons = make(QuestionType.LIST, rules=Rules(max_items=3))
    assert parse_answer(reasons, "a; b ;c") == ["a", "b", "c"]
    assert parse_answer(reasons, ["a", "", "b"]) == ["a", "b"]
    with pytest.raises(InvalidAnswerError, match="more than 3 items"):
        parse_answer(reasons, "a;b;c;d")


ITEMS = make(
    QuestionType.RECORDS,
    fields=(
        Question(id="title", type=QuestionType.TEXT, label="Item"),
        Question(id="minutes", type=QuestionType.NUMBER, label="Minutes", rules=Rules(min=1)),
        Question(id="lead", type=QuestionType.TEXT, label="Lead", required=False),
    ),
)


def test_records_from_one_line_and_from_yaml() -> None:
    assert parse_answer(ITEMS, "Welcome|10|Amina; Ask|5") == [
        {"title": "Welcome", "minutes": 10, "lead": "Amina"},
        {"title": "Ask", "minutes": 5, "lead": None},
    ]
    assert parse_answer(ITEMS, [{"title": "Welcome", "minutes": "10"}])[0]["minutes"] == 10


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("Welcome|ten", "record 1, field 'minutes'"),
        ([{"title": "x", "minutes": 1, "colour": "red"}], "unknown field"),
        ([{"minutes": 3}], "missing 'title'"),
        ("a|1|b|extra", "more than 3 parts"),
    ],
)
def test_bad_records_say_which_record_and_field(raw: object, reason: str) -> None:
    with pytest.raises(InvalidAnswerError, match=reason):
        parse_answer(ITEMS, raw)


def test_text_rules_and_pattern_hint() -> None:
    email = make(QuestionType.TEXT, rules=Rules(pattern=r"^\S+@\S+\.\S+$", pattern_hint="an email"))
    assert parse_answer(email, " a@b.org ") == "a@b.org"
    with pytest.raises(InvalidAnswerError, match="Accepted: an email"):
        parse_answer(email, "not-an-email")


def test_empty_answers_are_none_and_required_ones_are_missing() -> None:
    question = make(QuestionType.TEXT)
    assert parse_answer(question, "   ") is None
    with pytest.raises(MissingAnswerError, match="--set q="):
        require(question, None)


def test_accepted_describes_records_fields() -> None:
    assert "title|minutes|lead" in accepted(ITEMS)


SIMPLE_TYPES = [QuestionType.TEXT, QuestionType.LONG_TEXT, QuestionType.LIST]


@given(text=st.text(min_size=1).filter(lambda s: s.strip()), qtype=st.sampled_from(SIMPLE_TYPES))
def test_any_text_survives_save_and_load(text: str, qtype: QuestionType) -> None:
    question = make(qtype)
    first = parse_answer(question, text)
    assert parse_answer(question, to_plain(question, first)) == first


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)))
def test_dates_round_trip_through_plain_and_text(day: dt.date) -> None:
    question = make(QuestionType.DATE)
    assert parse_answer(question, to_plain(question, day)) == day
    assert parse_answer(question, to_text(question, day)) == day


@given(st.times().map(lambda t: t.replace(second=0, microsecond=0)))
def test_times_round_trip(moment: dt.time) -> None:
    question = make(QuestionType.TIME)
    assert parse_answer(question, to_text(question, moment)) == moment


CONTEXT = make(
    QuestionType.CHOICE,
    choices=(Choice("large-city", "Large city"), Choice("small-town-rural", "Small town or rural")),
)


@pytest.mark.parametrize(
    "typed", ["large city", "Large-City", "LARGE_CITY", " large  city ", "1", "large-city"]
)
def test_a_choice_ignores_case_spaces_and_hyphens(typed: str) -> None:
    assert parse_answer(CONTEXT, typed) == "large-city"


def test_a_choice_by_label_ignores_spacing_too() -> None:
    assert parse_answer(CONTEXT, "small town or RURAL") == "small-town-rural"


def test_a_refused_list_is_shown_as_typed_not_as_python() -> None:
    reasons = make(QuestionType.LIST, rules=Rules(max_items=3))
    with pytest.raises(InvalidAnswerError) as caught:
        parse_answer(reasons, ["a", "b", "c", "d"])
    assert "does not accept 'a; b; c; d': more than 3 items" in str(caught.value)
    assert "[" not in str(caught.value)


def test_a_list_given_as_items_keeps_semicolons_inside_them() -> None:
    reasons = make(QuestionType.LIST)
    assert parse_answer(reasons, ["Cost; and time", "Reach"]) == ["Cost; and time", "Reach"]
    assert parse_answer(reasons, "Cost; and time") == ["Cost", "and time"]  # one-line input


def test_parse_item_checks_one_record_and_names_the_field() -> None:
    items = make(
        QuestionType.RECORDS,
        fields=(
            Question(id="title", type=QuestionType.TEXT, label="Item"),
            Question(id="minutes", type=QuestionType.NUMBER, label="Minutes"),
        ),
    )
    assert parse_item(items, {"title": "Welcome", "minutes": "10"}) == {
        "title": "Welcome",
        "minutes": 10,
    }
    with pytest.raises(InvalidAnswerError) as caught:
        parse_item(items, {"title": "Welcome", "minutes": "ten"})
    assert "field 'minutes': not a number" in str(caught.value)
    assert "{" not in str(caught.value)


def test_item_limits_read_the_rules() -> None:
    assert item_limits(make(QuestionType.LIST, rules=Rules(min_items=2, max_items=4))) == (2, 4)
    assert item_limits(make(QuestionType.LIST)) == (0, None)


def test_a_few_words_of_one_label_pick_that_choice() -> None:
    question = Question(
        id="context", type=QuestionType.CHOICE, label="Context",
        choices=(Choice("large-city", "A large city with committees"),
                 Choice("small-town-rural", "A small town or rural municipality")),
    )  # fmt: skip
    assert parse_answer(question, "small town") == "small-town-rural"
    assert parse_answer(question, "committees") == "large-city"


def test_words_shared_by_two_labels_or_too_short_are_refused() -> None:
    question = Question(
        id="ward", type=QuestionType.CHOICE, label="Ward",
        choices=(Choice("north", "Small town north"), Choice("south", "Small town south")),
    )  # fmt: skip
    assert parse_answer(question, "town south") == "south"
    for typed in ("small town", "no"):  # in both labels; too short to mean anything
        with pytest.raises(InvalidAnswerError):
            parse_answer(question, typed)


def test_a_long_menu_is_not_repeated_in_an_error_but_a_short_one_is() -> None:
    long_menu = Question(
        id="goal", type=QuestionType.CHOICE, label="Goal",
        choices=tuple(Choice(f"g{n}", f"Goal number {n}") for n in range(1, 11)),
    )  # fmt: skip
    assert accepted_in_words(long_menu) == (
        "type the number (1 to 10) or a few words of the name of one from the list; "
        "? shows the list again"
    )
    assert "1. We support it, 2. We oppose it" in accepted_in_words(POSITION)


def test_a_list_item_of_control_characters_only_is_no_item() -> None:
    question = make(QuestionType.LIST)
    assert parse_answer(question, "0\n\x08") == ["0"]
    assert parse_answer(question, to_plain(question, ["0"])) == ["0"]

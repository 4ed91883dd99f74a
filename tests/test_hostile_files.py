"""Hostile data files and values: a one-line AdvocateError, in bounded time and memory (issue 9)."""

from __future__ import annotations

import datetime as dt
import struct
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from advocate.answers import load_answers_file
from advocate.api import draft
from advocate.batch.rows import read_rows
from advocate.errors import (
    AdvocateError,
    AnswersFileError,
    CampaignError,
    DataFileError,
    DefinitionError,
    InvalidAnswerError,
    ProfileError,
)
from advocate.models import Choice, Question, QuestionType
from advocate.planning.campaign import load_campaign
from advocate.profile import PROFILE_QUESTIONS, load_profile, parse_profile_value, profile_logo
from advocate.questions import parse_answer
from advocate.templates import load_template, template_names
from advocate.templating import parse_template
from advocate.yamlio import MAX_DEPTH, parse_json, parse_yaml
from conftest import example_answers

MAX_SECONDS = 1.0
MAX_BYTES = 20 * 2**20


def laughs(levels: int = 9, width: int = 9) -> str:
    """The classic "billion laughs": each anchor repeats the previous one ``width`` times."""
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def merge_bomb(levels: int = 20) -> str:
    """Merge keys (<<) that triple a mapping at every level, flat enough to pass the depth limit."""
    lines = ["m0: &m0 {k: 1}"]
    for level in range(1, levels + 1):
        previous = f"*m{level - 1}"
        lines.append(
            f"m{level}: &m{level} {{<<: [{previous}, {previous}, {previous}], k{level}: 1}}"
        )
    return "\n".join(lines) + "\n"


BOMBS = {
    "billion laughs": (laughs(), "aliases (*name) expand the"),
    "wide laughs": (laughs(levels=30, width=20), "aliases (*name) expand the"),
    "merge keys": (merge_bomb(), "aliases (*name) expand the"),
    "self reference": ("a: &a [1, *a]\n", "an alias (*name) refers to a value that contains it"),
    "deep flow": ("[" * 900 + "]" * 900 + "\n", f"nested more than {MAX_DEPTH} levels deep"),
    "deep block": ("- " * 900 + "x\n", f"nested more than {MAX_DEPTH} levels deep"),
}


@contextmanager
def bounded() -> Iterator[None]:
    """Fail unless the block finishes within MAX_SECONDS and MAX_BYTES of new allocations."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert elapsed < MAX_SECONDS, f"took {elapsed:.2f} s"
    assert peak < MAX_BYTES, f"peak {peak / 2**20:.1f} MiB"


def _refused(load: Callable[[], Any], error: type[AdvocateError]) -> str:
    with bounded(), pytest.raises(error) as caught:
        load()
    return str(caught.value)


@pytest.mark.parametrize("name", BOMBS)
def test_yaml_bombs_are_refused_quickly(name: str) -> None:
    text, problem = BOMBS[name]
    message = _refused(lambda: parse_yaml(text, "bomb.yaml"), DataFileError)
    assert message.startswith("bomb.yaml")
    assert f": refused: {problem}" in message
    assert "\n" not in message


def test_the_billion_laughs_message_says_what_to_do() -> None:
    with pytest.raises(DataFileError) as caught:
        parse_yaml(laughs(), "bomb.yaml")
    assert str(caught.value) == (
        "bomb.yaml: refused: aliases (*name) expand the 111 values written to more than "
        "101,110; write the values out instead"
    )


def test_every_yaml_the_tool_reads_refuses_a_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(laughs(), encoding="utf-8")
    front = f"---\ntitle: T\n{laughs()}---\nbody\n"
    loaders: list[tuple[Callable[[], Any], type[AdvocateError]]] = [
        (lambda: load_answers_file(bomb), AnswersFileError),
        (lambda: read_rows(bomb), DataFileError),
        (lambda: load_campaign(bomb), CampaignError),
        (lambda: load_profile(bomb), DataFileError),
        (lambda: parse_template(front, name="t", path="t.md.j2"), DataFileError),
    ]
    for load, error in loaders:
        message = _refused(load, error)
        assert "aliases (*name) expand the" in message


def test_ordinary_anchors_and_merge_keys_still_work() -> None:
    text = "base: &base {ward: 3, council: Leeds}\nrow: {<<: *base, name: Sam}\nagain: *base\n"
    data = parse_yaml(text, "rows.yaml")
    assert data["row"] == {"ward": 3, "council": "Leeds", "name": "Sam"}
    assert data["again"] == {"ward": 3, "council": "Leeds"}


def test_json_duplicate_keys_name_the_key_and_its_line() -> None:
    text = '{"subject": "a",\n "items": [{"x": 1}, {"x": 2}],\n\n "subject"\n : "b"}'
    with pytest.raises(DataFileError) as caught:
        parse_json(text, "answers.json")
    assert str(caught.value) == "answers.json:4: duplicate key 'subject'"


def test_json_duplicate_keys_in_a_nested_object() -> None:
    with pytest.raises(DataFileError, match=r"^rows\.json:2: duplicate key 'x'$"):
        parse_json('[{"x": 1},\n {"x": 2, "x": 3}]', "rows.json")


@pytest.mark.parametrize("depth", [60, 5_000, 200_000])
def test_deep_json_is_a_clear_error(depth: int) -> None:
    text = "[" * depth + "]" * depth
    message = _refused(lambda: parse_json(text, "deep.json"), DataFileError)
    assert message == f"deep.json: refused: nested more than {MAX_DEPTH} levels deep"


def test_huge_integers_and_impossible_dates_stay_text() -> None:
    digits = "9" * 5_000
    assert parse_yaml(f"n: {digits}\nd: 2026-02-30\n", "a.yaml") == {"n": digits, "d": "2026-02-30"}
    assert parse_json(f'{{"n": {digits}}}', "a.json") == {"n": digits}
    assert parse_yaml("n: 12\nd: 2026-02-03\n", "a.yaml") == {"n": 12, "d": dt.date(2026, 2, 3)}


def test_an_impossible_date_in_an_answers_file_names_the_question(tmp_path: Path) -> None:
    answers = example_answers("meeting-agenda")
    path = tmp_path / "a.yaml"
    lines = [f"{key}: {value!r}" for key, value in answers.items() if key != "meeting_date"]
    path.write_text("\n".join([*lines, "meeting_date: 2026-02-30"]) + "\n", encoding="utf-8")
    with pytest.raises(InvalidAnswerError) as caught:
        draft("meeting-agenda", load_answers_file(path), out_dir=tmp_path, dry_run=True)
    assert caught.value.question_id == "meeting_date"
    assert str(caught.value).startswith(
        "Question 'meeting_date' (from answers) does not accept '2026-02-30': not a date."
    )


@pytest.mark.parametrize("raw", ["9" * 5_000, "1e999", "²"])
def test_huge_or_odd_numbers_are_refused_by_name(raw: str) -> None:
    question = Question(id="count", label="How many?", type=QuestionType.NUMBER)
    with pytest.raises(InvalidAnswerError, match=r"^Question 'count' does not accept"):
        parse_answer(question, raw)


def test_a_choice_typed_as_a_huge_or_superscript_number_is_refused() -> None:
    choices = (Choice("a", "A"), Choice("b", "B"))
    question = Question(id="pick", label="Pick", type=QuestionType.CHOICE, choices=choices)
    assert parse_answer(question, "2") == "b"
    for raw in ("9" * 5_000, "²"):
        with pytest.raises(InvalidAnswerError, match=r"not one of the choices"):
            parse_answer(question, raw)


def _png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    )


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\nGARBAGE",
        _png(0, 10),
        b"\xff\xd8\xffGARBAGE",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 8,
        b"GIF89a",
    ],
)
def test_a_fake_image_is_refused_as_a_logo(tmp_path: Path, content: bytes) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(content)
    with pytest.raises(InvalidAnswerError) as caught:
        parse_profile_value("logo", str(logo))
    assert str(caught.value) == (
        f"Question 'logo' does not accept '{logo}': the file is not a PNG or JPEG image. "
        "Accepted: a PNG or JPEG image."
    )


def test_a_real_png_header_is_accepted(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png(120, 40) + b"\x00" * 16)
    assert parse_profile_value("logo", str(logo)) == str(logo.resolve())


def test_a_logo_replaced_after_it_was_set_is_refused_when_used(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not an image")
    profile = tmp_path / "p.yaml"
    profile.write_text(f"name: Org\nlogo: {logo}\n", encoding="utf-8")
    with pytest.raises(InvalidAnswerError, match=rf"^Question 'logo' \(from profile {profile}\)"):
        profile_logo(profile)


def test_a_nul_in_a_path_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(DataFileError) as caught:
        load_answers_file(tmp_path / "a\0b.yaml")
    assert str(caught.value) == f"{tmp_path}/a\\x00b.yaml: the file name is not valid"
    with pytest.raises(InvalidAnswerError, match="there is no such file"):
        parse_profile_value("logo", "lo\0go.png")
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "p\0.yaml")
    with pytest.raises(DefinitionError, match="the file name is not valid"):
        load_template(str(tmp_path / "t\0.md.j2"))


YAML_ALPHABET = list("[]{}:-&*!|>'\"#%@`,?<+.\n \t0123456789abe")
ANY_VALUE = st.one_of(
    st.text(max_size=60),
    st.integers(),
    st.integers(min_value=10**4000, max_value=10**4100),
    st.floats(),
    st.booleans(),
    st.none(),
    st.dates(),
    st.lists(st.text(max_size=10), max_size=4),
    st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
    st.lists(st.dictionaries(st.text(max_size=6), st.integers() | st.text(max_size=6), max_size=3)),
)


def _every_question() -> list[Question]:
    found: list[Question] = []
    pending = [q for name in template_names() for q in load_template(name).questions]
    pending += PROFILE_QUESTIONS
    while pending:
        question = pending.pop()
        found.append(question)
        pending.extend(question.fields)
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(YAML_ALPHABET), max_size=80))
def test_any_text_is_data_or_a_data_file_error(text: str) -> None:
    for parse in (parse_yaml, parse_json):
        with suppress(DataFileError):
            parse(text, "f")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_every_question()), ANY_VALUE)
def test_any_value_for_any_question_is_parsed_or_refused_by_name(
    question: Question, raw: Any
) -> None:
    try:
        parse_answer(question, raw, today=dt.date(2026, 1, 1))
    except InvalidAnswerError as err:
        assert err.question_id == question.id


def test_a_long_organisation_name_is_cut_for_the_word_properties(tmp_path: Path) -> None:
    answers = {**example_answers("briefing-note"), "organisation": "O" * 400}
    result = draft("briefing-note", answers, out_dir=tmp_path)
    assert result.output is not None
    with zipfile.ZipFile(result.output) as archive:
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert f"<dc:creator>{'O' * 254}…</dc:creator>" in core
    assert "O" * 400 in result.text

"""User templates that try to run forever or fill the memory end in a file-and-line error (issue 9)."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from advocate.errors import DefinitionError, InvalidAnswerError, TemplateRenderError
from advocate.models import Question, QuestionType, Rules
from advocate.patterns import MAX_CHECKED_LENGTH, check_pattern, pattern_problem
from advocate.questions import parse_answer
from advocate.templates import load_template
from advocate.templating import compile_body, parse_template, render_body

HEAD = "---\ntitle: T\nquestions:\n  - id: x\n    label: X\n    required: false\n---\n"
BODY_LINE = HEAD.count("\n") + 1  # the line the body starts on

HOSTILE = {
    "nested loops": (
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
        "the template's loops ran more than 100,000 times",
    ),
    "string repetition": (
        "{{ 'x' * 10000000000 }}",
        "that would build a value of more than 1,000,000 characters or items",
    ),
    "list repetition": (
        "{{ ['x' * 1000] * 100000 }}",
        "that would build a value of more than 1,000,000 characters or items",
    ),
    "doubling in a loop": (
        "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
        "the template built a value of more than 1,000,000 characters or items",
    ),
    "squaring in a loop": (
        "{% set ns = namespace(n=3) %}{% for i in range(50) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}",
        "the template built a number of more than 4,000 digits",
    ),
    "huge power": ("{{ 2 ** 10000000 }}", "a power of more than 4,000 digits"),
    "wide center": ("{{ 'x' | center(1000000000) }}", "'center' with a width of 1,000,000,000"),
    "wide printf": ("{{ '%0999999999d' % 1 }}", "a format width or precision over 1,000,000"),
    "wide format": (
        "{{ '{:>999999999}'.format(1) }}",
        "a format width or precision over 1,000,000",
    ),
    "long join": (
        "{{ ['x' * 900000] | join('y' * 900000) }}",
        "that would build a value of more than 1,000,000 characters or items",
    ),
    "lazy map then join": (
        "{{ range(100000) | map('center', 900000) | join }}",
        "the template built values of more than 1,000,000 characters or items",
    ),
    "building in a loop": (
        "{% for i in range(100000) %}{% set y = i | string | center(999999) %}{% endfor %}",
        "the template built more than 20,000,000 characters or items in all",
    ),
    "placeholder text": ("{{ lipsum(1000000) }}", "'lipsum' is undefined"),
    "endless macro": (
        "{% macro m(n) %}{{ m(n) }}{% endmacro %}{{ m(1) }}",
        "a macro calls itself without end",
    ),
    "division by zero": ("{{ 1 / 0 }}", "ZeroDivisionError: division by zero"),
}


def _user_template(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "hostile.md.j2"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_templates_stop_with_the_file_and_line(tmp_path: Path, name: str) -> None:
    body, problem = HOSTILE[name]
    path = _user_template(tmp_path, body)
    template = load_template(str(path))
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(TemplateRenderError) as caught:
        render_body(template, compile_body(template), {"x": None, "locale": "en-CA"})
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(caught.value).startswith(f"Template {path}:{BODY_LINE}: ")
    assert problem in str(caught.value)
    assert elapsed < 1.0
    assert peak < 20 * 2**20


def test_a_long_document_is_stopped(tmp_path: Path) -> None:
    body = "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}"
    template = load_template(str(_user_template(tmp_path, body)))
    with pytest.raises(TemplateRenderError, match="longer than 5,000,000 characters"):
        render_body(template, compile_body(template), {"x": None})


def test_ordinary_loops_and_repetition_still_work() -> None:
    body = "{% for i in range(3) %}{{ i }}{% endfor %} {{ '-' * 3 }} {{ 'a' | center(5) }}|"
    template = parse_template(HEAD + body, name="t", path="t.md.j2")
    assert render_body(template, compile_body(template), {"x": None}) == "012 \\--- a|\n"


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("{% include 'other.md.j2' %}", "{% include %}"),
        ("{% import 'macros.j2' as m %}", "{% import %}"),
        ("{% from 'macros.j2' import box %}", "{% from ... import %}"),
        ("{% extends 'base.md.j2' %}", "{% extends %}"),
    ],
)
def test_include_import_and_extends_are_refused_with_the_line(
    tmp_path: Path, tag: str, shown: str
) -> None:
    path = _user_template(tmp_path, f"# Title\n\n{tag}\n")
    with pytest.raises(TemplateRenderError) as caught:
        load_template(str(path))
    assert str(caught.value) == (
        f"Template {path}:{BODY_LINE + 2}: {shown} is not available: "
        "a document template is one self-contained file"
    )


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("(a+)+$", "it repeats a part that can itself match in several ways"),
        (r"^(\w+\s?)*$", "it repeats a part that can itself match in several ways"),
        ("(a|ab)*c", "it repeats a part that can itself match in several ways"),
        (r"(a)\1", "back-references such as \\1 are not allowed"),
        (r"\d*\d*\d*\d*x", "it has 4 repetitions (+, *, {m,n}); at most 3 are allowed"),
        ("[", "not a valid regular expression: unterminated character set"),
    ],
)
def test_dangerous_patterns_are_refused_when_the_template_loads(
    tmp_path: Path, pattern: str, problem: str
) -> None:
    front = (
        "---\ntitle: T\nquestions:\n  - id: code\n    label: Code\n    validate:\n"
        f"      pattern: '{pattern}'\n---\nbody\n"
    )
    path = tmp_path / "p.md.j2"
    path.write_text(front, encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_template(str(path))
    assert str(caught.value).startswith(f"{path}:7 [pattern]: 'pattern' is refused: {problem}")


@pytest.mark.parametrize(
    "pattern",
    [r"(\d|-)+", r"^[A-Z]\d[A-Z] ?\d[A-Z]\d$", r"^\(?\d{3}\)?[ -]?\d{3}-?\d{4}$", r"(-\d{3})+"],
)
def test_ordinary_patterns_are_accepted(pattern: str) -> None:
    assert pattern_problem(pattern) == ""


def test_the_worst_accepted_pattern_checks_an_answer_quickly() -> None:
    start = time.perf_counter()
    assert check_pattern(r"\d*\d*\d*x", "1" * MAX_CHECKED_LENGTH) == "not in the expected form"
    assert time.perf_counter() - start < 1.0


def test_a_long_answer_is_not_run_through_a_pattern_with_repetitions() -> None:
    rules = Rules(pattern=r"^\w+$")
    question = Question(id="code", label="Code", type=QuestionType.LONG_TEXT, rules=rules)
    assert parse_answer(question, "a" * MAX_CHECKED_LENGTH) == "a" * MAX_CHECKED_LENGTH
    with pytest.raises(InvalidAnswerError) as caught:
        parse_answer(question, "a" * (MAX_CHECKED_LENGTH + 1))
    assert caught.value.reason == "longer than 150 characters, the most its pattern checks"


def test_an_unknown_front_matter_key_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "t.md.j2"
    path.write_text("---\ntitle: T\ndescriptoin: D\n---\nbody\n", encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_template(str(path))
    assert str(caught.value) == (
        f"{path}:3 [descriptoin]: unknown key 'descriptoin' in the template front matter. "
        "Accepted keys: description, example_answers, output, questions, title. "
        "Did you mean 'description'?"
    )

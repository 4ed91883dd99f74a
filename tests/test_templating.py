"""Templates: answers stay literal text, the sandbox holds, and errors point at the line."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from advocate.errors import DataFileError, DefinitionError, TemplateRenderError
from advocate.markdown_escape import escape_markdown
from advocate.templating import compile_body, parse_template, render_body

MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])

HOSTILE = [
    "# not a heading",
    "1. not a list",
    "- not a bullet",
    "**not bold** and _not italic_",
    "[not a link](http://example.org)",
    "a | b | c",
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% if true %}x{% endif %}",
    "line one\n===",
    "> not a quote",
    "`not code`",
    "~~not struck~~",
    "&amp; stays &amp;",
]


def _inline_only(markdown: str) -> list[str]:
    """Token types of the rendered text, ignoring the one paragraph around it."""
    return [
        t.type for t in MD.parse(markdown) if t.type not in ("paragraph_open", "paragraph_close")
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_answers_never_add_structure(text: str) -> None:
    escaped = escape_markdown(text)
    assert _inline_only(escaped) == ["inline"]
    inline = next(t for t in MD.parse(escaped) if t.type == "inline")
    kinds = {child.type for child in inline.children or []}
    assert kinds <= {"text", "hardbreak", "softbreak"}
    rendered = "".join(c.content for c in inline.children or [] if c.type == "text")
    assert rendered.replace(" ", "") == text.replace("\n", "").replace(" ", "")


def _template(body: str, questions: str = "") -> str:
    return (
        f"---\ntitle: Test\nquestions:\n{questions or '  - {id: name, label: Name}'}\n---\n{body}"
    )


def test_answers_with_jinja_are_never_evaluated() -> None:
    template = parse_template(_template("Hello {{ name }}!\n"), name="t", path="t.md.j2")
    text = render_body(template, compile_body(template), {"name": "{{ 7*7 }}", "locale": "en-CA"})
    assert MD.render(text) == "<p>Hello {{ 7*7 }}!</p>\n"


def test_undefined_variable_names_template_and_line() -> None:
    template = parse_template(_template("one\ntwo {{ missing }}\n"), name="t", path="t.md.j2")
    with pytest.raises(TemplateRenderError) as info:
        render_body(template, compile_body(template), {"name": "x"})
    assert info.value.line == 7  # the line in the file, front matter included
    assert "t.md.j2:7" in str(info.value) and "missing" in str(info.value)


def test_sandbox_refuses_python_internals() -> None:
    body = "{{ name.__class__.__mro__[1].__subclasses__() }}\n"
    template = parse_template(_template(body), name="t", path="t.md.j2")
    with pytest.raises(TemplateRenderError):
        render_body(template, compile_body(template), {"name": "x"})


def test_syntax_error_is_reported_when_loading() -> None:
    with pytest.raises(TemplateRenderError) as info:
        parse_template(_template("ok\n{% if name %}\n"), name="t", path="bad.md.j2")
    assert "bad.md.j2" in str(info.value)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("no front matter", "front matter"),
        ("---\ntitle: T\ncolour: red\n---\nbody", "unknown key 'colour'"),
        ("---\ntitle: T\nquestions:\n  - {id: Bad-Id, label: x}\n---\n", "snake_case"),
        (
            "---\ntitle: T\nquestions:\n  - {id: a, label: x, type: colour}\n---\n",
            "unknown question type",
        ),
        (
            "---\ntitle: T\nquestions:\n  - {id: a, label: x, type: choice}\n---\n",
            "needs 'choices'",
        ),
        (
            "---\ntitle: T\nquestions:\n  - {id: a, label: x}\n  - {id: a, label: y}\n---\n",
            "duplicate",
        ),
        ("---\ntitle: T\nquestions:\n  - {id: a, label: x, when: 'a ==='}\n---\n", "not valid"),
        ("---\ntitle: [unclosed\n---\n", "not valid YAML"),
    ],
)
def test_definition_errors_name_file_and_problem(text: str, fragment: str) -> None:
    with pytest.raises((DefinitionError, TemplateRenderError, DataFileError)) as info:
        parse_template(text, name="t", path="user/t.md.j2")
    assert "user/t.md.j2" in str(info.value)
    assert fragment in str(info.value)


def test_unknown_key_error_has_the_line() -> None:
    with pytest.raises(DefinitionError) as info:
        parse_template("---\ntitle: T\n\ncolour: red\n---\n", name="t", path="t.md.j2")
    assert info.value.line == 4

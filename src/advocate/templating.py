"""The Jinja environments and the document templates (``letter_templates/*.md.j2``).

Two sandboxed environments share one factory: the document environment escapes every inserted
value for Markdown (``{{ x }}`` can never add structure; ``{{ x | raw }}`` opts out), and the value
environment renders defaults, output names and ``when`` conditions as plain values.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from advocate import locales, messages
from advocate.errors import DefinitionError, TemplateRenderError
from advocate.examples import find_example
from advocate.markdown_escape import escape_paragraphs
from advocate.models import Choice, DocTemplate, Question
from advocate.resources import cache_dir
from advocate.sandbox import SANDBOX_VERSION, LimitedEnvironment, LimitError
from advocate.schema import Context, check_keys, get_str, parse_questions, require_mapping
from advocate.template_text import Raw, finalize_markdown, greeting, message, plain_text, typeset
from advocate.yamlio import parse_yaml, plain

TEMPLATE_SUFFIX = ".md.j2"
MAX_OUTPUT = 5_000_000
TEMPLATE_KEYS = ("title", "description", "output", "questions", "example_answers")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.DOTALL)


def slug(value: Any) -> str:
    """Lower-case words joined by hyphens, for file names."""
    text = plain_text(value, "en-CA") if not isinstance(value, dt.date) else value.isoformat()
    words = re.findall(r"[^\W_]+", text.casefold())
    return "-".join(words)[:60].strip("-")


@jinja2.pass_context
def _format_date(context: jinja2.runtime.Context, value: Any, weekday: bool = False) -> str:
    if not isinstance(value, dt.date):
        return plain_text(value, context.get("locale"))
    return locales.format_date(value, context.get("locale"), weekday=weekday)


@jinja2.pass_context
def _format_time(context: jinja2.runtime.Context, value: Any) -> str:
    if not isinstance(value, dt.time):
        return plain_text(value, context.get("locale"))
    return locales.format_time(value, context.get("locale"))


@jinja2.pass_context
def _join_and(context: jinja2.runtime.Context, items: Iterable[Any], word: str = "") -> str:
    locale = context.get("locale")
    word = word or messages.catalogue_for(locale).get("common.and")
    texts = [plain_text(item, locale) for item in items if item not in (None, "")]
    if len(texts) <= 2:
        return f" {word} ".join(texts)
    return ", ".join(texts[:-1]) + f" {word} " + texts[-1]


@jinja2.pass_context
def _paragraphs(context: jinja2.runtime.Context, value: Any) -> Raw:
    locale = context.get("locale")
    return Raw(escape_paragraphs(typeset(plain_text(value, None), locale)))


def _add_minutes(value: dt.time, minutes: float) -> dt.time:
    start = dt.datetime.combine(dt.date(2000, 1, 1), value)
    return (start + dt.timedelta(minutes=float(minutes))).time()


def _schedule(items: Iterable[Mapping[str, Any]], start: dt.time) -> list[dict[str, Any]]:
    """Give each agenda item its start time, counted from ``start`` and the durations."""
    slots = []
    clock = start
    for item in items:
        slot = dict(item)
        slot["start"] = clock
        clock = _add_minutes(clock, float(item.get("minutes") or 0))
        slot["end"] = clock
        slots.append(slot)
    return slots


def _raw(value: Any) -> Raw:
    return Raw(plain_text(value, None))


def _build(finalize: Callable[..., Any] | None) -> LimitedEnvironment:
    env = LimitedEnvironment(
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        finalize=finalize,
    )
    env.filters.update(
        format_date=_format_date,
        format_time=_format_time,
        join_and=_join_and,
        paragraphs=_paragraphs,
        add_minutes=_add_minutes,
        schedule=_schedule,
        slug=slug,
        raw=_raw,
        example=find_example,
    )
    env.globals.update(t=message, greeting=greeting)
    return env


_ENVIRONMENTS: dict[str, LimitedEnvironment] = {}


def environment(kind: str = "document") -> LimitedEnvironment:
    """Return the shared ``document`` (Markdown-escaping) or ``value`` environment."""
    if kind not in _ENVIRONMENTS:
        finalize = jinja2.pass_context(finalize_markdown) if kind == "document" else None
        _ENVIRONMENTS[kind] = _build(finalize)
    return _ENVIRONMENTS[kind]


def template_line(error: BaseException, filename: str) -> int | None:
    """Find the line of ``filename`` a Jinja error was raised at, from the traceback."""
    lineno = getattr(error, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    tb = error.__traceback__
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    return found


_COMPILED: dict[tuple[str, str, int], jinja2.Template] = {}


def compile_body(template: DocTemplate) -> jinja2.Template:
    """Compile a template body (once per process) so error lines match the template file."""
    key = (template.path, template.body, template.body_line)
    if key not in _COMPILED:
        _COMPILED[key] = _compile_body(template)
    return _COMPILED[key]


def _compile_body(template: DocTemplate) -> jinja2.Template:
    env = environment("document")
    source = "\n" * (template.body_line - 1) + template.body
    try:
        code = _cached_code(env, source, template)
    except jinja2.TemplateSyntaxError as err:
        problem = err.message or "syntax error"
        raise TemplateRenderError(template.path, problem, line=err.lineno) from None
    return env.template_class.from_code(env, code, env.make_globals(None), None)


def _cached_code(env: LimitedEnvironment, source: str, template: DocTemplate) -> Any:
    """Compile a body, reusing the code object cached on disk by an earlier run.

    Compiling a two-page template costs ~20 ms, a large share of a single ``advocate draft``.
    The cache key covers Python, Jinja, the file name and the source, so any change recompiles;
    an unreadable or unwritable cache only means compiling again.
    """
    key = hashlib.sha256(
        "\0".join(
            (
                sys.version,
                jinja2.__version__,
                SANDBOX_VERSION,
                _signature(env),
                template.path,
                source,
            )
        ).encode()
    ).hexdigest()
    folder = cache_dir() / "templates"
    path = folder / f"{key}.code"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    code = env.compile(source, name=template.name, filename=template.path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(code))
        tmp.replace(path)
    except OSError:
        pass
    return code


@functools.cache
def _signature(env: LimitedEnvironment) -> str:
    """The filters and whether each takes the context: compiled code depends on both."""
    return ",".join(
        f"{name}:{getattr(function, 'jinja_pass_arg', '')}"
        for name, function in sorted(env.filters.items())
    )


# What a template's own code can raise: Jinja's errors and the sandbox's limits, and Python's for
# an operation on the wrong values ({{ 1 / 0 }}, {{ "a" - 1 }}) or a macro that calls itself.
_TEMPLATE_FAULTS = (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, RecursionError)


def render_body(
    template: DocTemplate, compiled: jinja2.Template, context: Mapping[str, Any]
) -> str:
    """Render a compiled body to Markdown, turning Jinja errors into TemplateRenderError."""
    try:
        text = _render(compiled, context)
    except jinja2.UndefinedError as err:
        line = template_line(err, template.path)
        known = ", ".join(sorted(context)) or "none"
        problem = f"{err.message}. Variables available: {known}"
        raise TemplateRenderError(template.path, problem, line=line) from None
    except _TEMPLATE_FAULTS as err:
        line = template_line(err, template.path)
        problem = str(err) if isinstance(err, jinja2.TemplateError) else _describe(err)
        raise TemplateRenderError(template.path, problem, line=line) from None
    return text.strip("\n") + "\n"


def _render(compiled: jinja2.Template, context: Mapping[str, Any]) -> str:
    """Render like ``Template.render``, stopping once the text passes MAX_OUTPUT characters."""
    env = compiled.environment
    if isinstance(env, LimitedEnvironment):  # always: every template is compiled by _build
        env.start()
    parts: list[str] = []
    size = 0
    try:
        for part in compiled.root_render_func(compiled.new_context(dict(context))):
            size += len(part)
            if size > MAX_OUTPUT:
                break
            parts.append(part)
    except Exception:  # noqa: BLE001 - Jinja rewrites the traceback to template lines and re-raises
        env.handle_exception()
    if size > MAX_OUTPUT:
        msg = f"the document would be longer than {MAX_OUTPUT:,} characters"
        raise LimitError(msg)
    return "".join(parts)


def _describe(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return "a macro calls itself without end"
    return f"{type(err).__name__}: {err}"


def render_value(source: str, context: Mapping[str, Any], *, origin: str) -> str:
    """Render a short Jinja string (a default or an output name) as plain text."""
    try:
        return _render(_value_template(source), context)
    except _TEMPLATE_FAULTS as err:
        problem = str(err) if isinstance(err, jinja2.TemplateError) else _describe(err)
        raise TemplateRenderError(origin, f"cannot render {source!r}: {problem}") from None


_ONE_EXPRESSION = re.compile(r"\A\s*\{\{(.*)\}\}\s*\Z", re.DOTALL)


def render_default(source: str, context: Mapping[str, Any], *, origin: str) -> Any:
    """Render a Jinja default; one ``{{ expression }}`` that gives a list or mapping stays data.

    A list default built as data keeps each answer it uses inside one item: an answer holding
    ``;`` or ``|`` can never become more items, as it would in a string that is split again.
    """
    match = _ONE_EXPRESSION.match(source)
    if match:
        try:
            value = _condition(match.group(1))(**context)
        except jinja2.TemplateSyntaxError:
            value = None  # several {{ }} parts: rendered as text below
        except jinja2.TemplateError as err:
            raise TemplateRenderError(origin, f"cannot render {source!r}: {err}") from None
        if isinstance(value, list | tuple | dict):
            return value
    return render_value(source, context, origin=origin)


@functools.lru_cache(maxsize=256)
def _value_template(source: str) -> jinja2.Template:
    """Compile a short Jinja string once per process (a batch renders it for every row)."""
    return environment("value").from_string(source)


@functools.lru_cache(maxsize=256)
def _condition(expression: str) -> Any:
    return environment("value").compile_expression(expression)


def evaluate_condition(expression: str, context: Mapping[str, Any], *, origin: str) -> bool:
    """Evaluate a ``when`` condition; unanswered questions count as empty."""
    environment("value").start()
    try:
        return bool(_condition(expression)(**context))
    except _TEMPLATE_FAULTS as err:
        problem = str(err) if isinstance(err, jinja2.TemplateError) else _describe(err)
        raise TemplateRenderError(origin, f"condition {expression!r} failed: {problem}") from None


def check_expression(expression: str, path: Path, line: int | None, key: str) -> None:
    """Refuse a ``when`` condition that is not a valid Jinja expression."""
    try:
        environment("value").compile_expression(expression)
    except jinja2.TemplateSyntaxError as err:
        problem = f"condition {expression!r} is not valid: {err.message}"
        raise DefinitionError(path, problem, line=line, key=key) from None


def parse_template(
    text: str,
    *,
    name: str,
    path: str,
    origin: str = "built-in",
    choices_from: Mapping[str, list[Choice]] | None = None,
) -> DocTemplate:
    """Parse a ``.md.j2`` file: YAML front matter and a Markdown + Jinja body."""
    match = _FRONT_MATTER.match(text)
    if not match:
        problem = "a template starts with YAML front matter between two '---' lines"
        raise DefinitionError(path, problem, line=1)
    ctx = Context(path, dict(choices_from or {}))
    front = "\n" + match.group(1)  # keep line numbers: the first '---' is line 1
    data = require_mapping(ctx, parse_yaml(front, path), "the front matter")
    check_keys(ctx, data, TEMPLATE_KEYS, "the template front matter")
    questions = parse_questions(ctx, data.get("questions"))
    for question in _all_questions(questions):
        if question.when:
            check_expression(question.when, Path(path), None, f"{question.id}.when")
    examples = data.get("example_answers")
    template = DocTemplate(
        name=name,
        title=get_str(ctx, data, "title"),
        description=get_str(ctx, data, "description", required=False),
        questions=questions,
        output=get_str(ctx, data, "output", required=False) or name,
        body=text[match.end() :],
        path=path,
        body_line=text[: match.end()].count("\n") + 1,
        origin=origin,
        example_answers=(
            plain(require_mapping(ctx, examples, "'example_answers'", "example_answers"))
            if examples is not None
            else {}
        ),
    )
    compile_body(template)  # syntax errors surface when the template is loaded
    return template


def _all_questions(questions: Iterable[Question]) -> Iterable[Question]:
    for question in questions:
        yield question
        yield from _all_questions(question.fields)

"""The Jinja sandbox templates run in, with limits on time and size.

Jinja's own sandbox stops a template from reaching Python internals, but not from running for
hours or filling the memory: nested loops over ``range(100000)``, ``"x" * 10**10``, doubling a
namespace value in a loop, ``"x" | center(10**10)``, ``2 ** 10**10``. Here every loop iteration
counts against :data:`MAX_LOOP_STEPS` per rendering (the code generator adds the count to each
``{% for %}``), and operators, attribute reads and filters refuse to build a value longer than
:data:`MAX_SIZE` characters or items, or an integer longer than about 4,000 digits. Templates
cannot include, import or extend other templates: each document type is one file.

Every refusal is a :class:`LimitError` (a Jinja ``SecurityError``), which the caller turns into an
error naming the template file and line.
"""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_LOOP_STEPS = 100_000
MAX_SIZE = 1_000_000
MAX_BUILT = 20_000_000
MAX_INT_BITS = 14_000
# Part of the key of compiled templates cached on disk: bump it when the generated code changes.
SANDBOX_VERSION = "1"

_NUMBER = re.compile(r"\d+")


class LimitError(SecurityError):
    """A template went past one of the sandbox's limits."""


class _LimitedCodeGenerator(CodeGenerator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._loop_bodies: set[int] = set()

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        self._loop_bodies.add(id(node.body))
        super().visit_For(node, frame)

    def blockvisit(self, body: Iterable[nodes.Node], frame: Frame) -> None:
        """Write a block; a loop body starts by counting one step."""
        if id(body) in self._loop_bodies:
            self.writeline("environment.step()")
        super().blockvisit(body, frame)

    def _refuse(self, node: nodes.Node, what: str) -> None:
        self.fail(f"{what} is not available: a document template is one self-contained file",
                  node.lineno)  # fmt: skip

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:  # noqa: ARG002
        self._refuse(node, "{% include %}")

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:  # noqa: ARG002
        self._refuse(node, "{% import %}")

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:  # noqa: ARG002
        self._refuse(node, "{% from ... import %}")

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:  # noqa: ARG002
        self._refuse(node, "{% extends %}")


class LimitedEnvironment(SandboxedEnvironment):
    """A sandboxed environment that bounds loops and the size of the values a template builds."""

    code_generator_class = _LimitedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.filters = {name: _limited(name, f) for name, f in self.filters.items()}
        del self.globals["lipsum"]  # placeholder text of any length has no place in a letter

    def start(self) -> None:
        """Reset the loop count and the size built so far: call before each rendering."""
        self.steps = 0
        _built[0] = 0

    def step(self) -> None:
        """Count one loop iteration (called by the generated code)."""
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            msg = f"the template's loops ran more than {MAX_LOOP_STEPS:,} times"
            raise LimitError(msg)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Refuse ``*``, ``**`` and ``%`` that would build something too large, then check."""
        if operator == "*":
            _check_repeat(left, right)
            _check_repeat(right, left)
        elif operator == "**":
            _check_power(left, right)
        elif operator == "%" and isinstance(left, str):
            _check_printf(left)
        return built(super().call_binop(context, operator, left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Read an attribute; a value grown too large (by a loop) is refused."""
        return checked(super().getattr(obj, attribute))

    def getitem(self, obj: Any, argument: Any) -> Any:
        """Read an item; a value grown too large (by a loop) is refused."""
        return checked(super().getitem(obj, argument))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``"{:>9999999}".format(x)``: refuse widths and precisions over :data:`MAX_SIZE`."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format_spec(str(getattr(value, "__self__", "")))
        return wrapped


def size_of(value: Any) -> int:
    """Characters of a string; items of a collection plus the characters of its strings."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, list | tuple | dict | set | frozenset):
        items = value.values() if isinstance(value, dict) else value
        return len(value) + sum(len(item) for item in items if isinstance(item, str))
    return 0


# Characters and items built by operators and filters in the current rendering (one rendering
# runs at a time in a process): 100,000 loop steps that each build 999,999 characters stay under
# every other limit but would take minutes.
_built = [0]


def built(value: Any) -> Any:
    """Count a value an operator or filter built, refusing it once the rendering built too much."""
    _built[0] += size_of(checked(value))
    if _built[0] > MAX_BUILT:
        msg = f"the template built more than {MAX_BUILT:,} characters or items in all"
        raise LimitError(msg)
    return value


def checked(value: Any) -> Any:
    """Return ``value`` unless it is larger than the sandbox allows."""
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        msg = "the template built a number of more than 4,000 digits"
        raise LimitError(msg)
    if size_of(value) > MAX_SIZE:
        msg = f"the template built a value of more than {MAX_SIZE:,} characters or items"
        raise LimitError(msg)
    return value


def _check_repeat(sequence: Any, times: Any) -> None:
    if isinstance(times, int) and times > 0 and size_of(sequence) * times > MAX_SIZE:
        msg = f"that would build a value of more than {MAX_SIZE:,} characters or items"
        raise LimitError(msg)


def _check_power(base: Any, exponent: Any) -> None:
    numbers = isinstance(base, int) and isinstance(exponent, int)
    if numbers and exponent > 0 and exponent * (abs(base).bit_length() - 1) > MAX_INT_BITS:
        msg = "the template raised a number to a power of more than 4,000 digits"
        raise LimitError(msg)


def _check_widths(spec: str) -> None:
    if "*" in spec or any(int(number) > MAX_SIZE for number in _NUMBER.findall(spec)):
        msg = f"a format width or precision over {MAX_SIZE:,} is not allowed"
        raise LimitError(msg)


def _check_printf(text: str) -> None:
    for spec in re.findall(r"%[^a-zA-Z%]*", text):
        _check_widths(spec)


def _check_format_spec(text: str) -> None:
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format raises the same error itself
    for _, _, spec, _ in fields:
        if spec:
            _check_widths(spec)


# The argument of these filters that sets the size of what they build.
_SIZE_ARGUMENTS = {"center": 1, "indent": 1, "wordwrap": 1}


def _limited(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a filter so that its size arguments and its result stay within the limits."""
    position = _SIZE_ARGUMENTS.get(name)

    @functools.wraps(function)
    def limited(*args: Any, **kwargs: Any) -> Any:
        values = [arg for arg in args if not _is_context(arg)]
        width = values[position] if position is not None and len(values) > position else None
        if isinstance(width, int) and width > MAX_SIZE:
            msg = f"'{name}' with a width of {width:,} is not allowed"
            raise LimitError(msg)
        if name == "format" and values and isinstance(values[0], str):
            _check_printf(values[0])
        if name in ("join", "replace", "indent") and values:
            _check_repeat(values[0], _growth(name, values, kwargs))
        result = function(*args, **kwargs)
        return _bounded(result) if isinstance(result, Iterator) else built(result)

    return limited


def _bounded(items: Iterator[Any]) -> Iterator[Any]:
    """Pass on the items of a lazy filter result (``map``, ``select``) while they stay small.

    ``range(100000) | map("center", 900000) | join`` would otherwise build each item within the
    limit and a result of 90 GB.
    """
    total = 0
    for item in items:
        total += 1 + size_of(built(item))
        if total > MAX_SIZE:
            msg = f"the template built values of more than {MAX_SIZE:,} characters or items"
            raise LimitError(msg)
        yield item


def _growth(name: str, values: list[Any], kwargs: dict[str, Any]) -> int:
    """How many times the first argument's size the filter's result can be, at most."""
    if name == "join":
        joiner = values[1] if len(values) > 1 else kwargs.get("d", "")
        return 1 + len(str(joiner))
    if name == "replace":
        new = values[2] if len(values) > 2 else kwargs.get("new", "")
        return 1 + len(str(new))
    width = values[1] if len(values) > 1 else kwargs.get("width", 4)
    return 1 + (len(width) if isinstance(width, str) else int(width))


def _is_context(value: Any) -> bool:
    return isinstance(value, Context | EvalContext)

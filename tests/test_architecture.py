"""The shape of the package: import arrows, circles, laziness and module size.

The import graph is read with ``ast`` from the source files, so an import written inside a
function counts as much as one at the top: a circle cannot hide in a function body.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "advocate"
MAX_MODULE_LINES = 400
MAX_LAZY_IMPORTS_OUTSIDE_CLI = 6


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what, and whether it sits inside a function."""

    module: str
    target: str
    line: int
    nested: bool
    commented: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - node.level + 1]
        prefix = ".".join([*base, *([node.module] if node.module else [])])
    else:
        prefix = node.module or ""
    # `from advocate.word import writer` imports the module advocate.word.writer
    return [prefix, *(f"{prefix}.{alias.name}" for alias in node.names)]


def _imports(path: Path) -> Iterator[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    top_level = {id(node) for node in tree.body}
    # imports under `if TYPE_CHECKING:` at module level are not run
    for statement in tree.body:
        if isinstance(statement, ast.If):
            top_level.update(id(child) for child in ast.walk(statement))
    module = _module_name(path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            targets = _resolve(module, path.name == "__init__.py", node)
        else:
            continue
        nested = id(node) not in top_level
        here = lines[node.lineno - 1]
        above = lines[node.lineno - 2] if node.lineno > 1 else ""
        commented = "#" in here or above.strip().startswith("#")
        for target in targets:
            yield Import(module, target, node.lineno, nested, commented)


def _all_imports() -> list[Import]:
    return [imp for path in sorted(PACKAGE.rglob("*.py")) for imp in _imports(path)]


def _modules() -> set[str]:
    return {_module_name(path) for path in PACKAGE.rglob("*.py")}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {module: set() for module in modules}
    for imp in _all_imports():
        if imp.target in modules and imp.target != imp.module:
            graph[imp.module].add(imp.target)
    return graph


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    """Every module reachable from ``start`` in one or more steps."""
    seen: set[str] = set()
    todo = list(graph[start])
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Groups of modules that reach each other (each group is one import circle)."""
    reach = {node: _reachable(graph, node) for node in graph}
    found: list[list[str]] = []
    placed: set[str] = set()
    for node in sorted(graph):
        if node in placed or node not in reach[node]:
            continue
        circle = sorted(other for other in reach[node] if node in reach[other])
        placed.update(circle)
        found.append(circle)
    return found


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _importers(library: str) -> set[str]:
    return {imp.module for imp in _all_imports() if _in(imp.target, library)}


def test_no_import_circles() -> None:
    assert _cycles(_graph()) == []


def test_cycle_finder_finds_a_circle() -> None:
    # the guard above must not pass because the finder is blind
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_only_the_cli_imports_click() -> None:
    assert {module for module in _importers("click") if not _in(module, "advocate.cli")} == set()


def test_only_the_letterhead_preparation_imports_python_docx() -> None:
    assert _importers("docx") <= {"advocate.word.letterhead"}


def test_the_core_never_imports_the_cli() -> None:
    outside = {module for module in _importers("advocate.cli") if not _in(module, "advocate.cli")}
    assert outside <= {"advocate.__main__"}


@pytest.mark.parametrize("module", ["advocate.errors", "advocate.models"])
def test_errors_and_models_import_nothing_else_of_advocate(module: str) -> None:
    own = {
        imp.target
        for imp in _all_imports()
        if imp.module == module and _in(imp.target, "advocate") and imp.target != module
    }
    assert own == set()


def test_package_init_files_import_nothing() -> None:
    # importing advocate.word.writer must not drag in its siblings through the package
    for init in PACKAGE.rglob("__init__.py"):
        if init.parent == PACKAGE or init.parent.name == "cli":
            continue
        assert list(_imports(init)) == [], init


def test_function_level_imports_outside_the_cli_are_few_and_explained() -> None:
    nested = {
        (imp.module, imp.line, imp.commented)
        for imp in _all_imports()
        if imp.nested and not _in(imp.module, "advocate.cli")
    }
    unexplained = sorted((module, line) for module, line, commented in nested if not commented)
    assert unexplained == [], "a function-level import needs a comment saying why it is lazy"
    assert len(nested) <= MAX_LAZY_IMPORTS_OUTSIDE_CLI, sorted(nested)


def test_no_module_is_over_the_size_limit() -> None:
    sizes = {
        _module_name(path): len(path.read_text(encoding="utf-8").splitlines())
        for path in PACKAGE.rglob("*.py")
    }
    assert {module: n for module, n in sizes.items() if n > MAX_MODULE_LINES} == {}

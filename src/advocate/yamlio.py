"""Reading and writing YAML and JSON data files with positions for error messages.

Mappings come back as :class:`Located` dicts that remember the line of each key, so schema
errors can name the file, the line and the key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from advocate.errors import DataFileError

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located(dict[str, Any]):
    """A dict that remembers the 1-based line of the mapping and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """Return the line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


# Nothing advocate reads nests deeper than a handful of levels; deeper data is refused with a
# message instead of a RecursionError further on.
MAX_DEPTH = 50
# Aliases (``*name``) may repeat written values, but only so far: a "billion laughs" file of
# nested anchors would otherwise grow to billions of values in whatever walks it.
MAX_ALIAS_GROWTH = 100_000


class _ShapeError(Exception):
    """Data that parses but is too deep, or that aliases blow up (turned into DataFileError)."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings are :class:`Located`, refusing alias bombs and deep nesting."""

    def get_single_data(self) -> Any:
        """Compose the document, check its size as aliases expand it, then construct it."""
        node = self.get_single_node()
        if node is None:
            return None
        _check_nodes(node)
        return self.construct_document(node)


def _check_nodes(root: yaml.Node) -> None:
    """Refuse a node graph that is too deep, refers to itself, or that aliases blow up.

    An alias is the same node object reached twice, so the walk keeps each collection's expanded
    size and depth: it visits every distinct node once, however large the expansion would be.

    Raises:
        _ShapeError: The document is too deep, recursive, or its aliases expand it too far.
    """
    if isinstance(root, yaml.ScalarNode):
        return
    done: dict[int, tuple[int, int]] = {}  # id(collection) -> (expanded size, depth)
    opened: dict[int, list[yaml.Node]] = {}  # collections on the current path -> their children
    stack: list[yaml.Node] = [root]
    written = 1
    while stack:
        node = stack[-1]
        key = id(node)
        if key in done:
            stack.pop()
        elif key not in opened:
            items = _items(node)
            written += len(items)
            children = opened[key] = [item for item in items if type(item) is not _SCALAR]
            for child in children:
                if id(child) in opened:
                    msg = "an alias (*name) refers to a value that contains it"
                    raise _ShapeError(msg, child.start_mark.line + 1)
            stack.extend(children)
        else:
            stack.pop()
            children = opened.pop(key)
            depth = 1 + max((done[id(child)][1] for child in children), default=1)
            if depth > MAX_DEPTH:
                msg = f"nested more than {MAX_DEPTH} levels deep"
                raise _ShapeError(msg, node.start_mark.line + 1)
            size = 1 + len(_items(node)) - len(children)
            done[key] = (size + sum(done[id(child)][0] for child in children), depth)
    limit = 10 * written + MAX_ALIAS_GROWTH
    if done[id(root)][0] > limit:
        msg = (
            f"aliases (*name) expand the {written:,} values written to more than {limit:,}; "
            "write the values out instead"
        )
        raise _ShapeError(msg)


_SCALAR = yaml.ScalarNode


def _items(node: yaml.Node) -> list[yaml.Node]:
    """The key and value nodes of a mapping, or the item nodes of a sequence."""
    if type(node) is yaml.MappingNode:
        return [item for pair in node.value for item in pair]
    return list(node.value)


def _construct_located(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Located:
    result = Located()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in result.key_lines:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}'", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


# str() refuses integers of more than 4,300 decimal digits (sys.get_int_max_str_digits()); keep
# well below so that every integer read can be written into a document.
_MAX_INT_BITS = 14_000
_MAX_INT_DIGITS = 4_200


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    """An integer, or the text as written when Python cannot write it out (over 4,300 digits)."""
    try:
        value = int(loader.construct_yaml_int(node))
    except ValueError:
        return str(node.value)
    return value if value.bit_length() <= _MAX_INT_BITS else str(node.value)


def _date_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A date or time, or the text as written when it names none (``2026-02-30``).

    The question that receives the text then refuses it, naming itself, as it would ``--set``.
    """
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return str(node.value)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located)
_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


def parse_yaml(text: str, source: str | Path) -> Any:
    """Parse YAML text; raise :class:`DataFileError` with line and column on a syntax error.

    Args:
        text: The YAML document.
        source: The file name to use in error messages.

    Returns:
        The parsed data; mappings are :class:`Located`.

    Raises:
        DataFileError: The text is not valid YAML.
    """
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = err.problem or err.context or "not valid YAML"
        raise DataFileError(source, f"not valid YAML: {problem}", line=line, column=column) from err
    except yaml.YAMLError as err:
        raise DataFileError(source, f"not valid YAML: {err}") from err
    except _ShapeError as err:
        raise DataFileError(source, f"refused: {err.problem}", line=err.line) from None
    except RecursionError:  # the pure-Python parser, without libyaml, recurses while composing
        raise DataFileError(source, f"refused: nested more than {MAX_DEPTH} levels deep") from None


def parse_json(text: str, source: str | Path) -> Any:
    """Parse JSON text; raise :class:`DataFileError` with line and column on a syntax error.

    A key given twice in one object is an error (naming the key and its line), as in YAML.
    Integers too long to write out are kept as the text written, like in YAML.

    Raises:
        DataFileError: The text is not valid JSON, repeats a key or nests too deeply.
    """
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys, parse_int=_json_int)
    except json.JSONDecodeError as err:
        raise DataFileError(
            source, f"not valid JSON: {err.msg}", line=err.lineno, column=err.colno
        ) from err
    except _DuplicateKeyError as err:
        line = _duplicate_line(text)
        raise DataFileError(source, f"duplicate key '{err.key}'", line=line) from None
    except RecursionError:
        raise DataFileError(source, f"refused: nested more than {MAX_DEPTH} levels deep") from None
    if _too_deep(data):
        raise DataFileError(source, f"refused: nested more than {MAX_DEPTH} levels deep")
    return data


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) < len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKeyError(key)
            seen.add(key)
    return result


def _json_int(digits: str) -> int | str:
    return int(digits) if len(digits) <= _MAX_INT_DIGITS else digits


def _duplicate_line(text: str) -> int | None:
    """Find the line of the first repeated key, parsing again with the pure-Python scanner.

    That scanner hands each object's text position to ``parse_object``; wrapping the value scanner
    records where each value starts, and the key is the last string before the value's colon.
    """
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, *rest: Any) -> Any:
        starts: list[int] = []

        def scan(string: str, index: int) -> Any:
            starts.append(index)
            return scan_once(string, index)

        def check(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            seen: set[str] = set()
            for (key, _), start in zip(pairs, starts, strict=False):
                if key in seen:
                    quote = text.rfind('"', 0, text.rfind(":", 0, start))
                    raise _FoundError(text.count("\n", 0, quote) + 1)
                seen.add(key)
            return dict(pairs)

        json_object = json.decoder.JSONObject  # type: ignore[attr-defined]
        return json_object(s_and_end, strict, scan, None, check, *rest[2:])

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        decoder.decode(text)
    except _FoundError as found:
        return found.line
    except (ValueError, RecursionError):
        return None
    return None


class _FoundError(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _too_deep(data: Any) -> bool:
    """Whether lists and mappings nest more than MAX_DEPTH levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > MAX_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (a byte-order mark is allowed) with a clear error."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise DataFileError(path, "no such file") from err
    except IsADirectoryError as err:
        raise DataFileError(path, "is a folder, not a file") from err
    except UnicodeDecodeError as err:
        raise DataFileError(path, f"not UTF-8 text (byte {err.start})") from err
    except OSError as err:
        raise DataFileError(path, err.strerror or str(err)) from err
    except ValueError as err:  # a NUL character in the path
        raise DataFileError(path, "the file name is not valid") from err


def load_data_file(path: Path) -> Any:
    """Load a YAML or JSON file, chosen by its extension (YAML for anything but ``.json``)."""
    text = read_text(path)
    if path.suffix.lower() == ".json":
        return parse_json(text, path)
    return parse_yaml(text, path)


def plain(data: Any) -> Any:
    """Return ``data`` with every :class:`Located` mapping turned into a plain dict."""
    if isinstance(data, dict):
        return {key: plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [plain(item) for item in data]
    return data


_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):  # type: ignore[valid-type,misc]
    """A safe dumper (libyaml's when present) that writes :class:`Located` as plain mappings."""


_Dumper.add_representer(Located, yaml.representer.SafeRepresenter.represent_dict)


def dump_yaml(data: Any) -> str:
    """Dump plain data as block-style YAML that keeps key order and Unicode."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

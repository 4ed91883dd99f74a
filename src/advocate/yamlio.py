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


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader whose mappings are :class:`Located`."""


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


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_located)


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


def parse_json(text: str, source: str | Path) -> Any:
    """Parse JSON text; raise :class:`DataFileError` with line and column on a syntax error."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise DataFileError(
            source, f"not valid JSON: {err.msg}", line=err.lineno, column=err.colno
        ) from err


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

"""Finding document templates: a user's folders first, then the built-in ones."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from advocate.errors import DefinitionError, NotFoundError
from advocate.examples import example_choices
from advocate.models import DocTemplate, WrittenFile
from advocate.outputs import write_atomic
from advocate.resources import packaged_files
from advocate.templating import TEMPLATE_SUFFIX, parse_template


def _user_files(dirs: Sequence[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"*{TEMPLATE_SUFFIX}")):
            found.setdefault(path.name[: -len(TEMPLATE_SUFFIX)], path)
    return found


def template_names(dirs: Sequence[Path] = ()) -> list[str]:
    """Names of every available document type, built-in and user."""
    return sorted(set(packaged_files("letter_templates", TEMPLATE_SUFFIX)) | set(_user_files(dirs)))


def load_template(name: str, dirs: Sequence[Path] = ()) -> DocTemplate:
    """Load a document type by name; a user's template with the same name wins.

    Args:
        name: The document type, e.g. ``briefing-note``; or a path to a ``.md.j2`` file.
        dirs: User template folders, searched in order before the built-in templates.

    Raises:
        NotFoundError: No template has this name (the message lists the available ones).
        DefinitionError: The template's front matter breaks the schema.
        TemplateRenderError: The template body has a Jinja syntax error.
    """
    if name.endswith(TEMPLATE_SUFFIX) or "/" in name:
        path = Path(name)
        stem = path.name.removesuffix(TEMPLATE_SUFFIX)
        return _parse(_read(path), stem, str(path), str(path.parent))
    user = _user_files(dirs)
    if name in user:
        path = user[name]
        return _parse(_read(path), name, str(path), str(path.parent))
    packaged = packaged_files("letter_templates", TEMPLATE_SUFFIX)
    if name not in packaged:
        msg = "document type"
        raise NotFoundError(msg, name, template_names(dirs))
    text = packaged[name].read_text(encoding="utf-8")
    return _parse(text, name, f"letter_templates/{name}{TEMPLATE_SUFFIX}", "built-in")


@functools.lru_cache(maxsize=64)
def _parse(text: str, name: str, path: str, origin: str) -> DocTemplate:
    """Parse a template once per process for the same text (a batch or a plan loads it often)."""
    choices = {"examples": example_choices()}
    return parse_template(text, name=name, path=path, origin=origin, choices_from=choices)


def list_templates(dirs: Sequence[Path] = ()) -> list[DocTemplate]:
    """Load every available template (user ones replacing built-in ones of the same name)."""
    return [load_template(name, dirs) for name in template_names(dirs)]


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as err:
        raise DefinitionError(path, err.strerror or str(err)) from None
    except UnicodeDecodeError:
        raise DefinitionError(path, "the template is not UTF-8 text") from None
    except ValueError:  # a NUL character in the path
        raise DefinitionError(path, "the file name is not valid") from None


def copy_builtin_template(name: str, folder: Path, *, overwrite: bool = False) -> WrittenFile:
    """Copy a built-in template into ``folder`` for editing (``advocate templates copy``).

    Args:
        name: A built-in document type, e.g. ``deputation-letter``.
        folder: Where to put ``<name>.md.j2``; created if needed.
        overwrite: Replace a file of that name; without it an existing file is an error.

    Returns:
        The file written and whether it was created or overwritten.

    Raises:
        NotFoundError: No built-in template has this name.
        OutputExistsError: The file exists and ``overwrite`` is false.
    """
    packaged = packaged_files("letter_templates", TEMPLATE_SUFFIX)
    if name not in packaged:
        msg = "built-in document type"
        raise NotFoundError(msg, name, sorted(packaged))
    target = folder / f"{name}{TEMPLATE_SUFFIX}"
    return write_atomic(target, packaged[name].read_bytes(), overwrite=overwrite)

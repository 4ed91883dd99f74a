"""Packaged data (playbooks, templates, the letterhead) found through ``importlib.resources``."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def data_dir(name: str) -> Traversable:
    """Return a packaged data folder: ``playbooks`` or ``letter_templates``."""
    return files("advocate") / name


def packaged_files(folder: str, suffix: str) -> dict[str, Traversable]:
    """Map the stem of every packaged file ending in ``suffix`` to the file, sorted by name."""
    root = data_dir(folder)
    found = {
        entry.name[: -len(suffix)]: entry
        for entry in root.iterdir()
        if entry.is_file() and entry.name.endswith(suffix)
    }
    return dict(sorted(found.items()))

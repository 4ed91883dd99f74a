"""Packaged data (playbooks, templates, the letterhead) found through ``importlib.resources``."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from platformdirs import user_cache_dir


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


def cache_dir() -> Path:
    """Advocate's cache folder (compiled templates, prepared letterheads).

    ``ADVOCATE_CACHE_DIR`` overrides the platform's user cache folder.
    """
    override = os.environ.get("ADVOCATE_CACHE_DIR")
    if override:
        return Path(override)
    return Path(user_cache_dir("advocate", appauthor=False))

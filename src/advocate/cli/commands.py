"""The registry of commands.

``LAZY_COMMANDS`` are imported only when run (keeps ``advocate --help`` fast); give each its
module, the click object's name and the one-line help shown by ``advocate --help``.
``COMMAND_MODULES`` are imported at start-up and add themselves through ``register(group)``.
"""

from __future__ import annotations

import importlib

import click

LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "batch": ("advocate.cli.batch", "batch", "One document per row of a CSV or Excel file."),
    "draft": ("advocate.cli.draft", "draft", "Draft a Word document from a template."),
    "council": ("advocate.cli.council", "council", "Council procedure cards and deadlines."),
    "demo": ("advocate.cli.draft", "demo", "Draft every document type from example answers."),
    "examples": ("advocate.cli.playbooks", "examples", "Browse the good-practice examples."),
    "glossary": ("advocate.cli.glossary", "glossary", "What council words mean, in plain words."),
    "plan": ("advocate.cli.plan", "plan", "Step-by-step guidance with a campaign file."),
    "playbooks": ("advocate.cli.playbooks", "playbooks", "List, show and validate playbooks."),
    "profile": ("advocate.cli.profile", "profile", "Your organisation: name, logo, letterhead."),
    "templates": ("advocate.cli.templates", "templates", "List, show, copy and check templates."),
}

COMMAND_MODULES: tuple[str, ...] = ()


def register(group: click.Group) -> None:
    """Attach the lazy registry and the eager modules to ``group``."""
    lazy = getattr(group, "lazy", None)
    if isinstance(lazy, dict):
        lazy.update(LAZY_COMMANDS)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(group)

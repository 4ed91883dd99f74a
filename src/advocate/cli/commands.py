"""Attach every command module to the group (each module owns one command or sub-group)."""

from __future__ import annotations

import importlib

import click

# Each module has a register(group) function; --help lists commands alphabetically.
COMMAND_MODULES = (
    "advocate.cli.draft",
    "advocate.cli.templates",
)


def register(group: click.Group) -> None:
    """Add the commands of every module in :data:`COMMAND_MODULES` to ``group``."""
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(group)

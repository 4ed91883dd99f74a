"""Attach every command module to the group (each module owns one command or sub-group)."""

from __future__ import annotations

import click


def register(group: click.Group) -> None:
    """Add the commands to ``group``, in the order ``--help`` lists them."""
    from advocate.cli import draft, templates

    for module in (draft, templates):
        module.register(group)

"""The ``advocate`` command: a thin click layer over :mod:`advocate.api`.

Only this package imports click. Heavy libraries (python-docx, Jinja, rich) are imported
inside commands, so ``advocate --help`` stays fast.
"""

from __future__ import annotations

from advocate.cli.base import cli, main
from advocate.cli.commands import register

register(cli)

__all__ = ["cli", "main"]

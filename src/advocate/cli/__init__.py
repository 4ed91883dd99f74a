"""The ``advocate`` command: a thin click layer over :mod:`advocate.api`.

Only this package imports click. Each command's module is imported when the command runs (see
:mod:`advocate.cli.commands`), so ``advocate --help`` stays fast.
"""

from __future__ import annotations

from advocate.cli.base import cli, main

__all__ = ["cli", "main"]

"""Driving the installed ``advocate`` command in a pseudo-terminal (pexpect), as a person would."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

ADVOCATE = str(Path(sys.executable).parent / "advocate")


def spawn(args: list[str], cwd: Path) -> pexpect.spawn:
    """Start ``advocate ARGS`` in ``cwd`` with a clean home, no colour and a 40x120 screen."""
    env = {
        "NO_COLOR": "1",
        "TERM": "dumb",
        "HOME": str(cwd),
        "XDG_CONFIG_HOME": str(cwd / "config"),
        "XDG_CACHE_HOME": str(cwd / "cache"),
        "PATH": "/usr/bin:/bin",
    }
    if os.environ.get("PYTHONPATH"):  # a checkout's own src wins over the installed package
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return pexpect.spawn(
        ADVOCATE, args, cwd=str(cwd), env=env, encoding="utf-8", timeout=30, dimensions=(40, 120)
    )

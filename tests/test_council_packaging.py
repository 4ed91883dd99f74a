"""The wheel carries the council cards and the glossary (the editable install only sees symlinks)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contains_every_card_and_the_glossary(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    wheel = next(tmp_path.glob("advocate-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    cards = {f"advocate/councils/{path.name}" for path in (ROOT / "councils").glob("*.yaml")}
    assert len(cards) == 27 and cards <= names
    assert "advocate/glossary/council-words.yaml" in names
    assert "advocate/council/deadlines.py" in names

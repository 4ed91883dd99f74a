"""The installed package: a real wheel in a fresh environment, start-up imports, metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import yaml

from conftest import example_answers

ROOT = Path(__file__).resolve().parents[1]


def test_cli_import_stays_light() -> None:
    """`advocate --help` must not pay for python-docx, Jinja, lxml, rich or YAML."""
    code = (
        "import sys, advocate.cli; "
        "heavy = ('docx', 'jinja2', 'lxml', 'rich.console', 'yaml', 'markdown_it', 'pathlib', 'json', 'dataclasses'); "
        "print([m for m in heavy if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_python_dash_m_works() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "advocate", "--help"], capture_output=True, text=True, check=True
    )
    assert "draft" in out.stdout


@pytest.mark.slow
def test_wheel_installs_and_drafts_from_a_fresh_environment(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
    )
    wheel = next(wheels.glob("advocate-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # Dependencies come from the test environment; advocate itself only from the wheel.
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n" + sysconfig.get_paths()["platlib"] + "\n"
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
    )
    python = str(venv / "bin" / "python")
    env = {**os.environ, "PYTHONPATH": ""}
    where = subprocess.run(
        [python, "-c", "import advocate, sys; print(advocate.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    assert str(site) in where, where
    listed = subprocess.run(
        [python, "-m", "advocate", "templates", "list", "--json"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env=env,
    )
    assert {"briefing-note", "deputation-letter", "meeting-agenda"} <= {
        t["name"] for t in json.loads(listed.stdout)
    }
    answers = tmp_path / "a.yaml"
    answers.write_text(yaml.safe_dump(example_answers("briefing-note")), encoding="utf-8")
    out = tmp_path / "note.docx"
    subprocess.run(
        [python, "-m", "advocate", "draft", "briefing-note", "--answers", str(answers), "--no-input", "-o", str(out)],
        check=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert out.stat().st_size > 5000
    french = tmp_path / "note-fr.md"  # the message catalogues are in the wheel too
    subprocess.run(
        [python, "-m", "advocate", "draft", "briefing-note", "--answers", str(answers), "--no-input",
         "--set", "locale=fr-CA", "--format", "md", "-o", str(french)],
        check=True, cwd=tmp_path, env=env,
    )  # fmt: skip
    assert "Note d'information" in french.read_text(encoding="utf-8")


def test_every_public_name_resolves() -> None:
    import advocate

    for name in advocate.__all__:
        assert getattr(advocate, name) is not None, name
    with pytest.raises(AttributeError):
        _ = advocate.not_a_thing

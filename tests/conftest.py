"""Shared fixtures: an isolated home and config folder, a CLI runner helper, file trees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from advocate.cli import cli

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
GOLDEN = Path(__file__).parent / "golden"

# Answers every briefing note of a batch shares (rows give the recipient).
SHARED_BRIEFING = {
    "organisation": "Northside Newcomer Centre",
    "contact_name": "Amina Yusuf",
    "contact_title": "Executive Director",
    "contact_email": "amina@northside.example.org",
    "council_name": "City of Toronto",
    "subject": "Access to city services",
    "purpose": "To ask for support.",
    "background": "Counters still ask for documents.",
    "current_status": "Staff recommend guidance.",
    "recommendation": "Support the staff recommendation.",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite tests/golden/ from the current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Any:
    """Compare text with ``tests/golden/NAME`` (or rewrite it with --update-golden)."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden") or not path.exists():
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if not request.config.getoption("--update-golden"):
                pytest.fail(f"golden file {path} was missing and has been written; check it in")
        assert text == path.read_text(encoding="utf-8"), f"differs from {path}; see --update-golden"

    return check


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Point HOME and the XDG folders at a temporary folder, so no test reads a real profile."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.delenv("ADVOCATE_DEBUG", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return home


def build_file_tree(root: Path, files: Mapping[str, str | bytes]) -> dict[str, Path]:
    """Write ``{relative path: content}`` under ``root`` and return the absolute paths."""
    written = {}
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        written[relative] = path
    return written


def run_cli(*args: Any, input: str | None = None, expect: int = 0, **kwargs: Any) -> Result:
    """Invoke the CLI, check the exit code, and show stderr when it is not the expected one."""
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [str(arg) for arg in args],
        input=input,
        catch_exceptions=expect != 0,
        prog_name="advocate",
        **kwargs,
    )
    if result.exit_code != expect:
        raise AssertionError(
            f"exit code {result.exit_code}, expected {expect}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}\n{result.exception!r}"
        )
    return result


def example_answers(doctype: str) -> dict[str, Any]:
    """The example answers a built-in template carries."""
    from advocate.templates import load_template

    return dict(load_template(doctype).example_answers)

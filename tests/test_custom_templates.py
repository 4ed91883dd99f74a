"""User templates (copy, --templates DIR, the config folder), broken templates, letterhead checks."""

from __future__ import annotations

import io
import json
import re
import zipfile
from importlib.resources import files
from pathlib import Path

import pytest

from advocate.profile import user_template_dir
from conftest import build_file_tree, run_cli

SITE_VISIT = """\
---
title: Site visit invitation
description: Invite a councillor to visit the centre.
output: "site-visit-{{ councillor | slug }}"
questions:
  - id: organisation
    label: Name of your organisation
  - id: councillor
    label: Which councillor?
example_answers:
  organisation: Riverside
  councillor: Councillor Lee
---
# Invitation

Dear {{ councillor }}, {{ organisation }} invites you to visit.
"""


def builtin_text(name: str) -> str:
    return (files("advocate") / "letter_templates" / f"{name}.md.j2").read_text(encoding="utf-8")


def test_copy_writes_the_builtin_template_and_refuses_to_overwrite(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = run_cli("templates", "copy", "deputation-letter", folder)
    copied = folder / "deputation-letter.md.j2"
    assert result.stdout == f"{copied}\n"
    assert copied.read_text(encoding="utf-8") == builtin_text("deputation-letter")
    result = run_cli("templates", "copy", "deputation-letter", folder, expect=1)
    assert result.stderr == (
        f"Error: Cannot write {copied}: the file exists. Pass --overwrite to replace it.\n"
    )
    result = run_cli("templates", "copy", "deputation-letter", folder, "--overwrite")
    assert result.stderr.startswith("overwrite ")


def test_copy_of_an_unknown_type_lists_the_builtin_ones(tmp_path: Path) -> None:
    result = run_cli("templates", "copy", "thank-you", tmp_path, expect=1)
    assert result.stderr.startswith("Error: Built-in document type 'thank-you' not found.")
    assert "thank-you-letter" in result.stderr


def test_a_user_template_adds_a_document_type(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    build_file_tree(folder, {"site-visit.md.j2": SITE_VISIT})
    listing = json.loads(run_cli("templates", "list", "--templates", folder, "--json").stdout)
    sources = {row["name"]: row["source"] for row in listing}
    assert sources["site-visit"] == f"--templates: {folder / 'site-visit.md.j2'}"
    assert sources["thank-you-letter"] == "built-in"
    output = tmp_path / "visit.md"
    run_cli("draft", "site-visit", "--templates", folder, "--set", "organisation=Riverside",
            "--set", "councillor=Councillor Lee", "--no-input", "--format", "md", "-o", output)  # fmt: skip
    assert "Dear Councillor Lee, Riverside invites you to visit." in output.read_text("utf-8")


def test_the_config_folder_template_replaces_the_builtin_one(tmp_path: Path) -> None:
    changed = builtin_text("meeting-agenda").replace(
        '## {{ t("agenda.agenda") }}', "## Order of business"
    )
    build_file_tree(user_template_dir(), {"meeting-agenda.md.j2": changed})
    listing = json.loads(run_cli("templates", "list", "--json").stdout)
    sources = {row["name"]: row["source"] for row in listing}
    assert sources["meeting-agenda"] == (
        f"config folder: {user_template_dir() / 'meeting-agenda.md.j2'}"
    )
    run_cli("demo", "--out", tmp_path)  # the demo drafts only the built-in templates
    answers = tmp_path / "agenda-access-to-city-services-community-meeting-2026-11-28.answers.yaml"
    output = tmp_path / "mine.md"
    run_cli("draft", "meeting-agenda", "--answers", answers, "--no-input", "--format", "md",
            "-o", output)  # fmt: skip
    assert "## Order of business" in output.read_text(encoding="utf-8")


BROKEN = {
    "bad YAML front matter": (
        "---\ntitle: Broken\nquestions: [unclosed\n---\nBody\n",
        r"broken\.md\.j2:\d+(:\d+)?: ",
    ),
    "unknown front-matter key": (
        "---\ntitle: Broken\ncolour: red\n---\nBody\n",
        r"broken\.md\.j2:3 \[colour\]: unknown key 'colour' in the template front matter",
    ),
    "Jinja syntax error": (
        "---\ntitle: Broken\n---\nFirst line\n{% if %}\n",
        r"Template .*broken\.md\.j2:5: ",
    ),
    "undefined variable": (
        "---\ntitle: Broken\n---\nFirst line\n\nHello {{ nobody }}\n",
        r"Template .*broken\.md\.j2:6: 'nobody' is undefined",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_user_template_names_file_line_and_reason(case: str, tmp_path: Path) -> None:
    text, expected = BROKEN[case]
    folder = tmp_path / "mine"
    build_file_tree(folder, {"broken.md.j2": text})
    result = run_cli("draft", "broken", "--templates", folder, "--no-input", "--format", "md",
                     "-o", tmp_path / "out.md", expect=1)  # fmt: skip
    assert result.stderr.startswith("Error: ")
    assert str(folder / "broken.md.j2") in result.stderr
    assert re.search(expected, result.stderr), result.stderr
    assert not (tmp_path / "out.md").exists()


def packaged_letterhead() -> bytes:
    return (files("advocate") / "letter_templates" / "letterhead.docx").read_bytes()


def rewrite_part(docx: bytes, name: str, change: dict[str, str]) -> bytes:
    """Return ``docx`` with text replacements in one part (and everything else unchanged)."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == name:
                text = data.decode("utf-8")
                for old, new in change.items():
                    text = re.sub(old, new, text)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def test_check_the_builtin_letterhead(tmp_path: Path) -> None:
    path = build_file_tree(tmp_path, {"lh.docx": packaged_letterhead()})["lh.docx"]
    result = run_cli("templates", "check", path)
    assert "Styles: every style advocate needs is there." in result.stdout
    assert "Header: yes" in result.stdout
    assert "Page number: yes" in result.stdout


def test_check_lists_missing_styles_with_their_fallback(tmp_path: Path) -> None:
    drop = {r'<w:style [^>]*w:styleId="(ListBullet|TableGrid)".*?</w:style>': ""}
    data = rewrite_part(packaged_letterhead(), "word/styles.xml", drop)
    path = build_file_tree(tmp_path, {"few-styles.docx": data})["few-styles.docx"]
    result = run_cli("templates", "check", path)
    assert '  - List Bullet: paragraphs starting with "• ", indented\n' in result.stdout
    assert "  - Table Grid: tables with explicit single borders\n" in result.stdout
    report = json.loads(run_cli("templates", "check", path, "--json").stdout)
    assert {item["style"] for item in report["missing_styles"]} == {"List Bullet", "Table Grid"}


def test_check_refuses_a_word_template_and_other_files(tmp_path: Path) -> None:
    dotx = rewrite_part(
        packaged_letterhead(),
        "[Content_Types].xml",
        {"wordprocessingml.document.main": "wordprocessingml.template.main"},
    )
    files_ = build_file_tree(tmp_path, {"lh.dotx": dotx, "notes.txt": "hello"})
    result = run_cli("templates", "check", files_["lh.dotx"], expect=1)
    assert result.stderr == (
        f"Error: Letterhead {files_['lh.dotx']}: this is a Word template (.dotx); "
        "open it and save it as a Word document (.docx).\n"
    )
    result = run_cli("templates", "check", files_["notes.txt"], expect=1)
    assert "this is not a Word document (.docx)" in result.stderr

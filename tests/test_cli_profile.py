"""``advocate profile`` on the command line, and drafting every document type with a profile."""

from __future__ import annotations

import base64
import json
import re
import zipfile
from pathlib import Path

import pytest

from advocate.yamlio import dump_yaml
from conftest import build_file_tree, example_answers, run_cli

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQMAAAD+wSzIAAAABlBMVEX/AAD///9BHTQRAAAADklEQVR4nGP4"
    "z8AARAAA/wf/AcdzQNcAAAAASUVORK5CYII="
)
ORG_YAML = """\
name: Riverside Welcome Network
signatory_name: Sam Rivera
signatory_title: Coordinator
email: sam@riverside.example.org
phone: 613-555-0199
address: 4 River Road, Ottawa ON
council: City of Ottawa
committee: Community Services Committee
locale: en-CA
"""
PROFILE_IDS = {"organisation", "organisation_address", "contact_name", "contact_title",
               "contact_email", "contact_phone", "council_name", "locale", "committee"}  # fmt: skip
DOCTYPES = ["briefing-note", "deputation-letter", "meeting-agenda", "thank-you-letter",
            "motion", "minister-letter", "sign-on-letter", "budget-submission",
            "meeting-invitation", "intake-tally", "story-consent", "community-survey",
            "speaking-script"]  # fmt: skip


@pytest.fixture
def org_file(tmp_path: Path) -> Path:
    return build_file_tree(tmp_path, {"org.yaml": ORG_YAML})["org.yaml"]


def test_init_from_an_answers_file_then_show(org_file: Path, isolated_home: Path) -> None:
    result = run_cli("profile", "init", "--answers", org_file)
    saved = Path(result.stdout.strip())
    assert saved.is_relative_to(isolated_home)
    assert result.stderr.startswith("   create ")
    shown = run_cli("profile", "show")
    assert "organisation: Riverside Welcome Network\n" in shown.stdout
    data = json.loads(run_cli("profile", "show", "--json").stdout)
    assert data["profile"]["contact_name"] == "Sam Rivera"  # read from the old signatory_name
    assert data["path"] == str(saved)


def test_init_asks_at_a_terminal(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    keys = 12  # name first, then every optional key accepted with Enter
    run_cli("profile", "init", "--interactive", "--profile", profile,
            input="Riverside\n" + "\n" * (keys - 1))  # fmt: skip
    assert run_cli("profile", "show", "--profile", profile).stdout.startswith(
        "organisation: Riverside\n"
    )


def test_init_without_a_name_and_without_input_fails() -> None:
    result = run_cli("profile", "init", "--no-input", expect=1)
    assert result.stderr.startswith(
        "Error: Question 'organisation' (Name of your organisation) needs"
    )


def test_set_checks_the_value_and_show_reports_it(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    run_cli("profile", "set", "organisation", "Riverside", "--profile", profile)
    result = run_cli("profile", "set", "contact_email", "nope", "--profile", profile, expect=1)
    assert result.stderr == (
        "Error: Question 'contact_email' does not accept 'nope': not in the expected form. "
        "Accepted: an email address such as info@example.org.\n"
    )
    result = run_cli("profile", "set", "colour", "red", "--profile", profile, expect=1)
    assert result.stderr.startswith(
        "Error: Profile key 'colour' not found. Available: organisation,"
    )
    logo = build_file_tree(tmp_path, {"logo.png": PNG})["logo.png"]
    run_cli("profile", "set", "logo", logo, "--profile", profile)
    assert f"logo: {logo.resolve()}" in run_cli("profile", "show", "--profile", profile).stdout


def test_show_without_a_profile_says_how_to_make_one() -> None:
    result = run_cli("profile", "show", expect=1)
    assert "Create one with 'advocate profile init'." in result.stderr


def document_answers(doctype: str, folder: Path) -> Path:
    answers = {k: v for k, v in example_answers(doctype).items() if k not in PROFILE_IDS}
    return build_file_tree(folder, {f"{doctype}.yaml": dump_yaml(answers)})[f"{doctype}.yaml"]


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_every_document_type_drafts_from_the_profile_without_retyping(
    doctype: str, org_file: Path, tmp_path: Path
) -> None:
    run_cli("profile", "init", "--answers", org_file)
    output = tmp_path / f"{doctype}.md"
    answers = document_answers(doctype, tmp_path)
    run_cli("draft", doctype, "--answers", answers, "--no-input", "--format", "md", "-o", output)
    text = output.read_text(encoding="utf-8")
    if doctype == "meeting-agenda":  # an agenda has no signature
        assert "hosted by Riverside Welcome Network" in text
    elif doctype == "speaking-script":  # spoken by the speaker, who may not be the contact
        assert "Speaker:** Amina Yusuf, Executive Director, Riverside Welcome Network" in text
    else:
        assert re.search(r"Sam Rivera(\\\n|, )Coordinator, Riverside Welcome Network", text)
        assert "sam@riverside.example.org" in text


def test_the_profile_logo_goes_into_the_word_document(org_file: Path, tmp_path: Path) -> None:
    logo = build_file_tree(tmp_path, {"logo.png": PNG})["logo.png"]
    run_cli("profile", "init", "--answers", org_file)
    run_cli("profile", "set", "logo", logo)
    output = tmp_path / "letter.docx"
    answers = document_answers("thank-you-letter", tmp_path)
    run_cli("draft", "thank-you-letter", "--answers", answers, "--no-input", "-o", output)
    with zipfile.ZipFile(output) as archive:
        media = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert [archive.read(name) for name in media] == [PNG]
        header = archive.read("word/header1.xml").decode("utf-8")
    assert "Riverside Welcome Network" in header
    assert "<w:drawing>" in header


def test_another_profile_with_dash_dash_profile(org_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    run_cli("profile", "init", "--answers", org_file, "--profile", other)
    run_cli("profile", "set", "name", "Other Org", "--profile", other)
    answers = document_answers("meeting-agenda", tmp_path)
    output = tmp_path / "agenda.md"
    run_cli("draft", "meeting-agenda", "--answers", answers, "--profile", other, "--no-input",
            "--format", "md", "-o", output)  # fmt: skip
    assert "hosted by Other Org" in output.read_text(encoding="utf-8")

"""The five document types that campaigns beyond the deputation need.

motion, minister-letter, sign-on-letter, budget-submission and meeting-invitation pass the
checks the first four pass: they render from their example answers and from their required
answers alone under StrictUndefined, hostile answers stay literal, and they open in LibreOffice.
"""

from __future__ import annotations

import collections
import csv
import json
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from markdown_it import MarkdownIt

import advocate
from advocate import api
from advocate.batch.rows_answer import signatories_from_rows
from advocate.errors import AdvocateError, DataFileError
from advocate.locales import LOCALES, format_date
from advocate.models import QuestionType
from advocate.planning.playbooks import list_playbooks
from advocate.templates import load_template, template_names
from conftest import NOW, build_file_tree, example_answers, run_cli
from lo import docx_to_pdf, pdf_to_text

NEW = ["motion", "minister-letter", "sign-on-letter", "budget-submission", "meeting-invitation"]
# the evidence tools and the speaking script (tests/test_evidence_doctypes.py) face the same attack
ATTACKED = [*NEW, "intake-tally", "story-consent", "community-survey", "speaking-script"]
MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
HOSTILE = "**bold?** # {{ 7*7 }} <script>x</script> [link](http://evil.example) | 1. one ~~x~~"
KEY_TEXT = {
    "motion": ["Motion: Access to City Services for All Residents", "WHEREAS", "RESOLVED"],
    "minister-letter": ["The Honourable Sam Patel", "Dear Minister", "cc: Jane Doe"],
    "sign-on-letter": ["Signed by 4 organisations", "Eastside Legal Clinic"],
    "budget-submission": ["Budget submission: Newcomer Access", "$250,000", "$208.33"],
    "meeting-invitation": ["You are invited", "Saturday, November 28, 2026", "childcare"],
}


def docx_text(path: Path) -> str:
    """Every paragraph and table cell of a Word file, one per line."""
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(lines)


def test_new_types_are_built_in_and_demo_drafts_every_type(tmp_path: Path) -> None:
    assert set(NEW) <= set(template_names())
    results = api.draft_examples(tmp_path)
    assert len(results) == len(template_names()) == 13
    assert {r.doctype for r in results} == set(template_names())
    assert all(r.output is not None and r.output.exists() for r in results)
    shown = json.loads(run_cli("demo", "--out", tmp_path / "cli", "--json").stdout)
    assert len(shown) == 13 and all(Path(path).exists() for path in shown)
    names = " ".join(Path(path).name for path in shown)
    for prefix in ("motion-", "minister-letter-", "sign-on-letter-", "budget-submission-",
                   "invitation-"):  # fmt: skip
        assert prefix in names


@pytest.mark.parametrize("doctype", NEW)
def test_renders_from_its_example_answers(doctype: str, tmp_path: Path) -> None:
    result = advocate.draft(doctype, example_answers(doctype), out_dir=tmp_path, now=NOW)
    assert result.output is not None
    text = docx_text(result.output)
    for expected in KEY_TEXT[doctype]:
        assert expected in text, expected
    props = docx.Document(str(result.output)).core_properties
    assert props.author == "Northside Newcomer Centre"


@pytest.mark.parametrize("doctype", NEW)
def test_renders_from_required_answers_alone(doctype: str) -> None:
    """Optional questions left unanswered never reach StrictUndefined."""
    template = load_template(doctype)
    required = {q.id for q in template.questions if q.required}
    answers = {k: v for k, v in example_answers(doctype).items() if k in required}
    result = advocate.draft(doctype, answers, dry_run=True, now=NOW)
    assert result.text.strip()


@pytest.mark.parametrize("doctype", NEW)
@pytest.mark.parametrize("locale", LOCALES)
def test_renders_in_every_locale_the_built_in_templates_offer(doctype: str, locale: str) -> None:
    template = load_template(doctype)
    (question,) = [q for q in template.questions if q.id == "locale"]
    assert question.choice_values() == list(LOCALES)
    result = advocate.draft(doctype, example_answers(doctype) | {"locale": locale}, dry_run=True)
    written = format_date(result.answers["document_date"], locale)
    assert written in result.text.replace("\\", "")
    assert (written[0].isdigit()) == (locale not in ("en-CA", "en-US"))  # 3 December / December 3


def _hostile_answers(doctype: str) -> dict[str, Any]:
    """The example answers with every free-text answer, list item and record field hostile."""
    answers = example_answers(doctype)
    for question in load_template(doctype).questions:
        if question.id not in answers or question.rules.pattern:
            continue
        if question.type in (QuestionType.TEXT, QuestionType.LONG_TEXT):
            answers[question.id] = f"{question.id} {HOSTILE}"
        elif question.type is QuestionType.LIST:
            answers[question.id] = [f"{question.id} {HOSTILE}" for _ in answers[question.id]]
        elif question.type is QuestionType.RECORDS:
            text_fields = [f.id for f in question.fields if f.type is QuestionType.TEXT]
            answers[question.id] = [
                record | {field: f"{field}{index} {HOSTILE}" for field in text_fields}
                for index, record in enumerate(answers[question.id])
            ]
    return answers


def _shape(markdown: str) -> tuple[list[str], collections.Counter[str]]:
    """Block token types, and how often each kind of inline markup occurs."""
    tokens = MD.parse(markdown)
    inline: collections.Counter[str] = collections.Counter(
        child.type
        for token in tokens
        for child in token.children or []
        if child.type not in ("text", "softbreak", "hardbreak")
    )
    return [t.type for t in tokens], inline


@pytest.mark.parametrize("doctype", ATTACKED)
def test_hostile_answers_add_no_markdown_structure(doctype: str) -> None:
    plain = advocate.draft(doctype, example_answers(doctype), dry_run=True, now=NOW)
    hostile = advocate.draft(doctype, _hostile_answers(doctype), dry_run=True, now=NOW)
    assert _shape(hostile.text) == _shape(plain.text)
    html = MD.render(hostile.text)
    assert "<script>" not in html and 'evil.example"' not in html
    assert "{{ 7*7 }}" in html


@pytest.mark.parametrize("doctype", ATTACKED)
def test_hostile_answers_appear_literally_in_the_word_file(doctype: str, tmp_path: Path) -> None:
    result = advocate.draft(doctype, _hostile_answers(doctype), output=tmp_path / "h.docx")
    text = docx_text(result.output)
    assert HOSTILE in text
    document = docx.Document(str(result.output))
    marked = [p.text for p in document.paragraphs if "bold?" in p.text]
    assert marked and all("**bold?**" in t and "~~x~~" in t for t in marked)
    package = zipfile.ZipFile(result.output)
    assert "evil.example" not in package.read("word/_rels/document.xml.rels").decode()
    assert "&lt;script&gt;" in package.read("word/document.xml").decode()


def test_motion_resolved_clauses_are_numbered_paragraphs_of_their_own(tmp_path: Path) -> None:
    answers = example_answers("motion")
    result = advocate.draft("motion", answers, output=tmp_path / "m.docx")
    paragraphs = docx.Document(str(result.output)).paragraphs
    clauses = []
    for clause in answers["resolved"]:
        (found,) = [p for p in paragraphs if clause["who"] in p.text and "direct" in p.text]
        clauses.append(found)
    assert len({id(p._p) for p in clauses}) == len(answers["resolved"]) == 3
    for paragraph in clauses:
        style = paragraph.style.name if paragraph.style else ""
        numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
        assert style.startswith("List Number") or numbered, style
        assert paragraph.text.startswith("City Council direct ")
    whereas = [p for p in paragraphs if p.text.startswith("WHEREAS ")]
    assert len(whereas) == len(answers["whereas"])
    assert all("(source: " in p.text for p in whereas)


def test_motion_leaves_blank_lines_for_an_unknown_mover_and_seconder() -> None:
    answers = example_answers("motion") | {"mover": "", "seconder": ""}
    text = advocate.draft("motion", answers, dry_run=True).text
    html = MD.render(text)
    assert html.count("____________________") == 2
    assert "Moved by:</strong> ____" in html and "Seconded by:</strong> ____" in html


@pytest.mark.parametrize(
    ("route", "words"),
    [("notice", "give notice of motion"), ("committee", "related item on its agenda"),
     ("unsure", "two usual routes")],
)  # fmt: skip
def test_motion_notes_how_it_reaches_the_floor(route: str, words: str) -> None:
    text = advocate.draft("motion", example_answers("motion") | {"route": route}, dry_run=True)
    assert "how a motion reaches the floor" in text.text
    assert words in text.text


def test_minister_letter_without_a_resolution_or_copies() -> None:
    answers = example_answers("minister-letter") | {
        "council_resolution": "", "local_representative": "", "mayor": "",
        "government_level": "federal",
    }  # fmt: skip
    text = advocate.draft("minister-letter", answers, dry_run=True).text
    assert "Our council's decision" not in text and "cc:" not in text
    assert "one change in federal policy" in text
    both = advocate.draft("minister-letter", example_answers("minister-letter"), dry_run=True)
    assert "cc: Jane Doe, MPP for Toronto Centre\\\nMayor Alex Morgan" in both.text
    assert "MM12.3" in both.text


def test_budget_submission_works_out_the_cost_per_person() -> None:
    answers = example_answers("budget-submission") | {"amount": 90000, "people_served": 700}
    text = advocate.draft("budget-submission", answers, dry_run=True).text
    assert "| $90,000 | 700 | $128.57 |" in text
    french = advocate.draft("budget-submission", answers | {"locale": "fr-CA"}, dry_run=True)
    assert "| 90\u00a0000\u00a0$ | 700 | 128,57\u00a0$ |" in french.text


def test_meeting_invitation_for_a_councillor_and_for_residents() -> None:
    answers = example_answers("meeting-invitation")
    residents = advocate.draft("meeting-invitation", answers, dry_run=True).text
    assert "Dear neighbours" in residents and "immigration status" in residents
    assert "by Saturday, November 21, 2026" in residents
    councillor = advocate.draft(
        "meeting-invitation",
        answers | {"audience": "councillor", "councillor_name": "Councillor Jordan Lee",
                   "childcare": ""},
        dry_run=True,
    ).text  # fmt: skip
    assert "Dear Councillor Jordan Lee," in councillor
    assert "immigration status" not in councillor
    assert "**Childcare:** not available at this meeting" in councillor


def _fifty_organisations(folder: Path) -> tuple[Path, list[str]]:
    """A coalition's CSV, in no particular order, with the headers a person would type."""
    names = [f"Organisation {number:02d} {word}" for number, word in zip(
        range(50, 0, -1), ["Food Bank", "Legal Clinic", "Tenants", "Mosque", "Church"] * 10,
        strict=True)]  # fmt: skip
    path = folder / "orgs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "City", "Contact", "Notes"])
        for number, name in enumerate(names):
            writer.writerow(
                [name, "Toronto" if number % 2 else "Hamilton", f"org{number}@x.org", ""]
            )
    return path, names


def test_sign_on_letter_lists_fifty_organisations_from_a_csv(tmp_path: Path) -> None:
    path, names = _fifty_organisations(tmp_path)
    signatories = signatories_from_rows(path)
    assert len(signatories) == 50 and set(signatories[0]) == {"name", "city", "contact"}
    answers = example_answers("sign-on-letter") | {"signatories": signatories}
    result = advocate.draft("sign-on-letter", answers, output=tmp_path / "letter.docx")
    text = docx_text(result.output)
    assert "Signed by 50 organisations" in text
    assert "the 50 organisations listed" in text
    (table,) = docx.Document(str(result.output)).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["#", "Organisation", "City", "Contact"]
    assert [row[1] for row in rows[1:]] == sorted(names, key=str.casefold)
    assert [row[0] for row in rows[1:]] == [str(n) for n in range(1, 51)]
    assert all(name in text for name in names)


def test_sign_on_letter_from_the_command_line_with_set_rows(tmp_path: Path) -> None:
    path, names = _fifty_organisations(tmp_path)
    answers = {k: v for k, v in example_answers("sign-on-letter").items() if k != "signatories"}
    given = build_file_tree(tmp_path, {"a.yaml": advocate_yaml(answers)})["a.yaml"]
    out = tmp_path / "letter.md"
    run_cli("draft", "sign-on-letter", "--answers", given, "--set-rows", f"signatories={path}",
            "--no-input", "--format", "md", "-o", out)  # fmt: skip
    text = out.read_text(encoding="utf-8")
    assert "## Signed by 50 organisations" in text
    assert text.index(names[-1]) < text.index(names[0])  # sorted: 01 before 50


def advocate_yaml(answers: dict[str, Any]) -> str:
    """Answers as YAML, the way an answers file holds them."""
    return yaml.safe_dump(answers, allow_unicode=True, sort_keys=False)


def test_set_rows_refuses_a_question_that_is_not_records(tmp_path: Path) -> None:
    path, _ = _fifty_organisations(tmp_path)
    result = run_cli("draft", "sign-on-letter", "--set-rows", f"subject={path}", "--no-input",
                     expect=1)  # fmt: skip
    assert "'subject' is no records question of sign-on-letter (they are: signatories)" in (
        result.stderr
    )
    result = run_cli("draft", "sign-on-letter", "--set-rows", "signatories", "--no-input", expect=1)
    assert "is not QUESTION_ID=FILE" in result.stderr


def test_signatories_need_a_name_in_every_row(tmp_path: Path) -> None:
    files = build_file_tree(tmp_path, {
        "no-name.csv": "City,Contact\nToronto,a@x.org\n",
        "blank.csv": "Organisation,City\nEastside Legal Clinic,Toronto\n,Hamilton\n",
        "yaml.yaml": "- {organisation: Harbour Food Bank, city: Mississauga}\n",
    })  # fmt: skip
    with pytest.raises(DataFileError, match=r"no-name.csv:1: has no 'name' column"):
        signatories_from_rows(files["no-name.csv"])
    with pytest.raises(DataFileError, match=r"blank.csv:3: this row has no name"):
        signatories_from_rows(files["blank.csv"])
    assert signatories_from_rows(files["yaml.yaml"]) == [
        {"name": "Harbour Food Bank", "city": "Mississauga"}
    ]
    assert issubclass(DataFileError, AdvocateError)
    assert advocate.signatories_from_rows is signatories_from_rows


def test_playbook_steps_suggest_the_new_types() -> None:
    suggested = {
        playbook.id: {doc for step in playbook.steps for doc in step.documents}
        for playbook in list_playbooks()
    }
    assert {"motion", "minister-letter"} <= suggested["louder-voice"]
    assert "motion" in suggested["recognise-role"] and "motion" in suggested["shape-agenda"]
    assert "meeting-invitation" in suggested["connect-communities"]
    assert "sign-on-letter" in suggested["shape-agenda"] | suggested["louder-voice"]
    assert "budget-submission" in suggested["shape-agenda"]
    assert set(NEW) <= set().union(*suggested.values())


@pytest.mark.libreoffice
def test_new_types_convert_in_libreoffice(tmp_path: Path) -> None:
    for doctype in NEW:
        result = advocate.draft(
            doctype, example_answers(doctype), output=tmp_path / f"{doctype}.docx", now=NOW
        )
        text = " ".join(pdf_to_text(docx_to_pdf(result.output, tmp_path)).split())
        for expected in KEY_TEXT[doctype]:
            assert expected in text, (doctype, expected)
        if doctype == "motion":
            for number in (1, 2, 3):
                assert f"{number}. City Council direct the " in text

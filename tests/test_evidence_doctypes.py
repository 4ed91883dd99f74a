"""The evidence tools and the speaking script pass the checks every document type passes.

intake-tally, story-consent, community-survey and speaking-script render from their example
answers and from their required answers alone, in every locale, with hostile answers kept
literal; none of the evidence tools asks about immigration status.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

import advocate
from advocate.locales import LOCALES, format_date
from advocate.templates import load_template
from conftest import NOW, example_answers
from lo import docx_to_pdf, pdf_page_count, pdf_to_text
from test_new_doctypes import MD, docx_text

TOOLS = ["intake-tally", "story-consent", "community-survey"]
NEW = [*TOOLS, "speaking-script"]
KEY_TEXT = {
    "intake-tally": ["Barriers at city services", "Week 4", "Library card", "Total"],
    "story-consent": ["Consent to share your story", "withdraw", "amina@northside.example.org"],
    "community-survey": ["Using city services", "anonymous", "Public health clinics"],
    "speaking-script": ["Speaking script", "item EC12.3", "What we ask", "If they ask"],
}
# Words that would ask about status; in fixed text they may appear only in a promise not to ask.
STATUS = re.compile(r"status|citizen|visa|passport|immigration document|permanent resident", re.I)
NEGATION = re.compile(r"\b(never|not|no|nothing|without)\b", re.I)


@pytest.mark.parametrize("doctype", NEW)
def test_renders_from_its_example_answers(doctype: str, tmp_path: Path) -> None:
    result = advocate.draft(doctype, example_answers(doctype), out_dir=tmp_path, now=NOW)
    assert result.output is not None
    text = docx_text(result.output)
    for expected in KEY_TEXT[doctype]:
        assert expected in text, expected
    assert docx.Document(str(result.output)).core_properties.author == "Northside Newcomer Centre"


@pytest.mark.parametrize("doctype", NEW)
def test_renders_from_required_answers_alone(doctype: str) -> None:
    template = load_template(doctype)
    required = {q.id for q in template.questions if q.required}
    answers = {k: v for k, v in example_answers(doctype).items() if k in required}
    assert advocate.draft(doctype, answers, dry_run=True, now=NOW).text.strip()


@pytest.mark.parametrize("doctype", NEW)
@pytest.mark.parametrize("locale", LOCALES)
def test_renders_in_every_locale(doctype: str, locale: str) -> None:
    (question,) = [q for q in load_template(doctype).questions if q.id == "locale"]
    assert question.choice_values() == list(LOCALES)
    result = advocate.draft(doctype, example_answers(doctype) | {"locale": locale}, dry_run=True)
    shown = {"intake-tally": "period_start", "story-consent": "keep_until",
             "community-survey": "return_by", "speaking-script": "meeting_date"}[doctype]  # fmt: skip
    written = format_date(result.answers[shown], locale)
    assert written in result.text.replace("\\", "")


@pytest.mark.parametrize("doctype", ["speaking-script", "community-survey", "intake-tally"])
def test_a_hash_at_the_end_of_an_answer_in_a_heading_stays_text(doctype: str) -> None:
    answers = example_answers(doctype)
    key = {"speaking-script": "ask", "community-survey": "survey_title",
           "intake-tally": "tally_title"}[doctype]  # fmt: skip
    answers[key] = "Fund the program #"
    html = MD.render(advocate.draft(doctype, answers, dry_run=True).text)
    assert "Fund the program #</h" in html


def _fixed_text(doctype: str) -> list[str]:
    """The template's own words: its Markdown body and every label, help and choice label."""
    template = load_template(doctype)
    body = Path(template.path).read_text(encoding="utf-8").split("\n---\n", 1)[1]
    texts = [body]
    for question in template.questions:
        texts += [question.label, question.help or ""]
        texts += [choice.label for choice in question.choices]
    return texts


@pytest.mark.parametrize("doctype", TOOLS)
def test_no_question_or_fixed_text_asks_about_status(doctype: str) -> None:
    sentences = [s for text in _fixed_text(doctype) for s in re.split(r"(?<=[.?!:])\s+", text)]
    mentions = [s for s in sentences if STATUS.search(s)]
    for sentence in mentions:
        assert NEGATION.search(sentence), sentence
    rendered = advocate.draft(doctype, example_answers(doctype), dry_run=True).text
    for line in rendered.splitlines():
        if STATUS.search(line):
            assert NEGATION.search(line), line


def test_the_survey_and_the_tally_promise_not_to_ask() -> None:
    survey = advocate.draft("community-survey", example_answers("community-survey"), dry_run=True)
    assert "We do not ask about immigration status, citizenship or documents" in survey.text
    assert "do not write your name" in survey.text
    tally = advocate.draft("intake-tally", example_answers("intake-tally"), dry_run=True).text
    assert "nothing about anyone's immigration status" in tally


def test_the_tally_has_a_column_per_week_and_dates_them() -> None:
    answers = example_answers("intake-tally") | {"weeks": 2, "services": ["Pools"],
                                                 "barriers": ["No interpreter"]}  # fmt: skip
    text = advocate.draft("intake-tally", answers, dry_run=True).text
    assert "| Service | Week 1 | Week 2 | Total |" in text
    assert "| Pools |   |   |   |" in text
    assert "week 2 from Monday, November 9, 2026" in text and "Week 3" not in text
    html = MD.render(text)
    assert html.count("<table>") == 2


def test_the_consent_form_lists_only_the_chosen_uses_and_how_to_withdraw() -> None:
    answers = example_answers("story-consent") | {"uses": ["newsletter"], "contact_phone": "",
                                                  "keep_until": None}  # fmt: skip
    text = advocate.draft("story-consent", answers, dry_run=True).text
    assert "In our newsletter or on our website." in text
    assert "council or committee meeting" not in text
    assert "withdraw your consent at any time" in text
    assert "until the end of this campaign" in text and "by phone" not in text
    for choice in ("Use my name", "Use my first name only", "Use no name"):
        assert choice in text


def test_the_speaking_script_never_invents_a_time_limit() -> None:
    answers = example_answers("speaking-script") | {"speaking_minutes": None}
    text = advocate.draft("speaking-script", answers, dry_run=True).text
    assert "the limit is not known yet: ask the clerk" in text
    time_line = next(line for line in text.splitlines() if line.startswith("**Time:**"))
    assert not re.search(r"\d", time_line)
    given = advocate.draft("speaking-script", example_answers("speaking-script"), dry_run=True)
    assert "**Time:** 5 minutes; stop when the chair calls time." in given.text


def test_the_speaking_script_opening_points_ask_and_close_are_large() -> None:
    answers = example_answers("speaking-script") | {"heard_by": "council"}
    html = MD.render(advocate.draft("speaking-script", answers, dry_run=True).text)
    spoken = re.findall(r"<h2>(.*?)</h2>", html)
    assert spoken[0].startswith("Good evening, Mayor and members of council. My name is Amina")
    assert "item EC12.3, Access to City Services for All Residents." in spoken[0]
    assert [s[:2] for s in spoken[1:4]] == ["1:", "2:", "3:"]
    assert spoken[4].startswith("What we ask: Direct the General Manager")
    assert spoken[5].startswith("Thank you")


def test_the_speaking_script_with_one_point_and_no_questions() -> None:
    answers = example_answers("speaking-script") | {"reasons": ["One strong point."],
                                                    "likely_questions": []}  # fmt: skip
    text = advocate.draft("speaking-script", answers, dry_run=True).text
    assert "**2. The point**" in text and "## One strong point. ##" in text
    assert "If they ask" not in text


@pytest.mark.libreoffice
def test_new_types_convert_in_libreoffice_and_the_script_fits_one_page(tmp_path: Path) -> None:
    for doctype in NEW:
        result = advocate.draft(
            doctype, example_answers(doctype), output=tmp_path / f"{doctype}.docx", now=NOW
        )
        pdf = docx_to_pdf(result.output, tmp_path)
        text = " ".join(pdf_to_text(pdf).split())
        for expected in KEY_TEXT[doctype]:
            assert expected in text, (doctype, expected)
        if doctype == "speaking-script":
            assert pdf_page_count(pdf) == 1

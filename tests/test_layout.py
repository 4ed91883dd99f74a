"""Layout in the Word XML: signature blocks, keep-with-next headings, table widths, greetings.

What these look like on paper is checked in LibreOffice by ``test_layout_lo.py``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]
from markdown_it import MarkdownIt

import advocate
from advocate.batch.many import draft_many
from advocate.models import DocumentMeta
from advocate.word.layout import CELL_PADDING, CHAR_WIDTH, column_widths
from advocate.word.writer import render_docx
from conftest import NOW, example_answers

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
META = DocumentMeta(title="t", author="a", created=NOW)


def paragraphs(markdown: str) -> list[tuple[str, set[str]]]:
    """(text, names of the w:pPr children) of each body paragraph of the rendered document."""
    data = render_docx(markdown, META)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    result = []
    for p in root.iter(f"{W}p"):
        props = p.find(f"{W}pPr")
        names = {child.tag.removeprefix(W) for child in props} if props is not None else set()
        result.append(("".join(p.itertext()), names))
    return result


def test_a_signature_block_keeps_its_paragraphs_together_and_prints_no_marker() -> None:
    body = paragraphs(
        "Thanks.\n\n::: signature\n\nSincerely,\n\nAmina\\\nDirector\n\n:::\n\nP.S.\n"
    )
    texts = [text for text, _ in body]
    assert "::: signature" not in texts and ":::" not in texts
    by_text = dict(body)
    assert {"keepNext", "keepLines"} <= by_text["Sincerely,"]
    assert "keepLines" in by_text["AminaDirector"] and "keepNext" not in by_text["AminaDirector"]
    assert not {"keepNext", "keepLines"} & by_text["P.S."]
    assert "keepNext" in by_text["Thanks."] and "keepLines" not in by_text["Thanks."]


def test_a_keep_block_keeps_its_own_paragraphs_but_not_the_one_before() -> None:
    body = paragraphs("Before.\n\n::: keep\n\n**1. Opening**\n\nGood evening.\n\n:::\n\nAfter.\n")
    by_text = dict(body)
    assert "::: keep" not in by_text and ":::" not in by_text
    assert {"keepNext", "keepLines"} <= by_text["1. Opening"]
    assert "keepLines" in by_text["Good evening."] and "keepNext" not in by_text["Good evening."]
    assert not {"keepNext", "keepLines"} & by_text["Before."]
    assert not {"keepNext", "keepLines"} & by_text["After."]


def test_an_escaped_answer_never_opens_a_signature_block() -> None:
    draft = advocate.draft(
        "thank-you-letter",
        {**example_answers("thank-you-letter"), "offer": "::: signature"},
        dry_run=True,
        now=NOW,
    )
    assert "\\::: signature" in draft.text


def test_headings_keep_with_the_next_paragraph_and_the_first_paragraph_has_a_gap() -> None:
    body = paragraphs("November 20, 2026\n\n## Purpose\n\nText.\n")
    assert "spacing" in body[0][1]
    assert "keepNext" in body[1][1]
    assert "spacing" not in body[2][1]


def cells(*rows: tuple[str, ...]) -> list[list[tuple[object, str]]]:
    """Table rows as the body builder collects them (inline tokens of each cell)."""
    markdown = "| " + " | ".join(rows[0]) + " |\n|" + "---|" * len(rows[0]) + "\n"
    markdown += "".join("| " + " | ".join(row) + " |\n" for row in rows[1:])
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    result: list[list[tuple[object, str]]] = []
    for token in tokens:
        if token.type == "tr_open":
            result.append([])
        elif token.type == "inline":
            result[-1].append((token, ""))
    return result


def test_short_cells_such_as_times_get_room_for_one_line() -> None:
    rows = cells(
        ("Time", "Item", "Kind", "Lead", "Minutes"),
        (
            "6:30 p.m.",
            "1. Agree who speaks at committee on December 3",
            "Decision",
            "Amina Yusuf",
            "15",
        ),
    )
    for total in (9070, 9360):  # A4 and Letter text widths
        widths = column_widths(rows, 5, total)  # type: ignore[arg-type]
        assert sum(widths) <= total
        assert widths[0] >= len("6:30 p.m.") * CHAR_WIDTH + CELL_PADDING
        assert widths[3] >= len("Amina Yusuf") * CHAR_WIDTH + CELL_PADDING
        assert widths[1] == max(widths)


def test_greetings_use_title_and_surname_or_who_hears_the_deputation() -> None:
    thanks = example_answers("thank-you-letter")
    del thanks["honorific"], thanks["last_name"]
    mayor = {**thanks, "recipient": "Mayor Olivia Chow"}
    assert (
        "Dear Mayor Chow," in advocate.draft("thank-you-letter", mayor, dry_run=True, now=NOW).text
    )
    plain = {**thanks, "recipient": "Jordan Lee"}
    assert (
        "Dear Jordan Lee," in advocate.draft("thank-you-letter", plain, dry_run=True, now=NOW).text
    )
    council = {**example_answers("deputation-letter"), "heard_by": "council"}
    text = advocate.draft("deputation-letter", council, dry_run=True, now=NOW).text
    assert "Dear Mayor and Members of Council," in text


def test_nothing_is_printed_for_sender_details_the_profile_lacks() -> None:
    for doctype in ("briefing-note", "deputation-letter", "thank-you-letter"):
        answers = example_answers(doctype)
        for key in ("organisation_address", "organisation_website", "contact_phone"):
            answers[key] = ""
        text = advocate.draft(doctype, answers, dry_run=True, now=NOW).text
        signature = text.split("::: signature")[1]
        lines = [line.rstrip("\\") for line in signature.splitlines() if line.strip()]
        assert lines[-2] == "amina@northside.example.org" and lines[-1] == ":::"


def test_a_given_surname_wins_over_the_default_from_the_last_word() -> None:
    answers = {**example_answers("thank-you-letter"), "recipient": "Councillor Ana María Pérez Li"}
    del answers["honorific"]
    answers["last_name"] = "Pérez Li"  # a batch row's last_name column answers the same question
    text = advocate.draft("thank-you-letter", answers, dry_run=True, now=NOW).text
    assert "Dear Councillor Pérez Li," in text


def test_a_batch_rows_last_name_column_sets_the_greeting(tmp_path: Path) -> None:
    shared = {k: v for k, v in example_answers("thank-you-letter").items()
              if k not in ("recipient", "honorific", "last_name")}  # fmt: skip
    rows = [{"recipient": "Mayor Olivia Chow", "last_name": "Chow-Layton"}]
    results = list(draft_many("thank-you-letter", rows, shared, out_dir=tmp_path, fmt="md",
                              jobs=1, now=NOW, name_pattern="letter"))  # fmt: skip
    assert [result.status for result in results] == ["written"]
    assert "Dear Mayor Chow-Layton," in (tmp_path / "letter.md").read_text(encoding="utf-8")

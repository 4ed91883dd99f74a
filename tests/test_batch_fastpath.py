"""The batch fast path (advocate.batch.fastpath) writes exactly the documents the plain path writes.

Every built-in document type is drafted twice from the same rows, once with the fast path and
once with ``ADVOCATE_BATCH_FAST=0``, and every member of every .docx is compared. The rows differ
in every column and hold hostile values: Markdown, XML, Jinja and placeholder syntax, the probe
values themselves, very long, empty, non-ASCII, right-to-left, newlines, tabs, control characters.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path

import pytest

from advocate import api
from advocate.batch import worker
from advocate.batch.fastpath import VARIABLE, FastPath, structural_names
from advocate.batch.filing import write_new
from advocate.batch.many import WRITTEN, draft_many
from advocate.batch.plan import batch_settings
from advocate.errors import OutputExistsError
from advocate.models import QuestionType
from advocate.templates import load_template, template_names
from advocate.word.stencil import Stencil, literal_safe
from advocate.word.zipsplice import Splice
from conftest import NOW

HOSTILE = [
    "Councillor Ann Lee, Ward 3",
    "**bold** _em_ `code` [link](https://x.org) <b>tag</b> # not a heading",
    "1. not a list",
    "- not a bullet",
    "> not a quote | not | a table |",
    "Tom & Jerry <North> \"quoted\" 'single' &amp; &#169; &lt; ]]>",
    "{{ organisation }} {% if x %}jinja{% endif %} {# comment #}",
    "[organisation] [footer] ::: signature",
    ":::",
    "Zq0Kv",  # the fast path's own probe values
    "Wj0Xp Hy0Lm Rb0Tc and a longer tail to change every width",
    "x" * 3000,
    "",
    "Zoë Ağaoğlu 中文 😀 \u00e9\u0301",
    "line one\nline two",
    "  padded  value  ",
    "مرحبا بالعالم Ward 5",
    "tab\there",
    "control\x07char\x0c",
    "back\\slash\\",
    "https://example.org/a_b*c",
]


def rows_for(columns: list[str]) -> list[dict[str, str]]:
    """One row per hostile value; column k takes value i + k, so rows differ in every column."""
    count = len(HOSTILE)
    return [
        {column: HOSTILE[(i + k * 3) % count] for k, column in enumerate(columns)}
        for i in range(count)
    ]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def both_ways(doctype, rows, tmp_path, monkeypatch, answers=None):
    """Draft the rows the fast way and the plain way; return both results by row and folders."""
    template = load_template(doctype) if isinstance(doctype, str) else doctype
    shared = dict(answers if answers is not None else template.example_answers)
    for column in rows[0]:
        shared.pop(column, None)
    found = {}
    for way in ("fast", "plain"):
        monkeypatch.setenv(VARIABLE, "1" if way == "fast" else "0")
        out = tmp_path / way
        results = draft_many(template, rows, shared, out_dir=out, now=NOW, jobs=1)
        found[way] = ({r.row: r for r in results}, out, worker._STATE.get("fast"))
    return found


def assert_same(found):
    fast, plain = found["fast"][0], found["plain"][0]
    assert fast.keys() == plain.keys()
    written = 0
    for row, result in plain.items():
        other = fast[row]
        error = other.error.replace(str(found["fast"][1]), str(found["plain"][1]))
        assert (other.status, error) == (result.status, result.error)
        assert (other.path and other.path.name) == (result.path and result.path.name)
        if result.status == WRITTEN:
            written += 1
            a, b = members(other.path), members(result.path)
            assert a.keys() == b.keys()
            for name in b:
                assert a[name] == b[name], (row, name)
    return written


@pytest.mark.parametrize("doctype", template_names())
def test_fast_and_plain_documents_are_identical_for_hostile_rows(doctype, tmp_path, monkeypatch):
    template = load_template(doctype)
    settings = batch_settings(template, sources=[], fmt="docx", letterhead=None,
                              overwrite=False, combine=None, template_dirs=(), now=NOW)  # fmt: skip
    fillable = sorted(FastPath(settings).fillable)
    text = [q.id for q in template.questions if q.type == QuestionType.TEXT]
    found = both_ways(template, rows_for(text), tmp_path / "all", monkeypatch)
    assert_same(found)  # every text question from the rows: mostly the plain path
    filled = 0
    for index, column in enumerate(fillable):  # one column at a time: the fast path's case
        values = [HOSTILE[(index * 5 + i) % len(HOSTILE)] for i in range(6)]
        rows = [{column: value} for value in values]
        found = both_ways(template, rows, tmp_path / column, monkeypatch)
        assert_same(found)
        filled += found["fast"][2].filled
    assert filled > 0  # some answer of every document type is filled, not rendered


def test_the_recipient_of_a_briefing_note_takes_the_fast_path(tmp_path, monkeypatch):
    rows = [
        {"name": value or "N", "district_name": f"Ward {i}", "elected_office": "Councillor"}
        for i, value in enumerate(HOSTILE)
    ]
    found = both_ways("briefing-note", rows, tmp_path, monkeypatch)
    written = assert_same(found)
    fast = found["fast"][2]
    assert written == len(rows)
    literal = [r for r in rows if literal_safe(f"Councillor {r['name']}, {r['district_name']}")]
    # parsing cleans some values (outer spaces, line ends) and makes them fillable too;
    # right-to-left values always take the plain path
    assert len(literal) <= fast.filled < len(rows)
    assert not fast.reasons


TEMPLATE = """---
title: Probe
output: "probe"
questions:
  - id: recipient
    label: Recipient
  - id: ward
    label: Ward
  - id: note
    label: Note
    required: false
---
# Note for you

Dear {{ recipient }},

{{ BODY }}
"""

STRUCTURAL = {
    "upper": "{{ recipient | upper }}",
    "compare": '{% if recipient == "Ann" %}Hello Ann{% endif %}',
    "loop": "{% for c in recipient %}{{ c }}{% endfor %}",
    "length": "({{ recipient | length }} characters)",
}


@pytest.mark.parametrize("use", sorted(STRUCTURAL))
def test_a_value_used_other_than_printed_is_never_filled(use, tmp_path, monkeypatch):
    path = tmp_path / "probe.md.j2"
    path.write_text(TEMPLATE.replace("{{ BODY }}", STRUCTURAL[use]), encoding="utf-8")
    template = load_template(str(path))
    assert "recipient" in structural_names(template)
    rows = [{"recipient": name, "ward": f"W{i}"} for i, name in enumerate(["Ann", "Bo", "Cy"])]
    found = both_ways(template, rows, tmp_path, monkeypatch, answers={})
    assert assert_same(found) == 3
    assert found["fast"][2].filled == 0


PLACES = {
    "table cell (column widths follow the text)": "| A | B |\n|---|---|\n| {{ ward }} | x |",
    "title (core properties)": "",
    "link target": "[site](https://example.org/{{ ward }})",
    "code span (no escapes)": "`{{ ward }}`",
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_value_outside_plain_run_text_is_never_filled(place, tmp_path, monkeypatch):
    body = PLACES[place]
    source = TEMPLATE.replace("{{ BODY }}", body)
    if not body:
        source = source.replace("# Note for you", "# Note for {{ ward }}")
    path = tmp_path / "probe.md.j2"
    path.write_text(source, encoding="utf-8")
    template = load_template(str(path))
    rows = [{"ward": value} for value in ["North & <South>", "Ward *5*", "East", "West"]]
    found = both_ways(template, rows, tmp_path, monkeypatch, answers={"recipient": "Ann"})
    assert assert_same(found) == 4
    fast = found["fast"][2]
    assert fast.filled == 0 and fast.reasons


def test_a_splice_of_the_same_member_gives_the_same_zip():
    template = load_template("briefing-note")
    planned = api.plan_draft(template, dict(template.example_answers), now=NOW)
    data = api.document_bytes(planned, fmt="docx", letterhead=None)
    splice = Splice.read(data, "word/document.xml")
    assert splice.with_member(splice.member, zlib.crc32(splice.member)) == data
    changed = splice.member.replace(b"Jordan", b"Jordan &amp; Lee")
    with zipfile.ZipFile(io.BytesIO(splice.with_member(changed, zlib.crc32(changed)))) as archive:
        assert archive.testzip() is None
        assert archive.read("word/document.xml") == changed


def test_a_stencil_needs_the_values_to_differ_only_as_text():
    template = load_template("briefing-note")
    probes = []
    for value in ("Alpha", "Beta Gamma"):
        answers = {**template.example_answers, "recipient": value, "subject": value}
        planned = api.plan_draft(template, answers, now=NOW)
        probes.append(
            ({"recipient": value}, api.document_bytes(planned, fmt="docx", letterhead=None))
        )
    stencil, reason = Stencil.build(probes)  # the subject is the title: core.xml differs
    assert stencil is None and "other than the document body" in reason


def test_literal_safe_values():
    assert literal_safe("Tom & Jerry <North> **x** {{ y }} 中文")
    for value in ("", " x", "x ", "a  b", "a\nb", "a\tb", "مرحبا", "\x07", None, 5, "a\u200bb"):
        assert not literal_safe(value)


def test_write_new_is_atomic_and_never_replaces(tmp_path):
    target = tmp_path / "sub" / "a.docx"
    write_new(target, b"one", overwrite=False)
    assert target.read_bytes() == b"one"
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    with pytest.raises(OutputExistsError):
        write_new(target, b"two", overwrite=False)
    assert target.read_bytes() == b"one"
    write_new(target, b"three", overwrite=True)
    assert target.read_bytes() == b"three"
    assert sorted(p.name for p in target.parent.iterdir()) == ["a.docx"]  # no temporary left


def test_write_new_makes_a_folder_removed_meanwhile_again(tmp_path):
    target = tmp_path / "out" / "a.docx"
    write_new(target, b"one", overwrite=False)
    target.unlink()
    target.parent.rmdir()
    write_new(target.with_name("b.docx"), b"two", overwrite=False)
    assert target.with_name("b.docx").read_bytes() == b"two"

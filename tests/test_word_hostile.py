"""Hostile letterheads: refused with a LetterheadError or cleaned, never a crash.

The corpus is built here, in memory: a zip bomb, a zip that lies about its sizes, XML parts with a
DOCTYPE (external entity, billion laughs), a remote attached template, a mail-merge data source and
a linked picture. Each is checked the way drafting and ``advocate templates check`` meet it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from advocate.errors import LetterheadError
from advocate.models import DocumentMeta
from advocate.word.prepared import MAX_FILE_BYTES
from advocate.word.screening import MAX_PARTS, MAX_UNPACKED_BYTES, screen_letterhead
from advocate.word.writer import DocxWriter, check_letterhead
from conftest import example_answers, run_cli
from word_support import packaged_letterhead

CREATED = dt.datetime(2026, 11, 20, 9, 30)
META = DocumentMeta(title="Note", author="North Ward", created=CREATED, header_text="Org")
REMOTE = "http://example.invalid/x.dotm"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADVOCATE_CACHE_DIR", str(tmp_path / "cache"))


@pytest.fixture(scope="module")
def plain_parts() -> dict[str, bytes]:
    buffer = io.BytesIO()
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "[organisation]"
    document.save(buffer)
    archive = zipfile.ZipFile(buffer)
    return {name: archive.read(name) for name in archive.namelist()}


def _zip(parts: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _with(parts: dict[str, bytes], changes: dict[str, bytes]) -> dict[str, bytes]:
    return {**parts, **changes}


def _rel(rid: str, kind: str, target: str) -> bytes:
    """One relationship to an outside target."""
    return (f'<Relationship Id="{rid}" Type="{R_NS}/{kind}" Target="{target}" '
            'TargetMode="External"/>').encode()  # fmt: skip


def _rels(*rels: bytes) -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    return b'<?xml version="1.0"?><Relationships xmlns="%s">%s</Relationships>' % (
        ns.encode(),
        b"".join(rels),
    )


def _add_rel(parts: dict[str, bytes], rel: bytes) -> dict[str, bytes]:
    """The parts with one more relationship from the main document."""
    name = "word/_rels/document.xml.rels"
    return _with(parts, {name: parts[name].replace(b"</Relationships>", rel + b"</Relationships>")})


def _settings(extra: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
        f'{extra}<w:defaultTabStop w:val="720"/></w:settings>'
    ).encode()


def _all_text(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


# -- zip bombs ------------------------------------------------------------------------------------


def _bomb(path: Path, plain_parts: dict[str, bytes], size: int) -> Path:
    """A real letterhead plus one part of ``size`` zeros, deflated a thousandfold."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in plain_parts.items():
            archive.writestr(name, data)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as zeros:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                zeros.write(chunk)
    return path


def test_zip_bomb_is_refused_without_inflating_it(
    tmp_path: Path, plain_parts: dict[str, bytes]
) -> None:
    path = _bomb(tmp_path / "bomb.docx", plain_parts, 200 << 20)
    assert path.stat().st_size < MAX_UNPACKED_BYTES // 100
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LetterheadError, match=r"unpack to 21\d MB, over the 100 MB.*zip bomb"):
            DocxWriter(path)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000
    assert elapsed < 5


@pytest.mark.parametrize("crc_of_declared", [False, True])
def test_zip_lying_about_its_sizes_is_never_inflated(
    tmp_path: Path, plain_parts: dict[str, bytes], crc_of_declared: bool
) -> None:
    """A related part declares 1 KB but inflates to 64 MB: refused, or kept as its first 1 KB.

    With the CRC of its first 1 KB, ``zipfile`` accepts the part as 1 KB, yet its ``read()``
    would inflate all 64 MB at once: python-docx must only ever see the screened copy.
    """
    path = tmp_path / "liar.docx"
    types = plain_parts["[Content_Types].xml"].replace(
        b"<Default ",
        b'<Default Extension="bin" ContentType="application/octet-stream"/><Default ',
        1,
    )
    parts = _add_rel(_with(plain_parts, {"[Content_Types].xml": types}),
                     b'<Relationship Id="rId96" Type="%s/image" Target="media/zeros.bin"/>'
                     % R_NS.encode())  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("word/media/zeros.bin", bytes(64 << 20))
    data = bytearray(path.read_bytes())
    local = zipfile.ZipFile(path).getinfo("word/media/zeros.bin").header_offset
    central = data.rindex(b"PK\x01\x02")  # the last entry is the zeros
    small = (1024).to_bytes(4, "little")
    data[local + 22 : local + 26] = data[central + 24 : central + 28] = small
    if crc_of_declared:
        crc = zlib.crc32(bytes(1024)).to_bytes(4, "little")
        data[local + 14 : local + 18] = data[central + 16 : central + 20] = crc
    path.write_bytes(bytes(data))
    tracemalloc.start()
    try:
        if crc_of_declared:
            DocxWriter(path).render("Body", META)
        else:
            with pytest.raises(
                LetterheadError, match=r"'word/media/zeros\.bin' cannot be unpacked"
            ):
                DocxWriter(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000


def test_too_many_parts_are_refused(tmp_path: Path, plain_parts: dict[str, bytes]) -> None:
    parts = dict(plain_parts)
    parts.update({f"customXml/empty{n}.bin": b"" for n in range(MAX_PARTS)})
    with pytest.raises(LetterheadError, match=rf"holds {MAX_PARTS + len(plain_parts)} parts"):
        DocxWriter(_zip(parts, tmp_path / "many.docx"))


def test_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk space used
    with pytest.raises(LetterheadError, match=r"over the 50 MB a letterhead may take"):
        DocxWriter(path)


# -- DOCTYPE and entities -------------------------------------------------------------------------

XXE = b"""<?xml version="1.0"?><!DOCTYPE w:settings [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:settings xmlns:w="%s">&xxe;</w:settings>""" % W_NS.encode()
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
AMPLIFIED = (  # a billion laughs lxml stops itself, as an entity amplification
    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(9))
    + b"]><l>&j;</l>"
)
EXTERNAL_DTD = b'<!DOCTYPE Types PUBLIC "-//x//y" "http://example.invalid/types.dtd">'


def _doctype_in(part: bytes, doctype: bytes) -> bytes:
    """The part with a DOCTYPE after its XML declaration."""
    declaration, rest = part.split(b"?>", 1)
    return declaration + b"?>" + doctype + rest


@pytest.mark.parametrize(
    "case",
    ["xxe-settings", "laughs-custom-xml", "amplified", "laughs-svg", "external-dtd", "utf-16"],
)
def test_doctype_in_any_xml_part_is_refused(
    tmp_path: Path, plain_parts: dict[str, bytes], case: str
) -> None:
    types = plain_parts["[Content_Types].xml"]
    svg_type = b'<Default Extension="svg" ContentType="image/svg+xml"/><Default '
    changes = {
        "xxe-settings": {"word/settings.xml": XXE},
        "laughs-custom-xml": {"customXml/item1.xml": LAUGHS},
        "amplified": {"customXml/item1.xml": AMPLIFIED},
        "laughs-svg": {
            "word/media/logo.svg": LAUGHS,
            "[Content_Types].xml": types.replace(b"<Default ", svg_type, 1),
        },
        "external-dtd": {"[Content_Types].xml": _doctype_in(types, EXTERNAL_DTD)},
        "utf-16": {"word/settings.xml": XXE.replace(b'"1.0"', b'"1.0" encoding="UTF-16"')
                   .decode().encode("utf-16")},
    }[case]  # fmt: skip
    path = _zip(_with(plain_parts, changes), tmp_path / "entities.docx")
    for attempt in (DocxWriter, check_letterhead):
        with pytest.raises(LetterheadError, match=r"has a DOCTYPE declaration.*save it again"):
            attempt(path)


@pytest.mark.parametrize("member", ["word/settings.xml", "customXml/item1.xml"])
def test_malformed_xml_part_is_refused(
    tmp_path: Path, plain_parts: dict[str, bytes], member: str
) -> None:
    parts = _with(plain_parts, {member: b"<?xml version='1.0'?><!-- no root -->"})
    path = _zip(parts, tmp_path / "bad.docx")
    with pytest.raises(LetterheadError, match=rf"'{re.escape(member)}' is not well-formed XML"):
        DocxWriter(path)


# -- links to outside files -----------------------------------------------------------------------


def test_remote_template_is_dropped_with_a_warning(
    tmp_path: Path, plain_parts: dict[str, bytes]
) -> None:
    changes = {
        "word/settings.xml": _settings('<w:attachedTemplate r:id="rId1"/>'),
        "word/_rels/settings.xml.rels": _rels(_rel("rId1", "attachedTemplate", REMOTE)),
    }
    path = _zip(_with(plain_parts, changes), tmp_path / "remote.docx")
    writer = DocxWriter(path)
    note = (f"The letterhead was attached to the template '{REMOTE}'; "
            "advocate leaves that link out of its documents.")  # fmt: skip
    assert writer.warnings[-1] == note and check_letterhead(path).notes == (note,)
    data = writer.render("Body", META)
    text = _all_text(data)
    assert "attachedTemplate" not in text and "example.invalid" not in text
    assert docx.Document(io.BytesIO(data)).paragraphs[0].text == "Body"
    warm = DocxWriter(path)  # from the cache: the same warning, the same document
    assert warm.warnings == writer.warnings and warm.render("Body", META) == data


def test_stray_template_relationship_is_dropped(
    tmp_path: Path, plain_parts: dict[str, bytes]
) -> None:
    parts = _add_rel(plain_parts, _rel("rId99", "attachedTemplate", REMOTE))
    writer = DocxWriter(_zip(parts, tmp_path / "stray.docx"))
    assert REMOTE in writer.warnings[-1]
    assert "example.invalid" not in _all_text(writer.render("Body", META))


def test_mail_merge_source_is_dropped(tmp_path: Path, plain_parts: dict[str, bytes]) -> None:
    merge = ('<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:query w:val="SELECT 1"/>'
             '<w:dataSource r:id="rId7"/></w:mailMerge>')  # fmt: skip
    changes = {
        "word/settings.xml": _settings(merge),
        "word/_rels/settings.xml.rels": _rels(_rel("rId7", "mailMergeSource", "file:///c:/x.xlsx")),
    }
    writer = DocxWriter(_zip(_with(plain_parts, changes), tmp_path / "merge.docx"))
    assert writer.warnings[-1] == (
        "The letterhead was a mail-merge document with the data source 'file:///c:/x.xlsx'; "
        "advocate leaves that link out of its documents."
    )
    text = _all_text(writer.render("Body", META))
    assert "mailMerge" not in text and "x.xlsx" not in text and "SELECT" not in text


def test_linked_picture_is_refused(tmp_path: Path, plain_parts: dict[str, bytes]) -> None:
    parts = _add_rel(plain_parts, _rel("rId98", "image", "http://example.invalid/pixel.png"))
    path = _zip(parts, tmp_path / "linked.docx")
    for attempt in (DocxWriter, check_letterhead):
        with pytest.raises(LetterheadError, match=r"outside file 'http://example\.invalid/pixel"):
            attempt(path)


def test_hyperlinks_in_a_letterhead_are_kept(tmp_path: Path, plain_parts: dict[str, bytes]) -> None:
    parts = _add_rel(plain_parts, _rel("rId97", "hyperlink", "https://example.org/"))
    path = _zip(parts, tmp_path / "hyperlink.docx")
    assert screen_letterhead(path, path.read_bytes()).notes == []
    assert check_letterhead(path).notes == ()
    assert "https://example.org/" in _all_text(DocxWriter(path).render("Body", META))


def test_ordinary_letterhead_passes_screening_unchanged(
    tmp_path: Path, plain_parts: dict[str, bytes]
) -> None:
    path = _zip(plain_parts, tmp_path / "ordinary.docx")
    screened = screen_letterhead(path, path.read_bytes())
    archive = zipfile.ZipFile(io.BytesIO(screened.data))
    assert {name: archive.read(name) for name in archive.namelist()} == plain_parts
    assert screened.notes == []


# -- the same screening through the command line --------------------------------------------------


def test_templates_check_and_draft_screen_the_same_way(
    tmp_path: Path, plain_parts: dict[str, bytes]
) -> None:
    changes = {
        "word/settings.xml": _settings('<w:attachedTemplate r:id="rId1"/>'),
        "word/_rels/settings.xml.rels": _rels(_rel("rId1", "attachedTemplate", REMOTE)),
    }
    remote = _zip(_with(plain_parts, changes), tmp_path / "remote.docx")
    result = run_cli("templates", "check", remote)
    assert f"The letterhead was attached to the template '{REMOTE}'" in result.stdout
    assert json.loads(run_cli("templates", "check", remote, "--json").stdout)["notes"] == [
        f"The letterhead was attached to the template '{REMOTE}'; "
        "advocate leaves that link out of its documents."
    ]
    bomb = _bomb(tmp_path / "bomb.docx", plain_parts, 200 << 20)
    checked = run_cli("templates", "check", bomb, expect=1)
    assert checked.stderr.startswith(f"Error: Letterhead {bomb}: it would unpack to 21")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(example_answers("briefing-note"), default=str))
    out = tmp_path / "out"
    out.mkdir()
    drafted = run_cli("draft", "briefing-note", "--answers", answers, "--no-input",
                      "--letterhead", bomb, "-o", out, expect=1)  # fmt: skip
    assert drafted.stderr == checked.stderr
    assert list(out.iterdir()) == []


# -- damaged parts: a seeded corpus of mutations ----------------------------------------------------

JUNK = (b"<", b">", b"/>", b"</w:p>", b"<w:p>", b'w:val="', b"&", b'r:id="rId99"', b"\x00", b"\xff",
        b'w:styleId=""', b"<w:sectPr/>", b"<w:hdr/>", b"99999999999999999999")  # fmt: skip


def _mutated(parts: dict[str, bytes], rng: random.Random) -> dict[str, bytes]:
    """The parts with one XML part cut, spliced or sprinkled with XML debris."""
    name = rng.choice(sorted(n for n in parts if n.endswith((".xml", ".rels"))))
    blob = bytearray(parts[name])
    for _ in range(rng.randint(1, 4)):
        at, pick = rng.randrange(len(blob) or 1), rng.random()
        if pick < 0.3:
            del blob[at : at + rng.randint(1, 40)]
        elif pick < 0.6:
            blob[at:at] = rng.choice(JUNK)
        else:
            start = rng.randrange(len(blob) or 1)
            blob[at:at] = blob[start : start + rng.randint(1, 60)]
    return _with(parts, {name: bytes(blob)})


def test_damaged_letterheads_render_or_are_refused(tmp_path: Path) -> None:
    """Whatever a damaged part does, the result is a document or a LetterheadError."""
    source = zipfile.ZipFile(io.BytesIO(packaged_letterhead()))
    parts = {name: source.read(name) for name in source.namelist()}
    rng = random.Random(13)  # a seed whose corpus crashed python-docx before the fix
    outcomes = {"rendered": 0, "refused": 0}
    for case in range(150):
        path = _zip(_mutated(parts, rng), tmp_path / f"damaged{case}.docx")
        try:
            DocxWriter(path).render(
                "# Title\n\n- a\n\n1. b\n\n| x | y |\n|---|---|\n| 1 | 2 |\n", META
            )
            check_letterhead(path)
            outcomes["rendered"] += 1
        except LetterheadError as err:
            assert str(err).startswith(f"Letterhead {path}: ") and "\n" not in str(err)
            outcomes["refused"] += 1
    assert outcomes["rendered"] >= 10 and outcomes["refused"] >= 10

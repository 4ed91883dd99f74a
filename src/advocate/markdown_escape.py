"""Cleaning and escaping user text so that it reads literally in Markdown and in Word.

An answer may contain ``*``, ``_``, ``#``, ``1.``, ``[x](y)``, ``|`` or ``<html>``: after
:func:`escape_markdown` none of them can change the document's structure.

Cleaning comes before escaping, never after: a control character in front of ``#`` would
otherwise keep the ``#`` from being escaped, and once the writer drops the control character
the Markdown parser would see a heading.
"""

from __future__ import annotations

import re

# Every way a line can end: CRLF, CR, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
_LINE_ENDS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What Word or XML cannot hold, or what only steers a terminal: C0 and C1 controls (tab and
# newline excepted), lone surrogates (from invalid UTF-8 decoded with surrogateescape) and
# the Unicode non-characters (U+FDD0..U+FDEF and the last two code points of every plane).
_UNWANTED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17))
    + "]"
)

# Characters that have a meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!{}])")
# Characters that only have a meaning at the start of a line (after optional spaces).
_LINE_START = re.compile(r"^(\s*)([#+\-=>:])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")
# A run of ``#`` at the end of a line, after a space: in a heading it would be read as the
# optional closing sequence and dropped ("We are #1 #" would lose its last character).
_CLOSING_HASHES = re.compile(r"(\s)(#+)$")


def clean_text(text: str) -> str:
    """Return text that Word can hold, with every kind of line ending turned into ``\\n``.

    Control characters (except tab and newline), lone surrogates and non-characters are
    removed. Nothing is ever turned into a line break except an actual line ending.
    """
    if text.isprintable():  # no control, separator, surrogate or non-character: nothing to do
        return text
    return _UNWANTED.sub("", _LINE_ENDS.sub("\n", text))


def escape_line(line: str) -> str:
    """Escape one line of user text for Markdown (clean it first with :func:`clean_text`)."""
    line = _INLINE.sub(r"\\\1", line.strip())
    line = _ORDERED.sub(r"\1\\\2", line)
    line = _CLOSING_HASHES.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\1\\\2", line)


def escape_markdown(text: str) -> str:
    """Clean and escape user text; its line breaks become hard line breaks, never new blocks."""
    lines = [escape_line(line) for line in clean_text(text).split("\n")]
    lines = [line for line in lines if line]
    return "\\\n".join(lines)


def escape_paragraphs(text: str) -> str:
    """Clean and escape user text, keeping blank-line separated paragraphs apart."""
    blocks = re.split(r"\n\s*\n", clean_text(text).strip())
    return "\n\n".join(escape_markdown(block) for block in blocks if block.strip())

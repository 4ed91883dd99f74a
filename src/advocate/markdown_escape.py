"""Escaping user text so that it reads literally in Markdown.

An answer may contain ``*``, ``_``, ``#``, ``1.``, ``[x](y)``, ``|`` or ``<html>``: after
:func:`escape_markdown` none of them can change the document's structure.
"""

from __future__ import annotations

import re

# Characters that have a meaning anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!{}])")
# Characters that only have a meaning at the start of a line (after optional spaces).
_LINE_START = re.compile(r"^(\s*)([#+\-=>:])")
_ORDERED = re.compile(r"^(\s*\d+)([.)])")


def escape_line(line: str) -> str:
    """Escape one line of user text for Markdown."""
    line = _INLINE.sub(r"\\\1", line.strip())
    line = _ORDERED.sub(r"\1\\\2", line)
    return _LINE_START.sub(r"\1\\\2", line)


def escape_markdown(text: str) -> str:
    """Escape user text; its own line breaks become hard line breaks, never new blocks."""
    lines = [escape_line(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    return "\\\n".join(lines)


def escape_paragraphs(text: str) -> str:
    """Escape user text, keeping blank-line separated paragraphs as separate paragraphs."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(escape_markdown(block) for block in blocks if block.strip())

"""The words around a footer's page fields in the document's language ("Page 1 de 2").

The packaged letterhead's footer reads ``Page {PAGE} of {NUMPAGES}`` in runs of plain text
around two fields. For a language whose catalogue words differ (``messages.page_words``), the run
``Page `` before the PAGE field and the run `` of `` between the two fields are rewritten. A user
letterhead whose footer uses other words (``1/2``, ``Seite 1 von 2``) is left as it is.
"""

from __future__ import annotations

from advocate.word.ooxml import Element, w

ENGLISH = ("Page ", " of ")


def translate_page_words(root: Element, words: tuple[str, str]) -> None:
    """Rewrite the English words around the page fields of a footer with ``words``."""
    for paragraph in root.iter(w("p")):
        fields = [
            node
            for node in paragraph.iter(w("fldSimple"), w("instrText"))
            if "PAGE" in (node.get(w("instr")) or node.text or "")
        ]
        if not fields:
            continue
        for text in paragraph.iter(w("t")):
            if text.text in ENGLISH:
                text.text = words[ENGLISH.index(text.text)]

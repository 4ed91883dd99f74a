"""The text functions of the document templates: answers as text, and the catalogue's words.

``plain_text`` writes a parsed answer the locale's way; ``finalize_markdown`` is the document
environment's last step for every ``{{ value }}`` (escaped for Markdown and typeset unless the
template built it, ``Raw``); ``message`` and ``greeting`` are the templates' ``t()`` and
``greeting()`` globals, taking fixed words from the locale's catalogue (``advocate.messages``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import jinja2

from advocate import locales, messages
from advocate.markdown_escape import escape_markdown


class Raw(str):
    """Text the template built itself; the document environment does not escape it."""

    __slots__ = ()


def finalize_markdown(context: jinja2.runtime.Context, value: Any) -> str:
    """Write a value for the document: escaped for Markdown unless the template built it."""
    if isinstance(value, Raw):
        return str(value)
    locale = context.get("locale")
    locale = locale if isinstance(locale, str) else None
    return escape_markdown(typeset(plain_text(value, locale), locale))


def typeset(text: str, locale: str | None) -> str:
    """Apply the locale's typography to an answer (French: non-breaking spaces before ``:;!?``)."""
    adjust = messages.answer_typography(locale)
    return adjust(text) if adjust is not None else text


def plain_text(value: Any, locale: str | None) -> str:
    """Write a parsed answer as text for a document, following the locale."""
    if value is None:
        return ""
    if isinstance(value, bool):
        key = "common.answer_yes" if value else "common.answer_no"
        return messages.catalogue_for(locale).get(key)
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return locales.format_date(value, locale)
    if isinstance(value, dt.time):
        return locales.format_time(value, locale)
    if isinstance(value, list | tuple):
        return ", ".join(plain_text(item, locale) for item in value)
    return str(value)


@jinja2.pass_context
def message(context: jinja2.runtime.Context, key: str, **values: Any) -> Raw:
    """``{{ t("section.key", name=value) }}``: a message of the locale's catalogue.

    The message is the template's own text (not escaped); each value is an answer, escaped
    and typeset like ``{{ value }}``, unless it is text the template built (``Raw``).
    """
    locale = context.get("locale")
    locale = locale if isinstance(locale, str) else None
    message = messages.catalogue_for(locale).get(key)
    if not values:
        return Raw(messages.fill(message, {}, key))
    texts = {
        name: str(value) if isinstance(value, Raw) else
        escape_markdown(typeset(plain_text(value, locale), locale))
        for name, value in values.items()
    }  # fmt: skip
    return Raw(messages.fill(message, texts, key))


@jinja2.pass_context
def greeting(
    context: jinja2.runtime.Context, title: Any, surname: Any, name: Any, gender: Any = None
) -> Raw:
    """The salutation for a person: by title and surname, or by name when there is no title.

    In a language whose salutation depends on gender (French: "Madame la Conseillère,"), the
    gendered form is used only when ``gender`` is ``feminine`` or ``masculine`` and the title
    has a translation (``titles.<gender>_<title>``); otherwise the catalogue's neutral form.
    """
    if not title:
        return message(context, "greeting.named", name=name)
    catalogue = messages.catalogue_for(context.get("locale"))
    if gender in ("feminine", "masculine"):
        key = f"titles.{gender}_{messages.title_key(str(title))}"
        if key in catalogue.messages:
            word = Raw(catalogue.messages[key])
            return message(context, f"greeting.titled_{gender}", title=word, surname=surname)
    return message(context, "greeting.titled", title=title, surname=surname)

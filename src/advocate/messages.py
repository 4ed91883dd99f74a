"""The fixed words of documents in each language: one small YAML catalogue per language.

A template writes its fixed text through ``{{ t("deputation.issue") }}`` and the words come from
``letter_templates/locales/<language>.yaml`` (``en.yaml``, ``fr.yaml``): adding a language is
adding a file with the same keys. A locale finds its catalogue by its language (``fr-CA`` reads
``fr.yaml``; every ``en-*`` reads ``en.yaml``); a locale without a catalogue uses English.

A catalogue file::

    language: fr
    typography: french        # or: plain
    messages:
      common:
        sincerely: Veuillez agréer nos salutations distinguées.
      deputation:
        meeting: "Réunion :"

Messages are grouped by section; a template names one as ``section.key``. ``{name}`` in a message
is filled from the keyword arguments of ``t()``. With ``typography: french`` every plain space
before ``:`` becomes a non-breaking space (U+00A0) and before ``;`` ``!`` ``?`` a narrow one
(U+202F), as are the spaces inside « guillemets »; this is applied to the fixed text once, when
the catalogue is loaded, and to the answers as they are inserted (only plain spaces already
typed in front of those marks change: nothing is added to or removed from an answer).
Catalogues are read once per process.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from advocate.errors import DefinitionError
from advocate.resources import data_dir
from advocate.schema import Context, check_keys, require_mapping
from advocate.yamlio import parse_yaml, plain

CATALOGUE_FOLDER = "locales"  # inside letter_templates
CATALOGUE_KEYS = ("language", "typography", "messages")
TYPOGRAPHIES = ("plain", "french")
DEFAULT_LANGUAGE = "en"
NBSP = "\u00a0"
NARROW_NBSP = "\u202f"
_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_FRENCH_SPACES = re.compile(r" ([:;!?»])|(«) ")


@dataclass(frozen=True)
class Catalogue:
    """The messages of one language, keyed ``section.key``, with its typography."""

    language: str
    typography: str
    messages: Mapping[str, str]
    path: str

    def get(self, key: str) -> str:
        """Return the message ``key``; a ValueError names the key and the catalogue file."""
        try:
            return self.messages[key]
        except KeyError:
            msg = f"no message '{key}' in the '{self.language}' catalogue ({self.path})"
            raise ValueError(msg) from None


def language_of(locale: str | None) -> str:
    """The language part of a locale: ``fr`` for ``fr-CA``, ``en`` by default."""
    return (locale or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].casefold() or "en"


def catalogue_names() -> list[str]:
    """The languages that have a packaged catalogue, sorted."""
    folder = data_dir("letter_templates") / CATALOGUE_FOLDER
    return sorted(
        entry.name.removesuffix(".yaml")
        for entry in folder.iterdir()
        if entry.is_file() and entry.name.endswith(".yaml")
    )


@functools.cache
def load_catalogue(language: str) -> Catalogue:
    """Read and check the catalogue of ``language`` (once per process).

    Raises:
        DefinitionError: The file breaks the catalogue schema (the message names the key).
    """
    name = language if language in catalogue_names() else DEFAULT_LANGUAGE
    entry = data_dir("letter_templates") / CATALOGUE_FOLDER / f"{name}.yaml"
    path = f"letter_templates/{CATALOGUE_FOLDER}/{name}.yaml"
    return parse_catalogue(entry.read_text(encoding="utf-8"), path)


def parse_catalogue(text: str, path: str) -> Catalogue:
    """Parse a catalogue file's text; French typography is applied to every message here."""
    ctx = Context(path, {})
    data = require_mapping(ctx, parse_yaml(text, path), "the catalogue")
    check_keys(ctx, data, CATALOGUE_KEYS, "a message catalogue")
    language, typography = data.get("language"), data.get("typography", "plain")
    if not isinstance(language, str) or not language:
        raise DefinitionError(path, "'language' must name the language, e.g. fr", key="language")
    if typography not in TYPOGRAPHIES:
        problem = f"'typography' is {typography!r}; use one of: {', '.join(TYPOGRAPHIES)}"
        raise DefinitionError(path, problem, key="typography")
    sections = require_mapping(ctx, data.get("messages"), "'messages'", "messages")
    fix = french_spacing if typography == "french" else str
    messages: dict[str, str] = {}
    for section, entries in sections.items():
        group = require_mapping(ctx, entries, f"section '{section}'", f"messages.{section}")
        for key, message in group.items():
            if not isinstance(message, str):
                problem = f"the message is {type(message).__name__}, not text"
                raise DefinitionError(path, problem, key=f"messages.{section}.{key}")
            messages[f"{section}.{key}"] = fix(message)
    return Catalogue(language, typography, messages, path)


_BY_LOCALE: dict[str | None, Catalogue] = {}


def catalogue_for(locale: str | None) -> Catalogue:
    """The catalogue a document in ``locale`` uses (a dictionary look-up after the first time)."""
    catalogue = _BY_LOCALE.get(locale)
    if catalogue is None:
        catalogue = _BY_LOCALE[locale] = load_catalogue(language_of(locale))
    return catalogue


def french_spacing(text: str) -> str:
    """Make the plain space before ``: ; ! ? »`` and after ``«`` non-breaking.

    The space is narrow (U+202F) before ``; ! ?``, full (U+00A0) before ``:`` and ``»`` and after
    ``«``. Only a space that is already there changes; nothing is added or removed.
    """
    if " " not in text:
        return text
    return _FRENCH_SPACES.sub(_french_space, text)


def _french_space(match: re.Match[str]) -> str:
    mark = match.group(1)
    if mark is None:
        return "«" + NBSP
    return (NBSP if mark in ":»" else NARROW_NBSP) + mark


_TYPOGRAPHY: dict[str, Callable[[str], str] | None] = {}


def answer_typography(locale: str | None) -> Callable[[str], str] | None:
    """The function that adjusts an answer's spaces in ``locale``, or ``None`` (most locales)."""
    key = locale or ""
    if key not in _TYPOGRAPHY:
        french = catalogue_for(locale).typography == "french"
        _TYPOGRAPHY[key] = french_spacing if french else None
    return _TYPOGRAPHY[key]


def fill(message: str, values: Mapping[str, str], key: str) -> str:
    """Put ``values`` (already escaped) into the ``{name}`` places of a message."""
    if "{" not in message:
        return message

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            given = ", ".join(sorted(values)) or "none"
            msg = f"message '{key}' needs a value for {{{name}}} (given: {given})"
            raise ValueError(msg)
        return values[name]

    return _PLACEHOLDER.sub(value, message)


@functools.cache
def example_answers(language: str) -> Mapping[str, Mapping[str, Any]]:
    """The demo's example answers in ``language``, by document type (``locales/examples/``).

    Each type's answers replace the template's own example answers of the same id. A top-level
    key starting with ``_`` only holds answers shared through YAML anchors. A language without
    a file has none.

    Raises:
        DefinitionError: The file is not a mapping of document types to mappings of answers.
    """
    entry = data_dir("letter_templates") / CATALOGUE_FOLDER / "examples" / f"{language}.yaml"
    if not entry.is_file():
        return {}
    path = f"letter_templates/{CATALOGUE_FOLDER}/examples/{language}.yaml"
    ctx = Context(path, {})
    data = require_mapping(ctx, parse_yaml(entry.read_text(encoding="utf-8"), path), "the file")
    return {
        doctype: plain(require_mapping(ctx, answers, f"'{doctype}'", doctype))
        for doctype, answers in data.items()
        if not doctype.startswith("_")
    }


def title_key(title: str) -> str:
    """The key of a title in the ``titles`` section: ``Councillor`` → ``councillor``."""
    return re.sub(r"\W+", "_", title.casefold()).strip("_")


def page_words(locale: str | None) -> tuple[str, str] | None:
    """The words around the page fields of a footer ("Page ", " de "), or ``None`` for English.

    ``None`` leaves the letterhead's own words ("Page 1 of 2") as they are.
    """
    catalogue = catalogue_for(locale)
    if catalogue.language == DEFAULT_LANGUAGE:
        return None
    before, _, rest = catalogue.get("common.page_of").partition("{page}")
    between = rest.partition("{pages}")[0]
    return before, between

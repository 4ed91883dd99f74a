"""The evidence kit: where a campaign's numbers come from, and the tools to gather its own.

The sources live in ``evidence_sources/sources.yaml`` (packaged like the council cards). A source
gives a web address only where the project's references hold one; otherwise it says what to
search for, or names the document type that gathers the evidence (``intake-tally``,
``community-survey``, ``story-consent``), which :mod:`advocate.evidence_tools` drafts into a
folder. Listing the sources never loads the drafting machinery (Jinja, the Word writer).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from advocate.resources import data_dir, packaged_files
from advocate.schema import KEBAB_ID, Context, check_keys, get_str, require_mapping
from advocate.yamlio import Located, parse_yaml

SOURCES_FILE = "sources.yaml"
TEMPLATE_SUFFIX = ".md.j2"
SOURCE_KEYS = ("id", "name", "country", "gives", "url", "search", "draft")
NOTE_KEYS = ("text", "source")
ANY_COUNTRY = "any"
WEB = ("http://", "https://")


@dataclass(frozen=True)
class EvidenceSource:
    """One place evidence comes from.

    Attributes:
        id: Kebab-case identifier.
        name: What the source is called.
        country: The country it covers, or ``any``.
        gives: What it gives a campaign.
        url: Its web address ('' when the references hold none).
        search: What to search for when there is no address.
        draft: The document type that gathers this evidence yourself.
    """

    id: str
    name: str
    country: str
    gives: str
    url: str = ""
    search: str = ""
    draft: str = ""

    @property
    def where(self) -> str:
        """Where to find it, in words: the address, a search, or the command that drafts it."""
        if self.url:
            return self.url
        if self.search:
            return f"search for {self.search}"
        return f"advocate draft {self.draft}  (or: advocate evidence copy {self.draft} DIR)"


@dataclass(frozen=True)
class SafetyNote:
    """Advice on gathering evidence safely, with its source."""

    text: str
    source: str


@dataclass(frozen=True)
class EvidenceKit:
    """The sources and the safety notes of the kit."""

    sources: tuple[EvidenceSource, ...]
    notes: tuple[SafetyNote, ...]

    @property
    def tools(self) -> tuple[str, ...]:
        """The document types the kit drafts, in file order."""
        return tuple(source.draft for source in self.sources if source.draft)


def parse_kit(text: str, path: str | Path) -> EvidenceKit:
    """Parse and check the evidence sources file.

    Raises:
        DataFileError: The text is not valid YAML.
        DefinitionError: An unknown key, a missing field, a source with none or more than one of
            url, search and draft, an address that is not a web address, a draft that names no
            built-in document type, or a repeated id.
    """
    ctx = Context(path)
    data = require_mapping(ctx, parse_yaml(text, path), "the evidence sources file")
    check_keys(ctx, data, ("sources", "notes"), "the evidence sources file")
    raw_sources, raw_notes = data.get("sources"), data.get("notes", [])
    if not isinstance(raw_sources, list) or not raw_sources:
        raise ctx.error(data, "sources", "'sources' must be a non-empty list")
    if not isinstance(raw_notes, list):
        raise ctx.error(data, "notes", "'notes' must be a list")
    sources: list[EvidenceSource] = []
    for item in raw_sources:
        source = _parse_source(ctx, require_mapping(ctx, item, "a source", "sources"))
        if source.id in {known.id for known in sources}:
            raise ctx.error(item, "id", f"source id '{source.id}' is used twice")
        sources.append(source)
    notes = []
    for item in raw_notes:
        note = require_mapping(ctx, item, "a note", "notes")
        check_keys(ctx, note, NOTE_KEYS, "a note")
        notes.append(SafetyNote(_words(get_str(ctx, note, "text")), _web(ctx, note, "source")))
    return EvidenceKit(tuple(sources), tuple(notes))


def _words(text: str) -> str:
    return " ".join(text.split())


def _web(ctx: Context, data: Located, key: str) -> str:
    value = get_str(ctx, data, key)
    if not value.startswith(WEB):
        raise ctx.error(data, key, f"'{key}' is not a web address: '{value}'")
    return value


def _parse_source(ctx: Context, data: Located) -> EvidenceSource:
    check_keys(ctx, data, SOURCE_KEYS, "a source")
    source_id = get_str(ctx, data, "id")
    if not KEBAB_ID.match(source_id):
        raise ctx.error(data, "id", f"source id '{source_id}' is not kebab-case")
    where = [key for key in ("url", "search", "draft") if data.get(key) is not None]
    if len(where) != 1:
        problem = f"source '{source_id}' needs exactly one of url, search and draft"
        raise ctx.error(data, where[1] if where else "id", f"{problem} (it has {len(where)})")
    url = _web(ctx, data, "url") if where == ["url"] else ""
    doctype = get_str(ctx, data, "draft", required=False)
    built_in = list(packaged_files("letter_templates", TEMPLATE_SUFFIX))
    if doctype and doctype not in built_in:
        accepted = ", ".join(built_in)
        problem = f"'draft' names no built-in document type: '{doctype}' (accepted: {accepted})"
        raise ctx.error(data, "draft", problem)
    return EvidenceSource(
        id=source_id,
        name=get_str(ctx, data, "name"),
        country=get_str(ctx, data, "country"),
        gives=_words(get_str(ctx, data, "gives")),
        url=url,
        search=_words(get_str(ctx, data, "search", required=False)),
        draft=doctype,
    )


@functools.cache
def load_kit() -> EvidenceKit:
    """The packaged evidence kit (read once per process)."""
    entry = data_dir("evidence_sources") / SOURCES_FILE
    return parse_kit(entry.read_text(encoding="utf-8"), f"evidence_sources/{SOURCES_FILE}")


def countries(kit: EvidenceKit | None = None) -> list[str]:
    """The countries some source is specific to, sorted."""
    found = {s.country for s in (kit or load_kit()).sources if s.country != ANY_COUNTRY}
    return sorted(found)


def sources_for(country: str | None = None, kit: EvidenceKit | None = None) -> list[EvidenceSource]:
    """The sources for one country (ignoring case) and those for any country; all without one."""
    sources = (kit or load_kit()).sources
    if not country:
        return list(sources)
    wanted = " ".join(country.split()).casefold()
    return [s for s in sources if s.country.casefold() in (wanted, ANY_COUNTRY)]

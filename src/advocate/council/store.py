"""Finding procedure cards: a user's own (config folder) before the built-in ones.

A bare name (``toronto``, or a card's full name such as ``City of Toronto``) is looked up
in ``<config>/councils`` and then among the built-in cards; a reference with a path separator
or ending in ``.yaml`` is a file. ``init`` and ``set`` write user cards.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from advocate.council.cards import (
    CARD_KEYS,
    FACTS,
    UNKNOWN,
    parse_card,
    read_yaml,
    require_sources,
    rule_data,
)
from advocate.council.models import Card, Fact
from advocate.errors import DataFileError, DefinitionError, NotFoundError
from advocate.outputs import write_text_atomic
from advocate.profile import config_dir
from advocate.resources import packaged_files
from advocate.yamlio import Located, dump_yaml, plain, read_text

SUFFIXES = (".yaml", ".yml")
DEFAULT_CARD = "my-council.yaml"
_HEADER = (
    "# A council procedure card for advocate. Replace 'unknown' with what the clerk or the\n"
    "# council's website says, and give the address you read it at as 'source'.\n"
    "# Check it with: advocate council check FILE\n"
)


def user_card_dir() -> Path:
    """Where a user's own cards live: ``<config>/councils``."""
    return config_dir() / "councils"


def default_card_path() -> Path:
    """The user card ``council init`` and ``council set`` use when no file is given."""
    return user_card_dir() / DEFAULT_CARD


def is_file_reference(ref: str) -> bool:
    """Whether ``ref`` names a file rather than a card."""
    return "/" in ref or "\\" in ref or ref.endswith(SUFFIXES)


def load_card_file(path: Path, *, origin: str = "user") -> Card:
    """Load and validate a card file.

    Raises:
        DataFileError: The file cannot be read or is not YAML.
        DefinitionError: The card breaks the schema.
    """
    return parse_card(read_text(path), path, origin=origin)


def builtin_cards() -> list[Card]:
    """Every built-in card, sorted by id; each known fact carries a web source."""
    cards = []
    for name, entry in packaged_files("councils", ".yaml").items():
        card = parse_card(entry.read_text(encoding="utf-8"), f"councils/{name}.yaml")
        require_sources(card)
        cards.append(card)
    return cards


def user_cards(folder: Path | None = None) -> list[Card]:
    """Every card in the user's folder (``<config>/councils`` by default), sorted by file name."""
    root = folder or user_card_dir()
    if not root.is_dir():
        return []
    paths = sorted(p for p in root.iterdir() if p.is_file() and p.suffix in SUFFIXES)
    return [load_card_file(path) for path in paths]


def all_cards(folder: Path | None = None) -> list[Card]:
    """User cards first, then the built-in cards whose id no user card takes."""
    mine = user_cards(folder)
    taken = {card.id for card in mine}
    return mine + [card for card in builtin_cards() if card.id not in taken]


def resolve_card(ref: str, *, folder: Path | None = None) -> Card:
    """Find a card by file, id or council name (user cards first).

    Args:
        ref: A path, a card id (``toronto``) or a council name (``City of Toronto``).
        folder: The user card folder; ``<config>/councils`` by default.

    Returns:
        The card.

    Raises:
        NotFoundError: No card has that id or name; the message lists the ids.
        DataFileError: The file cannot be read.
        DefinitionError: The card breaks the schema.
    """
    if is_file_reference(ref):
        return load_card_file(Path(ref).expanduser())
    cards = all_cards(folder)
    wanted = ref.strip().casefold()
    for card in cards:
        if wanted in (card.id, card.name.casefold()):
            return card
    kind = "council card"
    raise NotFoundError(kind, ref, [card.id for card in cards])


def card_id_for(path: Path) -> str:
    """A kebab-case card id from a file name (``Riverside Town.yaml`` gives ``riverside-town``)."""
    return re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "my-council"


def card_skeleton(card_id: str, name: str, time_zone: str, base: Card | None = None) -> str:
    """The YAML text of a new user card: every key, unknown facts written as ``unknown``.

    Args:
        card_id: The kebab-case id.
        name: The council's name.
        time_zone: An IANA time zone.
        base: A card to start from (its known facts and sources are copied).

    Returns:
        The card text, valid as it stands.
    """
    facts: dict[str, Any] = {}
    for key in FACTS:
        fact = base.fact(key) if base else None
        if fact is None or not fact.known:
            facts[key] = UNKNOWN
        else:
            facts[key] = _fact_data(fact)
    data = {
        "id": card_id,
        "name": name,
        "country": base.country if base else "",
        "time_zone": time_zone,
        "description": base.description if base else "",
        "facts": facts,
        "holidays": [day.isoformat() for day in base.holidays] if base else [],
        "meetings": [],
    }
    return _HEADER + dump_yaml(data)


def _fact_data(fact: Fact) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if fact.rules:
        entry["rules"] = [rule_data(rule) for rule in fact.rules]
    else:
        entry["value"] = fact.value
    entry["source"] = fact.source
    if fact.note:
        entry["note"] = fact.note
    return entry


def write_card(path: Path, text: str, *, overwrite: bool = False) -> Card:
    """Validate card text and write it atomically.

    Raises:
        DefinitionError: The text is not a valid card.
        OutputExistsError: The file exists and ``overwrite`` is false.
    """
    card = parse_card(text, path, origin="user")
    write_text_atomic(path, text, overwrite=overwrite)
    return card


def set_card_value(path: Path, key: str, raw: str, *, source: str = "", note: str = "") -> Card:
    """Set one key of a user card (a fact, or name, time_zone, holidays, meetings) and save it.

    A fact's VALUE ``unknown`` makes it unknown again; a deadline's VALUE is a YAML rule or list
    of rules such as ``{time: "16:30", days_before: 1}``; holidays and meetings take YAML lists.

    Args:
        path: The user card file.
        key: A fact key or a card key.
        raw: The new value, read as YAML.
        source: Where the fact comes from (facts only).
        note: A qualification (facts only).

    Returns:
        The saved card.

    Raises:
        NotFoundError: The key is not a card or fact key.
        DefinitionError: The new value breaks the schema.
    """
    if not path.exists():
        raise DataFileError(path, "no such card: create it with 'advocate council init'")
    data = read_yaml(read_text(path), path)
    if not isinstance(data, Located):
        raise DefinitionError(path, "a council card must be a mapping")
    value = read_yaml(raw, f"the value of {key}") if raw.strip() else ""
    value = plain(value)
    if key in FACTS:
        facts = data.setdefault("facts", {})
        facts[key] = _new_fact(key, value, source, note)
    elif key in CARD_KEYS and key not in ("facts", "id"):
        data[key] = value
    else:
        kind = "card key"
        raise NotFoundError(kind, key, [*FACTS, "name", "time_zone", "holidays", "meetings"])
    text = _HEADER + dump_yaml(plain(data))
    return write_card(path, text, overwrite=True)


def _new_fact(key: str, value: Any, source: str, note: str) -> Any:
    if value in (UNKNOWN, "", None):
        return UNKNOWN
    entry: dict[str, Any] = {}
    if FACTS[key][1] == "rule":
        entry["rules"] = value if isinstance(value, list) else [value]
    else:
        entry["value"] = value
    if source:
        entry["source"] = source
    if note:
        entry["note"] = note
    return entry


def check_card_file(path: Path, *, strict_sources: bool = False) -> Card:
    """Validate a card file (``council check``); ``strict_sources`` also demands web sources.

    Raises:
        DataFileError: The file cannot be read or is not YAML.
        DefinitionError: The card breaks the schema.
    """
    card = load_card_file(path)
    if strict_sources:
        require_sources(card)
    return card

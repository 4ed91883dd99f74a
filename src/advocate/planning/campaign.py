"""Campaign files (``*.campaign.yaml``): one organisation's progress through one or more playbooks.

A campaign records the playbooks (id and version), the municipal context, the target date (or,
until one is known, an estimate counted from rough weeks, kept apart so that no document takes
it for the meeting date), every answer given so far, the status of each step and the documents
drafted, and (optionally) the council whose procedure card sets the deadlines. It is saved
atomically after every answer, so an interruption loses nothing; a file that cannot be read is
reported with its line and column and is never overwritten. The ``answers`` mapping is what
``advocate draft --campaign FILE`` reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from advocate.errors import CampaignError, DataFileError, DefinitionError
from advocate.outputs import write_atomic, write_text_atomic
from advocate.planning.models import CAMPAIGN_NAMES, CONTEXTS, STATUSES, Playbook
from advocate.schema import Context, check_keys
from advocate.yamlio import Located, dump_yaml, parse_yaml, plain, read_text

CAMPAIGN_SUFFIX = ".campaign.yaml"
FORMAT_VERSION = 1
CAMPAIGN_KEYS = (
    "format", "playbooks", *CAMPAIGN_NAMES, "estimated_target_date", "council", "created",
    "updated", "answers", "steps", "documents",
)  # fmt: skip
_HEADER = (
    "# An advocate campaign: your answers and progress. It is saved after every answer.\n"
    "# Go on with:  advocate plan --resume --campaign {name}\n"
    "# Draft from it:  advocate draft DOCTYPE --campaign {name}\n"
)


@dataclass(frozen=True)
class PlaybookRef:
    """A playbook a campaign follows, with the version its answers were given for."""

    id: str
    version: int


@dataclass
class StepState:
    """Progress on one step: its status, and when its questions were last walked through."""

    status: str = "todo"
    walked: str | None = None
    updated: str | None = None


@dataclass(frozen=True)
class DraftedDocument:
    """A document drafted from the campaign's answers."""

    doctype: str
    path: str
    step: str
    drafted: str


@dataclass
class Campaign:
    """The state of a campaign, as saved in its file (answers are plain YAML data)."""

    path: Path
    playbooks: list[PlaybookRef]
    municipal_context: str | None = None
    target_date: dt.date | None = None
    council_has_strategy: bool | None = None
    estimated_target_date: dt.date | None = None
    council: str | None = None  # a procedure card: its id, a council name or a card file
    answers: dict[str, Any] = field(default_factory=dict)
    steps: dict[str, dict[str, StepState]] = field(default_factory=dict)
    documents: list[DraftedDocument] = field(default_factory=list)
    created: str = ""
    updated: str = ""

    @property
    def playbook_ids(self) -> list[str]:
        """The ids of the campaign's playbooks, in order."""
        return [ref.id for ref in self.playbooks]

    def settings(self) -> dict[str, Any]:
        """The campaign-wide values that ``when`` conditions may use."""
        return {name: getattr(self, name) for name in CAMPAIGN_NAMES}

    def due_basis(self) -> tuple[dt.date | None, bool]:
        """The date due dates count back from, and whether it is only an estimate."""
        if self.target_date is not None:
            return self.target_date, False
        return self.estimated_target_date, self.estimated_target_date is not None

    def step_state(self, playbook_id: str, step_id: str) -> StepState:
        """The state of a step (a fresh ``todo`` state when it has none yet)."""
        return self.steps.setdefault(playbook_id, {}).setdefault(step_id, StepState())

    def set_status(self, playbook_id: str, step_id: str, status: str, *, now: dt.datetime) -> None:
        """Mark a step ``todo``, ``done`` or ``skipped``."""
        if status not in STATUSES:
            msg = f"Unknown step status '{status}'. Use one of: {', '.join(STATUSES)}."
            raise CampaignError(self.path, msg)
        state = self.step_state(playbook_id, step_id)
        state.status = status
        state.updated = stamp(now)


def stamp(now: dt.datetime) -> str:
    """A timestamp as written in campaign files."""
    return now.replace(microsecond=0).isoformat()


def default_campaign_path(playbook_ids: Sequence[str], folder: Path) -> Path:
    """``open-services.campaign.yaml`` (several playbooks are joined with ``+``) in ``folder``."""
    return folder / f"{'+'.join(playbook_ids)}{CAMPAIGN_SUFFIX}"


def new_campaign(
    path: Path, playbooks: Sequence[Playbook], *, now: dt.datetime, settings: Mapping[str, Any]
) -> Campaign:
    """A campaign that has not been saved yet, following ``playbooks``."""
    campaign = Campaign(
        path=path,
        playbooks=[PlaybookRef(playbook.id, playbook.version) for playbook in playbooks],
        created=stamp(now),
        updated=stamp(now),
    )
    apply_settings(campaign, settings)
    return campaign


def apply_settings(campaign: Campaign, settings: Mapping[str, Any]) -> None:
    """Set the municipal context, target date (or its estimate) and strategy flag.

    A date the person gave replaces any estimate; an estimate never replaces a given date.
    """
    if settings.get("municipal_context") is not None:
        campaign.municipal_context = str(settings["municipal_context"])
    if settings.get("target_date") is not None:
        campaign.target_date = settings["target_date"]
        campaign.estimated_target_date = None
    elif settings.get("estimated_target_date") is not None and campaign.target_date is None:
        campaign.estimated_target_date = settings["estimated_target_date"]
    if settings.get("council_has_strategy") is not None:
        campaign.council_has_strategy = bool(settings["council_has_strategy"])
    if settings.get("council"):
        campaign.council = str(settings["council"])


# --- saving ------------------------------------------------------------------------------


def campaign_data(campaign: Campaign) -> dict[str, Any]:
    """The campaign as plain data, in file order (``estimated_target_date`` only when set)."""
    data = {
        "format": FORMAT_VERSION,
        "playbooks": [{"id": ref.id, "version": ref.version} for ref in campaign.playbooks],
        "municipal_context": campaign.municipal_context,
        "target_date": _iso(campaign.target_date),
        "council_has_strategy": campaign.council_has_strategy,
        "estimated_target_date": _iso(campaign.estimated_target_date),
        "council": campaign.council,
        "created": campaign.created,
        "updated": campaign.updated,
        "answers": dict(campaign.answers),
        "steps": {
            playbook_id: {
                step_id: {key: value for key, value in vars(state).items() if value is not None}
                for step_id, state in states.items()
            }
            for playbook_id, states in campaign.steps.items()
        },
        "documents": [vars(document).copy() for document in campaign.documents],
    }
    for optional in ("estimated_target_date", "council"):
        if data[optional] is None:
            del data[optional]
    return data


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def save_campaign(campaign: Campaign, *, now: dt.datetime) -> None:
    """Write the campaign atomically: the file is replaced whole or not at all.

    Raises:
        OutputError: The file cannot be written.
    """
    campaign.updated = stamp(now)
    text = _HEADER.format(name=campaign.path.name) + _dump(campaign_data(campaign))
    write_text_atomic(campaign.path, text, overwrite=True)


def _dump(data: dict[str, Any]) -> str:
    """Block-style YAML through libyaml when present: saving happens after every answer."""
    dumper = getattr(yaml, "CSafeDumper", None)
    if dumper is None:
        return dump_yaml(data)
    text: str = yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    return text


def backup_campaign(campaign: Campaign) -> Path:
    """Copy the campaign file as it is on disk to ``FILE.bak`` and return that path."""
    backup = campaign.path.with_name(campaign.path.name + ".bak")
    write_atomic(backup, campaign.path.read_bytes(), overwrite=True)
    return backup


# --- loading -----------------------------------------------------------------------------


def load_campaign(path: Path) -> Campaign:
    """Read and check a campaign file.

    Raises:
        CampaignError: The file is missing, is not valid YAML, or holds something a campaign
            cannot; the message gives the line (and column for YAML errors).
    """
    try:
        data = parse_yaml(read_text(path), path)
    except DataFileError as err:
        raise CampaignError(path, err.problem, line=err.line, column=err.column) from None
    if not isinstance(data, Located):
        raise CampaignError(path, "a campaign file holds a mapping (see 'advocate plan --help')")
    _check_keys(path, data)
    return Campaign(
        path=path,
        playbooks=_playbook_refs(path, data),
        municipal_context=_context(path, data),
        target_date=_date(path, data, "target_date"),
        council_has_strategy=_optional_bool(path, data, "council_has_strategy"),
        estimated_target_date=_date(path, data, "estimated_target_date"),
        council=_council(path, data),
        answers=_answers(path, data),
        steps=_steps(path, data),
        documents=_documents(path, data),
        created=str(data.get("created") or ""),
        updated=str(data.get("updated") or ""),
    )


def _fail(path: Path, data: Located, key: str, problem: str) -> CampaignError:
    return CampaignError(path, f"'{key}': {problem}", line=data.line_of(key))


def _check_keys(path: Path, data: Located) -> None:
    try:  # the schema's check, so an unknown key reads the same in every file advocate reads
        check_keys(Context(path), data, CAMPAIGN_KEYS, "a campaign file")
    except DefinitionError as err:
        raise CampaignError(path, err.problem, line=err.line) from None
    if "playbooks" not in data:
        raise CampaignError(path, "'playbooks' is missing: this is not a campaign file", line=1)


def _playbook_refs(path: Path, data: Located) -> list[PlaybookRef]:
    raw = data.get("playbooks")
    if not isinstance(raw, list) or not raw:
        raise _fail(path, data, "playbooks", "a list of {id, version} entries is needed")
    refs = []
    for item in raw:
        ok = isinstance(item, dict) and isinstance(item.get("id"), str)
        version = item.get("version") if isinstance(item, dict) else None
        if not ok or isinstance(version, bool) or not isinstance(version, int):
            line = item.line if isinstance(item, Located) else data.line_of("playbooks")
            raise CampaignError(path, "each playbook needs an id and a whole-number version",
                                line=line)  # fmt: skip
        refs.append(PlaybookRef(item["id"], version))
    return refs


def _context(path: Path, data: Located) -> str | None:
    value = data.get("municipal_context")
    if value is not None and value not in CONTEXTS:
        raise _fail(path, data, "municipal_context", f"use one of {', '.join(CONTEXTS)}")
    return value


def _council(path: Path, data: Located) -> str | None:
    value = data.get("council")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _fail(path, data, "council", "a card id, council name or card file is needed")
    return value


def _date(path: Path, data: Located, key: str) -> dt.date | None:
    value = data.get(key)
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise _fail(path, data, key, "a date such as 2026-12-03 is needed") from None


def _optional_bool(path: Path, data: Located, key: str) -> bool | None:
    value = data.get(key)
    if value is not None and not isinstance(value, bool):
        raise _fail(path, data, key, "true or false is needed")
    return value


def _answers(path: Path, data: Located) -> dict[str, Any]:
    value = data.get("answers")
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(path, data, "answers", "a mapping of question ids to answers is needed")
    return {str(key): plain(item) for key, item in value.items()}


def _steps(path: Path, data: Located) -> dict[str, dict[str, StepState]]:
    raw = data.get("steps") or Located()
    if not isinstance(raw, Located):
        raise _fail(path, data, "steps", "a mapping of playbook ids to step states is needed")
    steps: dict[str, dict[str, StepState]] = {}
    for playbook_id, states in raw.items():
        if not isinstance(states, Located):
            raise _fail(path, raw, playbook_id, "a mapping of step ids to states is needed")
        steps[playbook_id] = {step_id: _step_state(path, states, step_id) for step_id in states}
    return steps


def _step_state(path: Path, states: Located, step_id: str) -> StepState:
    raw = states[step_id]
    if not isinstance(raw, dict) or not set(raw) <= {"status", "walked", "updated"}:
        raise _fail(path, states, step_id, "a mapping of status, walked and updated is needed")
    status = raw.get("status", "todo")
    if status not in STATUSES:
        raise _fail(path, states, step_id, f"status must be one of {', '.join(STATUSES)}")
    walked, updated = raw.get("walked"), raw.get("updated")
    return StepState(
        status, None if walked is None else str(walked), None if updated is None else str(updated)
    )


def _documents(path: Path, data: Located) -> list[DraftedDocument]:
    raw = data.get("documents") or []
    keys = {"doctype", "path", "step", "drafted"}
    if not isinstance(raw, list) or not all(isinstance(i, dict) and set(i) == keys for i in raw):
        raise _fail(path, data, "documents", "a list of {doctype, path, step, drafted} is needed")
    return [DraftedDocument(**{key: str(item[key]) for key in keys}) for item in raw]

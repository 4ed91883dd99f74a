"""Opening a campaign to start or go on with it, and marking its steps done, skipped or to do.

A new campaign gets a file named after its playbooks; a resumed one is checked against the
playbooks it follows and brought up to their current versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import AdvocateError, CampaignError, NotFoundError
from advocate.planning.campaign import (
    Campaign,
    default_campaign_path,
    load_campaign,
    new_campaign,
    save_campaign,
)
from advocate.planning.migration import Migration, check_playbooks, migrate_campaign
from advocate.planning.models import Playbook
from advocate.planning.playbooks import resolve_playbook
from advocate.planning.short_route import plan_steps, route
from advocate.planning.walk import known_question_ids


@dataclass(frozen=True)
class OpenedCampaign:
    """A campaign ready to walk: the campaign, its playbooks and what loading it changed."""

    campaign: Campaign
    playbooks: tuple[Playbook, ...]
    migration: Migration
    created: bool


def open_campaign(
    refs: Sequence[str],
    path: Path | None,
    *,
    resume: bool,
    now: dt.datetime,
    folder: Path,
    playbook_dirs: Sequence[Path] = (),
) -> OpenedCampaign:
    """Start a new campaign file, or load one to resume (migrating it to new playbook versions).

    Args:
        refs: Playbook ids or files (may be empty when resuming).
        path: The campaign file; by default one named after the playbooks in ``folder``.
        resume: Continue an existing file instead of starting a new one.
        now: The current time.
        folder: Where the default campaign file goes.
        playbook_dirs: User playbook folders.

    Returns:
        The opened campaign.

    Raises:
        CampaignError: A new campaign's file exists already, a resumed one is missing or damaged.
    """
    if not resume:
        playbooks = tuple(resolve_playbook(ref, playbook_dirs) for ref in refs)
        return _start(playbooks, path or default_campaign_path([p.id for p in playbooks], folder),
                      now=now)  # fmt: skip
    if path is None:
        if not refs:
            raise CampaignError(Path("?"), "pass --campaign FILE to say which campaign to resume")
        path = default_campaign_path(list(refs), folder)
    return _resume(path, refs, now=now, playbook_dirs=playbook_dirs)


def _start(playbooks: tuple[Playbook, ...], path: Path, *, now: dt.datetime) -> OpenedCampaign:
    if path.exists():
        problem = (
            "a campaign file exists here. Pass --resume to continue it, "
            "or choose another --campaign file."
        )
        raise CampaignError(path, problem)
    campaign = new_campaign(path, playbooks, now=now, settings={})
    save_campaign(campaign, now=now)
    return OpenedCampaign(campaign, playbooks, Migration(), created=True)


def _resume(
    path: Path, refs: Sequence[str], *, now: dt.datetime, playbook_dirs: Sequence[Path]
) -> OpenedCampaign:
    if not path.exists():
        raise CampaignError(path, "no such campaign file. Start one with 'advocate plan PLAYBOOK'.")
    campaign = load_campaign(path)
    playbooks = tuple(resolve_playbook(ref, playbook_dirs) for ref in campaign.playbook_ids)
    check_playbooks(campaign, [p.id for p in (resolve_playbook(r, playbook_dirs) for r in refs)])
    migration = migrate_campaign(campaign, playbooks, known_question_ids(playbooks))
    if migration.upgraded:
        save_campaign(campaign, now=now)
    return OpenedCampaign(campaign, playbooks, migration, created=False)


def resolve_step(
    playbooks: Sequence[Playbook], ref: str, active: Mapping[str, Sequence[str]] | None = None
) -> tuple[str, str]:
    """Find a step by id or by its number in the action plan.

    ``REF`` is ``step-id`` or ``N`` (the ``#`` column), optionally as ``playbook-id/REF`` in a
    campaign of several playbooks.

    Args:
        playbooks: The campaign's playbooks.
        ref: What the person typed.
        active: Each playbook's active step ids, in order (default: every step).

    Raises:
        NotFoundError: No step answers to ``ref``; the message lists the campaign's steps.
        AdvocateError: A number (or id) names a step in several playbooks.
    """
    steps = {p.id: list(active[p.id] if active else [s.id for s in p.steps]) for p in playbooks}
    wanted_playbook, _, wanted = ref.strip().rpartition("/")
    found = []
    for playbook_id, step_ids in steps.items():
        if wanted_playbook not in ("", playbook_id):
            continue
        if wanted.isdigit() and 1 <= int(wanted) <= len(step_ids):
            found.append((playbook_id, step_ids[int(wanted) - 1]))
        elif wanted in _all_ids(playbooks, playbook_id):  # a step not active yet may be marked
            found.append((playbook_id, wanted))
    if len(found) > 1:
        spelled = " or ".join(f"{pid}/{wanted}" for pid, _ in found)
        msg = f"Step '{ref}' is in more than one playbook of the campaign: write {spelled}."
        raise AdvocateError(msg)
    if not found:
        prefix = {pid: f"{pid}/" if len(steps) > 1 else "" for pid in steps}
        available = [f"{prefix[pid]}{sid}" for pid, ids in steps.items() for sid in ids]
        kind = "step"
        raise NotFoundError(kind, ref, available)
    return found[0]


def _all_ids(playbooks: Sequence[Playbook], playbook_id: str) -> list[str]:
    """Every step id and short-route move id of a playbook (any of them may be marked)."""
    return [s.id for p in playbooks if p.id == playbook_id for s in (*p.steps, *route(p))]


def set_step_status(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    refs: Sequence[str],
    status: str,
    *,
    now: dt.datetime,
) -> list[tuple[str, str]]:
    """Mark steps ``done``, ``skipped`` or ``todo`` (by id or number) and save the campaign.

    Returns:
        The (playbook id, step id) pairs that changed.
    """
    active = {p.id: [s.id for s in plan_steps(p, campaign, playbooks, now.date())[0]]
              for p in playbooks}  # fmt: skip
    changed = [resolve_step(playbooks, ref, active) for ref in refs]
    for playbook_id, step_id in changed:
        campaign.set_status(playbook_id, step_id, status, now=now)
    save_campaign(campaign, now=now)
    return changed

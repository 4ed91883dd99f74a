"""Opening a campaign to start or go on with it, and marking its steps done, skipped or to do.

A new campaign gets a file named after its playbooks; a resumed one is checked against the
playbooks it follows and brought up to their current versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import CampaignError, NotFoundError
from advocate.planning.campaign import (
    Campaign,
    Migration,
    check_playbooks,
    default_campaign_path,
    load_campaign,
    migrate_campaign,
    new_campaign,
    save_campaign,
)
from advocate.planning.models import Playbook
from advocate.planning.playbooks import resolve_playbook
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


def resolve_step(playbooks: Sequence[Playbook], ref: str) -> tuple[str, str]:
    """Find ``step-id`` or ``playbook-id/step-id`` among the campaign's playbooks.

    Raises:
        NotFoundError: No step has this id.
    """
    wanted_playbook, _, wanted_step = ref.rpartition("/")
    found = [
        (playbook.id, step.id)
        for playbook in playbooks
        for step in playbook.steps
        if step.id == wanted_step and wanted_playbook in ("", playbook.id)
    ]
    if len(found) != 1:
        available = [f"{p.id}/{s.id}" if len(playbooks) > 1 else s.id
                     for p in playbooks for s in p.steps]  # fmt: skip
        msg = "step"
        raise NotFoundError(msg, ref, available)
    return found[0]


def set_step_status(
    campaign: Campaign,
    playbooks: Sequence[Playbook],
    refs: Sequence[str],
    status: str,
    *,
    now: dt.datetime,
) -> list[tuple[str, str]]:
    """Mark steps ``done``, ``skipped`` or ``todo`` and save the campaign.

    Returns:
        The (playbook id, step id) pairs that changed.
    """
    changed = [resolve_step(playbooks, ref) for ref in refs]
    for playbook_id, step_id in changed:
        campaign.set_status(playbook_id, step_id, status, now=now)
    save_campaign(campaign, now=now)
    return changed

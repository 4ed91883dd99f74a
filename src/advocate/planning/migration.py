"""Bringing a campaign up to its playbooks' current versions, and refusing the wrong playbooks.

Kept apart from :mod:`advocate.planning.campaign` (reading and saving the file) so that each
module has one job.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from advocate.errors import CampaignError
from advocate.planning.campaign import Campaign, PlaybookRef, backup_campaign
from advocate.planning.models import Playbook


@dataclass(frozen=True)
class Migration:
    """What changed when a campaign was brought up to its playbooks' current versions."""

    backup: Path | None = None
    upgraded: tuple[tuple[str, int, int], ...] = ()  # (playbook id, from, to)
    unknown_answers: tuple[str, ...] = ()


def check_playbooks(campaign: Campaign, playbook_ids: Iterable[str]) -> None:
    """Refuse to continue a campaign with playbooks it does not follow.

    Raises:
        CampaignError: ``playbook_ids`` differ from the campaign's.
    """
    wanted = list(playbook_ids)
    if wanted and wanted != campaign.playbook_ids:
        problem = (
            f"this campaign follows {', '.join(campaign.playbook_ids)}, not {', '.join(wanted)}. "
            "Leave out the playbook to continue it, or start a new campaign file."
        )
        raise CampaignError(campaign.path, problem)


def migrate_campaign(
    campaign: Campaign, playbooks: Sequence[Playbook], known_ids: Iterable[str]
) -> Migration:
    """Bring a campaign to the playbooks' current versions, keeping every answer.

    The file on disk is copied to ``FILE.bak`` before the versions change (the caller saves
    the campaign afterwards). Answers no question knows any more are kept and listed.

    Args:
        campaign: A loaded campaign.
        playbooks: Its playbooks, as they are now.
        known_ids: Every question id answers may legitimately hold (playbooks and documents).

    Returns:
        What was upgraded, where the backup is and which answers are unknown.
    """
    by_id = {playbook.id: playbook for playbook in playbooks}
    upgraded = tuple(
        (ref.id, ref.version, by_id[ref.id].version)
        for ref in campaign.playbooks
        if ref.id in by_id and ref.version != by_id[ref.id].version
    )
    backup = None
    if upgraded and campaign.path.exists():
        backup = backup_campaign(campaign)
        campaign.playbooks = [
            PlaybookRef(ref.id, by_id[ref.id].version if ref.id in by_id else ref.version)
            for ref in campaign.playbooks
        ]
    known = set(known_ids)
    unknown = tuple(key for key in campaign.answers if key not in known)
    return Migration(backup=backup, upgraded=upgraded, unknown_answers=unknown)

"""Shell completion: document types, playbook ids and a campaign's step ids.

click calls these while completing a command line (``_ADVOCATE_COMPLETE``, see ``advocate
completion``). A completion must never fail loudly, so a file that cannot be read gives none.
"""

from __future__ import annotations

from pathlib import Path

import click
from click.shell_completion import CompletionItem

from advocate.api import list_document_types
from advocate.errors import AdvocateError
from advocate.profile import user_template_dir


def _matching(pairs: list[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    return [CompletionItem(value, help=text) for value, text in pairs
            if value.startswith(incomplete)]  # fmt: skip


def _given(ctx: click.Context, name: str) -> tuple[Path, ...]:
    value = ctx.params.get(name) or ()
    return tuple(Path(item) for item in value)


def complete_doctype(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Document types, the user's own included."""
    del param
    try:
        found = list_document_types([*_given(ctx, "template_dirs"), user_template_dir()])
    except AdvocateError:
        return []
    return _matching([(t.name, t.title) for t in found], incomplete)


def complete_playbook(
    ctx: click.Context, param: click.Parameter | None, incomplete: str
) -> list[CompletionItem]:
    """Playbook ids, the user's own included."""
    # planning loads only while completing: draft imports this module for its own completion
    from advocate.planning.playbooks import list_playbooks, user_playbook_dirs

    del param
    try:
        found = list_playbooks(user_playbook_dirs(_given(ctx, "playbook_dirs")))
    except AdvocateError:
        return []
    return _matching([(p.id, p.title) for p in found], incomplete)


def complete_doctype_or_playbook(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Document types, then playbook ids (``templates answers`` takes either)."""
    return complete_doctype(ctx, param, incomplete) + complete_playbook(ctx, param, incomplete)


def complete_step(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The step ids of the campaign named by ``--campaign`` (nothing without one)."""
    from advocate.planning.campaign import load_campaign  # loads only while completing
    from advocate.planning.playbooks import resolve_playbook, user_playbook_dirs

    del param
    campaign_file = ctx.params.get("campaign_file")
    if not campaign_file:
        return []
    try:
        campaign = load_campaign(Path(campaign_file))
        dirs = user_playbook_dirs(_given(ctx, "playbook_dirs"))
        playbooks = [resolve_playbook(ref, dirs) for ref in campaign.playbook_ids]
    except AdvocateError:
        return []
    several = len(playbooks) > 1
    pairs = [(f"{p.id}/{s.id}" if several else s.id, s.title) for p in playbooks for s in p.steps]
    return _matching(pairs, incomplete)

"""``advocate plan [PLAYBOOK...]`` and ``advocate plan status``: guidance, step by step.

``plan`` is a group so that ``status`` can be a sub-command; any other first word is taken as
a playbook id (see :class:`PlanGroup`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from advocate.cli.complete import complete_playbook, complete_step
from advocate.cli.options import (
    FILE,
    F,
    Inputs,
    gathered,
    input_options,
    json_option,
    overwrite_option,
    playbooks_option,
)
from advocate.cli.plan_run import PlanRun, WalkOptions
from advocate.cli.session import Session
from advocate.planning.models import CONTEXTS

# Not the shared --campaign (a file whose answers a draft uses): here it is the file walked.
_campaign_option = click.option(
    "--campaign", "campaign_file", type=FILE,
    help="The campaign file (default: PLAYBOOK.campaign.yaml here).",
)  # fmt: skip
_export_option = click.option(
    "--export",
    "export_file",
    type=FILE,
    help="Write the action plan to a .md, .docx or .pdf file (PDF needs LibreOffice), or its "
    "dates to an .ics calendar (Outlook, Google Calendar, Thunderbird).",
)
_WALK_OPTIONS = {
    "campaign_file": _campaign_option,
    "resume": click.option("--resume", is_flag=True, help="Go on with an existing campaign file."),
    "revise": click.option("--revise", multiple=True, metavar="STEP", shell_complete=complete_step,
                           help="Ask a step's questions again, saved answers as defaults "
                           "(repeatable)."),
    "target_date": click.option("--target-date", help="The council or committee meeting date "
                                "(due dates count back from it), e.g. 2026-12-03."),
    "municipal_context": click.option("--context", "municipal_context",
                                      type=click.Choice(CONTEXTS),
                                      help="The kind of municipality."),
    "export_file": _export_option,
    "overwrite": overwrite_option,
    "playbook_dirs": playbooks_option,
    "council": click.option("--council", metavar="NAME|FILE",
                            help="The council whose procedure card sets the deadlines (see "
                            "'advocate council list'); default: your profile's usual council."),
}  # fmt: skip
_INPUTS = ("set_values", "answers_files", "no_input", "interactive", "profile_file", "letterhead")


def plan_options(func: F) -> F:
    """The options of ``advocate plan``, shared by the group and the playbook command."""
    return input_options(*_INPUTS)(gathered(WalkOptions, "walk", _WALK_OPTIONS)(func))


def _inherit_group_options(func: F) -> F:
    """``plan --no-input open-services`` and ``plan open-services --no-input`` mean the same."""

    @functools.wraps(func)
    def command(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context()
        parent = ctx.parent.params if ctx.parent else {}
        return func(*args, **{key: value or parent.get(key) for key, value in kwargs.items()})

    return command  # type: ignore[return-value]  # the same call shape


class PlanGroup(click.Group):
    """A group whose unknown first word is a playbook id, not a sub-command."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Run ``status`` as a sub-command; anything else walks the named playbook(s)."""
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "PLAYBOOK", _walk, args

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Complete ``status`` and the playbook ids."""
        commands = [item for item in super().shell_complete(ctx, incomplete)
                    if item.value != "PLAYBOOK"]  # fmt: skip
        return commands + complete_playbook(ctx, None, incomplete)


@click.group(cls=PlanGroup, invoke_without_command=True, subcommand_metavar="[PLAYBOOK...]")
@plan_options
@click.pass_context
def plan(ctx: click.Context, /, inputs: Inputs, walk: WalkOptions) -> None:
    """Be guided step by step through a playbook, with a campaign file and an action plan.

    Without PLAYBOOK, a short triage ranks the ten playbooks and you pick one (or several,
    as one campaign). Every answer is saved to the campaign file at once: after Ctrl-C,
    go on with --resume. 'advocate plan status' shows progress and marks steps done.

    \b
    Examples:
      advocate plan
      advocate plan open-services --target-date 2026-12-03 --context large-city
      advocate plan shape-agenda --council toronto --target-date 2026-12-15
      advocate plan --resume --campaign open-services.campaign.yaml
      advocate plan open-services --answers answers.yaml --no-input --export plan.docx
      advocate plan status --campaign open-services.campaign.yaml --done map-barriers
    """
    if ctx.invoked_subcommand is None:
        PlanRun(Session.start(ctx, inputs), walk).run(())


@click.command(name="PLAYBOOK", hidden=True)
@click.argument("playbooks", nargs=-1, required=True)
@_inherit_group_options
@plan_options
@click.pass_context
def _walk(
    ctx: click.Context, /, playbooks: tuple[str, ...], inputs: Inputs, walk: WalkOptions
) -> None:
    """Walk the named playbook(s)."""
    PlanRun(Session.start(ctx, inputs), walk).run(playbooks)


@plan.command("status")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--campaign", "campaign_file", type=FILE, help="The campaign file.")
@click.option(
    "--all",
    "all_campaigns",
    is_flag=True,
    help="Every campaign in FOLDER (default: here), next deadlines first.",
)
@click.option(
    "--done",
    multiple=True,
    metavar="STEP",
    shell_complete=complete_step,
    help="Mark a step done (repeatable).",
)
@click.option(
    "--skip",
    multiple=True,
    metavar="STEP",
    shell_complete=complete_step,
    help="Mark a step skipped (repeatable).",
)
@click.option(
    "--todo",
    multiple=True,
    metavar="STEP",
    shell_complete=complete_step,
    help="Mark a step to do again.",
)
@_export_option
@overwrite_option
@input_options("letterhead", "profile_file")
@playbooks_option
@json_option
@click.pass_context
def status(
    ctx: click.Context, /, folder: Path | None, campaign_file: Path | None, all_campaigns: bool,
    done: tuple[str, ...], skip: tuple[str, ...], todo: tuple[str, ...],
    export_file: Path | None, overwrite: bool, inputs: Inputs, playbook_dirs: tuple[Path, ...],
    json_mode: bool,
) -> None:  # fmt: skip
    """Show a campaign's progress and due dates; mark steps done, skipped or to do.

    STEP is a step id or its number (the id and # columns of the table), or PLAYBOOK/STEP in
    a campaign of several playbooks. A step whose questions are all answered shows as
    'answered' until you mark it done. Due dates counted from rough weeks say 'estimated'.
    With --all, every *.campaign.yaml in FOLDER is listed together, next deadlines first
    (nothing is changed).

    \b
    Examples:
      advocate plan status --campaign open-services.campaign.yaml
      advocate plan status --campaign c.campaign.yaml --done map-barriers --skip petition
      advocate plan status --campaign c.campaign.yaml --done 1 --done 2
      advocate plan status --campaign c.campaign.yaml --export plan.ics
      advocate plan status --all campaigns/
    """
    if all_campaigns == (campaign_file is not None) or (folder is not None and not all_campaigns):
        msg = "Give --campaign FILE for one campaign, or --all [FOLDER] for every one in a folder."
        raise click.UsageError(msg)
    options = WalkOptions(campaign_file, export_file=export_file, overwrite=overwrite,
                          playbook_dirs=playbook_dirs)  # fmt: skip
    run = PlanRun(Session.start(ctx, inputs, json_mode=json_mode), options)
    if all_campaigns:
        if done or skip or todo or export_file:
            msg = "--all only lists: mark steps or export with --campaign FILE."
            raise click.UsageError(msg)
        run.overview(folder or Path.cwd())
        return
    run.status({"done": done, "skipped": skip, "todo": todo})

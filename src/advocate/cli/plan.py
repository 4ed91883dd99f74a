"""``advocate plan [PLAYBOOK...]`` and ``advocate plan status``: guidance, step by step.

``plan`` is a group so that ``status`` can be a sub-command; any other first word is taken as
a playbook id (see :class:`PlanGroup`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from advocate.cli.base import F, check_set
from advocate.cli.plan_session import PlanSession

_OPTIONS = [
    click.option("--campaign", "campaign_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="The campaign file (default: PLAYBOOK.campaign.yaml here)."),
    click.option("--resume", is_flag=True, help="Go on with an existing campaign file."),
    click.option("--revise", multiple=True, metavar="STEP",
                 help="Ask a step's questions again, saved answers as defaults (repeatable)."),
    click.option("--set", "set_values", multiple=True, metavar="KEY=VALUE", callback=check_set,
                 help="Answer a question on the command line (repeatable)."),
    click.option("--answers", "answers_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="A YAML or JSON file of answers."),
    click.option("--no-input", is_flag=True,
                 help="Never prompt; a missing answer is an error (default with no terminal)."),
    click.option("--interactive", is_flag=True, help="Prompt even when stdin is not a terminal."),
    click.option("--target-date", help="The council or committee meeting date (due dates count "
                 "back from it), e.g. 2026-12-03."),
    click.option("--context", "municipal_context",
                 type=click.Choice(["large-city", "small-town-rural", "border-transit"]),
                 help="The kind of municipality."),
    click.option("--export", "export_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Write the action plan to a .md or .docx file."),
    click.option("--overwrite", is_flag=True, help="Replace an existing export or document."),
    click.option("--letterhead", type=click.Path(path_type=Path, dir_okay=False),
                 help="A .docx letterhead for the exported plan and drafted documents."),
    click.option("--playbooks", "playbook_dirs", multiple=True,
                 type=click.Path(path_type=Path, file_okay=False),
                 help="A folder of your own playbooks, searched first (repeatable)."),
    click.option("--profile", "profile_file", type=click.Path(path_type=Path, dir_okay=False),
                 help="Use this organisation profile instead of the one in your config folder."),
]  # fmt: skip


def plan_options(func: F) -> F:
    """The options of ``advocate plan``, shared by the group and the playbook command."""
    for option in reversed(_OPTIONS):
        func = option(func)
    return func


class PlanGroup(click.Group):
    """A group whose unknown first word is a playbook id, not a sub-command."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Run ``status`` as a sub-command; anything else walks the named playbook(s)."""
        if args and args[0] in self.commands:
            return super().resolve_command(ctx, args)
        return "PLAYBOOK", _walk, args


@click.group(cls=PlanGroup, invoke_without_command=True, subcommand_metavar="[PLAYBOOK...]")
@plan_options
@click.pass_context
def plan(ctx: click.Context, /, **options: Any) -> None:
    """Be guided step by step through a playbook, with a campaign file and an action plan.

    Without PLAYBOOK, a short triage ranks the ten playbooks and you pick one (or several,
    as one campaign). Every answer is saved to the campaign file at once: after Ctrl-C,
    go on with --resume. 'advocate plan status' shows progress and marks steps done.

    \b
    Examples:
      advocate plan
      advocate plan open-services --target-date 2026-12-03 --context large-city
      advocate plan --resume --campaign open-services.campaign.yaml
      advocate plan open-services --answers answers.yaml --no-input --export plan.docx
      advocate plan status --campaign open-services.campaign.yaml --done map-barriers
    """
    if ctx.invoked_subcommand is None:
        PlanSession.from_context(ctx, options).run(())


@click.command(name="PLAYBOOK", hidden=True)
@click.argument("playbooks", nargs=-1, required=True)
@plan_options
@click.pass_context
def _walk(ctx: click.Context, /, playbooks: tuple[str, ...], **options: Any) -> None:
    """Walk the named playbook(s)."""
    parent = ctx.parent.params if ctx.parent else {}
    merged = {key: options[key] or parent.get(key) for key in options}
    PlanSession.from_context(ctx, merged).run(playbooks)


@plan.command("status")
@click.option(
    "--campaign",
    "campaign_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The campaign file.",
)
@click.option("--done", multiple=True, metavar="STEP", help="Mark a step done (repeatable).")
@click.option("--skip", multiple=True, metavar="STEP", help="Mark a step skipped (repeatable).")
@click.option("--todo", multiple=True, metavar="STEP", help="Mark a step to do again.")
@click.option("--export", "export_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write the action plan to a .md or .docx file.")  # fmt: skip
@click.option("--overwrite", is_flag=True, help="Replace an existing export.")
@click.option("--letterhead", type=click.Path(path_type=Path, dir_okay=False),
              help="A .docx letterhead for the exported plan.")  # fmt: skip
@click.option("--playbooks", "playbook_dirs", multiple=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="A folder of your own playbooks, searched first.")  # fmt: skip
@click.option("--json", "json_mode", is_flag=True, help="Print the action plan as JSON.")
@click.pass_context
def status(ctx: click.Context, /, **options: Any) -> None:
    """Show a campaign's progress and due dates; mark steps done, skipped or to do.

    STEP is a step id (see the table), or PLAYBOOK/STEP in a campaign of several playbooks.

    \b
    Examples:
      advocate plan status --campaign open-services.campaign.yaml
      advocate plan status --campaign c.campaign.yaml --done map-barriers --skip petition
    """
    PlanSession.from_context(ctx, options).status()

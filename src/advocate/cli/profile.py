"""``advocate profile``: who the organisation is, set once and used by every document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from advocate.cli.base import should_prompt

_PROFILE = click.option(
    "--profile",
    "profile_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this profile file instead of profile.yaml in your config folder.",
)


@click.group()
def profile() -> None:
    """Set up your organisation once: name, signatory, logo, letterhead and locale.

    Every document question the profile answers (organisation, contact_name, contact_email,
    council_name, locale...) is not asked again. Pass --profile FILE to 'advocate draft' to
    use another profile.

    \b
    Examples:
      advocate profile init
      advocate profile set signatory_name "Amina Yusuf"
      advocate profile show
    """


@profile.command("init")
@click.option(
    "--answers",
    "answers_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A YAML or JSON file of profile values (name, email, logo...); they are not asked.",
)
@click.option("--no-input", is_flag=True, help="Never prompt; use the answers file and defaults.")
@click.option("--interactive", is_flag=True, help="Prompt even when input is not a terminal.")
@_PROFILE
def init_command(
    answers_file: Path | None, no_input: bool, interactive: bool, profile_file: Path | None
) -> None:
    """Create or update the organisation profile, asking what the answers file leaves open.

    The current profile's values are offered as defaults. The keys are name, address, phone,
    email, website, signatory_name, signatory_title, locale, council, committee, logo and
    letterhead.

    \b
    Examples:
      advocate profile init
      advocate profile init --answers our-organisation.yaml
    """
    from advocate.answers import load_answers_file
    from advocate.cli.console import Output
    from advocate.profile import (
        default_profile_path,
        existing_profile,
        init_profile,
        save_profile,
    )
    from advocate.prompting import NoInputPrompter, RichPrompter

    output = Output()
    answers = load_answers_file(answers_file) if answers_file is not None else {}
    prompter: Any = NoInputPrompter()
    if should_prompt(no_input, interactive):
        prompter = RichPrompter(output.err_console())
    values = init_profile(
        answers,
        prompter=prompter,
        existing=existing_profile(profile_file),
        source=str(answers_file or "answers"),
    )
    existed = (profile_file or default_profile_path()).exists()
    path = save_profile(values, profile_file)
    output.status("overwrite" if existed else "create", path)
    output.product(str(path))


@profile.command("show")
@click.option("--json", "json_mode", is_flag=True, help="Print the profile as JSON.")
@_PROFILE
def show_command(json_mode: bool, profile_file: Path | None) -> None:
    """Show the profile, and which document answers each value gives.

    \b
    Examples:
      advocate profile show
      advocate profile show --json
    """
    from advocate.errors import ProfileError
    from advocate.profile import PROFILE_ANSWERS, default_profile_path, load_profile

    values = load_profile(profile_file)
    path = profile_file or default_profile_path()
    if not values:
        msg = f"No profile in {path} yet. Create one with 'advocate profile init'."
        raise ProfileError(msg)
    if json_mode:
        click.echo(json.dumps({"path": str(path), "profile": values}, indent=2, default=str))
        return
    click.echo(f"# {path}", err=True)
    for key, value in values.items():
        answers = PROFILE_ANSWERS.get(key)
        note = f"  (answers {answers})" if answers else ""
        click.echo(f"{key}: {value}{note}")


@profile.command("set")
@click.argument("key")
@click.argument("value")
@_PROFILE
def set_command(key: str, value: str, profile_file: Path | None) -> None:
    """Set one profile value; an empty VALUE removes the key.

    The value is checked like any answer: an email must look like one, the locale must be
    en-CA, en-GB, en-US, en-AU or fr-CA, the logo a PNG or JPEG file, the letterhead a .docx.

    \b
    Examples:
      advocate profile set locale fr-CA
      advocate profile set logo ~/Pictures/logo.png
      advocate profile set committee ""
    """
    from advocate.cli.console import Output
    from advocate.profile import default_profile_path, set_profile_value

    saved = set_profile_value(key, value, path=profile_file)
    shown = saved.get(key, "(removed)")
    Output().info(f"{key}: {shown}")
    Output().status("overwrite", profile_file or default_profile_path())


def register(group: click.Group) -> None:
    """Add ``profile`` to the group."""
    group.add_command(profile)

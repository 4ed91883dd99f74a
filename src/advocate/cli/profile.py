"""``advocate profile``: who the organisation is, set once and used by every document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from advocate.answers import load_answers_file
from advocate.cli.console import Output
from advocate.cli.options import Inputs, input_options, json_option, profile_option
from advocate.cli.session import Session
from advocate.errors import ProfileError
from advocate.profile import (
    default_profile_path,
    existing_profile,
    init_profile,
    load_profile,
    save_profile,
    set_profile_value,
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
      advocate profile set contact_name "Amina Yusuf"
      advocate profile show
    """


@profile.command("init")
@input_options("answers_files", "no_input", "interactive", "profile_file")
@click.pass_context
def init_command(ctx: click.Context, /, inputs: Inputs) -> None:
    """Create or update the organisation profile, asking what the answers file leaves open.

    The current profile's values are offered as defaults. The keys are the ids of the document
    questions they answer: organisation, organisation_address, contact_phone, contact_email,
    organisation_website, contact_name, contact_title, locale, council_name and committee,
    plus logo and letterhead. Profiles written with the older keys (name, signatory_name...)
    are still read.

    \b
    Examples:
      advocate profile init
      advocate profile init --answers our-organisation.yaml
    """
    session = Session.start(ctx, inputs)
    profile_file = inputs.profile_file
    answers: dict[str, Any] = {}
    for path in inputs.answers_files:  # in order: a later file wins
        answers.update(load_answers_file(path))
    values = init_profile(
        answers,
        prompter=session.prompter(),
        existing=existing_profile(profile_file),
        source=" + ".join(str(path) for path in inputs.answers_files) or "answers",
    )
    existed = (profile_file or default_profile_path()).exists()
    path = save_profile(values, profile_file)
    session.output.status("overwrite" if existed else "create", path)
    session.output.product(str(path))


@profile.command("show")
@json_option
@profile_option
def show_command(json_mode: bool, profile_file: Path | None) -> None:
    """Show the profile (each key is the document question it answers).

    \b
    Examples:
      advocate profile show
      advocate profile show --json
    """
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
        click.echo(f"{key}: {value}")


@profile.command("set")
@click.argument("key")
@click.argument("value")
@profile_option
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
    saved = set_profile_value(key, value, path=profile_file)
    output = Output()
    output.info(f"{key}: {saved.get(key, '(removed)')}")
    output.status("overwrite", profile_file or default_profile_path())

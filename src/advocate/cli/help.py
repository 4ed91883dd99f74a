"""``advocate help COMMAND`` and ``advocate completion SHELL``: finding your way around."""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

SHELLS = ("bash", "zsh", "fish")


@click.command("help")
@click.argument("command", nargs=-1)
@click.pass_context
def help_command(ctx: click.Context, command: tuple[str, ...]) -> None:
    """Show the help of a command, as 'advocate COMMAND -h' does.

    \b
    Examples:
      advocate help draft
      advocate help plan status
    """
    # Contexts made under the running root inherit its settings (-h as well as --help).
    sub_ctx = ctx.find_root()
    current = sub_ctx.command
    for name in command:
        found = current.get_command(sub_ctx, name) if isinstance(current, click.Group) else None
        if found is None or name == "PLAYBOOK":
            msg = f"No such command '{' '.join(command)}'. 'advocate --help' lists them."
            raise click.UsageError(msg, ctx)
        current, sub_ctx = found, click.Context(found, info_name=name, parent=sub_ctx)
    click.echo(sub_ctx.get_help())


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def completion_command(shell: str) -> None:
    """Print the shell code that completes advocate's commands, document types and playbooks.

    Commands, options, document types, playbook ids and (with --campaign) step ids complete
    with Tab. Load it in your shell's start-up file, as the examples show.

    \b
    Examples:
      advocate completion bash >> ~/.bashrc
      advocate completion zsh >> ~/.zshrc
      advocate completion fish > ~/.config/fish/completions/advocate.fish
    """
    # The command object is imported here, not at the top: cli.base imports the command registry.
    from advocate.cli.base import cli

    completer = get_completion_class(shell)
    if completer is None:  # click knows every shell in SHELLS; this guards a future click
        msg = f"no completion for {shell}"
        raise click.UsageError(msg)
    click.echo(completer(cli, {}, "advocate", "_ADVOCATE_COMPLETE").source())

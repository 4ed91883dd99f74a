"""The registry of commands, the one place where loading is lazy.

Each command's module is imported only when that command runs, which keeps ``advocate --help``
close to the cost of importing click. Give each command its module, the click object's name and
the one-line help that ``advocate --help`` shows.
"""

from __future__ import annotations

LAZY_COMMANDS: dict[str, tuple[str, str, str]] = {
    "batch": ("advocate.cli.batch", "batch", "One document per row of a CSV or Excel file."),
    "draft": ("advocate.cli.draft", "draft", "Draft a Word document from a template."),
    "completion": ("advocate.cli.help", "completion_command", "Shell completion: bash, zsh, fish."),
    "council": ("advocate.cli.council", "council", "Council procedure cards and deadlines."),
    "demo": ("advocate.cli.draft", "demo", "Draft every document type from example answers."),
    "evidence": ("advocate.cli.evidence", "evidence", "Where the numbers come from."),
    "examples": ("advocate.cli.examples", "examples", "Browse the good-practice examples."),
    "glossary": ("advocate.cli.glossary", "glossary", "What council words mean, in plain words."),
    "help": ("advocate.cli.help", "help_command", "Show a command's help: advocate help draft."),
    "plan": ("advocate.cli.plan", "plan", "Step-by-step guidance with a campaign file."),
    "playbooks": ("advocate.cli.playbooks", "playbooks", "List, show and validate playbooks."),
    "profile": ("advocate.cli.profile", "profile", "Your organisation: name, logo, letterhead."),
    "templates": ("advocate.cli.templates", "templates", "List, show, copy and check templates."),
}

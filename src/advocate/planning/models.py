"""Frozen models of a playbook and its steps, parsed from ``playbooks/<id>.yaml``.

They live apart from :mod:`advocate.models` so that the playbook schema can grow without
touching the models every other module shares.
"""

from __future__ import annotations

from dataclasses import dataclass

from advocate.models import Question

# The goals and municipal contexts a playbook's `fits` may name, with the triage's wording.
GOAL_LABELS = {
    "role": "Help the council see its own role in integration",
    "connect": "Connect the council with immigrant communities",
    "agenda": "Put integration on the council's agenda",
    "proposal": "Bring a ready-made programme or policy proposal",
    "services": "Open city services to every resident",
    "participation": "Widen civic participation and leadership",
    "employer": "Make the city a fair employer and purchaser",
    "economy": "Make newcomers part of economic development",
    "spaces": "Build bridges between neighbours, welcoming public spaces",
    "national": "Carry local experience to regional and national policy",
}
CONTEXT_LABELS = {
    "large-city": "A large city (committees, staff, maybe an immigrant-affairs office)",
    "small-town-rural": "A small town or rural municipality (one council, few staff)",
    "border-transit": "A border or transit city (arrivals in emergency conditions)",
}
# The same contexts in a few words, for sentences such as "suits a small town or rural setting".
CONTEXT_NAMES = {
    "large-city": "large-city",
    "small-town-rural": "small-town or rural",
    "border-transit": "border or transit city",
}
GOALS = tuple(GOAL_LABELS)
CONTEXTS = tuple(CONTEXT_LABELS)
STRATEGIES = ("any", "none", "exists")
STATUSES = ("todo", "done", "skipped")
FINISHED = ("done", "skipped")  # statuses after which a step is never past due
# The procedure deadlines a step may hang on (`deadline:`), with the card fact that holds the rule.
# A card states registration and written-submission deadlines as rules; other procedure facts
# (notice of motion, agenda publication) are text on a card, so no date can be computed from them.
STEP_DEADLINES = {
    "registration": "registration_deadline",
    "written_submission": "written_deadline",
}
# Names a step's `when` may use besides the questions of earlier steps.
CAMPAIGN_NAMES = ("municipal_context", "target_date", "council_has_strategy")


@dataclass(frozen=True)
class Basis:
    """What a playbook rests on: one short quoted phrase and where it comes from."""

    phrase: str
    source: str


@dataclass(frozen=True)
class Fits:
    """When a playbook fits, for the triage that ranks playbooks."""

    goals: tuple[str, ...]
    contexts: tuple[str, ...]
    strategy: str = "any"
    min_weeks: int = 0


@dataclass(frozen=True)
class Step:
    """One step of a playbook: guidance, the questions it asks and the documents it suggests."""

    id: str
    title: str
    guidance: str
    questions: tuple[Question, ...] = ()
    documents: tuple[str, ...] = ()
    when: str | None = None
    lead_days: int | None = None
    line: int = 0
    deadline: str | None = None  # a key of STEP_DEADLINES: the procedure deadline it hangs on


@dataclass(frozen=True)
class Playbook:
    """A playbook: one recommendation turned into ordered, practical steps.

    ``origin`` is ``built-in`` or the folder a user playbook came from; ``replaces_builtin``
    says that a user playbook takes the place of the built-in one with the same id.
    """

    id: str
    number: int
    version: int
    title: str
    summary: str
    why: str
    basis: Basis
    fits: Fits
    steps: tuple[Step, ...]
    examples: tuple[str, ...] = ()
    short_route: tuple[Step, ...] = ()  # the playbook's own compressed route, if it has one
    pitfalls: tuple[str, ...] = ()
    signs_of_success: tuple[str, ...] = ()
    path: str = ""
    origin: str = "built-in"
    replaces_builtin: bool = False

    def questions(self) -> list[Question]:
        """Every question of every step, in the order they are asked."""
        return [question for step in self.steps for question in step.questions]

    def step(self, step_id: str) -> Step | None:
        """Return the step with this id, or ``None``."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

"""advocate: playbooks and Word documents for community organisations working with their council.

The public API is what ``__all__`` lists; everything else is internal and may change.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# Names resolved lazily, so that ``import advocate`` (and ``advocate --help``) stays fast.
_EXPORTS = {
    "draft": "advocate.api",
    "draft_many": "advocate.batch.many",
    "BatchRowResult": "advocate.batch.many",
    "read_rows": "advocate.batch.rows",
    "signatories_from_rows": "advocate.batch.rows_answer",
    "list_playbooks": "advocate.planning.playbooks",
    "resolve_playbook": "advocate.planning.playbooks",
    "validate_playbook_files": "advocate.planning.playbooks",
    "load_campaign": "advocate.planning.campaign",
    "open_campaign": "advocate.planning.progress",
    "walk_campaign": "advocate.planning.walk",
    "rank_playbooks": "advocate.planning.triage",
    "action_plan": "advocate.planning.action_plan",
    "export_plan": "advocate.planning.action_plan",
    "draft_from_campaign": "advocate.planning.drafting",
    "set_step_status": "advocate.planning.progress",
    "load_examples": "advocate.examples",
    "load_profile": "advocate.profile",
    "plan_draft": "advocate.api",
    "write_draft": "advocate.api",
    "describe_template": "advocate.api",
    "list_document_types": "advocate.api",
    "load_answers_file": "advocate.answers",
    "AnswerSource": "advocate.answers",
    "ScriptedPrompter": "advocate.prompting",
    "NoInputPrompter": "advocate.prompting",
    "DraftResult": "advocate.models",
    "AdvocateError": "advocate.errors",
    "ExitCode": "advocate.errors",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    msg = f"module 'advocate' has no attribute {name!r}"
    raise AttributeError(msg)

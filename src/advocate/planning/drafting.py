"""Drafting on the spot: a document filled in from a campaign's answers, recorded in the campaign.

``advocate plan`` offers this when a step suggests a document; ``advocate draft --campaign`` reads
the same answers through the campaign file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from advocate.answer_text import to_plain
from advocate.answers import AnswerSource
from advocate.api import draft
from advocate.models import DraftResult
from advocate.planning.campaign import (
    Campaign,
    DraftedDocument,
    campaign_data,
    save_campaign,
    stamp,
)
from advocate.prompting import Prompter
from advocate.templates import load_template


def campaign_source(campaign: Campaign) -> AnswerSource:
    """The campaign's answers (and settings) as an answer source for documents."""
    settings = {key: value for key, value in campaign_data(campaign).items()
                if key in ("municipal_context", "target_date") and value is not None}  # fmt: skip
    return AnswerSource(str(campaign.path), {**settings, **campaign.answers})


def draft_from_campaign(
    campaign: Campaign,
    doctype: str,
    *,
    now: dt.datetime,
    step: str = "",
    sources: Sequence[AnswerSource] = (),
    fallback: Sequence[AnswerSource] = (),
    prompter: Prompter | None = None,
    **options: Any,
) -> DraftResult:
    """Draft a document from the campaign's answers, and record it in the campaign.

    Answers the document asked for besides the campaign's (the organisation, say) are kept in
    the campaign, so the next document does not ask them again.

    Args:
        campaign: The campaign whose answers fill the document.
        doctype: The document type (``briefing-note``...).
        now: The time the document is dated with.
        step: The step that suggested the document (recorded in the campaign).
        sources: Sources that win over the campaign (``--set``, ``--answers``).
        fallback: Sources below the campaign (the organisation profile).
        prompter: Asks for what is still missing.
        **options: Passed on to :func:`advocate.api.draft` (``out_dir``, ``fmt``, ``overwrite``,
            ``letterhead``, ``dry_run``, ``template_dirs``, ``output``).

    Returns:
        The draft result.
    """
    template = load_template(doctype, options.pop("template_dirs", ()))
    all_sources = [*sources, campaign_source(campaign), *fallback]
    result = draft(template, sources=all_sources, prompter=prompter, now=now, **options)
    for question in template.questions:
        value = result.answers.get(question.id)
        if question.id not in campaign.answers and value is not None:
            campaign.answers[question.id] = to_plain(question, value)
    if result.output is not None and result.files:
        campaign.documents.append(DraftedDocument(doctype, str(result.output), step, stamp(now)))
    save_campaign(campaign, now=now)
    return result

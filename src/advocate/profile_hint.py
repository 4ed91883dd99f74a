"""The one-time suggestion to save the organisation's details in a profile.

Someone drafting without a profile types their organisation's name, contact and council into
every document. The first time that happens, the CLI says once that ``advocate profile init``
would keep these answers; a small marker file in the config folder remembers it was said.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from advocate.outputs import write_text_atomic
from advocate.profile import PROFILE_ANSWERS, config_dir, load_profile

MARKER = "profile-suggested"


def profile_suggestion(
    answered: Iterable[str], *, profile_file: Path | None = None, state_dir: Path | None = None
) -> str | None:
    """The suggestion to run ``advocate profile init``, the first time it would help.

    Args:
        answered: Ids of the questions answered at prompts in this run.
        profile_file: The ``--profile`` file, if one was given.
        state_dir: Where the marker is kept (default: the config folder).

    Returns:
        The message, or ``None`` when there is a profile, no profile question was answered, or
        the suggestion was made before. Returning the message records that it was made.
    """
    saved = sorted({key for key in answered if key in PROFILE_ANSWERS})
    if not saved or profile_file is not None or load_profile(None):
        return None
    marker = (state_dir or config_dir()) / MARKER
    if marker.exists():
        return None
    write_text_atomic(marker, "advocate suggested 'advocate profile init' once.\n", overwrite=True)
    return (
        f"Tip: 'advocate profile init' saves your organisation's details ({', '.join(saved)}) "
        "so that no document asks them again. This tip is shown once."
    )

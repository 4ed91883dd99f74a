"""The organisation profile: who the organisation is, stored once and used by every document.

It lives in ``profile.yaml`` in the user's config folder (``platformdirs``), or in a file given
with ``--profile``. Every document question the profile answers is not asked again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from advocate.answers import AnswerSource
from advocate.errors import ProfileError
from advocate.yamlio import load_data_file

# Profile key -> the document question id it answers.
PROFILE_ANSWERS = {
    "name": "organisation",
    "address": "organisation_address",
    "phone": "contact_phone",
    "email": "contact_email",
    "website": "organisation_website",
    "signatory_name": "contact_name",
    "signatory_title": "contact_title",
    "locale": "locale",
    "council": "council_name",
    "committee": "committee",
}
PROFILE_FILES = ("logo", "letterhead")
PROFILE_KEYS = (*PROFILE_ANSWERS, *PROFILE_FILES)


def config_dir() -> Path:
    """The user's advocate config folder (it need not exist yet)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("advocate", appauthor=False))


def user_template_dir() -> Path:
    """Where a user's own templates are looked for after ``--templates``."""
    return config_dir() / "templates"


def default_profile_path() -> Path:
    """Where ``advocate profile init`` saves the profile."""
    return config_dir() / "profile.yaml"


def load_profile(path: Path | None = None) -> dict[str, Any]:
    """Read a profile; the default one may be absent (then it is empty).

    Raises:
        ProfileError: A given profile file is missing, or the file holds unknown keys.
    """
    target = path or default_profile_path()
    if not target.exists():
        if path is not None:
            msg = f"Profile {path} does not exist. Create one with 'advocate profile init'."
            raise ProfileError(msg)
        return {}
    data = load_data_file(target) or {}
    if not isinstance(data, dict):
        msg = f"Profile {target} must be a mapping of keys to values."
        raise ProfileError(msg)
    unknown = sorted(set(data) - set(PROFILE_KEYS))
    if unknown:
        msg = (
            f"Profile {target} has unknown key(s) {', '.join(unknown)}. "
            f"Known keys: {', '.join(PROFILE_KEYS)}."
        )
        raise ProfileError(msg)
    return dict(data)


def profile_answers(profile: dict[str, Any]) -> dict[str, Any]:
    """The answers a profile gives, by question id."""
    return {
        PROFILE_ANSWERS[key]: value
        for key, value in profile.items()
        if key in PROFILE_ANSWERS and value not in (None, "")
    }


def profile_source(path: Path | None = None) -> AnswerSource | None:
    """The profile as an answer source (lowest precedence), or None when there is none."""
    profile = load_profile(path)
    answers = profile_answers(profile)
    if not answers:
        return None
    return AnswerSource(f"profile {path or default_profile_path()}", answers)


def profile_letterhead(path: Path | None = None) -> Path | None:
    """The profile's letterhead file, if it names one."""
    value = load_profile(path).get("letterhead")
    return Path(value).expanduser() if value else None

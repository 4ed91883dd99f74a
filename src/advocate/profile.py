"""The organisation profile: who the organisation is, stored once and used by every document.

It lives in ``profile.yaml`` in the user's config folder (``platformdirs``), or in a file given
with ``--profile``. Every document question the profile answers is not asked again.

Profile keys are the ids of the document questions they answer (``organisation``,
``contact_name``...), so a profile reads like an answers file. Files written with the older
keys (``name``, ``signatory_name``...) are still read, and saved with the new ones.

Profile values go through the same parser as every document answer
(:func:`advocate.questions.parse_answer`), with one :class:`Question` per profile key; the logo
and letterhead must also be files of the right kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from advocate import questions as q
from advocate.answers import AnswerSource, check_known, collect_answers
from advocate.errors import InvalidAnswerError, NotFoundError, ProfileError
from advocate.locales import DEFAULT_LOCALE, LOCALES
from advocate.models import Choice, Question, QuestionType, Rules
from advocate.outputs import write_text_atomic
from advocate.profile_files import check_profile_file
from advocate.prompting import NoInputPrompter, Prompter
from advocate.schema import Context, check_keys
from advocate.yamlio import dump_yaml, load_data_file

# Old profile key -> the question id it answers, which is now the key (old files still read).
LEGACY_KEYS = {
    "name": "organisation",
    "address": "organisation_address",
    "phone": "contact_phone",
    "email": "contact_email",
    "website": "organisation_website",
    "signatory_name": "contact_name",
    "signatory_title": "contact_title",
    "council": "council_name",
}
_ANSWER_KEYS = (
    "organisation", "organisation_address", "contact_phone", "contact_email",
    "organisation_website", "contact_name", "contact_title", "locale", "council_name", "committee",
)  # fmt: skip
# Profile key -> the document question id it answers (the same name, since keys are ids).
PROFILE_ANSWERS = {key: key for key in _ANSWER_KEYS}
PROFILE_FILES = ("logo", "letterhead")
PROFILE_KEYS = (*_ANSWER_KEYS, *PROFILE_FILES)


def current_key(key: str) -> str:
    """The profile key for ``key``, which may be an old name such as ``signatory_name``."""
    return LEGACY_KEYS.get(key, key)


def _current_keys(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The profile with old key names renamed; a value under the new name wins."""
    renamed = {current_key(key): value for key, value in profile.items() if key in LEGACY_KEYS}
    return {**renamed, **{k: v for k, v in profile.items() if k not in LEGACY_KEYS}}


_EMAIL_RULES = Rules(
    pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
    pattern_hint="an email address such as info@example.org",
)


def _question(key: str, label: str, example: str = "", **extra: Any) -> Question:
    """A profile question: optional text unless ``extra`` says otherwise."""
    settings: dict[str, Any] = {"type": QuestionType.TEXT, "required": False, **extra}
    return Question(id=key, label=label, example=example, origin="profile", **settings)


# In the order ``advocate profile init`` asks them.
PROFILE_QUESTIONS: tuple[Question, ...] = (
    _question("organisation", "Name of your organisation", "Northside Newcomer Centre",
              required=True,
              help="As it should appear on letters, in the header and in the public record."),
    _question("organisation_address", "Postal address", "12 Elm Street, Toronto ON M4X 1A1"),
    _question("contact_phone", "Phone number", "416-555-0142"),
    _question("contact_email", "Email address for replies", "info@northside.example.org",
              rules=_EMAIL_RULES),
    _question("organisation_website", "Website", "https://northside.example.org"),
    _question("contact_name", "Who signs your letters?", "Amina Yusuf"),
    _question("contact_title", "Their role in the organisation", "Executive Director"),
    _question("locale", "Language and country conventions for dates and paper size",
              type=QuestionType.CHOICE, default=DEFAULT_LOCALE,
              choices=tuple(Choice(name, name) for name in LOCALES),
              help="en-US, en-CA and fr-CA use Letter paper; the others use A4."),
    _question("council_name", "Which council do you usually write to?", "City of Toronto"),
    _question("committee", "Which committee usually hears your items?",
              "Economic and Community Development Committee"),
    _question("logo", "Logo image for the header (a PNG or JPEG file)", "~/logo.png",
              help="Shown at the top of every document, left of the organisation's name."),
    _question("letterhead", "Your letterhead (a .docx made in Word or LibreOffice)",
              "~/letterhead.docx",
              help="Its styles, header and footer are used. Check it with "
                   "'advocate templates check FILE'."),
)  # fmt: skip


def config_dir() -> Path:
    """The user's advocate config folder (it need not exist yet)."""
    return Path(user_config_dir("advocate", appauthor=False))


def user_template_dir() -> Path:
    """Where a user's own templates are looked for after ``--templates``."""
    return config_dir() / "templates"


def default_profile_path() -> Path:
    """Where ``advocate profile init`` saves the profile."""
    return config_dir() / "profile.yaml"


def profile_question(key: str) -> Question:
    """Return the question that defines a profile key (an old key name finds it too).

    Raises:
        NotFoundError: No profile key has this name (the message lists the keys).
    """
    key = current_key(key)
    for question in PROFILE_QUESTIONS:
        if question.id == key:
            return question
    kind = "profile key"
    raise NotFoundError(kind, key, list(PROFILE_KEYS))


def load_profile(path: Path | None = None) -> dict[str, Any]:
    """Read a profile; the default one may be absent (then it is empty). Old keys are renamed.

    Args:
        path: A profile file given with ``--profile``; ``None`` means the config folder's.

    Returns:
        The profile's keys and values, as written in the file.

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
        problem = "a profile is a mapping of keys to values"
        raise ProfileError.at(target, problem)
    # checked before renaming, so the message can point at the line; old key names are accepted
    context = Context(target, error_type=ProfileError.at)
    check_keys(context, data, PROFILE_KEYS, "the profile", old_names=LEGACY_KEYS)
    data = _current_keys(data)
    return dict(data)


def _load_or_empty(path: Path | None) -> dict[str, Any]:
    """Like :func:`load_profile`, but a profile file that does not exist yet is empty."""
    if path is not None and not path.exists():
        return {}
    return load_profile(path)


def parse_profile_value(key: str, raw: Any) -> Any:
    """Parse and validate one profile value, as a document answer would be.

    Args:
        key: The profile key, e.g. ``contact_email`` (an old name such as ``email`` works).
        raw: The value typed, given with ``profile set`` or read from a file.

    Returns:
        The parsed value (a file is returned as an absolute path), or ``None`` when empty.

    Raises:
        NotFoundError: The key is not a profile key.
        InvalidAnswerError: The value does not fit (bad email, unknown locale, missing file...).
    """
    question = profile_question(key)
    value = q.parse_answer(question, raw)
    if value is not None and key in PROFILE_FILES:
        return check_profile_file(question, str(value))
    return value


def validate_profile(profile: Mapping[str, Any], *, source: str = "profile") -> dict[str, Any]:
    """Parse every value of a profile; leave out empty ones.

    Raises:
        NotFoundError: A key is not a profile key.
        InvalidAnswerError: A value does not fit its key (the message names ``source``).
    """
    checked: dict[str, Any] = {}
    for key, raw in _current_keys(profile).items():
        try:
            value = parse_profile_value(key, raw)
        except InvalidAnswerError as err:
            raise err.with_source(source) from None
        if value is not None:
            checked[key] = value
    return _ordered(checked)


def _ordered(profile: Mapping[str, Any]) -> dict[str, Any]:
    return {
        question.id: profile[question.id]
        for question in PROFILE_QUESTIONS
        if question.id in profile
    }


@dataclass(frozen=True)
class _ProfileAsker:
    """Asks through a prompter, checking logo and letterhead files as they are typed."""

    prompter: Prompter

    def ask(self, question: Question, default: Any, parse: Callable[[Any], Any]) -> Any:
        """Ask one question; a file answer must name a file of the right kind."""
        if question.id not in PROFILE_FILES:
            return self.prompter.ask(question, default, parse)

        def parse_file(raw: Any) -> Any:
            value = parse(raw)
            return None if value is None else check_profile_file(question, str(value))

        return self.prompter.ask(question, default, parse_file)


def init_profile(
    answers: Mapping[str, Any] | None = None,
    *,
    prompter: Prompter | None = None,
    existing: Mapping[str, Any] | None = None,
    source: str = "answers",
) -> dict[str, Any]:
    """Build a profile from answers, asking the prompter for the rest.

    Args:
        answers: Values by profile key (from ``--answers FILE``); they are not asked again.
        prompter: Asks what ``answers`` leaves open; by default nothing is asked.
        existing: A current profile, whose values become the defaults offered.
        source: The name of ``answers`` in error messages (the answers file).

    Returns:
        The new profile, in question order, without empty values.

    Raises:
        UnknownAnswerError: ``answers`` names a key that is not a profile key.
        InvalidAnswerError: A value does not fit its key.
        MissingAnswerError: The organisation's name is missing and may not be asked.
    """
    known = dict(existing or {})
    questions = [replace(item, default=known[item.id]) if known.get(item.id) else item
                 for item in PROFILE_QUESTIONS]  # fmt: skip
    sources = [AnswerSource(source, _current_keys(answers or {}), strict=True)]
    check_known(sources, PROFILE_KEYS)
    asker = _ProfileAsker(prompter or NoInputPrompter())
    collected = collect_answers(questions, sources, asker, today=dt.date.today())
    return validate_profile(collected.values, source=source)


def save_profile(profile: Mapping[str, Any], path: Path | None = None) -> Path:
    """Validate a profile and write it atomically as YAML.

    Args:
        profile: Values by profile key.
        path: The file (``--profile``); by default ``profile.yaml`` in the config folder.

    Returns:
        The file written.

    Raises:
        AdvocateError: A key or value is not valid, or the file cannot be written.
    """
    target = path or default_profile_path()
    checked = validate_profile(profile, source=str(target))
    header = (
        "# The organisation profile advocate uses for every document.\n"
        "# Change it with: advocate profile set KEY VALUE (an empty VALUE removes the key)\n"
    )
    write_text_atomic(target, header + dump_yaml(checked), overwrite=True)
    return target


def set_profile_value(key: str, raw: str, *, path: Path | None = None) -> dict[str, Any]:
    """Set (or, with an empty value, remove) one profile key and save the profile.

    Args:
        key: The profile key, e.g. ``contact_name`` (or its old name, ``signatory_name``).
        raw: The new value, parsed like any answer.
        path: The profile file (``--profile``); by default the config folder's.

    Returns:
        The saved profile.

    Raises:
        NotFoundError: The key is not a profile key.
        InvalidAnswerError: The value does not fit the key.
    """
    profile = _load_or_empty(path)
    key = current_key(key)
    value = parse_profile_value(key, raw)
    if value is None:
        profile.pop(key, None)
    else:
        profile[key] = value
    save_profile(profile, path)
    return _ordered(profile)


def existing_profile(path: Path | None = None) -> dict[str, Any]:
    """The current profile, or an empty one when the file does not exist yet."""
    return _load_or_empty(path)


def profile_answers(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The answers a profile gives, by question id (old key names are read too)."""
    return {
        PROFILE_ANSWERS[key]: value
        for key, value in _current_keys(profile).items()
        if key in PROFILE_ANSWERS and value not in (None, "")
    }


def profile_source(path: Path | None = None) -> AnswerSource | None:
    """The profile as an answer source (lowest precedence), or None when there is none."""
    profile = load_profile(path)
    answers = profile_answers(profile)
    if not answers:
        return None
    return AnswerSource(f"profile {path or default_profile_path()}", answers)


def _profile_file(key: str, path: Path | None) -> Path | None:
    """A profile's logo or letterhead, checked again: the file may have changed since it was set.

    Raises:
        InvalidAnswerError: The file is missing or not of its kind (the message names the profile).
    """
    value = load_profile(path).get(key)
    if not value:
        return None
    try:
        return Path(check_profile_file(profile_question(key), str(value)))
    except InvalidAnswerError as err:
        source = f"profile {path or default_profile_path()}"
        raise err.with_source(source) from None


def profile_letterhead(path: Path | None = None) -> Path | None:
    """The profile's letterhead file, if it names one."""
    return _profile_file("letterhead", path)


def profile_logo(path: Path | None = None) -> Path | None:
    """The profile's logo image, if it names one (it goes into the document header)."""
    return _profile_file("logo", path)

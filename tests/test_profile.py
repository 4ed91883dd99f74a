"""The organisation profile in the core: validation, init, save, set, and its use by drafts."""

from __future__ import annotations

import base64
import datetime as dt
from pathlib import Path

import pytest

from advocate import api, locales
from advocate.errors import (
    InvalidAnswerError,
    MissingAnswerError,
    NotFoundError,
    ProfileError,
    UnknownAnswerError,
)
from advocate.profile import (
    PROFILE_KEYS,
    PROFILE_QUESTIONS,
    default_profile_path,
    init_profile,
    load_profile,
    parse_profile_value,
    profile_letterhead,
    profile_logo,
    profile_source,
    save_profile,
    set_profile_value,
)
from advocate.prompting import ScriptedPrompter
from conftest import NOW, example_answers

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAIAQMAAAD+wSzIAAAABlBMVEX/AAD///9BHTQRAAAADklEQVR4nGP4"
    "z8AARAAA/wf/AcdzQNcAAAAASUVORK5CYII="
)


@pytest.fixture
def logo(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    path.write_bytes(PNG)
    return path


def test_every_profile_key_has_a_question() -> None:
    assert sorted(q.id for q in PROFILE_QUESTIONS) == sorted(PROFILE_KEYS)


def test_values_are_parsed_like_answers() -> None:
    assert parse_profile_value("locale", "fr-ca") == "fr-CA"
    assert parse_profile_value("organisation", "  Riverside   Network ") == "Riverside Network"
    assert parse_profile_value("email", "") is None  # an old key name still works


@pytest.mark.parametrize(
    ("key", "value", "reason"),
    [
        ("email", "not-an-email", "an email address"),
        ("locale", "de-DE", "en-CA, en-GB, en-US, en-AU, fr-CA"),
        ("logo", "missing.png", "there is no such file"),
    ],
)
def test_bad_values_are_refused_with_what_is_accepted(key: str, value: str, reason: str) -> None:
    with pytest.raises(InvalidAnswerError, match=reason):
        parse_profile_value(key, value)


def test_a_logo_must_be_an_image_and_a_letterhead_a_docx(tmp_path: Path) -> None:
    text = tmp_path / "logo.png"
    text.write_text("not an image", encoding="utf-8")
    with pytest.raises(InvalidAnswerError, match="the file is not a PNG or JPEG image"):
        parse_profile_value("logo", str(text))
    template = tmp_path / "letterhead.dotx"
    template.write_bytes(b"PK\x03\x04")
    with pytest.raises(InvalidAnswerError, match=r"save a \.dotx template as \.docx"):
        parse_profile_value("letterhead", str(template))


def test_a_logo_is_kept_as_an_absolute_path(logo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(logo.parent)
    assert parse_profile_value("logo", "logo.png") == str(logo.resolve())


def test_unknown_key_lists_the_keys() -> None:
    with pytest.raises(
        NotFoundError, match="Profile key 'colour' not found. Available: organisation"
    ):
        parse_profile_value("colour", "red")


def test_init_from_answers_saves_to_the_config_folder(logo: Path, isolated_home: Path) -> None:
    profile = init_profile({"organisation": "Riverside", "email": "a@b.org", "logo": str(logo)})
    assert profile == {"organisation": "Riverside", "contact_email": "a@b.org", "locale": "en-CA",
                       "logo": str(logo.resolve())}  # fmt: skip
    path = save_profile(profile)
    assert path == default_profile_path()
    assert path.is_relative_to(isolated_home / ".config")
    assert load_profile() == profile
    assert not list(path.parent.glob("*.tmp"))


def test_init_asks_the_prompter_what_the_answers_leave_open() -> None:
    prompter = ScriptedPrompter({"contact_name": "Sam Rivera", "locale": "fr-CA"})
    profile = init_profile({"name": "Riverside"}, prompter=prompter)  # an old key is read
    assert profile["contact_name"] == "Sam Rivera"
    assert profile["locale"] == "fr-CA"
    assert "organisation" not in prompter.asked


def test_init_offers_the_existing_profile_as_defaults() -> None:
    existing = {"organisation": "Riverside", "council_name": "City of Ottawa"}
    profile = init_profile({}, existing=existing)
    assert profile["council_name"] == "City of Ottawa"


def test_a_typed_logo_is_checked_as_it_is_typed() -> None:
    prompter = ScriptedPrompter({"organisation": "Riverside", "logo": "nowhere.png"})
    with pytest.raises(InvalidAnswerError, match="there is no such file"):
        init_profile({}, prompter=prompter)


def test_init_refuses_unknown_keys_and_needs_a_name() -> None:
    with pytest.raises(UnknownAnswerError, match="Unknown question 'nmae' in org.yaml"):
        init_profile({"nmae": "Riverside"}, source="org.yaml")
    with pytest.raises(MissingAnswerError, match="'organisation'"):
        init_profile({})


def test_a_bad_value_names_the_answers_file() -> None:
    with pytest.raises(InvalidAnswerError, match=r"\(from org.yaml\)"):
        init_profile({"name": "R", "email": "nope"}, source="org.yaml")


def test_set_and_remove_a_value(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    assert set_profile_value("organisation", "Riverside", path=path) == {
        "organisation": "Riverside"
    }
    set_profile_value("committee", "Community Services Committee", path=path)
    assert load_profile(path)["committee"] == "Community Services Committee"
    assert set_profile_value("committee", "", path=path) == {"organisation": "Riverside"}
    assert load_profile(path) == {"organisation": "Riverside"}


def test_a_given_profile_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="does not exist. Create one with 'advocate profile"):
        load_profile(tmp_path / "missing.yaml")


def test_a_hand_edited_profile_with_unknown_keys_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: R\ncolour: red\n", encoding="utf-8")
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    assert str(caught.value) == (
        f"Profile {path}:2: unknown key 'colour' in the profile. Accepted keys: committee, "
        "contact_email, contact_name, contact_phone, contact_title, council_name, letterhead, "
        "locale, logo, organisation, organisation_address, organisation_website."
    )
    assert caught.value.key == "colour"


def test_an_unknown_profile_key_close_to_a_known_one_is_suggested(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text('{"name": "R", "adress": "1 Main St"}', encoding="utf-8")
    with pytest.raises(ProfileError, match=r"^Profile \S+p\.json: unknown key 'adress' in the "
                       r"profile\. Accepted keys: .+\. Did you mean 'address'\?$"):  # fmt: skip
        load_profile(path)


def test_the_profile_answers_document_questions(tmp_path: Path, logo: Path) -> None:
    path = tmp_path / "p.yaml"
    save_profile({"name": "Riverside", "signatory_name": "Sam Rivera", "logo": str(logo)}, path)
    source = profile_source(path)
    assert source is not None
    assert source.values == {"organisation": "Riverside", "contact_name": "Sam Rivera"}
    assert profile_logo(path) == logo.resolve()
    assert profile_letterhead(path) is None


def test_the_logo_reaches_the_document_meta(logo: Path) -> None:
    answers = example_answers("thank-you-letter")
    planned = api.plan_draft("thank-you-letter", answers, now=NOW, logo=logo)
    assert planned.meta.logo == logo
    assert planned.meta.header_text == "Northside Newcomer Centre"


def test_profile_answers_are_not_asked_and_lose_to_explicit_answers(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    save_profile({"name": "Riverside", "signatory_name": "Sam Rivera", "locale": "fr-CA"}, path)
    answers = example_answers("deputation-letter")
    for key in ("organisation", "contact_name", "locale"):
        answers.pop(key)
    answers["contact_title"] = "Coordinator"
    source = profile_source(path)
    assert source is not None
    planned = api.plan_draft("deputation-letter", answers, sources=[source], now=NOW)
    assert "Sam Rivera\\\nCoordinator, Riverside" in planned.text
    assert "jeudi 3 décembre 2026" in planned.text
    assert planned.meta.page_size == "Letter"


@pytest.mark.parametrize(
    ("locale", "date", "time", "paper"),
    [
        ("fr-CA", "3 décembre 2026", "14\u00a0h\u00a030", "Letter"),
        ("en-CA", "December 3, 2026", "2:30 p.m.", "Letter"),
        ("en-US", "December 3, 2026", "2:30 PM", "Letter"),
        ("en-GB", "3 December 2026", "14:30", "A4"),
        ("en-AU", "3 December 2026", "14:30", "A4"),
    ],
)
def test_dates_times_and_paper_follow_the_locale(
    locale: str, date: str, time: str, paper: str
) -> None:
    assert locales.format_date(dt.date(2026, 12, 3), locale) == date
    assert locales.format_time(dt.time(14, 30), locale) == time
    assert locales.page_size(locale) == paper


def test_french_first_of_the_month_and_weekday() -> None:
    assert (
        locales.format_date(dt.date(2027, 1, 1), "fr-CA", weekday=True)
        == "vendredi 1er janvier 2027"
    )


def test_a_profile_with_the_old_keys_is_read_and_saved_with_the_new(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("name: Riverside\nsignatory_name: Sam Rivera\ncouncil: City of Ottawa\n",
                    encoding="utf-8")  # fmt: skip
    assert load_profile(path) == {"organisation": "Riverside", "contact_name": "Sam Rivera",
                                  "council_name": "City of Ottawa"}  # fmt: skip
    source = profile_source(path)
    assert source is not None
    assert source.values["contact_name"] == "Sam Rivera"
    set_profile_value("signatory_title", "Coordinator", path=path)  # the old name of contact_title
    saved = path.read_text(encoding="utf-8")
    assert "contact_title: Coordinator" in saved
    assert "signatory" not in saved

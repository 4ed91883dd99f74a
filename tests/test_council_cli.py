"""``advocate council`` on the command line: list, show, init, set and check."""

from __future__ import annotations

import json
from pathlib import Path

from advocate.council.store import default_card_path
from conftest import build_file_tree, run_cli


def test_list_shows_every_built_in_card_with_counts() -> None:
    lines = run_cli("council", "list").stdout.splitlines()
    assert len(lines) == 27
    toronto = next(line for line in lines if line.startswith("toronto "))
    assert "CA" in toronto and "/14 known" in toronto and toronto.endswith("City of Toronto")
    data = json.loads(run_cli("council", "list", "--json").stdout)
    assert {"id": "ottawa", "name": "City of Ottawa", "country": "CA", "origin": "built-in",
            "known": 3, "facts": 14} in data  # fmt: skip


def test_show_prints_each_fact_with_its_source_or_unknown() -> None:
    out = run_cli("council", "show", "ottawa").stdout
    assert out.startswith("City of Ottawa (ottawa, built-in; time zone America/Toronto)\n")
    assert "\nRegistration deadline: unknown — ask the clerk\n" in out
    assert "\nBodies that hear the public: committees\n" in out
    assert "  source: https://ottawa.ca/en/node/1000138\n" in out
    assert "Holidays (skipped by business-day rules): none listed" in out


def test_show_with_a_meeting_counts_the_deadlines() -> None:
    out = run_cli("council", "show", "toronto", "--meeting", "2026-12-01").stdout
    assert (
        "\nDeadlines for the meeting on 2026-12-01:\n  register to speak by 4:30 p.m., Monday 30 November 2026 — City of Toronto: "
        "4:30 p.m., 1 day before the meeting\n    source: http://toronto.ca/legdocs/tmmis/have-your-say.htm\n"
    ) in out


def test_show_json_has_facts_and_deadlines() -> None:
    data = json.loads(
        run_cli(
            "council", "show", "hamilton", "--meeting", "2026-11-30", "--time", "09:30", "--json"
        ).stdout
    )
    assert data["facts"]["notice_of_motion"] is None
    assert data["facts"]["registration_deadline"]["rules"] == [
        {"time": "12:00", "business_days_before": 1}
    ]
    (deadline,) = data["deadlines"]
    assert deadline["at"] == "2026-11-27T12:00:00-05:00"


def test_show_without_a_name_uses_the_profile_council() -> None:
    run_cli("profile", "set", "council", "City of Hamilton")
    assert run_cli("council", "show").stdout.startswith("City of Hamilton (hamilton")


def test_show_without_a_name_or_profile_says_what_to_do() -> None:
    result = run_cli("council", "show", expect=1)
    assert result.stderr.startswith("Error: Name a council (see 'advocate council list')")


def test_show_unknown_card_suggests_one() -> None:
    result = run_cli("council", "show", "hamiltn", expect=1)
    assert result.stderr.rstrip().endswith("Did you mean 'hamilton'?")


def test_bad_meeting_time_is_a_usage_error() -> None:
    result = run_cli(
        "council", "show", "toronto", "--meeting", "2026-12-01", "--time", "9.30am", expect=2
    )
    assert "'9.30am' is not a 24-hour time such as 09:30." in result.stderr


def test_init_set_then_show_and_list_the_user_card() -> None:
    result = run_cli(
        "council", "init", "--name", "Riverside Town", "--time-zone", "America/Halifax"
    )
    path = default_card_path()
    assert result.stdout.strip() == str(path)
    assert result.stderr.startswith("   create ")
    run_cli("council", "set", "registration_deadline", '{time: "12:00", business_days_before: 1}',
            "--source", "https://riverside.example.org/deputations")  # fmt: skip
    run_cli("council", "set", "holidays", "[2026-11-27]")
    out = run_cli("council", "show", "my-council", "--meeting", "2026-11-30").stdout
    assert "register to speak by noon, Thursday 26 November 2026 — Riverside Town" in out
    assert "  source: https://riverside.example.org/deputations" in out
    assert "[user: " in run_cli("council", "list").stdout.splitlines()[0]


def test_init_from_a_built_in_card_into_a_file_and_refuse_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "ours.yaml"
    run_cli("council", "init", target, "--from", "kenora")
    text = target.read_text(encoding="utf-8")
    assert "id: ours" in text and "  notice_of_motion: unknown" in text and "for: Council" in text
    result = run_cli("council", "init", target, expect=1)
    assert "the file exists. Pass --overwrite to replace it." in result.stderr
    run_cli("council", "init", target, "--overwrite", "--name", "Ours")
    assert "name: Ours" in target.read_text(encoding="utf-8")


def test_set_with_a_bad_value_names_the_key_and_keeps_the_file(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    run_cli("council", "init", target)
    before = target.read_text(encoding="utf-8")
    result = run_cli("council", "set", "speaking_limit", "five", "--council", target, expect=1)
    assert "[value]: 'speaking_limit' must be a whole number of minutes" in result.stderr
    assert target.read_text(encoding="utf-8") == before


def test_check_reports_counts_and_schema_errors(tmp_path: Path) -> None:
    out = run_cli("council", "check", "councils/toronto.yaml", "--strict").stdout
    assert out.startswith(
        "ok: councils/toronto.yaml (City of Toronto: 10 facts known, 10 with a source, 4 unknown)"
    )
    bad = build_file_tree(
        tmp_path,
        {
            "bad.yaml": "id: bad\nname: B\ncountry: CA\ntime_zone: America/Toronto\nfacts:\n  speakers: {value: two}\n"
        },
    )["bad.yaml"]
    run_cli("council", "check", bad)
    result = run_cli("council", "check", bad, "--strict", expect=1)
    assert (
        result.stderr == f"Error: {bad} [speakers]: fact 'speakers' needs a 'source' web address\n"
    )
    result = run_cli("council", "check", tmp_path / "none.yaml", expect=1)
    assert result.stderr == f"Error: {tmp_path / 'none.yaml'}: no such file\n"


def test_show_counts_deadlines_for_each_coming_meeting_on_the_card(tmp_path: Path) -> None:
    target = tmp_path / "Riverside Town.yaml"
    run_cli("council", "init", target, "--from", "tasman")
    assert "id: riverside-town" in target.read_text(encoding="utf-8")
    meetings = "[{date: 2000-01-04, body: Old}, {date: 2099-03-10, body: Council, time: '09:30'}]"
    run_cli("council", "set", "meetings", meetings, "--council", target)
    out = run_cli("council", "show", "--council", target).stdout
    assert "Deadlines for the meeting on 2000-01-04" not in out
    assert (
        "\nDeadlines for the meeting on 2099-03-10 (Council):\n  register to speak by 9:30 a.m., "
        "Sunday 8 March 2099 — Tasman District Council: 48 hours before the meeting\n"
    ) in out


def test_set_on_a_missing_card_says_how_to_make_one() -> None:
    result = run_cli("council", "set", "speakers", "two", expect=1)
    assert result.stderr == (
        f"Error: {default_card_path()}: no such card: create it with 'advocate council init'\n"
    )


def test_an_impossible_date_is_an_error_not_a_crash(tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    run_cli("council", "init", target)
    before = target.read_bytes()
    result = run_cli("council", "set", "holidays", "[2026-13-01]", "--council", target, expect=1)
    assert (
        result.stderr == f"Error: {target}:24 [holidays]: '2026-13-01' is not a date (YYYY-MM-DD)\n"
    )
    assert target.read_bytes() == before

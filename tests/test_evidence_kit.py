"""The evidence kit: the sources file, ``advocate evidence sources`` and ``evidence copy``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advocate.errors import DataFileError, DefinitionError, NotFoundError, OutputExistsError
from advocate.evidence import countries, load_kit, parse_kit, sources_for
from advocate.evidence_tools import copy_tools
from conftest import run_cli

KIT = load_kit()
TOOLS = ("intake-tally", "community-survey", "story-consent")
CANADA_NAMED = (
    "Statistics Canada Census Profile",
    "IRCC open data on permanent residents by destination",
    "Your municipality's open data portal",
    "Your province's or territory's settlement data",
)
# Every address the kit gives is one the project's references (DOMAIN-FACTS.md) hold.
REFERENCE_URLS = {
    "https://olip-plio.ca/who-we-are/background-context",
    "https://paperzz.com/doc/7661431/good-ideas-from-successful-cities--canada",
    "https://signaltoronto.com/speak-city-hall/",
    "https://cliniclegal.org/stories/new-administration-same-mission-immigrant-integration",
    "https://ctb.ku.edu/en/table-of-contents/implement/changing-policies/increase-funding/checklist",
    "https://www.welcomingamerica.org/welcoming-standard",
    "https://mnadvocates.org/civic_engagement_recommendations",
    "https://www.cliniclegal.org/stories/playing-long-game",
}
ONE = """\
sources:
  - id: sample
    name: A sample source
    country: Canada
    gives: What it gives.
    url: https://example.org/data
"""


def test_the_canadian_sources_the_issue_names_are_there_without_invented_links() -> None:
    by_name = {source.name: source for source in KIT.sources}
    for name in CANADA_NAMED:
        source = by_name[name]
        assert source.country == "Canada"
        assert not source.url and source.search, name  # the references hold no address for it
        assert source.where.startswith("search for ")


def test_every_address_comes_from_the_references() -> None:
    urls = {source.url for source in KIT.sources if source.url}
    urls |= {note.source for note in KIT.notes}
    assert urls <= REFERENCE_URLS, urls - REFERENCE_URLS


def test_every_source_says_what_it_gives_and_where_exactly_once() -> None:
    for source in KIT.sources:
        assert source.gives and source.name
        assert sum(bool(where) for where in (source.url, source.search, source.draft)) == 1


def test_the_tools_are_the_three_evidence_document_types() -> None:
    assert KIT.tools == TOOLS
    assert KIT.notes and "immigration status" in KIT.notes[0].text


def test_country_filter_keeps_sources_for_any_country() -> None:
    canada = sources_for("  canada ")
    assert {s.country for s in canada} == {"Canada", "any"}
    assert all(s.country == "any" for s in sources_for("United Kingdom"))
    assert len(sources_for(None)) == len(KIT.sources)
    assert countries() == ["Canada", "United States"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (ONE.replace("    url:", "    link:"), "unknown key 'link'"),
        (ONE.replace("https://example.org/data", "example.org/data"), "is not a web address"),
        (ONE + "    search: the census\n", "needs exactly one of url, search and draft"),
        (ONE.replace("    url: https://example.org/data\n", ""), "needs exactly one of"),
        (ONE.replace("url: https://example.org/data", "draft: tally-sheet"),
         "'draft' names no built-in document type: 'tally-sheet'"),
        (ONE.replace("id: sample", "id: Sample_Source"), "is not kebab-case"),
        (ONE + ONE[len("sources:\n"):], "source id 'sample' is used twice"),
        (ONE.replace("sources:", "source:"), "unknown key 'source'"),
        ("sources: []\n", "'sources' must be a non-empty list"),
        (ONE + "notes:\n  - text: Be careful.\n    source: nowhere\n", "not a web address"),
    ],
)  # fmt: skip
def test_parse_refuses_bad_sources(text: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=message):
        parse_kit(text, "sources.yaml")


def test_parse_refuses_bad_yaml() -> None:
    with pytest.raises(DataFileError):
        parse_kit("sources: [unclosed\n", "sources.yaml")


def test_sources_command_for_canada() -> None:
    out = run_cli("evidence", "sources", "--country", "Canada").stdout
    assert "Statistics Canada Census Profile  [Canada]" in out
    assert 'Where: search for Statistics Canada "Census Profile"' in out
    assert "Where: https://olip-plio.ca/who-we-are/background-context" in out
    assert "Where: advocate draft intake-tally" in out
    assert "Welcoming Standard" not in out
    assert "Gathering evidence safely:" in out


def test_sources_command_says_when_a_country_has_no_sources_of_its_own() -> None:
    result = run_cli("evidence", "sources", "--country", "New Zealand")
    assert "No sources specific to New Zealand yet (there are for: Canada, United States)" in (
        result.stderr
    )
    assert "Statistics Canada" not in result.stdout and "intake-tally" in result.stdout


def test_sources_json() -> None:
    data = json.loads(run_cli("evidence", "sources", "--json").stdout)
    assert len(data["sources"]) == len(KIT.sources)
    census = next(s for s in data["sources"] if s["id"] == "statcan-census-profile")
    assert census["url"] == "" and census["where"].startswith("search for")
    assert data["notes"][0]["source"].startswith("https://")


def test_copy_drafts_one_tool_and_keeps_existing_files(tmp_path: Path) -> None:
    (result,) = copy_tools("intake-tally", tmp_path)
    assert result.output is not None and result.output.exists()
    assert result.output.with_suffix(".answers.yaml").exists()
    before = result.output.read_bytes()
    with pytest.raises(OutputExistsError):
        copy_tools("intake-tally", tmp_path)
    assert result.output.read_bytes() == before
    (again,) = copy_tools("intake-tally", tmp_path, overwrite=True)
    assert again.output == result.output


def test_copy_all_and_an_unknown_name(tmp_path: Path) -> None:
    results = copy_tools("all", tmp_path)
    assert [r.doctype for r in results] == list(TOOLS)
    with pytest.raises(NotFoundError, match="Evidence tool 'tally' not found"):
        copy_tools("tally", tmp_path)


def test_copy_command(tmp_path: Path) -> None:
    shown = json.loads(run_cli("evidence", "copy", "all", tmp_path, "--json").stdout)
    assert len(shown) == 3 and all(Path(path).exists() for path in shown)
    result = run_cli("evidence", "copy", "story-consent", tmp_path, expect=1)
    assert "the file exists. Pass --overwrite" in result.stderr
    run_cli("evidence", "copy", "story-consent", tmp_path, "--overwrite")
    result = run_cli("evidence", "copy", "survey", tmp_path, expect=1)
    assert "Evidence tool 'survey' not found" in result.stderr


@pytest.mark.slow
def test_wheel_contains_the_evidence_sources(tmp_path: Path) -> None:
    """The editable install sees a symlink; the wheel must carry the real file."""
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(root)],
        check=True,
    )  # fmt: skip
    names = set(zipfile.ZipFile(next(tmp_path.glob("advocate-*.whl"))).namelist())
    assert "advocate/evidence_sources/sources.yaml" in names
    assert "advocate/evidence.py" in names
    for doctype in (*TOOLS, "speaking-script"):
        assert f"advocate/letter_templates/{doctype}.md.j2" in names


def test_listing_sources_loads_no_drafting_machinery() -> None:
    """``evidence sources`` reads one YAML file; Jinja and the Word writer stay unloaded."""
    import subprocess
    import sys

    code = (
        "import sys, advocate.evidence as e; e.load_kit(); "
        "print(sorted(m for m in ('jinja2', 'advocate.api', 'lxml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"

"""PDF output: draft, batch and plan export through LibreOffice, and what happens without it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml

import advocate
from advocate import api, pdf
from advocate.batch.many import FAILED, WRITTEN, BatchEvent, draft_many, read_manifest
from advocate.batch.pdf_stage import STAGE_PREFIX
from advocate.pdf import PdfConverterMissingError
from advocate.planning.action_plan import action_plan, export_plan
from advocate.planning.playbook_schema import parse_playbook
from advocate.planning.progress import open_campaign
from advocate.prompting import ScriptedPrompter
from conftest import NOW, SHARED_BRIEFING, build_file_tree, example_answers, run_cli
from lo import pdf_to_text, require_soffice
from plan_support import mini_playbook

MISSING = "PDF output needs LibreOffice, which was not found."
INSTALL = "libreoffice-writer-nogui"


def councillors(count: int) -> list[dict[str, str]]:
    return [
        {"name": f"Alex Example{i}", "district_name": f"Ward {i}", "elected_office": "Councillor"}
        for i in range(1, count + 1)
    ]


@pytest.fixture
def no_soffice(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A machine without LibreOffice: nothing on PATH, in the usual places or in the variable."""
    empty = tmp_path_factory.mktemp("empty-bin")
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(pdf.SOFFICE_VARIABLE, raising=False)
    monkeypatch.setattr(pdf, "COMMON_PATHS", ())


@pytest.fixture
def soffice_runs(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Count the soffice processes started, while still running the real LibreOffice."""
    runs: list[list[str]] = []
    real = pdf.run_soffice

    def counting(command: list[str], **options: object) -> subprocess.CompletedProcess[str]:
        runs.append(command)
        return real(command, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "run_soffice", counting)
    return runs


def leftovers(folder: Path) -> list[str]:
    """Word documents or staging folders a PDF batch must not leave behind."""
    return [
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.suffix == ".docx" or path.name.startswith(STAGE_PREFIX)
    ]


@pytest.mark.libreoffice
def test_draft_to_pdf_holds_the_document_text(tmp_path: Path) -> None:
    require_soffice()
    answers = build_file_tree(
        tmp_path, {"answers.yaml": yaml.safe_dump(example_answers("briefing-note"))}
    )["answers.yaml"]
    out = tmp_path / "note.pdf"
    run_cli("draft", "briefing-note", "--answers", answers, "--no-input", "--format", "pdf",
            "-o", out)  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF-")
    text = " ".join(pdf_to_text(out).split())
    assert "Briefing note: Access to city services for residents without status" in text
    assert "To ask Councillor Lee to support item EC12.3" in text
    assert (tmp_path / "note.answers.yaml").is_file()
    assert not list(tmp_path.glob("*.docx"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_of_five_pdfs_starts_libreoffice_once(
    tmp_path: Path, soffice_runs: list[list[str]], jobs: int
) -> None:
    require_soffice()
    out = tmp_path / "out"
    events: list[BatchEvent] = []
    results = list(draft_many("briefing-note", councillors(5), SHARED_BRIEFING, out_dir=out,
                              fmt="pdf", jobs=jobs, now=NOW, on_event=events.append,
                              name_pattern="{district_name}-{name}"))  # fmt: skip
    assert [result.status for result in results] == [WRITTEN] * 5
    assert len(soffice_runs) == 1
    assert [e.total for e in events if e.kind == "converting"] == [5]
    files = sorted(row["file"] for row in read_manifest(out / "manifest.csv"))
    assert files == [f"Ward {i}-Alex Example{i}.pdf" for i in range(1, 6)]
    for name in files:
        assert (out / name).read_bytes().startswith(b"%PDF-")
    assert "Alex Example3" in pdf_to_text(out / "Ward 3-Alex Example3.pdf")
    assert leftovers(out) == []


@pytest.mark.libreoffice
def test_plan_export_to_pdf(tmp_path: Path) -> None:
    require_soffice()
    playbook = parse_playbook(mini_playbook(), "tiny-plan.yaml")
    campaign = open_campaign([], None, resume=False, now=NOW, folder=tmp_path).campaign
    plan = action_plan(campaign, [playbook], today=NOW.date())
    written = export_plan(plan, tmp_path / "plan.pdf", now=NOW, author="Newcomer Centre")
    assert written.action == "create"
    text = pdf_to_text(tmp_path / "plan.pdf")
    assert "Action plan" in text
    assert "First step" in text


def test_missing_soffice_stops_draft_before_any_question(no_soffice: None, tmp_path: Path) -> None:
    asked = ScriptedPrompter({})
    with pytest.raises(PdfConverterMissingError, match=INSTALL):
        advocate.draft("briefing-note", out_dir=tmp_path, fmt="pdf", prompter=asked)
    assert asked.asked == []
    result = run_cli("draft", "briefing-note", "--format", "pdf", "-o", f"{tmp_path}/", expect=1)
    assert result.stderr.startswith(f"Error: {MISSING}")
    assert INSTALL in result.stderr
    assert "libreoffice.org" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_soffice_stops_batch_before_any_row(no_soffice: None, tmp_path: Path) -> None:
    rows = build_file_tree(tmp_path, {"rows.csv": "name\nAlex\n"})["rows.csv"]
    out = tmp_path / "out"
    result = run_cli("batch", "briefing-note", rows, "--format", "pdf", "--out", out, expect=1)
    assert result.stderr.startswith(f"Error: {MISSING}")  # not the missing columns
    assert not out.exists()


def test_missing_soffice_stops_plan_export_first(no_soffice: None, tmp_path: Path) -> None:
    result = run_cli("plan", "open-services", "--no-input", "--export", tmp_path / "plan.pdf",
                     "--campaign", tmp_path / "c.campaign.yaml", expect=1)  # fmt: skip
    assert result.stderr.startswith(f"Error: {MISSING}")
    assert list(tmp_path.iterdir()) == []


def test_a_refused_conversion_fails_only_its_row(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """LibreOffice exits 0 but writes no PDF for one document (as it does for a damaged file)."""
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, sys.executable)  # found; never really started
    runs: list[list[str]] = []

    def fake(command: list[str], *, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
        runs.append(command)
        out_dir = Path(command[command.index("--outdir") + 1])
        for name in command[command.index("--outdir") + 2 :]:
            assert (cwd / name).is_file()
            if "Example2" not in name:
                (out_dir / f"{Path(name).stem}.pdf").write_bytes(b"%PDF-1.7 made up")
        return subprocess.CompletedProcess(command, 0, "", "Error: source file could not be loaded")

    monkeypatch.setattr(pdf, "run_soffice", fake)
    out = tmp_path / "out"
    results = {r.row: r for r in draft_many("briefing-note", councillors(3), SHARED_BRIEFING,
                                            out_dir=out, fmt="pdf", jobs=1, now=NOW,
                                            name_pattern="{name}")}  # fmt: skip
    assert len(runs) == 1
    assert sorted(results) == [1, 2, 3]
    assert results[2].status == FAILED
    assert "could not convert this row's document to PDF" in results[2].error
    assert [results[1].status, results[3].status] == [WRITTEN, WRITTEN]
    manifest = {row["row"]: row for row in read_manifest(out / "manifest.csv")}
    assert manifest["2"]["status"] == FAILED
    assert manifest["2"]["file"] == ""
    assert manifest["3"]["file"] == "Alex Example3.pdf"
    assert sorted(path.suffix for path in out.iterdir()) == [".csv", ".pdf", ".pdf"]
    assert leftovers(out) == []


def test_a_failed_libreoffice_run_fails_its_rows_with_what_it_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, sys.executable)

    def crash(command: list[str], *, cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, 81, "", "javaldx: could not find a JRE")

    monkeypatch.setattr(pdf, "run_soffice", crash)
    out = tmp_path / "out"
    results = list(draft_many("briefing-note", councillors(2), SHARED_BRIEFING, out_dir=out,
                              fmt="pdf", jobs=1, now=NOW))  # fmt: skip
    assert [result.status for result in results] == [FAILED, FAILED]
    assert "exit code 81" in results[0].error
    assert "could not find a JRE" in results[0].error
    assert leftovers(out) == []


def test_groups_keep_command_lines_short() -> None:
    files = [Path(f"{'x' * 150}-{i}.docx") for i in range(300)]
    groups = pdf.groups(files)
    assert [file for group in groups for file in group] == files
    assert len(groups) > 1
    assert all(sum(len(f.name) + 3 for f in group) <= pdf.MAX_NAMES_LENGTH for group in groups)


def test_ctrl_c_during_conversion_leaves_no_docx_and_marks_rows_interrupted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, sys.executable)

    def interrupted(command: list[str], **_options: object) -> subprocess.CompletedProcess[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf, "run_soffice", interrupted)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        list(draft_many("briefing-note", councillors(3), SHARED_BRIEFING, out_dir=out,
                        fmt="pdf", jobs=1, now=NOW))  # fmt: skip
    manifest = read_manifest(out / "manifest.csv")
    assert [row["status"] for row in manifest] == ["interrupted"] * 3
    assert [row["file"] for row in manifest] == [""] * 3
    assert sorted(path.name for path in out.iterdir()) == ["manifest.csv"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("locale", [None, "fr-CA"])
def test_every_built_in_type_becomes_a_pdf_with_its_first_line(
    tmp_path: Path, locale: str | None
) -> None:
    """What ``--format pdf`` does, for every type at once: one soffice run, a PDF each."""
    require_soffice()
    drafted = api.draft_examples(tmp_path / "docx", locale=locale)
    files = [result.output for result in drafted if result.output is not None]
    assert len(files) == len(drafted) >= 13
    converted = pdf.convert_files(files, tmp_path / "pdf")
    assert sorted(converted) == sorted(files)
    for result in drafted:
        assert result.output is not None
        made = converted[result.output]
        assert made.read_bytes().startswith(b"%PDF-")
        lines = [" ".join(line.strip("# ").replace("\\", "").replace("*", "").split())
                 for line in result.text.splitlines()]  # fmt: skip
        words = next(line for line in lines if len(line.split()) >= 4)  # the title or addressee
        text = " ".join(pdf_to_text(made).replace("\u00a0", " ").replace("\u202f", " ").split())
        assert words[:30] in text, (result.doctype, words)


def test_split_gives_each_process_a_part_worth_a_libreoffice_start() -> None:
    files = [Path(f"{i}.docx") for i in range(100)]
    assert pdf.split(files[:5], 2) == [files[:5]]
    assert pdf.split(files[: pdf.MIN_FILES_PER_PROCESS * 2 - 1], 2) == [
        files[: pdf.MIN_FILES_PER_PROCESS * 2 - 1]
    ]
    assert [len(part) for part in pdf.split(files[:45], 2)] == [23, 22]
    assert [len(part) for part in pdf.split(files, 4)] == [25, 25, 25, 25]
    assert [file for part in pdf.split(files, 3) for file in part] == files
    assert pdf.split(files, 1) == [files]


@pytest.mark.libreoffice
def test_a_large_pdf_batch_with_two_workers_runs_two_libreoffices_side_by_side(
    tmp_path: Path, soffice_runs: list[list[str]]
) -> None:
    require_soffice()
    count = pdf.MIN_FILES_PER_PROCESS * 2 + 3
    out = tmp_path / "out"
    results = list(draft_many("briefing-note", councillors(count), SHARED_BRIEFING, out_dir=out,
                              fmt="pdf", jobs=2, now=NOW,
                              name_pattern="{district_name}-{name}"))  # fmt: skip
    assert [result.status for result in results] == [WRITTEN] * count
    assert len(soffice_runs) == 2
    profiles = {next(arg for arg in run if arg.startswith("-env:")) for run in soffice_runs}
    assert len(profiles) == 2  # each run its own LibreOffice profile
    for i in range(1, count + 1):
        made = out / f"Ward {i}-Alex Example{i}.pdf"
        assert made.read_bytes().startswith(b"%PDF-")
    assert f"Alex Example{count}" in pdf_to_text(out / f"Ward {count}-Alex Example{count}.pdf")
    assert leftovers(out) == []


def test_ctrl_c_stops_every_libreoffice_of_a_parallel_conversion(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two soffice runs side by side are both killed at once, and no row counts as written."""
    pids = tmp_path / "pids"
    pids.mkdir()
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import os, time\n"
        f"open(os.path.join({str(pids)!r}, str(os.getpid())), 'w').close()\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    fake.chmod(0o755)
    monkeypatch.setenv(pdf.SOFFICE_VARIABLE, str(fake))
    count = pdf.MIN_FILES_PER_PROCESS * 2
    timer = threading.Timer(0.5, lambda: _interrupt_when_running(pids, 2))
    timer.start()
    started = time.monotonic()
    out = tmp_path / "out"
    try:
        with pytest.raises(KeyboardInterrupt):
            list(draft_many("briefing-note", councillors(count), SHARED_BRIEFING, out_dir=out,
                            fmt="pdf", jobs=2, now=NOW))  # fmt: skip
    finally:
        timer.cancel()
    assert time.monotonic() - started < 30
    running = [int(pid.name) for pid in pids.iterdir()]
    assert len(running) == 2
    for pid in running:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    manifest = read_manifest(out / "manifest.csv")
    assert [row["status"] for row in manifest] == ["interrupted"] * count
    assert leftovers(out) == []


def _interrupt_when_running(pids: Path, wanted: int) -> None:
    """Press Ctrl-C once ``wanted`` fake soffice processes have started."""
    deadline = time.monotonic() + 20
    while len(list(pids.iterdir())) < wanted and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGINT)  # a real signal: it wakes the main thread's wait

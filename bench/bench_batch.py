"""Batch benchmark: `advocate batch briefing-note` end to end, against plain python-docx.

usage: python bench/bench_batch.py [--quick] [--sizes 10,1000,10000] [--jobs 1,2] [--no-plain] [--repeat N]

For every row count (10, 1,000, 10,000; --quick skips 10,000) and worker count (1, 2) it runs
the whole `advocate batch` command as a new process on a generated Represent-style councillor
CSV and measures:
  * wall time and documents per second (whole process: start-up, reading, drafting, writing);
  * CPU time per document (user + system, whole process tree), less sensitive than wall time
    to a busy machine, and the CPU seconds other processes used during the run (from
    /proc/stat; much above 0 means someone else was busy and the wall times are skewed);
  * peak memory per process: the process tree is sampled every 20 ms with psutil and the
    largest RSS (and USS, the memory only that process holds) of the parent and of each worker
    is kept; the parent's ru_maxrss from os.wait4 is recorded as a cross-check.
In the same run it builds the same documents with two python-docx peers, each in a process
with the same number of forked workers, for the speed ratios:
  * lean: the peer baseline of issue 14, a hand-written loop a staff member could write in an
    afternoon: the note's Markdown rendered and parsed once, then per row Document(letterhead),
    the blocks added by style name with the row's recipient put in, save;
  * plain: python-docx inside advocate's pipeline (answers, Jinja and Markdown per row).
And a floor, the fastest this machine can do the job at all: a process that imports advocate,
makes one note and writes it as a file per row with advocate's own batch file writer (open
O_EXCL, write, close, link, unlink) and the same number of forked workers. advocate's share of
the floor's speed ("of floor") says how much of the time is advocate's own work rather than
start-up and the file system.

Prints a table; writes bench/results/batch.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
FIRST = ["Jordan", "Amélie", "Priya", "Marcus", "Fatima", "Daniel", "Grace", "Tomás", "Wei", "Ruth"]
LAST = ["Lee", "Tremblay", "Ramanathan", "O'Neill", "Haddad", "Kowalski", "Mensah", "Zhang"]


# -- inputs ---------------------------------------------------------------------------------------


def shared_answers() -> dict[str, Any]:
    """The briefing note's own example answers (a two-page note), minus the recipient."""
    from advocate.templates import load_template

    answers = dict(load_template("briefing-note").example_answers)
    answers.pop("recipient", None)
    return answers


def write_rows(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "district_name", "elected_office", "first_name", "last_name",
                         "party_name", "email"])  # fmt: skip
        for i in range(count):
            first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
            writer.writerow([f"{first} {last} {i}", f"Ward {i} & St Mary's <North>", "Councillor",
                             first, f"{last} {i}", "", f"c{i}@example.ca"])  # fmt: skip


# -- measuring a process tree ---------------------------------------------------------------------


def measure(cmd: list[str], cwd: Path) -> dict[str, Any]:
    """Run a command; wall time, and peak RSS/USS of the parent and of its largest child."""
    import psutil

    busy, own = _busy_s(), _own_cpu_s()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)  # fmt: skip
    root = psutil.Process(proc.pid)
    peaks: dict[int, list[float]] = {}
    ticks = 0
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            break
        _sample(root, peaks, full=ticks % 12 == 0)
        ticks += 1
        time.sleep(0.02)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime  # the whole tree: workers are waited for
    others = _busy_s() - busy - cpu - (_own_cpu_s() - own)  # CPU used by anyone else
    err = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        msg = f"failed ({code}): {' '.join(cmd)}\n{err}"
        raise SystemExit(msg)
    parent = peaks.get(proc.pid, [0.0, 0.0])
    children = [value for pid, value in peaks.items() if pid != proc.pid]
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "others_cpu_s": max(0.0, others),
        "parent_rss_mib": parent[0],
        "parent_uss_mib": parent[1],
        "parent_maxrss_mib_wait4": usage.ru_maxrss / 1024,
        "worker_rss_mib": max((v[0] for v in children), default=0.0),
        "worker_uss_mib": max((v[1] for v in children), default=0.0),
        "workers_seen": len(children),
    }


def _busy_s() -> float:
    """CPU seconds the whole machine has been busy (all processes), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:8]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # not idle, iowait


def _own_cpu_s() -> float:
    """This benchmark's own CPU seconds (the memory sampler), so it is not counted as others'."""
    times = os.times()
    return times.user + times.system


def _sample(root: Any, peaks: dict[int, list[float]], *, full: bool) -> None:
    """RSS every call (cheap); USS (reads smaps, costly) only when ``full``."""
    import psutil

    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for process in processes:
        try:
            info = process.memory_full_info() if full else process.memory_info()
        except psutil.Error:
            continue
        peak = peaks.setdefault(process.pid, [0.0, 0.0])
        peak[0] = max(peak[0], info.rss / 2**20)
        if full:
            peak[1] = max(peak[1], info.uss / 2**20)


# -- plain python-docx, for the ratio -------------------------------------------------------------


def plain_main(rows: Path, shared: Path, out: Path, jobs: int) -> None:
    """Same documents with plain python-docx: Markdown from advocate, Word built the usual way."""
    import multiprocessing

    with rows.open(encoding="utf-8", newline="") as handle:
        tasks = [(i, row) for i, row in enumerate(csv.DictReader(handle))]
    out.mkdir(parents=True, exist_ok=True)
    if jobs == 1:
        _plain_init(shared, out)
        for task in tasks:
            _plain_one(task)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_plain_init, initargs=(shared, out)) as pool:
        for _ in pool.imap_unordered(_plain_one, tasks, chunksize=16):
            pass


_PLAIN: dict[str, Any] = {}


def _plain_init(shared: Path, out: Path) -> None:
    import datetime as dt

    from advocate.answers import load_answers_file
    from advocate.templates import load_template

    _PLAIN.update(template=load_template("briefing-note"), shared=load_answers_file(shared),
                  out=out, now=dt.datetime.now().astimezone(), n=0)  # fmt: skip


def _plain_one(task: tuple[int, dict[str, str]]) -> None:
    import gc

    from docx import Document

    from advocate import api
    from advocate.batch.rows import map_row

    index, row = task
    template = _PLAIN["template"]
    answers = {**_PLAIN["shared"], **map_row(row, template, {})}
    answers = {k: v for k, v in answers.items() if template.question(k)}
    planned = api.plan_draft(template, answers, now=_PLAIN["now"])
    doc = Document(str(LETTERHEAD))
    doc.sections[0].header.paragraphs[0].text = planned.meta.header_text
    _markdown_to_docx(doc, planned.text)
    doc.core_properties.title = planned.meta.title
    doc.save(str(_PLAIN["out"] / f"{index}.docx"))
    _PLAIN["n"] += 1
    if _PLAIN["n"] % 20 == 0:
        gc.collect()  # as advocate does: fair on memory and time


def _markdown_to_docx(doc: Any, text: str) -> None:
    """Headings, paragraphs (bold/italic runs), bullet and numbered lists, tables: style names."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    state: dict[str, Any] = {"style": "Normal", "table": None, "cells": []}
    for i, token in enumerate(tokens):
        if token.type.startswith(("table", "tr", "th", "td")) or state["table"] is not None:
            _table_token(doc, tokens, i, state)
        elif token.type == "inline":
            _add_paragraph(doc, token, state["style"])
        else:
            state["style"] = _STYLE_OF.get(token.type, state["style"])
            if token.type == "heading_open":
                state["style"] = "Title" if token.tag == "h1" else f"Heading {int(token.tag[1])}"


_STYLE_OF = {
    "bullet_list_open": "List Bullet",
    "ordered_list_open": "List Number",
    "bullet_list_close": "Normal",
    "ordered_list_close": "Normal",
    "heading_close": "Normal",
}


def _table_token(doc: Any, tokens: Any, i: int, state: dict[str, Any]) -> None:
    token = tokens[i]
    if token.type == "table_open":
        state["table"], state["cells"] = [], []
    elif token.type == "tr_close":
        state["table"].append(state["cells"])
        state["cells"] = []
    elif token.type == "inline":
        state["cells"].append(token.content)
    elif token.type == "table_close":
        table = state["table"]
        grid = doc.add_table(rows=len(table), cols=len(table[0]), style="Table Grid")
        for r, values in enumerate(table):
            for c, value in enumerate(values):
                grid.cell(r, c).text = value
        state["table"] = None


def _add_paragraph(doc: Any, token: Any, style: str) -> None:
    paragraph = doc.add_paragraph(style=style)
    bold = italic = False
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif child.type in ("text", "code_inline"):
            run = paragraph.add_run(child.content)
            run.bold, run.italic = bold or None, italic or None
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run().add_break()


LETTERHEAD = ROOT / "letter_templates" / "letterhead.docx"


# -- the lean peer: what a staff member would write in an afternoon ----------------------------

RECIPIENT = "Rcpt0Marker"  # stands for the row's recipient in the Markdown rendered once


def lean_main(rows: Path, shared: Path, out: Path, jobs: int) -> None:
    """A hand-written python-docx loop: the note's Markdown rendered and parsed once, then per
    row the blocks added by style name on the letterhead, the recipient put in, and saved."""
    import multiprocessing

    with rows.open(encoding="utf-8", newline="") as handle:
        tasks = [(i, row) for i, row in enumerate(csv.DictReader(handle))]
    out.mkdir(parents=True, exist_ok=True)
    _lean_init(shared, out)  # before the fork: every worker shares the parsed blocks
    if jobs == 1:
        for task in tasks:
            _lean_one(task)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        for _ in pool.imap_unordered(_lean_one, tasks, chunksize=16):
            pass


def _lean_init(shared: Path, out: Path) -> None:
    """Render the note once (recipient left as a marker) and parse it into simple blocks."""
    import datetime as dt

    from markdown_it import MarkdownIt

    from advocate import api
    from advocate.answers import load_answers_file
    from advocate.templates import load_template

    template = load_template("briefing-note")
    answers = {**load_answers_file(shared), "recipient": RECIPIENT}
    planned = api.plan_draft(template, answers, now=dt.datetime.now().astimezone())
    tokens = MarkdownIt("commonmark").enable("table").parse(planned.text)
    _PLAIN.update(blocks=_blocks(tokens), meta=planned.meta, out=out, n=0)


def _blocks(tokens: Any) -> list[tuple[str, Any]]:
    """("p", (style, runs)) and ("table", rows) blocks; runs are (text, bold, italic)."""
    blocks: list[tuple[str, Any]] = []
    style = "Normal"
    table: list[list[str]] | None = None
    cells: list[str] = []
    for token in tokens:
        if token.type == "table_open":
            table, cells = [], []
        elif token.type == "tr_close" and table is not None:
            table.append(cells)
            cells = []
        elif token.type == "table_close":
            blocks.append(("table", table))
            table = None
        elif token.type == "inline" and table is not None:
            cells.append(token.content)
        elif token.type == "inline":
            blocks.append(("p", (style, _lean_runs(token))))
        elif token.type == "heading_open":
            style = "Title" if token.tag == "h1" else f"Heading {int(token.tag[1])}"
        else:
            style = _STYLE_OF.get(token.type, style)
    return blocks


def _lean_runs(token: Any) -> list[tuple[str | None, bool, bool]]:
    runs: list[tuple[str | None, bool, bool]] = []
    bold = italic = False
    for child in token.children or []:
        if child.type in ("strong_open", "strong_close"):
            bold = child.type == "strong_open"
        elif child.type in ("em_open", "em_close"):
            italic = child.type == "em_open"
        elif child.type in ("text", "code_inline"):
            runs.append((child.content, bold, italic))
        elif child.type in ("softbreak", "hardbreak"):
            runs.append((None, False, False))
    return runs


def _lean_one(task: tuple[int, dict[str, str]]) -> None:
    import gc

    from docx import Document

    index, row = task
    recipient = f"{row['elected_office']} {row['name']}, {row['district_name']}"
    doc = Document(str(LETTERHEAD))
    doc.sections[0].header.paragraphs[0].text = _PLAIN["meta"].header_text
    for kind, block in _PLAIN["blocks"]:
        if kind == "table":
            grid = doc.add_table(rows=len(block), cols=len(block[0]), style="Table Grid")
            for r, values in enumerate(block):
                for c, value in enumerate(values):
                    grid.cell(r, c).text = value
            continue
        style, runs = block
        paragraph = doc.add_paragraph(style=style)
        for text, bold, italic in runs:
            if text is None:
                paragraph.add_run().add_break()
                continue
            run = paragraph.add_run(text.replace(RECIPIENT, recipient))
            run.bold, run.italic = bold or None, italic or None
    doc.core_properties.title = _PLAIN["meta"].title
    doc.save(str(_PLAIN["out"] / f"{index}.docx"))
    _PLAIN["n"] += 1
    if _PLAIN["n"] % 20 == 0:
        gc.collect()  # as advocate does: fair on memory and time


def floor_main(rows: Path, shared: Path, out: Path, jobs: int) -> None:
    """Write one ready-made note as a file per row: start-up and file creation only."""
    import datetime as dt
    import multiprocessing

    from advocate import api
    from advocate.answers import load_answers_file
    from advocate.templates import load_template

    with rows.open(encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.DictReader(handle))
    template = load_template("briefing-note")
    answers = {**load_answers_file(shared), "recipient": RECIPIENT}
    planned = api.plan_draft(template, answers, now=dt.datetime.now().astimezone())
    _PLAIN.update(data=api.docx_writer().render(planned.text, planned.meta), out=out)
    out.mkdir(parents=True, exist_ok=True)
    if jobs == 1:
        _floor_write(range(count))
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs) as pool:
        pool.map(_floor_write, [range(k, count, jobs) for k in range(jobs)])


def _floor_write(indexes: range) -> None:
    from advocate.batch.filing import write_new  # the batch's own file writer

    data, out = _PLAIN["data"], _PLAIN["out"]
    for index in indexes:
        write_new(out / f"{index}.docx", data, overwrite=False)


# -- the benchmark --------------------------------------------------------------------------------


def run_case(
    work: Path, count: int, jobs: int, repeat: int, plain: bool, *, pipeline: bool = True
) -> dict[str, Any]:
    rows, shared = work / f"rows-{count}.csv", work / "shared.yaml"
    runs: dict[str, list[dict[str, Any]]] = {"advocate": [], "floor": [], "lean": [], "plain": []}
    for _ in range(repeat):
        out = work / "out"
        shutil.rmtree(out, ignore_errors=True)
        runs["advocate"].append(measure(
            [str(BIN / "advocate"), "batch", "briefing-note", str(rows), "--answers", str(shared),
             "--out", str(out), "--name", "{district_name}-{name}", "--jobs", str(jobs), "-q"],
            work,
        ))  # fmt: skip
        written = len(list(out.glob("*.docx")))
        if written != count:
            msg = f"advocate wrote {written} documents, expected {count}"
            raise SystemExit(msg)
        shutil.rmtree(out, ignore_errors=True)
        runs["floor"].append(measure(
            [sys.executable, __file__, "--floor", str(rows), str(shared), str(out), str(jobs)], work
        ))  # fmt: skip
        shutil.rmtree(out, ignore_errors=True)
        if not plain:
            continue
        runs["lean"].append(measure(
            [sys.executable, __file__, "--lean", str(rows), str(shared), str(out), str(jobs)], work
        ))  # fmt: skip
        shutil.rmtree(out, ignore_errors=True)
        if not pipeline:
            continue
        runs["plain"].append(measure(
            [sys.executable, __file__, "--plain", str(rows), str(shared), str(out), str(jobs)], work
        ))  # fmt: skip
    shutil.rmtree(work / "out", ignore_errors=True)
    return {"rows": count, "jobs": jobs, **{k: summarise(v, count) for k, v in runs.items() if v}}


def summarise(runs: list[dict[str, Any]], count: int) -> dict[str, Any]:
    walls = [run["wall_s"] for run in runs]
    wall = statistics.median(walls)
    return {
        "wall_s": wall,
        "wall_min_s": min(walls),
        "wall_max_s": max(walls),
        "docs_per_s": count / wall,
        "cpu_ms_per_doc": 1000 * statistics.median(run["cpu_s"] for run in runs) / count,
        "others_cpu_s_max": max(run["others_cpu_s"] for run in runs),
        "n": len(runs),
        **{key: max(run[key] for run in runs) for key in runs[0] if key.endswith("mib")},
    }


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "rows    jobs  advocate s  docs/s  floor s  docs/s  of floor  lean s  docs/s  ratio   plain s"
        "  docs/s  ratio"
        "  parent RSS/USS MiB  worker RSS/USS MiB  cpu ms/doc  others' cpu s",
    ]
    for r in results:
        a = r["advocate"]
        f = r.get("floor")
        peers = (
            f" {f['wall_s']:>8.2f} {f['docs_per_s']:>7.0f} {a['docs_per_s'] / f['docs_per_s']:>8.0%}"
            if f
            else f" {'-':>8} {'-':>7} {'-':>9}"
        )
        for name, width in (("lean", 7), ("plain", 9)):
            p = r.get(name)
            peers += (
                f" {p['wall_s']:>{width}.2f} {p['docs_per_s']:>7.0f} "
                f"{a['docs_per_s'] / p['docs_per_s']:>5.1f}x"
                if p
                else f" {'-':>{width}} {'-':>7} {'-':>6}"
            )
        lines.append(
            f"{r['rows']:>6} {r['jobs']:>5} {a['wall_s']:>10.2f} {a['docs_per_s']:>7.0f}{peers}"
            f"  {a['parent_rss_mib']:>8.1f}/{a['parent_uss_mib']:<8.1f}"
            f"  {a['worker_rss_mib']:>8.1f}/{a['worker_uss_mib']:<8.1f}"
            f"  {a['cpu_ms_per_doc']:>10.1f}  {a['others_cpu_s_max']:>13.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-row runs")
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case below 10,000 rows")
    parser.add_argument(
        "--plain-max",
        type=int,
        default=1000,
        help="build with plain python-docx only up to this many rows (it is slow)",
    )
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the slow python-docx-in-pipeline peer"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if not (args.quick and int(s) >= 10000)]
    jobs = [int(j) for j in args.jobs.split(",")]
    import yaml

    results = []
    with tempfile.TemporaryDirectory(prefix="advocate-bench-") as tmp:
        work = Path(tmp)
        (work / "shared.yaml").write_text(yaml.safe_dump(shared_answers(), allow_unicode=True),
                                          encoding="utf-8")  # fmt: skip
        for size in sizes:
            write_rows(work / f"rows-{size}.csv", size)
            for job in jobs:
                repeat = 1 if size >= 10000 else args.repeat
                results.append(
                    run_case(
                        work, size, job, repeat, size <= args.plain_max, pipeline=not args.no_plain
                    )
                )
                print(table(results[-1:]).splitlines()[-1], flush=True)
    print(table(results))
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "sizes": sizes, "jobs": jobs}
    (RESULTS / "batch.json").write_text(json.dumps({"meta": meta, "results": results}, indent=2))


if __name__ == "__main__":
    if len(sys.argv) == 6 and sys.argv[1] in ("--plain", "--lean", "--floor"):
        peer = {"--plain": plain_main, "--lean": lean_main, "--floor": floor_main}[sys.argv[1]]
        peer(Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))
    else:
        main()

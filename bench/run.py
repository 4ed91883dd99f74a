"""advocate's benchmark: `make bench`. Prints a table and writes bench/results/summary.json.

Measures, on this machine, with the medians the issues set targets for:
  1. `advocate --help` against `python -c "import click"` (paired runs, ratio of medians);
  2. one `advocate draft briefing-note --no-input --answers ...` process, whole;
  3. one briefing note rendered in process, from answers to saved .docx bytes;
  4. batches (bench/bench_batch.py) against two python-docx peers (the lean hand-written loop of
     issue 14 and python-docx inside the pipeline), unless --no-batch.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent


def run_once(cmd: list[str], cwd: Path) -> float:
    """Wall time of one whole process in milliseconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, _ = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        msg = f"command failed: {' '.join(cmd)}"
        raise SystemExit(msg)
    return elapsed


def stats(samples: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "n": len(samples),
    }


def paired(
    a: list[str], b: list[str], cwd: Path, n: int, warmup: int = 3
) -> tuple[list[float], list[float]]:
    """Alternate two commands so that machine drift hits both alike."""
    for _ in range(warmup):
        run_once(a, cwd)
        run_once(b, cwd)
    first, second = [], []
    for _ in range(n):
        first.append(run_once(a, cwd))
        second.append(run_once(b, cwd))
    return first, second


def bench_help(work: Path, n: int) -> dict[str, object]:
    click_only = [sys.executable, "-c", "import click"]
    help_cmd = [str(BIN / "advocate"), "--help"]
    base, ours = paired(click_only, help_cmd, work, n)
    return {
        "python -c 'import click' ms": stats(base),
        "advocate --help ms": stats(ours),
        "ratio of medians": statistics.median(ours) / statistics.median(base),
        "target": "advocate --help within 1.3x of import click",
    }


def example_answers_file(work: Path) -> Path:
    from advocate.templates import load_template
    from advocate.yamlio import dump_yaml

    path = work / "briefing.answers.yaml"
    path.write_text(
        dump_yaml(dict(load_template("briefing-note").example_answers)), encoding="utf-8"
    )
    return path


def bench_one_draft(work: Path, n: int) -> dict[str, object]:
    answers = example_answers_file(work)
    cmd = [str(BIN / "advocate"), "draft", "briefing-note", "--no-input", "--answers", str(answers),
           "-o", str(work / "note.docx"), "--overwrite", "-q"]  # fmt: skip
    floor_cmd = [sys.executable, "-c", "import click, jinja2, docx"]
    floor, samples = paired(floor_cmd, cmd, work, n)
    return {
        "advocate draft briefing-note (process) ms": stats(samples),
        "floor: python -c 'import click, jinja2, docx' ms": stats(floor),
        "ratio to the import floor": statistics.median(samples) / statistics.median(floor),
        "target": "median <= 150 ms (PERF-BASELINE: floor 111 ms there, so <= 1.35x the floor)",
    }


def bench_in_process(number: int = 50, repeat: int = 9) -> dict[str, object]:
    from advocate import api
    from advocate.templates import load_template

    template = load_template("briefing-note")
    answers = dict(template.example_answers)

    def one() -> bytes:
        planned = api.plan_draft(template, answers, output=Path("note.docx"))
        return api.document_bytes(planned, fmt="docx", letterhead=None)

    one()
    per_doc = [t / number * 1000 for t in timeit.repeat(one, number=number, repeat=repeat)]

    planned = api.plan_draft(template, answers, output=Path("note.docx"))
    writer = api.docx_writer(None)
    render_only = [
        t / number * 1000
        for t in timeit.repeat(
            lambda: writer.render(planned.text, planned.meta), number=number, repeat=repeat
        )
    ]
    return {
        "answers -> .docx bytes, ms per note": stats(per_doc),
        "Markdown -> .docx bytes only, ms per note": stats(render_only),
        "document size bytes": len(one()),
        "target": "median <= 10 ms (answers to saved .docx bytes)",
    }


def bench_batch(quick: bool) -> dict[str, object]:
    script = ROOT / "bench" / "bench_batch.py"
    if not script.exists():
        return {"skipped": "bench/bench_batch.py not present"}
    args = [sys.executable, str(script)] + (["--quick"] if quick else [])
    subprocess.run(args, check=True, cwd=ROOT)
    result_file = RESULTS / "batch.json"
    return json.loads(result_file.read_text()) if result_file.exists() else {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20, help="runs per process measurement")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch benchmark")
    parser.add_argument("--quick", action="store_true", help="skip the 10,000-row batch")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    # An editable install runs from src/; with PYTHONDONTWRITEBYTECODE set nothing caches the
    # bytecode, and every run would compile advocate again. Measure the installed state.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
    summary: dict[str, object] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        summary["help"] = bench_help(work, args.n)
        print(json.dumps({"help": summary["help"]}, indent=2), flush=True)
        summary["draft"] = bench_one_draft(work, args.n)
        print(json.dumps({"draft": summary["draft"]}, indent=2), flush=True)
    summary["render"] = bench_in_process()
    print(json.dumps({"render": summary["render"]}, indent=2), flush=True)
    if not args.no_batch:
        summary["batch"] = bench_batch(args.quick)
    (RESULTS / "summary.json").write_text(json.dumps(summary, indent=2))
    print(f"\nwritten: {RESULTS / 'summary.json'}")


if __name__ == "__main__":
    main()

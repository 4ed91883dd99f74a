"""Profile one batch worker: draft N briefing-note rows in this process, under cProfile.

usage: python bench/profile_worker.py [--rows 1000] [--top 25] [--out DIR] [--plain]

It builds the batch the way ``advocate batch briefing-note`` does (shared answers from the
note's examples, Represent-style councillor rows, the packaged letterhead), then calls the
worker's own per-row function for every row, in one process, so the profile is what one
worker spends per document. It prints the wall ms per document, the cumulative time of the
stages (answers, Jinja, Markdown, body XML, zip, file creation) and the top functions.
``--plain`` forces the plain path (every row rendered from the answers up).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import shared_answers, write_rows  # noqa: E402

# (label, function name substrings as pstats prints them) for the stage summary
STAGES = [
    ("answers: collect + validate", "answers.py:", "collect_answers"),
    ("Jinja render (render_body)", "templating.py:", "render_body"),
    ("Markdown parse (markdown-it)", "main.py:", "parse"),
    ("body XML (BodyBuilder.build)", "body.py:", "build"),
    ("serialise parts (lxml tostring)", "package.py:", "serialize"),
    ("zip deflate (_package)", "writer.py:", "_package"),
    ("file creation (write_atomic)", "outputs.py:", "write_atomic"),
    ("fast path: the row's own answers", "fastpath.py:", "answers"),
    ("fast path: fill + deflate + splice", "stencil.py:", "fill"),
    ("file creation (filing.write_new)", "filing.py:", "write_new"),
]


def stage_times(settings: Any, tasks: list[Any]) -> dict[str, float]:
    """The plain path's stages, each timed over the same rows (what draft_row does, in steps)."""
    from advocate import api
    from advocate.answers import AnswerSource, collect_answers
    from advocate.outputs import write_atomic
    from advocate.prompting import NoInputPrompter
    from advocate.word.body import BodyBuilder
    from advocate.word.ooxml import sanitise

    writer = api.docx_writer(settings.letterhead)
    times: dict[str, float] = dict.fromkeys(
        ["answers: collect + validate", "Jinja + metadata (render_planned)",
         "Markdown parse (markdown-it)", "body XML (BodyBuilder)", "whole writer.render",
         "file creation (write_atomic)"], 0.0)  # fmt: skip
    for task in tasks:
        t0 = time.perf_counter()
        collected = collect_answers(settings.template.questions,
                                    [AnswerSource("row", task.values), *settings.sources],
                                    NoInputPrompter(), today=settings.now.date())  # fmt: skip
        t1 = time.perf_counter()
        planned = api.render_planned(settings.template, collected.values, output=task.path,
                                     out_dir=None, fmt="docx", now=settings.now)  # fmt: skip
        t2 = time.perf_counter()
        tokens = writer._markdown.parse(sanitise(planned.text))
        t3 = time.perf_counter()
        BodyBuilder(writer._styles, writer._numbering, lambda _url: "rId99", 9000).build(tokens)
        t4 = time.perf_counter()
        data = writer.render(planned.text, planned.meta)
        t5 = time.perf_counter()
        write_atomic(task.path.with_name("y" + task.path.name), data, overwrite=False)
        t6 = time.perf_counter()
        for key, dt_ in zip(
            times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5), strict=True
        ):
            times[key] += dt_
    return {key: 1000 * value / len(tasks) for key, value in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--plain", action="store_true", help="force the plain path")
    args = parser.parse_args()
    from advocate.answers import AnswerSource
    from advocate.batch import worker
    from advocate.batch.plan import batch_settings, plan_rows

    with tempfile.TemporaryDirectory(prefix="advocate-profile-") as tmp:
        work = Path(tmp)
        write_rows(work / "rows.csv", args.rows)
        sources = [AnswerSource("answers", shared_answers(), strict=True)]
        settings = batch_settings("briefing-note", sources=sources, fmt="docx", letterhead=None,
                                  overwrite=False, combine=None, template_dirs=(), now=None)  # fmt: skip
        plan = plan_rows(settings, work / "rows.csv", column_map={}, sheet=None,
                         out_dir=work / "out", name_pattern="{district_name}-{name}", combine=None)  # fmt: skip
        if args.plain:
            os.environ["ADVOCATE_BATCH_FAST"] = "0"  # advocate.batch.fastpath.VARIABLE
        worker.set_state(settings, None)
        tasks = list(plan.tasks())
        worker.draft_task(tasks[0])  # warm: the writer and any per-worker preparation
        start = time.perf_counter()
        for task in tasks[1:]:
            worker.draft_task(task._replace(path=task.path.with_name("x" + task.path.name)))
        plain_wall = time.perf_counter() - start
        stage_ms = stage_times(settings, tasks[1:201])
        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.enable()
        outcomes = [worker.draft_task(task) for task in tasks[1:]]
        profiler.disable()
        wall = time.perf_counter() - start
        failed = [o for o in outcomes if o.result.status != "written"]
        if failed:
            msg = f"{len(failed)} rows not written: {failed[0].result}"
            raise SystemExit(msg)
    n = len(outcomes)
    print(f"{n} documents without a profiler: {1000 * plain_wall / n:.2f} ms per document")
    print("stages timed apart (200 rows, no profiler, ms per document):")
    for label, ms in stage_ms.items():
        print(f"  {label:38s} {ms:6.2f}")
    print(f"\n{n} documents in {wall:.2f} s under cProfile: {1000 * wall / n:.2f} ms per document")
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    print("\nstage (cumulative, ms per document under cProfile):")
    for label, where, name in STAGES:
        total = sum(
            v[3] for (f, _, fn), v in entries.items() if fn == name and f.endswith(where[:-1])
        )
        print(f"  {label:38s} {1000 * total / n:6.2f}")
    print()
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()

"""Run advocate on one hostile file and print what happened as one line of JSON.

Used by ``tests/test_hostile_corpus.py`` in a child process with a time and memory limit, so a
file that hangs advocate or eats all memory fails its test instead of the whole suite:

    python tests/hostile/check.py KIND FILE WORK_FOLDER

KIND is ``answers``, ``rows``, ``letterhead`` or ``template``. The outcome is ``document``
(advocate wrote one), ``advocate-error`` (an ``AdvocateError``: the user sees an ``Error:``
line) or ``crash`` (any other exception: a traceback, which is never acceptable).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

import advocate
from advocate.answers import AnswerSource, load_answers_file
from advocate.errors import AdvocateError
from advocate.templates import load_template

DOCTYPE = "briefing-note"


class NoDocumentError(AdvocateError):
    """A batch wrote nothing: each failed row already carries its own message."""


def examples() -> dict[str, Any]:
    """The briefing note's example answers, the lowest-precedence answers of every run."""
    return dict(load_template(DOCTYPE).example_answers)


def run(kind: str, path: Path, work: Path) -> str:
    """Feed ``path`` to advocate the way its kind is used; return what was written."""
    shared = AnswerSource("examples", examples())
    if kind == "answers":
        loaded = AnswerSource("answers file", load_answers_file(path), strict=True)
        result = advocate.draft(DOCTYPE, sources=[loaded, shared], output=work / "a.docx")
        return str(result.output)
    if kind == "rows":
        rows = list(advocate.draft_many(DOCTYPE, path, examples(), out_dir=work, fmt="md", jobs=1))
        if not any(row.status == "written" for row in rows):  # every row failed, or none read
            raise NoDocumentError(", ".join(f"row {r.row}: {r.error}" for r in rows) or "no rows")
        return ", ".join(f"row {r.row}: {r.status} {r.error}".strip() for r in rows)
    if kind == "letterhead":
        result = advocate.draft(DOCTYPE, examples(), output=work / "l.docx", letterhead=path)
        return str(result.output)
    template = load_template(str(path))
    result = advocate.draft(template, template.example_answers, output=work / "t.md", fmt="md")
    return str(result.output)


def main() -> None:
    """Run one case and print ``{"outcome", "detail", "seconds", "peak_mb"}``."""
    kind, path, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    start = time.perf_counter()
    try:
        outcome, detail = "document", run(kind, path, work)
    except NoDocumentError as err:
        outcome, detail = ("row-errors" if str(err) != "no rows" else "nothing"), str(err)
    except AdvocateError as err:
        outcome, detail = "advocate-error", str(err)
    except BaseException as err:  # noqa: BLE001 - the point is to report any other exception
        outcome, detail = "crash", f"{type(err).__name__}: {err}"[:500]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = round(time.perf_counter() - start, 3)
    report = {"outcome": outcome, "detail": detail[:500], "seconds": seconds, "peak_mb": peak_mb}
    print(json.dumps(report))


if __name__ == "__main__":
    main()

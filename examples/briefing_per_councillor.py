"""One briefing note per councillor, from a councillor list exported from OpenNorth Represent.

Run it from the repository root:

    python examples/briefing_per_councillor.py examples/councillors.csv notes/

The columns name, district_name and elected_office fill the note's recipient
("Councillor Amélie Tremblay, Ward 1"); everything every note shares is in SHARED.
"""

import sys
from pathlib import Path

import advocate

SHARED = {
    "organisation": "Northside Newcomer Centre",
    "contact_name": "Amina Yusuf",
    "contact_title": "Executive Director",
    "contact_email": "amina@northside.example.org",
    "council_name": "Riverside City Council",
    "subject": "Access to city services for residents without status",
    "purpose": "To ask for your support for item EC12.3 at committee on December 3.",
    "background": "Some city counters still ask for documents the services do not require.",
    "current_status": "Staff recommend written guidance; committee votes on December 3.",
    "recommendation": "Support the staff recommendation, with an amendment on training.",
}


def main(rows: Path, out_dir: Path) -> int:
    """Write one briefing note per row of ``rows`` into ``out_dir``; return the exit code."""
    results = advocate.draft_many(
        "briefing-note", rows, SHARED, out_dir=out_dir, name_pattern="{district_name}-{name}"
    )
    failed = 0
    for result in results:  # one result per councillor, as soon as each note is written
        if result.status == "failed":
            failed += 1
            print(f"row {result.row}: {result.error}", file=sys.stderr)
        else:
            print(f"{result.status:8} {result.path}")
    print(f"Done; every row is listed in {out_dir / 'manifest.csv'}", file=sys.stderr)
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))

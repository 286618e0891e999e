"""Benchmark: `campaign create` for 13,000 districts, against bare Jinja2 rendering of the same
letters (no database, no tokens, no checks) in the same run.

    python bench/bench_campaign.py [--agencies 13000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_import import make_csv  # noqa: E402

from foia_tracker.campaigns import create_campaign  # noqa: E402
from foia_tracker.config import load_config  # noqa: E402
from foia_tracker.db import open_db, rows  # noqa: E402
from foia_tracker.directory.agencies import import_agencies  # noqa: E402
from foia_tracker.law.jurisdictions import get_jurisdiction  # noqa: E402
from foia_tracker.letters.render import LetterInputs, letter_context, load_set, render_letter  # noqa: E402
from foia_tracker.requests.tracking import StatusFilter, status_rows  # noqa: E402
from foia_tracker.workspace import init_workspace  # noqa: E402

CONFIG = """
[requester]
name = "Bench"
email = "bench@example.org"
state = "CT"
[smtp]
host = "smtp.example.org"
per_day = 2000
[replies]
address = "bench+{token}@example.org"
"""
VARS = {"period": "from January 1, 2020 to the date of this request"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--agencies", type=int, default=13000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        config = load_config(init_workspace(tmp / "ws", CONFIG))
        db = open_db(config.store.database)
        make_csv(tmp / "d.csv", args.agencies)
        import_agencies(db, tmp / "d.csv", now=datetime.now(UTC))
        start = time.perf_counter()
        report = create_campaign(
            db,
            config,
            "bench",
            "student-data-agreements",
            all_agencies=True,
            variables=VARS,
            now=datetime.now(UTC),
        )
        ours = time.perf_counter() - start
        agencies = rows(db, "SELECT * FROM agencies WHERE id IN (SELECT agency_id FROM requests)")
        template_set = load_set("student-data-agreements")
        start = time.perf_counter()
        for agency in agencies:
            agency["extra"] = {}
            inputs = LetterInputs(
                agency, config.requester, get_jurisdiction(agency["state"]), "XX-0001", "t", VARS
            )
            render_letter(template_set, "request", letter_context(template_set, inputs))
        bare = time.perf_counter() - start
        start = time.perf_counter()
        status = status_rows(db, datetime.now(UTC).date(), StatusFilter())
        status_seconds = time.perf_counter() - start
        start = time.perf_counter()
        rows(db, "SELECT * FROM requests")
        select_seconds = time.perf_counter() - start
    print(
        f"agencies: {args.agencies}; requests created: {report.requests} "
        f"({len(report.refused)} refused by residency rules)"
    )
    print(f"foia campaign create:         {ours:6.2f} s")
    print(f"bare Jinja2 rendering (ref):  {bare:6.2f} s")
    print(f"ratio: {ours / bare:.2f}")
    print(
        f"foia status ({len(status)} rows):     {status_seconds:6.2f} s "
        f"(plain SELECT of the requests: {select_seconds:.2f} s)"
    )
    print(f"estimate shown to the user: {report.estimate.text if report.estimate else ''}")


if __name__ == "__main__":
    main()

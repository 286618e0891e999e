"""Benchmark: import a 13,000-district directory, against `sqlite-utils insert` of the same CSV.

    python bench/bench_import.py [--rows 13000]

The reference does no validation or upsert; the ratio says what our checks cost.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from foia_tracker.db import open_db
from foia_tracker.directory.agencies import import_agencies
from foia_tracker.law.codes import STATE_CODES


def make_csv(path: Path, n: int) -> None:
    rng = random.Random(42)
    states = sorted(STATE_CODES)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            [
                "name",
                "state",
                "email",
                "external_id",
                "contact_name",
                "phone",
                "enrollment",
                "county",
            ]
        )
        for i in range(n):
            state = states[i % len(states)]
            writer.writerow(
                [
                    f"District {i} of {state}",
                    state,
                    f"records{i}@d{i}.example",
                    f"{i:07d}",
                    f"Clerk {i}",
                    f"555-{i % 10000:04d}",
                    rng.randint(50, 90000),
                    f"County {i % 97}",
                ]
            )


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=13000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = tmp / "districts.csv"
        make_csv(source, args.rows)
        now = datetime.now(UTC)
        first = timed(lambda: import_agencies(open_db(tmp / "a.db"), source, now=now))
        again = timed(lambda: import_agencies(open_db(tmp / "a.db"), source, now=now))
        reference = timed(
            lambda: subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "sqlite_utils",
                    "insert",
                    str(tmp / "ref.db"),
                    "agencies",
                    str(source),
                    "--csv",
                ],
                check=True,
            )
        )
    print(f"rows: {args.rows}")
    print(f"foia agencies import (new):      {first:.2f} s")
    print(f"foia agencies import (re-import): {again:.2f} s")
    print(f"sqlite-utils insert --csv (ref):  {reference:.2f} s")
    print(f"ratio new/ref: {first / reference:.2f}")


if __name__ == "__main__":
    main()

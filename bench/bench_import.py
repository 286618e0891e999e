"""Benchmark: import a national-size directory (19,000 LEAs, the NCES CCD's size) against
`sqlite-utils insert` of the same file, in the same run.

    python bench/bench_import.py [--rows 19000]

Three imports: a state-style CSV (recognised headers, composed addresses), the same rows in the
CCD layout with `--source nces-ccd`, and a re-import (every row matched, nothing changed). The
reference does no validation or upsert; the ratio says what our checks and merge cost. When
openpyxl is installed, the .xlsx read is timed with it too (see docs/design.md).
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from foia_tracker.db import open_db  # noqa: E402
from foia_tracker.directory.agencies import ImportOptions, import_agencies  # noqa: E402
from foia_tracker.directory.readers import read_table  # noqa: E402
from foia_tracker.law.codes import STATE_CODES  # noqa: E402

CCD_HEADER = [
    "SCHOOL_YEAR", "ST", "LEA_NAME", "ST_LEAID", "LEAID", "LSTREET1", "LCITY", "LSTATE", "LZIP",
    "PHONE", "WEBSITE", "SY_STATUS", "LEA_TYPE", "LEA_TYPE_TEXT",
]  # fmt: skip
STATE_HEADER = ["District Name", "State", "NCES ID", "Superintendent", "Street", "Town", "Zip",
                "Phone", "Website", "Enrollment"]  # fmt: skip


def rows(n: int) -> list[list[str]]:
    states = sorted(STATE_CODES)
    out = []
    for i in range(n):
        st = states[i % len(states)]
        out.append([st, f"District {i} of {st}", f"{i:07d}", f"{i} Main Street", f"Town {i % 500}",
                    f"{i % 99999:05d}", f"(555) 555-{i % 10000:04d}", f"https://d{i}.example"])  # fmt: skip
    return out


def make_csv(path: Path, n: int) -> None:
    """A state-style directory of ``n`` agencies with emails."""
    write(
        path,
        [*STATE_HEADER, "Email"],
        [[r[1], r[0], r[2], "Clerk", r[3], r[4], r[5], r[6], r[7], "100", f"records{i}@d{i}.example"]
         for i, r in enumerate(rows(n))],
    )  # fmt: skip


def write(path: Path, header: list[str], records: list[list[str]]) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(records)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def reference(db: Path, source: Path) -> float:
    cmd = [
        sys.executable,
        "-m",
        "sqlite_utils",
        "insert",
        str(db),
        "agencies",
        str(source),
        "--csv",
    ]
    return timed(lambda: subprocess.run(cmd, check=True))


def ours(db: Path, source: Path, options: ImportOptions) -> float:
    cmd = [sys.executable, __file__, "--one", str(db), str(source), options.source or ""]
    return timed(lambda: subprocess.run(cmd, check=True))


def run(argv: list[str]) -> None:
    """One import in its own process, as `foia agencies import` runs (startup included)."""
    db, source, kind = argv
    import_agencies(
        open_db(db), Path(source), now=datetime.now(UTC), options=ImportOptions(source=kind or None)
    )


def main() -> None:
    if sys.argv[1:2] == ["--one"]:
        run(sys.argv[2:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=19000)
    args = parser.parse_args()
    records = rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        state, ccd = tmp / "state.csv", tmp / "ccd.csv"
        write(
            state,
            STATE_HEADER,
            [[r[1], r[0], r[2], "Clerk", r[3], r[4], r[5], r[6], r[7], "100"] for r in records],
        )
        write(ccd, CCD_HEADER, [["2025-2026", r[0], r[1], f"{r[0]}-{r[2]}", r[2], r[3], r[4], r[0], r[5], r[6], r[7], "1", "1", "Regular"] for r in records])  # fmt: skip
        results = {
            "sqlite-utils insert --csv (state file)": reference(tmp / "ref1.db", state),
            "foia agencies import (state file, new)": ours(tmp / "a.db", state, ImportOptions()),
            "foia agencies import (state file, re-import)": ours(tmp / "a.db", state, ImportOptions()),
            "sqlite-utils insert --csv (CCD file)": reference(tmp / "ref2.db", ccd),
            "foia agencies import --source nces-ccd (new)": ours(tmp / "b.db", ccd, ImportOptions(source="nces-ccd")),
        }  # fmt: skip
        xlsx = _xlsx_reads(tmp, records)
    print(f"rows: {args.rows}")
    for name, seconds in {**results, **xlsx}.items():
        print(f"{name:48} {seconds:6.2f} s")
    ratio = (
        results["foia agencies import (state file, new)"]
        / results["sqlite-utils insert --csv (state file)"]
    )
    ccd_ratio = (
        results["foia agencies import --source nces-ccd (new)"]
        / results["sqlite-utils insert --csv (CCD file)"]
    )
    print(f"ratio state/ref: {ratio:.2f}   ratio ccd/ref: {ccd_ratio:.2f}   (goal: within 2x)")


def _xlsx_reads(tmp: Path, records: list[list[str]]) -> dict[str, float]:
    try:
        import openpyxl  # only to write the file and compare readers; not a dependency
    except ImportError:
        return {}
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("LEAs")
    sheet.append(CCD_HEADER)
    for r in records:
        sheet.append(["2025-2026", r[0], r[1], f"{r[0]}-{r[2]}", int(r[2]), r[3], r[4], r[0], r[5], r[6], r[7], 1, 1, "Regular"])  # fmt: skip
    path = tmp / "ccd.xlsx"
    book.save(path)

    def with_openpyxl():
        list(
            openpyxl.load_workbook(path, read_only=True, data_only=True).active.iter_rows(
                values_only=True
            )
        )

    return {
        "read .xlsx with python-calamine": timed(lambda: list(read_table(path).records)),
        "read .xlsx with openpyxl (read_only)": timed(with_openpyxl),
    }


if __name__ == "__main__":
    main()

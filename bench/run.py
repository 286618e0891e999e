"""The benchmarks, one entry point: each stage against a same-run reference on this machine.

    python bench/run.py              # the sizes of docs/benchmarks.md (takes a while)
    python bench/run.py --full       # adds the 5 GB export
    python bench/run.py --quick      # tiny sizes: proves every stage still runs (CI); no claims
    python bench/run.py --only send status

Prints a Markdown table: our command, the reference, the ratio (ours / reference; for the send
stage, the rate ratio reference-time / our-time) and each side's peak memory. Assertions about
speed live nowhere: the figures are recorded in docs/benchmarks.md with the machine and date.
"""

from __future__ import annotations

import argparse
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402
import stages_db  # noqa: E402
import stages_mail  # noqa: E402
import stages_send  # noqa: E402

STAGES = {
    "intake_pdf": stages_mail.intake_pdf,
    "intake_unmatched": stages_mail.intake_unmatched,
    "idle_poll": stages_mail.idle_poll,
    "large_message": stages_mail.large_message,
    "send": stages_send.send,
    "status": stages_db.status,
    "export": stages_db.export,
    "launch": stages_db.launch,
    "import": stages_db.directory_import,
}
NEEDS_MAIL = {"intake_pdf", "intake_unmatched", "idle_poll", "large_message"}

SIZES = {
    "quick": {"replies": 40, "requests": 10, "unmatched": 40, "seen": 40, "letters": 20,
              "status_requests": 200, "status_messages": 600, "export_mb": 8, "launch": 100, "import": 100, "large_mb": 2},
    "default": {"replies": 2000, "requests": 400, "unmatched": 2000, "seen": 10000,
                "letters": 2000, "send_rounds": 3, "status_requests": 100_000, "status_messages": 300_000,
                "export_mb": 512, "launch": 13_300, "import": 19_000, "large_mb": 30},
}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes; proves the stages run")
    parser.add_argument("--full", action="store_true", help="the 5 GB export too")
    parser.add_argument("--only", nargs="*", choices=sorted(STAGES), help="run only these")
    args = parser.parse_args()
    sizes = dict(SIZES["quick" if args.quick else "default"])
    if args.full:
        sizes["export_mb"] = 5 * 1024
    names = args.only or list(STAGES)
    common.compile_ours()
    print(
        f"machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d}; {'quick' if args.quick else 'full' if args.full else 'default'} sizes"
    )
    print("| stage | ours (s) | reference | ref (s) | ratio | peak MB ours / ref |")
    print("|---|---|---|---|---|---|")
    failed = 0
    for name in names:
        if name in NEEDS_MAIL and (why := stages_mail.available()):
            print(f"| {name} | skipped: {why} | | | | |")
            failed += 1
            continue
        result = STAGES[name](sizes)
        ours, ref = result["ours"], result["reference"]
        ratio = ref.seconds / ours.seconds if result.get("rate") else ours.seconds / ref.seconds
        label = "rate ratio" if result.get("rate") else ""
        print(
            f"| {result['what']} | {ours.seconds:.2f} | {result['reference_name']} | "
            f"{ref.seconds:.2f} | {ratio:.2f} {label} | {ours.peak_mb:.0f} / {ref.peak_mb:.0f} |"
        )
        if len(result.get("rounds", ())) > 1:
            pairs = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in result["rounds"])
            print(f"|  rounds, ours/reference (s): {pairs} | | | | | |")
        failed += ours.returncode != 0 or ref.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

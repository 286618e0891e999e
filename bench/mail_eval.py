"""How the message parser reads machine mail it was not tuned on: bounces (failed or delayed,
and for whom) and auto-replies, per family, on a folder of raw messages with its labels.

    python bench/mail_eval.py                       # tests/fixtures/mail/blind_k (the default)
    python bench/mail_eval.py --folder DIR -v       # another folder; every miss listed

The folder holds `*.eml` and `expected.json`: name -> {"type": "bounce" | "autoreply" |
"neither", "action": "failed" | "delayed" | null, "recipients": [...], "message_id": ... | null}.
A bounce is read right when the action is right and the recipients are exactly the failed
(or delayed) ones; a wrong address is counted apart, since it marks a good address bounced.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foia_tracker.parse.message import parse_message  # noqa: E402

DEFAULT = ROOT / "tests" / "fixtures" / "mail" / "blind_k"


def reading(raw: bytes) -> dict:
    parsed = parse_message(raw)
    bounce = parsed.bounce
    if bounce is not None:
        return {
            "type": "bounce",
            # A server that gave up on a full mailbox failed the letter (the address stays good).
            "action": "failed" if bounce.gave_up else bounce.action,
            "recipients": sorted(a.lower() for a in bounce.original_recipients),
            "message_id": bounce.original_message_id,
        }
    kind = "autoreply" if parsed.is_auto_reply else "neither"
    return {"type": kind, "action": None, "recipients": [], "message_id": None}


def evaluate(folder: Path, verbose: bool = False) -> dict:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    counts: Counter = Counter()
    misses = []
    for name, want in sorted(expected.items()):
        got = reading((folder / f"{name}.eml").read_bytes())
        want_type = want["type"]
        counts[f"{want_type}:total"] += 1
        counts[f"{got['type']}:predicted"] += 1
        if got["type"] == want_type:
            counts[f"{want_type}:type_right"] += 1
        problems = []
        if got["type"] != want_type:
            problems.append(f"type {got['type']} (expected {want_type})")
        elif want_type == "bounce":
            if got["action"] != want["action"]:
                problems.append(f"action {got['action']} (expected {want['action']})")
            want_rcpt = sorted(a.lower() for a in want["recipients"])
            if got["recipients"] != want_rcpt:
                wrong = set(got["recipients"]) - set(want_rcpt)
                counts["bounce:wrong_address"] += bool(wrong)
                problems.append(f"recipients {got['recipients']} (expected {want_rcpt})")
            if want.get("message_id") and got["message_id"] != want["message_id"]:
                counts["bounce:message_id_missed"] += 1
            if not problems:
                counts["bounce:fully_right"] += 1
        if problems:
            misses.append((name, problems))
    report = {"counts": dict(counts), "misses": misses}
    print(render(folder, counts, misses if verbose else []))
    return report


def render(folder: Path, counts: Counter, misses: list) -> str:
    lines = [f"Folder `{folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}`:", ""]
    lines += ["| type | samples | predicted | type right |", "|---|---:|---:|---:|"]
    for kind in ("bounce", "autoreply", "neither"):
        total, right = counts[f"{kind}:total"], counts[f"{kind}:type_right"]
        lines.append(f"| {kind} | {total} | {counts[f'{kind}:predicted']} | {right} |")
    lines += [
        "",
        f"Bounces read fully right (type, action, exactly the recipients): "
        f"{counts['bounce:fully_right']} of {counts['bounce:total']}; a wrong address named in "
        f"{counts['bounce:wrong_address']}; the letter's Message-ID missed in "
        f"{counts['bounce:message_id_missed']}.",
    ]
    for name, problems in misses:
        lines.append(f"- `{name}`: " + "; ".join(problems))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    evaluate(args.folder.resolve(), args.verbose)


if __name__ == "__main__":
    main()

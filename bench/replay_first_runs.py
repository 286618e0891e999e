"""Replay every blind set's first run: each set classified by the classifier of the commit that
added it, then the gate on thin evidence (intake/reply_gate.py, as it is now) applied to what
that classifier said. This is the data behind docs/classification.md, "A gate on thin evidence".

    python bench/replay_first_runs.py             # all sets committed before their first run
    python bench/replay_first_runs.py --keep DIR  # keep the per-reply outcomes (JSON lines)

Each commit is checked out with `git worktree` into a temporary folder, and a child Python
imports that worktree's `bench/classify_eval.py` (with the worktree first on `sys.path`). Sets
6 to 10 and 13 to 20 were committed after their tuning, so their replay is no first run; they
are left out unless named with --sets. Takes a few minutes (one worktree per commit).
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import classify_eval  # noqa: E402

from foia_tracker.intake.reply_gate import thin  # noqa: E402
from foia_tracker.intake.reply_types import Classification, ReplyKind  # noqa: E402

TUNED_BEFORE_COMMIT = {f"real-blind{n}" for n in (*range(6, 11), *range(13, 21))}
CHILD = """
import json, sys
tree = sys.argv[1]
sys.path[:0] = [tree + "/bench", tree]
import classify_eval as ce
import inspect
# The words' reading, before any gate (bench/classify_eval.py grew gate= later).
gated = "gate" in inspect.signature(ce.run).parameters
for name in sys.argv[2:]:
    for s in ce.load_set(name):
        r = ce.run(s, gate=False) if gated else ce.run(s)
        print(json.dumps({"set": name, "name": s.name, "expected": s.expected, "kind": str(r.kind),
                          "phrases": list(r.phrases),
                          "facts": {k: v if k == "portal" else True for k, v in r.facts.items()}}))
"""


def first_commit(folder: Path) -> str:
    log = ["git", "log", "--diff-filter=A", "--format=%H", "--reverse", "--", str(folder)]
    done = subprocess.run(log, cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.split()[0]


def replay(sets: list[str]) -> list[dict]:
    by_commit: dict[str, list[str]] = collections.defaultdict(list)
    for name in sets:
        by_commit[first_commit(classify_eval.REAL / name.removeprefix("real-"))].append(name)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for commit, names in by_commit.items():
            tree = Path(tmp) / commit[:12]
            git = ["git", "worktree", "add", "-q", "--detach", str(tree), commit]
            subprocess.run(git, cwd=ROOT, check=True)
            try:
                done = subprocess.run([sys.executable, "-c", CHILD, str(tree), *names],
                                      cwd=tmp, capture_output=True, text=True, check=True)  # fmt: skip
                rows.extend(json.loads(line) for line in done.stdout.splitlines())
            finally:
                subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT)
    return rows


def gated(row: dict) -> str:
    # thin() reads which facts are there, and the portal's action
    result = Classification(ReplyKind(row["kind"]), row["facts"], tuple(row["phrases"]))
    return "other" if thin(result) else row["kind"]


def relabel(rows: list[dict]) -> list[dict]:
    """Today's labels: a label corrected after a first run (docs/classification.md says which)
    is scored as corrected; the classifier's answer stays that of its day."""
    current = {}
    for name in {r["set"] for r in rows}:
        current.update({(name, s.name): s.expected for s in classify_eval.load_set(name)})
    return [dict(r, expected=current.get((r["set"], r["name"]), r["expected"])) for r in rows]


def scores(rows: list[dict], kind_of) -> tuple[int, int, int]:
    named = [r for r in rows if kind_of(r) != "other"]
    right = sum(kind_of(r) == r["expected"] for r in named)
    return right, len(named), sum(r["expected"] != "other" for r in rows)


def report(rows: list[dict]) -> None:
    for label, kind_of in (("as first run", lambda r: r["kind"]), ("gated now", gated)):
        right, named, support = scores(rows, kind_of)
        print(f"{label:13} precision {right}/{named} = {right / max(named, 1):.3f}, "
              f"recall {right}/{support} = {right / max(support, 1):.3f}")  # fmt: skip
    buckets: dict[tuple, list[int]] = collections.defaultdict(lambda: [0, 0])
    for r in rows:
        if r["kind"] != "other" and len(r["phrases"]) == 1:
            key = (r["kind"], "beside another kind" if "also" in r["facts"] else "alone")
            buckets[key][0] += 1
            buckets[key][1] += r["kind"] == r["expected"]
    print("one-phrase decisions, right / named:")
    for (kind, where), (n, ok) in sorted(buckets.items()):
        print(f"  {kind:17} {where:20} {ok:4}/{n:<4} {ok / n:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", help="blind sets to replay (default: all untuned)")
    parser.add_argument("--keep", type=Path, help="write the per-reply outcomes here")
    args = parser.parse_args()
    blind = [n for n in classify_eval.BLIND_FOLDERS if n not in TUNED_BEFORE_COMMIT]
    rows = relabel(replay(args.sets or blind))
    if args.keep:
        args.keep.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    report(rows)


if __name__ == "__main__":
    main()

"""Precision and recall of `classify` per reply kind on a corpus of hand-labelled replies.

    python bench/classify_eval.py                 # the held-back set
    python bench/classify_eval.py --set tune -v   # the tuning set, listing every miss
    python bench/classify_eval.py --write         # every set, tables written to docs/classification.md

Each corpus file starts with a header block (`kind:`, `subject:`, `attachments:`, `automated:`,
optional `received:` as YYYY-MM-DD), a blank line, then the body.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from foia_tracker.intake.classify import ReplyKind, ReplyText, classify  # noqa: E402

CORPUS = ROOT / "tests" / "fixtures" / "replies"
DOC = ROOT / "docs" / "classification.md"
DEFAULT_RECEIVED = datetime(2026, 11, 20, 10, 0)
# tune: what the phrases were tuned on. heldout: written before the classifier existed.
# blind5: written after the classifier was frozen (see docs/classification.md for the history).
SETS = ["heldout", "tune", "blind5"]


@dataclass(frozen=True)
class Sample:
    name: str
    expected: str
    reply: ReplyText


def load_sample(path: Path) -> Sample:
    header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(":", 1) for line in header.splitlines())
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    names = tuple(n.strip() for n in fields.get("attachments", "").split(",") if n.strip())
    received = fields.get("received")
    reply = ReplyText(
        subject=fields.get("subject", ""),
        body=body,
        attachment_names=names,
        automated=fields.get("automated", "no") == "yes",
        received_at=datetime.fromisoformat(received) if received else DEFAULT_RECEIVED,
    )
    return Sample(path.stem, fields["kind"], reply)


def load_set(name: str) -> list[Sample]:
    return [load_sample(p) for p in sorted((CORPUS / name).glob("*.txt"))]


@dataclass(frozen=True)
class Score:
    kind: str
    support: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.support if self.support else None


def evaluate(samples: list[Sample]) -> tuple[list[Score], list[tuple[Sample, str]]]:
    results = [(s, str(classify(s.reply).kind)) for s in samples]
    scores = []
    for kind in ReplyKind:
        support = sum(1 for s, _ in results if s.expected == kind)
        predicted = sum(1 for _, got in results if got == kind)
        correct = sum(1 for s, got in results if got == kind and s.expected == kind)
        scores.append(Score(str(kind), support, predicted, correct))
    misses = [(s, got) for s, got in results if got != s.expected]
    return scores, misses


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(name: str, samples: list[Sample]) -> str:
    scores, misses = evaluate(samples)
    right = len(samples) - len(misses)
    lines = [
        f"Set `{name}`: {len(samples)} replies, {right} classified right "
        f"(accuracy {right / len(samples):.2f}).",
        "",
        "| kind | replies | predicted | correct | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in scores:
        lines.append(
            f"| {s.kind} | {s.support} | {s.predicted} | {s.correct} "
            f"| {_pct(s.precision)} | {_pct(s.recall)} |"
        )
    if misses:
        lines += ["", "Misclassified:", ""]
        lines += [f"- `{s.name}`: expected {s.expected}, got {got}" for s, got in misses]
    return "\n".join(lines)


def write_doc(text: str) -> None:
    begin, end = "<!-- classify-eval:begin -->", "<!-- classify-eval:end -->"
    doc = DOC.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(doc):
        raise SystemExit(f"{DOC} has no {begin} ... {end} block to fill")
    DOC.write_text(pattern.sub(lambda _: f"{begin}\n{text}\n{end}", doc), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="heldout", choices=SETS)
    parser.add_argument("--write", action="store_true", help="write every set's table into the doc")
    parser.add_argument("-v", "--verbose", action="store_true", help="show phrases and facts")
    args = parser.parse_args()
    if args.write:
        write_doc(
            "\n\n".join(table(name, load_set(name)) for name in ("tune", "heldout", "blind5"))
        )
        print(f"wrote {DOC}")
        return
    samples = load_set(args.set)
    print(table(args.set, samples))
    if args.verbose:
        for s in samples:
            result = classify(s.reply)
            mark = " " if str(result.kind) == s.expected else "X"
            print(f"{mark} {s.name}: {result.kind} {result.facts} {result.phrases}")


if __name__ == "__main__":
    main()

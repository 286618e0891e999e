"""How long the pure functions take on inputs built to make them slow (catastrophic regex
backtracking, floods of white space, a 30 MB attachment, a campaign of 13,000 requests). The
unit tests check these inputs give the right answer; the time it takes is measured here.

    python bench/hostile_inputs.py
"""

from __future__ import annotations

import base64
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from foia_tracker.intake.classify import ReplyText, classify  # noqa: E402
from foia_tracker.parse.message import parse_message  # noqa: E402

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def timed(label: str, fn) -> None:
    start = time.perf_counter()
    fn()
    print(f"{time.perf_counter() - start:8.3f} s  {label}")


def main() -> None:
    for line in ("you which particular ", "$1 fee ", "no records ", "(a)"):
        body = line * (200_000 // len(line))
        timed(
            f"classify a 200 KB line of {line!r}",
            lambda b=body: classify(ReplyText("s", b, (), False, WHEN)),
        )
    for name, body in (("ticket + 19,900 spaces", "ticket # " + " " * 19900),
                       ("denied + 9,950 tab-newlines", "Your request is denied under " + "\n\t" * 9950),
                       ("10,000 section signs", "§1" * 10000)):  # fmt: skip
        timed(f"classify {name}", lambda b=body: classify(ReplyText("s", b, (), False, WHEN)))
    blob = bytes(range(256)) * (30 * 1024 * 4)
    raw = (
        b"From: a@b.gov\nSubject: big\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=z\n\n"
        b"--z\nContent-Type: text/plain\n\nbig file attached\n--z\nContent-Type: application/pdf; "
        b"name=big.pdf\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(blob)
        + b"--z--\n"
    )
    timed(f"parse a {len(raw) / 1e6:.0f} MB message", lambda: parse_message(raw))


if __name__ == "__main__":
    main()

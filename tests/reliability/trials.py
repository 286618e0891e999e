"""Shared pieces of the kill trials: counts, seeds, and what "nothing broken" means."""

from __future__ import annotations

import os
import random
import sqlite3
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from foia_tracker.sandbox.documents import simple_pdf

SEED = 20261201
# FOIA_SOAK=N multiplies every trial count by N (default 1: the CI budget), for a longer local soak.
SOAK = max(1, int(os.environ.get("FOIA_SOAK", "1") or 1))
RESULTS: list[Tally] = []
IMPORT_PHASE: list[float] = []  # seconds a fresh `foia` spends importing (measured once)


@dataclass
class Tally:
    """One scenario's figures, printed at the end of the session for docs/reliability.md."""

    scenario: str
    trials: int = 0  # commands started
    kills: int = 0  # SIGKILLs that landed while the command ran
    in_flight: int = 0  # kills that caught a letter mid-SMTP (left it `sending`)
    items: int = 0  # messages, letters, files or links the scenario had to keep
    lost: int = 0
    doubled: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"{self.scenario}: trials={self.trials} kills={self.kills} in_flight={self.in_flight} "
            f"items={self.items} lost={self.lost} doubled={self.doubled}"
        )


def tally(scenario: str) -> Tally:
    result = Tally(scenario)
    RESULTS.append(result)
    return result


def rng(scenario: str) -> random.Random:
    """A fixed seed per scenario, so a failing run can be replayed exactly."""
    return random.Random(f"{SEED}:{scenario}")


def integrity(database: Path) -> str:
    conn = sqlite3.connect(database)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def leftovers(*folders: Path) -> list[str]:
    """Temp or staging files a killed command may have left (hidden names, *.tmp, *.part)."""
    found = []
    for folder in folders:
        if not folder.exists():
            continue
        for path in folder.rglob("*"):
            name = path.name
            if name.endswith((".tmp", ".part")) or ".export-" in name or name.startswith(".~"):
                found.append(str(path))
    return sorted(found)


def store_tmp(store_root: Path) -> list[str]:
    tmp = store_root / "tmp"
    return sorted(str(p) for p in tmp.iterdir()) if tmp.exists() else []


def mail_with_pdf(n: int, ref: str, sender: str, words: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "jane@example.test"
    msg["Subject"] = f"RE: [{ref}] records part {n}"
    msg["Message-ID"] = f"<kill-{n}@district.example.org>"
    msg["Date"] = "Mon, 16 Nov 2026 10:00:00 -0500"
    msg.set_content(f"Attached are the responsive records, part {n}.\n" + "x" * 4000)
    msg.add_attachment(
        simple_pdf([f"{words} {n}", "Data privacy agreement"] * 20),
        maintype="application", subtype="pdf", filename=f"dpa-{n}.pdf",
    )  # fmt: skip
    return msg.as_bytes(policy=policy.SMTP)  # CRLF, as the server stores it


def fresh(db) -> None:
    db.execute("SELECT 1")  # a new read of what the killed processes committed

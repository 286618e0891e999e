"""What the benchmark stages share: timing a whole process, a private Dovecot, a workspace
seeded with sent requests, and mail and documents shaped like agencies' replies.

Everything runs on 127.0.0.1. Our side runs as `python -m foia_tracker ...` in a fresh process,
like a user's command; each reference runs the same way, in the same run, so the ratio holds
whatever the machine's speed.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from foia_tracker.db import open_db, transaction  # noqa: E402
from foia_tracker.sandbox.documents import pdf_document  # noqa: E402
from foia_tracker.workspace import init_workspace  # noqa: E402

PASSWORD_ENV = "FOIA_BENCH_PASSWORD"


@dataclass(frozen=True)
class Timing:
    seconds: float
    peak_mb: float
    returncode: int


def median_timing(timings: list[Timing]) -> Timing:
    """The middle run by seconds (the lower middle of an even count), with its own peak memory;
    a failed run makes the result fail."""
    ordered = sorted(timings, key=lambda t: t.seconds)
    middle = ordered[(len(ordered) - 1) // 2]
    failed = next((t.returncode for t in timings if t.returncode != 0), 0)
    return Timing(middle.seconds, middle.peak_mb, failed)


# An installed package has its bytecode; a checkout run with PYTHONDONTWRITEBYTECODE (as on the
# development machines) would compile every module of ours on every run (about 20 ms). So the
# measured processes may write bytecode, and ours is compiled once up front, in place (as pip
# does). Not a separate PYTHONPYCACHEPREFIX: that would leave the standard library's and the
# dependencies' installed bytecode unused and charge their compilation to the first process.
def _environment(extra: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **(extra or {})}


def compile_ours() -> None:
    """Fill the shared bytecode cache with our package, as `pip install` would."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "foia_tracker")],
        env=_environment(None),
        capture_output=True,
        check=False,
    )


def run(argv: list[str], *, env: dict | None = None, cwd: Path | None = None) -> Timing:
    """Run one command to completion: wall seconds and its own peak RSS (measure.py starts it,
    so the kernel's accounting does not charge it with this process's memory)."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("measure.py")), *argv],
        env=_environment(env),
        cwd=cwd,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        print(f"   ! {' '.join(argv[:4])} ...: {done.stderr.decode('utf-8', 'replace')[-400:]}")
        return Timing(float("nan"), float("nan"), done.returncode or 1)
    figures = json.loads(done.stdout.decode().strip().splitlines()[-1])
    if figures["returncode"] != 0:
        print(f"   ! {' '.join(argv[:4])} ... exited {figures['returncode']}: "
              f"{done.stderr.decode('utf-8', 'replace').strip()[-400:]}")  # fmt: skip
    return Timing(figures["seconds"], figures["peak_kb"] / 1024, figures["returncode"])


def foia(config: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "foia_tracker", "--config", str(config), *args]


IMAP_CONFIG = """
[requester]
name = "Bench Requester"
email = "{user}@example.test"
state = "CT"
[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
per_minute = 0
per_hour = 0
per_day = 0
[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{user}"
password_env = "FOIA_BENCH_PASSWORD"
folders = ["INBOX"]
sent_copy = "never"
[replies]
mode = "none"
"""


def workspace(folder: Path, *, user: str = "bench", imap_port: int = 1, smtp_port: int = 1) -> Path:
    text = IMAP_CONFIG.format(user=user, imap_port=imap_port, smtp_port=smtp_port)
    return init_workspace(folder, text)


def seed_sent_requests(config: Path, database: Path, n: int, *, status: str = "sent") -> None:
    """``n`` districts, each with one sent request (ref CT-0001 ...), straight into the tables."""
    db = open_db(database)
    with transaction(db):
        db.execute(
            "INSERT INTO campaigns (id, name, template, subject, created_at) "
            "VALUES (1, 'bench', 'student-data-agreements', 's', '2026-11-02T15:00:00+00:00')"
        )
        for i in range(1, n + 1):
            db.execute(
                "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
                "VALUES (?, ?, ?, 'CT', ?, 'x', 'x')",
                (i, f"District {i}", f"district {i}", f"records@d{i}.example"),
            )
            db.execute(
                "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, "
                "status, to_addr, subject, letter, created_at, sent_at) "
                "VALUES (?, ?, ?, 1, ?, 'CT', ?, ?, 's', 'l', 'x', '2026-11-02T15:00:00+00:00')",
                (i, f"CT-{i:04d}", f"tok{i:08d}", i, status, f"records@d{i}.example"),
            )
    db.close()


def text_pdf(lines: list[str], pages: int) -> bytes:
    """A PDF of ``pages`` pages of Helvetica text with a correct xref table (PDF 1.7, 7.5)."""
    fonts_obj = 3
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in range(pages):
        body = b"BT /F1 10 Tf 60 750 Td 13 TL\n"
        for line in lines:
            safe = f"p{page + 1} {line}".encode("latin-1", "replace")
            safe = safe.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
            body += b"(" + safe + b") Tj T*\n"
        body += b"ET\n"
        objects.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
            % (fonts_obj, content)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        pages,
    )
    return pdf_document(objects)


AGREEMENT_LINES = [
    f"Section {n}. The Provider may receive student identifiers, enrollment and assessment "
    "records only for the purposes listed in Exhibit A."
    for n in range(1, 46)
]


def reply(i: int, *, ref: str | None, sender: str, pdf: bytes | None) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Records Office <{sender}>"
    msg["To"] = "bench@example.test"
    msg["Subject"] = f"RE: Public records request {ref}" if ref else "Lunch on Friday?"
    msg["Message-ID"] = f"<bench-{i}@{sender.split('@')[1]}>"
    msg["Date"] = "Mon, 16 Nov 2026 10:00:00 -0500"
    msg.set_content(
        "Dear Requester,\n\nPlease find attached the district's agreements responsive to your "
        "request. This completes the district's response.\n\nSincerely,\nRecords Office\n"
        + "> quoted original\n"
        * 20
    )
    if pdf is not None:
        msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"dpa-{i}.pdf")
    return msg.as_bytes()


def threaded_replies(
    n: int, requests: int, *, pdf_every: int = 4
) -> list[tuple[bytes, bytes | None]]:
    """``n`` replies spread over ``requests`` requests; every ``pdf_every``-th carries a PDF."""
    rng = random.Random(13)
    out = []
    for i in range(n):
        req = rng.randint(1, requests)
        pdf = text_pdf(AGREEMENT_LINES, pages=6) if i % pdf_every == 0 else None
        out.append((reply(i, ref=f"CT-{req:04d}", sender=f"records@d{req}.example", pdf=pdf), pdf))
    return out


def unmatched_mail(n: int) -> list[bytes]:
    return [reply(i, ref=None, sender=f"friend{i}@mail.example", pdf=None) for i in range(n)]


MBSYNC_CONFIG = """IMAPAccount bench
Host 127.0.0.1
Port {port}
User {user}
Pass {password}
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path {maildir}/
Inbox {maildir}/INBOX

Channel bench
Far :remote:
Near :local:
Patterns INBOX
Create Near
Sync Pull
SyncState *
"""


def mbsync_config(folder: Path, port: int, user: str, password: str) -> Path:
    maildir = folder / "maildir"
    maildir.mkdir(parents=True)
    conf = folder / "mbsyncrc"
    conf.write_text(MBSYNC_CONFIG.format(port=port, user=user, password=password, maildir=maildir))
    return conf


def write_districts(path: Path, n: int) -> Path:
    """A directory of ``n`` Connecticut districts with emails, in the import's own format."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "state", "email"])
        for i in range(n):
            writer.writerow([f"District {i}", "CT", f"records{i}@d{i}.example"])
    return path


def create_campaign_argv(config: Path, *selection: str) -> list[str]:
    """`foia campaign create bench` with the shipped letter set, for these agencies."""
    return foia(config, "campaign", "create", "bench", "--template", "student-data-agreements",
                *selection, "--var", "period=2020-2026")  # fmt: skip

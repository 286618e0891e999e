"""Intake stages: replies with PDFs, unmatched mail, and an idle poll, each against its floor."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from common import (
    PASSWORD_ENV,
    foia,
    mbsync_config,
    run,
    seed_sent_requests,
    threaded_replies,
    unmatched_mail,
    workspace,
)

from foia_tracker.config import load_config
from tests.integration.servers import DovecotServer


@dataclass
class Mailbox:
    """A private Dovecot holding the stage's mail, and a workspace polling it."""

    tmp: Path
    server: DovecotServer
    user: object
    config: Path
    env: dict


@contextmanager
def mailbox(messages: list[bytes], requests: int) -> Iterator[Mailbox]:
    """Dovecot started in a temporary folder, ``messages`` appended to INBOX, and a workspace
    with ``requests`` sent requests that polls it; all gone when the stage ends."""
    with tempfile.TemporaryDirectory() as folder, DovecotServer() as server:
        tmp = Path(folder)
        server.start(tmp / "dovecot")
        user = server.add_user("bench")
        with server.connect(user) as client:
            for raw in messages:
                client.append("INBOX", raw)
        config = workspace(tmp / "ws", user=user.name, imap_port=server.port)
        seed_sent_requests(config, load_config(config).store.database, requests)
        yield Mailbox(tmp, server, user, config, {PASSWORD_ENV: user.password})


def _mbsync(box: Mailbox) -> list[str]:
    conf = mbsync_config(box.tmp / "mbsync", box.server.port, box.user.name, box.user.password)
    return ["mbsync", "-q", "-c", str(conf), "-a"]


def intake_pdf(sizes: dict) -> dict:
    """Replies threaded on sent requests, a quarter with text PDFs: poll vs mbsync + pdftotext."""
    mail = threaded_replies(sizes["replies"], sizes["requests"])
    with mailbox([raw for raw, _ in mail], sizes["requests"]) as box:
        pdf_dir = box.tmp / "pdfs"
        pdf_dir.mkdir()
        for n, (_, pdf) in enumerate(mail):
            if pdf is not None:
                (pdf_dir / f"{n}.pdf").write_bytes(pdf)
        ours = run(foia(box.config, "poll"), env=box.env)
        script = f'{" ".join(_mbsync(box))} && for f in {pdf_dir}/*.pdf; do pdftotext -q "$f" - >/dev/null; done'
        floor = run(["sh", "-c", script])
    pdfs = sum(1 for _, p in mail if p is not None)
    return {
        "what": f"{sizes['replies']} replies on {sizes['requests']} requests, {pdfs} PDFs",
        "ours": ours,
        "reference": floor,
        "reference_name": "mbsync + pdftotext",
    }


def intake_unmatched(sizes: dict) -> dict:
    with mailbox(unmatched_mail(sizes["unmatched"]), 10) as box:
        ours = run(foia(box.config, "poll"), env=box.env)
        floor = run(_mbsync(box))
    return {
        "what": f"{sizes['unmatched']} unmatched messages",
        "ours": ours,
        "reference": floor,
        "reference_name": "mbsync",
    }


IDLE_CHECK = """
import sys
from imapclient import IMAPClient
c = IMAPClient("127.0.0.1", port=int(sys.argv[1]), ssl=False)
c.login(sys.argv[2], sys.argv[3])
c.select_folder("INBOX", readonly=True)
c.search(["UID", "%s:*" % sys.argv[4]])
c.logout()
"""


def idle_poll(sizes: dict) -> dict:
    """A poll with nothing new in a mailbox of already-seen messages vs a minimal check."""
    with mailbox(unmatched_mail(sizes["seen"]), 10) as box:
        run(foia(box.config, "poll"), env=box.env)  # the first poll sees them all
        ours = run(foia(box.config, "poll"), env=box.env)
        check = [box.server.port, box.user.name, box.user.password, sizes["seen"] + 1]
        floor = run([sys.executable, "-c", IDLE_CHECK, *map(str, check)])
    return {
        "what": f"idle poll, {sizes['seen']} already seen",
        "ours": ours,
        "reference": floor,
        "reference_name": "imapclient login + select + UID SEARCH",
    }


def available() -> str | None:
    missing = [
        name
        for name in ("dovecot", "mbsync", "pdftotext")
        if not shutil.which(name) and not Path(f"/usr/sbin/{name}").exists()
    ]
    if missing:
        return (
            "needs " + ", ".join(missing) + " (apt-get install dovecot-imapd isync poppler-utils)"
        )
    return None


def _big_message(megabytes: int) -> bytes:
    import base64

    payload = os.urandom(megabytes * 1024 * 1024)
    encoded = base64.encodebytes(payload).replace(b"\n", b"\r\n")
    return (
        b"From: records@d1.example\r\nTo: bench@example.test\r\n"
        b"Subject: RE: Public records request CT-0001\r\nMessage-ID: <big@d1.example>\r\n"
        b'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nThe scans are attached.\r\n"
        b"--b\r\nContent-Type: application/pdf\r\n"
        b'Content-Disposition: attachment; filename="scan.pdf"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + encoded + b"--b--\r\n"
    )


def large_message(sizes: dict) -> dict:
    """Peak memory of a poll whose largest message carries a big scan (issue 13: bounded by
    the largest message), against mbsync pulling the same mailbox."""
    with mailbox([_big_message(sizes["large_mb"])] + unmatched_mail(20), 10) as box:
        ours = run(foia(box.config, "poll"), env=box.env)
        floor = run(_mbsync(box))
    return {
        "what": f"largest message {sizes['large_mb']} MB (memory)",
        "ours": ours,
        "reference": floor,
        "reference_name": "mbsync",
    }

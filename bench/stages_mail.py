"""Intake stages: replies with PDFs, unmatched mail, and an idle poll, each against its floor."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
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


def _fill(server: DovecotServer, user, messages: list[bytes]) -> None:
    with server.connect(user) as client:
        for raw in messages:
            client.append("INBOX", raw)


def _ours(tmp: Path, server, user, requests: int) -> tuple[Path, dict]:
    config = workspace(tmp / "ws", user=user.name, imap_port=server.port)
    seed_sent_requests(config, load_config(config).store.database, requests)
    return config, {PASSWORD_ENV: user.password}


def _mbsync(tmp: Path, server, user) -> list[str]:
    return [
        "mbsync",
        "-q",
        "-c",
        str(mbsync_config(tmp / "mbsync", server.port, user.name, user.password)),
        "-a",
    ]


def intake_pdf(sizes: dict) -> dict:
    """Replies threaded on sent requests, a quarter with text PDFs: poll vs mbsync + pdftotext."""
    with tempfile.TemporaryDirectory() as folder, DovecotServer() as server:
        tmp = Path(folder)
        server.start(tmp / "dovecot")
        user = server.add_user("bench")
        mail = threaded_replies(sizes["replies"], sizes["requests"])
        _fill(server, user, [raw for raw, _ in mail])
        pdf_dir = tmp / "pdfs"
        pdf_dir.mkdir()
        for n, (_, pdf) in enumerate(mail):
            if pdf is not None:
                (pdf_dir / f"{n}.pdf").write_bytes(pdf)
        config, env = _ours(tmp, server, user, sizes["requests"])
        ours = run(foia(config, "poll"), env=env)
        script = f'{" ".join(_mbsync(tmp, server, user))} && for f in {pdf_dir}/*.pdf; do pdftotext -q "$f" - >/dev/null; done'
        floor = run(["sh", "-c", script])
    pdfs = sum(1 for _, p in mail if p is not None)
    return {
        "what": f"{sizes['replies']} replies on {sizes['requests']} requests, {pdfs} PDFs",
        "ours": ours,
        "reference": floor,
        "reference_name": "mbsync + pdftotext",
    }


def intake_unmatched(sizes: dict) -> dict:
    with tempfile.TemporaryDirectory() as folder, DovecotServer() as server:
        tmp = Path(folder)
        server.start(tmp / "dovecot")
        user = server.add_user("bench")
        _fill(server, user, unmatched_mail(sizes["unmatched"]))
        config, env = _ours(tmp, server, user, 10)
        ours = run(foia(config, "poll"), env=env)
        floor = run(_mbsync(tmp, server, user))
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
    with tempfile.TemporaryDirectory() as folder, DovecotServer() as server:
        tmp = Path(folder)
        server.start(tmp / "dovecot")
        user = server.add_user("bench")
        _fill(server, user, unmatched_mail(sizes["seen"]))
        config, env = _ours(tmp, server, user, 10)
        run(foia(config, "poll"), env=env)  # the first poll sees them all
        ours = run(foia(config, "poll"), env=env)
        floor = run(
            [
                sys.executable,
                "-c",
                IDLE_CHECK,
                str(server.port),
                user.name,
                user.password,
                str(sizes["seen"] + 1),
            ]
        )
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
    with tempfile.TemporaryDirectory() as folder, DovecotServer() as server:
        tmp = Path(folder)
        server.start(tmp / "dovecot")
        user = server.add_user("bench")
        _fill(server, user, [_big_message(sizes["large_mb"])] + unmatched_mail(20))
        config, env = _ours(tmp, server, user, 10)
        ours = run(foia(config, "poll"), env=env)
        floor = run(_mbsync(tmp, server, user))
    return {
        "what": f"largest message {sizes['large_mb']} MB (memory)",
        "ours": ours,
        "reference": floor,
        "reference_name": "mbsync",
    }

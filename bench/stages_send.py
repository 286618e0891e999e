"""Sending: `foia campaign send` of N letters to a local SMTP server (limits off) against a bare
smtplib loop that sends the same number of messages over one connection."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from common import create_campaign_argv, foia, run, workspace, write_districts

from tests.integration.servers import SmtpServer

BARE_LOOP = """
import smtplib, sys
from email.message import EmailMessage
n, port = int(sys.argv[1]), int(sys.argv[2])
body = open(sys.argv[3]).read()
with smtplib.SMTP("127.0.0.1", port) as smtp:
    for i in range(n):
        msg = EmailMessage()
        msg["From"] = "bench@example.test"
        msg["To"] = f"records{i}@d{i}.example"
        msg["Subject"] = f"Public records request CT-{i:04d}"
        msg.set_content(body)
        smtp.send_message(msg)
"""


def send(sizes: dict) -> dict:
    n = sizes["letters"]
    with tempfile.TemporaryDirectory() as folder, SmtpServer(mode="plain") as smtp:
        tmp = Path(folder)
        config = workspace(tmp / "ws", smtp_port=smtp.port)
        directory = write_districts(tmp / "districts.csv", n)
        run(foia(config, "agencies", "import", str(directory)))
        run(create_campaign_argv(config, "--state", "CT"))
        # The setup's own writes (the import and the 2,000 letters queued) go to disk first: left
        # dirty, they would be flushed by the send's first sync and charged to it, not to them.
        os.sync()
        ours = run(foia(config, "campaign", "send", "bench"))
        letter = tmp / "letter.txt"
        letter.write_text(
            "Dear Records Custodian,\n\n"
            + "Under the Freedom of Information Act I request the district's agreements.\n" * 40
        )
        floor = run([sys.executable, "-c", BARE_LOOP, str(n), str(smtp.port), str(letter)])
    return {
        "what": f"send {n} letters, limits off",
        "ours": ours,
        "reference": floor,
        "reference_name": "bare smtplib loop, one connection",
        "rate": True,
    }

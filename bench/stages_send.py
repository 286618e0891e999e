"""Sending: `foia campaign send` of N letters to a local SMTP server (limits off) against a bare
smtplib loop that sends the same number of messages over one connection."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from common import create_campaign_argv, foia, median_timing, run, workspace, write_districts

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
    """``rounds`` rounds, each from a workspace of its own, ours then the bare loop; the medians.

    One round on this kind of machine (a 2-core VM whose disk and CPU are shared) moves by a
    fifth from one run to the next, for both sides (docs/benchmarks.md); the median of a few
    rounds, each pair run back to back, is the figure that holds."""
    n, rounds = sizes["letters"], sizes.get("send_rounds", 1)
    ours, floor = [], []
    with tempfile.TemporaryDirectory() as folder, SmtpServer(mode="plain") as smtp:
        tmp = Path(folder)
        letter = tmp / "letter.txt"
        letter.write_text(
            "Dear Records Custodian,\n\n"
            + "Under the Freedom of Information Act I request the district's agreements.\n" * 40
        )
        directory = write_districts(tmp / "districts.csv", n)
        for i in range(rounds):
            config = workspace(tmp / f"ws{i}", smtp_port=smtp.port)
            run(foia(config, "agencies", "import", str(directory)))
            run(create_campaign_argv(config, "--state", "CT"))
            # The setup's own writes (the import and the letters queued) go to disk first: left
            # dirty, they would be flushed by the send's first sync and charged to it.
            os.sync()
            ours.append(run(foia(config, "campaign", "send", "bench")))
            floor.append(
                run([sys.executable, "-c", BARE_LOOP, str(n), str(smtp.port), str(letter)])
            )
    return {
        "what": f"send {n} letters, limits off"
        + (f" (median of {rounds} rounds)" if rounds > 1 else ""),
        "ours": median_timing(ours),
        "reference": median_timing(floor),
        "reference_name": "bare smtplib loop, one connection",
        "rate": True,
        "rounds": [(a.seconds, b.seconds) for a, b in zip(ours, floor, strict=True)],
    }

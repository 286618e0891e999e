"""A district answers with a link: the poll records it on the request (link_found), `foia links`
lists it with its expiry, `foia fetch` downloads it from a real HTTP server on 127.0.0.1 into the
store as a document filed on the request, and search finds its text."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from foia_tracker.db import rows
from foia_tracker.sandbox.documents import simple_pdf
from tests.integration.test_poll import foia_subprocess, make_app, message

pytestmark = pytest.mark.integration
PDF = simple_pdf(["Memorandum of understanding with Quokka Learning LLC"])


class _Files(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path != "/foia/2026/records-CT-0044.pdf":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(PDF)))
        self.end_headers()
        self.wfile.write(PDF)

    def log_message(self, *args):
        pass


@pytest.fixture
def files():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_records_link_is_recorded_fetched_and_searchable(dovecot, tmp_path, monkeypatch, files):
    app = make_app(dovecot, tmp_path, monkeypatch)
    url = f"{files}/foia/2026/records-CT-0044.pdf"
    dovecot.append(
        "INBOX",
        message(
            "RE: [CT-0044] Public records request",
            f"The responsive records are available for download at {url} . The link will expire "
            "in 14 days.\n\nJane Clerk\nhttps://www.facebook.com/district2",
        ),
    )
    polled = foia_subprocess(app, "poll", "--format", "json")
    assert polled.returncode == 0, polled.stderr
    listed = json.loads(foia_subprocess(app, "links", "--format", "json").stdout)
    assert [(link["ref"], link["url"], link["status"]) for link in listed] == [
        ("CT-0044", url, "pending")
    ]
    assert listed[0]["expires"] is not None
    fetched = foia_subprocess(app, "fetch", "CT-0044", "--format", "json")
    assert fetched.returncode == 0, fetched.stderr
    assert json.loads(fetched.stdout)["fetched"] == 1
    app.db.execute("SELECT 1")
    events = [r["type"] for r in rows(app.db, "SELECT type FROM events ORDER BY id")]
    assert "link_found" in events and "link_fetched" in events
    found = json.loads(foia_subprocess(app, "search", "Quokka", "--format", "json").stdout)
    assert [hit["refs"] for hit in found] == [["CT-0044"]]

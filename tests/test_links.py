"""Records links: which links in a reply are records, their expiry, and fetching them from a real
HTTP server on 127.0.0.1 (files, sign-in pages, refusals, size caps, unsafe redirects)."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from foia_tracker.config import load_config
from foia_tracker.db import open_db, transaction
from foia_tracker.links import fetch as link_fetch
from foia_tracker.links.find import find_expiry, find_links, unwrap
from foia_tracker.links.service import FetchRequest, FiledText, fetch_links, record_links
from foia_tracker.sandbox.documents import simple_pdf
from foia_tracker.store import Store

RECEIVED = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        ("Your records: https://www.dropbox.com/s/abc123/agreements.zip?dl=0 Thanks.",
         ["https://www.dropbox.com/s/abc123/agreements.zip?dl=0"]),
        ("Documents released: https://district.govqa.us/WEBAPP/_rs/(S(x1))/RequestOpen.aspx?rid=77.",
         ["https://district.govqa.us/WEBAPP/_rs/(S(x1))/RequestOpen.aspx?rid=77"]),
        ("The contract is posted at https://www.hartfordschools.example/board/contracts/dpa-2024.pdf",
         ["https://www.hartfordschools.example/board/contracts/dpa-2024.pdf"]),
        ("You may download the responsive records here: https://www.district.example/foia/2026/item-17",
         ["https://www.district.example/foia/2026/item-17"]),
        # a signature's links are not records
        ("Jane Clerk\nhttps://www.district.example\nhttps://twitter.com/district\n"
         "https://www.facebook.com/district", []),
        ("Read the state's guide at https://portal.ct.example/ before writing again.", []),
        ("mailto:records@district.example and http://unsubscribe.example/x", []),
    ],
)  # fmt: skip
def test_records_links(text, urls):
    assert [link.url for link in find_links(text, RECEIVED)] == urls


@pytest.mark.parametrize(
    "wrapped, inner",
    [
        (
            "https://nam04.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.dropbox.com"
            "%2Fscl%2Ffi%2Fq7%2Fcontracts.pdf%3Fdl%3D0&data=05%7C02%7Cpat%40home.example&reserved=0",
            "https://www.dropbox.com/scl/fi/q7/contracts.pdf?dl=0",
        ),
        (
            "https://urldefense.proofpoint.com/v2/url?u=https-3A__district.app.box.com_s_9zz&d=DwM",
            "https://district.app.box.com/s/9zz",
        ),
        (
            "https://urldefense.com/v3/__https://drive.google.com/file/d/1QwErTyUiOp_as/view__;!!Zx!q$",
            "https://drive.google.com/file/d/1QwErTyUiOp_as/view",
        ),
        (
            "https://www.google.com/url?q=https://share.district.example/records/agreements.pdf",
            "https://share.district.example/records/agreements.pdf",
        ),
    ],
)
def test_links_a_mail_filter_wrapped_are_read_as_the_agency_wrote_them(wrapped, inner):
    found = find_links(f"The records you asked for are here: {wrapped}", date(2026, 11, 20))
    assert [f.url for f in found] == [inner]
    assert "pat%40home" not in found[0].download_url  # the reader's address stays behind


def test_an_opaque_wrapper_is_left_alone():
    # v3 links with "*" substitutions cannot be rebuilt without the token list: not guessed
    url = "https://urldefense.com/v3/__https://www.dropbox.com/s/a*b/x.pdf__;Kw!!Q$"
    assert unwrap(url) == url


def test_direct_download_forms():
    found = find_links(
        "https://www.dropbox.com/s/abc/x.pdf?dl=0 and "
        "https://drive.google.com/file/d/1AbCdEfGhIjKlMnOp/view?usp=sharing and "
        "https://district-my.sharepoint.com/:b:/g/personal/clerk/EaBc?e=1",
        RECEIVED,
    )
    assert [(link.service, link.download_url) for link in found] == [
        ("Dropbox", "https://www.dropbox.com/s/abc/x.pdf?dl=1"),
        ("Google Drive", "https://drive.google.com/uc?export=download&id=1AbCdEfGhIjKlMnOp"),
        (
            "SharePoint",
            "https://district-my.sharepoint.com/:b:/g/personal/clerk/EaBc?e=1&download=1",
        ),
    ]


def test_reserved_example_hosts_are_named_but_never_rewritten():
    # RFC 2606 names (fixtures, tests) read like the service; the link is kept as written
    found = find_links(
        "https://drive.google.example/file/d/1AbCdEfGhIjKlMnOp/view and "
        "https://cedar.box.example/s/ct42 and https://www.dropbox.example/s/abc/x.pdf?dl=0",
        RECEIVED,
    )
    assert [(link.service, link.download_url) for link in found] == [
        ("Google Drive", "https://drive.google.example/file/d/1AbCdEfGhIjKlMnOp/view"),
        ("Box", "https://cedar.box.example/s/ct42"),
        ("Dropbox", "https://www.dropbox.example/s/abc/x.pdf?dl=0"),
    ]


@pytest.mark.parametrize(
    ("text", "expires"),
    [
        ("This link will expire in 7 days.", date(2026, 11, 23)),
        ("The files are available for 30 days.", date(2026, 12, 16)),
        ("The link expires on December 1, 2026.", date(2026, 12, 1)),
        ("Available until 12/15/2026.", date(2026, 12, 15)),
        ("Files will be deleted after two weeks.", date(2026, 11, 30)),
        ("We respond within 10 days.", None),
        ("This link expired on January 2, 2020.", None),  # in the past: not a usable expiry
    ],
)
def test_expiry(text, expires):
    assert find_expiry(text, RECEIVED) == expires


PDF = simple_pdf(["Data sharing agreement released by link"])


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802
        status, headers, body = self.routes.get(self.path.split("?")[0], (404, {}, b"no"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Handler.routes = {
        "/files/agreement.pdf": (200, {"Content-Type": "application/pdf",
                                       "Content-Disposition": "attachment; filename*=UTF-8''DPA%202024.pdf"}, PDF),
        "/share/page/records": (200, {"Content-Type": "text/html; charset=utf-8"}, b"<html>Sign in</html>"),
        "/private": (403, {}, b"forbidden"),
        "/big.zip": (200, {"Content-Type": "application/zip"}, b"x" * 3_000_000),
        "/away": (302, {"Location": "http://records.example.org/file.pdf"}, b""),
    }  # fmt: skip
    yield base
    server.shutdown()


@pytest.mark.parametrize(
    ("path", "status", "reason"),
    [
        ("/share/page/records", "needs-login", "opens a web page"),
        ("/private", "needs-login", "HTTP 403"),
        ("/gone", "expired", "HTTP 404"),
        ("/big.zip", "failed", "larger than the limit (1 MB)"),
        ("/away", "failed", "redirected to a link that is not allowed"),
    ],
)
def test_download_outcomes(http_server, path, status, reason):
    result = link_fetch.download(http_server + path, max_bytes=1024 * 1024)
    assert result.status == status
    assert reason in result.reason
    assert result.data is None


def test_download_a_file(http_server):
    result = link_fetch.download(http_server + "/files/agreement.pdf", max_bytes=10_000_000)
    assert (result.status, result.filename, result.content_type) == (
        "fetched",
        "DPA 2024.pdf",
        "application/pdf",
    )
    assert result.data == PDF


@pytest.mark.parametrize(
    "url", ["http://records.example.org/x.pdf", "ftp://127.0.0.1/x.pdf", "file:///etc/passwd"]
)
def test_only_https_or_loopback_http(url):
    assert link_fetch.download(url, max_bytes=100).status == "failed"


def _seed(workspace):
    config = load_config(workspace)
    store = Store(config.store.path)
    store.create()
    db = open_db(config.store.database)
    with transaction(db):
        db.execute(
            "INSERT INTO campaigns (id, name, template, subject, created_at) VALUES (1, 'mou', 't', 's', 'x')"
        )
        db.execute(
            "INSERT INTO agencies (id, name, name_key, state, email, created_at, updated_at) "
            "VALUES (1, 'Hartford', 'hartford', 'CT', 'records@hartford.example', 'x', 'x')"
        )
        db.execute(
            "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
            "to_addr, subject, letter, created_at, sent_at) VALUES (1, 'CT-0001', 'tok', 1, 1, "
            "'CT', 'acknowledged', 'records@hartford.example', 's', 'l', 'x', '2026-11-02T15:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO messages (id, message_id, raw_sha256, size, received_at) "
            "VALUES (5, '<r@x>', 'raw5', 1, '2026-11-16')"
        )
    return db, store


def test_found_links_fetched_into_the_store_and_timeline(workspace, http_server):
    db, store = _seed(workspace)
    received = datetime(2026, 11, 16, 15, tzinfo=UTC)
    text = f"The records are ready: {http_server}/files/agreement.pdf (expires in 14 days)."
    with transaction(db):
        record_links(db, FiledText(5, (1,), text, received))
        record_links(db, FiledText(5, (1,), text, received))  # a reparse records nothing twice
    (link,) = db.execute("SELECT status, expires FROM links").fetchall()
    assert link == ("pending", "2026-11-30")
    report = fetch_links(db, store, FetchRequest(["CT-0001"], False), now=received)
    assert report.fetched == 1 and not report.failed
    sha, content_type = report.new_documents[0]
    assert store.read_file(sha) == PDF
    attachment = db.execute("SELECT filename, source, message_row FROM attachments").fetchone()
    assert attachment == ("DPA 2024.pdf", "link", 5)
    events = db.execute("SELECT type, detail FROM events ORDER BY id").fetchall()
    assert [e[0] for e in events] == ["link_found", "link_fetched"]
    assert json.loads(events[1][1])["sha256"] == sha
    again = fetch_links(db, store, FetchRequest(["CT-0001"], False), now=received)
    assert again.fetched == 0  # nothing pending any more


def test_fetch_cli_reports_needs_login_and_exits_1_on_failure(foia, workspace, http_server):
    db, _ = _seed(workspace)
    received = datetime(2026, 11, 16, 15, tzinfo=UTC)
    with transaction(db):
        record_links(
            db,
            FiledText(
                5,
                (1,),
                f"Download: {http_server}/share/page/records and {http_server}/gone/records.pdf",
                received,
            ),
        )
    result = foia("fetch", "CT-0001")
    assert result.exit_code == 1
    assert "open in your browser (the link opens a web page, not a file)" in result.output
    listing = json.loads(foia("links", "--format", "json").output)
    assert {(row["status"], row["host"]) for row in listing} == {
        ("needs-login", "127.0.0.1"),
        ("expired", "127.0.0.1"),
    }
    assert foia("fetch").exit_code == 2

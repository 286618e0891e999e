"""The intake pipeline on raw bytes, without a server: store raw-first, file, dedupe, reparse."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from foia_tracker.db import open_db, row, rows
from foia_tracker.documents import extract as documents
from foia_tracker.errors import NotFound
from foia_tracker.intake import derive
from foia_tracker.intake import pipeline as intake
from foia_tracker.intake import poll as intake_poll
from foia_tracker.intake.pipeline import CopyKey, FetchedMessage, Filer, IntakeSettings
from foia_tracker.parse.message import ParsedMessage
from foia_tracker.requests.tracking import StatusFilter, status_rows
from foia_tracker.store import Store

MAIL = Path(__file__).parent / "fixtures" / "mail"
NOW = datetime(2026, 11, 10, 15, 0, tzinfo=UTC)
SETTINGS = IntakeSettings(
    authserv_id="mx.example.com", user_addresses=frozenset({"parent@example.com"})
)
STRANGER = "Someone <someone@elsewhere.example.net>"
TOKEN_42 = "k3j5m2n4p6q7n"  # valid: the check symbol of k3j5m2n4p6q7 is n


@pytest.fixture
def db(tmp_path: Path):
    return open_db(tmp_path / "foia.db")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "store")
    s.create()
    return s


def add_request(db, ref: str, token: str, agency_email: str, *, status: str = "sent") -> int:
    """One agency, campaign (shared), request and sent outbox row, as campaign create + send make."""
    state = ref[:2]
    agency = db.execute(
        "INSERT INTO agencies (name, name_key, state, email, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, '2026-11-01', '2026-11-01')",
        (f"Agency {ref}", f"agency {ref.lower()}", state, agency_email),
    ).lastrowid
    db.execute(
        "INSERT OR IGNORE INTO campaigns (id, name, template, subject, created_at) "
        "VALUES (1, 'mou', 'student-data-agreements', 'Public records request', '2026-11-01')"
    )
    request = db.execute(
        "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, to_addr, "
        "subject, letter, created_at, sent_at) VALUES (?, ?, 1, ?, ?, ?, ?, ?, 'letter', "
        "'2026-11-01', '2026-11-02T15:00:00+00:00')",
        (ref, token, agency, state, status, agency_email, f"[{ref}] Public records request"),
    ).lastrowid
    db.execute(
        "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, state, "
        "created_at, sent_at) VALUES (?, 'request', ?, ?, ?, 'sent', '2026-11-01', "
        "'2026-11-02')",
        (
            request,
            agency_email,
            f"[{ref}] Public records request",
            f"<letter-{ref.lower()}@foia.example.com>",
        ),
    )
    db.execute("INSERT INTO outbox_bodies VALUES (last_insert_rowid(), 'letter')")
    db.conn.commit()
    return request


def token_for(data: str) -> str:
    from foia_tracker.tokens import check_symbol

    return data + check_symbol(data)


@pytest.fixture
def seeded(db):
    ids = {
        "CT-0042": add_request(db, "CT-0042", TOKEN_42, "records@nowhere.example.gov"),
        "CT-0043": add_request(db, "CT-0043", token_for("a" * 12), "foia@district.example.org"),
        "CT-0044": add_request(db, "CT-0044", token_for("b" * 12), "records@district2.example.org"),
        "WA-0010": add_request(db, "WA-0010", token_for("c" * 12), "records@city.example.gov"),
        "MD-0311": add_request(db, "MD-0311", token_for("d" * 12), "clerk@county.example.gov"),
    }
    return ids


def filer(db, store) -> Filer:
    return Filer(db, store, intake.build_context(db, SETTINGS), SETTINGS)


def fetched(
    raw: bytes, uid: int = 1, folder: str = "INBOX", uidvalidity: int = 7
) -> FetchedMessage:
    key = CopyKey("parent@imap.example.com:993", folder, uidvalidity, uid)
    return FetchedMessage(key, raw, datetime(2026, 11, 9, 16, 0, tzinfo=UTC))


def reply(
    subject: str,
    body: str = "Your request has been received.",
    sender: str = "Records Officer <records@district2.example.org>",
    **headers: str,
) -> bytes:
    lines = [
        f"From: {sender}",
        "To: parent@example.com",
        f"Subject: {subject}",
        f"Message-ID: <{abs(hash((subject, body, tuple(headers.items()))))}@district2.example.org>",
        "Date: Mon, 9 Nov 2026 10:00:00 -0500",
    ]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n" + body + "\r\n").encode()


def filings(db, message_row: int) -> list[tuple[str, str, str]]:
    return [
        (r["ref"], r["method"], r["actor"])
        for r in rows(
            db,
            "SELECT r.ref, mr.method, mr.actor FROM message_requests mr "
            "JOIN requests r ON r.id = mr.request_id WHERE mr.message_row = ? ORDER BY r.ref",
            (message_row,),
        )
    ]


# --- storing and filing ----------------------------------------------------------------------


def test_a_reply_is_stored_raw_first_and_filed_by_its_ref(db, store, seeded):
    raw = reply("RE: [CT-0044] Public records request")

    outcome = intake.save_message(filer(db, store), fetched(raw), now=NOW)

    assert outcome.new and outcome.matched and outcome.error is None
    message = row(db, "SELECT * FROM messages WHERE id = ?", (outcome.message_row,))
    assert store.read_raw(message["raw_sha256"]) == raw
    assert message["from_addr"] == "records@district2.example.org"
    assert message["received_at"] == "2026-11-09T16:00:00+00:00"
    assert message["kind"] == "acknowledgement"
    assert filings(db, outcome.message_row) == [("CT-0044", "ref", "auto")]


def test_the_same_bytes_twice_are_one_message_with_two_copies(db, store, seeded):
    raw = reply("RE: [CT-0044] Public records request")
    f = filer(db, store)

    first = intake.save_message(f, fetched(raw, uid=1, folder="INBOX"), now=NOW)
    second = intake.save_message(f, fetched(raw, uid=9, folder="Junk"), now=NOW)
    again = intake.save_message(f, fetched(raw, uid=1, folder="INBOX"), now=NOW)

    assert (first.new, second.new, again.new) == (True, False, False)
    assert first.message_row == second.message_row == again.message_row
    assert row(db, "SELECT count(*) AS n FROM messages")["n"] == 1
    copies = rows(db, "SELECT folder, uid FROM message_copies ORDER BY folder")
    assert copies == [{"folder": "INBOX", "uid": 1}, {"folder": "Junk", "uid": 9}]
    assert len(filings(db, first.message_row)) == 1


def test_poll_report_counts_duplicates_as_fetched_not_stored(db, store, seeded):
    report = intake.PollReport()
    f = filer(db, store)
    raw = reply("RE: [CT-0044] Public records request")
    for uid in (1, 2):
        report.add(intake.save_message(f, fetched(raw, uid=uid), now=NOW))
    report.add(
        intake.save_message(f, fetched(reply("hello", "who are you?", STRANGER), uid=3), now=NOW)
    )

    assert report.as_json() == {
        "fetched": 3,
        "stored": 2,
        "matched": 1,
        "unmatched": 1,
        "bounces": 0,
        "auto_replies": 0,
        "errors": 0,
    }


def test_a_message_that_fails_to_parse_is_stored_and_held(db, store, seeded, monkeypatch):
    raw = reply("RE: [CT-0044] Public records request")
    broken = ParsedMessage(subject="RE: [CT-0044] Public records request", parse_error="boom")
    monkeypatch.setattr(derive, "parse_message", lambda data: broken)

    outcome = intake.save_message(filer(db, store), fetched(raw), now=NOW)

    message = row(db, "SELECT * FROM messages WHERE id = ?", (outcome.message_row,))
    assert message["parse_error"] == "boom"
    assert message["kind"] == "unknown"
    assert store.read_raw(message["raw_sha256"]) == raw
    assert filings(db, outcome.message_row) == []  # held, even though the subject names a ref
    pen = intake.holding_pen(db)
    assert [(m["id"], m["parse_error"]) for m in pen] == [(outcome.message_row, "boom")]
    assert [s["ref"] for s in pen[0]["suggestions"]] == ["CT-0044"]
    assert outcome.error == f"message {outcome.message_row}: boom"


def test_a_bug_while_filing_holds_the_message_and_the_poll_goes_on(db, store, seeded, monkeypatch):
    def explode(parsed, ctx):
        raise RuntimeError("matcher bug")

    monkeypatch.setattr(intake.matching, "match_message", explode)
    report = intake.PollReport()
    f = filer(db, store)

    report.add(intake.save_message(f, fetched(reply("RE: [CT-0044] x"), uid=1), now=NOW))
    monkeypatch.undo()
    report.add(intake.save_message(f, fetched(reply("RE: [CT-0043] y"), uid=2), now=NOW))

    held = row(db, "SELECT * FROM messages WHERE id = 1")
    assert held["parse_error"] == "intake failed: RuntimeError: matcher bug"
    assert row(db, "SELECT count(*) AS n FROM attachments WHERE message_row = 1")["n"] == 0
    assert report.errors == 1 and report.stored == 2 and report.matched == 1


def test_traversal_filenames_land_inside_the_store(db, store, seeded):
    raw = (MAIL / "traversal.eml").read_bytes()

    outcome = intake.save_message(filer(db, store), fetched(raw), now=NOW)

    found = rows(db, "SELECT filename, safe_name, sha256 FROM attachments ORDER BY id")
    assert found[0]["filename"] == "../../etc/passwd"
    for attachment in found:
        assert "/" not in attachment["safe_name"] and "\\" not in attachment["safe_name"]
        assert not attachment["safe_name"].startswith(".")
        path = store.file_path(attachment["sha256"]).resolve()
        assert path.is_file() and (store.root / "files").resolve() in path.parents
    assert filings(db, outcome.message_row) == [("WA-0010", "ref", "auto")]
    outside = [p for p in store.root.parent.rglob("*") if p.name in ("passwd", "evil.exe")]
    assert outside == []


def test_attachments_are_stored_once_by_sha_with_their_document_text(db, store, seeded):
    raw = (MAIL / "zip.eml").read_bytes()
    f = filer(db, store)

    intake.save_message(f, fetched(raw, uid=1), now=NOW)
    other = raw.replace(b"Message-ID: <", b"Message-ID: <again-", 1)
    intake.save_message(f, fetched(other, uid=2), now=NOW)

    attachments = rows(db, "SELECT message_row, source, sha256, parent_sha256 FROM attachments")
    sources = sorted({a["source"] for a in attachments})
    assert "zip-member" in sources
    shas = {a["sha256"] for a in attachments}
    assert row(db, "SELECT count(*) AS n FROM documents")["n"] == len(shas)
    assert len(attachments) == 2 * len(shas)
    members = [a for a in attachments if a["source"] == "zip-member"]
    assert all(m["parent_sha256"] in shas for m in members)


def test_our_own_copy_is_recognised_and_never_filed(db, store, seeded):
    raw = (
        b"From: parent@example.com\r\nTo: records@nowhere.example.gov\r\n"
        b"Subject: [CT-0042] Public records request\r\n"
        b"Message-ID: <letter-ct-0042@foia.example.com>\r\n\r\nUnder the law...\r\n"
    )
    report = intake.PollReport()

    report.add(intake.save_message(filer(db, store), fetched(raw), now=NOW))

    message = row(db, "SELECT own_copy, kind FROM messages")
    assert (message["own_copy"], message["kind"]) == (1, "own_copy")
    assert row(db, "SELECT count(*) AS n FROM message_requests")["n"] == 0
    assert (report.stored, report.matched, report.unmatched) == (1, 0, 0)
    assert intake.list_messages(db) == []


def test_a_dsn_bounce_marks_the_request_and_the_agency_address(db, store, seeded):
    raw = (MAIL / "dsn_gmail.eml").read_bytes()
    report = intake.PollReport()

    report.add(intake.save_message(filer(db, store), fetched(raw), now=NOW))

    # The returned headers name the ref, which the cascade reads before the bounce itself.
    assert filings(db, 1) == [("CT-0042", "ref", "auto")]
    request = row(db, "SELECT status, agency_id FROM requests WHERE ref = 'CT-0042'")
    assert request["status"] == "bounced"
    agency = row(db, "SELECT email_status FROM agencies WHERE id = ?", (request["agency_id"],))
    assert agency["email_status"] == "bounced"
    event = row(
        db,
        "SELECT type, actor, message_row FROM events WHERE request_id = ? AND type = 'status'",
        (seeded["CT-0042"],),
    )
    assert event == {"type": "status", "actor": "auto", "message_row": 1}
    assert (report.bounces, report.matched) == (1, 1)
    (status,) = status_rows(db, date(2026, 11, 10), StatusFilter(ref="CT-0042"))
    assert status["next_action"] == "find a working address: the letter bounced"
    others = rows(db, "SELECT status FROM requests WHERE ref != 'CT-0042'")
    assert {r["status"] for r in others} == {"sent"}


def test_a_server_that_gave_up_on_a_full_mailbox_bounces_the_letter_not_the_address(
    db, store, seeded
):
    # RFC 3464 "failed" with 5.2.2: nothing will deliver the letter, yet the address is good.
    raw = (MAIL / "dsn_gmail.eml").read_bytes()
    raw = raw.replace(b"Status: 5.1.1", b"Status: 5.2.2").replace(
        b"550 5.1.1 <records@nowhere.example.gov>: Recipient address rejected: User unknown",
        b"552 5.2.2 <records@nowhere.example.gov>: Mailbox full",
    )

    intake.save_message(filer(db, store), fetched(raw), now=NOW)

    message = row(db, "SELECT kind, facts FROM messages WHERE id = 1")
    assert message["kind"] == "bounce"
    assert json.loads(message["facts"])["bounce"]["gave_up"] is True
    request = row(db, "SELECT status, agency_id FROM requests WHERE ref = 'CT-0042'")
    assert request["status"] == "bounced"
    agency = row(db, "SELECT email_status FROM agencies WHERE id = ?", (request["agency_id"],))
    assert agency["email_status"] != "bounced"
    # The hint says to send it again, not to hunt for a new address.
    (status,) = status_rows(db, date(2026, 11, 10), StatusFilter(ref="CT-0042"))
    assert status["next_action"].startswith("resend the letter")


def test_a_delay_that_is_still_trying_moves_nothing(db, store, seeded):
    raw = (MAIL / "dsn_gmail.eml").read_bytes()
    raw = raw.replace(b"Action: failed", b"Action: delayed").replace(b"5.1.1", b"4.4.1")

    intake.save_message(filer(db, store), fetched(raw), now=NOW)

    assert row(db, "SELECT kind FROM messages WHERE id = 1")["kind"] == "delay"
    assert row(db, "SELECT status FROM requests WHERE ref = 'CT-0042'")["status"] == "sent"


def test_an_out_of_office_is_an_auto_reply_and_moves_nothing(db, store, seeded):
    raw = (MAIL / "ooo_exchange.eml").read_bytes()
    report = intake.PollReport()

    report.add(intake.save_message(filer(db, store), fetched(raw), now=NOW))

    message = row(db, "SELECT kind, automated FROM messages")
    assert message == {"kind": "auto_reply", "automated": 1}
    assert report.auto_replies == 1
    assert row(db, "SELECT status FROM requests WHERE ref = 'CT-0042'")["status"] == "sent"


# --- by hand ---------------------------------------------------------------------------------


def test_filing_by_hand_and_learning_the_sender(db, store, seeded):
    raw = reply("Question", "About your letter", "Clerk <clerk@other.example.net>")
    intake.save_message(filer(db, store), fetched(raw), now=NOW)
    assert [m["id"] for m in intake.holding_pen(db)] == [1]

    result = intake.file_by_hand(db, 1, ["ct-0043", "CT-0043"], learn_sender=True, now=NOW)

    assert result.refs == ("CT-0043",)
    assert filings(db, 1) == [("CT-0043", "user", "user")]
    learned = rows(db, "SELECT address, source FROM agency_addresses")
    assert learned == [{"address": "clerk@other.example.net", "source": "learned"}]
    agency = row(
        db,
        "SELECT email FROM agencies a JOIN requests r ON r.agency_id = a.id WHERE r.ref = 'CT-0043'",
    )
    assert agency["email"] == "foia@district.example.org"
    assert intake.holding_pen(db) == []
    assert intake.list_messages(db, ref="CT-0043")[0]["match_method"] == "user"


def test_filing_by_hand_refuses_unknown_ids_and_refs(db, store, seeded):
    intake.save_message(filer(db, store), fetched(reply("hello", "hi", STRANGER)), now=NOW)
    with pytest.raises(NotFound, match="No message 99"):
        intake.file_by_hand(db, 99, ["CT-0042"], learn_sender=False, now=NOW)
    with pytest.raises(NotFound, match="No request 'CT-9999'"):
        intake.file_by_hand(db, 1, ["CT-9999"], learn_sender=False, now=NOW)
    assert row(db, "SELECT count(*) AS n FROM message_requests")["n"] == 0


def test_list_messages_gives_the_contract_fields(db, store, seeded):
    intake.save_message(filer(db, store), fetched((MAIL / "traversal.eml").read_bytes()), now=NOW)

    [message] = intake.list_messages(db)

    assert list(message) == [
        "id", "message_id", "from", "subject", "date", "requests", "match_method", "kind",
        "automated", "attachments",
    ]  # fmt: skip
    assert message["message_id"] == "<trav-1@city.example.gov>"
    assert message["requests"] == ["WA-0010"]
    assert message["match_method"] == "ref"
    assert message["date"] == "2026-11-09T08:00:00-08:00"
    assert list(message["attachments"][0]) == [
        "filename",
        "sha256",
        "size",
        "content_type",
        "source",
    ]
    assert intake.list_messages(db, unmatched=True) == []


# --- reparse ---------------------------------------------------------------------------------

DERIVED = {
    "messages": "SELECT * FROM messages ORDER BY id",
    "attachments": "SELECT message_row, filename, safe_name, content_type, sha256, size, source, "
    "parent_sha256 FROM attachments ORDER BY message_row, sha256, filename",
    "documents": "SELECT * FROM documents ORDER BY sha256",
    "message_requests": "SELECT * FROM message_requests ORDER BY message_row, request_id",
    "message_candidates": "SELECT * FROM message_candidates ORDER BY message_row, request_id",
    "message_copies": "SELECT * FROM message_copies ORDER BY message_row",
    "mail_state": "SELECT * FROM mail_state",
}


def snapshot(db) -> dict:
    return {name: rows(db, sql) for name, sql in DERIVED.items()}


def test_reparse_rebuilds_the_same_rows_and_keeps_filings_made_by_hand(db, store, seeded):
    f = filer(db, store)
    for uid, path in enumerate(sorted(MAIL.glob("*.eml")), start=1):
        intake.save_message(f, fetched(path.read_bytes(), uid=uid), now=NOW)
    stranger = intake.save_message(f, fetched(reply("hello", "who?", STRANGER), uid=99), now=NOW)
    intake.file_by_hand(db, stranger.message_row, ["MD-0311"], learn_sender=False, now=NOW)
    before = snapshot(db)
    index_before = rows(
        db, "SELECT rowid, message_row, sha256, title FROM search_index ORDER BY rowid"
    )
    db.execute("UPDATE messages SET kind = 'garbage', body_text = ''")
    db.execute("DELETE FROM attachments")
    db.execute("DELETE FROM message_requests WHERE actor = 'auto'")
    db.conn.commit()

    report = intake.reparse_with(db, store, SETTINGS, now=NOW)

    after = snapshot(db)
    held_before, held_after = before.pop("message_candidates"), after.pop("message_candidates")
    assert after == before
    # Suggestions are ranked against today's filings: the poll's stay, and senders filed since
    # (here by the poll itself, later in the run) add their history, nothing else.
    pairs = {(c["message_row"], c["request_id"]) for c in held_after}
    assert {(c["message_row"], c["request_id"]) for c in held_before} <= pairs
    extra = [c for c in held_after if c not in held_before]
    assert extra  # the stranger's sender history is there to find
    for c in extra:
        also = json.loads(c["evidence"]).get("also", [])
        assert "sender-history" in {c["method"], *(a["method"] for a in also)}
    # The search index is rebuilt as each message is derived: the same rows, none twice.
    index = "SELECT rowid, message_row, sha256, title FROM search_index ORDER BY rowid"
    assert rows(db, index) == index_before
    assert report.messages == len(before["messages"])
    assert filings(db, stranger.message_row) == [("MD-0311", "user", "user")]


# --- documents -------------------------------------------------------------------------------


def minimal_pdf(text: str | None) -> bytes:
    """A one-page PDF, with a text layer when `text` is given (a scan has none)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr(
            "word/document.xml", f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
        )
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (
            b"Field list: name, grade\r\n",
            "text/plain",
            documents.DocumentText("Field list: name, grade", "ok"),
        ),
        (b"a,b\n1,2\n", "text/csv; charset=utf-8", documents.DocumentText("a,b\n1,2", "ok")),
        (
            b"<p>MOU <b>signed</b></p><script>x()</script>",
            "text/html",
            documents.DocumentText("MOU signed", "ok"),
        ),
        (
            minimal_pdf("Data sharing agreement"),
            "application/pdf",
            documents.DocumentText("Data sharing agreement", "ok"),
        ),
        (minimal_pdf(None), "application/pdf", documents.NEEDS_OCR),  # pages, no text layer
        (b"%PDF-1.4 garbage", "application/pdf", documents.NO_TEXT),
        (docx(["First", "Second"]), documents._DOCX, documents.DocumentText("First\nSecond", "ok")),
        (b"\x89PNG\r\n\x1a\n", "image/png", documents.NO_TEXT),
        (b"   ", "text/plain", documents.NO_TEXT),
    ],
)
def test_document_text(data, content_type, expected):
    assert documents.extract_text(data, content_type) == expected


def test_a_large_scan_without_text_needs_ocr():
    """Past the page cap a scan is still a scan (the time it takes is in bench/, not here)."""
    pages = 400
    one = minimal_pdf(None)
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    page = PdfReader(io.BytesIO(one)).pages[0]
    for _ in range(pages):
        writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)

    result = documents.extract_text(buf.getvalue(), "application/pdf", max_seconds=2.0)

    assert result == documents.NEEDS_OCR


def test_evidence_is_stored_as_json(db, store, seeded):
    intake.save_message(filer(db, store), fetched(reply("RE: [CT-0044] x")), now=NOW)
    evidence = json.loads(row(db, "SELECT evidence FROM message_requests")["evidence"])
    assert evidence != {}


# --- the commands ----------------------------------------------------------------------------


def run(workspace, command, *args):
    from click.testing import CliRunner

    from foia_tracker.cli.common import App

    return CliRunner().invoke(command, list(args), obj=App(str(workspace)), catch_exceptions=False)


def test_messages_inbox_and_match_commands(workspace):
    from foia_tracker.cli import messages as cli_messages
    from foia_tracker.cli.common import App

    app = App(str(workspace))
    add_request(app.db, "CT-0043", token_for("a" * 12), "foia@district.example.org")
    add_request(app.db, "CT-0044", token_for("b" * 12), "records@district2.example.org")
    f = filer(app.db, app.store)
    intake.save_message(f, fetched(reply("RE: [CT-0044] request"), uid=1), now=NOW)
    intake.save_message(
        f, fetched(reply("Hi", "About the data agreements", STRANGER), uid=2), now=NOW
    )

    held = run(workspace, cli_messages.inbox, "--format", "json")
    listed = run(workspace, cli_messages.messages, "--unmatched", "--format", "json")
    matched = run(workspace, cli_messages.match, "2", "ct-0043", "--learn-sender")
    by_ref = run(workspace, cli_messages.messages, "--ref", "CT-0043", "--format", "json")
    table = run(workspace, cli_messages.messages)

    pen = json.loads(held.output)
    assert [(m["id"], m["suggestions"], m["parse_error"]) for m in pen] == [(2, [], None)]
    assert [m["id"] for m in json.loads(listed.output)] == [2]
    assert matched.exit_code == 0
    assert matched.output == (
        "Filed message 2 on CT-0043.\nLearned sender (agency 1: someone@elsewhere.example.net).\n"
    )
    [filed] = json.loads(by_ref.output)
    assert (filed["id"], filed["requests"], filed["match_method"]) == (2, ["CT-0043"], "user")
    assert table.output.splitlines()[0].split() == [
        "id", "date", "from", "subject", "requests", "match_method", "kind", "files"
    ]  # fmt: skip
    assert len(table.output.splitlines()) == 4


def test_match_with_an_unknown_message_is_a_not_found_error(workspace):
    from foia_tracker.cli import messages as cli_messages

    with pytest.raises(NotFound, match="No message 1;"):
        run(workspace, cli_messages.match, "1", "CT-0001")


# --- watch -----------------------------------------------------------------------------------


class FakeClient:
    """Stands in for the IMAP connection in a unit test of the watch loop only."""

    def __init__(self, idle: bool):
        self.idle_calls = 0
        self.caps = (b"IMAP4REV1", b"IDLE") if idle else (b"IMAP4REV1",)

    def capabilities(self):
        return self.caps

    def select_folder(self, name, readonly=False):
        return {}

    def idle(self):
        self.idle_calls += 1

    def idle_check(self, timeout):
        return []

    def idle_done(self):
        return None

    def logout(self):
        return None


def test_watch_reconnects_after_a_network_error_with_backoff(workspace, monkeypatch):
    from foia_tracker.cli.common import App
    from foia_tracker.mail import imap as mailbox

    app = App(str(workspace))
    clients = [FakeClient(idle=True), FakeClient(idle=False)]
    connects = iter(clients)
    monkeypatch.setattr(mailbox, "connect", lambda settings: next(connects))
    polls = iter([intake.PollReport(fetched=1), OSError("connection reset"), intake.PollReport()])

    def fake_poll(db, store, config, *, now, client):
        result = next(polls)
        if isinstance(result, Exception):
            raise result
        return result

    monkeypatch.setattr(intake_poll, "poll", fake_poll)
    slept: list[float] = []
    reports: list[int] = []

    intake.watch(
        app.db,
        app.store,
        app.config,
        now_fn=lambda: NOW,
        on_report=lambda r: reports.append(r.fetched),
        sleep=slept.append,
        rounds=2,
    )

    assert reports == [1, 0]
    assert clients[0].idle_calls == 1  # IDLE offered: no sleeping between polls
    assert slept == [1.0]  # one back-off after the reset, before reconnecting


def test_watch_stops_when_the_first_connection_fails(workspace, monkeypatch):
    from foia_tracker.cli.common import App
    from foia_tracker.errors import MailboxError
    from foia_tracker.mail import imap as mailbox

    app = App(str(workspace))

    def refuse(settings):
        raise MailboxError("The IMAP server refused the login.")

    monkeypatch.setattr(mailbox, "connect", refuse)
    with pytest.raises(MailboxError, match="refused the login"):
        intake.watch(app.db, app.store, app.config, now_fn=lambda: NOW, on_report=print, rounds=1)


def test_a_bad_since_date_is_a_config_error():
    from foia_tracker.errors import ConfigError

    assert intake_poll.since_date("2026-01-31") == datetime(2026, 1, 31).date()
    assert intake_poll.since_date("") is None
    with pytest.raises(ConfigError, match="imap.since must be a date like 2026-01-31, not '31/01'"):
        intake_poll.since_date("31/01")


def test_held_mail_is_classified_only_when_filed(db, store, seeded):
    raw = reply(
        "Your records request",
        "Your request is denied. The records are exempt under FERPA, 20 U.S.C. 1232g.",
        "Clerk <clerk@other.example.net>",
    )
    intake.save_message(filer(db, store), fetched(raw), now=NOW)
    assert row(db, "SELECT kind FROM messages WHERE id = 1")["kind"] == "unclassified"

    intake.file_by_hand(db, 1, ["CT-0043"], learn_sender=False, now=NOW)

    assert row(db, "SELECT kind FROM messages WHERE id = 1")["kind"] == "denial"
    assert row(db, "SELECT status FROM requests WHERE ref = 'CT-0043'")["status"] == "denied"


def test_authserv_id_learned_by_check_is_used_when_the_config_has_none(db, tmp_path):
    from foia_tracker.config import load_config
    from foia_tracker.db import AUTHSERV_ID, set_setting

    from .conftest import MINIMAL_CONFIG

    (tmp_path / "foia.toml").write_text(MINIMAL_CONFIG)
    config = load_config(tmp_path / "foia.toml")
    assert intake.IntakeSettings.from_config(config, db).authserv_id == ""
    set_setting(db, AUTHSERV_ID, "mx.google.com", "2026-11-28T00:00:00+00:00")
    assert intake.IntakeSettings.from_config(config, db).authserv_id == "mx.google.com"


def test_a_full_disk_records_nothing_and_says_so(db, store, seeded, monkeypatch):
    import errno

    from foia_tracker.errors import StoreError

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("foia_tracker.store.os.fsync", full)
    with pytest.raises(StoreError, match="is full"):
        intake.save_message(filer(db, store), fetched(reply("Re", "hi", STRANGER)), now=NOW)
    # Raw first: no bytes on disk, so no row either; the next poll fetches it again.
    assert row(db, "SELECT count(*) AS n FROM messages")["n"] == 0


def test_held_mail_documents_get_their_text_when_filed(db, store, seeded):
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"] = STRANGER
    msg["To"] = "jane@example.org"
    msg["Subject"] = "Agreements"
    msg["Message-ID"] = "<held-doc@x.example>"
    msg.set_content("Attached as requested.")
    msg.add_attachment(
        b"student_id,dob\n1,2010-01-01\n", maintype="text", subtype="csv", filename="elements.csv"
    )
    intake.save_message(filer(db, store), fetched(msg.as_bytes()), now=NOW)
    assert row(db, "SELECT text FROM documents")["text"] is None  # held: not read yet

    intake.file_by_hand(db, 1, ["CT-0043"], learn_sender=False, now=NOW, store=store)

    assert "student_id" in row(db, "SELECT text FROM documents")["text"]


def test_a_disk_full_while_saving_an_attachment_leaves_the_message_for_the_next_poll(
    db, store, seeded, monkeypatch
):
    """Issue 14, finding 8: the raw mail was saved, its attachment was not. The message must not
    stay stored-but-unfiled for good: nothing is recorded, and the next poll files it."""
    import errno
    from email.message import EmailMessage

    from foia_tracker.errors import StoreError

    msg = EmailMessage()
    msg["From"] = "Records <records@district2.example.org>"
    msg["To"] = "jane@example.org"
    msg["Subject"] = "RE: [CT-0044] records"
    msg["Message-ID"] = "<full-disk@x.example>"
    msg.set_content("Attached.")
    msg.add_attachment(
        b"%PDF-1.4 agreement", maintype="application", subtype="pdf", filename="a.pdf"
    )
    calls = {"n": 0}
    real_fsync = __import__("os").fsync

    def full_after_raw(fd):
        calls["n"] += 1
        if calls["n"] > 2:  # the raw file and its folder are synced; the attachment is not
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_fsync(fd)

    monkeypatch.setattr("foia_tracker.store.os.fsync", full_after_raw)
    with pytest.raises(StoreError, match="is full"):
        intake.save_message(filer(db, store), fetched(msg.as_bytes()), now=NOW)
    assert row(db, "SELECT count(*) AS n FROM messages")["n"] == 0
    monkeypatch.setattr("foia_tracker.store.os.fsync", real_fsync)
    outcome = intake.save_message(filer(db, store), fetched(msg.as_bytes()), now=NOW)
    assert outcome.new and outcome.matched and outcome.error is None
    assert row(db, "SELECT count(*) AS n FROM attachments")["n"] == 1

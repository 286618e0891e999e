"""Export: layout, manifest, PII hold-back, safety of names and output folders.

``build_collect_data`` is also the fixture data of tests/test_search.py and tests/test_report.py:
one campaign of four requests (CT, CT, NY, TX), a second campaign, messages with raw mail in the
store, a message filed on two requests, a held message, an auto-reply, hostile names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.db import open_db
from foia_tracker.store import Store

NOW = "2026-11-28T12:00:00+00:00"
HOSTILE = "<script>document.title='pwned'</script>"


@dataclass
class CollectData:
    db: Database
    store: Store
    root: Path
    requests: dict[str, int] = field(default_factory=dict)
    messages: dict[str, int] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)


def _agency(db, name, state, email="", delivery="email") -> int:
    return db.execute(
        "INSERT INTO agencies (name, name_key, state, email, delivery, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (name, name.lower(), state, email, delivery, NOW, NOW),
    ).lastrowid


def _campaign(db, name) -> int:
    return db.execute(
        "INSERT INTO campaigns (name, template, subject, created_at) VALUES (?, ?, ?, ?)",
        (name, "student-data-agreements", "Public records request {{ ref }}", NOW),
    ).lastrowid


def _request(db, ref, campaign_id, agency_id, state, status, **extra) -> int:
    values = dict(
        ref=ref,
        token=ref.lower().replace("-", "") + "tok",
        campaign_id=campaign_id,
        agency_id=agency_id,
        jurisdiction=state,
        status=status,
        to_addr=extra.pop("to_addr", f"records@{ref.lower()}.example.gov"),
        subject=f"Public records request {ref}",
        letter=f"Dear records officer, this is {ref}.",
        created_at=NOW,
        **extra,
    )
    columns = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return db.execute(
        f"INSERT INTO requests ({columns}) VALUES ({marks})", tuple(values.values())
    ).lastrowid


def _raw(frm, subject, body, message_id) -> bytes:
    mail = EmailMessage()
    mail["From"] = frm
    mail["To"] = "jane@example.org"
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    mail["Date"] = "Mon, 05 Oct 2026 10:00:00 -0400"
    mail.set_content(body)
    return bytes(mail)


def _message(data, key, frm, subject, body, received, *, kind="other", automated=0) -> int:
    message_id = f"<{key}@agency.example.gov>"
    sha = data.store.put_raw(_raw(frm, subject, body, message_id))
    row_id = data.db.execute(
        "INSERT INTO messages (message_id, raw_sha256, size, from_addr, subject, date, "
        "received_at, kind, automated, body_text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (message_id, sha, 100, frm, subject, received, received, kind, automated, body),
    ).lastrowid
    data.messages[key] = row_id
    return row_id


def _file(data, message_row, filename, content, content_type, text, status="ok", **extra) -> str:
    sha = data.store.put_file(content)
    data.db.execute(
        "INSERT OR IGNORE INTO documents (sha256, size, content_type, text, text_status) "
        "VALUES (?, ?, ?, ?, ?)",
        (sha, len(content), content_type, text, status),
    )
    data.db.execute(
        "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, size, "
        "source, parent_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            message_row,
            filename,
            "x",
            content_type,
            sha,
            len(content),
            extra.get("source", "attachment"),
            extra.get("parent"),
        ),
    )
    return sha


def _file_on(data, message_row, *refs, method="token"):
    for ref in refs:
        data.db.execute(
            "INSERT INTO message_requests (message_row, request_id, method, score) "
            "VALUES (?, ?, ?, 1.0)",
            (message_row, data.requests[ref], method),
        )


def _outbox(data, ref, raw: bytes | None = None, sent_at="2026-10-01T14:00:00+00:00"):
    sha = data.store.put_raw(raw) if raw else None
    data.db.execute(
        "INSERT INTO outbox (request_id, kind, to_addr, subject, body, message_id, state, "
        "smtp_reply, raw_sha256, created_at, sent_at) VALUES (?, 'request', ?, ?, ?, ?, 'sent', "
        "?, ?, ?, ?)",
        (
            data.requests[ref],
            f"records@{ref.lower()}.example.gov",
            f"Public records request {ref}",
            f"Dear records officer, this is {ref}.",
            f"<{ref}.1@example.org>",
            "250 2.0.0 Ok: queued as 4ABC",
            sha,
            NOW,
            sent_at,
        ),
    )


def _requests(data, mou, other):
    hartford = _agency(data.db, "Hartford Public Schools", "CT", "records@hartford.example.gov")
    haven = _agency(data.db, "New Haven Public Schools", "CT", "foi@nhps.example.gov")
    albany = _agency(data.db, f"Albany {HOSTILE} District", "NY", "foil@albany.example.gov")
    austin = _agency(data.db, "Austin ISD", "TX", delivery="portal")
    sent = dict(sent_at="2026-10-01T14:00:00+00:00", due_kind="respond", due_basis="statutory")
    data.requests["CT-0001"] = _request(
        data.db, "CT-0001", mou, hartford, "CT", "partially_fulfilled", due="2026-12-10", **sent
    )
    data.requests["CT-0002"] = _request(
        data.db, "CT-0002", mou, haven, "CT", "sent", due="2026-10-15", **sent
    )
    data.requests["NY-0001"] = _request(
        data.db,
        "NY-0001",
        mou,
        albany,
        "NY",
        "fee_requested",
        due="2026-10-08",
        fee_amount="25.00",
        **sent,
    )
    data.requests["TX-0001"] = _request(data.db, "TX-0001", mou, austin, "TX", "queued", to_addr="")
    data.requests["CT-0099"] = _request(
        data.db, "CT-0099", other, hartford, "CT", "sent", due="2026-12-10", **sent
    )


def _mail(data):
    db = data.db
    m1 = _message(
        data,
        "m1",
        "records@hartford.example.gov",
        "RE: CT-0001 first production",
        "Attached are the agreements you asked for.",
        "2026-10-05T14:00:00+00:00",
    )
    _file_on(data, m1, "CT-0001")
    data.docs["passwd"] = _file(
        data, m1, "../../etc/passwd", b"root:x:0:0\n", "text/plain", "root account list"
    )
    data.docs["pdf_a"] = _file(
        data,
        m1,
        "agreement.pdf",
        b"%PDF-1.4 A" + b"a" * 3000,
        "application/pdf",
        "Data sharing agreement with Acme Analytics",
    )
    data.docs["pdf_b"] = _file(
        data,
        m1,
        "agreement.pdf",
        b"%PDF-1.4 B",
        "application/pdf",
        "Memorandum of understanding with Clever Inc",
    )
    data.docs["csv"] = _file(
        data,
        m1,
        "=students.csv",
        b"Student Name,Student ID,DOB\nA,1,2010\n",
        "text/csv",
        "Student Name,Student ID,DOB\nA,1,2010",
    )
    data.docs["scan"] = _file(
        data, m1, "scan.pdf", b"%PDF-1.4 scan", "application/pdf", None, "none"
    )
    m2 = _message(
        data,
        "m2",
        "legal@ctdistricts.example.gov",
        "Joint answer CT-0001 CT-0002",
        "One memorandum covers both districts.",
        "2026-10-20T15:00:00+00:00",
    )
    _file_on(data, m2, "CT-0001", "CT-0002")
    data.docs["joint"] = _file(
        data,
        m2,
        "joint-mou.txt",
        b"Joint memorandum text",
        "text/plain",
        "Joint memorandum of understanding",
    )
    m3 = _message(
        data,
        "m3",
        "foil@albany.example.gov",
        f"{HOSTILE} fee estimate",
        "The fee for these records is $25.00.",
        "2026-10-07T13:00:00+00:00",
        kind="fee_estimate",
    )
    _file_on(data, m3, "NY-0001")
    m4 = _message(
        data,
        "m4",
        "someone@gmail.example.com",
        "unrelated question",
        "Do you have the data sharing list?",
        "2026-10-09T13:00:00+00:00",
    )
    del m4  # held: filed on nothing
    m5 = _message(
        data,
        "m5",
        "foi@nhps.example.gov",
        "Out of office",
        "I am away.",
        "2026-10-02T13:00:00+00:00",
        kind="auto_reply",
        automated=1,
    )
    _file_on(data, m5, "CT-0002")
    m6 = _message(
        data,
        "m6",
        "records@hartford.example.gov",
        "RE: CT-0099",
        "Here is our data sharing policy.",
        "2026-10-04T13:00:00+00:00",
    )
    _file_on(data, m6, "CT-0099")
    db.execute("UPDATE messages SET own_copy = 0")


def build_collect_data(root: Path) -> CollectData:
    store = Store(root / "store")
    store.create()
    data = CollectData(db=open_db(root / "foia.db"), store=store, root=root)
    with data.db.conn:
        mou = _campaign(data.db, "mou-2026")
        other = _campaign(data.db, "other")
        _requests(data, mou, other)
        _mail(data)
        _outbox(data, "CT-0001", raw=b"Subject: Public records request CT-0001\r\n\r\nDear\r\n")
        _outbox(data, "CT-0002")
        _outbox(data, "NY-0001")
    return data

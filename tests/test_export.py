"""Export: layout, manifest, PII hold-back, safety of names and output folders.

``build_collect_data`` is also the fixture data of tests/test_search.py and tests/test_report.py:
one campaign of four requests (CT, CT, NY, TX), a second campaign, messages with raw mail in the
store, a message filed on two requests, a held message, an auto-reply, hostile names.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from foia_tracker.cli import cli
from foia_tracker.cli.common import App
from foia_tracker.db import open_db
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.outputs import export as export_module
from foia_tracker.outputs.export import (
    MANIFEST_FIELDS,
    ExportOptions,
    csv_cell,
    export_campaign,
    pii_flags,
    slugify,
    unique_name,
)
from foia_tracker.outputs.pii import evidence_text, pii_findings
from foia_tracker.store import Store
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG

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
        "INSERT INTO outbox (request_id, kind, to_addr, subject, message_id, state, "
        "smtp_reply, raw_sha256, created_at, sent_at) VALUES (?, 'request', ?, ?, ?, 'sent', "
        "?, ?, ?, ?)",
        (
            data.requests[ref],
            f"records@{ref.lower()}.example.gov",
            f"Public records request {ref}",
            f"<{ref}.1@example.org>",
            "250 2.0.0 Ok: queued as 4ABC",
            sha,
            NOW,
            sent_at,
        ),
    )
    data.db.execute(
        "INSERT INTO outbox_bodies VALUES (last_insert_rowid(), ?)",
        (f"Dear records officer, this is {ref}.",),
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
        b"Student Name,Student ID,DOB\nMaria Lopez,1234567,03/14/2011\nJohn Smith,7654321,2011-09-02\n",
        "text/csv",
        "Student Name,Student ID,DOB\nMaria Lopez,1234567,03/14/2011\nJohn Smith,7654321,2011-09-02",
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


def clone_collect_data(template: CollectData, root: Path) -> CollectData:
    """A private copy of a built data set: building one costs ~0.4 s of fsyncs, copying ~10 ms."""
    template.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copytree(template.root, root, dirs_exist_ok=True)
    store = Store(root / "store")
    clone = CollectData(db=open_db(root / "foia.db"), store=store, root=root)
    clone.requests, clone.messages, clone.docs = template.requests, template.messages, template.docs
    return clone


# --- tests --------------------------------------------------------------------------------------

TODAY = date(2026, 11, 28)
HARTFORD = "CT/hartford-public-schools/CT-0001"
HAVEN = "CT/new-haven-public-schools/CT-0002"
ALBANY = "NY/albany-script-document-title-pwned-script-district/NY-0001"
ROOT_FILES = {"README.txt", "manifest.csv", "requests.csv", "timeline.csv"}
ARCHIVE_FILES = {
    "README.txt",
    "timeline.csv",
    "manifest.csv",
    "requests.csv",
    f"{HARTFORD}/files/passwd",
    f"{HARTFORD}/files/agreement.pdf",
    f"{HARTFORD}/files/agreement (2).pdf",
    f"{HARTFORD}/files/=students.csv",
    f"{HARTFORD}/files/scan.pdf",
    f"{HARTFORD}/files/joint-mou.txt",
    f"{HARTFORD}/mail/2026-10-05_000001.eml",
    f"{HARTFORD}/mail/2026-10-20_000002.eml",
    f"{HARTFORD}/letters/2026-10-01_request_1.txt",
    f"{HARTFORD}/letters/2026-10-01_request_1.eml",
    f"{HAVEN}/files/joint-mou.txt",
    f"{HAVEN}/mail/2026-10-02_000005.eml",
    f"{HAVEN}/mail/2026-10-20_000002.eml",
    f"{HAVEN}/letters/2026-10-01_request_2.txt",
    f"{ALBANY}/mail/2026-10-07_000003.eml",
    f"{ALBANY}/letters/2026-10-01_request_3.txt",
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_collect_data(tmp_path_factory.mktemp("collect-template"))


@pytest.fixture
def data(template, tmp_path):
    return clone_collect_data(template, tmp_path / "data")


def run_export(data, out, **options):
    opts = ExportOptions(options.pop("campaign", "mou-2026"), out, **options)
    return export_campaign(data.db, data.store, opts, TODAY)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_archive_layout_is_exact(data, tmp_path):
    out = tmp_path / "export"
    result = run_export(data, out)
    assert tree(out) == ARCHIVE_FILES
    assert (result.requests, result.files, result.mail, result.letters) == (4, 7, 5, 3)
    assert (result.held_back, result.missing) == (0, [])


def test_files_are_private(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    modes = {oct(p.stat().st_mode & 0o777) for p in out.rglob("*") if p.is_file()}
    dir_modes = {oct(p.stat().st_mode & 0o777) for p in [out, *out.rglob("*")] if p.is_dir()}
    assert (modes, dir_modes) == ({"0o600"}, {"0o700"})


def test_bytes_are_exact_copies(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    assert (out / HARTFORD / "files/passwd").read_bytes() == b"root:x:0:0\n"
    assert (out / HARTFORD / "files/agreement (2).pdf").read_bytes() == b"%PDF-1.4 B"
    m1 = data.db.execute("SELECT raw_sha256 FROM messages WHERE id = 1").fetchone()[0]
    assert (out / HARTFORD / "mail/2026-10-05_000001.eml").read_bytes() == data.store.read_raw(m1)
    # a message filed on two requests is under both, byte for byte
    assert (out / HAVEN / "mail/2026-10-20_000002.eml").read_bytes() == (
        out / HARTFORD / "mail/2026-10-20_000002.eml"
    ).read_bytes()


def test_letter_has_body_and_server_reply(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    assert (out / HAVEN / "letters/2026-10-01_request_2.txt").read_text() == (
        "To: records@ct-0002.example.gov\n"
        "Subject: Public records request CT-0002\n"
        "Message-ID: <CT-0002.1@example.org>\n"
        "Sent-At: 2026-10-01T14:00:00+00:00\n"
        "Server-Reply: 250 2.0.0 Ok: queued as 4ABC\n"
        "\n"
        "Dear records officer, this is CT-0002."
    )
    raw = (out / HARTFORD / "letters/2026-10-01_request_1.eml").read_bytes()
    assert raw == b"Subject: Public records request CT-0001\r\n\r\nDear\r\n"


def test_manifest_rows(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    manifest = read_csv(out / "manifest.csv")
    assert list(manifest[0]) == list(MANIFEST_FIELDS)
    by_path = {r["path"]: r for r in manifest}
    assert set(by_path) == ARCHIVE_FILES - ROOT_FILES
    passwd = by_path[f"{HARTFORD}/files/passwd"]
    assert passwd == {
        "ref": "CT-0001",
        "agency": "Hartford Public Schools",
        "state": "CT",
        "filename": "../../etc/passwd",
        "path": f"{HARTFORD}/files/passwd",
        "sha256": data.docs["passwd"],
        "size": "11",
        "content_type": "text/plain",
        "source": "attachment",
        "parent_sha256": "",
        "received_at": "2026-10-05T14:00:00+00:00",
        "from": "records@hartford.example.gov",
        "subject": "RE: CT-0001 first production",
        "message_id": "<m1@agency.example.gov>",
        "pii_flags": "",
        "text_status": "ok",
        "status": "exported",
        "review": "",
    }
    students = by_path[f"{HARTFORD}/files/=students.csv"]
    assert (students["filename"], students["pii_flags"]) == (
        "'=students.csv",
        "date_of_birth;student_id",
    )
    assert by_path[f"{HARTFORD}/files/scan.pdf"]["pii_flags"] == "unchecked"
    mail = by_path[f"{HAVEN}/mail/2026-10-02_000005.eml"]
    assert (mail["source"], mail["content_type"], mail["subject"]) == (
        "mail",
        "message/rfc822",
        "Out of office",
    )
    assert by_path[f"{HARTFORD}/letters/2026-10-01_request_1.eml"]["source"] == "letter-raw"


def test_requests_csv(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    requests = {r["ref"]: r for r in read_csv(out / "requests.csv")}
    assert list(requests) == ["CT-0001", "CT-0002", "NY-0001", "TX-0001"]
    haven = requests["CT-0002"]
    assert (haven["status"], haven["due"], haven["overdue"], haven["days_overdue"]) == (
        "sent",
        "2026-10-15",
        "true",
        "44",
    )
    assert haven["last_reply_at"] == "2026-10-20T15:00:00+00:00"  # the auto-reply does not count
    assert (haven["documents"], haven["folder"]) == ("1", HAVEN)
    assert requests["NY-0001"]["fee_amount"] == "25.00"
    assert requests["TX-0001"]["sent_at"] == ""


def test_publish_leaves_out_mail_and_holds_back_pii(data, tmp_path):
    out = tmp_path / "export"
    result = run_export(data, out, profile="publish")
    expected = {
        p
        for p in ARCHIVE_FILES
        if "/mail/" not in p
        and not p.endswith(".eml")
        and not p.endswith(("students.csv", "scan.pdf"))
    }
    assert tree(out) == expected
    assert (result.files, result.mail, result.held_back) == (5, 0, 2)
    held = [r for r in read_csv(out / "manifest.csv") if r["path"] == ""]
    assert sorted((r["filename"], r["pii_flags"]) for r in held) == [
        ("'=students.csv", "date_of_birth;student_id"),
        ("scan.pdf", "unchecked"),
    ]


def test_state_and_status_filters(data, tmp_path):
    run_export(data, tmp_path / "ny", state="ny")
    assert {r["ref"] for r in read_csv(tmp_path / "ny" / "requests.csv")} == {"NY-0001"}
    run_export(data, tmp_path / "sent", status="sent")
    assert {r["ref"] for r in read_csv(tmp_path / "sent" / "requests.csv")} == {"CT-0002"}
    assert tree(tmp_path / "sent") == ROOT_FILES | {p for p in ARCHIVE_FILES if p.startswith(HAVEN)}


def test_zip_is_deterministic_private_and_matches_folder(data, tmp_path):
    run_export(data, tmp_path / "a.zip")
    os.utime(data.store.file_path(data.docs["pdf_a"]), (0, 0))  # store mtimes do not matter
    run_export(data, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    assert oct((tmp_path / "a.zip").stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        files = [i for i in archive.infolist() if not i.is_dir()]
        assert {i.filename for i in files} == ARCHIVE_FILES
        names = [i.filename for i in archive.infolist()]
        assert names == sorted(n for n in names if n.endswith("/")) + sorted(
            n for n in names if not n.endswith("/")
        )
        assert {(i.external_attr >> 16) & 0o777 for i in files} == {0o600}
        assert archive.read(f"{HARTFORD}/files/passwd") == b"root:x:0:0\n"


def test_refuses_a_foreign_non_empty_folder(data, tmp_path):
    out = tmp_path / "photos"
    out.mkdir()
    (out / "cat.jpg").write_bytes(b"meow")
    with pytest.raises(UsageError, match="not empty and not an earlier export of 'mou-2026'"):
        run_export(data, out)
    assert tree(out) == {"cat.jpg"}


def test_empty_folder_is_fine(data, tmp_path):
    out = tmp_path / "empty"
    out.mkdir()
    run_export(data, out)
    assert tree(out) == ARCHIVE_FILES


def test_replaces_an_earlier_export_of_the_same_campaign_only(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    with pytest.raises(UsageError, match="holds an earlier export of 'mou-2026'; add --force"):
        run_export(data, out, state="NY")
    run_export(data, out, state="NY", force=True)
    assert tree(out) == ROOT_FILES | {p for p in ARCHIVE_FILES if p.startswith("NY/")}
    with pytest.raises(UsageError, match="not an earlier export of 'other'"):
        run_export(data, out, campaign="other", force=True)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_refuses_to_overwrite_a_foreign_zip(data, tmp_path):
    out = tmp_path / "other.zip"
    out.write_bytes(b"PK not ours")
    with pytest.raises(UsageError, match="exists and is not an earlier export"):
        run_export(data, out)
    assert out.read_bytes() == b"PK not ours"
    run_export(data, tmp_path / "mine.zip")
    with pytest.raises(UsageError, match="add --force"):
        run_export(data, tmp_path / "mine.zip", state="CT")
    run_export(data, tmp_path / "mine.zip", state="CT", force=True)  # our own: replaced


def test_unknown_campaign_and_profile(data, tmp_path):
    with pytest.raises(NotFound, match="No campaign named 'nope'"):
        run_export(data, tmp_path / "x", campaign="nope")
    with pytest.raises(UsageError, match="--profile must be one of archive, publish"):
        run_export(data, tmp_path / "x", profile="public")


def test_large_files_are_streamed_not_read_whole(data, tmp_path, monkeypatch):
    big = os.urandom(3 * 1024 * 1024 + 7)
    sha = data.store.put_file(big)
    m1 = data.messages["m1"]
    _file(data, m1, "big.pdf", big, "application/pdf", "text", "ok")
    reads = []
    monkeypatch.setattr(Store, "read_file", lambda self, s: reads.append(s))
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(self))
    chunks = list(export_module._chunks(export_module.Entry("x", source=data.store.file_path(sha))))
    assert [len(c) for c in chunks] == [1024 * 1024] * 3 + [7]
    run_export(data, tmp_path / "export")
    monkeypatch.undo()
    assert reads == []
    assert (tmp_path / "export" / HARTFORD / "files/big.pdf").read_bytes() == big


def test_missing_store_file_is_reported_and_marked(data, tmp_path):
    data.store.file_path(data.docs["pdf_a"]).unlink()
    result = run_export(data, tmp_path / "export")
    assert result.missing == [f"CT-0001 agreement.pdf ({data.store.file_path(data.docs['pdf_a'])})"]
    assert f"{HARTFORD}/files/agreement.pdf" not in tree(tmp_path / "export")
    rows = read_csv(tmp_path / "export" / "manifest.csv")
    missing = [r for r in rows if r["status"] == "missing"]
    assert [(r["ref"], r["filename"], r["path"]) for r in missing] == [
        ("CT-0001", "agreement.pdf", "")
    ]


def test_unique_name_folds_case():
    taken: set[str] = set()
    names = [unique_name(n, taken) for n in ("a.pdf", "A.PDF", "a.pdf", "b")]
    assert names == ["a.pdf", "A (2).PDF", "a (3).pdf", "b"]


def test_slugify():
    assert slugify("Hartford Public Schools") == "hartford-public-schools"
    assert slugify("École Sainte-Thérèse") == "ecole-sainte-therese"
    assert slugify("../..") == "agency"


@pytest.mark.parametrize(
    ("text", "status", "content_type", "flags"),
    [
        ("Agreement between the district and Acme.", "ok", "application/pdf", []),
        # Vocabulary is not data: an agreement lists the fields it shares.
        ("first,last,SSN\n", "ok", "text/csv", []),
        ("name,birth_date\n", "ok", "text/csv", []),
        ("Name, D.O.B., school", "ok", "text/plain", []),
        ("LASID,school\n", "ok", "text/csv", []),
        ("First Name,Last Name,Grade\n", "ok", "text/csv", []),
        ("Student Name | GPA", "ok", "text/plain", []),
        ("Vendor name and contract grade of service", "ok", "text/plain", []),
        ("Data elements: student name, date of birth, SASID, grade, test scores.", "ok",
         "application/pdf", []),
        ("Data Element,Description\nDate of Birth,The student's date of birth\n"
         "SASID,The state-assigned student ID\nStudent Name,First and last name\n", "ok",
         "text/csv", []),
        # Values are.
        ("Employee 123-45-6789 signed", "ok", "text/plain", ["ssn"]),
        ("Numbers 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567", "ok", "text/plain", []),
        ("Student: Maria Lopez, DOB: 03/14/2011, Lakeside", "ok", "text/plain", ["date_of_birth"]),
        ("Date of birth March 14, 2011", "ok", "text/plain", ["date_of_birth"]),
        ("SASID: 1234567890", "ok", "text/plain", ["student_id"]),
        ("name,birth_date\nMaria Lopez,2011-03-14\n", "ok", "text/csv", ["date_of_birth"]),
        ("Student Name,Grade\nMaria Lopez,A\nJohn Smith,B+\n", "ok", "text/csv",
         ["names_grades"]),
        ("First Name\tLast Name\tScore\nMaria\tLopez\t95\nJohn\tSmith\t88\n", "ok",
         "text/plain", ["names_grades"]),
        ("LASID,School\nA123456,Lakeside\n", "ok", "text/csv", ["student_id"]),
        ("Student Name,Home Address\nMaria Lopez,12 Elm Street\nJohn Smith,4 Oak Ave.\n", "ok",
         "text/csv", ["names_addresses"]),
        ("Student Name,Home Address\nRequired,Street and city of the student\n", "ok",
         "text/csv", []),
        (None, "none", "application/pdf", ["unchecked"]),
        ("Page 1 of a long file", "partial", "application/pdf", ["unchecked"]),
        (None, "none", "image/png", ["unchecked"]),
        (None, "none", "application/vnd.ms-excel", ["unchecked"]),
    ],
)  # fmt: skip
def test_pii_flags(text, status, content_type, flags):
    assert pii_flags(text, status, content_type) == flags


def test_csv_cells_are_neutralised():
    assert [csv_cell(v) for v in ("=1+1", "+1", "-1", "@SUM", "ok", None, True, 3)] == [
        "'=1+1", "'+1", "'-1", "'@SUM", "ok", "", "true", "3",
    ]  # fmt: skip


def _app(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    return App(str(config))


def test_cli_export(tmp_path):
    app = _app(tmp_path)
    out = tmp_path / "out.zip"
    result = CliRunner().invoke(
        cli,
        [
            "--config",
            str(app.config_path),
            "export",
            "mou-2026",
            "--out",
            str(out),
            "--profile",
            "publish",
            "--as-of",
            "2026-11-28",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Exported 4 requests to {out}: 5 documents, 0 messages, 3 letters.\n"
        "Held back 2 files (status held_back in manifest.csv):\n"
        "  CT-0001 =students.csv: flagged (date_of_birth, student_id) and not reviewed\n"
        "  CT-0001 scan.pdf: flagged (unchecked) and not reviewed\n"
        "Review them with `foia documents mou-2026 --flagged`, then `foia review DOC --publish` "
        "(or --hold).\n"
    )


def test_cli_export_errors(tmp_path):
    app = _app(tmp_path)
    result = CliRunner().invoke(
        cli, ["--config", str(app.config_path), "export", "nope", "--out", str(tmp_path / "x")]
    )
    assert (result.exit_code, result.output) == (
        2,
        "Error: No campaign named 'nope'; see foia campaign list.\n",
    )
    sha = app.db.execute("SELECT sha256 FROM documents LIMIT 1").fetchone()[0]
    app.store.file_path(sha).unlink()
    result = CliRunner().invoke(
        cli, ["--config", str(app.config_path), "export", "mou-2026", "--out", str(tmp_path / "y")]
    )
    assert result.exit_code == 1
    assert "Missing from the store, not exported: CT-0001 " in result.output
    assert f"({app.store.file_path(sha)})\n" in result.output
    assert result.output.endswith(
        "Error: 1 file(s) were missing from the store and are not in the export (status "
        "'missing' in manifest.csv); restore the store from a backup.\n"
    )


def test_pii_evidence_names_the_page_and_masks_the_value():
    text = "Cover page\fRoster\nMaria Lopez SSN 123-45-6789 enrolled\f"
    findings = pii_findings(text, "ok", "application/pdf")
    assert [(f.flag, f.where) for f in findings] == [("ssn", "page 2")]
    assert "123" not in findings[0].excerpt and "###-##-####" in findings[0].excerpt
    assert evidence_text(findings) == f'ssn (page 2: "{findings[0].excerpt}")'

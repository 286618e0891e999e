import os
import sqlite3
from pathlib import Path

import pytest

from foia_tracker.db import agencies as stored
from foia_tracker.db import open_db, row, transaction
from foia_tracker.db.migrations import migrations

CONTRACT_TABLES = {
    "agencies": {
        "id",
        "external_id",
        "name",
        "state",
        "email",
        "email_status",
        "delivery",
        "contact_name",
        "address",
        "phone",
        "portal_url",
        "kind",
        "extra",
    },
    "agency_addresses": {"agency_id", "address", "source"},
    "campaigns": {"id", "name", "template", "subject", "vars", "created_at"},
    "requests": {
        "id",
        "ref",
        "token",
        "campaign_id",
        "agency_id",
        "jurisdiction",
        "status",
        "to_addr",
        "subject",
        "letter",
        "law_version",
        "sent_at",
        "due",
        "due_kind",
        "due_basis",
        "fee_amount",
        "tracking_number",
        "closed_at",
    },
    "outbox": {
        "id",
        "request_id",
        "kind",
        "message_id",
        "provider_message_id",
        "state",
        "attempts",
        "last_error",
        "smtp_reply",
        "sent_at",
    },
    "messages": {
        "id",
        "message_id",
        "raw_sha256",
        "from_addr",
        "to_addrs",
        "subject",
        "date",
        "received_at",
        "kind",
        "automated",
        "auth_results",
        "facts",
        "parse_error",
    },
    "message_copies": {"message_row", "account", "folder", "uidvalidity", "uid"},
    "message_requests": {"message_row", "request_id", "method", "score", "evidence", "actor"},
    "attachments": {
        "id",
        "message_row",
        "filename",
        "content_type",
        "sha256",
        "size",
        "source",
        "parent_sha256",
    },
    "documents": {"sha256", "size", "content_type", "text", "text_status"},
    "events": {"id", "request_id", "at", "type", "actor", "message_row", "detail"},
    "mail_state": {"account", "folder", "uidvalidity", "last_uid"},
}


def test_blank_database_gets_the_whole_contract_schema(tmp_path):
    db = open_db(tmp_path / "x.db")
    for table, columns in CONTRACT_TABLES.items():
        assert columns <= set(db[table].columns_dict), table
    assert migrations.pending(db) == []
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_savepoint_journals_stay_in_memory(tmp_path, monkeypatch):
    # temp_store = MEMORY (2): a savepoint's statement journal holds copies of database pages;
    # in a file it would go to SQLite's temp folder (/var/tmp), outside the private workspace.
    spill = tmp_path / "sqlite-temp"
    spill.mkdir()
    monkeypatch.setenv("SQLITE_TMPDIR", str(spill))
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA temp_store").fetchone()[0] == 2

    def open_in_spill() -> list[str]:  # SQLite unlinks a temp file at once: look at our fds
        fds = Path("/proc/self/fd")
        links = [os.readlink(fd) for fd in fds.iterdir() if fd.is_symlink()]
        return [link for link in links if link.startswith(str(spill))]

    with transaction(db):
        db.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
        db.conn.executemany("INSERT INTO filler (text) VALUES (?)", [("x" * 1000,)] * 500)
        with transaction(db):  # a savepoint rewriting pages the transaction already holds:
            db.execute("UPDATE filler SET text = 'y' || text")  # ~500 KB to its journal
            seen = open_in_spill()
    assert seen == []


def test_reopening_applies_nothing_twice(tmp_path):
    open_db(tmp_path / "x.db").close()
    db = open_db(tmp_path / "x.db")
    names = [m.name for m in migrations.applied(db)]
    assert len(names) == len(set(names)) >= 5


def test_database_file_is_private(tmp_path):
    open_db(tmp_path / "x.db")
    assert (tmp_path / "x.db").stat().st_mode & 0o777 == 0o600


def test_foreign_keys_are_enforced(tmp_path):
    db = open_db(tmp_path / "x.db")
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO agency_addresses (agency_id, address, source) VALUES (99, 'a', 'user')"
        )


def test_transaction_rolls_back_everything_on_error(tmp_path):
    db = open_db(tmp_path / "x.db")
    with pytest.raises(RuntimeError), transaction(db):
        db.execute("INSERT INTO mail_state VALUES ('a', 'INBOX', 1, 5)")
        with transaction(db):
            db.execute("INSERT INTO mail_state VALUES ('a', 'Junk', 1, 5)")
        raise RuntimeError("crash")
    assert row(db, "SELECT count(*) AS n FROM mail_state")["n"] == 0


def test_mailbox_keys_lose_their_port_without_losing_checkpoints(tmp_path):
    """Migration 16: "user@host:993" -> "user@host"; two ports of one mailbox merge, keeping the
    furthest checkpoint of the same UIDVALIDITY and one copy row per UID."""
    path = tmp_path / "old.db"
    db = open_db(path)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm016_mailbox_key_without_port'")
    with transaction(db):
        db.execute(
            "INSERT INTO messages (id, raw_sha256, size, received_at) VALUES (1, 'a', 1, 'x'), "
            "(2, 'b', 1, 'x')"
        )
        db.execute(
            "INSERT INTO message_copies (message_row, account, folder, uidvalidity, uid) VALUES "
            "(1, 'jane@127.0.0.1:993', 'INBOX', 7, 1), (1, 'jane@127.0.0.1:143', 'INBOX', 7, 1), "
            "(2, 'jane@127.0.0.1:143', 'INBOX', 7, 2)"
        )
        db.execute(
            "INSERT INTO mail_state (account, folder, uidvalidity, last_uid) VALUES "
            "('jane@127.0.0.1:993', 'INBOX', 7, 1), ('jane@127.0.0.1:143', 'INBOX', 7, 2)"
        )
    db.close()
    db = open_db(path)
    copies = db.execute("SELECT account, uid FROM message_copies ORDER BY uid").fetchall()
    assert copies == [("jane@127.0.0.1", 1), ("jane@127.0.0.1", 2)]
    assert db.execute("SELECT account, last_uid FROM mail_state").fetchall() == [
        ("jane@127.0.0.1", 2)
    ]


def test_agency_rows_insert_as_given_and_refuse_uneven_columns(tmp_path):
    db = open_db(tmp_path / "a.db")
    base = {"id": 1, "name": "D", "name_key": "d", "state": "CT", "external_id": None}
    stamps = {"created_at": "t", "updated_at": "t"}
    with pytest.raises(ValueError, match="same columns"), transaction(db):
        stored.insert_agencies(db, [base | stamps, base | stamps | {"id": 2, "email": "a@b.c"}])
    assert row(db, "SELECT count(*) AS n FROM agencies")["n"] == 0
    with transaction(db):
        stored.insert_agencies(db, [base | stamps, base | stamps | {"id": 2, "name_key": "e"}])
        stored.add_addresses(db, [(1, "x@y.z"), (1, "x@y.z"), (2, "w@y.z")], "import")
    found = db.execute("SELECT id, name_key, external_id, email FROM agencies").fetchall()
    assert found == [(1, "d", None, ""), (2, "e", None, "")]
    pairs = db.execute("SELECT agency_id, address, source FROM agency_addresses").fetchall()
    assert sorted(pairs) == [(1, "x@y.z", "import"), (2, "w@y.z", "import")]

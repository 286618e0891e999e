"""foia backup and foia verify: a verified private copy; every stored file checked against its
hash, with what to do about each problem; synced folders warned about."""

from __future__ import annotations

import json
from pathlib import Path

from foia_tracker.config import load_config
from foia_tracker.db import open_db, transaction
from foia_tracker.store import Store, synced_folder
from tests.conftest import file_mode


def _seed(workspace: Path) -> tuple[Store, str, str]:
    config = load_config(workspace)
    store = Store(config.store.path)
    store.create()
    db = open_db(config.store.database)
    raw = store.put_raw(b"From: clerk@district.example\r\nSubject: Records\r\n\r\nAttached.\r\n")
    doc = store.put_file(b"%PDF-1.4 agreement bytes")
    with transaction(db):
        db.execute(
            "INSERT INTO messages (id, message_id, raw_sha256, size, received_at) "
            "VALUES (1, '<a@x>', ?, 10, '2026-11-02')",
            (raw,),
        )
        db.execute(
            "INSERT INTO message_copies (message_row, account, folder, uidvalidity, uid) "
            "VALUES (1, 'jane@127.0.0.1:993', 'INBOX', 7, 42)"
        )
        db.execute(
            "INSERT INTO documents (sha256, size, content_type) VALUES (?, 24, 'application/pdf')",
            (doc,),
        )
    db.close()
    return store, raw, doc


def test_verify_clean_workspace(foia, workspace):
    _seed(workspace)
    result = foia("verify", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["messages"], report["documents"], report["files_checked"]) == (1, 1, 2)
    assert report["problems"] == []


def test_verify_reports_missing_raw_with_where_to_refetch_and_changed_document(foia, workspace):
    store, raw, doc = _seed(workspace)
    store.raw_path(raw).unlink()
    store.file_path(doc).write_bytes(b"tampered")
    result = foia("verify", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output.split("\n}\n")[0] + "\n}")
    problems = {p["problem"]: p["todo"] for p in report["problems"]}
    assert problems["message 1: raw mail missing from the store"].startswith(
        "re-fetch it: it is UID 42 in INBOX (UIDVALIDITY 7)"
    )
    assert (
        f"document {doc[:12]}: changed on disk (its bytes no longer match their hash)" in problems
    )


def test_backup_is_private_complete_and_verified(foia, workspace, tmp_path):
    store, raw, doc = _seed(workspace)
    target = tmp_path / "backup"
    result = foia("backup", str(target))
    assert result.exit_code == 0, result.output
    assert "2 stored file(s)" in result.output
    assert file_mode(target) == 0o700
    assert file_mode(target / "foia.db") == 0o600
    assert (target / "store" / "raw" / raw[:2] / f"{raw}.eml").read_bytes() == store.read_raw(raw)
    assert file_mode(target / "store" / "files" / doc[:2] / doc) == 0o600
    copied = open_db(target / "foia.db")
    assert copied.execute("SELECT raw_sha256 FROM messages").fetchone()[0] == raw


def test_backup_refuses_a_folder_with_contents(foia, workspace, tmp_path):
    _seed(workspace)
    target = tmp_path / "mine"
    target.mkdir(mode=0o755)
    (target / "notes.txt").write_text("my notes")
    result = foia("backup", str(target))
    assert result.exit_code == 2
    assert "not an empty folder" in result.output
    assert (target / "notes.txt").read_text() == "my notes"
    assert file_mode(target) == 0o755


def test_synced_folders_recognised(tmp_path):
    assert synced_folder(tmp_path / "Dropbox" / "mou") == "Dropbox"
    assert synced_folder(tmp_path / "OneDrive - District" / "mou") == "OneDrive"
    assert synced_folder(tmp_path / "Library" / "Mobile Documents" / "x") == "Mobile Documents"
    assert synced_folder(tmp_path / "work" / "mou") is None


def _dismissed(db, store, message_id: int, when: str, *, attachment: bytes | None = None) -> str:
    raw = store.put_raw(f"Subject: sale {message_id}\r\n\r\nbuy now\r\n".encode())
    with transaction(db):
        db.execute(
            "INSERT INTO messages (id, message_id, raw_sha256, size, from_addr, subject, "
            "received_at, dismissed_at, dismissed_by) VALUES (?, ?, ?, 10, 'shop@mail.example', "
            "?, ?, ?, 'user')",
            (message_id, f"<d{message_id}@x>", raw, f"sale {message_id}", when, when),
        )
        if attachment is not None:
            sha = store.put_file(attachment)
            db.execute("INSERT OR IGNORE INTO documents (sha256, size, content_type) "
                       "VALUES (?, ?, 'image/png')", (sha, len(attachment)))  # fmt: skip
            db.execute(
                "INSERT INTO attachments (message_row, filename, safe_name, content_type, sha256, "
                "size, source) VALUES (?, 'coupon.png', 'coupon.png', 'image/png', ?, ?, "
                "'attachment')",
                (message_id, sha, len(attachment)),
            )
    return raw


def test_purge_lists_first_then_deletes_only_old_dismissed_mail(foia, workspace):
    store, kept_raw, kept_doc = _seed(workspace)  # message 1: not dismissed, kept
    config = load_config(workspace)
    db = open_db(config.store.database)
    old = _dismissed(db, store, 2, "2026-01-01T10:00:00+00:00", attachment=b"\x89PNG coupon")
    recent = _dismissed(db, store, 3, "2099-01-01T10:00:00+00:00")
    listed = foia("purge", "--dismissed", "--older-than", "30")
    assert listed.exit_code == 0
    assert "2: shop@mail.example - sale 2" in listed.output and "sale 3" not in listed.output
    assert "1 message(s) would be deleted" in listed.output
    assert store.raw_path(old).exists()  # nothing deleted without --yes
    done = foia("purge", "--dismissed", "--older-than", "30", "--yes")
    assert "Deleted 1 message(s) and 2 stored file(s)." in done.output
    db = open_db(config.store.database)
    assert [r[0] for r in db.execute("SELECT id FROM messages ORDER BY id")] == [1, 3]
    assert not store.raw_path(old).exists()
    assert store.raw_path(recent).exists() and store.raw_path(kept_raw).exists()
    assert db.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert json.loads(foia("verify", "--format", "json").output)["problems"] == []


def test_purge_needs_the_dismissed_flag(foia):
    assert foia("purge").exit_code == 2


def test_every_command_warns_when_the_workspace_sits_in_a_synced_folder(tmp_path):
    from foia_tracker.workspace import init_workspace
    from tests.conftest import MINIMAL_CONFIG, Foia

    config = init_workspace(tmp_path / "Dropbox" / "mou", MINIMAL_CONFIG)
    result = Foia(config)("status")
    assert "inside a Dropbox folder; sync clients can corrupt a live database" in result.output

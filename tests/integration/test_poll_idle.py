"""The idle look before a poll (intake/idle.py), against a real Dovecot: it says "idle" only
when the full poll would do nothing, and `foia poll` then answers as the full poll would."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.errors import MailboxError
from foia_tracker.intake.idle import LATEST_MIGRATION, idle
from tests.integration.test_poll import make_app, message, poll


@pytest.fixture
def polled(dovecot, tmp_path, monkeypatch):
    """A workspace whose INBOX holds one reply, polled once."""
    app = make_app(dovecot, tmp_path, monkeypatch)
    dovecot.append("INBOX", message("RE: [CT-0044] once"))
    assert poll(app).stored == 1
    return app


def test_the_last_migration_is_the_one_the_look_asks_for(tmp_path):
    from foia_tracker.db import open_db
    from foia_tracker.db.migrations import migrations

    applied = migrations.applied(open_db(tmp_path / "fresh.db"))
    assert applied[-1].name == LATEST_MIGRATION  # a new migration must be named in idle.py


def test_idle_after_a_poll_and_not_once_mail_arrives(dovecot, polled):
    assert idle(polled.config)
    dovecot.append("INBOX", message("RE: [CT-0044] twice"))
    assert not idle(polled.config)
    assert poll(polled).stored == 1
    assert idle(polled.config)


def test_new_mail_in_the_junk_folder_is_not_idle(dovecot, polled):
    dovecot.append("Junk", message("RE: [CT-0043] caught as spam"))
    assert not idle(polled.config)
    assert poll(polled).stored == 1
    assert idle(polled.config)


def test_a_message_in_sent_after_the_first_letter_is_not_idle(dovecot, polled):
    assert idle(polled.config)  # Sent was read up to its end by the first poll
    dovecot.append("Sent", message("Re: [CT-0044] my answer", sender="Jane <jane@example.test>"))
    assert not idle(polled.config)
    poll(polled)
    assert idle(polled.config)


def test_leftovers_of_a_killed_run_are_not_idle(polled):
    db = polled.db
    db.execute("UPDATE outbox SET booked = 0 WHERE id = (SELECT min(id) FROM outbox)")
    assert not idle(polled.config)  # a sent letter's bookkeeping is owed
    db.execute("UPDATE outbox SET booked = 1")
    assert idle(polled.config)
    db.execute(
        "INSERT INTO documents (sha256, size, content_type, text_status) "
        "VALUES ('ab', 1, 'application/pdf', 'pending')"
    )
    assert not idle(polled.config)  # a document waits for its text


def test_a_changed_uidvalidity_is_not_idle(polled):
    polled.db.execute("UPDATE mail_state SET uidvalidity = uidvalidity + 1")
    assert not idle(polled.config)


def test_a_database_short_of_a_migration_or_private_mode_is_not_idle(polled, tmp_path):
    path = polled.config.store.database
    polled.db.execute("DELETE FROM _sqlite_migrations WHERE name = ?", (LATEST_MIGRATION,))
    assert not idle(polled.config)  # the full poll migrates it
    polled.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('foia_tracker', ?, '2026-11-10')",
        (LATEST_MIGRATION,),
    )
    assert idle(polled.config)
    os.chmod(path, 0o644)
    assert not idle(polled.config)  # the full poll makes it private again
    os.chmod(path, 0o600)
    assert idle(polled.config)


def test_no_database_or_an_unreadable_one_is_not_idle(polled, tmp_path):
    path = polled.config.store.database
    saved = tmp_path / "saved.db"
    polled.db.conn.close()
    shutil.copy(path, saved)
    path.write_bytes(b"")  # empty
    assert not idle(polled.config)
    path.write_bytes(b"not a database at all, but 0600")
    os.chmod(path, 0o600)
    assert not idle(polled.config)
    path.unlink()
    assert not idle(polled.config)


def test_a_refused_login_is_the_full_polls_error(polled, monkeypatch):
    from tests.integration.test_poll import PASSWORD_ENV

    monkeypatch.setenv(PASSWORD_ENV, "wrong")
    with pytest.raises(MailboxError, match="refused the login"):
        idle(polled.config)


def test_an_idle_foia_poll_reports_zeros_and_reads_sqlite_read_only(dovecot, polled):
    runner = CliRunner()
    args = ["--config", str(polled.config_path), "poll", "--format", "json"]
    before = (
        sqlite3.connect(polled.config.store.database)
        .execute("SELECT count(*), total_changes() FROM messages")
        .fetchone()
    )
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "fetched": 0, "stored": 0, "matched": 0, "unmatched": 0,
        "bounces": 0, "auto_replies": 0, "errors": 0,
    }  # fmt: skip
    assert (
        sqlite3.connect(polled.config.store.database)
        .execute("SELECT count(*) FROM messages")
        .fetchone()[0]
        == before[0]
    )
    dovecot.append("INBOX", message("RE: [CT-0044] after the idle one"))
    result = runner.invoke(cli, args)
    assert json.loads(result.output)["stored"] == 1  # the full poll ran


def test_a_mistyped_since_fails_an_idle_poll_too(polled):
    import dataclasses

    from foia_tracker.errors import ConfigError

    config = dataclasses.replace(
        polled.config, imap=dataclasses.replace(polled.config.imap, since="31/01/2026")
    )
    with pytest.raises(ConfigError, match="imap.since must be a date"):
        idle(config)


def test_a_loose_wal_file_is_not_idle(polled):
    wal = type(polled.config.store.database)(str(polled.config.store.database) + "-wal")
    polled.db.execute("SELECT 1")  # the App's connection keeps the WAL file
    if not wal.exists():
        wal.write_bytes(b"")
    os.chmod(wal, 0o644)
    assert not idle(polled.config)  # the full poll tightens it
    os.chmod(wal, 0o600)
    assert idle(polled.config)

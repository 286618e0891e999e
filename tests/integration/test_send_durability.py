"""The send loop's commit protocol: each letter's claim, and the previous letter's proof of
sending, are on disk before the letter's data goes (synced while MAIL, RCPT and DATA go)."""

from __future__ import annotations

import sqlite3
import time

import pytest

from foia_tracker import outbox_run
from tests.integration.test_send import IMAP_PASSWORD_ENV, env_for, make_campaign


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def test_each_claim_is_on_disk_before_its_data_goes(tmp_path, imap_env, smtp_plain, monkeypatch):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 4)
    seen = []
    real = outbox_run.make_durable

    def slow_sync(root, paths):
        time.sleep(0.05)  # slower than MAIL, RCPT and DATA: the data must wait for it
        real(root, paths)
        other = sqlite3.connect(env.config.store.database)  # what a crash would leave
        states = [s for (s,) in other.execute("SELECT state FROM outbox ORDER BY id")]
        sha = other.execute("SELECT raw_sha256 FROM outbox WHERE state = 'sending'").fetchone()
        other.close()
        seen.append((len(smtp_plain.received), states, paths[0].name, sha))

    monkeypatch.setattr(outbox_run, "make_durable", slow_sync)
    report = env.send()
    assert report.sent == 4
    for k, (received, states, raw_name, sha) in enumerate(seen):
        assert received == k  # letter k's data had not gone when its claim was synced
        assert states == ["sent"] * k + ["sending"] + ["pending"] * (3 - k)
        assert raw_name == f"{sha[0]}.eml"  # the letter's stored bytes are in the same sync
    assert len(seen) == len(made)
    assert [o["state"] for o in env.outbox()] == ["sent"] * 4  # the last 250 recorded too


def test_a_full_disk_when_a_letters_bytes_are_stored_sends_nothing_of_it(
    tmp_path, imap_env, smtp_plain, monkeypatch
):
    """The worker thread writes each letter's bytes ahead (Store.stage_raw, while the letter
    before it goes) and moves them in with its claim's sync: a full disk there stops the run
    before that letter's data goes, and the letter is pending again."""
    from foia_tracker.errors import StoreError
    from foia_tracker.store import Store

    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    make_campaign(env.db, 3)
    real, calls = Store.stage_raw, []

    def full_on_second(self, data):
        calls.append(len(data))
        if len(calls) == 2:
            raise StoreError("The disk holding the store is full; free some space and run again.")
        return real(self, data)

    monkeypatch.setattr(Store, "stage_raw", full_on_second)
    with pytest.raises(StoreError):
        env.send()
    assert len(smtp_plain.received) == 1  # the first letter only
    assert [o["state"] for o in env.outbox()] == ["sent", "pending", "pending"]


def test_a_letter_built_ahead_and_not_sent_leaves_no_file(tmp_path, imap_env, smtp_plain):
    """The next letter's bytes are written into tmp/ while the current one goes (outbox_ahead);
    a run that stops at a limit, or skips that letter, takes its file away again: raw/ holds
    the letters sent and tmp/ nothing."""
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never", smtp_extra="per_hour = 2")
    make_campaign(env.db, 4)
    store = env.config.store.path
    first = env.send()
    assert (first.sent, first.deferred) == (2, 2)
    assert list((store / "tmp").iterdir()) == []
    stored = sorted(p.name for p in (store / "raw").glob("*/*.eml"))
    sent = sorted(f"{o['raw_sha256']}.eml" for o in env.outbox() if o["state"] == "sent")
    assert stored == sent and len(sent) == 2


def test_a_staged_letter_whose_request_closed_meanwhile_is_skipped_without_a_file(
    tmp_path, imap_env, smtp_plain, monkeypatch
):
    env = env_for(tmp_path, imap_env, smtp_plain, sent_copy="never")
    made = make_campaign(env.db, 3)
    real = outbox_run.record_proof

    def close_the_second(db, letter, proof, *args, **kwargs):  # as the first letter's 250 is booked
        real(db, letter, proof, *args, **kwargs)
        db.execute("UPDATE requests SET status = 'withdrawn' WHERE ref = ?", (made[1]["ref"],))

    monkeypatch.setattr(outbox_run, "record_proof", close_the_second)
    report = env.send()
    assert (report.sent, report.skipped) == (2, 1)
    store = env.config.store.path
    assert list((store / "tmp").iterdir()) == []
    assert len(list((store / "raw").glob("*/*.eml"))) == 2

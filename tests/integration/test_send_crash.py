"""Kill `foia campaign send` at each named crash point, and at random moments, then run it again:
every agency ends with its letter, none doubled except at most the one in flight (none when the
provider files Sent copies)."""

from __future__ import annotations

import email
import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from foia_tracker.crash import CRASH_EXIT_CODE
from foia_tracker.db import open_db, rows
from tests.integration import test_send as helpers

POINTS = ("send.after_pending_commit", "send.after_data", "send.after_250")
LETTERS = 4
# `campaign send` is attached to the `campaign` group by the lead; attach it here if it is not
# yet, so the test runs the real `foia` entry point (its error handling and exit codes).
RUNNER = """
import sys, click
from foia_tracker.cli import cli, main
from foia_tracker.cli.send import send
group = cli.commands.get("campaign")
if group is None:
    group = click.Group("campaign")
    cli.add_command(group)
if "send" not in group.commands:
    group.add_command(send)
sys.argv = ["foia", *sys.argv[1:]]
main()
"""


@pytest.fixture
def imap_env(monkeypatch, dovecot):
    monkeypatch.setenv(helpers.IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def foia_send(config: Path, env: dict[str, str], crash: str | None = None, **popen):
    environment = {**os.environ, **env}
    environment.pop("FOIA_CRASH_AT", None)
    if crash:
        environment["FOIA_CRASH_AT"] = crash
    argv = [sys.executable, "-c", RUNNER, "--config", str(config), "campaign", "send", "mou-2026"]
    return subprocess.Popen(
        argv,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=Path(__file__).parents[2],
        **popen,
    )


def run(config: Path, env: dict[str, str], crash: str | None = None) -> tuple[int, str]:
    process = foia_send(config, env, crash)
    out, _ = process.communicate(timeout=60)
    return process.returncode, out.decode()


def wait_for_count(smtp, count: int, timeout: float = 3.0) -> None:
    """The server finishes a DATA whose client died a moment after sending it."""
    deadline = time.monotonic() + timeout
    while len(smtp.received) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def prepare(tmp_path, account, smtp, count: int = LETTERS):
    # A provider that files its own Sent copies must not get a second one from us.
    sent_copy = "auto" if smtp.mode == "provider-like" else "append"
    config = helpers.workspace_for(tmp_path, account, smtp, sent_copy=sent_copy)
    db = open_db(helpers.Env(config).config.store.database)
    made = helpers.make_campaign(db, count)
    db.close()
    env = {helpers.IMAP_PASSWORD_ENV: account.password}
    return config, made, env


def final_states(config: Path) -> list[str]:
    env = helpers.Env(config)
    return [o["state"] for o in rows(env.db, "SELECT state FROM outbox ORDER BY id")]


def assert_each_agency_once_but(smtp, made, allowed_extra: int) -> list[str]:
    """Every agency got its letter; extra copies number at most one per interrupted run."""
    counts = helpers.deliveries(smtp)
    assert set(counts) == {m["to"] for m in made}
    assert sum(n - 1 for n in counts.values()) <= allowed_extra
    return [address for address, n in counts.items() if n > 1]


@pytest.mark.parametrize("point", POINTS)
def test_crash_point_provider_like_never_doubles(tmp_path, imap_env, smtp_provider, point):
    config, made, env = prepare(tmp_path, imap_env, smtp_provider)
    code, out = run(config, env, crash=f"{point}:2")
    assert code == CRASH_EXIT_CODE, out
    wait_for_count(smtp_provider, 1 if point == "send.after_pending_commit" else 2)
    code, out = run(config, env)
    assert code == 0, out
    assert assert_each_agency_once_but(smtp_provider, made, allowed_extra=0) == []
    assert final_states(config) == ["sent"] * LETTERS
    if point != "send.after_pending_commit":
        assert (
            f"Found in the Sent folder after an interrupted run (not resent): {made[1]['ref']}"
            in out
        )
        # The clock starts when the letter went out (its Date), not when the crash was noticed.
        env = helpers.Env(config)
        sent_at = rows(env.db, "SELECT sent_at FROM requests WHERE id = ?", (made[1]["id"],))
        raw = next(r.raw for r in smtp_provider.received if r.rcpt_tos == (made[1]["to"],))
        date = parsedate_to_datetime(email.message_from_bytes(raw)["Date"])
        assert datetime.fromisoformat(sent_at[0]["sent_at"]) == date


@pytest.mark.parametrize("point", POINTS)
def test_crash_point_plain_doubles_at_most_the_one_in_flight(tmp_path, imap_env, smtp_plain, point):
    config, made, env = prepare(tmp_path, imap_env, smtp_plain)
    code, out = run(config, env, crash=f"{point}:2")
    assert code == CRASH_EXIT_CODE, out
    wait_for_count(smtp_plain, 1 if point == "send.after_pending_commit" else 2)
    code, out = run(config, env)
    assert code == 0, out
    doubled = assert_each_agency_once_but(smtp_plain, made, allowed_extra=1)
    in_flight = made[1]
    expected = [] if point == "send.after_pending_commit" else [in_flight["to"]]
    assert doubled == expected
    # The run cannot know whether the cut-off letter arrived, so it always says so.
    assert f"1 letter may have gone twice: {in_flight['ref']}" in out
    assert final_states(config) == ["sent"] * LETTERS


def _sent_events(config: Path) -> dict[int, int]:
    db = helpers.Env(config).db
    found = rows(db, "SELECT request_id, COUNT(*) AS n FROM events WHERE type = 'sent' "
                     "GROUP BY request_id")  # fmt: skip
    return {r["request_id"]: r["n"] for r in found}


# One durable commit a letter: letter 1's 250 is recorded with letter 2's claim. Killed just
# before that commit (letter 2's bytes already stored), letter 1 got its 250 but is still
# `sending`: the next run must treat it as the letter in flight, never as unsent or sent twice.
FOLDED = "send.before_claim:2"


def test_killed_after_the_250_before_the_next_claim_plain(tmp_path, imap_env, smtp_plain):
    config, made, env = prepare(tmp_path, imap_env, smtp_plain)
    code, out = run(config, env, crash=FOLDED)
    assert code == CRASH_EXIT_CODE, out
    assert [r.rcpt_tos for r in smtp_plain.received] == [(made[0]["to"],)]
    assert final_states(config) == ["sending"] + ["pending"] * (LETTERS - 1)
    code, out = run(config, env)
    assert code == 0, out
    assert f"1 letter may have gone twice: {made[0]['ref']}" in out
    assert assert_each_agency_once_but(smtp_plain, made, allowed_extra=1) == [made[0]["to"]]
    assert final_states(config) == ["sent"] * LETTERS
    assert _sent_events(config) == {m["id"]: 1 for m in made}  # marked sent once each


def test_killed_after_the_250_before_the_next_claim_provider_like(
    tmp_path, imap_env, smtp_provider
):
    config, made, env = prepare(tmp_path, imap_env, smtp_provider)
    code, out = run(config, env, crash=FOLDED)
    assert code == CRASH_EXIT_CODE, out
    code, out = run(config, env)
    assert code == 0, out
    assert (
        f"Found in the Sent folder after an interrupted run (not resent): {made[0]['ref']}" in out
    )
    assert assert_each_agency_once_but(smtp_provider, made, allowed_extra=0) == []
    assert final_states(config) == ["sent"] * LETTERS
    assert _sent_events(config) == {m["id"]: 1 for m in made}


def _kill_mid_run(config: Path, env: dict[str, str], smtp, chance: random.Random) -> bool:
    """SIGKILL a run a random moment after its k-th next delivery; True if it was killed."""
    target = len(smtp.received) + chance.randint(1, 3)
    process = foia_send(config, env, start_new_session=True)
    deadline = time.monotonic() + 30
    while len(smtp.received) < target and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(chance.uniform(0, 0.03))  # land anywhere in the next letter's steps
    if process.poll() is not None:
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    return True


# A longer soak for local runs: FOIA_SEND_KILLS=150 python -m pytest -k random_kills ...
KILLS = int(os.environ.get("FOIA_SEND_KILLS", "3"))


@pytest.mark.parametrize("mode", ["provider-like", "plain"])
def test_random_kills_lose_nothing(tmp_path, imap_env, make_smtp, mode):
    if mode == "plain":
        smtp = make_smtp()
    else:
        smtp = make_smtp(mode, dovecot=imap_env.server, sent_user=imap_env.user)
    count = max(12, 3 * KILLS)
    config, made, env = prepare(tmp_path, imap_env, smtp, count=count)
    chance = random.Random(4)  # fixed seed: the same moments on every run
    kills = sum(_kill_mid_run(config, env, smtp, chance) for _ in range(KILLS))
    assert kills >= min(2, KILLS)  # the runs really were cut off mid-campaign
    code, out = run(config, env)
    assert code == 0, out
    allowed = 0 if mode == "provider-like" else kills
    doubled = assert_each_agency_once_but(smtp, made, allowed_extra=allowed)
    assert final_states(config) == ["sent"] * count
    # Every letter's copy is in Sent (filed by the provider, or by us even after a kill).
    filed = [email.message_from_bytes(raw)["Message-ID"] for raw in imap_env.messages("Sent")]
    assert set(filed) == {m["message_id"] for m in made}
    print(f"{mode}: {kills} kills, {len(doubled)} letters doubled, {len(filed)} Sent copies")


def test_second_sender_waits_for_the_lock(tmp_path, imap_env, smtp_plain):
    config, made, env = prepare(tmp_path, imap_env, smtp_plain)
    store = helpers.Env(config).store
    with store.lock():
        code, out = run(config, {**env, "FOIA_LOCK_WAIT": "0.2"})  # not a real 5 s wait
    assert code == 1
    assert "Another foia command" in out
    assert smtp_plain.received == []


@pytest.mark.parametrize("point", POINTS)
def test_reply_send_killed_at_each_point_goes_once_more_at_most(
    tmp_path, imap_env, smtp_plain, point
):
    """`foia reply --send` is crash safe as the campaign's letters are: killed at each point,
    the next run settles it; the timeline gets one requester_message, never two."""
    config, made, env = prepare(tmp_path, imap_env, smtp_plain, count=1)
    code, out = run(config, env)
    assert code == 0, out
    ref = made[0]["ref"]
    argv = [sys.executable, "-m", "foia_tracker", "--config", str(config), "reply", ref]
    reply = subprocess.run(
        [*argv, "--message", "Any news?", "--kind", "status", "--send"],
        env={**os.environ, **env, "FOIA_CRASH_AT": f"{point}:1"},
        capture_output=True,
        timeout=60,
    )
    assert reply.returncode == CRASH_EXIT_CODE, reply.stderr
    wait_for_count(smtp_plain, 1 if point == "send.after_pending_commit" else 2)
    code, out = run(config, env)  # the next send settles the reply like any letter
    assert code == 0, out
    replies = [r for r in smtp_plain.received if b"Any news?" in r.raw]
    assert 1 <= len(replies) <= 2
    db = helpers.Env(config).db
    states = rows(db, "SELECT kind, state FROM outbox ORDER BY id")
    assert states == [{"kind": "request", "state": "sent"}, {"kind": "reply", "state": "sent"}]
    events = rows(db, "SELECT type FROM events WHERE type = 'requester_message'")
    assert len(events) == 1


# The proof of a letter (its `sent` row) commits with the next claim; its request's bookkeeping
# (status, clock, events) is done a batch of letters later. Killed at the 4th claim, letters 1
# and 2 are sent but their requests not yet told, letter 3 in flight.
UNBOOKED = "send.before_claim:4"


def _bookkeeping(config: Path) -> dict[int, dict]:
    db = helpers.Env(config).db
    found = rows(
        db,
        "SELECT r.id, r.status, r.sent_at AS request_sent_at, r.letter, r.due, r.due_kind, "
        "r.due_basis, o.sent_at, o.booked, "
        "(SELECT COUNT(*) FROM events e WHERE e.request_id = r.id AND e.type = 'sent' "
        " AND e.at = o.sent_at) AS sent_events, "
        "(SELECT COUNT(*) FROM events e WHERE e.request_id = r.id AND e.type = 'status' "
        " AND e.at = o.sent_at) AS status_events "
        "FROM requests r JOIN outbox o ON o.request_id = r.id ORDER BY r.id",
    )
    return {r["id"]: r for r in found}


def _assert_booked(config: Path, made) -> None:
    """Every request told of its letter once, at the moment of its 250, as a clean run does."""
    from foia_tracker.mail.sent import read_sent_letter
    from foia_tracker.requests.due import recompute_due

    env = helpers.Env(config)
    booked = _bookkeeping(config)
    for m in made:
        r = booked[m["id"]]
        assert (r["status"], r["booked"]) == ("sent", 1), r
        assert r["request_sent_at"] == r["sent_at"]
        assert (r["sent_events"], r["status_events"]) == (1, 1), r
        raw = rows(env.db, "SELECT raw_sha256 FROM outbox WHERE request_id = ?", (m["id"],))
        assert r["letter"] == read_sent_letter(env.store, raw[0]["raw_sha256"])[0]
        assert r["due"] and r["due_basis"]
        recompute_due(env.db, m["id"], env.config.deadlines)  # derived again: nothing moves
        again = _bookkeeping(config)[m["id"]]
        assert (again["due"], again["due_kind"], again["due_basis"]) == (
            r["due"],
            r["due_kind"],
            r["due_basis"],
        )


def _killed_with_bookkeeping_owed(config, env, smtp, made) -> None:
    code, out = run(config, env, crash=UNBOOKED)
    assert code == CRASH_EXIT_CODE, out
    assert final_states(config) == ["sent", "sent", "sending", "pending"]
    owed = _bookkeeping(config)
    for m in made[:2]:  # durable proof, request not told yet
        assert (owed[m["id"]]["booked"], owed[m["id"]]["status"]) == (0, "queued")
        assert owed[m["id"]]["sent_events"] == 0


def test_killed_before_the_batched_bookkeeping_next_send_completes_it(
    tmp_path, imap_env, smtp_plain
):
    config, made, env = prepare(tmp_path, imap_env, smtp_plain)
    _killed_with_bookkeeping_owed(config, env, smtp_plain, made)
    code, out = run(config, env)
    assert code == 0, out
    assert f"1 letter may have gone twice: {made[2]['ref']}" in out  # only the one in flight
    assert assert_each_agency_once_but(smtp_plain, made, allowed_extra=1) == [made[2]["to"]]
    assert final_states(config) == ["sent"] * LETTERS
    _assert_booked(config, made)


def test_killed_before_the_batched_bookkeeping_poll_completes_it(tmp_path, imap_env, smtp_plain):
    config, made, env = prepare(tmp_path, imap_env, smtp_plain)
    _killed_with_bookkeeping_owed(config, env, smtp_plain, made)
    environment = {**os.environ, **env}
    environment.pop("FOIA_CRASH_AT", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, "--config", str(config), "poll"],
        env=environment,
        capture_output=True,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_booked(config, made[:2])  # the proofs' requests, told before any reply is filed
    assert final_states(config)[2] == "sending"  # the letter in flight is the next send's

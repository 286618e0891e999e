"""SIGKILL real `foia` commands at random moments of their work, then check nothing broke.

Each scenario draws its kill moments from a fixed seed (trials.SEED) within the duration of one
clean run measured first, so the kills land in real work on a fast or a slow machine alike; the
commands start from a zygote that has done the import phase (zygote.py). After the kills: one
clean run, then nothing lost, nothing doubled beyond one extra delivery per kill that caught a
letter mid-SMTP, `PRAGMA integrity_check` ok, no temp or staging file left, and the next command
runs without any repair. Figures are printed at the end (see docs/reliability.md); FOIA_SOAK=N
multiplies the trial counts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foia_tracker.db import open_db, rows
from foia_tracker.tokens import new_token
from tests.integration import test_send as send_helpers
from tests.integration.servers import MailAccount
from tests.integration.test_poll import PASSWORD_ENV, make_app, message
from tests.reliability import trials
from tests.reliability.zygote import Zygote
from tests.test_intake import add_request

pytestmark = pytest.mark.integration

POLL_KILLS = 22 * trials.SOAK
WATCH_KILLS = 20 * trials.SOAK


# --- poll and poll --watch -------------------------------------------------------------------


def _append_batch(account: MailAccount, first: int, size: int) -> list[bytes]:
    raws = []
    for n in range(first, first + size):
        if n % 6 == 0:
            raw = trials.mail_with_pdf(n, "CT-0044", "records@district2.example.org", "zebra")
        else:
            raw = message(f"RE: [CT-0043] part {n}", "y" * 30000, message_id=f"<kill-{n}@d.org>")
        account.append("INBOX" if n % 5 else "Junk", raw)
        raws.append(raw)
    return raws


def _poll_trials(zygote, app, account, argv, target, result) -> list[bytes]:
    chance = trials.rng(" ".join(argv))
    env = {PASSWORD_ENV: account.password}
    appended = _append_batch(account, 0, 6)
    clean = zygote.run(["--config", str(app.config_path), "poll"], env)
    assert clean.code == 0, clean.output
    print(f"{' '.join(argv)}: a clean poll of 6 messages took {clean.seconds:.2f} s")
    span = max(clean.seconds, 0.1) * (1.5 if "--watch" in argv else 1.0)
    attempts = 0
    while result.kills < target and attempts < 3 * target:
        attempts += 1
        appended += _append_batch(account, len(appended), 6)
        outcome = zygote.kill_after(["--config", str(app.config_path), *argv], env,
                                    chance.uniform(0.005, span))  # fmt: skip
        result.trials += 1
        result.kills += outcome.killed
        assert outcome.killed or outcome.code == 0, outcome.output
    return appended


@pytest.mark.parametrize("argv", [["poll"], ["poll", "--watch"]], ids=["poll", "watch"])
def test_polls_killed_at_random_lose_and_double_nothing(
    dovecot: MailAccount, tmp_path: Path, monkeypatch, zygote: Zygote, argv: list[str]
):
    app = make_app(dovecot, tmp_path, monkeypatch)
    result = trials.tally("poll --watch" if "--watch" in argv else "poll")
    target = WATCH_KILLS if "--watch" in argv else POLL_KILLS
    appended = _poll_trials(zygote, app, dovecot, argv, target, result)
    env = {PASSWORD_ENV: dovecot.password}
    final = zygote.run(["--config", str(app.config_path), "poll"], env)
    again = zygote.run(["--config", str(app.config_path), "poll", "--format", "json"], env)
    assert final.code == 0 and again.code == 0, final.output + again.output
    assert json.loads(again.output)["fetched"] == 0  # the next command needs no repair
    trials.fresh(app.db)
    stored = [app.store.read_raw(r["raw_sha256"]) for r in rows(app.db, "SELECT raw_sha256 FROM messages")]  # fmt: skip
    copies = rows(app.db, "SELECT count(*) AS n FROM message_copies")[0]["n"]
    result.items = len(appended)
    result.lost = len(set(appended) - set(stored))
    result.doubled = len(stored) - len(set(stored)) + max(0, copies - len(appended))
    assert (result.lost, result.doubled) == (0, 0)
    assert copies == len(appended)
    assert result.kills >= target
    pending = rows(app.db, "SELECT count(*) AS n FROM documents WHERE text_status = 'pending'")
    assert pending[0]["n"] == 0
    assert trials.integrity(app.config.store.database) == "ok"
    assert trials.store_tmp(app.store.root) == []


# --- campaign send and followup --send -------------------------------------------------------

SEND_KILLS = 22 * trials.SOAK
FOLLOWUP_KILLS = 20 * trials.SOAK


def _in_flight(database: Path) -> int:
    """Letters a kill caught between "about to send" and "sent" (the documented in-flight case)."""
    db = open_db(database)
    try:
        return rows(db, "SELECT count(*) AS n FROM outbox WHERE state = 'sending'")[0]["n"]
    finally:
        db.close()


def _kill_until(zygote, job, target: int, result, chance, refill) -> None:
    """Run `argv()` with a kill at a random moment of `span`, until `target` kills landed;
    `refill()` adds work when a run finished everything."""
    argv, env, database, span = job
    attempts = 0
    while result.kills < target and attempts < 3 * target:
        attempts += 1
        outcome = zygote.kill_after(argv(), env, chance.uniform(0.005, span))
        result.trials += 1
        assert outcome.killed or outcome.code == 0, outcome.output
        if outcome.killed:
            result.kills += 1
            caught = _in_flight(database)
            assert caught <= 1, "a kill can catch one letter in flight, never more"
            result.in_flight += caught
        else:
            refill()


def _settle(zygote, argv, env, database) -> None:
    final = zygote.run(argv, env)
    assert final.code == 0, final.output
    assert trials.integrity(database) == "ok"
    again = zygote.run(argv, env)  # the next command needs no repair and sends nothing
    assert again.code == 0, again.output
    assert _in_flight(database) == 0


@pytest.mark.parametrize("mode", ["plain", "provider-like"])
def test_campaign_send_killed_at_random_loses_nothing(
    tmp_path: Path, dovecot: MailAccount, make_smtp, zygote: Zygote, mode: str
):
    smtp = make_smtp(mode, dovecot=dovecot.server, sent_user=dovecot.user)
    sent_copy = "auto" if mode == "provider-like" else "append"
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp, sent_copy=sent_copy)
    database = send_helpers.Env(config).config.store.database
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    made: list[dict] = []
    names: list[str] = []

    def campaign(count: int) -> list[str]:
        db = open_db(database)
        names.append(f"mou-{len(names)}")
        made.extend(send_helpers.make_campaign(db, count, name=names[-1]))
        db.close()
        return ["--config", str(config), "campaign", "send", names[-1]]

    clean = zygote.run(campaign(4), env)
    assert clean.code == 0, clean.output
    argv = [campaign(30)]

    def refill() -> None:
        argv[0] = campaign(30)

    result = trials.tally(f"campaign send ({mode})")
    chance = trials.rng(f"send {mode}")
    span = max(clean.seconds, 0.1) * 1.5
    _kill_until(zygote, (lambda: argv[0], env, database, span), SEND_KILLS, result, chance, refill)
    for name in names:
        _settle(zygote, ["--config", str(config), "campaign", "send", name], env, database)
    counts = send_helpers.deliveries(smtp)
    result.items = len(made)
    result.lost = len({m["to"] for m in made} - set(counts))
    result.doubled = sum(n - 1 for n in counts.values())
    assert result.lost == 0
    assert result.doubled <= result.in_flight
    assert result.kills >= SEND_KILLS
    db = open_db(database)
    assert {r["state"] for r in rows(db, "SELECT state FROM outbox")} == {"sent"}
    assert trials.store_tmp(Path(send_helpers.Env(config).config.store.path)) == []


def test_followup_send_killed_at_random_loses_nothing(
    tmp_path: Path, dovecot: MailAccount, smtp_plain, zygote: Zygote
):
    """Overdue requests (sent 2026-11-02, CT's four business days long past): one follow-up
    each, whatever the kills; the next run has nothing due (every_days holds it back)."""
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp_plain, sent_copy="never")
    database = send_helpers.Env(config).config.store.database
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    agencies: list[str] = []

    def overdue(count: int) -> None:
        db = open_db(database)
        for _ in range(count):
            n = len(agencies) + 1
            agencies.append(f"records@late{n}.example")
            request = add_request(db, f"CT-{n:04d}", new_token(), agencies[-1])
            db.execute("UPDATE requests SET due = '2026-11-06' WHERE id = ?", (request,))
        db.conn.commit()
        db.close()

    argv = ["--config", str(config), "followup", "--send"]
    overdue(4)
    clean = zygote.run(argv, env)
    assert clean.code == 0, clean.output
    assert "Sent 4 followup(s)" in clean.output, clean.output
    overdue(20)
    result = trials.tally("followup --send")
    span = max(clean.seconds, 0.1) * 1.5
    _kill_until(zygote, (lambda: argv, env, database, span), FOLLOWUP_KILLS, result,
                trials.rng("followup"), lambda: overdue(20))  # fmt: skip
    _settle(zygote, argv, env, database)
    counts = send_helpers.deliveries(smtp_plain)
    result.items = len(agencies)
    result.lost = len(set(agencies) - set(counts))
    result.doubled = sum(n - 1 for n in counts.values())
    assert result.lost == 0
    assert result.doubled <= result.in_flight
    assert result.kills >= FOLLOWUP_KILLS
    db = open_db(database)
    queued = rows(db, "SELECT request_id, count(*) AS n FROM outbox WHERE kind != 'request' "
                      "GROUP BY request_id HAVING n > 1")  # fmt: skip
    assert queued == []  # a killed run never queues a second follow-up for the same request
    assert {r["state"] for r in rows(db, "SELECT state FROM outbox")} == {"sent"}


def test_followups_queued_by_a_killed_run_are_sent_by_the_next(
    tmp_path: Path, dovecot: MailAccount, smtp_plain, zygote: Zygote
):
    """Found by the trials above: a run killed after queueing its follow-ups left them pending;
    they count as "followed up", so the next run drafted none, said "No followup is due." and
    never sent them."""
    config = send_helpers.workspace_for(tmp_path, dovecot, smtp_plain, sent_copy="never")
    database = send_helpers.Env(config).config.store.database
    db = open_db(database)
    for n in range(1, 4):
        request = add_request(db, f"CT-{n:04d}", new_token(), f"records@late{n}.example")
        db.execute("UPDATE requests SET due = '2026-11-06' WHERE id = ?", (request,))
    db.conn.commit()
    db.close()
    env = {send_helpers.IMAP_PASSWORD_ENV: dovecot.password}
    argv = ["--config", str(config), "followup", "--send"]
    killed = zygote.run(argv, {**env, "FOIA_CRASH_AT": "send.after_pending_commit:1"})
    assert killed.code == 137, killed.output
    assert smtp_plain.received == []

    again = zygote.run(argv, env)

    assert again.code == 0, again.output
    assert "No followup is due." not in again.output
    assert set(send_helpers.deliveries(smtp_plain)) == {f"records@late{n}.example" for n in range(1, 4)}  # fmt: skip
    assert "No followup is due." in zygote.run(argv, env).output

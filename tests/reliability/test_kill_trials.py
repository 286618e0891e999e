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
from collections.abc import Iterator
from pathlib import Path

import pytest

from foia_tracker.db import rows
from tests.integration.servers import MailAccount
from tests.integration.test_poll import PASSWORD_ENV, make_app, message
from tests.reliability import trials
from tests.reliability.zygote import Zygote, import_seconds

pytestmark = pytest.mark.integration

POLL_KILLS = 22 * trials.SOAK
WATCH_KILLS = 20 * trials.SOAK


@pytest.fixture(scope="module")
def import_phase() -> float:
    seconds = import_seconds()
    print(f"import phase of a fresh `foia`: {seconds:.2f} s (the zygote skips it)")
    return seconds


@pytest.fixture
def zygote(tmp_path: Path, import_phase: float) -> Iterator[Zygote]:
    started = Zygote(tmp_path)
    yield started
    started.close()


def fresh(db) -> None:
    db.execute("SELECT 1")  # a new read of what the killed processes committed


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
    fresh(app.db)
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

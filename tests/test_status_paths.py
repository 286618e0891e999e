"""The two forms of the status view give the same rows: the grouped one (a campaign, a state,
everything) and the per-request one (`show`, follow-ups, appeals ask one ref at a time)."""

import json
import random
from datetime import date

import pytest

from foia_tracker.cli.output import render_rows
from foia_tracker.cli.status import TABLE_COLUMNS
from foia_tracker.db import open_db
from foia_tracker.db.status_view import status_view
from foia_tracker.requests.status import (
    STATUS_FIELDS,
    StatusFilter,
    iter_status_values,
    status_rows,
)

from .conftest import Foia

STATES = ("CT", "NY", "TX", "CA")
STATUSES = (
    "queued",
    "sent",
    "acknowledged",
    "processing",
    "fee_requested",
    "clarification_needed",
    "partially_fulfilled",
    "fulfilled",
    "denied",
    "no_records",
    "appealed",
    "bounced",
)
KINDS = ("acknowledgement", "records", "denial", "bounce", "auto_reply", "fee_estimate", "unknown")
VIA = ("email", "portal", "mail", "fax", "in-person")
REQUESTS = 60


def _day(rng: random.Random) -> str:
    return f"2026-{rng.randint(9, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00+00:00"


def _seed_world(db, rng: random.Random) -> None:
    for a in range(1, REQUESTS + 1):
        db.execute(
            "INSERT INTO agencies (id, name, name_key, state, email, portal_url, address, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'x', 'x')",
            (
                a,
                f"Agency {a}",
                f"a{a}",
                STATES[a % 4],
                f"r{a}@d.example",
                f"https://p{a}.example" if a % 2 else "",
                f"{a} Main St" if a % 3 else "",
            ),
        )
    for c in (1, 2):
        db.execute(
            "INSERT INTO campaigns (id, name, template, subject, created_at) "
            "VALUES (?, ?, 't', 's', 'x')",
            (c, f"camp{c}"),
        )
    for r in range(1, REQUESTS + 1):
        sent = None if r % 13 == 0 else _day(rng)
        due = rng.choice([None, "2026-11-15", "2026-12-20", "2026-10-01"])
        db.execute(
            "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
            "status_manual, needs_review, to_addr, subject, letter, created_at, sent_at, due, "
            "fee_amount, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 's', 'l', 'x', ?, ?, "
            "?, ?)",
            (
                r,
                f"{STATES[r % 4]}-{r:04d}",
                f"tok{r}",
                1 + r % 2,
                r,
                STATES[r % 4],
                rng.choice(STATUSES),
                r % 5 == 0,
                r % 7 == 0,
                "" if r % 11 == 0 else f"r{r}@d",
                sent,
                due,
                "25.00" if r % 3 == 0 else None,
                _day(rng) if r % 4 == 0 else None,
            ),
        )


def _seed_mail(db, rng: random.Random) -> None:
    for m in range(1, 181):
        at = _day(rng)
        db.execute(
            "INSERT INTO messages (id, message_id, raw_sha256, size, date, received_at, kind, "
            "automated, own_copy) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)",
            (
                m,
                f"<m{m}@x>",
                f"raw{m}",
                None if m % 9 == 0 else at,
                _day(rng),
                rng.choice(KINDS),
                m % 10 == 0,
                m % 17 == 0,
            ),
        )
        # most messages on one request, some on two, a few on none (skip 10%)
        for rid in rng.sample(range(1, REQUESTS + 1), rng.choice([0, 1, 1, 1, 2])):
            db.execute(
                "INSERT INTO message_requests (message_row, request_id, method, score) "
                "VALUES (?, ?, 'ref', 1.0)",
                (m, rid),
            )
        for _ in range(rng.choice([0, 0, 1, 2])):
            _attach(db, f"doc{rng.randint(1, 40)}", message_row=m)
    for _ in range(25):  # by hand, some the same file as a mailed one
        _attach(db, f"doc{rng.randint(1, 60)}", request_id=rng.randint(1, REQUESTS))


def _attach(db, sha: str, message_row=None, request_id=None) -> None:
    db.execute(
        "INSERT OR IGNORE INTO documents (sha256, size, content_type) VALUES (?, 1, 'x/y')",
        (sha,),
    )
    db.execute(
        "INSERT INTO attachments (message_row, request_id, filename, safe_name, content_type, "
        "sha256, size, source) VALUES (?, ?, 'f', 'f', 'x/y', ?, 1, ?)",
        (message_row, request_id, sha, "attachment" if message_row else "manual"),
    )


def _seed_events_and_links(db, rng: random.Random) -> None:
    for k in range(220):
        rid, kind = rng.randint(1, REQUESTS), rng.choice(("pause", "records_link", "sent", "note"))
        # a few share one instant: the latest "sent" is then the one filed last (id)
        at = "2026-11-02T09:00:00+00:00" if k % 6 == 0 else _day(rng)
        detail = {"via": rng.choice(VIA)} if kind == "sent" and k % 4 else {}
        db.execute(
            "INSERT INTO events (request_id, at, type, actor, detail) VALUES (?, ?, ?, 'auto', ?)",
            (rid, at, kind, json.dumps(detail)),
        )
    for rid, first, then in ((3, "email", "portal"), (8, "fax", "email"), (21, "mail", "fax")):
        for via in (first, then):  # filed at one instant: the one filed last counts
            db.execute(
                "INSERT INTO events (request_id, at, type, actor, detail) VALUES "
                "(?, '2027-01-05T09:00:00+00:00', 'sent', 'user', ?)",
                (rid, json.dumps({"via": via})),
            )
    for k in range(50):
        db.execute(
            "INSERT OR IGNORE INTO links (message_row, request_id, url, download_url, host, "
            "expires, status, found_at) VALUES (?, ?, ?, 'd', 'h', ?, ?, 'x')",
            (
                rng.randint(1, 180),
                rng.randint(1, REQUESTS),
                f"https://l{k % 30}.example",
                rng.choice([None, "2026-12-05", "2026-11-20", "2027-01-10"]),
                rng.choice(("pending", "pending", "fetched", "expired")),
            ),
        )


@pytest.fixture(params=[1, 2, 3])
def seeded(tmp_path, request):
    db = open_db(tmp_path / "paths.db")
    rng = random.Random(request.param)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    return db


def test_the_seed_covers_every_aggregate(seeded):
    rows = status_view(seeded, {})
    for column in ("last_reply_at", "paused_at", "link_expires", "sent_via"):
        assert any(r[column] for r in rows), column
        assert any(r[column] is None for r in rows), column
    for column in ("documents", "records_link", "pending_links"):
        assert any(r[column] > 1 for r in rows), column
        assert any(r[column] == 0 for r in rows), column
    assert {r["sent_via"] for r in rows} >= {"portal", "mail", "fax", "in-person", "email"}


@pytest.mark.parametrize(
    "filters",
    [{}, {"campaign": "camp1"}, {"state": "ny"}, {"status": "sent"}, {"needs_review": True}],
)
def test_grouped_and_per_request_views_agree_row_for_row(seeded, filters):
    grouped = status_view(seeded, filters, grouped=True)
    one_by_one = status_view(seeded, filters, grouped=False)
    assert grouped and grouped == one_by_one


def test_status_rows_of_everything_equal_each_ref_asked_alone(seeded):
    for today in (date(2026, 11, 1), date(2026, 12, 10)):
        everything = status_rows(seeded, today, StatusFilter())
        assert len(everything) == REQUESTS
        alone = [status_rows(seeded, today, StatusFilter(ref=r["ref"]))[0] for r in everything]
        assert everything == alone
        overdue = status_rows(seeded, today, StatusFilter(overdue=True))
        assert overdue == [r for r in alone if r["overdue"]]


CLI_FILTERS = [
    ((), StatusFilter()),
    (("camp1", "--overdue"), StatusFilter(campaign="camp1", overdue=True)),
    (("--state", "ny"), StatusFilter(state="ny")),
    (("--status", "sent"), StatusFilter(status="sent")),
    (("--needs-review",), StatusFilter(needs_review=True)),
    (("--status", "withdrawn"), StatusFilter(status="withdrawn")),  # none
]


def test_cli_status_writes_what_the_whole_list_writers_write(workspace):
    """`foia status` writes its rows while it reads them: the same bytes as rendering the whole
    list (render_rows, then click.echo's newline), in every format and with every filter."""
    db = open_db(workspace.parent / "foia.db")
    rng = random.Random(5)
    _seed_world(db, rng)
    _seed_mail(db, rng)
    _seed_events_and_links(db, rng)
    db.conn.commit()
    for args, filters in CLI_FILTERS:
        for fmt in ("json", "csv", "table"):
            rows = status_rows(db, date(2026, 12, 10), filters)
            result = Foia(workspace)("status", *args, "--as-of", "2026-12-10", "--format", fmt)
            assert result.exit_code == 0, result.output
            columns = STATUS_FIELDS
            if fmt == "table":
                columns = TABLE_COLUMNS
                for row in rows:
                    row["sent_at"] = (row["sent_at"] or "")[:10]
                    row["last_reply_at"] = (row["last_reply_at"] or "")[:10]
            expected = render_rows(rows, fmt, columns) if rows or fmt != "table" else "(none)"
            assert result.output == expected + "\n", (args, fmt)


@pytest.mark.parametrize(
    "filters",
    [
        StatusFilter(),
        StatusFilter(overdue=True),
        StatusFilter(state="ny"),
        StatusFilter(ref="CT-0004"),
    ],
)
def test_status_values_are_the_status_rows_fields(seeded, filters):
    """`foia status --format json/csv` reads the short form and computes each next action once
    for alike rows: the same values as the full rows, on every day a deadline or a link turns."""
    _clone_requests(seeded)  # alike in all the next action reads but the ref: computed once
    for today in (date(2026, 9, 1), date(2026, 11, 21), date(2026, 12, 10), date(2027, 6, 1)):
        rows = status_rows(seeded, today, filters)
        assert rows or filters.overdue
        expected = [tuple(row[c] for c in STATUS_FIELDS) for row in rows]
        assert list(iter_status_values(seeded, today, filters)) == expected


def _clone_requests(db) -> None:
    """Each request again in a third campaign, to the same agency, with its events and links."""
    db.execute(
        "INSERT INTO campaigns (id, name, template, subject, created_at) VALUES (3, 'camp3', 't', 's', 'x')"
    )
    db.execute(
        "INSERT INTO requests (id, ref, token, campaign_id, agency_id, jurisdiction, status, "
        "status_manual, needs_review, to_addr, subject, letter, created_at, sent_at, due, "
        "fee_amount, closed_at) SELECT id + 1000, 'Z' || ref, 'z' || token, 3, agency_id, "
        "jurisdiction, status, status_manual, needs_review, to_addr, subject, letter, created_at, "
        "sent_at, due, fee_amount, closed_at FROM requests WHERE campaign_id < 3"
    )
    db.execute(
        "INSERT INTO events (request_id, at, type, actor, detail) SELECT request_id + 1000, at, "
        "type, actor, detail FROM events WHERE request_id < 1000"
    )
    db.execute(
        "INSERT INTO links (message_row, request_id, url, download_url, host, expires, status, "
        "found_at) SELECT message_row, request_id + 1000, url, download_url, host, expires, "
        "status, found_at FROM links WHERE request_id < 1000"
    )

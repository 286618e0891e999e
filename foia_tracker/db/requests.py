"""SQL of the ``requests`` table and of the questions asked about one request: its status view,
its messages and documents, its thread, and the one definition of "an agency's reply"."""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

from foia_tracker.db.connection import row, rows

# Message kinds that are never the agency answering (RFC 3834 auto-replies, RFC 3464 bounces,
# our own copies, what the classifier could not read).
NOT_RESPONSES = frozenset(
    {"bounce", "delay", "auto_reply", "own_copy", "requester_copy", "unknown", "unclassified"}
)
# An agency's own reply, for a `messages m`: the one definition every query below uses. Other
# modules ask the named functions (last_agency_reply, campaign_replies...), never splice this.
REPLY_SQL = (
    "m.automated = 0 AND m.own_copy = 0 AND m.kind NOT IN ("
    + ", ".join(f"'{kind}'" for kind in sorted(NOT_RESPONSES))
    + ")"
)
# The documents of a request: attachments of the messages filed on it, and files attached by
# hand (`foia attach`, attachments.request_id, migration m011).
_REQUEST_ATTACHMENTS = """
SELECT at.* FROM attachments at JOIN message_requests mr ON at.message_row = mr.message_row
 WHERE mr.request_id = :rid
UNION
SELECT at.* FROM attachments at WHERE at.request_id = :rid
"""

# The status view: a status row's fields in their order (requests/status.py fills the ones it
# computes, NULL here: overdue, days_overdue, next_action, _filed_by_hand), then what only the
# next action reads. Rows come as tuples in this order, read straight from the cursor.
STATUS_ROW_COLUMNS = (
    "ref", "campaign", "agency", "agency_id", "agency_email", "to_addr", "state", "status",
    "sent_at", "due", "due_kind", "due_basis", "overdue", "days_overdue", "last_reply_at",
    "documents", "tracking_number", "fee_amount", "next_action",
    "_id", "needs_review", "first_reply_at", "closed_at", "_status_manual", "_filed_by_hand",
)  # fmt: skip
STATUS_EXTRA_COLUMNS = (
    "delivery", "portal_url", "agency_address", "paused_at", "records_link", "pending_links",
    "link_expires", "sent_via",
)  # fmt: skip
STATUS_VIEW_COLUMNS = STATUS_ROW_COLUMNS + STATUS_EXTRA_COLUMNS
# The short form (``status_value_records``, what ``foia status --format json/csv`` reads): the
# stored fields of a status row in their order, then one JSON array of what the next action
# reads, in ``STATUS_ACTION_INPUTS`` order: 17 values a row from the cursor instead of 33 (at
# 100,000 requests, taking each value from the cursor cost more than the query). The array is
# also the key under which requests/status.py computes the next action once for alike rows, so
# it holds whether there is an address, not the address, and the ref only while links are
# pending (the one action that names the ref); the row's own ref and address are beside it.
STATUS_STORED_COLUMNS = tuple(
    c for c in STATUS_ROW_COLUMNS[:19] if c not in ("overdue", "days_overdue", "next_action")
)
STATUS_ACTION_INPUTS = (
    "state", "status", "due", "needs_review", "fee_amount", "closed_at", *STATUS_EXTRA_COLUMNS,
    "_has_address", "_ref_if_pending",
)  # fmt: skip
_HEAD_SQL = """r.ref, c.name AS campaign, a.name AS agency, a.id AS agency_id,
       a.email AS agency_email, r.to_addr, r.jurisdiction AS state, r.status, r.sent_at, r.due,
       r.due_kind, r.due_basis"""
_TAIL_SQL = """{last_reply_at} AS last_reply_at, {documents} AS documents, r.tracking_number,
       r.fee_amount"""
_STATUS_COLUMNS = f"""
SELECT {_HEAD_SQL}, NULL AS overdue, NULL AS days_overdue, {_TAIL_SQL}, NULL AS next_action,
       r.id AS _id, r.needs_review, {{first_reply_at}} AS first_reply_at, r.closed_at,
       r.status_manual AS _status_manual, NULL AS _filed_by_hand,
       a.delivery, a.portal_url, a.address AS agency_address, {{paused_at}} AS paused_at,
       {{records_link}} AS records_link, {{pending_links}} AS pending_links,
       {{link_expires}} AS link_expires, {{sent_via}} AS sent_via"""
_STATUS_VALUE_COLUMNS = f"""
SELECT {_HEAD_SQL}, {_TAIL_SQL},
       json_array(r.jurisdiction, r.status, r.due, r.needs_review, r.fee_amount, r.closed_at,
                  a.delivery, a.portal_url, a.address, {{paused_at}}, {{records_link}},
                  {{pending_links}}, {{link_expires}}, {{sent_via}}, r.to_addr <> '',
                  CASE WHEN {{pending_links}} THEN r.ref END) AS action_inputs"""
_STATUS_FROM = " FROM requests r JOIN campaigns c ON c.id = r.campaign_id JOIN agencies a ON a.id = r.agency_id"
# The events a status row reads, asked per request in both forms below: the index
# events(type, request_id, at) (migration m017) hands each over directly. How the request went
# out comes from its latest "sent" event (latest instant, then the one filed last).
_SENT_VIA = """(SELECT json_extract(e.detail, '$.via') FROM events e WHERE e.type = 'sent'
           AND e.request_id = r.id ORDER BY e.at DESC, e.id DESC LIMIT 1)"""
_PAUSED_AT = "(SELECT max(e.at) FROM events e WHERE e.type = 'pause' AND e.request_id = r.id)"
_RECORDS_LINK = """(SELECT count(*) FROM events e WHERE e.type = 'records_link'
          AND e.request_id = r.id)"""
# One request (a ref): each aggregate asked for that request alone, through the indexes.
_PER_REQUEST = dict(
    last_reply_at=f"""(SELECT max(coalesce(m.date, m.received_at)) FROM message_requests mr
          JOIN messages m ON m.id = mr.message_row WHERE mr.request_id = r.id AND {REPLY_SQL})""",
    first_reply_at=f"""(SELECT min(coalesce(m.date, m.received_at)) FROM message_requests mr
          JOIN messages m ON m.id = mr.message_row WHERE mr.request_id = r.id AND {REPLY_SQL})""",
    documents="""(SELECT count(DISTINCT d.sha256) FROM (
          SELECT at.sha256 FROM message_requests mr
            JOIN attachments at ON at.message_row = mr.message_row WHERE mr.request_id = r.id
          UNION SELECT at.sha256 FROM attachments at WHERE at.request_id = r.id) d)""",
    paused_at=_PAUSED_AT,
    records_link=_RECORDS_LINK,
    pending_links="""(SELECT count(*) FROM links l WHERE l.request_id = r.id
          AND l.status = 'pending')""",
    link_expires="""(SELECT min(l.expires) FROM links l WHERE l.request_id = r.id
          AND l.status = 'pending')""",
    sent_via=_SENT_VIA,
)
# Many requests (a campaign, a state, all): the same values. The first and latest reply come
# from request_replies, which triggers keep equal to the per-request form's aggregates
# (migration m017); documents and pending links are computed once for every request in one
# grouped pass and joined on. A request without any gets what the per-request form gives
# (NULL dates, 0 counts).
_GROUPED = dict(
    last_reply_at="rr.last_reply_at",
    first_reply_at="rr.first_reply_at",
    documents="coalesce(dc.documents, 0)",
    paused_at=_PAUSED_AT,
    records_link=_RECORDS_LINK,
    pending_links="coalesce(lk.pending_links, 0)",
    link_expires="lk.link_expires",
    sent_via=_SENT_VIA,
)
_GROUPED_JOINS = """
  LEFT JOIN request_replies rr ON rr.request_id = r.id
  LEFT JOIN (SELECT d.request_id, count(DISTINCT d.sha256) AS documents FROM (
               SELECT mr.request_id, at.sha256 FROM message_requests mr
                 JOIN attachments at ON at.message_row = mr.message_row
               UNION SELECT at.request_id, at.sha256 FROM attachments at
                WHERE at.request_id IS NOT NULL) d
              GROUP BY d.request_id) dc ON dc.request_id = r.id
  LEFT JOIN (SELECT l.request_id, count(*) AS pending_links, min(l.expires) AS link_expires
               FROM links l WHERE l.status = 'pending' GROUP BY l.request_id) lk
         ON lk.request_id = r.id"""
# Each selection (the full view, the short form) in each form (per request, grouped).
_STATUS_SQL = {
    (columns, grouped): columns.format(**(_GROUPED if grouped else _PER_REQUEST))
    + _STATUS_FROM
    + (_GROUPED_JOINS if grouped else "")
    for columns in (_STATUS_COLUMNS, _STATUS_VALUE_COLUMNS)
    for grouped in (False, True)
}


def status_records(db: Database, filters: dict, grouped: bool | None = None) -> Iterator[tuple]:
    """One tuple per request in ref order, in ``STATUS_VIEW_COLUMNS`` order, read lazily from
    the cursor. ``filters`` maps campaign/state/status/ref to a value (None = any) and
    needs_review to a bool. ``grouped`` forces one form of the query (None: the cheaper one,
    per request for one ref); both give the same rows (tests/test_status_paths.py)."""
    return _status_query(db, _STATUS_COLUMNS, filters, grouped)


def status_value_records(
    db: Database, filters: dict, grouped: bool | None = None
) -> Iterator[tuple]:
    """``status_records`` in the short form: ``STATUS_STORED_COLUMNS``, then the JSON array of
    ``STATUS_ACTION_INPUTS``."""
    return _status_query(db, _STATUS_VALUE_COLUMNS, filters, grouped)


def _status_query(db: Database, columns: str, filters: dict, grouped: bool | None):
    where, params = ["1 = 1"], []
    for column, key in (
        ("c.name", "campaign"),
        ("r.jurisdiction", "state"),
        ("r.status", "status"),
        ("r.ref", "ref"),
    ):
        if filters.get(key):
            where.append(f"{column} = ?")
            params.append(filters[key].upper() if key == "state" else filters[key])
    if filters.get("needs_review"):
        where.append("r.needs_review = 1")
    where_sql = f" WHERE {' AND '.join(where)}"
    if grouped is None:
        grouped = not filters.get("ref") and _grouping_pays(db, where_sql, tuple(params))
    sql = _STATUS_SQL[columns, grouped]
    return iter(db.execute(sql + where_sql + " ORDER BY r.ref", tuple(params)))


def status_view(db: Database, filters: dict, grouped: bool | None = None) -> list[dict]:
    """``status_records`` as dicts keyed by column name (tests, and a reader of one row)."""
    return [
        dict(zip(STATUS_VIEW_COLUMNS, found, strict=True))
        for found in status_records(db, filters, grouped)
    ]


def _grouping_pays(db: Database, where_sql: str, params: tuple) -> bool:
    """Whether the filter keeps a tenth of the requests or more. Since m017 the grouped form
    costs about 7 µs per request listed plus its grouped passes over attachments and links;
    the per-request form about 40 µs per request (measured at 100,000 requests, 300,000
    messages, 410,000 events: 1,000 requests listed took 16 ms grouped, 45 ms one by one)."""
    if not params and where_sql == " WHERE 1 = 1":
        return True
    found = db.execute(
        "SELECT count(*), (SELECT count(*) FROM requests)" + _STATUS_FROM + where_sql, params
    ).fetchone()
    return found[0] * 10 >= found[1]


def find_request_by_ref(db: Database, ref: str) -> dict | None:
    """The one lookup of a request by its ref (refs are stored upper case)."""
    return row(db, "SELECT * FROM requests WHERE ref = ?", (ref.strip().upper(),))


def get_request(db: Database, request_id: int) -> dict | None:
    return row(db, "SELECT * FROM requests WHERE id = ?", (request_id,))


def request_with_campaign(db: Database, request_id: int) -> dict | None:
    return row(
        db,
        "SELECT r.*, c.template, c.vars FROM requests r JOIN campaigns c "
        "ON c.id = r.campaign_id WHERE r.id = ?",
        (request_id,),
    )


def get_agency(db: Database, agency_id: int) -> dict | None:
    return row(db, "SELECT * FROM agencies WHERE id = ?", (agency_id,))


def set_due(db: Database, request_id: int, due: str | None, kind: str | None, basis: str) -> None:
    db.execute(
        "UPDATE requests SET due = ?, due_kind = ?, due_basis = ? WHERE id = ?",
        (due, kind, basis, request_id),
    )


def set_status(db: Database, request_id: int, status: str, closed_at: str | None, manual: bool):
    """The status, its closing time, and whether the user set it by hand (``status_manual``)."""
    db.execute(
        "UPDATE requests SET status = ?, closed_at = ?, status_manual = ? WHERE id = ?",
        (status, closed_at, int(manual), request_id),
    )


def set_needs_review(db: Database, request_id: int, flag: bool) -> None:
    db.execute("UPDATE requests SET needs_review = ? WHERE id = ?", (int(flag), request_id))


def set_tracking_number_if_empty(db: Database, request_id: int, number: str) -> None:
    db.execute(
        "UPDATE requests SET tracking_number = ? WHERE id = ? AND "
        "(tracking_number IS NULL OR tracking_number = '')",
        (number, request_id),
    )


def set_tracking_number(db: Database, request_id: int, number: str) -> None:
    db.execute("UPDATE requests SET tracking_number = ? WHERE id = ?", (number, request_id))


def set_fee_amount(db: Database, request_id: int, amount: str) -> None:
    db.execute("UPDATE requests SET fee_amount = ? WHERE id = ?", (amount, request_id))


def set_sent_at(db: Database, request_id: int, sent_at: str) -> None:
    db.execute("UPDATE requests SET sent_at = ? WHERE id = ?", (sent_at, request_id))


def filings(db: Database, message_row: int) -> list[dict]:
    """Each request one message is filed on, with the message's derived fields."""
    return rows(
        db,
        "SELECT mr.request_id, mr.method, m.kind, m.facts, m.automated, m.auth_results, "
        "m.body_text, m.date, m.received_at, m.own_copy, m.from_addr FROM message_requests mr "
        "JOIN messages m ON m.id = mr.message_row WHERE mr.message_row = ?",
        (message_row,),
    )


def request_messages(db: Database, request_id: int) -> list[dict]:
    return rows(
        db,
        "SELECT m.id, m.message_id, m.from_addr AS 'from', m.subject, "
        "m.date, mr.method AS match_method, m.kind, m.automated "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? ORDER BY m.date, m.id",
        (request_id,),
    )


def request_documents(db: Database, request_id: int) -> list[dict]:
    """Every attachment row of a request, mail or by hand (``message`` is None for manual ones)."""
    return rows(
        db,
        "SELECT DISTINCT filename, sha256, size, content_type, source, message_row AS message "
        f"FROM ({_REQUEST_ATTACHMENTS}) ORDER BY id",
        {"rid": request_id},
    )


def last_agency_reply(db: Database, request_id: int) -> dict | None:
    """The agency's latest reply on a request (the one definition of a reply, REPLY_SQL)."""
    return row(
        db,
        "SELECT m.id, m.message_id, m.from_addr, m.kind, m.facts, m.body_text, "
        "coalesce(m.date, m.received_at) AS at FROM message_requests mr JOIN messages m "
        f"ON m.id = mr.message_row WHERE mr.request_id = ? AND {REPLY_SQL} "
        "ORDER BY coalesce(m.date, m.received_at) DESC, m.id DESC LIMIT 1",
        (request_id,),
    )


def last_agency_message_id(db: Database, request_id: int) -> str | None:
    """The Message-ID of the agency's latest reply, for In-Reply-To (RFC 5322 section 3.6.4)."""
    found = row(
        db,
        "SELECT m.message_id FROM message_requests mr JOIN messages m "
        f"ON m.id = mr.message_row WHERE mr.request_id = ? AND {REPLY_SQL} AND "
        "m.message_id IS NOT NULL ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )
    return found["message_id"] if found else None


def latest_denial(db: Database, request_id: int) -> dict | None:
    """The agency's latest denial or no-records answer on a request."""
    return row(
        db,
        "SELECT m.id, m.kind, coalesce(m.date, m.received_at) AS date, m.body_text "
        "FROM message_requests mr JOIN messages m ON m.id = mr.message_row "
        "WHERE mr.request_id = ? AND m.kind IN ('denial', 'no_records') "
        "ORDER BY m.date DESC LIMIT 1",
        (request_id,),
    )


def followup_history(db: Database, request_id: int) -> tuple[int, str | None]:
    """How many follow-ups a request got (failed ones aside) and when the last one went."""
    found = row(
        db,
        "SELECT count(*) AS n, max(coalesce(sent_at, created_at)) AS last "
        "FROM outbox WHERE request_id = ? AND kind = 'followup' AND state != 'failed'",
        (request_id,),
    )
    return found["n"], found["last"]


def sent_message_ids(db: Database, request_id: int) -> list[str]:
    """Our sent messages' ids on a request, oldest first, with the provider's rewrites."""
    ours = rows(
        db,
        "SELECT message_id, provider_message_id FROM outbox WHERE request_id = ? "
        "AND state = 'sent' ORDER BY sent_at",
        (request_id,),
    )
    return [i for o in ours for i in (o["message_id"], o["provider_message_id"]) if i]


def add_manual_document(db: Database, request_id: int, doc: dict) -> int:
    """A file received outside the mailbox: its documents row (text kept if already known) and
    an attachment row on the request (``source = "manual"``). Returns the attachment's id."""
    db.execute(
        "INSERT INTO documents (sha256, size, content_type, text, text_status) "
        "VALUES (:sha256, :size, :content_type, :text, :text_status) ON CONFLICT (sha256) DO "
        "UPDATE SET text = excluded.text, text_status = excluded.text_status "
        "WHERE documents.text IS NULL",
        doc,
    )
    cursor = db.execute(
        "INSERT INTO attachments (message_row, request_id, filename, safe_name, content_type, "
        "sha256, size, source, received_at) VALUES (NULL, :request_id, :filename, :safe_name, "
        ":content_type, :sha256, :size, 'manual', :received_at)",
        dict(doc, request_id=request_id),
    )
    return cursor.lastrowid


def campaign_replies(db: Database, campaign: str, limit: int = 20) -> list[dict]:
    """A campaign's latest agency replies (for the report), newest first."""
    return rows(
        db,
        "SELECT m.id, coalesce(m.date, m.received_at) AS at, m.from_addr, m.subject, m.kind, "
        "group_concat(r.ref, ' ') AS refs FROM messages m "
        "JOIN message_requests mr ON mr.message_row = m.id JOIN requests r ON r.id = mr.request_id "
        f"JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = ? AND {REPLY_SQL} "
        "GROUP BY m.id ORDER BY at DESC, m.id DESC LIMIT ?",
        (campaign, limit),
    )


def campaign_reply_dates(db: Database, campaign: str) -> list[str]:
    """When each agency reply of a campaign came (one per message)."""
    found = rows(
        db,
        "SELECT DISTINCT m.id, coalesce(m.date, m.received_at) AS at FROM messages m "
        "JOIN message_requests mr ON mr.message_row = m.id JOIN requests r ON r.id = mr.request_id "
        f"JOIN campaigns c ON c.id = r.campaign_id WHERE c.name = ? AND {REPLY_SQL}",
        (campaign,),
    )
    return [r["at"] for r in found]


def export_documents(db: Database, request_id: int) -> list[dict]:
    """Every document of a request for the export manifest: mail attachments with their
    message's fields, then files attached by hand (no message: from/subject empty)."""
    return rows(
        db,
        """
        SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
               m.received_at, m.from_addr, m.subject, m.message_id, d.text, d.text_status,
               m.id AS message_order, a.id AS attachment_order
          FROM message_requests mr JOIN messages m ON m.id = mr.message_row
          JOIN attachments a ON a.message_row = m.id JOIN documents d ON d.sha256 = a.sha256
         WHERE mr.request_id = :rid
        UNION ALL
        SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
               a.received_at, '', '', NULL, d.text, d.text_status, NULL, a.id
          FROM attachments a JOIN documents d ON d.sha256 = a.sha256
         WHERE a.request_id = :rid AND a.message_row IS NULL
         ORDER BY received_at, message_order, attachment_order
        """,
        {"rid": request_id},
    )

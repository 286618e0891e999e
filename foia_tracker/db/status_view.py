"""SQL of the status view: the fields of a status row as stored (``foia status``, ``show``,
reports, follow-ups), in a full form, a short one and a JSON one, each asked per request or
grouped."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from foia_tracker.db.requests import REPLY_SQL

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
    "link_expires", "sent_via", "address_bounced",
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
# Each stored field's SQL, in ``STATUS_STORED_COLUMNS`` order ({...}: filled by the form).
_STORED_SQL = {
    "ref": "r.ref", "campaign": "c.name", "agency": "a.name", "agency_id": "a.id",
    "agency_email": "a.email", "to_addr": "r.to_addr", "state": "r.jurisdiction",
    "status": "r.status", "sent_at": "r.sent_at", "due": "r.due", "due_kind": "r.due_kind",
    "due_basis": "r.due_basis", "last_reply_at": "{last_reply_at}", "documents": "{documents}",
    "tracking_number": "r.tracking_number", "fee_amount": "r.fee_amount",
}  # fmt: skip
assert tuple(_STORED_SQL) == STATUS_STORED_COLUMNS
_BEFORE_OVERDUE = STATUS_STORED_COLUMNS[: STATUS_STORED_COLUMNS.index("last_reply_at")]
_AFTER_OVERDUE = STATUS_STORED_COLUMNS[len(_BEFORE_OVERDUE) :]
_HEAD_SQL = ", ".join(f"{_STORED_SQL[c]} AS {c}" for c in _BEFORE_OVERDUE)
_TAIL_SQL = ", ".join(f"{_STORED_SQL[c]} AS {c}" for c in _AFTER_OVERDUE)
_STATUS_COLUMNS = f"""
SELECT {_HEAD_SQL}, NULL AS overdue, NULL AS days_overdue, {_TAIL_SQL}, NULL AS next_action,
       r.id AS _id, r.needs_review, {{first_reply_at}} AS first_reply_at, r.closed_at,
       r.status_manual AS _status_manual, NULL AS _filed_by_hand,
       a.delivery, a.portal_url, a.address AS agency_address, {{paused_at}} AS paused_at,
       {{records_link}} AS records_link, {{pending_links}} AS pending_links,
       {{link_expires}} AS link_expires, {{sent_via}} AS sent_via,
       a.email_status = 'bounced' AS address_bounced"""
_ACTION_INPUTS_SQL = """json_array(r.jurisdiction, r.status, r.due, r.needs_review,
       r.fee_amount, r.closed_at, a.delivery, a.portal_url, a.address, {paused_at},
       {records_link}, {pending_links}, {link_expires}, {sent_via}, a.email_status = 'bounced',
       r.to_addr <> '',
       CASE WHEN {pending_links} THEN r.ref END) AS action_inputs"""
_STATUS_VALUE_COLUMNS = f"SELECT {_HEAD_SQL}, {_TAIL_SQL}, {_ACTION_INPUTS_SQL}"


def _json_object(fields: tuple[str, ...], *, first: bool) -> str:
    """The fields as a compact JSON object written by SQLite, its keys marked for
    ``outputs.listing.json_member_chunks``: a TAB before each (but a row's ``first``) and
    after each ('{"ref\\t":"CT-0001","\\tagency_id\\t":7}')."""
    keys = [f"\t{c}\t" for c in fields]
    if first:
        keys[0] = keys[0][1:]
    return (
        "json_object("
        + ", ".join(f"'{k}', {_STORED_SQL[c]}" for k, c in zip(keys, fields, strict=True))
        + ")"
    )


# The JSON form (``status_json_records``, what ``foia status --format json`` reads): SQLite
# writes the stored fields as JSON itself, in C, as two compact objects (the fields before the
# computed overdue fields, those after), with the array of ``STATUS_ACTION_INPUTS`` beside
# them. A row crosses into Python as three strings instead of 17 values (at 100,000
# requests, converting the values and encoding them again in Python was most of the command).
# Every stored field is text, an integer or NULL, which SQLite writes as Python does; a REAL
# would need the values' path (0.1 + 0.2 is 0.3 in SQLite's JSON, 0.30000000000000004 in
# Python's).
_STATUS_JSON_COLUMNS = f"""
SELECT {_json_object(_BEFORE_OVERDUE, first=True)} AS head,
       {_json_object(_AFTER_OVERDUE, first=False)} AS tail,
       {_ACTION_INPUTS_SQL}"""
_STATUS_FROM = " FROM requests r JOIN campaigns c ON c.id = r.campaign_id JOIN agencies a ON a.id = r.agency_id"
# The events a status row reads, asked per request: the index events(type, request_id, at)
# (migration m017) hands each over directly. How the request went out comes from its latest
# "sent" event (latest instant, then the one filed last).
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
# from request_replies and the events' values from request_events, which triggers keep equal
# to the per-request form's lookups (migrations m017, m020); documents and pending links are
# computed once for every request in one grouped pass and joined on. A request without any
# gets what the per-request form gives (NULL dates, 0 counts).
_GROUPED = dict(
    last_reply_at="rr.last_reply_at",
    first_reply_at="rr.first_reply_at",
    documents="coalesce(dc.documents, 0)",
    paused_at="ev.paused_at",
    records_link="coalesce(ev.records_links, 0)",
    pending_links="coalesce(lk.pending_links, 0)",
    link_expires="lk.link_expires",
    sent_via="ev.sent_via",
)
_GROUPED_JOINS = """
  LEFT JOIN request_replies rr ON rr.request_id = r.id
  LEFT JOIN request_events ev ON ev.request_id = r.id
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
    for columns in (_STATUS_COLUMNS, _STATUS_VALUE_COLUMNS, _STATUS_JSON_COLUMNS)
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


def status_json_records(
    db: Database, filters: dict, grouped: bool | None = None
) -> Iterator[tuple[str, str, str]]:
    """``status_records`` in the JSON form: (a compact JSON object of the stored fields before
    overdue, one of those after it, the JSON array of ``STATUS_ACTION_INPUTS``). Only where
    ``json_text_is_pythons`` holds: it is then the text ``json.dumps`` would write."""
    return _status_query(db, _STATUS_JSON_COLUMNS, filters, grouped)


# Every character JSON escapes or that an encoder might (controls, quote, backslash, DEL, C1,
# the line separators JavaScript rejects, a byte-order mark, the last code points).
_JSON_PROBE = (
    "".join(map(chr, range(0x100))) + "\u2028\u2029\ufeff\uffff\U0010ffff\u00e9\u20ac\U0001f600"
)


def json_text_is_pythons(db: Database) -> bool:
    """Whether this SQLite writes a string as ``json.dumps(..., ensure_ascii=False)`` does
    (SQLite 3.40 does, character for character: tests/test_status_json.py); the JSON form is
    used only then, so the output never depends on the SQLite a Python was built with."""
    found = db.execute("SELECT json_quote(?), json_object('k', ?)", (_JSON_PROBE, 7)).fetchone()
    return found == (json.dumps(_JSON_PROBE, ensure_ascii=False), '{"k":7}')


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

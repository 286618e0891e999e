"""The second wave's migrations (m008 on), registered on the one ``migrations`` object of
``db/migrations.py`` after the first wave's. Never edit one that has shipped: add the next."""

from __future__ import annotations

from sqlite_utils import Database

from foia_tracker.db.migrations import migrations


@migrations()
def m008_agency_closures(db: Database) -> None:
    # Days an agency declared closed; they stop a clock only where the law says so
    # (law.jurisdictions.ClosureRule, e.g. Tex. Gov't Code § 552.0031(f)). See db/closures.py.
    db.execute(
        "CREATE TABLE agency_closures ("
        " agency_id INTEGER NOT NULL REFERENCES agencies(id),"
        " day TEXT NOT NULL,"
        " reason TEXT NOT NULL DEFAULT '',"
        " source TEXT NOT NULL DEFAULT 'user',"
        " created_at TEXT NOT NULL,"
        " PRIMARY KEY (agency_id, day))"
    )


@migrations()
def m009_dismissed(db: Database) -> None:
    # `foia dismiss`: held mail set aside as about no request (kept, never deleted), and the
    # senders whose later mail is set aside on arrival (`--sender`).
    db.execute("ALTER TABLE messages ADD COLUMN dismissed_at TEXT")
    db.execute("ALTER TABLE messages ADD COLUMN dismissed_by TEXT")  # 'user' | 'sender'
    db.execute(
        "CREATE TABLE dismissed_senders (address TEXT PRIMARY KEY, dismissed_at TEXT NOT NULL, "
        "message_row INTEGER REFERENCES messages(id))"
    )


@migrations()
def m010_outbox_failure_and_copies(db: Database) -> None:
    # Why a row failed: "recipient" (the server refused the address; only `foia resend` sends it
    # again) or "build" (nothing went out: tried again on the next run, e.g. after a config fix).
    db.execute("ALTER TABLE outbox ADD COLUMN failure TEXT")
    db.execute(
        "UPDATE outbox SET failure = CASE WHEN last_error LIKE 'cannot build the message%' "
        "THEN 'build' ELSE 'recipient' END WHERE state = 'failed'"
    )
    # Whether the Sent-folder copy is still owed, so a killed run files it on the next one.
    db.execute("ALTER TABLE outbox ADD COLUMN sent_copy TEXT NOT NULL DEFAULT 'filed'")
    # `foia reply --kind`: what the requester's message answers (the timeline's detail.kind).
    db.execute("ALTER TABLE outbox ADD COLUMN reply_kind TEXT")
    # `foia resend` keeps the address that bounced beside the agency, marked so.
    db.execute(
        "ALTER TABLE agency_addresses ADD COLUMN email_status TEXT NOT NULL DEFAULT 'ok' "
        "CHECK (email_status IN ('ok', 'bounced'))"
    )


@migrations()
def m011_manual_attachments(db: Database) -> None:
    # Records received outside the mailbox (`foia attach`: post, CD, portal download) belong to a
    # request, not to a message: message_row becomes nullable, request_id links them and
    # received_at says when they came (mail attachments have their message's date). SQLite
    # cannot relax NOT NULL in place, so the table is rebuilt (same ids, same rows).
    db.execute(
        """
        CREATE TABLE attachments_new (
            id INTEGER PRIMARY KEY,
            message_row INTEGER REFERENCES messages(id),
            request_id INTEGER REFERENCES requests(id),
            filename TEXT NOT NULL,
            safe_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES documents(sha256),
            size INTEGER NOT NULL,
            source TEXT NOT NULL
                CHECK (source IN ('attachment', 'zip-member', 'nested', 'uuencode', 'tnef', 'manual',
                                  'link', 'msg')),
            parent_sha256 TEXT,
            received_at TEXT,
            CHECK (message_row IS NOT NULL OR request_id IS NOT NULL)
        )
        """
    )
    db.execute(
        "INSERT INTO attachments_new (id, message_row, filename, safe_name, content_type, "
        "sha256, size, source, parent_sha256) SELECT id, message_row, filename, safe_name, "
        "content_type, sha256, size, source, parent_sha256 FROM attachments"
    )
    db.execute("DROP TABLE attachments")
    db.execute("ALTER TABLE attachments_new RENAME TO attachments")
    db.execute("CREATE INDEX attachments_message ON attachments(message_row)")
    db.execute("CREATE INDEX attachments_sha256 ON attachments(sha256)")
    db.execute("CREATE INDEX attachments_request ON attachments(request_id)")


@migrations()
def m012_document_reviews(db: Database) -> None:
    # The user's decision per document for the publish profile (`foia review`), by content.
    db.execute(
        """
        CREATE TABLE document_reviews (
            sha256 TEXT PRIMARY KEY REFERENCES documents(sha256),
            decision TEXT NOT NULL CHECK (decision IN ('publish', 'hold')),
            note TEXT NOT NULL DEFAULT '',
            at TEXT NOT NULL
        )
        """
    )


@migrations()
def m013_agency_names_may_repeat(db: Database) -> None:
    # Two agencies of one state can share a name (the national CCD file has such pairs, told
    # apart by their LEAID): the import reports them as likely duplicates instead of refusing.
    db.execute("DROP INDEX agencies_name")
    db.execute("CREATE INDEX agencies_name ON agencies(state, name_key)")


def _widen_check(db: Database, table: str, old: str, new: str) -> None:
    """Replace a CHECK constraint's text by a wider one, in place. SQLite cannot alter a
    constraint, and rebuilding the table would need foreign keys off, which cannot be done inside
    a migration's transaction; widening a CHECK leaves every stored row valid, the case SQLite
    documents for editing the schema text (https://sqlite.org/lang_altertable.html#otheralter)."""
    found = db.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    current = found.fetchone()[0]
    if old not in current:
        return
    version = db.execute("PRAGMA schema_version").fetchone()[0]
    db.execute("PRAGMA writable_schema = ON")
    db.execute(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
        (current.replace(old, new), table),
    )
    db.execute(f"PRAGMA schema_version = {version + 1}")
    db.execute("PRAGMA writable_schema = OFF")


@migrations()
def m014_widen_checks(db: Database) -> None:
    # Document text is extracted off the fetch path (documents/indexer.py): a document waits as
    # `pending`; a PDF with no text layer is `needs_ocr`.
    _widen_check(
        db,
        "documents",
        "CHECK (text_status IN ('ok', 'partial', 'none'))",
        "CHECK (text_status IN ('ok', 'partial', 'none', 'needs_ocr', 'pending'))",
    )


@migrations()
def m015_links(db: Database) -> None:
    # Records delivered by link (links/): one row per link and request (a later message
    # repeating the link adds nothing).
    db.execute(
        """
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            message_row INTEGER NOT NULL REFERENCES messages(id),
            request_id INTEGER NOT NULL REFERENCES requests(id),
            url TEXT NOT NULL,
            download_url TEXT NOT NULL,
            host TEXT NOT NULL,
            service TEXT NOT NULL DEFAULT '',
            expires TEXT,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'fetched', 'needs-login', 'failed', 'expired')),
            reason TEXT NOT NULL DEFAULT '',
            sha256 TEXT REFERENCES documents(sha256),
            found_at TEXT NOT NULL,
            fetched_at TEXT,
            UNIQUE (request_id, url)
        )
        """
    )
    db.execute("CREATE INDEX links_request ON links(request_id, status)")


@migrations()
def m016_mailbox_key_without_port(db: Database) -> None:
    # The mailbox key loses its port (mail/imap.account_key): a changed port re-downloaded the
    # whole mailbox. Old keys "user@host:993" become "user@host"; where two ports were used for
    # one mailbox, the copies merge and the checkpoint keeps the furthest UID of the same
    # UIDVALIDITY (a different UIDVALIDITY resyncs, as it would anyway).
    strip = "CASE WHEN account GLOB '*:[0-9]*' THEN rtrim(rtrim(account, '0123456789'), ':') ELSE account END"
    db.execute(f"UPDATE OR IGNORE message_copies SET account = {strip}")
    db.execute("DELETE FROM message_copies WHERE account GLOB '*:[0-9]*'")
    states = db.execute(
        f"SELECT {strip} AS account, folder, uidvalidity, max(last_uid) FROM mail_state "
        "GROUP BY 1, folder, uidvalidity ORDER BY max(last_uid)"
    ).fetchall()
    db.execute("DELETE FROM mail_state")
    for account, folder, uidvalidity, last_uid in states:
        db.execute(
            "INSERT OR REPLACE INTO mail_state (account, folder, uidvalidity, last_uid) "
            "VALUES (?, ?, ?, ?)",
            (account, folder, uidvalidity, last_uid),
        )


# "An agency's reply" as m017's triggers apply it: db.requests.REPLY_SQL when m017 shipped
# (tests/test_status_replies.py fails if the two part: a change to the definition needs a
# migration that re-creates these triggers and refills request_replies).
M017_REPLY_SQL = (
    "m.automated = 0 AND m.own_copy = 0 AND m.kind NOT IN ('auto_reply', 'bounce', 'delay', "
    "'own_copy', 'requester_copy', 'unclassified', 'unknown')"
)


def _refresh_replies(requests: str) -> tuple[str, str]:
    """The two statements that recompute request_replies for ``requests`` (SQL giving request
    ids) from their filings, as the per-request status query computes it: one row per request
    with at least one reply. Plain statements, no OR clause (in a trigger, the firing
    statement's INSERT OR IGNORE would override it)."""
    return (
        f"DELETE FROM request_replies WHERE request_id IN ({requests})",
        f"""INSERT INTO request_replies (request_id, last_reply_at, first_reply_at)
        SELECT mr.request_id, max(coalesce(m.date, m.received_at)),
               min(coalesce(m.date, m.received_at))
          FROM message_requests mr JOIN messages m ON m.id = mr.message_row
         WHERE mr.request_id IN ({requests}) AND {M017_REPLY_SQL}
         GROUP BY mr.request_id""",
    )


# Each trigger recomputes every request whose replies the change can touch: a filing
# removed or moved, a message added, removed, or changed in a column the definition reads
# (id, date, received_at, kind, automated, own_copy), a request added (an id used again) or
# removed (a filing added: below). A REPLACE deletes without its DELETE trigger, but the INSERT
# it makes covers the same request (message_requests: the same key; messages: the same id, as
# foreign keys forbid dropping a filed message).
_FILED_ON = "SELECT request_id FROM message_requests WHERE message_row IN ({})"
_M017_TRIGGERS = {
    "filing_removed": ("AFTER DELETE ON message_requests", "OLD.request_id"),
    "filing_moved": (
        "AFTER UPDATE OF message_row, request_id ON message_requests",
        "OLD.request_id, NEW.request_id",
    ),
    "message_added": (  # a new message is filed on nothing yet (a REPLACE's may be)
        "AFTER INSERT ON messages FOR EACH ROW WHEN EXISTS "
        "(SELECT 1 FROM message_requests WHERE message_row = NEW.id)",
        _FILED_ON.format("NEW.id"),
    ),
    "message_removed": ("AFTER DELETE ON messages", _FILED_ON.format("OLD.id")),
    "message_changed": (
        "AFTER UPDATE OF id, date, received_at, kind, automated, own_copy ON messages",
        _FILED_ON.format("OLD.id, NEW.id"),
    ),
    "request_added": ("AFTER INSERT ON requests", "NEW.id"),
}


# A filing added (the common write: intake) updates its request's row instead of recomputing
# it: the latest reply is the later of the kept one and the new message's, the first the
# earlier (equal to recomputing, as max and min take one more value at a time; a filing
# REPLACEd by the same one adds a value already counted). A new row when it is the first reply.
_NEW_AT = "(SELECT coalesce(m.date, m.received_at) FROM messages m WHERE m.id = NEW.message_row)"
_NEW_IS_REPLY = (
    f"EXISTS (SELECT 1 FROM messages m WHERE m.id = NEW.message_row AND {M017_REPLY_SQL})"
)
_FILING_ADDED = (
    f"UPDATE request_replies SET last_reply_at = max(last_reply_at, {_NEW_AT}), "
    f"first_reply_at = min(first_reply_at, {_NEW_AT}) "
    f"WHERE request_id = NEW.request_id AND {_NEW_IS_REPLY}",
    f"INSERT INTO request_replies (request_id, last_reply_at, first_reply_at) "
    f"SELECT NEW.request_id, {_NEW_AT}, {_NEW_AT} WHERE {_NEW_IS_REPLY} AND NOT EXISTS "
    "(SELECT 1 FROM request_replies WHERE request_id = NEW.request_id)",
)


@migrations()
def m017_status_at_scale(db: Database) -> None:
    # `foia status` over 100,000 requests (docs/benchmarks.md): the events it reads per request
    # (the latest "sent", pauses, records links) straight from an index by type...
    db.execute("CREATE INDEX events_type ON events(type, request_id, at)")
    # ...and each request's first and latest agency reply kept up to date by triggers, instead
    # of grouping every filed message on every listing. The per-request form of the status
    # query still computes them from the messages (tests/test_status_replies.py: equal).
    db.execute(
        "CREATE TABLE request_replies (request_id INTEGER PRIMARY KEY, "
        "last_reply_at TEXT, first_reply_at TEXT)"
    )
    for name, (when, requests) in _M017_TRIGGERS.items():
        body = "; ".join(_refresh_replies(requests))
        db.execute(f"CREATE TRIGGER request_replies_{name} {when} BEGIN {body}; END")
    db.execute(
        "CREATE TRIGGER request_replies_filing_added AFTER INSERT ON message_requests BEGIN "
        f"{'; '.join(_FILING_ADDED)}; END"
    )
    db.execute(
        "CREATE TRIGGER request_replies_request_removed AFTER DELETE ON requests BEGIN "
        "DELETE FROM request_replies WHERE request_id = OLD.id; END"
    )
    for statement in _refresh_replies("SELECT id FROM requests"):
        db.execute(statement)


@migrations()
def m018_new_request_trigger_guarded(db: Database) -> None:
    # A new request has no filing and no reply row, so m017's recompute on every INSERT did
    # nothing but cost: half of the requests insert at `campaign create` of 13,300 districts
    # (1.6-2.4 s against 0.8 s with this guard, measured alone). The guard keeps the case the
    # trigger is for: an id used again while rows of the old one remain.
    db.execute("DROP TRIGGER IF EXISTS request_replies_request_added")
    body = "; ".join(_refresh_replies("NEW.id"))
    db.execute(
        "CREATE TRIGGER request_replies_request_added AFTER INSERT ON requests FOR EACH ROW "
        "WHEN EXISTS (SELECT 1 FROM message_requests WHERE request_id = NEW.id) "
        "OR EXISTS (SELECT 1 FROM request_replies WHERE request_id = NEW.id) "
        f"BEGIN {body}; END"
    )


@migrations()
def m019_outbox_booked(db: Database) -> None:
    # A send run commits a letter's `sent` row (the proof) with the next letter's claim, and the
    # request's bookkeeping of it (status, clock, timeline event) for a batch of letters at a
    # time: 0 while that is still owed, so the next send or poll completes it after a kill.
    # Every row sent before this migration was booked with its proof.
    db.execute("ALTER TABLE outbox ADD COLUMN booked INTEGER NOT NULL DEFAULT 1")
    db.execute("CREATE INDEX outbox_unbooked ON outbox(id) WHERE booked = 0")


# m020: what the status listing reads from each request's events, as the per-request status
# query computes it (frozen here: a changed definition needs a new migration): the latest
# pause, the count of records links, and how the request went out (its latest "sent": latest
# instant, then the one filed last). One row per request with at least one such event.
_M020_TYPES = "('pause', 'records_link', 'sent')"
_M020_FILL = """INSERT INTO request_events (request_id, paused_at, records_links, sent_via)
  SELECT k.request_id,
    (SELECT max(e.at) FROM events e WHERE e.type = 'pause' AND e.request_id = k.request_id),
    (SELECT count(*) FROM events e WHERE e.type = 'records_link'
       AND e.request_id = k.request_id),
    (SELECT json_extract(e.detail, '$.via') FROM events e WHERE e.type = 'sent'
       AND e.request_id = k.request_id ORDER BY e.at DESC, e.id DESC LIMIT 1)
  FROM (SELECT DISTINCT request_id FROM events
         WHERE type IN {types} AND request_id IN ({requests})) k"""
# Each trigger recomputes the requests whose such events a change can touch (plain statements:
# in a trigger, a firing INSERT OR IGNORE would override an OR clause). Events are appended,
# never edited by the tool; the update and delete triggers keep a hand's change right. Not
# covered: an INSERT OR REPLACE that moves an event id to another request (a REPLACE deletes
# without the DELETE trigger, so the request it leaves keeps its values); no code does that.
_M020_TRIGGERS = {
    "added": (
        f"AFTER INSERT ON events FOR EACH ROW WHEN NEW.type IN {_M020_TYPES}",
        "NEW.request_id",
    ),
    "removed": (
        f"AFTER DELETE ON events FOR EACH ROW WHEN OLD.type IN {_M020_TYPES}",
        "OLD.request_id",
    ),
    "changed": (
        "AFTER UPDATE OF id, request_id, at, type, detail ON events FOR EACH ROW "
        f"WHEN OLD.type IN {_M020_TYPES} OR NEW.type IN {_M020_TYPES}",
        "OLD.request_id, NEW.request_id",
    ),
}


def _refresh_events(requests: str) -> str:
    return f"DELETE FROM request_events WHERE request_id IN ({requests}); " + _M020_FILL.format(
        types=_M020_TYPES, requests=requests
    )


@migrations()
def m020_request_events(db: Database) -> None:
    # `foia status` over 100,000 requests read three events per request by correlated
    # lookups; with a sent event per request and a pause on a tenth (410,000 events), those
    # took about 0.4 s of the listing's query (docs/benchmarks.md). The listing joins this
    # table instead; the per-request form still reads the events (tests/test_status_events.py:
    # equal). No declared types: a value is kept as the lookup gives it (a "via" that is a
    # number stays a number).
    db.execute(
        "CREATE TABLE request_events (request_id INTEGER PRIMARY KEY, paused_at, "
        "records_links, sent_via)"
    )
    for name, (when, requests) in _M020_TRIGGERS.items():
        db.execute(
            f"CREATE TRIGGER request_events_{name} {when} BEGIN {_refresh_events(requests)}; END"
        )
    db.execute(_M020_FILL.format(types=_M020_TYPES, requests="SELECT request_id FROM events"))

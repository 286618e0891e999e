"""The schema as small numbered migrations, recorded by ``sqlite_utils.Migrations``.

Each runs in its own transaction. Never edit one that has shipped: add the next. This module
holds the first wave's (m001-m007, shipped); the second wave's are in ``migrations_wave2``,
registered on the same ``migrations`` object right after these, so they apply in number order.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("foia_tracker")


@migrations()
def m001_agencies(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE agencies (
            id INTEGER PRIMARY KEY,
            external_id TEXT,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            state TEXT NOT NULL,
            email TEXT NOT NULL DEFAULT '',
            email_status TEXT NOT NULL DEFAULT 'ok' CHECK (email_status IN ('ok', 'bounced')),
            delivery TEXT NOT NULL DEFAULT 'email'
                CHECK (delivery IN ('email', 'portal', 'mail', 'fax', 'none')),
            contact_name TEXT NOT NULL DEFAULT '',
            address TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '',
            portal_url TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            extra TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    # Upsert keys: one address can serve several districts, so never the email.
    db.execute(
        "CREATE UNIQUE INDEX agencies_external ON agencies(state, external_id) "
        "WHERE external_id IS NOT NULL"
    )
    db.execute("CREATE UNIQUE INDEX agencies_name ON agencies(state, name_key)")
    db.execute("CREATE INDEX agencies_email ON agencies(email)")
    db.execute(
        """
        CREATE TABLE agency_addresses (
            agency_id INTEGER NOT NULL REFERENCES agencies(id),
            address TEXT NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('import', 'learned', 'user')),
            PRIMARY KEY (agency_id, address)
        )
        """
    )
    db.execute("CREATE INDEX agency_addresses_address ON agency_addresses(address)")


@migrations()
def m002_campaigns_requests(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            template TEXT NOT NULL,
            subject TEXT NOT NULL,
            vars TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE requests (
            id INTEGER PRIMARY KEY,
            ref TEXT NOT NULL UNIQUE,
            token TEXT NOT NULL UNIQUE,
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
            agency_id INTEGER NOT NULL REFERENCES agencies(id),
            jurisdiction TEXT NOT NULL,
            status TEXT NOT NULL,
            status_manual INTEGER NOT NULL DEFAULT 0,
            needs_review INTEGER NOT NULL DEFAULT 0,
            to_addr TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL,
            letter TEXT NOT NULL,
            law_version TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            sent_at TEXT,
            due TEXT,
            due_kind TEXT,
            due_basis TEXT,
            fee_amount TEXT,
            tracking_number TEXT,
            closed_at TEXT,
            UNIQUE (campaign_id, agency_id)
        )
        """
    )
    db.execute("CREATE INDEX requests_agency ON requests(agency_id)")
    db.execute("CREATE INDEX requests_status ON requests(status)")


@migrations()
def m003_outbox(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES requests(id),
            kind TEXT NOT NULL CHECK (kind IN ('request', 'followup', 'appeal', 'reply')),
            to_addr TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            message_id TEXT NOT NULL UNIQUE,
            in_reply_to TEXT,
            provider_message_id TEXT,
            state TEXT NOT NULL DEFAULT 'pending'
                CHECK (state IN ('pending', 'sending', 'sent', 'uncertain', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            smtp_reply TEXT,
            raw_sha256 TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )
        """
    )
    db.execute("CREATE INDEX outbox_state ON outbox(state)")
    db.execute("CREATE INDEX outbox_request ON outbox(request_id)")
    db.execute("CREATE INDEX outbox_provider_id ON outbox(provider_message_id)")


@migrations()
def m004_messages(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            message_id TEXT,
            raw_sha256 TEXT NOT NULL UNIQUE,
            size INTEGER NOT NULL,
            from_addr TEXT NOT NULL DEFAULT '',
            to_addrs TEXT NOT NULL DEFAULT '[]',
            subject TEXT NOT NULL DEFAULT '',
            date TEXT,
            received_at TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'unknown',
            automated INTEGER NOT NULL DEFAULT 0,
            own_copy INTEGER NOT NULL DEFAULT 0,
            auth_results TEXT,
            body_text TEXT NOT NULL DEFAULT '',
            facts TEXT NOT NULL DEFAULT '{}',
            parse_error TEXT
        )
        """
    )
    db.execute("CREATE INDEX messages_message_id ON messages(message_id)")
    db.execute(
        """
        CREATE TABLE message_copies (
            message_row INTEGER NOT NULL REFERENCES messages(id),
            account TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            uid INTEGER NOT NULL,
            internaldate TEXT,
            PRIMARY KEY (account, folder, uidvalidity, uid)
        )
        """
    )
    db.execute("CREATE INDEX message_copies_message ON message_copies(message_row)")
    db.execute(
        """
        CREATE TABLE message_requests (
            message_row INTEGER NOT NULL REFERENCES messages(id),
            request_id INTEGER NOT NULL REFERENCES requests(id),
            method TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            actor TEXT NOT NULL DEFAULT 'auto' CHECK (actor IN ('auto', 'user')),
            PRIMARY KEY (message_row, request_id)
        )
        """
    )
    db.execute("CREATE INDEX message_requests_request ON message_requests(request_id)")
    db.execute(
        """
        CREATE TABLE message_candidates (
            message_row INTEGER NOT NULL REFERENCES messages(id),
            request_id INTEGER NOT NULL REFERENCES requests(id),
            method TEXT NOT NULL,
            score REAL NOT NULL,
            evidence TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (message_row, request_id)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            content_type TEXT NOT NULL,
            text TEXT,
            text_status TEXT NOT NULL DEFAULT 'none' CHECK (text_status IN ('ok', 'partial', 'none'))
        )
        """
    )
    db.execute(
        """
        CREATE TABLE attachments (
            id INTEGER PRIMARY KEY,
            message_row INTEGER NOT NULL REFERENCES messages(id),
            filename TEXT NOT NULL,
            safe_name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES documents(sha256),
            size INTEGER NOT NULL,
            source TEXT NOT NULL
                CHECK (source IN ('attachment', 'zip-member', 'nested', 'uuencode', 'tnef', 'manual')),
            parent_sha256 TEXT
        )
        """
    )
    db.execute("CREATE INDEX attachments_message ON attachments(message_row)")
    db.execute(
        """
        CREATE TABLE mail_state (
            account TEXT NOT NULL,
            folder TEXT NOT NULL,
            uidvalidity INTEGER NOT NULL,
            last_uid INTEGER NOT NULL,
            PRIMARY KEY (account, folder)
        )
        """
    )


@migrations()
def m005_events(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            request_id INTEGER NOT NULL REFERENCES requests(id),
            at TEXT NOT NULL,
            type TEXT NOT NULL,
            actor TEXT NOT NULL,
            message_row INTEGER REFERENCES messages(id),
            detail TEXT NOT NULL DEFAULT '{}'
        )
        """
    )
    db.execute("CREATE INDEX events_request ON events(request_id, at)")


@migrations()
def m006_search_index(db: Database) -> None:
    # Full-text search over message subjects/bodies and document text (search.py).
    db.execute(
        """
        CREATE VIRTUAL TABLE search_index USING fts5(
            message_row UNINDEXED,
            sha256 UNINDEXED,
            title,
            body,
            tokenize = 'unicode61 remove_diacritics 2'
        )
        """
    )
    db.execute("CREATE INDEX attachments_sha256 ON attachments(sha256)")


@migrations()
def m007_settings(db: Database) -> None:
    # What `foia check` learned about the mail provider (never a secret).
    db.execute(
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)"
    )


# The second wave's migrations register themselves on `migrations` when imported (after the
# first wave's, so in number order).
# isort: off
from foia_tracker.db import migrations_wave2  # noqa: E402, F401
from foia_tracker.db import migrations_m021  # noqa: E402, F401
# isort: on

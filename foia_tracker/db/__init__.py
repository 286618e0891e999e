"""The database: the connection, the migrations and every SQL statement, grouped by tables."""

from foia_tracker.db.connection import (
    AUTHSERV_ID,
    PROVIDER_FILES_SENT,
    get_setting,
    open_db,
    row,
    rows,
    set_setting,
    transaction,
)
from foia_tracker.db.migrations import migrations

__all__ = [
    "AUTHSERV_ID",
    "PROVIDER_FILES_SENT",
    "get_setting",
    "migrations",
    "open_db",
    "row",
    "rows",
    "set_setting",
    "transaction",
]

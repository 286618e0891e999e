"""The database: the connection, the migrations and every SQL statement, grouped by tables.

The migrations (``foia_tracker.db.migrations``) are imported by ``open_db`` only: with them,
sqlite-utils stays out of an idle poll (intake/idle.py)."""

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

__all__ = [
    "AUTHSERV_ID",
    "PROVIDER_FILES_SENT",
    "get_setting",
    "open_db",
    "row",
    "rows",
    "set_setting",
    "transaction",
]

"""The agency directory: list, find and edit agencies (the import is in importer.py).

Names other packages import stay importable from here: find_agency, mark_address_bounced,
list_agencies, import_agencies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import agencies as stored
from foia_tracker.db import transaction
from foia_tracker.db.agencies import AgencyFilter, mark_address_bounced  # re-export
from foia_tracker.directory.importer import ImportOptions, ImportResult, import_agencies
from foia_tracker.directory.merge import Change, label
from foia_tracker.directory.validate import (
    DELIVERY,
    check_delivery,
    check_email,
    check_url,
    has_control,
    normalise_name,
    single_line,
)
from foia_tracker.errors import NotFound, UsageError

__all__ = [
    "AGENCY_COLUMNS",
    "AgencyEdit",
    "ImportOptions",
    "ImportResult",
    "find_agency",
    "import_agencies",
    "list_agencies",
    "mark_address_bounced",
    "normalise_name",
    "update_agency",
]

AGENCY_COLUMNS = (
    "id",
    "external_id",
    "name",
    "state",
    "email",
    "email_status",
    "delivery",
    "contact_name",
    "phone",
    "kind",
)


def list_agencies(
    db: Database,
    *,
    state: str | None = None,
    no_email: bool = False,
    bounced: bool = False,
    delivery: str | None = None,
    search: str | None = None,
) -> list[dict]:
    if delivery and delivery not in DELIVERY:
        raise UsageError(f"--delivery must be one of {', '.join(DELIVERY)}, not {delivery!r}.")
    return stored.find_agencies(db, AgencyFilter(state, no_email, bounced, delivery, search))


def find_agency(db: Database, ident: str) -> dict | None:
    """An agency by internal id or external_id."""
    found = stored.agencies_by_external_id(db, ident)
    if not found and ident.isdigit():
        agency = stored.agency_by_id(db, int(ident))
        found = [agency] if agency else []
    if len(found) > 1:
        raise UsageError(f"External id {ident!r} is used in several states; use the internal id.")
    return found[0] if found else None


@dataclass(frozen=True)
class AgencyEdit:
    """`foia agencies update` options; None leaves a field alone, "" clears it."""

    email: str | None = None
    delivery: str | None = None
    portal_url: str | None = None
    contact_name: str | None = None
    address: str | None = None


def update_agency(db: Database, ident: str, edit: AgencyEdit, *, now: datetime) -> list[Change]:
    """Edit one agency, checked as an import checks it; returns what changed."""
    agency = find_agency(db, ident)
    if not agency:
        raise NotFound(f"No agency {ident!r}; `foia agencies list --search TEXT` finds its id.")
    wanted = _checked_edit(edit)
    if "email" in wanted and "delivery" not in wanted:
        if wanted["email"] and agency["delivery"] == "none":
            wanted["delivery"] = "email"
        elif not wanted["email"] and agency["delivery"] == "email":
            wanted["delivery"] = "none"
    if wanted.get("delivery", agency["delivery"]) == "email" and not wanted.get(
        "email", agency["email"]
    ):
        raise UsageError("Delivery by email needs an email address; give --email too.")
    changes = {k: v for k, v in wanted.items() if v != (agency[k] or "")}
    if not changes:
        return []
    report = [Change(label(agency), k, agency[k] or "", v) for k, v in changes.items()]
    if "email" in changes:
        changes["email_status"] = "ok"
    changes["updated_at"] = now.isoformat()
    with transaction(db):
        stored.update_agency(db, agency["id"], changes)
        kept = [(agency["id"], a) for a in (agency["email"], wanted.get("email")) if a]
        stored.add_addresses(db, kept, "user")
    return report


def _checked_edit(edit: AgencyEdit) -> dict[str, str]:
    wanted: dict[str, str] = {}
    if edit.email is not None:
        email, others, problem = check_email(edit.email)
        if problem or others or (edit.email.strip() and not email):
            raise UsageError(f"--email must be one valid address, not {edit.email!r}.")
        wanted["email"] = email
    if edit.delivery is not None:
        wanted["delivery"], problem = check_delivery(edit.delivery)
        if problem:
            raise UsageError(
                f"--delivery must be one of {', '.join(DELIVERY)}, not {edit.delivery!r}."
            )
    if edit.portal_url is not None:
        wanted["portal_url"], problem = (
            check_url(edit.portal_url) if edit.portal_url else ("", None)
        )
        if problem:
            raise UsageError(
                f"--portal-url must be a web address (https://...), not {edit.portal_url!r}."
            )
    for name in ("contact_name", "address"):
        value = getattr(edit, name)
        if value is not None:
            if has_control(value):
                raise UsageError(f"--{name.replace('_', '-')} contains control characters.")
            wanted[name] = single_line(value, ", " if name == "address" else " ")
    return wanted

"""Which column is which: header recognition and ``--map FIELD=COLUMN``.

Headers are compared ignoring case, spaces and punctuation, so "E-mail Address", "email_address"
and "EMAIL ADDRESS" are one header. Where two columns could be the same field the import stops
and asks (a guess would send letters to the wrong office); every column not used for a field is
kept as a template variable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foia_tracker.errors import UsageError

# The agency columns a directory can fill (the `agencies` table).
FIELDS = (
    "name",
    "state",
    "email",
    "external_id",
    "contact_name",
    "address",
    "phone",
    "portal_url",
    "kind",
    "delivery",
)
# Parts composed into `address` as "Street, Suite 2, Town, ST 06103".
PARTS = ("street", "street2", "city", "zip")
MAP_FIELDS = FIELDS + PARTS

# Normalised header -> field. "Address" alone is the street part: with a town or ZIP column
# beside it the address is composed, without one it is the whole address.
_ALIASES = {
    "name": "name agencyname agency district districtname leaname lea schooldistrict "
    "schooldistrictname",
    "state": "state st statecode stateabbreviation stateabbr",
    "email": "email emailaddress superintendentemail recordsemail foiaemail foilemail "
    "contactemail recordsofficeremail",
    "external_id": "externalid ncesid leaid ncesleaid ncesdistrictid districtcode districtid "
    "districtnumber leacode",
    "contact_name": "contactname contact superintendent superintendentname recordsofficer "
    "recordscustodian custodian foiaofficer",
    "street": "street streetaddress address mailingaddress address1 street1 addressline1",
    "street2": "address2 street2 addressline2 suite",
    "city": "city town citytown municipality",
    "zip": "zip zipcode postalcode postcode",
    "phone": "phone telephone phonenumber telephonenumber",
    "portal_url": "portal portalurl recordsportal requestportal foiaportal",
    "kind": "kind type agencytype districttype",
    "delivery": "delivery deliverymethod sendby",
}
ALIASES = {alias: name for name, words in _ALIASES.items() for alias in words.split()}
# Headers that hold an NCES LEAID: spreadsheets drop its leading zero (0901920 -> 901920).
NCES_ID_HEADERS = frozenset({"ncesid", "leaid", "ncesleaid", "ncesdistrictid"})


@dataclass(frozen=True)
class ColumnPlan:
    """Where each field is in the file (column indexes) and which columns are extra variables."""

    header: tuple[str, ...]
    fields: dict[str, int]
    extra: dict[str, int] = field(default_factory=dict)
    nces_ids: bool = False

    def provides(self) -> set[str]:
        """The agency columns this file has (a re-import updates only these)."""
        given = {f for f in self.fields if f in FIELDS}
        if any(p in self.fields for p in PARTS):
            given.add("address")
        return given


def header_key(header: str) -> str:
    return re.sub(r"[\W_]+", "", header.casefold())


def variable_name(header: str, index: int) -> str:
    """A header as a template variable: "Board Chair" -> board_chair."""
    name = re.sub(r"\W+", "_", header.casefold()).strip("_")
    if not name:
        return f"column_{index + 1}"
    return f"col_{name}" if name[0].isdigit() else name


def parse_mapping(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``--map FIELD=COLUMN`` options as {field: column}; an unknown field is a usage error."""
    mapping: dict[str, str] = {}
    for item in items:
        name, sep, column = item.partition("=")
        name = name.strip().casefold().replace("-", "_")
        if not sep or not column.strip():
            raise UsageError(
                f"--map takes FIELD=COLUMN (e.g. email='Records Email'), not {item!r}."
            )
        if name not in MAP_FIELDS:
            raise UsageError(
                f"--map names an unknown field {name!r}; fields: {', '.join(MAP_FIELDS)}."
            )
        if name in mapping:
            raise UsageError(f"--map names the field {name!r} twice.")
        mapping[name] = column.strip()
    return mapping


def plan_columns(header: list[str], mapping: dict[str, str]) -> ColumnPlan:
    """The plan for a file's header row, following ``mapping`` first."""
    header = [h.strip() for h in header]
    _refuse_duplicate_headers(header)
    chosen = {name: _column_index(header, column, name) for name, column in mapping.items()}
    taken = set(chosen.values())
    candidates: dict[str, list[int]] = {}
    for index, text in enumerate(header):
        name = ALIASES.get(header_key(text))
        if index in taken or not name or name in chosen:
            continue
        candidates.setdefault(name, []).append(index)
    for name, indexes in candidates.items():
        if len(indexes) > 1:
            both = " and ".join(repr(header[i]) for i in indexes)
            raise UsageError(
                f"Columns {both} could each be the {name}; choose one with "
                f"--map {name}=COLUMN (the others are kept as template variables)."
            )
        chosen[name] = indexes[0]
    extra = extra_columns(header, set(chosen.values()))
    external = chosen.get("external_id")
    nces = external is not None and header_key(header[external]) in NCES_ID_HEADERS
    return ColumnPlan(tuple(header), chosen, extra, nces_ids=nces)


def require(plan: ColumnPlan, default_state: str | None) -> None:
    """name and state, except in a file that only updates agencies by external_id (an email
    merge: LEAID + Email)."""
    missing = [f for f in ("name", "state") if f not in plan.fields]
    if default_state and "state" in missing:
        missing.remove("state")
    if "external_id" in plan.fields and "name" in missing:
        return
    if missing:
        found = ", ".join(repr(h) for h in plan.header)
        raise UsageError(
            f"The header has no {' or '.join(missing)} column (found: {found}); name it with "
            f"--map {missing[0]}=COLUMN" + (" or give --state XX." if "state" in missing else ".")
        )


def _refuse_duplicate_headers(header: list[str]) -> None:
    seen: dict[str, int] = {}
    for index, text in enumerate(header):
        if not text:
            continue
        first = seen.setdefault(text.casefold(), index)
        if first != index:
            raise UsageError(
                f"Columns {first + 1} and {index + 1} are both named {text!r}; rename one so "
                "neither is silently lost."
            )


def _column_index(header: list[str], column: str, name: str) -> int:
    for test in (str.strip, str.casefold, header_key):
        matches = [i for i, h in enumerate(header) if h and test(h) == test(column)]
        if len(matches) == 1:
            return matches[0]
    found = ", ".join(repr(h) for h in header if h)
    raise UsageError(
        f"--map {name}={column!r}: the file has no column {column!r}; columns: {found}."
    )


def extra_columns(header: list[str], used: set[int]) -> dict[str, int]:
    extra: dict[str, int] = {}
    for index, text in enumerate(header):
        if index in used:
            continue
        name = variable_name(text, index)
        if name in extra:
            other = header[extra[name]]
            raise UsageError(
                f"Columns {other!r} and {text!r} would both be the template variable {name!r}; "
                "rename one of them."
            )
        extra[name] = index
    return extra

"""The NCES Common Core of Data (CCD) LEA directory file (`ccd_lea_029_*`), ~19,000 LEAs.

Column names and codes follow the CCD LEA universe file's documentation (NCES, Common Core of
Data, "Local Education Agency (School District) Universe Survey" directory file layout and its
code lists): LEAID is the 7-digit NCES id (2-digit state FIPS + 5), ST the state's USPS code,
LSTREET1/LCITY/LSTATE/LZIP the location address (MSTREET1... the mailing address), LEA_TYPE the
agency type and SY_STATUS its status in the school year. The file has no email addresses: they
come from a second file merged by LEAID.
"""

from __future__ import annotations

from foia_tracker.directory.headers import ColumnPlan, extra_columns
from foia_tracker.errors import UsageError

# LEA_TYPE codes (CCD documentation): 1 regular district not in a supervisory union, 2 regular
# district in a supervisory union, 3 supervisory union administrative centre, 4 regional
# education service agency, 5 state agency, 6 federal agency, 7 independent charter agency,
# 8 other, 9 specialized public school district.
LEA_KINDS = {
    1: "school_district",
    2: "school_district",
    3: "supervisory_union",
    4: "service_agency",
    5: "state_agency",
    6: "federal_agency",
    7: "charter_agency",
    8: "other_agency",
    9: "specialized_district",
}
DEFAULT_LEA_TYPES = (1, 2, 7)  # regular districts and charter agencies
# SY_STATUS codes (CCD documentation): 1 open, 2 closed, 3 new, 4 added, 5 changed boundary or
# agency, 6 inactive, 7 future, 8 reopened. Closed, inactive and future LEAs get no letter.
SKIPPED_STATUS = {2: "closed", 6: "inactive", 7: "future"}

_FIELDS = {
    "external_id": "LEAID",
    "name": "LEA_NAME",
    "state": "ST",
    "street": "LSTREET1",
    "street2": "LSTREET2",
    "city": "LCITY",
    "address_state": "LSTATE",
    "zip": "LZIP",
    "zip4": "LZIP4",
    "phone": "PHONE",
}
_REQUIRED = ("LEAID", "LEA_NAME", "ST")
# What else is kept as template variables: the rest of the file is statistics nobody writes to.
_KEPT = ("WEBSITE", "ST_LEAID", "LEA_TYPE", "LEA_TYPE_TEXT", "MSTREET1", "MCITY", "MSTATE", "MZIP")


def ccd_plan(header: list[str]) -> ColumnPlan:
    position = {h.strip().upper(): i for i, h in enumerate(header)}
    missing = [c for c in _REQUIRED if c not in position]
    if missing:
        raise UsageError(
            f"This is not an NCES CCD LEA directory file: no {', '.join(missing)} column "
            "(leave out --source nces-ccd for other directories)."
        )
    fields = {f: position[c] for f, c in _FIELDS.items() if c in position}
    for status_column in ("LEA_TYPE", "SY_STATUS"):
        if status_column in position:
            fields[status_column.lower()] = position[status_column]
    kept = {position[c] for c in _KEPT if c in position}
    unused = set(range(len(header))) - kept
    extra = extra_columns([h.strip() for h in header], unused)
    return ColumnPlan(tuple(h.strip() for h in header), fields, extra, nces_ids=True)


def parse_lea_types(text: str) -> tuple[int, ...]:
    try:
        types = tuple(int(t) for t in text.replace(" ", "").split(",") if t)
    except ValueError:
        types = ()
    if not types or any(t not in LEA_KINDS for t in types):
        raise UsageError(
            f"--lea-types takes CCD LEA_TYPE codes 1-9 separated by commas, not {text!r}."
        )
    return types


def lea_filter(
    cells: list[str], plan: ColumnPlan, lea_types: tuple[int, ...]
) -> tuple[str | None, str]:
    """(why this LEA is left out, or None; its kind)."""
    lea_type, status = _code(cells, plan, "lea_type"), _code(cells, plan, "sy_status")
    if status in SKIPPED_STATUS:
        return SKIPPED_STATUS[status], ""
    if lea_type is not None and lea_type not in lea_types:
        return f"LEA type {lea_type}", ""
    return None, LEA_KINDS.get(lea_type, "")


def _code(cells: list[str], plan: ColumnPlan, name: str) -> int | None:
    index = plan.fields.get(name)
    if index is None or index >= len(cells):
        return None
    try:
        return int(float(cells[index]))
    except ValueError:
        return None

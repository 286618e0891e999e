"""One directory row, checked: pure functions, no I/O.

A bad *optional* cell (an email, a delivery word, a portal address) never costs the agency: the
row is kept without that cell and the report says so. Only a missing or unusable name or state
skips a row, because then there is nothing to write to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foia_tracker.directory.headers import ColumnPlan
from foia_tracker.law.codes import STATE_CODES

DELIVERY = ("email", "portal", "mail", "fax", "none")
# Words people put in a "Delivery" column, mapped onto ours.
DELIVERY_WORDS = {
    "e-mail": "email",
    "post": "mail",
    "postal": "mail",
    "us mail": "mail",
    "letter": "mail",
    "online": "portal",
    "web": "portal",
    "web portal": "portal",
    "website": "portal",
}
# A deliberately plain addr-spec check (RFC 5322 dot-atom local part, a dotted domain whose labels
# are non-empty, so `foi@hartfordschools..org` fails): enough to catch typos and pasted names
# without rejecting real district addresses.
_EMAIL = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)
_LINE_BREAK = re.compile(r"\s*[\r\n]+\s*")
# C0 controls other than tab/CR/LF, and DEL: no business in a directory (and CR/LF in a name or an
# address could inject mail headers).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Compiled once: normalise_name runs twice a row and split_emails once (a national directory
# has 19,000 rows), and re.sub/re.split with a pattern string look it up in re's cache each time.
_NOT_NAME = re.compile(r"[^0-9a-z]+")
_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$", re.IGNORECASE)
# Longest cell we keep. Excel's own limit is 32,767 characters; a longer one is a broken export.
MAX_CELL = 32_767

STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI", "minnesota": "MN",
    "mississippi": "MS", "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV",
    "new hampshire": "NH", "new jersey": "NJ", "new mexico": "NM", "new york": "NY",
    "north carolina": "NC", "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR",
    "pennsylvania": "PA", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}  # fmt: skip


@dataclass
class Checked:
    """What checking one row found: the values to keep and what was reported about them."""

    values: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    additional_emails: tuple[str, ...] = ()
    bad_email: str | None = (
        None  # what was wrong with the email cell; the importer says what it did
    )
    problems: list[str] = field(default_factory=list)
    fatal: bool = False


def normalise_name(name: str) -> str:
    return " ".join(_NOT_NAME.sub(" ", name.casefold().replace("&", " and ")).split())


def state_code(text: str) -> str | None:
    text = " ".join(text.split())
    if text.upper() in STATE_CODES:
        return text.upper()
    return STATE_NAMES.get(text.casefold())


def single_line(value: str, joiner: str = " ") -> str:
    """A cell as one line: spreadsheet cells often hold line breaks (an address over two lines)."""
    return _LINE_BREAK.sub(joiner, value.strip())


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


def split_emails(cell: str) -> tuple[list[str], list[str]]:
    """(good addresses, bad ones) from a cell that may hold several, separated by ; , or spaces.
    A `mailto:` prefix (pasted from a web page) is dropped."""
    good, bad = [], []
    for part in _EMAIL_SEPARATORS.split(cell):
        part = part.strip().strip("<>")
        if part.lower().startswith("mailto:"):
            part = part[7:]
        if not part:
            continue
        if _EMAIL.match(part) and not has_control(part):
            good.append(part.lower())
        else:
            bad.append(part)
    return good, bad


def check_email(cell: str) -> tuple[str, tuple[str, ...], str | None]:
    """(the address letters go to, other good ones, a problem sentence or None)."""
    if has_control(cell) or "\n" in cell or "\r" in cell:  # a header injection, or garbage
        return "", (), "email contains a line break or control character"
    good, bad = split_emails(cell)
    problem = None
    if bad:
        shown = ", ".join(repr(b) for b in bad)
        problem = f"invalid email {shown}"
    return (good[0] if good else ""), tuple(good[1:]), problem


def check_delivery(cell: str) -> tuple[str, str | None]:
    word = " ".join(cell.casefold().split())
    word = DELIVERY_WORDS.get(word, word)
    if word in DELIVERY:
        return word, None
    return "", f"delivery must be one of {', '.join(DELIVERY)}, not {cell!r}; kept without it"


def check_url(cell: str) -> tuple[str, str | None]:
    if _URL.match(cell):
        return cell, None
    if re.match(r"^www\.[^\s/]+\.[^\s]+$", cell, re.IGNORECASE):
        return "https://" + cell, None
    return "", f"portal_url {cell!r} is not a web address; kept without it"


def check_cells(cells: dict[str, str]) -> str | None:
    """A sentence naming the first cell that is too long or holds control characters."""
    for column, value in cells.items():
        if len(value) > MAX_CELL:
            return (
                f"the {column!r} cell is {len(value):,} characters long (the limit is {MAX_CELL:,})"
            )
    return None


_ONE_LINE_FIELDS = ("external_id", "contact_name", "phone", "kind")


def check_row(cells: list[str], plan: ColumnPlan, default_state: str | None) -> Checked:
    """The agency one row describes, with a sentence for each cell that was left out or fixed.
    ``fatal`` when the row cannot be kept (no usable name or state, unreadable cells)."""
    checked = Checked()
    width = len(plan.header)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        return _fatal(checked, f"{len(cells)} values but the header has {width} columns")
    named = {plan.header[i] or f"column {i + 1}": c for i, c in enumerate(cells[:width])}
    too_long = check_cells(named)
    if too_long:
        return _fatal(checked, too_long)

    def cell(name: str) -> str:
        index = plan.fields.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    name = cell("name")
    if "name" in plan.fields:  # a file without names can only update agencies by external_id
        if not name:
            return _fatal(checked, "name is empty")
        if has_control(name) or "\n" in name or "\r" in name:
            return _fatal(checked, "name contains a line break or control character")
        checked.values["name"] = " ".join(name.split())
    given = cell("state")
    state = state_code(given or default_state or "")
    if not state and ("state" in plan.fields or default_state):
        return _fatal(checked, f"unknown state code {given!r}" if given else "state is empty")
    checked.values["state"] = state or ""
    _optional_cells(checked, cell, plan)
    if "address" in plan.provides():
        checked.values["address"] = compose_address(cell, plan, state)
    checked.extra = _extra(checked, cells, plan)
    return checked


def _fatal(checked: Checked, problem: str) -> Checked:
    checked.problems.append(problem + "; row skipped")
    checked.fatal = True
    return checked


def _optional_cells(checked: Checked, cell, plan: ColumnPlan) -> None:
    values = checked.values
    if "email" in plan.fields:
        values["email"], checked.additional_emails, problem = check_email(cell("email"))
        if problem and values["email"]:
            checked.problems.append(problem + " left out")
        elif problem:
            checked.bad_email = problem
    for name in _ONE_LINE_FIELDS:
        if name in plan.fields:
            values[name] = _one_line(checked, name, cell(name))
    if values.get("external_id") and plan.nces_ids and values["external_id"].isdigit():
        values["external_id"] = values["external_id"].zfill(7)  # NCES LEAIDs are 7 digits
    if "portal_url" in plan.fields and cell("portal_url"):
        values["portal_url"], problem = check_url(cell("portal_url"))
        checked.problems.extend([problem] if problem else [])
    if "delivery" in plan.fields and cell("delivery"):
        values["delivery"], problem = check_delivery(cell("delivery"))
        checked.problems.extend([problem] if problem else [])


def _one_line(checked: Checked, name: str, value: str) -> str:
    if has_control(value):
        checked.problems.append(f"{name} contains control characters; kept without it")
        return ""
    return single_line(value)


def compose_address(cell, plan: ColumnPlan, state: str) -> str:
    """ "Street, Suite 2, Town, ST 06103-1234" from the parts the file has; a lone address
    column as it is."""
    street = ", ".join(p for p in (single_line(cell(s), ", ") for s in ("street", "street2")) if p)
    if not any(p in plan.fields for p in ("city", "zip")):
        return "" if has_control(street) else street
    city = single_line(cell("city"))
    if not (street or city):
        return ""
    st = state_code(cell("address_state")) or state  # CCD: the location's own state
    tail = " ".join(p for p in (st, zip_code(cell("zip"), cell("zip4"))) if p)
    address = ", ".join(p for p in (street, city, tail) if p)
    return "" if has_control(address) else address


def zip_code(zip5: str, zip4: str = "") -> str:
    code, plus = zip5.replace(" ", ""), zip4.strip()
    if code.isdigit() and len(code) < 5:  # a spreadsheet dropped New England's leading 0
        code = code.zfill(5)
    elif code.isdigit() and len(code) == 9:
        code, plus = code[:5], plus or code[5:]
    if plus.isdigit() and len(plus) < 4:
        plus = plus.zfill(4)
    return f"{code}-{plus}" if code and plus.isdigit() and len(plus) == 4 else code


def _extra(checked: Checked, cells: list[str], plan: ColumnPlan) -> dict[str, str]:
    extra = {}
    for name, index in plan.extra.items():
        value = cells[index].strip() if index < len(cells) else ""
        if has_control(value):
            checked.problems.append(f"{plan.header[index]!r} contains control characters; left out")
            value = ""
        extra[name] = single_line(value)
    return extra

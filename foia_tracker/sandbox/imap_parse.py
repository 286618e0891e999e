"""IMAP4rev1 command syntax for the sandbox server (RFC 3501 section 9), with no I/O.

A command arrives as text pieces and literals; it parses into atoms (str), strings (bytes:
quoted or literal) and parenthesised lists (list). Sequence sets, dates and message sections
are parsed here too, so the server module only deals with state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

Token = str | bytes | list


class ProtocolError(Exception):
    """A malformed or unsupported command: answered with BAD (RFC 3501 section 7.1.5)."""


_NUL = b"\x00"
_ATOM_STOP = b' ()"{' + _NUL


def join_command(pieces: list[bytes], literals: list[bytes]) -> bytes:
    """Join the text pieces of one command, marking literal n as NUL n NUL.

    NUL never appears in command text (RFC 3501 section 9, CHAR8 excludes %x00), so the
    marker cannot be confused with anything a client sent outside a literal.
    """
    out = bytearray()
    for index, piece in enumerate(pieces):
        out += piece
        if index < len(literals):
            out += _NUL + str(index).encode() + _NUL
    return bytes(out)


def tokenize(text: bytes, literals: list[bytes]) -> list[Token]:
    tokens, pos = _parse_list(text, 0, literals, closing=False)
    if pos != len(text):
        raise ProtocolError("unexpected ')'")
    return tokens


def _parse_list(text: bytes, pos: int, literals: list[bytes], closing: bool):
    items: list[Token] = []
    while pos < len(text):
        char = text[pos : pos + 1]
        if char == b" ":
            pos += 1
        elif char == b"(":
            sub, pos = _parse_list(text, pos + 1, literals, closing=True)
            items.append(sub)
        elif char == b")":
            if not closing:
                return items, pos
            return items, pos + 1
        elif char == b'"':
            value, pos = _parse_quoted(text, pos + 1)
            items.append(value)
        elif char == _NUL:
            end = text.index(_NUL, pos + 1)
            items.append(literals[int(text[pos + 1 : end])])
            pos = end + 1
        else:
            atom, pos = _parse_atom(text, pos)
            items.append(atom)
    if closing:
        raise ProtocolError("missing ')'")
    return items, pos


def _parse_quoted(text: bytes, pos: int) -> tuple[bytes, int]:
    out = bytearray()
    while pos < len(text):
        char = text[pos : pos + 1]
        if char == b"\\" and pos + 1 < len(text):
            out += text[pos + 1 : pos + 2]
            pos += 2
        elif char == b'"':
            return bytes(out), pos + 1
        else:
            out += char
            pos += 1
    raise ProtocolError("unterminated quoted string")


def _parse_atom(text: bytes, pos: int) -> tuple[str, int]:
    # A fetch attribute such as BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]<0.100> keeps its
    # bracketed section, spaces and parentheses included, as one atom (RFC 3501 section 6.4.5).
    start = pos
    while pos < len(text) and text[pos : pos + 1] not in _ATOM_STOP:
        if text[pos : pos + 1] == b"[":
            end = text.find(b"]", pos)
            if end < 0:
                raise ProtocolError("missing ']'")
            pos = end
        pos += 1
    return text[start:pos].decode("utf-8", "replace"), pos


def as_text(token: Token) -> str:
    if isinstance(token, list):
        raise ProtocolError("expected a string, got a list")
    if isinstance(token, bytes):
        return token.decode("utf-8", "replace")
    return token


# --- sequence sets (RFC 3501 section 9, sequence-set) --------------------------------------


@dataclass(frozen=True)
class SequenceSet:
    ranges: tuple[tuple[int | None, int | None], ...]  # None stands for "*"

    def contains(self, number: int, largest: int) -> bool:
        # "*" is the largest number in use; "n:*" with n above it still names the largest
        # message (RFC 3501 section 6.4.8), which is why pollers drop the UID <= last seen.
        for low, high in self.ranges:
            a = largest if low is None else low
            b = largest if high is None else high
            if min(a, b) <= number <= max(a, b):
                return True
        return False


_SEQ_RE = re.compile(r"^(\d+|\*)(?::(\d+|\*))?$")


def parse_sequence_set(text: str) -> SequenceSet:
    ranges = []
    for part in text.split(","):
        match = _SEQ_RE.match(part)
        if not match:
            raise ProtocolError(f"bad sequence set {text!r}")
        low = None if match[1] == "*" else int(match[1])
        high = low if match[2] is None else (None if match[2] == "*" else int(match[2]))
        if low == 0 or high == 0:
            raise ProtocolError("sequence numbers start at 1")
        ranges.append((low, high))
    return SequenceSet(tuple(ranges))


def is_sequence_set(text: str) -> bool:
    return all(_SEQ_RE.match(part) for part in text.split(","))


# --- dates (RFC 3501 section 9, date and date-time) ----------------------------------------


def parse_search_date(token: Token) -> date:
    try:
        return datetime.strptime(as_text(token), "%d-%b-%Y").date()
    except ValueError as err:
        raise ProtocolError(f"bad date {as_text(token)!r}") from err


def parse_internaldate(token: Token) -> datetime:
    try:
        return datetime.strptime(as_text(token).strip(), "%d-%b-%Y %H:%M:%S %z")
    except ValueError as err:
        raise ProtocolError(f"bad date-time {as_text(token)!r}") from err


def format_internaldate(when: datetime) -> str:
    return when.strftime('"%d-%b-%Y %H:%M:%S %z"')


# --- fetch attributes (RFC 3501 section 6.4.5) ---------------------------------------------


@dataclass(frozen=True)
class FetchItem:
    name: str  # UID, FLAGS, INTERNALDATE, RFC822.SIZE or BODY
    section: str = ""  # "", HEADER, TEXT, HEADER.FIELDS, HEADER.FIELDS.NOT
    fields: tuple[str, ...] = ()
    peek: bool = True
    partial: tuple[int, int | None] | None = None
    label: str = ""  # how the response names it, e.g. BODY[HEADER.FIELDS (MESSAGE-ID)]


_MACROS = {
    "FAST": ["FLAGS", "INTERNALDATE", "RFC822.SIZE"],
}
_SIMPLE = {"UID", "FLAGS", "INTERNALDATE", "RFC822.SIZE"}
_BODY_RE = re.compile(r"^(BODY|BODY\.PEEK)\[([^\]]*)\](?:<(\d+)(?:\.(\d+))?>)?$", re.IGNORECASE)
_FIELDS_RE = re.compile(r"^(HEADER\.FIELDS(?:\.NOT)?)\s*\((.*)\)$", re.IGNORECASE)


def parse_fetch_items(token: Token) -> list[FetchItem]:
    names = [as_text(t) for t in token] if isinstance(token, list) else [as_text(token)]
    expanded: list[str] = []
    for name in names:
        expanded.extend(_MACROS.get(name.upper(), [name]))
    return [_fetch_item(name) for name in expanded]


def _fetch_item(name: str) -> FetchItem:
    upper = name.upper()
    if upper in _SIMPLE:
        return FetchItem(upper, label=upper)
    if upper == "RFC822":
        return FetchItem("BODY", peek=False, label="RFC822")
    if upper == "RFC822.HEADER":
        return FetchItem("BODY", "HEADER", label="RFC822.HEADER")
    if upper == "RFC822.TEXT":
        return FetchItem("BODY", "TEXT", peek=False, label="RFC822.TEXT")
    match = _BODY_RE.match(name)
    if not match:
        raise ProtocolError(f"fetch item {name!r} is not supported by the sandbox")
    return _body_item(match)


def _body_item(match: re.Match) -> FetchItem:
    section = match[2].strip()
    fields: tuple[str, ...] = ()
    fields_match = _FIELDS_RE.match(section)
    if fields_match:
        fields = tuple(f.strip('"').upper() for f in fields_match[2].split())
        section = fields_match[1].upper()
        label_section = f"{section} ({' '.join(fields)})"
    elif section.upper() in ("", "HEADER", "TEXT"):
        section = label_section = section.upper()
    else:
        raise ProtocolError(f"body section {section!r} is not supported by the sandbox")
    partial = None
    label = f"BODY[{label_section}]"
    if match[3] is not None:
        partial = (int(match[3]), None if match[4] is None else int(match[4]))
        label += f"<{match[3]}>"
    peek = match[1].upper() == "BODY.PEEK"
    return FetchItem("BODY", section, fields, peek, partial, label)

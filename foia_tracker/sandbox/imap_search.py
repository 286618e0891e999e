"""SEARCH criteria and message sections for the sandbox IMAP server (RFC 3501 6.4.4, 6.4.5)."""

from __future__ import annotations

import email
import email.header
import email.policy
import email.utils
import re
from collections.abc import Callable
from dataclasses import dataclass

from .imap_parse import (
    ProtocolError,
    SequenceSet,
    Token,
    as_text,
    is_sequence_set,
    parse_search_date,
    parse_sequence_set,
)
from .mailstore import StoredMessage


@dataclass(frozen=True)
class Candidate:
    seq: int
    message: StoredMessage


Predicate = Callable[[Candidate], bool]


def split_message(raw: bytes) -> tuple[bytes, bytes]:
    """Header block (with its blank line) and body. Tolerates bare-LF messages."""
    for separator in (b"\r\n\r\n", b"\n\n"):
        index = raw.find(separator)
        if index >= 0:
            return raw[: index + len(separator)], raw[index + len(separator) :]
    return raw, b""


def header_lines(header: bytes) -> list[tuple[str, bytes]]:
    """(field name, the whole field with its continuation lines) in order (RFC 5322 2.2.3)."""
    fields: list[tuple[str, bytes]] = []
    for line in header.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and fields:
            name, text = fields[-1]
            fields[-1] = (name, text + line)
        elif b":" in line:
            fields.append((line.split(b":", 1)[0].strip().decode("ascii", "replace"), line))
    return fields


def header_section(raw: bytes, names: tuple[str, ...], exclude: bool) -> bytes:
    header, _ = split_message(raw)
    wanted = {n.upper() for n in names}
    kept = [text for name, text in header_lines(header) if (name.upper() in wanted) != exclude]
    return b"".join(kept) + b"\r\n"


def header_values(raw: bytes, name: str) -> list[str]:
    header, _ = split_message(raw)
    values = []
    for field_name, text in header_lines(header):
        if field_name.upper() == name.upper():
            value = text.split(b":", 1)[1].decode("utf-8", "replace")
            values.append(re.sub(r"\r?\n[ \t]", " ", value).strip())
    return values


def _decoded(value: str) -> str:
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (ValueError, LookupError, email.errors.HeaderParseError):
        return value


def _header_contains(name: str, needle: str) -> Predicate:
    needle = needle.lower()

    def check(c: Candidate) -> bool:
        for value in header_values(c.message.raw, name):
            if needle in value.lower() or needle in _decoded(value).lower():
                return True
        return False

    return check


def _sent_date(c: Candidate):
    values = header_values(c.message.raw, "Date")
    try:
        return email.utils.parsedate_to_datetime(values[0]).date() if values else None
    except (TypeError, ValueError, IndexError):
        return None


_FLAG_KEYS = {
    "ANSWERED": ("\\Answered", True),
    "DELETED": ("\\Deleted", True),
    "DRAFT": ("\\Draft", True),
    "FLAGGED": ("\\Flagged", True),
    "SEEN": ("\\Seen", True),
    "UNANSWERED": ("\\Answered", False),
    "UNDELETED": ("\\Deleted", False),
    "UNDRAFT": ("\\Draft", False),
    "UNFLAGGED": ("\\Flagged", False),
    "UNSEEN": ("\\Seen", False),
}


class SearchParser:
    """Turns a SEARCH key list into one predicate over (sequence number, message)."""

    def __init__(self, tokens: list[Token], largest_seq: int, largest_uid: int) -> None:
        self.tokens = list(tokens)
        self.largest_seq = largest_seq
        self.largest_uid = largest_uid

    def parse(self) -> Predicate:
        if self.tokens and as_text(self.tokens[0]).upper() == "CHARSET":
            charset = as_text(self.tokens[1]).upper() if len(self.tokens) > 1 else ""
            if charset not in ("US-ASCII", "UTF-8"):
                raise ProtocolError(f"charset {charset!r} is not supported")
            self.tokens = self.tokens[2:]
        if not self.tokens:
            raise ProtocolError("SEARCH needs at least one key")
        keys = []
        while self.tokens:
            keys.append(self._key())
        return lambda c: all(key(c) for key in keys)

    def _next(self) -> Token:
        if not self.tokens:
            raise ProtocolError("SEARCH key is missing an argument")
        return self.tokens.pop(0)

    def _key(self) -> Predicate:
        token = self._next()
        if isinstance(token, list):
            inner = SearchParser(token, self.largest_seq, self.largest_uid)
            return inner.parse()
        word = as_text(token).upper()
        if word in _FLAG_KEYS:
            flag, present = _FLAG_KEYS[word]
            return lambda c: (flag in c.message.flags) == present
        if word == "NOT":
            inner_key = self._key()
            return lambda c: not inner_key(c)
        if word == "OR":
            left, right = self._key(), self._key()
            return lambda c: left(c) or right(c)
        return self._valued_key(word)

    def _valued_key(self, word: str) -> Predicate:
        simple: dict[str, Predicate] = {
            "ALL": lambda c: True,
            "OLD": lambda c: True,
            "NEW": lambda c: False,
            "RECENT": lambda c: False,
        }
        if word in simple:
            return simple[word]
        if word in ("BEFORE", "ON", "SINCE", "SENTBEFORE", "SENTON", "SENTSINCE"):
            return self._date_key(word, parse_search_date(self._next()))
        if word in ("FROM", "TO", "CC", "BCC", "SUBJECT"):
            return _header_contains(word, as_text(self._next()))
        if word == "HEADER":
            name = as_text(self._next())
            return _header_contains(name, as_text(self._next()))
        return self._content_key(word)

    def _content_key(self, word: str) -> Predicate:
        if word in ("BODY", "TEXT"):
            needle = as_text(self._next()).lower().encode()
            part = 1 if word == "BODY" else slice(None)
            return lambda c: needle in _searchable(c.message.raw, part)
        if word in ("LARGER", "SMALLER"):
            size = int(as_text(self._next()))
            if word == "LARGER":
                return lambda c: len(c.message.raw) > size
            return lambda c: len(c.message.raw) < size
        if word in ("KEYWORD", "UNKEYWORD"):
            flag = as_text(self._next())
            return lambda c: (flag in c.message.flags) == (word == "KEYWORD")
        if word == "UID":
            uids = parse_sequence_set(as_text(self._next()))
            return lambda c: uids.contains(c.message.uid, self.largest_uid)
        if is_sequence_set(word):
            seqs: SequenceSet = parse_sequence_set(word)
            return lambda c: seqs.contains(c.seq, self.largest_seq)
        raise ProtocolError(f"unknown SEARCH key {word!r}")

    def _date_key(self, word: str, day) -> Predicate:
        def when(c: Candidate):
            if word.startswith("SENT"):
                return _sent_date(c)
            return c.message.internaldate.date()

        compare = {
            "BEFORE": lambda d: d < day,
            "ON": lambda d: d == day,
            "SINCE": lambda d: d >= day,
        }[word.removeprefix("SENT")]
        return lambda c: (d := when(c)) is not None and compare(d)


def _searchable(raw: bytes, part) -> bytes:
    if part == 1:
        return split_message(raw)[1].lower()
    return raw.lower()

"""The classifier's vocabulary: the kinds of reply, what a caller hands in, what comes back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class ReplyKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    FEE_ESTIMATE = "fee_estimate"
    CLARIFICATION = "clarification"
    DENIAL = "denial"
    NO_RECORDS = "no_records"
    RECORDS_PROVIDED = "records_provided"
    RECORDS_LINK = "records_link"
    OTHER = "other"


K = ReplyKind

# Records (real attachments or a download link) first: a production that also withholds some
# parts is a partial fulfilment, not a denial. Then the end states a request can reach without
# records, then what pauses the clock (fee, clarification), then what only moves or confirms it.
PRECEDENCE: tuple[ReplyKind, ...] = (
    K.RECORDS_PROVIDED,
    K.RECORDS_LINK,
    K.DENIAL,
    K.NO_RECORDS,
    K.FEE_ESTIMATE,
    K.CLARIFICATION,
    K.EXTENSION,
    K.ACKNOWLEDGEMENT,
)
# The kinds that bring records (attached or linked).
RECORDS_KINDS = frozenset((K.RECORDS_PROVIDED, K.RECORDS_LINK))
DOWNLOAD_FLAG = "download before it expires"


@dataclass(frozen=True)
class ReplyText:
    subject: str
    body: str
    attachment_names: tuple[str, ...]
    automated: bool
    received_at: datetime
    # The text of our own letter(s) on the request: agencies paste it back without quote marks.
    our_text: str = ""
    sender: str = ""


@dataclass(frozen=True)
class Classification:
    kind: ReplyKind
    facts: dict = field(default_factory=dict)
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttachedText:
    """The extracted text of one attached PDF/DOCX (its first pages are enough)."""

    filename: str
    text: str
    pages: int | None = None

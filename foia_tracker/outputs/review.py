"""Documents for people: what each holds (PII flags with evidence, text status) and the
user's review decision that the publish profile follows.

``foia review DOC --publish`` says "I read it, it can go out"; ``--hold`` keeps it back even
when nothing is flagged. The decision is kept per document (by content: the same file filed on
two requests is one decision) and in the timeline of every request it is filed on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import documents as queries
from foia_tracker.db import transaction
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.outputs.pii import evidence_text, pii_findings
from foia_tracker.requests.lifecycle import record_event

DECISIONS = ("publish", "hold")
DOC_ID_LENGTH = 12
_HEX = re.compile(r"[0-9a-f]{6,64}")
_NEEDS_OCR_TYPES = ("application/pdf", "image/")
DOCUMENT_FIELDS = (
    "doc", "sha256", "filename", "refs", "content_type", "size", "text_status", "pii_flags",
    "evidence", "review", "review_note", "publish",
)  # fmt: skip


@dataclass(frozen=True)
class DocumentFilter:
    campaign: str | None = None
    flagged: bool = False  # only documents with a PII flag
    unreviewed: bool = False  # only documents without a review decision


@dataclass(frozen=True)
class Verdict:
    """Whether the publish profile includes a document, and why not."""

    include: bool
    reason: str = ""  # "flagged: ssn; not reviewed" | "held by review: <note>"


def text_status_label(text_status: str, content_type: str) -> str:
    """ok / partial / needs_ocr (a PDF or image without a text layer) / none."""
    if text_status == "none" and content_type.lower().startswith(_NEEDS_OCR_TYPES):
        return "needs_ocr"
    return text_status


def publish_verdict(flags: list[str], review: str | None, note: str | None = "") -> Verdict:
    """The publish profile's rule: a review decides; without one, anything flagged is held."""
    if review == "publish":
        return Verdict(True)
    if review == "hold":
        return Verdict(False, "held by review" + (f": {note}" if note else ""))
    if flags:
        return Verdict(False, f"flagged ({', '.join(flags)}) and not reviewed")
    return Verdict(True)


def list_documents(db: Database, filters: DocumentFilter) -> list[dict]:
    """One row per document (``DOCUMENT_FIELDS``), oldest first."""
    out = []
    for doc in queries.filed_documents(db, filters.campaign):
        findings = pii_findings(doc["text"], doc["text_status"], doc["content_type"])
        flags = [f.flag for f in findings]
        if (filters.flagged and not flags) or (filters.unreviewed and doc["review"]):
            continue
        verdict = publish_verdict(flags, doc["review"], doc["review_note"])
        out.append(
            {
                "doc": doc["sha256"][:DOC_ID_LENGTH],
                "sha256": doc["sha256"],
                "filename": doc["filename"],
                "refs": sorted((doc["refs"] or "").split(",")),
                "content_type": doc["content_type"],
                "size": doc["size"],
                "text_status": text_status_label(doc["text_status"], doc["content_type"]),
                "pii_flags": flags,
                "evidence": evidence_text(findings),
                "review": doc["review"],
                "review_note": doc["review_note"],
                "publish": verdict.include,
            }
        )
    return out


def resolve_document(db: Database, doc: str) -> str:
    """The sha256 a ``DOC`` (its first 6 or more hex characters, as `foia documents` shows)
    names; a clear error when none or several match."""
    prefix = doc.strip().lower()
    if not _HEX.fullmatch(prefix):
        raise UsageError(
            f"{doc!r} is not a document id: give at least 6 characters of the doc column of "
            "`foia documents`."
        )
    found = queries.documents_with_prefix(db, prefix)
    if not found:
        raise NotFound(f"No document {doc!r}; see foia documents.")
    if len(found) > 1:
        raise UsageError(f"{doc!r} names more than one document; give more characters.")
    return found[0]


def review_document(db: Database, doc: str, decision: str, note: str, now: datetime) -> dict:
    """Record the decision (replacing an earlier one) and a ``document_reviewed`` event on
    each request the document is filed on; return ``{sha256, decision, note, refs}``."""
    if decision not in DECISIONS:
        raise UsageError(f"A review is one of {', '.join(DECISIONS)}.")
    sha256 = resolve_document(db, doc)
    filed = queries.document_requests(db, sha256)
    with transaction(db):
        queries.put_review(db, sha256, decision, note, now.isoformat())
        for request in filed:
            detail = {"sha256": sha256, "filename": request["filename"], "decision": decision}
            record_event(
                db,
                request["id"],
                "document_reviewed",
                "user",
                at=now,
                detail=detail | {"note": note},
            )
    refs = sorted({r["ref"] for r in filed})
    return {"sha256": sha256, "decision": decision, "note": note, "refs": refs}

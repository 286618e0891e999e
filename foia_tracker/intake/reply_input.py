"""What the reply classifier reads: the agency's message, the letter we sent (agencies paste it
back without quote marks), and, when the body only points to it, the agency's attached response
letter.

The attached letter is the one document whose text classification waits for: a short PDF or
DOCX named like a response ("Response letter.pdf", "Determination.docx") or pointed to by the
body ("please see the attached letter"). Its first pages are read here, at filing; every other
document's text is left to the worker pool (documents/indexer.py), off the fetch path.
"""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from foia_tracker.db import messages as store_db
from foia_tracker.documents.extract import extract_text
from foia_tracker.intake import classify
from foia_tracker.intake.reply_patterns import POINTS_TO_LETTER
from foia_tracker.parse.message import ParsedMessage

LETTER_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
LETTER_MAX_BYTES = 2 * 1024 * 1024  # a response letter is a page or two, not a production
LETTER_MAX = 3  # attachments read per message
LETTER_SECONDS = 3.0
LETTER_CHARS = 20_000


def our_letters(db: Database, request_ids: list[int]) -> str:
    """The text of the letters we sent on these requests, for the classifier to cut out."""
    return "\n\n".join(store_db.letters_of(db, request_ids))


def reply_from_parsed(
    parsed: ParsedMessage, received: datetime, our_text: str
) -> classify.ReplyText:
    return classify.ReplyText(
        subject=parsed.subject,
        body=parsed.body_text,
        # Outlook's image001.png and other inline signature images are not documents.
        attachment_names=tuple(
            leaf.filename for leaf in parsed.attachments if not leaf.inline_image
        ),
        automated=parsed.automated,
        received_at=received,
        our_text=our_text,
        sender=parsed.from_addr or "",
    )


def response_letters(parsed: ParsedMessage) -> list[classify.AttachedText]:
    """The attached files that may be the agency's response letter, with their text."""
    points = bool(POINTS_TO_LETTER.search(parsed.body_text[:20_000]))
    found = []
    for leaf in parsed.attachments:
        if len(found) >= LETTER_MAX:
            break
        kind = leaf.content_type.split(";")[0].strip().lower()
        if leaf.inline_image or kind not in LETTER_TYPES or len(leaf.data) > LETTER_MAX_BYTES:
            continue
        if not (points or classify.LETTER_NAME.search(leaf.filename)):
            continue
        text = extract_text(leaf.data, kind, max_seconds=LETTER_SECONDS)
        if text.text:
            found.append(classify.AttachedText(leaf.filename, text.text[:LETTER_CHARS]))
    return found

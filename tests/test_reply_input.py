"""What the classifier reads at filing: inline signature images are not documents, our pasted
letter is cut out, and an attached response letter decides when the body only points to it."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

from foia_tracker.intake.derive import kind_and_facts
from foia_tracker.intake.match_index import MatchResult
from foia_tracker.intake.reply_input import response_letters
from foia_tracker.parse.message import parse_message
from foia_tracker.sandbox.documents import simple_pdf

RECEIVED = datetime(2026, 11, 16, 15, tzinfo=UTC)


def reply(body: str, attachments=()) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Records Office <records@district.example.org>"
    msg["To"] = "jane@example.org"
    msg["Subject"] = "RE: [CT-0044] Public records request"
    msg["Message-ID"] = "<r1@district.example.org>"
    msg.set_content(body)
    for name, data, maintype, subtype in attachments:
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


DENIAL_LETTER = simple_pdf([
    "Re: Public records request CT-0044",
    "Dear Ms. Doe:",
    "The district has reviewed your request for records. Your request is denied.",
    "The records are exempt from disclosure under Conn. Gen. Stat. 1-210(b)(17).",
])  # fmt: skip


def test_the_attached_letter_decides_when_the_body_only_points_to_it():
    parsed = parse_message(
        reply(
            "Please see the attached letter regarding your request.",
            [("Response letter.pdf", DENIAL_LETTER, "application", "pdf")],
        )  # fmt: skip
    )
    letters = response_letters(parsed)
    assert [a.filename for a in letters] == ["Response letter.pdf"]
    kind, facts = kind_and_facts(parsed, MatchResult(), RECEIVED)
    assert kind == "denial"
    assert facts["decided_by"] == "attachment:Response letter.pdf"


def test_records_attachments_are_not_read_at_filing():
    """A production's PDFs wait for the worker pool: only letter-like files are read here."""
    parsed = parse_message(
        reply(
            "Attached are the agreements.",
            [("dpa-2024.pdf", simple_pdf(["Data privacy agreement"]), "application", "pdf")],
        )  # fmt: skip
    )
    assert response_letters(parsed) == []


def test_a_signature_image_is_not_a_document():
    html = EmailMessage()
    html["From"] = "Records Office <records@district.example.org>"
    html["To"] = "jane@example.org"
    html["Subject"] = "RE: [CT-0044] Public records request"
    html.set_content("Attached please find the records you requested.")
    html.add_alternative('<p>We received your request.</p><img src="cid:image001.png@01D9">',
                         subtype="html")  # fmt: skip
    html.get_payload()[1].add_related(b"\x89PNG fake", maintype="image", subtype="png",
                                      cid="<image001.png@01D9>", filename="district-seal.png", disposition="inline")  # fmt: skip
    parsed = parse_message(html.as_bytes())
    assert [leaf.inline_image for leaf in parsed.attachments] == [True]
    kind, _ = kind_and_facts(parsed, MatchResult(), RECEIVED)
    assert kind != "records_provided"  # the seal in the signature is not a production

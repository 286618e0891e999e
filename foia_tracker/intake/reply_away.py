"""Away notices and a records mailbox's automatic responses: which is which.

A person's away notice ("I am out of the office until December 8") says nothing about the
request. A records mailbox's automatic response can: its receipt ("your request for public
information has been received and logged as ORR-2026-1188") is the agency's acknowledgement,
and its rule ("requests sent here are not received until entered in the portal") asks the
requester to do something. Both are RFC 3834 automatic responses, with the same headers
(Auto-Submitted: auto-replied) and the same "Automatic reply:" subject; only the words tell
them apart, and a responder that is about no request stays an auto-reply.
"""

from __future__ import annotations

from foia_tracker.intake import reply_patterns as P


def records_mailbox_response(own: str) -> bool:
    """The words of an automatic response that speak for the agency about a request."""
    return bool(P.ABOUT_A_REQUEST.search(own)) and not (
        P.AWAY.search(own) or P.MISDIRECTED.search(own)
    )


def out_of_office_phrase(subject: str, automated: bool, text: str, own: str) -> str | None:
    """The words of an away notice: its subject says so, or an automated message says so. A
    records mailbox's receipt under an "Automatic reply:" subject is not one."""
    if m := P.OUT_OF_OFFICE_SUBJECT.search(subject):
        return None if records_mailbox_response(own) else m.group(0).strip()
    if automated and (m := P.OUT_OF_OFFICE_BODY.search(text)):
        return m.group(0).strip()
    return None

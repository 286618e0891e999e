"""Records-portal notices: which portal sent the message, what happened, the portal's number
for the request, and the link to it.

Portal systems send most of an agency's mail in some places. Their notices follow the
portal's own template, not the clerk's wording:

- GovQA ("Public Records Center", "Records Center", or a city's own name for it): subjects
  end in ` :: R001234-120126` (a letter, six digits, the filing date as MMDDYY); staff messages
  start with "--- Please respond above this line ---".
- NextRequest: "-- Write ABOVE THIS LINE to post a message …", subjects such as
  "[External Message Added]", "[Document Released to Requester]", "[Due Date Changed]",
  "Your first … record request 26-311 has been opened.", "… has been closed."
- JustFOIA, FOIAonline, Granicus, FOIAXpress (PAL): they name themselves in the notice, or link to
  their host.

The notice is recognised only from marks the portal itself leaves (its sender domain, subject
or banner, an automated message linking to its host). A clerk's own e-mail that happens to
link to the portal is not a portal notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from foia_tracker.intake.reply_facts import URL, clean_url, find_tracking_number
from foia_tracker.intake.reply_sentences import sentences

RECEIPT, RELEASED, MESSAGE, CLOSED, ACCOUNT = (
    "receipt",
    "records_released",
    "message",
    "closed",
    "account",
)


@dataclass(frozen=True)
class Portal:
    name: str
    hosts: re.Pattern[str]
    marks: re.Pattern[str] | None  # in the subject or body, written by the portal's template
    # The portal named ("our Public Records Center"): a mark in a machine's notice, a mention in
    # a clerk's own e-mail ("you'll see an automated email from the Records Center").
    names: re.Pattern[str] | None = None


PORTALS = (
    Portal(
        "govqa",
        re.compile(r"govqa\.(?:us|example)|mycusthelp\.(?:com|example)", re.I),
        re.compile(r"\b[A-Z]\d{6}-\d{6}\b|please respond above this line|\[records center\]", re.I),
        re.compile(r"\bpublic records center\b|\brecords center\b", re.I),
    ),
    Portal(
        "nextrequest",
        re.compile(r"nextrequest\.(?:com|example)", re.I),
        re.compile(
            r"write above this line|\[(?:external message added|document released[^\]]*|"
            r"due date changed|request closed)\]|record request #?\d{2}-\d+",
            re.I,
        ),
        re.compile(r"\bnextrequest\b", re.I),
    ),
    Portal(
        "justfoia",
        re.compile(r"justfoia\.(?:com|example)", re.I),
        None,
        re.compile(r"\bjustfoia\b", re.I),
    ),
    Portal(
        "foiaonline", re.compile(r"foiaonline", re.I), None, re.compile(r"\bfoiaonline\b", re.I)
    ),
    Portal("granicus", re.compile(r"granicus", re.I), None, re.compile(r"\bgranicus\b", re.I)),
    # FOIAXpress's Public Access Link (PAL), used by federal departments and some states: "The
    # status of your FOIA request #'2021-00544-FOIA-OS' has been updated to the following status
    # 'Received'. To log into the ... FOIA Submission Site click on the Application URL below."
    Portal(
        "foiaxpress",
        re.compile(r"foiaxpress|\bpubliclink\.|/palmain\.aspx", re.I),
        None,
        re.compile(r"\bfoiaxpress\b|\bpublic access link\b|\bfoia submission site\b", re.I),
    ),
)

# The action, most telling first. A portal's "closed" says nothing of how the request ended.
_ACTIONS = (
    (
        ACCOUNT,
        re.compile(
            r"confirm your (?:\w+ )?account|reset the password|password reset|set your password"
            r"|\ban account has been created\b|\bwelcome to\b[^.\n]{0,60}\b(?:records center|portal)\b",
            re.I,
        ),
    ),
    (
        CLOSED,
        re.compile(
            r"\bhas been closed\b|\bis now closed\b|\bconsiders? this (?:record )?request[\w\s-]{0,30}"
            r"closed\b|\bclosure reason\b|^\s*status:\s*(?:denied|closed)\b|\brequest closed\b(?!\s+(?:on\s+)?\d)",
            re.I | re.M,
        ),
    ),
    (
        RELEASED,
        re.compile(
            r"(?<!any )\b(?:document|documents|records?)\b[^.\n]{0,60}\b(?:ha(?:s|ve) been (?:released|uploaded)|"
            r"(?:is|are) (?:now )?(?:available|ready)|were released|released to you)\b"
            r"|\bavailable to download\b|\b(?:has|have) released (?!(?:no|0|zero|none)\b)(?:\w+ )?(?:documents|records|files)\b(?! previously)",
            re.I,
        ),
    ),
    (
        RECEIPT,
        re.compile(
            r"\bhas been (?:opened|reopened|re-opened|submitted|received)\b|\bwas received\b|\bwas created on\b"
            r"|\bfor tracking purposes\b|(?<!\bamended )\brequest (?:has been )?received\b|\bsubmitted to the agency\b"
            r"|^\s*(?:we|i) (?:now )?have your (?:[\w-]+ ){0,4}request\b"
            r"|\bstatus\b[^.\n]{0,80}\b(?:updated|changed) to\b[^.\n]{0,30}?['\"\u2018\u201c](?:received|submitted)['\"\u2019\u201d]",
            re.I | re.M,
        ),
    ),
)
_STAFF_CREATED = re.compile(r"\bcreated by staff\b", re.I)


@dataclass(frozen=True)
class PortalNotice:
    name: str
    action: str
    request_number: str | None
    link: str | None

    def as_fact(self) -> dict:
        return {
            "name": self.name,
            "action": self.action,
            "request_number": self.request_number,
            "link": self.link,
        }


def _which(sender: str, subject: str, body: str, automated: bool) -> tuple[Portal, str] | None:
    text = subject + "\n" + body
    hosts = " ".join(URL.findall(body))
    marks_text = URL.sub(" ", text)  # "nextrequest" in a link a clerk pasted is no mark
    # Strongest evidence first, over all portals: the sending host, then a template's mark, then
    # a machine's link to the portal's host, then the portal's name. A "[Records Center]" mark
    # must not make a NextRequest sender's notice a GovQA one.
    tests = (
        lambda portal: portal.hosts.search(sender),
        lambda portal: portal.marks and portal.marks.search(marks_text),
        lambda portal: automated and portal.hosts.search(hosts),
        lambda portal: portal.names and _named(portal.names, subject, body, marks_text, automated),
    )
    for test in tests:
        for portal in PORTALS:
            if test(portal):
                return portal, text
    return None


def _banners(body: str) -> list[str]:
    """Short lines standing alone, as a template's banner ("Public Records Center"): the
    portal's name there marks its notice; inside a clerk's sentence it is a mention."""
    return [
        ln
        for ln in body.splitlines()[:40]
        if 0 < len(ln.strip()) <= 60 and not _SENTENCE.search(ln)
    ]


def _named(
    names: re.Pattern[str], subject: str, body: str, marks_text: str, automated: bool
) -> bool:
    """A machine's notice may name its portal anywhere; a person's mail only in the subject or
    a banner line of the template it carries."""
    if automated:
        return bool(names.search(marks_text))
    return bool(names.search(subject)) or any(names.search(line) for line in _banners(body))


_SENTENCE = re.compile(r"[.!?,;]\s*\S|\b(?:you|we|i|our|your|will|is|are)\b", re.I)


# "No responsive records are available" is no release.
_NEGATED = re.compile(
    r"\b(?:no|not|none|nothing)\b|n't\b|\bas (?:they|each) (?:are|is|become) ready\b"
    r"|\b(?:when|once|as soon as|until)\b",  # "You will be notified when records are available."
    re.I,
)


def _released(text: str) -> bool:
    pattern = dict(_ACTIONS)[RELEASED]
    # A template's hard-wrapped sentence ("... notified when\nrecords are available.") is one.
    joined = re.sub(r"(?<![.!?:])\n(?=[a-z])", " ", text)
    return any(
        pattern.search(sentence) and not _NEGATED.search(sentence) for sentence in sentences(joined)
    )


def _action(text: str) -> str:
    if _STAFF_CREATED.search(text):
        return MESSAGE
    for action, pattern in _ACTIONS:
        if action == RELEASED and not _released(text):
            continue  # released only in a promise: "you will be notified when records are ready"
        if pattern.search(text):
            # "Closed. The responsive records have been uploaded": the closing is the release.
            return RELEASED if action == CLOSED and _released(text) else action
    return MESSAGE


def _link(body: str, portal: Portal, number: str | None) -> str | None:
    urls = [clean_url(u) for u in URL.findall(body)]
    own = [u for u in urls if portal.hosts.search(u)] or urls
    with_number = [u for u in own if number and number.lower() in u.lower()]
    return (with_number or own or [None])[0]


def portal_notice(sender: str, subject: str, body: str, automated: bool) -> PortalNotice | None:
    """The portal notice this message is, or None for anything else (a clerk's own e-mail)."""
    found = _which(sender, subject, body, automated)
    if found is None:
        return None
    portal, text = found
    number = find_tracking_number(text)
    request_number = number[0] if number else None
    return PortalNotice(
        portal.name, _action(text), request_number, _link(body, portal, request_number)
    )


# A portal's own template words around a message ("You have a new message ... log in").
TEMPLATE = re.compile(
    r"[^.\n]{0,300}\b(?:new message|posted a message|message was sent to you|log ?in|view request|"
    r"created by staff)\b[^.\n]{0,300}",
    re.I,
)


def without_template(text: str) -> str:
    return TEMPLATE.sub("", text)

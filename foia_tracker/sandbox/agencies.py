"""Simulated agencies: realistic replies to a request letter, built without I/O.

Each agency has a behaviour, a `+`-joined list of steps such as "acknowledge+records@12" or
"fee=125.50@5". A step is a reply kind, an optional argument after `=` and the day (after the
letter arrived) it is sent, after `@`; each kind has a sensible default day.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr

from .documents import data_elements_csv, simple_pdf

DEFAULT_DAYS = {
    "acknowledge": 1,
    "records": 10,
    "fee": 5,
    "denial": 7,
    "no_records": 4,
    "extension": 4,
    "clarification": 3,
    "out_of_office": 0,
    "bounce": 0,
    "forward_colleague": 2,
    "strip_headers": 3,
    "silent": 0,
    "reject": 0,  # refused at RCPT TO by the sender's provider; see sandbox.smtp
}
DEFAULT_REF_PATTERN = r"\b[A-Z]{2}-\d{3,}\b"
VENDOR = "Brightpath Learning Analytics, Inc. (fictional)"

# A state exemption next to FERPA for the denial letter; each is the state's student-records
# exemption in its public-records law.
STATE_EXEMPTIONS = {
    "CT": "Conn. Gen. Stat. § 1-210(b)(17) (educational records protected by FERPA)",
    "NY": "N.Y. Public Officers Law § 87(2)(a) (records exempted by state or federal statute)",
    "TX": "Tex. Gov't Code § 552.114 (student records)",
    "MO": "RSMo § 610.021(14) (records protected from disclosure by law)",
    "VA": "Va. Code § 2.2-3705.4(A)(1) (scholastic records)",
}


@dataclass(frozen=True)
class Step:
    kind: str
    day: int
    arg: str = ""


@dataclass(frozen=True)
class AgencyProfile:
    address: str
    name: str = "Example School District"
    state: str = ""
    behaviour: str = "acknowledge"
    contact_name: str = "Records Officer"


@dataclass(frozen=True)
class Letter:
    """A request letter as the agency received it."""

    raw: bytes
    envelope_from: str
    day: int

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass(frozen=True)
class Reply:
    day: int
    kind: str
    recipient: str
    raw: bytes


@dataclass(frozen=True)
class Context:
    """What every reply builder needs: the letter, the agency, the user and a date."""

    letter: EmailMessage
    envelope_from: str
    agency: AgencyProfile
    user_address: str
    sent: datetime
    ref_pattern: str


def parse_behaviour(text: str) -> list[Step]:
    steps = []
    for part in filter(None, (p.strip() for p in text.split("+"))):
        match = re.fullmatch(r"([a-z_]+)(?:=([^@]*))?(?:@(\d+))?", part)
        if not match or match[1] not in DEFAULT_DAYS:
            raise ValueError(f"unknown agency behaviour {part!r}")
        day = DEFAULT_DAYS[match[1]] if match[3] is None else int(match[3])
        steps.append(Step(match[1], day, match[2] or ""))
    return steps


def replies_for(
    letter: Letter,
    agency: AgencyProfile,
    user_address: str,
    date_for: Callable[[int], datetime],
    ref_pattern: str = DEFAULT_REF_PATTERN,
) -> list[Reply]:
    """Every reply the agency will send to this letter, with the day each is due."""
    replies = []
    for step in parse_behaviour(agency.behaviour):
        if step.kind in ("silent", "reject"):
            continue
        due = letter.day + step.day
        ctx = Context(letter.message, letter.envelope_from, agency, user_address,
                      date_for(due), ref_pattern)  # fmt: skip
        if step.kind == "bounce":
            raw = delivery_status_notification(letter.raw, ctx)
            replies.append(Reply(due, step.kind, letter.envelope_from, raw))
            continue
        message = BUILDERS[step.kind](ctx, step.arg)
        recipient = getaddresses([message["To"]])[0][1]
        replies.append(Reply(due, step.kind, recipient, message.as_bytes()))
    return replies


# --- shared pieces -------------------------------------------------------------------------


def _reply_address(ctx: Context) -> str:
    # Agencies answer where the letter asks them to: Reply-To if set (RFC 5322 section 3.6.2).
    field = ctx.letter["Reply-To"] or ctx.letter["From"] or ""
    return getaddresses([str(field)])[0][1]


def _requester(ctx: Context) -> str:
    name, _ = parseaddr(str(ctx.letter["From"] or ""))
    return name or "Requester"


def _domain(ctx: Context) -> str:
    return ctx.agency.address.rsplit("@", 1)[-1]


def find_ref(text: str, ref_pattern: str = DEFAULT_REF_PATTERN) -> str | None:
    match = re.search(ref_pattern, text)
    return match[0] if match else None


def tracking_number(ctx: Context) -> str:
    seed = str(ctx.letter["Message-ID"] or ctx.letter["Subject"] or "").encode()
    digits = int(hashlib.sha256(seed).hexdigest()[:8], 16) % 10000
    return f"PRR-{ctx.sent.year}-{digits:04d}"


def _base(ctx: Context, body: str, *, thread: bool = True, to: str | None = None) -> EmailMessage:
    message = EmailMessage(policy=email.policy.SMTP)
    message["From"] = f"{ctx.agency.contact_name} <{ctx.agency.address}>"
    message["To"] = to or _reply_address(ctx)
    message["Subject"] = "RE: " + str(ctx.letter["Subject"] or "")
    message["Date"] = format_datetime(ctx.sent)
    message["Message-ID"] = make_msgid(domain=_domain(ctx))
    original_id = str(ctx.letter["Message-ID"] or "").strip()
    if thread and original_id:
        # RFC 5322 section 3.6.4: a reply names its parent and carries the thread on.
        message["In-Reply-To"] = original_id
        message["References"] = f"{ctx.letter['References'] or ''} {original_id}".strip()
    message.set_content(body)
    return message


def _signature(ctx: Context) -> str:
    return f"\nSincerely,\n\n{ctx.agency.contact_name}\nRecords Officer\n{ctx.agency.name}\n"


def _long_date(when: datetime) -> str:
    return f"{when:%B} {when.day}, {when.year}"


# --- reply kinds ---------------------------------------------------------------------------


def acknowledge(ctx: Context, arg: str) -> EmailMessage:
    body = (
        f"Dear {_requester(ctx)},\n\n"
        f"This acknowledges receipt of your public records request, received on "
        f"{_long_date(ctx.sent)}. Your request has been assigned tracking number "
        f"{tracking_number(ctx)}. Please refer to this number in any correspondence.\n\n"
        "We will respond within the time allowed by law.\n" + _signature(ctx)
    )
    return _base(ctx, body)


def records(ctx: Context, arg: str) -> EmailMessage:
    body = (
        f"Dear {_requester(ctx)},\n\n"
        "Attached please find the records responsive to your request: the data-sharing "
        f"agreement between {ctx.agency.name} and {VENDOR}, and the list of student data "
        "elements shared under it. This completes our response to your request.\n" + _signature(ctx)
    )
    message = _base(ctx, body)
    pdf = simple_pdf(
        [
            "DATA SHARING AGREEMENT (FICTIONAL SAMPLE)",
            f"Between {ctx.agency.name} and {VENDOR}",
            f"Effective {_long_date(ctx.sent - timedelta(days=400))}",
            "1. The Vendor receives the student data elements listed in Exhibit A.",
            "2. The Vendor acts as a school official under 20 U.S.C. 1232g(b)(1)(A).",
            "3. Data are deleted within 60 days after the agreement ends.",
        ]
    )
    message.add_attachment(
        pdf, maintype="application", subtype="pdf", filename="Data_Sharing_Agreement.pdf"
    )
    message.add_attachment(
        data_elements_csv(VENDOR), maintype="text", subtype="csv",
        filename="student_data_elements.csv",
    )  # fmt: skip
    return message


def fee(ctx: Context, arg: str) -> EmailMessage:
    amount = float(arg or "85.00")
    body = (
        f"Dear {_requester(ctx)},\n\n"
        f"The estimated cost to fulfil your request is ${amount:,.2f}, covering staff time to "
        "search for, retrieve and copy the responsive records. Please confirm in writing that "
        "you agree to pay this fee, or narrow your request. We will not proceed until we hear "
        "from you.\n" + _signature(ctx)
    )
    return _base(ctx, body)


def denial(ctx: Context, arg: str) -> EmailMessage:
    exemption = STATE_EXEMPTIONS.get(ctx.agency.state.upper(), "the applicable state exemption")
    body = (
        f"Dear {_requester(ctx)},\n\n"
        "Your request is denied. The records you seek contain personally identifiable "
        "information from education records protected by the Family Educational Rights and "
        f"Privacy Act (FERPA), 20 U.S.C. § 1232g, and are exempt from disclosure under "
        f"{exemption}.\n\nYou may appeal this decision as provided by law.\n" + _signature(ctx)
    )
    return _base(ctx, body)


def no_records(ctx: Context, arg: str) -> EmailMessage:
    body = (
        f"Dear {_requester(ctx)},\n\n"
        "After a diligent search, the District has no records responsive to your request. "
        "This closes your request.\n" + _signature(ctx)
    )
    return _base(ctx, body)


def extension(ctx: Context, arg: str) -> EmailMessage:
    new_date = ctx.sent + timedelta(days=int(arg or "30"))
    body = (
        f"Dear {_requester(ctx)},\n\n"
        "Because of the volume of records involved, we need additional time to respond to "
        f"your request. We expect to respond on or before {_long_date(new_date)} "
        f"({new_date:%Y-%m-%d}).\n" + _signature(ctx)
    )
    return _base(ctx, body)


def clarification(ctx: Context, arg: str) -> EmailMessage:
    body = (
        f"Dear {_requester(ctx)},\n\n"
        "Before we can process your request, please clarify which school years and which "
        "vendors you are interested in. Your request is on hold until we receive your "
        "clarification.\n" + _signature(ctx)
    )
    return _base(ctx, body)


def out_of_office(ctx: Context, arg: str) -> EmailMessage:
    # RFC 3834 section 4: an automatic response goes to the envelope sender (Return-Path),
    # and section 5 marks it Auto-Submitted: auto-replied.
    to = ctx.envelope_from or _reply_address(ctx)
    back = ctx.sent + timedelta(days=int(arg or "7"))
    body = (
        f"I am out of the office until {_long_date(back)} with limited access to email. "
        "Your message will be answered when I return.\n"
    )
    message = _base(ctx, body, to=to)
    message.replace_header("Subject", "Automatic reply: " + str(ctx.letter["Subject"] or ""))
    message["Auto-Submitted"] = "auto-replied"
    return message


def forward_colleague(ctx: Context, arg: str) -> EmailMessage:
    # The district forwards the letter internally; the colleague answers the plain address
    # they see in the quoted text, so the reply token is gone and only the ref remains.
    quoted = _strip_tokens(_quoted_letter(ctx), ctx.user_address)
    body = (
        f"Dear {_requester(ctx)},\n\nYour request below was forwarded to me. I handle "
        "public records requests for the District and will respond shortly.\n"
        + _signature(ctx) + "\n" + quoted
    )  # fmt: skip
    colleague = f"records.clerk@{_domain(ctx)}"
    message = _base(ctx, body, thread=False, to=ctx.user_address)
    message.replace_header("From", f"Pat Records Clerk <{colleague}>")
    message.replace_header("Subject", "FW: your public records request")
    return message


def strip_headers(ctx: Context, arg: str) -> EmailMessage:
    # Some mail systems drop In-Reply-To and answer the bare address: only the ref is left.
    ref = find_ref(str(ctx.letter["Subject"] or ""), ctx.ref_pattern)
    body = f"Dear {_requester(ctx)},\n\nWe are working on your request.\n" + _signature(ctx)
    message = _base(ctx, body, thread=False, to=ctx.user_address)
    message.replace_header("Subject", f"RE: {ref}" if ref else "RE: your request")
    return message


def _quoted_letter(ctx: Context) -> str:
    part = ctx.letter.get_body(preferencelist=("plain",))
    text = part.get_content() if part is not None else ""
    head = (
        "-----Original Message-----\n"
        f"From: {ctx.letter['From']}\nSent: {ctx.letter['Date']}\n"
        f"To: {ctx.letter['To']}\nSubject: {ctx.letter['Subject']}\n\n"
    )
    return head + text


def _strip_tokens(text: str, user_address: str) -> str:
    local, _, domain = user_address.partition("@")
    pattern = re.escape(local) + r"\+[^@\s>]+@" + re.escape(domain)
    return re.sub(pattern, user_address, text, flags=re.IGNORECASE)


BUILDERS: dict[str, Callable[[Context, str], EmailMessage]] = {
    "acknowledge": acknowledge,
    "records": records,
    "fee": fee,
    "denial": denial,
    "no_records": no_records,
    "extension": extension,
    "clarification": clarification,
    "out_of_office": out_of_office,
    "forward_colleague": forward_colleague,
    "strip_headers": strip_headers,
}


# --- bounces (RFC 3464) --------------------------------------------------------------------


def delivery_status_notification(original: bytes, ctx: Context) -> bytes:
    """A DSN from the user's provider: the agency's address does not exist."""
    provider = ctx.user_address.rsplit("@", 1)[-1]
    header_end = original.find(b"\r\n\r\n")
    original_headers = original[: header_end + 2] if header_end >= 0 else original
    boundary = "dsn-" + hashlib.sha256(original).hexdigest()[:16]
    stamp = format_datetime(ctx.sent)
    rcpt = ctx.agency.address
    head = (
        f"Return-Path: <>\r\nFrom: Mail Delivery System <MAILER-DAEMON@{provider}>\r\n"
        f"To: {ctx.envelope_from or _reply_address(ctx)}\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {stamp}\r\nMessage-ID: {make_msgid(domain=provider)}\r\n"
        "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
        # RFC 3464 section 2 and RFC 6522: multipart/report; report-type=delivery-status.
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
    )
    human = (
        "This is the mail system at host mail." + provider + ".\r\n\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n\r\n"
        f"<{rcpt}>: host mx.{_domain(ctx)} said: 550 5.1.1 <{rcpt}>: "
        "Recipient address rejected: User unknown\r\n"
    )
    status = (
        f"Reporting-MTA: dns; mail.{provider}\r\nArrival-Date: {stamp}\r\n\r\n"
        f"Final-Recipient: rfc822; {rcpt}\r\nOriginal-Recipient: rfc822; {rcpt}\r\n"
        "Action: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; mx." + _domain(ctx) + "\r\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: "
        "User unknown\r\n"
    )
    parts = [
        ("text/plain; charset=us-ascii", human.encode()),
        ("message/delivery-status", status.encode()),
        ("text/rfc822-headers", original_headers),
    ]
    body = b"".join(
        f"--{boundary}\r\nContent-Type: {ctype}\r\n\r\n".encode() + data + b"\r\n"
        for ctype, data in parts
    )
    return head.encode() + b"\r\n" + body + f"--{boundary}--\r\n".encode()

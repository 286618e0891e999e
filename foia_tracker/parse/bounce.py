"""Delivery reports: RFC 3464 DSNs and classic mailer-daemon texts, and what they name.

Precision first: a delay is never a failure, and an address the report does not clearly name
as failed is never taken (a list, its owner, the postmaster, the sender itself).
"""

import re
from dataclasses import dataclass, replace
from email.message import Message
from email.parser import HeaderParser
from email.utils import getaddresses

from .decode import decode_bytes
from .headers import first_header, mailbox_key, unique
from .mime import payload_bytes, subparts


@dataclass(frozen=True)
class BounceInfo:
    """A delivery report (RFC 3464 DSN or a classic mailer-daemon text) and what it names.

    `action` is our reading, not only the report's word: "failed" is a permanent failure (the
    address is bad); "delayed" is temporary: the server is still trying, the mailbox is full
    (5.2.2), or it gave up after temporary errors (4.x.x). `status` keeps the report's code.
    `original_recipients` never holds our own address, a postmaster or a list's robot.
    `gave_up`: the server stopped trying for a temporary cause (the report's own "failed" on a
    full mailbox, or retries run out): the letter is not delivered and nothing will deliver
    it, though the address may well be good.
    `sender_refused`: the receiving server refused the letter for who sent it (our mail failed
    its DMARC, SPF or DKIM check), not for the address: the letter is lost, the address is good,
    and a resend fails the same way until the sending account is fixed.
    """

    original_message_id: str | None
    original_recipients: tuple[str, ...]
    status: str | None
    action: str | None
    diagnostic: str | None
    gave_up: bool = False
    sender_refused: bool = False

    @property
    def failed(self) -> bool:
        return self.action == "failed"


def _dsn_field(block: Message, name: str) -> str:
    value = first_header(block, name)
    # RFC 3464 section 2.3: "rfc822; user@example.org", "smtp; 550 5.1.1 ..."
    return value.split(";", 1)[1].strip() if ";" in value else value.strip()


def dsn_bounce(part: Message) -> BounceInfo | None:
    blocks = subparts(part)
    if not blocks:
        text = decode_bytes(payload_bytes(part), None)
        blocks = [HeaderParser().parsestr(chunk) for chunk in re.split(r"\r?\n\r?\n", text)]
    by_action: dict[str, list[Message]] = {"failed": [], "delayed": []}
    for block in blocks[1:] or blocks:
        action = _dsn_field(block, "action").lower()
        status = _dsn_field(block, "status")
        if not action and status[:1] in ("4", "5"):
            action = "failed" if status.startswith("5") else "delayed"
        if action in by_action:
            by_action[action].append(block)
    # RFC 3464 section 2.3.3: "failed" is final; "delayed" is a warning (reported with that
    # action so callers can tell); "delivered", "relayed", "expanded" are no bounce at all.
    action = "failed" if by_action["failed"] else "delayed"
    chosen = by_action[action]
    if not chosen:
        return None
    recipients = [
        _dsn_field(b, "original-recipient") or _dsn_field(b, "final-recipient") for b in chosen
    ]
    return BounceInfo(
        original_message_id=None,
        original_recipients=unique(r.lower().strip("<>") for r in recipients if "@" in r),
        status=_dsn_field(chosen[0], "status") or None,
        action=action,
        diagnostic=_dsn_field(chosen[0], "diagnostic-code")[:500] or None,
    )


def with_original(bounce: BounceInfo, message_id: str | None) -> BounceInfo:
    return replace(bounce, original_message_id=message_id)


# RFC 3463: class 4 is a persistent transient failure; 5.2.2 (mailbox full) is permanent in
# form but the mailbox usually comes back, so neither says the address is bad.
_FULL = re.compile(
    r"mailbox (?:is )?full|over ?quota|quota exceeded|exceeds? (?:allowed|its|the) (?:size|quota)"
    r"|insufficient (?:disk )?space|mailbox size limit|mail ?box has exceeded",
    re.I,
)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")


def is_full(text: str) -> bool:
    """A full mailbox, in a report's own words."""
    return _FULL.search(text) is not None


# Our mail refused for failing the receiver's authentication checks: RFC 7372's X.7.20-X.7.26
# (DKIM, SPF, reverse DNS, several at once) and RFC 7505's X.7.27 (our domain has a null MX);
# Microsoft's 5.7.509 (DMARC); and the words MTAs use when they refuse our domain's mail under
# its DMARC policy (RFC 7489 section 6.3, p=reject) or an SPF fail (RFC 7208 section 8.4, often
# a bare 5.7.1): "Unauthenticated email from ... is not accepted due to domain's DMARC policy",
# "rejected per DMARC policy", "does not pass DMARC verification", "SPF check failed".
_SENDER_AUTH = re.compile(
    r"(?<![\d.])5\.7\.(?:2[0-7]|509)\b"
    r"|\bdmarc\b[^.\n]{0,80}?\b(?:polic|reject|fail|verification)"
    r"|\b(?:fail\w*|not pass)\b[^.\n]{0,40}?\bdmarc\b"
    r"|\bunauthenticated (?:e-?mail|mail|message|sender)|\bsender is unauthenticated"
    r"|\bspf\b[^.\n]{0,40}?\b(?:fail|check|validation|record)|\bper (?:its|it's) spf\b"
    r"|\bdkim\b[^.\n]{0,40}?\bfail|does not have authentication information"
    r"|\bfails? to pass authentication",
    re.I,
)


def refuses_sender(text: str | None) -> bool:
    """A report's words for "your mail failed our authentication checks" (DMARC, SPF, DKIM)."""
    return _SENDER_AUTH.search(text or "") is not None


def is_temporary(status: str | None, diagnostic: str | None) -> bool:
    """A 4.x.x status, or mailbox full (5.2.2 or its wording): the address may well be good."""
    code = _STATUS.search(status or "") or _STATUS.search(diagnostic or "")
    if code and code.group(1) == "4":
        return True
    if code and code.group(0) == "5.2.2":
        return True
    return _FULL.search(diagnostic or "") is not None


# Never a letter's recipient: the mail system's own mailboxes and mailing-list robots
# (RFC 2142 role names; Mailman/majordomo -owner, -request, -bounces, owner-).
_ROLE = re.compile(
    r"^(?:postmaster|mailer-?daemon|mail-daemon|abuse|hostmaster|root|noc|listserv|majordomo"
    r"|owner-.+|.+-(?:owner|request|bounces?|admin|confirm|join|leave|subscribe|unsubscribe))$",
    re.I,
)
_HEADER_ADDRS = re.compile(
    r"^(?:From|Reply-To|Sender|Return-Path):[^\n]*?<?([^\s<>\"]+@[^\s<>\"]+?)>?\s*$", re.I | re.M
)


def own_addresses(msg: Message, fields: dict, body: str) -> set[str]:
    """Addresses that are ours: whom the report went to, and who sent the returned letter."""
    own = {*fields["to_addrs"], *fields["cc_addrs"], *fields["recipient_addrs"]}
    own -= _written_by_reporter(msg) - {*fields["to_addrs"], *fields["cc_addrs"]}
    own.update(a.lower() for a in _HEADER_ADDRS.findall(body))
    return own


def _written_by_reporter(msg: Message) -> set[str]:
    """X-Original-To addresses the reporting MTA wrote itself, not our delivery. A delivery agent
    prepends X-Original-To above the Received lines (Postfix local(8) and virtual(8)); one below
    the report's own Received line came with the report: DragonFly Mail Agent names the failed
    recipient there."""
    above: set[str] = set()
    below: set[str] = set()
    received = False
    for name, value in msg.items():
        if name.lower() == "received":
            received = True
        elif name.lower() == "x-original-to":
            found = {a.lower() for _, a in getaddresses([str(value)]) if "@" in a}
            (below if received else above).update(found)
    return below - above


def is_role_address(address: str) -> bool:
    return _ROLE.match(address.partition("@")[0]) is not None


def settle(bounce: BounceInfo | None, own: set[str], sender: str | None) -> BounceInfo | None:
    """Our final reading: drop addresses that cannot be the failed letter's recipient, and call
    a temporary failure "delayed" whatever word the report used."""
    if bounce is None:
        return None
    excluded = {mailbox_key(a) for a in own | {sender or ""} if a}
    recipients = tuple(
        r
        for r in bounce.original_recipients
        if mailbox_key(r) not in excluded and not is_role_address(r)
    )
    action, gave_up = bounce.action, bounce.gave_up
    if action == "failed" and is_temporary(bounce.status, bounce.diagnostic):
        # RFC 3464 2.3.3: "failed" means no further attempts; the address is still good.
        action, gave_up = "delayed", True
    refused = bounce.sender_refused or refuses_sender(f"{bounce.status} {bounce.diagnostic}")
    return replace(
        bounce,
        original_recipients=recipients,
        action=action,
        gave_up=gave_up,
        sender_refused=refused,
    )

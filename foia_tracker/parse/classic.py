"""Classic (non-RFC 3464) bounces: the mailer-daemon texts of Postfix before DSNs, Exim (and
Mail.ru, which runs it), Sendmail, qmail, Yahoo, AOL, Exchange 2003 NDRs, Lotus Domino,
GroupWise, SMTP32, Netscape Messaging Server and generic "Undeliverable:" notices.

A text is a bounce only when a mail system sent it (a daemon or postmaster sender, an NDR
header, or a bounce subject) *and* its report says delivery failed or is delayed; a postmaster's
own reply ("Re: ...") is a person writing. Failed recipients come from the report part only
(never the returned letter below it), from the lines each MTA family uses; where none of those
match, GNU Mailman's `flufl.bounce` detectors give a second opinion, kept only for addresses
the report itself shows.
"""

import re
from dataclasses import replace
from email.message import Message

from flufl.bounce import all_failures

from .bounce import BounceInfo, is_full, is_temporary, refuses_sender
from .headers import raw_headers, unique

_DAEMON = re.compile(
    r"^(?:mailer-?daemon|postmaster|mail-daemon|mail\.?delivery.*|microsoftexchange[0-9a-f]*"
    r"|mdaemon|bounces?)$",
    re.I,
)
_DAEMON_NAME = re.compile(
    r"mail delivery|mail administrator|system administrator|mail system|postmaster", re.I
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|delivery (?:status notification|failure|has failed|problem|delayed)|delivery_failure"
    r"|returned mail|failure notice|mail (?:delivery )?(?:failed|failure)|mail system error"
    r"|could not be delivered|non-?deliver|delayed mail|could not send message"
    r"|warning: message \S+ delayed|message status - undeliverable|delivery has been delayed"
    r"|message you sent (?:was )?blocked"
    r"|недоставлен|не доставлен|no se puede entregar|non remis|unzustellbar"
    # Coremail (163.com, 126.com and Chinese institutions): "系统退信" (system returned mail)
    r"|退信|邮件被退回|投递失败|无法投递|未能送达",
    re.I,
)
_REPLY = re.compile(r"^\s*(?:re|aw|sv|antw)\s*:", re.I)
# What a report says when it is one (each family's own words for "not delivered").
_REPORT_WORDS = re.compile(
    r"could ?n[o']t be delivered|undeliverable|undelivered|not (?:been )?delivered|was not delivered"
    r"|wasn't able to deliver|unable to deliver|delivery (?:has )?failed|failed to deliver"
    r"|permanent (?:fatal )?error|fatal errors?|user unknown|unknown user|no such user"
    r"|address(?:es)? failed|recipient address rejected|cannot be reached|did not reach"
    r"|not listed in|not yet been delivered|delivery (?:is )?delayed|delayed to these"
    r"|will (?:keep trying|retry)|warning message only|could not send message"
    r"|exceeds allowed size|mailbox (?:is )?full|delivery failed|returned mail"
    r"|не удалось доставить|не доставлен|недоставлен|no se puede entregar|error en la entrega"
    r"|impossible de (?:remettre|distribuer)|non remis|nicht zugestellt|unzustellbar"
    r"|被退回|退信|投递失败|发送失败|无法(?:送达|投递)|未能?送达",
    re.I,
)
# RFC 3464 2.3.3's "delayed", as the texts say it: still trying, nothing to resend.
_DELAY_WORDS = re.compile(
    r"will (?:keep trying|retry|continue)|delivery attempts will continue|still (?:being )?retried"
    r"|not yet been delivered|hasn't been delivered yet|not delivered yet|warning message only"
    r"|this is a warning|do not need to resend|delivery (?:is )?delayed|\bdeferred\b"
    r"|still in the queue|temporary (?:error|failure|problem)|(?:has been|is being|was|been) delayed\b"
    r"|\btry again\b|\bwill try to deliver\b|\bgreylist|\bnot been delivered yet\b",
    re.I,
)
# A report that stopped trying ("This is a permanent error; I've given up", "will not try to
# redeliver", "has now been abandoned"): with a temporary cause the letter is lost, the address
# is not. A full mailbox in a failure notice that says nothing of retrying is one too.
_GAVE_UP = re.compile(
    r"permanent (?:fatal )?error|(?:have|I've|has) given up|gave up|giving up|will not (?:try|retry|attempt)"
    r"|won't (?:try|retry)|no (?:further|more) (?:delivery )?(?:attempts|retries)|not try to redeliver"
    r"|(?:has|have) (?:now )?been abandoned|retry timeout exceeded"
    r"|dauerhafte?r? fehler|erreur permanente|error permanente|erro permanente",
    re.I,
)
_ORIGINAL_MARKER = re.compile(
    r"^[-\s*]*(?:below this line is a copy of the message|this is a copy of the message"
    r"|(?:the )?original message (?:follows|is attached|attached|below|headers)"
    r"|-+ ?original message ?-+|undelivered message|returned message|returned mail follows"
    r"|forwarded message|a copy of the original message|start of returned message"
    r"|mensaje original|message d'origine|копия (?:исходного|оригинального) (?:письма|сообщения))",
    re.I | re.M,
)
# Where no marker says so, the returned letter starts at its header block: two header lines
# at the left margin (a report's own quoted fields are indented).
_RETURNED_HEADERS = re.compile(
    r"^(?:Return-Path|Received|From|To|Subject|Date|Message-ID|MIME-Version):[^\n]*\n"
    r"(?:[A-Za-z][A-Za-z-]*:[^\n]*\n)",
    re.I | re.M,
)
_ADDR = r"[^\s<>@:\"'(),;\[\]]+@[a-z0-9][a-z0-9.-]*[a-z0-9]"
# One family's line each: "<a@b>:" (Postfix, qmail, Yahoo), "  a@b" (Exim, Domino), "a@b on
# date" (Exchange 2003), "<a@b>... User unknown" (Sendmail), "\ta@b (reason)" (GroupWise),
# "unknown user: <a@b>" (SMTP32), "Recipient address: a@b" (Netscape and others).
_LINE_ADDR = re.compile(
    rf"^[ \t>*\"-]*<?({_ADDR})>?\"?(?:\.\.\.|[ \t]+on[ \t]|[ \t]*(?::|\(|$)|[ \t]+invalid address\b)",
    re.I | re.M,
)
_LABELLED_ADDR = re.compile(
    rf"^[ \t]*(?:unknown user|user unknown|invalid recipient|no such user|user mailbox exceeds"
    rf" allowed size|mailbox full|undeliverable address|intended recipient|(?:failed |final |"
    rf"original )?recipient(?: address)?|delivery failed \d+ attempts|your message to|收件人)\s*[:：]\s*"
    rf"(?:rfc822\s*;\s*|\[smtp:)?<?({_ADDR})>?",
    re.I | re.M,
)
# CommuniGate and others: "Failed to deliver to '<a@b>'".
_DELIVER_TO = re.compile(
    rf"\b(?:failed|unable|could not|couldn't) to deliver (?:(?:the |your )?(?:message|mail) )?to\s*"
    rf"['\"]?<?({_ADDR})>?",
    re.I,
)
# Coremail's table of the returned letter also lists its Cc and Bcc ("抄送", "密送"), each
# address in the cell after its label: those were copies, not the failed recipient.
_COPY_LABEL = re.compile(r"^[ \t]*(?:抄\s*送|密\s*送)\s*[:：]\s*$")
_RCPT_TO = re.compile(rf"\bRCPT TO:\s*<({_ADDR})>", re.I)
# Zoho's "[Status: Error, Address: <a@b>, ResponseCode 421, ...]"; DragonFly's "There was an error
# delivering your mail to <a@b>."
_INLINE_ADDR = re.compile(
    rf"\[status: \w+, address: <?({_ADDR})>?|\berror delivering (?:your )?(?:mail|message) to <?({_ADDR})>?",
    re.I,
)
_EXPANDED = re.compile(rf"\((?:expanded|generated) from:?\s*<?({_ADDR})>?\)?", re.I)
_EXPANDED_PAIR = re.compile(
    rf"<?({_ADDR})>?\s*\((?:expanded|generated) from:?\s*<?({_ADDR})>?\)", re.I
)
_STATUS_CODE = re.compile(r"(?<![\d.])([45]\.\d{1,3}\.\d{1,3})\b")
_SMTP_LINE = re.compile(r"^.*\b[45]\d\d[ -].*$", re.M)
_ORIGINAL_ID = re.compile(r"^\s*Message-ID:\s*(<[^<>\s]+>)", re.I | re.M)


def from_mail_system(msg: Message, fields: dict) -> bool:
    local = (fields["from_addr"] or "").partition("@")[0]
    return (
        _DAEMON.match(local) is not None
        or _DAEMON_NAME.search(fields["from_name"]) is not None
        or bool(raw_headers(msg, "x-ms-exchange-message-is-ndr"))
        or bool(raw_headers(msg, "x-failed-recipients"))
        or bool(raw_headers(msg, "x-mddsn-message"))  # MDaemon's own reports
    )


def classic_bounce(msg: Message, fields: dict, body: str) -> BounceInfo | None:
    """A mailer-daemon text bounce, or None when the text is not one."""
    subject = fields["subject"]
    marker = _ORIGINAL_MARKER.search(body) or _RETURNED_HEADERS.search(body)
    report = body[: marker.start()] if marker else body
    by_system = from_mail_system(msg, fields)
    if not (by_system or _BOUNCE_SUBJECT.search(subject)):
        return None
    if _REPORT_WORDS.search(report) is None and _BOUNCE_SUBJECT.search(subject) is None:
        return None
    if _REPLY.match(subject) and not (by_system and _REPORT_WORDS.search(report)):
        return None  # a person answering from a postmaster address
    recipients = _recipients(msg, report) or _second_opinion(msg, report)
    status = _STATUS_CODE.search(report)
    diagnostic = _SMTP_LINE.search(report)
    still_trying = _DELAY_WORDS.search(subject) or (
        _DELAY_WORDS.search(report) and not (status and status.group(1).startswith("5"))
    )
    temporary = is_temporary(status.group(1) if status else None, report)
    # A text report is a failure notice unless it says the server is still trying: "The mailbox
    # is full" with no word of retrying means the server gave up (the letter is lost, the
    # address may be good). Read as a delay, it would move nothing and the letter would be lost
    # silently.
    delayed = bool(still_trying)
    original_id = _ORIGINAL_ID.search(body[marker.start() :] if marker else body)
    return BounceInfo(
        original_message_id=original_id.group(1) if original_id else None,
        original_recipients=recipients,
        status=status.group(1) if status else None,
        # The convention of `bounce.settle`: a temporary cause is "delayed", and `gave_up` says
        # the server stopped trying (so the letter is lost, the address is not bad).
        action="delayed" if delayed or temporary else "failed",
        diagnostic=diagnostic.group(0).strip()[:500] if diagnostic else None,
        gave_up=bool(
            temporary and not still_trying and (_GAVE_UP.search(report) or is_full(report))
        ),
        sender_refused=refuses_sender(report),
    )


def _recipients(msg: Message, report: str) -> tuple[str, ...]:
    # Exim names them in a header (X-Failed-Recipients), the surest source when present.
    named = [
        a.strip().strip("<>").lower()
        for value in raw_headers(msg, "x-failed-recipients")
        for a in value.split(",")
        if "@" in a
    ]
    if named:
        return unique(named)
    found: list[str] = []
    previous: list[str] = []
    copied = False
    for line in report.splitlines():
        if _COPY_LABEL.match(line) or (copied and not line.strip()):
            copied = True
            continue
        if copied:
            copied = False  # the copied-to address in the cell after the label: not failed
            continue
        expanded = _EXPANDED.search(line)
        if expanded:
            # The address we wrote to, not the one it was forwarded to; Exim puts
            # "(generated from ...)" on the line after the forwarded-to address.
            on_line = _LINE_ADDR.findall(line[: expanded.start()])
            if not on_line and previous and found[-len(previous) :] == previous:
                del found[-len(previous) :]
            found.append(expanded.group(1))
            previous = []
            continue
        previous = _LABELLED_ADDR.findall(line) or _LINE_ADDR.findall(line)
        found += previous
    found += _RCPT_TO.findall(report) + _DELIVER_TO.findall(report)
    found += [a or b for a, b in _INLINE_ADDR.findall(report)]
    return unique(a.lower().rstrip(".") for a in found)


def _second_opinion(msg: Message, report: str) -> tuple[str, ...]:
    """flufl.bounce's detectors, for formats our lines do not know; an address counts only if
    the report part itself shows it (its generic detectors also read the returned letter)."""
    try:
        temporary, permanent = all_failures(msg)
    except Exception:  # noqa: BLE001 - a third-party heuristic must not break a parse
        return ()
    lower = report.lower()
    found = sorted(
        {a.decode("ascii", "replace").strip("<>").lower() for a in permanent | temporary}
    )
    return tuple(a for a in found if "@" in a and a in lower)


def with_aliases(bounce: BounceInfo, text: str) -> BounceInfo:
    """A DSN names the address a forward delivered to (Final-Recipient) when the sender asked
    for no ORCPT; the human part says "<x> (expanded from <y>)": y is the one we wrote to."""
    aliases = {a.lower(): b.lower() for a, b in _EXPANDED_PAIR.findall(text)}
    if not aliases:
        return bounce
    named = unique(aliases.get(r, r) for r in bounce.original_recipients)
    return replace(bounce, original_recipients=named)

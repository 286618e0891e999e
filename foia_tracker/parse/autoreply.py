"""Auto-replies and other machine-sent mail, from headers and the subject line.

Two flags: `is_auto_reply` (an RFC 3834 automatic response to a message: out-of-office,
vacation, "we received your mail" responders) and `automated` (any machine-sent mail: those,
plus bounces, notifications, lists, portals). An automatic response is never an answer.
"""

import re
from dataclasses import dataclass
from email.message import Message

from .headers import first_header, raw_headers

# Records portals send notices on an agency's behalf from one shared domain; a sender there says
# nothing about which agency wrote.
PORTAL_DOMAINS = frozenset(
    {
        "nextrequest.com",
        "govqa.us",
        "mycusthelp.com",
        "mycusthelp.net",
        "justfoia.com",
        "foiaonline.gov",
        "civicplus.com",
        "granicusideas.com",
    }
)

# The one definition of an auto-reply subject (intake/classify imports it). Only as a subject
# prefix, after any Re:/Fw:: "Automatic reply:" (Exchange), "Out of Office:" (older Outlook),
# "AUTO:" (Lotus Notes), "Auto-Reply:", "Auto Response", Spanish, French and German forms. A
# real answer may mention "out of office" later in its subject.
AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|sv|fw|fwd)\s*:\s*)*"
    r"(?:(?:automatic reply|auto(?:matic)?[- ]?reply|auto[- ]?response|out of (?:the )?office"
    r"|abwesenheitsnotiz|respuesta autom[aá]tica|r[ée]ponse automatique)\b|auto\s*:)",
    re.I,
)
_NOREPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|notifications?)([+._-]|$)", re.I)


@dataclass(frozen=True)
class Flags:
    auto_submitted: str | None
    is_auto_reply: bool
    automated: bool


def flags(msg: Message, fields: dict) -> Flags:
    auto_submitted = first_header(msg, "auto-submitted").split(";")[0].strip().lower() or None
    precedence = first_header(msg, "precedence").strip().lower()
    # RFC 3834 section 5: any Auto-Submitted value but "no" marks machine-sent mail; older
    # responders use X-Autoreply / X-Autorespond or Precedence: auto_reply instead.
    auto_reply = (
        auto_submitted == "auto-replied"
        or bool(raw_headers(msg, "x-autoreply") or raw_headers(msg, "x-autorespond"))
        or precedence == "auto_reply"
        or AUTO_REPLY_SUBJECT.search(fields["subject"]) is not None
    )
    sender = fields["from_addr"] or ""
    local, _, domain = sender.partition("@")
    automated = (
        auto_reply
        or (auto_submitted not in (None, "no"))
        or precedence in ("bulk", "list", "junk")
        or bool(raw_headers(msg, "list-id") or raw_headers(msg, "list-unsubscribe"))
        or _NOREPLY.match(local) is not None
        or any(domain == d or domain.endswith("." + d) for d in PORTAL_DOMAINS)
    )
    if auto_submitted == "no":
        auto_submitted = None
    return Flags(auto_submitted, auto_reply, automated)

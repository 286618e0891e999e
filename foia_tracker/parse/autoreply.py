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
# prefix, after any Re:/Fw:: "Automatic reply:" (Exchange) and its translations, "Out of Office
# (AutoReply):" (older Outlook), "OOF:"/"OOO:", "Auto-Reply:", "Auto Response", and Lotus
# Notes' "AUTO: <name> is out of the office (returning ...)" - "AUTO:" alone only with such
# words, since a person may write "AUTO: fleet records". A real answer may mention "out of
# office" later in its subject.
AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(?:(?:re|aw|sv|fw|fwd)\s*:\s*)*"
    r"(?:(?:automatic reply|auto(?:matic)?[- ]?reply|auto(?:matic)?[- ]?response"
    r"|out of (?:the )?office(?!\s+hours)|abwesenheitsnotiz|automatische antwort|respuesta autom[aá]tica"
    r"|r[ée]ponse automatique|risposta automatica|resposta autom[aá]tica|automatisch antwoord"
    # Outlook's prefix in other languages (sv/da/no, pl, ru, cs, fi, tr, ja, zh, ko)
    r"|autosvar|automatisk svar|odpowied[zź] automatyczna|автоматический ответ|automatická odpověď"
    r"|automaattinen vastaus|otomatik yan[ıi]t|自動応答|自動返信|自动回复|自動回覆|自动答复|자동\s?(?:회신|응답)"
    r"|oof\s*:|ooo\s*:)"
    r"|auto\s*:(?=[^\n]*\b(?:out of (?:the )?office|away|absent|on (?:vacation|leave)|returning)\b))",
    re.I,
)
_SAYS_AUTOMATED = re.compile(
    r"\bthis is an automat(?:ed|ic) (?:message|response|reply|e-?mail)\b|\bthis (?:message|e-?mail|reply) "
    r"(?:was|is) (?:sent|generated) automatically\b",
    re.I,
)
_PERSON_AWAY = re.compile(
    r"\bI(?: am|'m| will be| will return| shall be)\b[^.\n]{0,40}\b(?:out of|away|on (?:vacation|leave|holiday)|"
    r"back|return|absent)\b",
    re.I,
)
# Away-notice wording, read only in mail that already carries an automatic-submission mark.
_AWAY_WORDS = re.compile(
    r"\bout of (?:the )?office\b|\bon (?:vacation|leave|holiday)\b|\baway from (?:the|my) "
    r"(?:office|desk)\b|\blimited access to e-?mail\b|\bwill (?:be )?return(?:ing)? on\b"
    r"|\bfuera de la oficina\b|\babsent(?:e)? du bureau\b|\bau(?:ß|ss)er haus\b"
    # vacation(1): "I will not be reading my mail for a while ... will be read when I return"
    r"|\bnot be reading (?:my )?e-?mail\b|\bwill be read when I (?:return|get back)\b"
    # the same in the languages of the subjects above
    r"|\bpoza biurem\b|\bв отпуске\b|\bотсутствую\b|\btjänstledig\b|\bpå semester\b|\bmimo kancelář\b"
    r"|\bpoissa\b|\bizindeyim\b|不在にして|休假|不在办公室|부재\s?중|\bafwezig\b|\bfuori (?:ufficio|sede)\b"
    r"|\bfora do escrit[óo]rio\b|\bausente\b",
    re.I,
)
_NOREPLY = re.compile(r"^(no-?reply|do-?not-?reply|donotreply|notifications?)([+._-]|$)", re.I)
# Headers that only responders set (each with its value test): RFC 3834 is the standard;
# the rest are older responders' own (X-Autoreply, X-Autorespond, X-Autoresponder), Novell
# and others' X-POST-MessageClass, Apple Mail's vacation action, Precedence: auto_reply.
_RESPONDER_HEADERS = (
    ("auto-submitted", re.compile(r"^\s*auto-replied\b", re.I)),
    ("x-autoreply", re.compile(r"^\s*(?!no\b|false\b)\S", re.I)),
    ("x-autorespond", re.compile(r"^\s*(?!no\b|false\b)\S", re.I)),
    ("x-autoresponder", re.compile(r"^\s*(?!no\b|false\b)\S", re.I)),
    ("x-post-messageclass", re.compile(r"autoresponder", re.I)),
    ("x-apple-action", re.compile(r"^\s*vacation\b", re.I)),
    ("precedence", re.compile(r"^\s*auto[_-]reply\b", re.I)),
)


@dataclass(frozen=True)
class Flags:
    auto_submitted: str | None
    is_auto_reply: bool
    automated: bool
    evidence: str = ""  # what decided is_auto_reply: a header, the subject, or the wording


def flags(msg: Message, fields: dict, body: str = "") -> Flags:
    auto_submitted = first_header(msg, "auto-submitted").split(";")[0].strip().lower() or None
    # A delivery or read report (multipart/report, RFC 6522: "delivered", "relayed",
    # "displayed") is a mail system's report, not a responder answering for a mailbox, even
    # where Postfix marks it Auto-Submitted: auto-replied.
    report = msg.get_content_type() == "multipart/report"
    evidence = "" if report else _responder_evidence(msg, fields, auto_submitted, body)
    sender = fields["from_addr"] or ""
    local, _, domain = sender.partition("@")
    precedence = first_header(msg, "precedence").strip().lower()
    # RFC 3834 section 5: any Auto-Submitted value but "no" marks machine-sent mail.
    automated = (
        report
        or bool(evidence)
        or (auto_submitted not in (None, "no"))
        or precedence in ("bulk", "list", "junk")
        or bool(raw_headers(msg, "list-id") or raw_headers(msg, "list-unsubscribe"))
        or _NOREPLY.match(local) is not None
        or is_portal_domain(domain)
    )
    if auto_submitted == "no":
        auto_submitted = None
    return Flags(auto_submitted, bool(evidence), automated, evidence)


def is_portal_domain(domain: str) -> bool:
    return any(domain == d or domain.endswith("." + d) for d in PORTAL_DOMAINS)


def _responder_evidence(msg: Message, fields: dict, auto_submitted: str | None, body: str) -> str:
    for name, wanted in _RESPONDER_HEADERS:
        for value in raw_headers(msg, name):
            if wanted.search(value):
                return f"{name}: {value.strip()}"[:200]
    subject = AUTO_REPLY_SUBJECT.search(fields["subject"])
    if subject:
        return f"subject: {subject.group(0).strip()}"
    # An away notice sent as "auto-generated" (MessageLabs, some Exchange rules): the mark
    # says a machine sent it, the opening words say it is a responder. X-Auto-Response-Suppress
    # alone is no mark: Outlook puts it on ordinary mail.
    # vacation(1) marks its notices only with "Precedence: junk" (or bulk).
    precedence = first_header(msg, "precedence").strip().lower()
    marked = auto_submitted not in (None, "no") or precedence in ("junk", "bulk")
    # "This is an automated message" in the text marks it only beside a person's own away words
    # at the top ("I am out of the office until Monday"): a records system's automated release
    # notice may say its office is on holiday.
    if not marked and _SAYS_AUTOMATED.search(body[:2000]) and _PERSON_AWAY.search(body[:400]):
        marked = True
    domain = (fields["from_addr"] or "").partition("@")[2]
    listed = bool(raw_headers(msg, "list-id") or raw_headers(msg, "list-unsubscribe"))
    if marked and not listed and not is_portal_domain(domain):
        words = _AWAY_WORDS.search(body[:1000])
        if words:
            return f"wording: {words.group(0)}"
    return ""

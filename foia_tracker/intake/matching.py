"""ParsedMessage -> the request(s) it answers, or the holding pen with ranked candidates.

Pure. The cascade of ARCHITECTURE.md, first method that decides wins:

1. "token": a valid reply token in a recipient (To, Cc, Delivered-To, X-Original-To,
   Envelope-To, Received "for <...>").
2. "thread": In-Reply-To / References naming a Message-ID we sent (or the provider's rewrite).
3. "ref": a request ref or reply token in the subject or body, quoted/forwarded text included.
4. "bounce": a bounce's original Message-ID, else its failed recipient when exactly one open
   request was sent there.
5. "sender" / "sender-domain": the sender's known address, or its domain when exactly one agency
   uses that domain and it is neither free mail nor a records portal; in both cases only when
   that agency has exactly one open request. Otherwise ambiguous.
6. The holding pen: no matches, ranked candidates. Never a silent guess.

Every index is a dict built once per poll, so matching a message costs time in proportion to
the evidence it carries, not to the number of requests.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from foia_tracker.parse.message import PORTAL_DOMAINS, ParsedMessage
from foia_tracker.tokens import find_mistyped_tokens, find_refs, find_tokens

FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com",
        "outlook.com", "hotmail.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
        "mac.com", "protonmail.com", "proton.me", "pm.me", "gmx.com", "gmx.net", "mail.com",
        "zoho.com", "yandex.com", "comcast.net", "att.net", "sbcglobal.net", "verizon.net",
        "bellsouth.net", "cox.net", "charter.net", "earthlink.net", "fastmail.com", "hey.com",
    }
)  # fmt: skip

MAX_CANDIDATES = 20

SCORES = {
    "token": 1.0,
    "thread": 0.98,
    "ref-subject": 0.95,
    "ref-body": 0.9,
    "bounce": 0.9,
    "sender": 0.8,
    "sender-domain": 0.7,
}
CANDIDATE_SCORES = {
    "mistyped-token": 0.6,
    "sender": 0.5,
    "bounce-recipient": 0.45,
    "sender-domain": 0.3,
}


@dataclass(frozen=True)
class RequestInfo:
    id: int
    ref: str
    token: str
    agency_id: int
    agency_email: str
    open: bool
    # Message-IDs of the letters we sent (and any the provider assigned when it rewrote ours);
    # received messages already filed on this request may be added so replies to them thread.
    message_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    request_id: int
    method: str
    score: float
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class MatchResult:
    own_copy: bool = False
    matches: tuple[Match, ...] = ()
    candidates: tuple[Match, ...] = ()
    from_user: bool = False  # sent from one of the user's own addresses (not a reply)


def _norm_id(message_id: str) -> str:
    # Message-IDs are compared without brackets, whitespace or case: some providers re-case
    # the domain part, and RFC 5322 section 3.6.4 comparisons of rewritten IDs are unreliable.
    return message_id.strip().strip("<>").strip().lower()


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


@dataclass
class MatchContext:
    """Indexes over the requests and addresses, built once per poll."""

    requests: dict[int, RequestInfo]
    by_token: dict[str, int]
    by_ref: dict[str, int]
    by_message_id: dict[str, list[int]]
    by_token_pattern: dict[str, list[int]]
    agencies_by_address: dict[str, set[int]]
    agencies_by_domain: dict[str, set[int]]
    open_by_agency: dict[int, list[int]]
    open_by_recipient: dict[str, list[int]]
    own_message_ids: frozenset[str]
    user_addresses: frozenset[str]
    free_mail_domains: frozenset[str]
    portal_domains: frozenset[str]

    @classmethod
    def build(
        cls,
        requests: Iterable[RequestInfo],
        agency_addresses: Iterable[tuple[int, str]],
        own_message_ids: set[str],
        user_addresses: set[str],
        free_mail_domains: Iterable[str] = FREE_MAIL_DOMAINS,
        portal_domains: Iterable[str] = PORTAL_DOMAINS,
    ) -> "MatchContext":
        ctx = cls(
            requests={}, by_token={}, by_ref={}, by_message_id=defaultdict(list),
            by_token_pattern=defaultdict(list), agencies_by_address=defaultdict(set),
            agencies_by_domain=defaultdict(set), open_by_agency=defaultdict(list),
            open_by_recipient=defaultdict(list),
            own_message_ids=frozenset(_norm_id(m) for m in own_message_ids),
            user_addresses=frozenset(a.lower() for a in user_addresses),
            free_mail_domains=frozenset(d.lower() for d in free_mail_domains),
            portal_domains=frozenset(d.lower() for d in portal_domains),
        )  # fmt: skip
        for request in requests:
            ctx._add_request(request)
        for agency_id, address in agency_addresses:
            ctx._add_address(agency_id, address)
        return ctx

    def _add_request(self, request: RequestInfo) -> None:
        self.requests[request.id] = request
        self.by_token[request.token] = request.id
        self.by_ref[request.ref.upper()] = request.id
        for message_id in request.message_ids:
            self.by_message_id[_norm_id(message_id)].append(request.id)
        for pattern in _substitution_patterns(request.token):
            self.by_token_pattern[pattern].append(request.id)
        if request.agency_email:
            self._add_address(request.agency_id, request.agency_email)
        if request.open:
            self.open_by_agency[request.agency_id].append(request.id)
            if request.agency_email:
                self.open_by_recipient[request.agency_email.lower()].append(request.id)

    def _add_address(self, agency_id: int, address: str) -> None:
        address = address.strip().lower()
        if "@" not in address:
            return
        self.agencies_by_address[address].add(agency_id)
        self.agencies_by_domain[_domain(address)].add(agency_id)

    def near_token_requests(self, mistyped: str) -> list[int]:
        """Requests whose token is one substitution or one adjacent swap from `mistyped`."""
        found: dict[int, None] = {}
        for pattern in _substitution_patterns(mistyped):
            found.update(dict.fromkeys(self.by_token_pattern.get(pattern, ())))
        for i in range(len(mistyped) - 1):
            swapped = mistyped[:i] + mistyped[i + 1] + mistyped[i] + mistyped[i + 2 :]
            if swapped in self.by_token:
                found[self.by_token[swapped]] = None
        return sorted(found)


def _substitution_patterns(token: str) -> list[str]:
    return [token[:i] + "?" + token[i + 1 :] for i in range(len(token))]


def match_message(parsed: ParsedMessage, ctx: MatchContext) -> MatchResult:
    """File one message: matches (one per request it names) or candidates for the holding pen."""
    if parsed.message_id and _norm_id(parsed.message_id) in ctx.own_message_ids:
        return MatchResult(own_copy=True)
    from_user = (parsed.from_addr or "") in ctx.user_addresses
    for step in (_by_token, _by_thread, _by_text, _by_bounce):
        matches = step(parsed, ctx)
        if matches:
            return MatchResult(matches=_dedupe(matches), from_user=from_user)
    if not from_user:
        matches = _by_sender(parsed, ctx)
        if matches:
            return MatchResult(matches=matches)
    return MatchResult(candidates=_candidates(parsed, ctx, from_user), from_user=from_user)


def _dedupe(matches: list[Match]) -> tuple[Match, ...]:
    best: dict[int, Match] = {}
    for match in matches:
        if match.request_id not in best or match.score > best[match.request_id].score:
            best[match.request_id] = match
    return tuple(sorted(best.values(), key=lambda m: (-m.score, m.request_id)))


def _by_token(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    matches = []
    for address in parsed.recipient_addrs:
        for token in find_tokens(address):
            if token in ctx.by_token:
                evidence = {"token": token, "address": address}
                matches.append(Match(ctx.by_token[token], "token", SCORES["token"], evidence))
    return matches


def _by_thread(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    matches = []
    for header, ids in (("in-reply-to", parsed.in_reply_to), ("references", parsed.references)):
        score = SCORES["thread"] if header == "in-reply-to" else SCORES["thread"] - 0.01
        for message_id in ids:
            for request_id in ctx.by_message_id.get(_norm_id(message_id), ()):
                evidence = {"header": header, "message_id": message_id}
                matches.append(Match(request_id, "thread", score, evidence))
    return matches


def _by_text(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    matches = []
    for where, text in (("subject", parsed.subject), ("body", parsed.body_text)):
        score = SCORES[f"ref-{where}"]
        for ref in find_refs(text):
            if ref in ctx.by_ref:
                matches.append(Match(ctx.by_ref[ref], "ref", score, {"ref": ref, "where": where}))
        for token in find_tokens(text):
            if token in ctx.by_token:
                evidence = {"token": token, "where": where}
                matches.append(Match(ctx.by_token[token], "ref", score, evidence))
    return matches


def _by_bounce(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    bounce = parsed.bounce
    if bounce is None:
        return []
    original = bounce.original_message_id
    evidence = {"original_message_id": original, "action": bounce.action}
    matches = [
        Match(request_id, "bounce", SCORES["bounce"], evidence)
        for request_id in ctx.by_message_id.get(_norm_id(original or ""), ())
    ]
    if matches:
        return matches
    for recipient in bounce.original_recipients:
        open_requests = ctx.open_by_recipient.get(recipient, [])
        # a bounce names an address; only one open request to it says which letter bounced
        if len(open_requests) == 1:
            evidence = {"original_recipient": recipient, "action": bounce.action}
            matches.append(Match(open_requests[0], "bounce", SCORES["bounce"] - 0.05, evidence))
    return matches


def _by_sender(parsed: ParsedMessage, ctx: MatchContext) -> tuple[Match, ...]:
    sender = parsed.from_addr or ""
    agencies = ctx.agencies_by_address.get(sender, set())
    method, evidence = "sender", {"from": sender}
    if not agencies:
        domain = _domain(sender)
        # a domain alone is weak: never for free mail, portals, or list/bulk/robot mail
        # (a district newsletter is not an answer to the records request)
        if not sender or parsed.automated or _shared_domain(domain, ctx):
            return ()
        agencies = ctx.agencies_by_domain.get(domain, set())
        method, evidence = "sender-domain", {"from": sender, "domain": domain}
    if len(agencies) != 1:
        return ()
    (agency_id,) = agencies
    open_requests = ctx.open_by_agency.get(agency_id, [])
    if len(open_requests) != 1:
        return ()
    evidence = {**evidence, "agency_id": agency_id}
    return (Match(open_requests[0], method, SCORES[method], evidence),)


def _shared_domain(domain: str, ctx: MatchContext) -> bool:
    """Free mail and records portals: a sender's domain there says nothing about the agency."""
    parts = domain.split(".")
    suffixes = {".".join(parts[i:]) for i in range(len(parts))}
    return bool(suffixes & (ctx.free_mail_domains | ctx.portal_domains))


def _candidates(parsed: ParsedMessage, ctx: MatchContext, from_user: bool) -> tuple[Match, ...]:
    found: list[Match] = []
    texts = [*parsed.recipient_addrs, parsed.subject, parsed.body_text]
    for mistyped in dict.fromkeys(m for text in texts for m in find_mistyped_tokens(text)):
        for request_id in ctx.near_token_requests(mistyped):
            evidence = {"mistyped_token": mistyped}
            found.append(Match(request_id, "mistyped-token", CANDIDATE_SCORES["mistyped-token"],
                               evidence))  # fmt: skip
    if parsed.bounce:
        for recipient in parsed.bounce.original_recipients:
            for request_id in ctx.open_by_recipient.get(recipient, []):
                evidence = {"original_recipient": recipient}
                found.append(Match(request_id, "bounce-recipient",
                                   CANDIDATE_SCORES["bounce-recipient"], evidence))  # fmt: skip
    if not from_user:
        found.extend(_sender_candidates(parsed, ctx))
    return _dedupe(found)[:MAX_CANDIDATES]


def _sender_candidates(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    sender = parsed.from_addr or ""
    domain = _domain(sender)
    by_address = ctx.agencies_by_address.get(sender, set())
    by_domain = set()
    if sender and not _shared_domain(domain, ctx):
        by_domain = ctx.agencies_by_domain.get(domain, set()) - by_address
    found = []
    for method, agencies in (("sender", by_address), ("sender-domain", by_domain)):
        for agency_id in sorted(agencies):
            for request_id in ctx.open_by_agency.get(agency_id, []):
                evidence = {"from": sender, "agency_id": agency_id}
                found.append(Match(request_id, method, CANDIDATE_SCORES[method], evidence))
    return found

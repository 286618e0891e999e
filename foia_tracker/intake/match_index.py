"""The indexes matching reads: every request, address, number and sender, built once per poll.

Pure. Every index is a dict, so matching a message costs time in proportion to the evidence it
carries, not to the number of requests.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from foia_tracker.intake.numbers import name_words, normalize_number, numbers_in, usable_number
from foia_tracker.parse.message import PORTAL_DOMAINS, ParsedMessage

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
    "tracking_number": 0.85,
    "sender": 0.8,
    "sender-domain": 0.7,
}
# Holding-pen suggestions, never filed automatically; all below the weakest automatic match.
CANDIDATE_SCORES = {
    "tracking-number": 0.75,
    "mistyped-token": 0.6,
    "sender-history": 0.55,
    "sender": 0.5,
    "bounce-recipient": 0.45,
    "ref-like": 0.4,
    "agency-name": 0.35,
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
    # The agency's or portal's own numbers for the request (requests.tracking_number, and the
    # classifier's facts of mail filed on it).
    tracking_numbers: tuple[str, ...] = ()
    agency_name: str = ""


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
    dismissed: bool = False  # held mail from a sender the user set aside (`foia dismiss --sender`)


def norm_id(message_id: str) -> str:
    # Message-IDs are compared without brackets, whitespace or case: some providers re-case
    # the domain part, and RFC 5322 section 3.6.4 comparisons of rewritten IDs are unreliable.
    return message_id.strip().strip("<>").strip().lower()


def domain_of(address: str) -> str:
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
    by_tracking: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    requests_by_sender: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    agencies_by_name_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    agency_name_words: dict[int, frozenset[str]] = field(default_factory=dict)
    # [replies] address with {token} as a pattern: mail From such an address is the user's
    user_patterns: tuple[re.Pattern[str], ...] = ()
    dismissed_senders: frozenset[str] = frozenset()

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
            own_message_ids=frozenset(norm_id(m) for m in own_message_ids),
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
            self.by_message_id[norm_id(message_id)].append(request.id)
        for pattern in _substitution_patterns(request.token):
            self.by_token_pattern[pattern].append(request.id)
        if request.agency_email:
            self._add_address(request.agency_id, request.agency_email)
        self.add_tracking_numbers((request.id, n) for n in request.tracking_numbers)
        words = name_words(request.agency_name)
        if words:
            self.agency_name_words[request.agency_id] = words
            for word in words:
                self.agencies_by_name_word[word].add(request.agency_id)
        if request.open:
            self.open_by_agency[request.agency_id].append(request.id)
            if request.agency_email:
                self.open_by_recipient[request.agency_email.lower()].append(request.id)

    def _add_address(self, agency_id: int, address: str) -> None:
        address = address.strip().lower()
        if "@" not in address:
            return
        self.agencies_by_address[address].add(agency_id)
        self.agencies_by_domain[domain_of(address)].add(agency_id)

    def add_tracking_numbers(self, pairs: Iterable[tuple[int, str]]) -> None:
        """(request_id, number): agencies' and portals' own numbers for a request."""
        for request_id, number in pairs:
            number = normalize_number(number or "")
            if usable_number(number) and request_id not in self.by_tracking[number]:
                self.by_tracking[number].append(request_id)

    def add_sender_history(self, pairs: Iterable[tuple[int, str]]) -> None:
        """(request_id, address): senders already filed on a request."""
        for request_id, address in pairs:
            if address and address.lower() not in self.user_addresses:
                self.requests_by_sender[address.lower()].add(request_id)

    def set_requester(self, reply_pattern: str, dismissed: Iterable[str] = ()) -> None:
        """The user's tokened reply address ("records+{token}@example.org") as a pattern, and
        the senders she set aside."""
        if "{token}" in reply_pattern:
            before, _, after = reply_pattern.lower().partition("{token}")
            pattern = re.escape(before) + "[0-9a-z]{4,40}" + re.escape(after)
            self.user_patterns = (re.compile(pattern),)
        self.dismissed_senders = frozenset(a.lower() for a in dismissed)

    def is_user(self, address: str) -> bool:
        address = (address or "").lower()
        if address in self.user_addresses:
            return True
        return any(p.fullmatch(address) for p in self.user_patterns)

    def shared_domain(self, domain: str) -> bool:
        """Free mail and records portals: a sender's domain there says nothing about the agency."""
        return bool(_suffixes(domain) & (self.free_mail_domains | self.portal_domains))

    def portal_domain(self, domain: str) -> bool:
        return bool(_suffixes(domain) & self.portal_domains)

    def known_sender(self, request_id: int, sender: str) -> bool:
        """Whether ``sender`` speaks for this request: its agency's address or own domain, a
        records portal, or an address already filed on it."""
        sender = (sender or "").lower()
        agency_id = self.requests[request_id].agency_id
        domain = domain_of(sender)
        return (
            agency_id in self.agencies_by_address.get(sender, ())
            or request_id in self.requests_by_sender.get(sender, ())
            or self.portal_domain(domain)
            or (
                not self.shared_domain(domain)
                and self.agencies_by_domain.get(domain) == {agency_id}
            )
        )

    def tracking_hits(self, parsed: ParsedMessage) -> dict[str, tuple[str, list[int]]]:
        """Known request numbers the subject or body carries: number -> (where, requests)."""
        hits: dict[str, tuple[str, list[int]]] = {}
        if not self.by_tracking:
            return hits
        for where, text in (("subject", parsed.subject), ("body", parsed.body_text)):
            for number in numbers_in(text):
                if number in self.by_tracking and number not in hits:
                    hits[number] = (where, self.by_tracking[number])
        return hits

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


def dedupe(matches: list[Match]) -> tuple[Match, ...]:
    """The best match per request, best first."""
    best: dict[int, Match] = {}
    for match in matches:
        if match.request_id not in best or match.score > best[match.request_id].score:
            best[match.request_id] = match
    return tuple(sorted(best.values(), key=lambda m: (-m.score, m.request_id)))


def _substitution_patterns(token: str) -> list[str]:
    return [token[:i] + "?" + token[i + 1 :] for i in range(len(token))]


def _suffixes(domain: str) -> set[str]:
    parts = domain.lower().split(".")
    return {".".join(parts[i:]) for i in range(len(parts))}

"""ParsedMessage -> the request(s) it answers, or the holding pen with ranked candidates.

Pure. The cascade of ARCHITECTURE.md, first method that decides wins:

1. "token": a valid reply token in a recipient (To, Cc, Delivered-To, X-Original-To,
   Envelope-To, Received "for <...>").
2. "thread": In-Reply-To / References naming a Message-ID we sent (or the provider's rewrite),
   or one of a received message already filed on the request by more than its sender.
3. "ref": a request ref or reply token in the subject or body, quoted/forwarded text included.
4. "bounce": a bounce's original Message-ID, else its failed recipient when exactly one open
   request was sent there.
5. "tracking_number": the agency's or portal's own number for exactly one request, in the
   subject or body, from a sender who speaks for that request (its agency's address or domain,
   a records portal, or an address already filed on it). From anyone else the number is only a
   suggestion: a number alone from an unknown sender never files mail, so never moves a status.
6. "sender" / "sender-domain": the sender's known address, or its domain when exactly one agency
   uses that domain and it is neither free mail nor a records portal; in both cases only when
   that agency has exactly one open request. Otherwise ambiguous.
7. The holding pen: no matches, ranked candidates (suggest.py). Never a silent guess.

Mail from the user's own addresses (``from_user``: requester.email, the IMAP login, or the
tokened reply address) is flagged, never matched by sender; mail from a sender the user set
aside (``foia dismiss --sender``) that no evidence above files is flagged ``dismissed``.
"""

from foia_tracker.intake import suggest
from foia_tracker.intake.match_index import (  # noqa: F401 - re-export: the names callers use
    CANDIDATE_SCORES,
    FREE_MAIL_DOMAINS,
    MAX_CANDIDATES,
    SCORES,
    Match,
    MatchContext,
    MatchResult,
    RequestInfo,
    dedupe,
    domain_of,
    norm_id,
)
from foia_tracker.parse.message import ParsedMessage
from foia_tracker.tokens import find_refs, find_tokens


def match_message(parsed: ParsedMessage, ctx: MatchContext) -> MatchResult:
    """File one message: matches (one per request it names) or candidates for the holding pen."""
    if parsed.message_id and norm_id(parsed.message_id) in ctx.own_message_ids:
        return MatchResult(own_copy=True)
    sender = (parsed.from_addr or "").lower()
    from_user = ctx.is_user(sender)
    for step in (_by_token, _by_thread, _by_text, _by_bounce):
        matches = step(parsed, ctx)
        if matches:
            return MatchResult(matches=dedupe(matches), from_user=from_user)
    matches = _by_tracking(parsed, ctx, from_user)
    if matches:
        return MatchResult(matches=matches, from_user=from_user)
    if sender and sender in ctx.dismissed_senders:
        return MatchResult(from_user=from_user, dismissed=True)
    if not from_user:
        matches = _by_sender(parsed, ctx)
        if matches:
            return MatchResult(matches=matches)
    return MatchResult(candidates=suggest.candidates(parsed, ctx, from_user), from_user=from_user)


def _by_token(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    addresses = list(parsed.recipient_addrs)
    if parsed.from_addr and ctx.is_user(parsed.from_addr):
        addresses.append(parsed.from_addr)  # the user writing from her tokened reply address
    matches = []
    for address in addresses:
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
            for request_id in ctx.by_message_id.get(norm_id(message_id), ()):
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
        for request_id in ctx.by_message_id.get(norm_id(original or ""), ())
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


def _by_tracking(parsed: ParsedMessage, ctx: MatchContext, from_user: bool) -> tuple[Match, ...]:
    """A number that names one request, from someone who speaks for it (or the user herself)."""
    sender = (parsed.from_addr or "").lower()
    matches = []
    for number, (where, request_ids) in ctx.tracking_hits(parsed).items():
        if len(request_ids) != 1:
            continue  # two requests share the number: only a person can tell
        (request_id,) = request_ids
        if from_user or ctx.known_sender(request_id, sender):
            evidence = {"tracking_number": number, "where": where, "from": sender}
            matches.append(Match(request_id, "tracking_number", SCORES["tracking_number"],
                                 evidence))  # fmt: skip
    return dedupe(matches)


def _by_sender(parsed: ParsedMessage, ctx: MatchContext) -> tuple[Match, ...]:
    sender = parsed.from_addr or ""
    agencies = ctx.agencies_by_address.get(sender, set())
    method, evidence = "sender", {"from": sender}
    if not agencies:
        domain = domain_of(sender)
        # a domain alone is weak: never for free mail, portals, or list/bulk/robot mail
        # (a district newsletter is not an answer to the records request)
        if not sender or parsed.automated or ctx.shared_domain(domain):
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

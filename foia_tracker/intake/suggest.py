"""The holding pen's suggestions: which requests a held message may be about, best first.

Pure. Each signal is evidence a person can check; none files mail by itself. Per request the
strongest signal gives the method and the base score, and every further, different signal
adds a little (two weak hints together outrank one), always below what files mail
automatically. Signals:

- "tracking-number": the agency's or portal's number for the request, from a sender who does
  not (yet) speak for it, or a number two requests share;
- "mistyped-token": a reply token one typo away from a request's;
- "sender-history": the sender already wrote on the request;
- "sender": the agency's known address, when it has several open requests;
- "bounce-recipient": a bounce naming the address a letter went to;
- "ref-like": the subject names a ref in a loose form ("CT 42", "ct0042");
- "agency-name": the subject names the agency ("Greenwich" for Greenwich Public Schools);
- "sender-domain": the agency's own domain (never free mail or a portal).
"""

from __future__ import annotations

from foia_tracker.intake.match_index import (
    CANDIDATE_SCORES,
    MAX_CANDIDATES,
    Match,
    MatchContext,
    domain_of,
)
from foia_tracker.intake.numbers import ref_like, words_of
from foia_tracker.parse.message import ParsedMessage
from foia_tracker.tokens import find_mistyped_tokens

EXTRA_SIGNAL = 0.05
MAX_SUGGESTION_SCORE = 0.89  # below every automatic match (SCORES): a suggestion never files
MAX_NAMED_AGENCIES = 3  # a subject naming more agencies than this names none in particular


def candidates(parsed: ParsedMessage, ctx: MatchContext, from_user: bool) -> tuple[Match, ...]:
    signals = [
        *_token_signals(parsed, ctx),
        *_number_signals(parsed, ctx),
        *_bounce_signals(parsed, ctx),
        *_subject_signals(parsed, ctx),
    ]
    if not from_user:
        signals.extend(_sender_signals(parsed, ctx))
    return rank(signals)


def rank(signals: list[Match]) -> tuple[Match, ...]:
    """One suggestion per request: its best signal, plus a little for each other kind."""
    by_request: dict[int, list[Match]] = {}
    for signal in signals:
        by_request.setdefault(signal.request_id, []).append(signal)
    ranked = []
    for request_id, found in by_request.items():
        found.sort(key=lambda m: -m.score)
        best, others = found[0], _other_kinds(found)
        if not others:
            ranked.append(best)
            continue
        score = min(best.score + EXTRA_SIGNAL * len(others), MAX_SUGGESTION_SCORE)
        also = [{"method": m.method, **m.evidence} for m in others]
        ranked.append(Match(request_id, best.method, round(score, 2), {**best.evidence,
                                                                       "also": also}))  # fmt: skip
    ranked.sort(key=lambda m: (-m.score, m.request_id))
    return tuple(ranked[:MAX_CANDIDATES])


def _other_kinds(found: list[Match]) -> list[Match]:
    seen = {found[0].method}
    others = []
    for match in found[1:]:
        if match.method not in seen:
            seen.add(match.method)
            others.append(match)
    return others


def _signal(request_id: int, method: str, evidence: dict, score: float | None = None) -> Match:
    return Match(request_id, method, CANDIDATE_SCORES[method] if score is None else score,
                 evidence)  # fmt: skip


def _token_signals(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    texts = [*parsed.recipient_addrs, parsed.subject, parsed.body_text]
    mistyped = dict.fromkeys(m for text in texts for m in find_mistyped_tokens(text))
    return [
        _signal(request_id, "mistyped-token", {"mistyped_token": token})
        for token in mistyped
        for request_id in ctx.near_token_requests(token)
    ]


def _number_signals(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    return [
        _signal(request_id, "tracking-number", {"tracking_number": number, "where": where})
        for number, (where, request_ids) in ctx.tracking_hits(parsed).items()
        for request_id in request_ids
    ]


def _bounce_signals(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    if not parsed.bounce:
        return []
    return [
        _signal(request_id, "bounce-recipient", {"original_recipient": recipient})
        for recipient in parsed.bounce.original_recipients
        for request_id in ctx.open_by_recipient.get(recipient, [])
    ]


def _subject_signals(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    found = [
        _signal(ctx.by_ref[ref], "ref-like", {"ref": ref})
        for ref in ref_like(parsed.subject)
        if ref in ctx.by_ref
    ]
    words = words_of(parsed.subject)
    named = {a for w in words for a in ctx.agencies_by_name_word.get(w, ())}
    named = {a for a in named if ctx.agency_name_words[a] <= words}
    if len(named) <= MAX_NAMED_AGENCIES:
        for agency_id in sorted(named):
            evidence = {"agency_id": agency_id, "words": sorted(ctx.agency_name_words[agency_id])}
            found.extend(
                _signal(request_id, "agency-name", evidence)
                for request_id in ctx.open_by_agency.get(agency_id, [])
            )
    return found


def _sender_signals(parsed: ParsedMessage, ctx: MatchContext) -> list[Match]:
    sender = (parsed.from_addr or "").lower()
    if not sender:
        return []
    found = []
    for request_id in sorted(ctx.requests_by_sender.get(sender, ())):
        # a closed request can still get mail (a late production), but less likely
        score = CANDIDATE_SCORES["sender-history"] - (0 if ctx.requests[request_id].open else 0.1)
        found.append(_signal(request_id, "sender-history", {"from": sender}, score))
    domain = domain_of(sender)
    by_address = ctx.agencies_by_address.get(sender, set())
    by_domain = set()
    if not ctx.shared_domain(domain):
        by_domain = ctx.agencies_by_domain.get(domain, set()) - by_address
    for method, agencies in (("sender", by_address), ("sender-domain", by_domain)):
        for agency_id in sorted(agencies):
            evidence = {"from": sender, "agency_id": agency_id}
            found.extend(
                _signal(request_id, method, evidence)
                for request_id in ctx.open_by_agency.get(agency_id, [])
            )
    return found


_WHY = {
    "tracking-number": "carries request number {tracking_number}",
    "tracking_number": "carries request number {tracking_number}",
    "mistyped-token": "a reply token one typo from this request's ({mistyped_token})",
    "sender-history": "{from} already wrote on this request",
    "sender": "{from} is the agency's address (it has several open requests)",
    "bounce-recipient": "a bounce naming {original_recipient}, where the letter went",
    "ref-like": "the subject looks like {ref}",
    "agency-name": "the subject names the agency",
    "sender-domain": "{from} is at the agency's domain",
}


def explain(method: str, evidence: dict) -> str:
    """Why a suggestion was made, in words: its signal and every further one."""
    reasons = [_reason(method, evidence)]
    reasons += [_reason(also.get("method", ""), also) for also in evidence.get("also", [])]
    return "; ".join(reasons)


def _reason(method: str, evidence: dict) -> str:
    template = _WHY.get(method)
    if template is None:
        return method
    try:
        return template.format(**evidence)
    except (KeyError, IndexError, ValueError):
        return method

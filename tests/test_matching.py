from dataclasses import replace
from pathlib import Path

import pytest

from foia_tracker.intake.matching import (
    Match,
    MatchContext,
    MatchResult,
    RequestInfo,
    match_message,
)
from foia_tracker.parse.message import BounceInfo, ParsedMessage, parse_message
from foia_tracker.tokens import check_symbol, new_token


def token(data: str) -> str:
    return data + check_symbol(data)


T42 = token("k3j5m2n4p6q7")  # the token in the fixture corpus
T43 = token("aaaabbbbcccc")
T44 = token("000011112222")
T45 = token("zzzzyyyyxxxx")

REQUESTS = [
    RequestInfo(42, "CT-0042", T42, 1, "records@district.example.org", True,
                ("<letter-ct-0042@foia.example.com>",)),
    RequestInfo(43, "CT-0043", T43, 2, "foia@district.example.org", True,
                ("<letter-ct-0043@foia.example.com>", "<provider-rewrite-43@mail.example.com>")),
    RequestInfo(44, "CT-0044", T44, 3, "jo@district2.example.org", True,
                ("<letter-ct-0044@foia.example.com>",)),
    # agency 4 has two open requests (two campaigns), agency 5 one closed and one open
    RequestInfo(45, "NY-0107", T45, 4, "clerk@town.example.us", True,
                ("<letter-ny-0107@foia.example.com>",)),
    RequestInfo(46, "NY-0108", token("qqqqrrrrssss"), 4, "clerk@town.example.us", True, ()),
    RequestInfo(47, "TX-0200", token("ttttvvvvwwww"), 5, "records@isd.example.org", False, ()),
    RequestInfo(48, "TX-0201", token("mmmmnnnnpppp"), 5, "records@isd.example.org", True, ()),
    RequestInfo(49, "CA-0001", token("gggghhhhjjjj"), 6, "pra@gmail.com", True, ()),
]  # fmt: skip
AGENCY_ADDRESSES = [(5, "openrecords@isd.example.org"), (6, "clerk@cityofx.example.gov")]
OWN_IDS = {"<letter-ct-0042@foia.example.com>", "<own-copy-1@foia.example.com>"}
USER = {"parent@example.com"}

MAIL = Path(__file__).parent / "fixtures" / "mail"


@pytest.fixture(scope="module")
def ctx() -> MatchContext:
    return MatchContext.build(REQUESTS, AGENCY_ADDRESSES, OWN_IDS, USER)


def msg(**fields) -> ParsedMessage:
    fields.setdefault("message_id", "<incoming@agency.example>")
    fields.setdefault("from_addr", "stranger@elsewhere.example")
    return ParsedMessage(**fields)


def filed(result: MatchResult) -> list[tuple[int, str]]:
    return [(m.request_id, m.method) for m in result.matches]


def held(result: MatchResult) -> list[tuple[int, str]]:
    return [(m.request_id, m.method) for m in result.candidates]


# --- 1. token ------------------------------------------------------------------------------


def test_token_in_recipient(ctx):
    result = match_message(msg(recipient_addrs=(f"records+{T43}@example.com",)), ctx)
    assert result.matches == (
        Match(43, "token", 1.0, {"token": T43, "address": f"records+{T43}@example.com"}),
    )
    assert result.candidates == ()
    assert result.own_copy is False


def test_token_recased_and_retyped(ctx):
    retyped = T44.upper().replace("0", "O").replace("1", "l")
    result = match_message(msg(recipient_addrs=(f"records+{retyped}@example.com",)), ctx)
    assert filed(result) == [(44, "token")]


def test_two_tokens_file_on_both(ctx):
    recipients = (f"records+{T43}@example.com", f"records+{T44}@example.com")
    result = match_message(msg(recipient_addrs=recipients), ctx)
    assert filed(result) == [(43, "token"), (44, "token")]


def test_token_beats_thread_and_ref(ctx):
    parsed = msg(
        recipient_addrs=(f"records+{T43}@example.com",),
        in_reply_to=("<letter-ct-0044@foia.example.com>",),
        subject="Re: [CT-0045] x",
    )
    assert filed(match_message(parsed, ctx)) == [(43, "token")]


def test_mistyped_token_never_matches_another_request(ctx):
    wrong = T43[:3] + ("b" if T43[3] != "b" else "c") + T43[4:]
    parsed = msg(recipient_addrs=(f"records+{wrong}@example.com",))
    result = match_message(parsed, ctx)
    assert result.matches == ()
    assert result.candidates == (Match(43, "mistyped-token", 0.6, {"mistyped_token": wrong}),)


def test_swapped_token_is_a_candidate_only(ctx):
    swapped = T42[:5] + T42[6] + T42[5] + T42[7:]
    assert swapped != T42
    result = match_message(msg(body_text=f"write to records+{swapped}@example.com"), ctx)
    assert result.matches == ()
    assert held(result) == [(42, "mistyped-token")]


# --- 2. thread -----------------------------------------------------------------------------


def test_in_reply_to(ctx):
    result = match_message(msg(in_reply_to=("<LETTER-CT-0044@foia.example.com>",)), ctx)
    assert result.matches == (
        Match(44, "thread", 0.98,
              {"header": "in-reply-to", "message_id": "<LETTER-CT-0044@foia.example.com>"}),
    )  # fmt: skip


def test_references_with_provider_rewritten_id(ctx):
    parsed = msg(references=("<unknown@x>", "<provider-rewrite-43@mail.example.com>"))
    result = match_message(parsed, ctx)
    assert filed(result) == [(43, "thread")]
    assert result.matches[0].score == 0.97


def test_token_stripped_but_in_reply_to_kept(ctx):
    parsed = msg(
        recipient_addrs=("records@example.com",),
        in_reply_to=("<letter-ct-0043@foia.example.com>",),
        subject="RE: Public records request",
    )
    assert filed(match_message(parsed, ctx)) == [(43, "thread")]


# --- 3. ref or token in subject/body -------------------------------------------------------


def test_ref_in_subject_only(ctx):
    result = match_message(msg(subject="RE: [CT-0044] Public records request"), ctx)
    assert result.matches == (Match(44, "ref", 0.95, {"ref": "CT-0044", "where": "subject"}),)


def test_refs_in_body_file_on_each(ctx):
    parsed = msg(subject="Records", body_text="This answers NY-0107 and NY-0108 (and ZZ-0001).")
    assert filed(match_message(parsed, ctx)) == [(45, "ref"), (46, "ref")]


def test_unknown_ref_is_not_a_match(ctx):
    result = match_message(msg(subject="RE: [CT-9999] request"), ctx)
    assert result.matches == ()


def test_token_in_quoted_body(ctx):
    body = f"Thanks.\n\n> On Monday you wrote:\n> reply to records+{T45}@example.com\n"
    result = match_message(msg(body_text=body), ctx)
    assert result.matches == (Match(45, "ref", 0.9, {"token": T45, "where": "body"}),)


def test_forwarded_reply_from_colleague_fixture(ctx):
    result = match_message(parse_message((MAIL / "nested.eml").read_bytes()), ctx)
    assert filed(result) == [(44, "ref")]
    assert result.matches[0].evidence == {"ref": "CT-0044", "where": "body"}


# --- 4. bounce -----------------------------------------------------------------------------


def test_dsn_bounce_matched_by_original_message_id(ctx):
    parsed = parse_message((MAIL / "dsn_gmail.eml").read_bytes())
    # the returned headers carry the ref too; strip them to prove the bounce route on its own
    parsed = replace(parsed, body_text="** Address not found **")
    result = match_message(parsed, ctx)
    assert result.matches == (
        Match(
            42,
            "bounce",
            0.9,
            {"original_message_id": "<letter-ct-0042@foia.example.com>", "action": "failed"},
        ),
    )


def test_dsn_fixture_with_ref_in_returned_headers(ctx):
    result = match_message(parse_message((MAIL / "dsn_exchange.eml").read_bytes()), ctx)
    assert filed(result) == [(43, "ref")]


def test_bounce_by_recipient_when_one_open_request(ctx):
    bounce = BounceInfo(None, ("records@isd.example.org",), "5.1.1", "failed", None)
    result = match_message(msg(bounce=bounce), ctx)
    assert result.matches == (
        Match(
            48,
            "bounce",
            0.85,
            {"original_recipient": "records@isd.example.org", "action": "failed"},
        ),
    )


def test_bounce_by_recipient_with_two_open_requests_is_held(ctx):
    bounce = BounceInfo(None, ("clerk@town.example.us",), "5.1.1", "failed", None)
    result = match_message(msg(bounce=bounce, from_addr="mailer-daemon@isp.example"), ctx)
    assert result.matches == ()
    assert held(result) == [(45, "bounce-recipient"), (46, "bounce-recipient")]


# --- 5. sender -----------------------------------------------------------------------------


def test_known_sender_with_one_open_request(ctx):
    result = match_message(msg(from_addr="jo@district2.example.org"), ctx)
    assert result.matches == (
        Match(44, "sender", 0.8, {"from": "jo@district2.example.org", "agency_id": 3}),
    )


def test_learned_sender_address(ctx):
    result = match_message(msg(from_addr="openrecords@isd.example.org"), ctx)
    assert filed(result) == [(48, "sender")]


def test_sender_domain_unique_agency_one_open_request(ctx):
    result = match_message(msg(from_addr="someone.else@district2.example.org"), ctx)
    assert result.matches == (
        Match(44, "sender-domain", 0.7,
              {"from": "someone.else@district2.example.org", "domain": "district2.example.org",
               "agency_id": 3}),
    )  # fmt: skip


def test_sender_domain_shared_by_two_agencies_is_held(ctx):
    result = match_message(msg(from_addr="other@district.example.org"), ctx)
    assert result.matches == ()
    assert held(result) == [(42, "sender-domain"), (43, "sender-domain")]


def test_sender_only_agency_with_two_open_requests_is_held(ctx):
    result = match_message(msg(from_addr="clerk@town.example.us"), ctx)
    assert result.matches == ()
    assert held(result) == [(45, "sender"), (46, "sender")]


def test_free_mail_domain_never_matches_by_domain(ctx):
    result = match_message(msg(from_addr="someone@gmail.com"), ctx)
    assert result == MatchResult()
    # but the exact known address still does
    assert filed(match_message(msg(from_addr="pra@gmail.com"), ctx)) == [(49, "sender")]


def test_portal_domain_never_matches_by_domain():
    requests = [RequestInfo(1, "WA-0001", new_token(), 1, "city@nextrequest.com", True)]
    ctx = MatchContext.build(requests, [], set(), set())
    result = match_message(msg(from_addr="noreply@mail.nextrequest.com"), ctx)
    assert result == MatchResult()


def test_strangers_mail_is_held_without_candidates(ctx):
    assert match_message(msg(subject="Hello", body_text="Buy now"), ctx) == MatchResult()


# --- own copies and the user's own mail ----------------------------------------------------


def test_own_copy(ctx):
    parsed = msg(message_id="<OWN-COPY-1@foia.example.com>", subject="[CT-0042] request")
    assert match_message(parsed, ctx) == MatchResult(own_copy=True)


def test_mail_from_the_user_is_flagged_and_never_matched_by_sender(ctx):
    parsed = msg(from_addr="parent@example.com", subject="Fwd: [CT-0043] note to self")
    result = match_message(parsed, ctx)
    assert result.from_user is True
    assert filed(result) == [(43, "ref")]
    nothing = match_message(msg(from_addr="parent@example.com"), ctx)
    assert nothing == MatchResult(from_user=True)


def test_deterministic(ctx):
    parsed = msg(subject="NY-0108 NY-0107", body_text=f"{T44} CT-0043")
    assert match_message(parsed, ctx) == match_message(parsed, ctx)
    assert filed(match_message(parsed, ctx)) == [(45, "ref"), (46, "ref"), (43, "ref"),
                                                  (44, "ref")]  # fmt: skip


def test_scales_to_a_big_campaign():
    states = ["CT", "NY", "TX", "CA"]
    requests = [
        RequestInfo(i, f"{states[i % 4]}-{i:05d}", new_token(), i // 2, f"r{i // 2}@d{i // 2}.org",
                    i % 3 != 0, (f"<letter-{i}@foia.example.com>",))
        for i in range(13_000)
    ]  # fmt: skip
    ctx = MatchContext.build(requests, [(i, f"alt{i}@d{i}.org") for i in range(6500)], set(), set())
    messages = [
        msg(
            message_id=f"<m{n}@x>",
            from_addr=f"someone@d{n % 6500}.org",
            subject=f"RE: {requests[n % 13_000].ref}" if n % 2 else "RE: records",
            recipient_addrs=(f"records+{requests[(n * 7) % 13_000].token}@x.org",)
            if n % 5 == 0 else (),
            in_reply_to=(f"<letter-{n % 13_000}@foia.example.com>",) if n % 3 == 0 else (),
            body_text="Thank you for your request. " * 40,
        )
        for n in range(20_000)
    ]  # fmt: skip
    results = [match_message(m, ctx) for m in messages]
    # How long it takes is measured in bench/hostile_inputs.py, not asserted here.
    assert sum(1 for r in results if r.matches) > 15_000


def test_message_id_shared_by_two_requests_threads_to_both():
    shared = "<agency-reply-filed-on-two@agency.example>"
    requests = [
        RequestInfo(1, "CT-0001", token("aaaaaaaaaaaa"), 1, "a@a.example", True, (shared,)),
        RequestInfo(2, "CT-0002", token("bbbbbbbbbbbb"), 1, "a@a.example", True, (shared,)),
    ]
    ctx = MatchContext.build(requests, [], set(), set())
    assert filed(match_message(msg(references=(shared,)), ctx)) == [(1, "thread"), (2, "thread")]


def test_list_mail_never_matches_by_domain_only(ctx):
    newsletter = msg(from_addr="news@district2.example.org", automated=True)
    result = match_message(newsletter, ctx)
    assert result.matches == ()
    assert held(result) == [(44, "sender-domain")]
    # the agency's own known address still counts, robot or not (auto-acknowledgements)
    ack = msg(from_addr="jo@district2.example.org", automated=True)
    assert filed(match_message(ack, ctx)) == [(44, "sender")]

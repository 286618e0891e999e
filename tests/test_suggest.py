"""Matching by request numbers, the holding pen's ranked suggestions, the user's own mail and
dismissed senders: the pure side (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foia_tracker.intake.matching import Match, MatchContext, RequestInfo, match_message
from foia_tracker.intake.numbers import name_words, numbers_in, ref_like, usable_number
from foia_tracker.intake.suggest import MAX_SUGGESTION_SCORE, explain, rank
from foia_tracker.parse.message import ParsedMessage
from foia_tracker.tokens import check_symbol


def token(data: str) -> str:
    return data + check_symbol(data)


GOVQA = "R001234-120126"
REQUESTS = [
    RequestInfo(1, "CT-0001", token("aaaaaaaaaaaa"), 10, "records@greenwich.example.org", True,
                (), (GOVQA,), "Greenwich Public Schools"),
    RequestInfo(2, "CT-0002", token("bbbbbbbbbbbb"), 20, "foia@milford.example.org", True,
                (), ("26-311",), "Milford School District"),
    # one agency, two open requests: its sender alone decides nothing
    RequestInfo(3, "NY-0003", token("cccccccccccc"), 30, "clerk@town.example.us", True, (),
                ("PRR-2026-77",), "Town of Ellery"),
    RequestInfo(4, "NY-0004", token("dddddddddddd"), 30, "clerk@town.example.us", True),
    RequestInfo(5, "TX-0005", token("eeeeeeeeeeee"), 50, "pia@isd.example.org", False, (),
                (), "Austin ISD"),
]  # fmt: skip


@pytest.fixture
def ctx() -> MatchContext:
    ctx = MatchContext.build(REQUESTS, [], set(), {"jane@example.org"})
    ctx.add_sender_history([(2, "clerk.helper@milford.example.org"), (5, "old@isd.example.org")])
    ctx.set_requester("jane+{token}@example.org", dismissed=["deals@shop.example.com"])
    return ctx


def msg(**fields) -> ParsedMessage:
    fields.setdefault("message_id", "<incoming@x.example>")
    fields.setdefault("from_addr", "stranger@elsewhere.example")
    return ParsedMessage(**fields)


def filed(result) -> list[tuple[int, str]]:
    return [(m.request_id, m.method) for m in result.matches]


def held(result) -> list[tuple[int, str]]:
    return [(m.request_id, m.method) for m in result.candidates]


# --- numbers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "usable"),
    [("R001234-120126", True), ("26-311", True), ("06103", False), ("2026", False),
     ("123456", True), ("ABCDE", False), ("P-12", False), ("FOIA1", True)],
)  # fmt: skip
def test_only_distinctive_numbers_file_mail(number, usable):
    assert usable_number(number) is usable


def test_numbers_are_found_whole_and_by_their_hyphen_suffixes():
    found = list(numbers_in("Your request #PRR-26-311 (see r001234-120126)."))
    assert "PRR-26-311" in found and "26-311" in found
    assert "R001234-120126" in found
    assert "26-311" not in list(numbers_in("ticket 26-3111"))  # no partial runs


def test_loose_refs_and_agency_words():
    assert ref_like("Re: your CT 42 request, ct0043, and CT-0044") == ["CT-0042", "CT-0043"]
    assert name_words("Greenwich Public Schools") == {"greenwich"}
    assert name_words("Town of Ellery") == {"ellery"}


# --- the tracking-number step ----------------------------------------------------------------


def test_a_portal_notice_with_the_number_files_on_the_request(ctx):
    notice = msg(from_addr="noreply@greenwichct.govqa.us", automated=True,
                 subject=f"Records released for request {GOVQA}")  # fmt: skip
    result = match_message(notice, ctx)
    assert filed(result) == [(1, "tracking_number")]
    assert result.matches[0].evidence == {
        "tracking_number": GOVQA, "where": "subject", "from": "noreply@greenwichct.govqa.us"
    }  # fmt: skip


def test_the_agency_and_its_known_senders_file_by_number(ctx):
    by_agency = msg(from_addr="foia@milford.example.org", body_text="Request 26-311 is closed.")
    assert filed(match_message(by_agency, ctx)) == [(2, "tracking_number")]
    # an address already filed on the request (sender history) speaks for it too
    helper = msg(from_addr="clerk.helper@milford.example.org", subject="26-311 update")
    assert filed(match_message(helper, ctx)) == [(2, "tracking_number")]
    # the agency's own domain, when it is the only agency there
    colleague = msg(from_addr="it@greenwich.example.org", body_text=f"About {GOVQA}.")
    assert filed(match_message(colleague, ctx)) == [(1, "tracking_number")]


def test_a_number_from_an_unknown_sender_is_only_a_suggestion(ctx):
    stranger = msg(from_addr="someone@gmail.com", subject=f"Fwd: {GOVQA}")
    result = match_message(stranger, ctx)
    assert result.matches == ()
    assert held(result) == [(1, "tracking-number")]


def test_a_number_two_requests_share_files_on_neither():
    requests = [
        RequestInfo(1, "CT-0001", token("aaaaaaaaaaaa"), 1, "a@a.example.org", True, (), ("X-77777",)),
        RequestInfo(2, "CT-0002", token("bbbbbbbbbbbb"), 2, "b@b.example.org", True, (), ("X-77777",)),
    ]  # fmt: skip
    ctx = MatchContext.build(requests, [], set(), set())
    result = match_message(msg(from_addr="a@a.example.org", subject="X-77777"), ctx)
    # the sender's own agency has one open request: the sender step decides, weakly
    assert filed(result) == [(1, "sender")]
    result = match_message(msg(from_addr="n@portal.govqa.us", subject="X-77777"), ctx)
    assert result.matches == ()
    assert held(result) == [(1, "tracking-number"), (2, "tracking-number")]


def test_a_short_or_common_number_is_never_indexed():
    requests = [RequestInfo(1, "CT-0001", token("aaaaaaaaaaaa"), 1, "a@a.example.org", True,
                            (), ("06103",))]  # fmt: skip
    ctx = MatchContext.build(requests, [], set(), set())
    assert ctx.by_tracking == {}
    result = match_message(msg(from_addr="a@a.example.org", body_text="Hartford CT 06103"), ctx)
    assert filed(result) == [(1, "sender")]


def test_refs_and_tokens_still_come_first(ctx):
    parsed = msg(from_addr="foia@milford.example.org", subject=f"[CT-0001] re {GOVQA} and 26-311")
    assert filed(match_message(parsed, ctx)) == [(1, "ref")]


# --- the user's own mail and dismissed senders ------------------------------------------------


def test_the_tokened_reply_address_is_the_user(ctx):
    assert ctx.is_user("jane@example.org")
    assert ctx.is_user(f"JANE+{token('aaaaaaaaaaaa')}@example.org")
    assert not ctx.is_user("jane+@example.org")
    assert not ctx.is_user("jane.other@example.org")


def test_a_bcc_of_her_own_message_is_flagged_and_filed_by_its_evidence(ctx):
    bcc = msg(from_addr="jane@example.org", subject="RE: [CT-0002] Public records request")
    result = match_message(bcc, ctx)
    assert result.from_user and filed(result) == [(2, "ref")]
    # writing from her tokened address names the request by that token
    own = msg(from_addr=f"jane+{token('aaaaaaaaaaaa')}@example.org", subject="thanks")
    assert filed(match_message(own, ctx)) == [(1, "token")]
    # her mail is never matched by sender, and carries no sender suggestions
    alone = match_message(msg(from_addr="jane@example.org", subject="Note to self"), ctx)
    assert alone.from_user and alone.matches == () and alone.candidates == ()


def test_a_dismissed_sender_is_set_aside_unless_evidence_names_a_request(ctx):
    deal = match_message(msg(from_addr="deals@shop.example.com", subject="50% off"), ctx)
    assert deal.dismissed and deal.matches == () and deal.candidates == ()
    named = match_message(msg(from_addr="deals@shop.example.com", subject="CT-0002"), ctx)
    assert not named.dismissed and filed(named) == [(2, "ref")]


# --- suggestions -----------------------------------------------------------------------------


def test_sender_history_and_agency_name_are_suggested(ctx):
    result = match_message(msg(from_addr="old@isd.example.org", subject="Hello"), ctx)
    # request 5 is closed: history still suggests it, a little lower than for an open one
    assert [(m.request_id, m.method, m.score) for m in result.candidates] == [
        (5, "sender-history", pytest.approx(0.45))
    ]
    named = match_message(msg(subject="Greenwich records question"), ctx)
    assert held(named) == [(1, "agency-name")]
    loose = match_message(msg(subject="about ct 2"), ctx)
    assert held(loose) == [(2, "ref-like")]


def test_several_signals_outrank_one_and_say_why(ctx):
    parsed = msg(from_addr="someone@gmail.com", subject="Ellery: PRR-2026-77 and NY 4")
    result = match_message(parsed, ctx)
    assert result.matches == ()  # a number from an unknown sender: only suggestions
    best = result.candidates[0]
    assert (best.request_id, best.method) == (3, "tracking-number")
    assert best.score == pytest.approx(0.75 + 0.05)  # + the agency's name
    assert [a["method"] for a in best.evidence["also"]] == ["agency-name"]
    # request 4 (same agency): its loose ref and the agency's name
    assert [(m.request_id, m.method, m.score) for m in result.candidates[1:]] == [
        (4, "ref-like", pytest.approx(0.45))
    ]
    assert explain(best.method, best.evidence) == (
        "carries request number PRR-2026-77; the subject names the agency"
    )
    # the agency's known address with two open requests suggests both, and says so
    clerk = match_message(msg(from_addr="clerk@town.example.us", subject="Question"), ctx)
    assert held(clerk) == [(3, "sender"), (4, "sender")]
    assert explain(clerk.candidates[0].method, clerk.candidates[0].evidence) == (
        "clerk@town.example.us is the agency's address (it has several open requests)"
    )


def test_a_suggestion_never_reaches_an_automatic_score():
    signals = [Match(1, m, 0.75, {}) for m in ("tracking-number", "sender", "ref-like", "agency-name",
                                                "sender-domain", "sender-history", "mistyped-token")]  # fmt: skip
    (only,) = rank(signals)
    assert only.score == MAX_SUGGESTION_SCORE < 0.9


# --- properties ------------------------------------------------------------------------------

NUMBERS = ["R000101-110326", "R000102-110326", "26-311", "PRR-2026-77", "123456", "FOIA1"]


@st.composite
def numbered_campaign(draw):
    requests = []
    for i in range(draw(st.integers(1, 6))):
        agency = draw(st.integers(1, 3))
        numbers = tuple(draw(st.lists(st.sampled_from(NUMBERS), max_size=2, unique=True)))
        data = f"{i:012d}".replace("0", "a")
        requests.append(
            RequestInfo(i + 1, f"CT-{i + 1:04d}", token(data), agency, f"r@a{agency}.example",
                        draw(st.booleans()), (), numbers, f"Agency{agency} Schools")
        )  # fmt: skip
    return requests


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.data())
def test_a_number_files_only_when_it_is_there_unique_and_its_sender_speaks_for_it(data):
    requests = data.draw(numbered_campaign())
    ctx = MatchContext.build(requests, [], set(), {"me@example.org"})
    words = st.sampled_from([*NUMBERS, "hello", "06103", "26-3111", "#26-311.", "agency2", "CT 1"])
    text = " ".join(data.draw(st.lists(words, max_size=5)))
    sender = data.draw(
        st.sampled_from(["r@a1.example", "x@a2.example", "n@city.govqa.us", "s@gmail.com"])
    )
    where = data.draw(st.sampled_from(["subject", "body_text"]))
    result = match_message(msg(from_addr=sender, **{where: text}), ctx)

    holders: dict[str, set[int]] = {}
    for r in requests:
        for n in r.tracking_numbers:
            holders.setdefault(n, set()).add(r.id)
    for match in result.matches:
        if match.method != "tracking_number":
            # no ref or token in these texts: only an agency's own address or domain decides
            assert match.method in ("sender", "sender-domain")
            assert sender in ("r@a1.example", "x@a2.example")
            continue
        number = match.evidence["tracking_number"]
        assert number.upper() in text.upper() and holders[number] == {match.request_id}
        assert sender != "s@gmail.com"  # a stranger's number never files
    assert all(c.score < 0.9 for c in result.candidates)
    assert not {m.request_id for m in result.matches} & {c.request_id for c in result.candidates}
    assert match_message(msg(from_addr=sender, **{where: text}), ctx) == result

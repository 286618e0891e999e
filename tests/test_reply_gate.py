"""The gate on thin evidence (intake/reply_gate.py): one phrase is too little for the kinds whose
single-phrase decisions were wrong as often as right on unseen wording; the kind is kept as
``facts["tentative"]`` and the reply goes to a person."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

from foia_tracker.intake.classify import ReplyKind, ReplyText, classify, read
from foia_tracker.intake.reply_gate import settle, thin
from foia_tracker.intake.reply_types import Classification

K = ReplyKind


def reply(body: str, subject: str = "RE: Public Records Request CT-0042", **kw) -> ReplyText:
    return ReplyText(subject=subject, body=body, attachment_names=tuple(kw.get("names", ())),
                     automated=kw.get("automated", False),
                     received_at=datetime(2026, 11, 20, 10, 0))  # fmt: skip


def test_one_receipt_phrase_goes_to_review_with_the_kind_kept():
    message = reply("Got it, thanks.")
    assert read(message).kind == K.ACKNOWLEDGEMENT
    result = classify(message)
    assert result.kind == K.OTHER
    assert result.facts["tentative"] == {"kind": "acknowledgement"}
    assert result.phrases == read(message).phrases  # the evidence is still shown


def test_a_receipt_with_more_evidence_stands():
    message = reply(
        "We have received your public records request and it has been assigned number "
        "PRR-2026-114. We will respond within ten business days."
    )
    assert len(read(message).phrases) >= 2
    assert classify(message).kind == K.ACKNOWLEDGEMENT


def test_a_single_delay_phrase_moves_no_clock():
    result = settle(
        Classification(
            K.EXTENSION, {"extension_days": 10, "tracking_number": "R-7"}, ("still pulling",)
        )  # fmt: skip
    )
    assert result.kind == K.OTHER
    assert "extension_days" not in result.facts  # intake applies a top-level length as an extension
    assert result.facts["tentative"] == {"kind": "extension", "extension_days": 10}
    assert result.facts["tracking_number"] == "R-7"  # a request number is not a kind's fact


def test_a_kinds_own_fact_is_evidence_too():
    dated = Classification(K.EXTENSION, {"new_due_date": "2027-01-15"}, ("expect to respond by",))
    assert not thin(dated)
    no_figure = Classification(K.FEE_ESTIMATE, {}, ("estimated charges",))
    assert thin(no_figure)
    with_figure = Classification(K.FEE_ESTIMATE, {"fee_amount": "41.60"}, ("$41.60",))
    assert not thin(with_figure)


@pytest.mark.parametrize("kind", [K.DENIAL, K.FEE_ESTIMATE, K.NO_RECORDS])
def test_refusals_fees_and_no_records_stand_on_one_phrase_only_alone(kind):
    alone = Classification(kind, {"fee_amount": "12.00"}, ("request is denied",))
    assert not thin(alone)
    mixed = Classification(kind, {"also": ["extension"], "fee_amount": "12.00"}, ("is denied",))
    assert thin(mixed)
    assert settle(mixed).facts["also"] == ["extension"]


@pytest.mark.parametrize("kind", [K.CLARIFICATION, K.RECORDS_LINK])
def test_a_question_or_a_link_stands_on_one_phrase(kind):
    assert not thin(Classification(kind, {"also": ["acknowledgement"]}, ("which years?",)))


def test_a_portal_template_decision_is_not_a_phrase():
    notice = Classification(K.ACKNOWLEDGEMENT, {"portal": {"name": "GovQA"}},
                            ("GovQA receipt notice",))  # fmt: skip
    assert not thin(notice)


def test_two_phrases_or_none_are_never_thin():
    assert not thin(Classification(K.ACKNOWLEDGEMENT, {}, ("received", "assigned number")))
    assert not thin(Classification(K.OTHER, {}, ("Got it",)))


sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import classify_eval  # noqa: E402


# A few sets suffice for a structural property (every set, twice over, costs a minute and a half).
@pytest.mark.parametrize(
    "name", ["real-tune", "tune", "real-blind46", "real-blind47", "real-blind48"]
)
def test_the_gate_only_ever_sends_a_kind_to_review(name):
    # Over every corpus: the gated kind is the words' kind, or other with that kind tentative.
    for sample in classify_eval.load_set(name):
        words = classify_eval.run(sample, gate=False)
        gated = classify_eval.run(sample, gate=True)
        if gated.kind == words.kind:
            assert gated == words, sample.name
        else:
            assert gated.kind == K.OTHER, sample.name
            assert gated.facts["tentative"]["kind"] == words.kind, sample.name
            assert thin(words), sample.name


def test_a_receipt_phrase_in_a_portals_receipt_notice_stands():
    receipt = Classification(K.ACKNOWLEDGEMENT, {"portal": {"name": "justfoia", "action": "receipt"}},
                             ("request RTK 2026-0311 was received",))  # fmt: skip
    assert not thin(receipt)
    message = Classification(K.ACKNOWLEDGEMENT, {"portal": {"name": "govqa", "action": "message"}},
                             ("received",))  # fmt: skip
    assert thin(message)

"""The requester's own words, read conservatively (requests/intent.py)."""

import pytest

from foia_tracker.requests.intent import guess_kind


@pytest.mark.parametrize(
    "text, kind",
    [
        ("I accept the estimated charges of $84.50. Please go ahead.", "accept-fee"),
        ("We agree to pay the fee.", "accept-fee"),
        ("Payment is enclosed.", "accept-fee"),
        ("I do not accept the estimate; it is far too high.", "decline-fee"),
        ("I can't pay the fees you list.", "decline-fee"),
        ("I decline the proposed charges.", "decline-fee"),
        ("I request a fee waiver: this is in the public interest.", "decline-fee"),
        ("I would like to narrow my request to 2023 and 2024.", "narrow"),
        ("To clarify, I am asking only for signed agreements.", "clarify"),
        ('By "vendors", I mean outside companies that receive student data.', "clarify"),
        ("Could you tell me the status of my request?", "status"),
        ("Any update? When can I expect the records?", "status"),
        ("Thanks!", "other"),
        ("", "other"),
        # Two kinds at once: a person decides what it answers.
        ("I accept the fee, and I would like to narrow my request to 2024.", "other"),
        # Quoted agency text is not the requester's words.
        ("Thanks, see below.\n\n> Any update on the fee? I accept the estimate", "other"),
    ],
)
def test_guess_kind(text, kind):
    assert guess_kind(text) == kind

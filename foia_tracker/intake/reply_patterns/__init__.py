"""Phrase tables: what agencies write when they mean each kind of reply (data, not logic).

Each pattern runs, case-insensitively, on one sentence of the agency's own words (see
`reply_text.own_words`). A kind also has a guard: a sentence that matches its guard never
counts for that kind ("If your request is denied you may appeal" is no denial; "if you need
clarification, call me" asks nothing).

The families come from real replies (GovQA, NextRequest, JustFOIA and FOIAonline notices,
school-district clerks by e-mail): see docs/classification.md.

The tables live in one module per family (receipts, delays, fees, asks, refusals, absence,
productions, notices); this package gives callers one name for all of them
(`from foia_tracker.intake import reply_patterns as P`).
"""

from __future__ import annotations

from foia_tracker.intake.reply_patterns.absence import (
    NO_RECORDS,
    NO_RECORDS_GUARD,
    NOT_YET,
)
from foia_tracker.intake.reply_patterns.asks import (
    BARE_SCOPE,
    CLARIFICATION,
    CLARIFICATION_GUARD,
    NOT_TO_THE_REQUESTER,
    RETURN_IT,
    SCOPE_WORDS,
)
from foia_tracker.intake.reply_patterns.common import (
    CONDITIONAL,
    OPTIONS_CUE,
    PAYMENT_WORDS,
    REPLY_SUBJECT,
    RESPONSE_OPTIONS,
)
from foia_tracker.intake.reply_patterns.delays import (
    AG_RULING,
    AG_RULING_GUARD,
    DATE_STANDS,
    DELAY,
    EXTENSION,
    EXTENSION_GUARD,
    MORE_TIME,
)
from foia_tracker.intake.reply_patterns.fees import (
    ABOUT_RECORDS,
    APPROVAL_ASKED,
    FEE,
    FEE_GUARD,
    NO_PAYMENT_ASKED,
)
from foia_tracker.intake.reply_patterns.notices import (
    ABOUT_A_REQUEST,
    APPEAL_NOTICE,
    AWAY,
    BOUNCE_SUBJECT,
    FORWARDED_ONLY,
    HANDLED_ELSEWHERE,
    MISDIRECTED,
    OUT_OF_OFFICE_BODY,
    OUT_OF_OFFICE_SUBJECT,
    SUBSCRIPTION_NOTICE,
)
from foia_tracker.intake.reply_patterns.productions import (
    DUE_PROMISE,
    FILE_SHARE_HOST,
    LINK_PRODUCTION,
    NO_RECORDS_LINK,
    POINTS_BELOW,
    POINTS_TO_LETTER,
    POSTED_GUARD,
    PRODUCTION,
    PRODUCTION_GUARD,
    RECORDS_TOO,
    SHARE_NOTICE,
    SHARED_NO_LINK,
    STILL_OWED,
)
from foia_tracker.intake.reply_patterns.receipts import (
    ACKNOWLEDGEMENT,
    RECEIPT,
    RECEIPT_GUARD,
    RECEIPT_THEN_BUT,
    WELCOME_ONLY,
)
from foia_tracker.intake.reply_patterns.refusals import (
    BARE_DENIED,
    DENIAL,
    DENIAL_GUARD,
    DENIAL_SOFT_GUARD,
    OPENING_DENIAL,
    OTHER_GROUND,
    OWN_REFUSAL,
    REFUSAL_SHAPE,
    REFUSAL_SHAPE_GUARD,
)

__all__ = [
    "NO_RECORDS_LINK",
    "APPROVAL_ASKED",
    "ABOUT_A_REQUEST",
    "ABOUT_RECORDS",
    "ACKNOWLEDGEMENT",
    "AG_RULING",
    "AG_RULING_GUARD",
    "APPEAL_NOTICE",
    "AWAY",
    "BARE_DENIED",
    "BARE_SCOPE",
    "CLARIFICATION",
    "CLARIFICATION_GUARD",
    "CONDITIONAL",
    "DATE_STANDS",
    "DELAY",
    "DENIAL",
    "DENIAL_GUARD",
    "DENIAL_SOFT_GUARD",
    "OPENING_DENIAL",
    "OTHER_GROUND",
    "OWN_REFUSAL",
    "PAYMENT_WORDS",
    "DUE_PROMISE",
    "EXTENSION",
    "EXTENSION_GUARD",
    "FEE",
    "FEE_GUARD",
    "FILE_SHARE_HOST",
    "FORWARDED_ONLY",
    "HANDLED_ELSEWHERE",
    "LINK_PRODUCTION",
    "MISDIRECTED",
    "MORE_TIME",
    "NO_PAYMENT_ASKED",
    "NOT_TO_THE_REQUESTER",
    "NOT_YET",
    "NO_RECORDS",
    "NO_RECORDS_GUARD",
    "OPTIONS_CUE",
    "OUT_OF_OFFICE_BODY",
    "OUT_OF_OFFICE_SUBJECT",
    "POINTS_BELOW",
    "POINTS_TO_LETTER",
    "PRODUCTION",
    "REPLY_SUBJECT",
    "POSTED_GUARD",
    "PRODUCTION_GUARD",
    "RECORDS_TOO",
    "RECEIPT",
    "RECEIPT_GUARD",
    "RECEIPT_THEN_BUT",
    "REFUSAL_SHAPE",
    "RESPONSE_OPTIONS",
    "REFUSAL_SHAPE_GUARD",
    "SCOPE_WORDS",
    "SHARE_NOTICE",
    "RETURN_IT",
    "STILL_OWED",
    "BOUNCE_SUBJECT",
    "SHARED_NO_LINK",
    "SUBSCRIPTION_NOTICE",
    "WELCOME_ONLY",
]

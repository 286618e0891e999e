"""When one phrase is not enough: a named kind resting on thin evidence goes to a person.

The classifier names a kind when it finds that kind's phrases. On replies written by people
who never saw its tables (the first runs of 31 blind sets, 2,024 replies, docs/classification.md
"A gate on thin evidence"), a kind decided by two or more phrases was right 0.95 of the time,
and by a single phrase 0.73. The single-phrase decisions were not equally weak:

- acknowledgement (0.42), extension (0.71) and records_provided (0.45) were wrong about as
  often as right or worse: one receipt phrase ("received your request") sits on top of news in
  words the tables lack (a question, a date, a refusal); one "still pulling" sits on a reply
  that says something else; one "here is" beside a file is not a production;
- denial (0.65), fee_estimate (0.47) and no_records (0.37) were weak only when the reply also
  showed another kind: one "request is denied" alone was right 67 times in 68, but beside a fee
  or a date it is often the agency's reading of one item, or of the law;
- clarification (0.90) and records_link (0.86) rest on specific evidence (a question put to
  her; a link with production words) and stand on one phrase;
- a fact the kind needs is evidence too: an extension with the date it gives stands (0.88;
  without one, 0.48), and a fee with no figure never stands on one phrase (0.30; with one, 0.72).

So, precision before recall (STYLE.md; a wrong kind is worse than `other`): those decisions
become `other`, which flags the request for review and leaves its status and clock alone. The
kind they would have had, and its facts (fee, deposit, new date), stay under
``facts["tentative"]``, so the review says what the reply looks like and what to check.
"""

from __future__ import annotations

from foia_tracker.intake.reply_types import Classification, ReplyKind

K = ReplyKind

# One phrase never decides these.
ONE_PHRASE_REVIEW = frozenset((K.ACKNOWLEDGEMENT, K.EXTENSION, K.RECORDS_PROVIDED))
# One phrase decides these only when the reply shows no other kind.
ONE_PHRASE_IF_ALONE = frozenset((K.DENIAL, K.FEE_ESTIMATE, K.NO_RECORDS))
# The facts a kind brings that move a request (a fee to pay, a date that moves the clock).
KIND_FACTS = (
    "fee_amount",
    "deposit_amount",
    "new_due_date",
    "extension_days",
    "extension_unit",
    "extension_hours",
    "exemptions",
    "documents",
)


def thin(result: Classification) -> bool:
    """Whether the named kind rests on too little to act on."""
    if result.kind is K.OTHER or len(result.phrases) != 1:
        return False
    portal = result.facts.get("portal") or {}
    if portal and result.phrases[0].endswith(" notice"):
        return False  # decided by the portal's own template ("GovQA receipt notice"), not a phrase
    if result.kind is K.ACKNOWLEDGEMENT and portal.get("action") == "receipt":
        return False  # a receipt phrase in the portal's receipt template: two marks, not one
    if result.kind is K.EXTENSION and "new_due_date" in result.facts:
        return False  # the phrase and the date it gives: 35 right in 40
    if result.kind is K.FEE_ESTIMATE and "fee_amount" not in result.facts:
        return True  # a fee with no figure on one phrase ("estimated charges"): 8 right in 27
    # (records_provided counts each attached file: a bare forward of several files was right 3
    # times in 3, of one file 5 times in 11.)
    if result.kind in ONE_PHRASE_REVIEW:
        return True
    return result.kind in ONE_PHRASE_IF_ALONE and bool(result.facts.get("also"))


def settle(result: Classification) -> Classification:
    """The result as intake should act on it: thin evidence becomes `other`, kept as tentative."""
    if not thin(result):
        return result
    facts = dict(result.facts)
    tentative = {"kind": str(result.kind)}
    tentative.update({key: facts.pop(key) for key in KIND_FACTS if key in facts})
    facts["tentative"] = tentative
    return Classification(K.OTHER, facts, result.phrases)

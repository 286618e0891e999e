"""Helpers and the one guard every kind shares: conditionals and rights boilerplate.

Data, not logic: see the package's docstring."""

from __future__ import annotations

import re


def _p(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.I) for s in sources)


_REQ = r"(?:(?:public |open )?records? |foia |pia |information |open records |freedom of information )?request"

# Conditionals, possibilities and boilerplate about rights: never the agency's decision.
CONDITIONAL = re.compile(
    r"^\s*(?:if|in the event|should|when|once|unless)\b|\bif (?:you|your|any|the|a|we|there)\b"
    r"|\b(?:may|might|could) (?:be|have)\b|\bin the event\b|\bshould any\b|\byou may appeal\b"
    r"|\bright to appeal\b|\bany (?:portion|part)\b|\bif (?:it|they|this|these)\b",
    re.I,
)

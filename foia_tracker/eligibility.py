"""Which agencies a campaign may write to, and how: residency limits and delivery channels.

Residency: some laws serve only their own residents (jurisdiction ``residency.scope`` "state") or
US residents ("us"). Agencies there are refused unless the requester qualifies
(``requester.state``) or ``[requester.proxies]`` names a resident who makes the request; the
letter then carries the matching residency statement. Contested limits only warn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from foia_tracker.config import Proxy, Requester
from foia_tracker.law.jurisdictions import Jurisdiction


@dataclass(frozen=True)
class ResidencyDecision:
    allowed: bool
    residency: str = ""  # "self" | "proxy" | "": which statement the letter carries
    proxy: Proxy | None = None
    note: str = ""  # why refused, or the warning for a contested limit


def residency_decision(jurisdiction: Jurisdiction, requester: Requester) -> ResidencyDecision:
    """Whether a letter may go to an agency of `jurisdiction`, and which statement it carries."""
    scope, code = jurisdiction.residency.scope, jurisdiction.code
    if scope == "none":
        return ResidencyDecision(allowed=True)
    if (scope == "state" and requester.state == code) or (scope == "us" and requester.state):
        return ResidencyDecision(allowed=True, residency="self")
    proxy = requester.proxies.get(code)
    if proxy:
        return ResidencyDecision(allowed=True, residency="proxy", proxy=proxy)
    where = "the United States" if scope == "us" else jurisdiction.name
    cite = jurisdiction.residency.citation or jurisdiction.citation
    if jurisdiction.residency.contested:
        return ResidencyDecision(
            allowed=True,
            note=(
                f"{code}: the law's limit to residents of {where} ({cite}) is contested; letters "
                f"go without a residency statement. A proxy under [requester.proxies] {code} "
                "would avoid a refusal."
            ),
        )
    return ResidencyDecision(
        allowed=False,
        note=(
            f"{code} limits requests to residents of {where} ({cite}); set requester.state or "
            f"name a resident under [requester.proxies] {code}."
        ),
    )


def channel_of(agency: Mapping) -> str:
    """ "email" when a letter can be emailed, else the other channel the agency needs."""
    if agency["email"] and agency["delivery"] == "email" and agency["email_status"] == "ok":
        return "email"
    if agency["email"] and agency["email_status"] == "bounced":
        return "email bounced: mail/portal/fax"
    if agency["delivery"] in ("portal", "mail", "fax"):
        return agency["delivery"]
    return "mail/portal/fax"

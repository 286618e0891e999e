"""Per-jurisdiction public-records rules, loaded from ``jurisdictions.toml`` into typed dataclasses.

The data file is the source of truth; ``LAW_VERSION`` (a hash of it) is stored on each request so
that a change in the data can trigger recomputation of that request's deadlines.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from foia_tracker.errors import UnknownJurisdiction

OBLIGATIONS = ("acknowledge", "respond", "decide", "produce")
UNITS = ("business", "calendar")
STARTS = ("receipt", "acknowledgement", "previous")
OBSERVED_RULES = ("sat_fri_sun_mon", "sun_mon", "none")
RESIDENCY_SCOPES = ("state", "us", "none")
DEEMED_DENIAL = ("yes", "in_effect", "no", "approved", "unknown")
PAUSE_EVENTS = ("fee_estimate", "clarification")


@dataclass(frozen=True)
class Clock:
    obligation: str
    days: int
    unit: str
    starts: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Extension:
    """A statutory extension the agency may invoke (not one that happened: see deadlines)."""

    days: int
    unit: str
    counted_from: str  # "due" (added to the original deadline) or "receipt" (a new total)
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Pause:
    """An agency question that stops the clock until the requester answers."""

    event: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class RequesterWindow:
    """How long the requester has to answer before the law treats the request as dropped."""

    event: str
    days: int
    unit: str
    consequence: str
    citation: str
    note: str = ""


@dataclass(frozen=True)
class Appeal:
    route: str
    body: str
    citation: str
    days: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class Residency:
    scope: str
    contested: bool
    citation: str
    note: str


@dataclass(frozen=True)
class HolidayRule:
    """A correction to the ``holidays`` package for days state offices are really closed."""

    action: str  # "add" | "remove"
    name: str
    citation: str
    date: str = ""  # "MM-DD" for a fixed date
    rule: str = ""  # "day_after_thanksgiving" | "election_day" | "third_friday_june"


@dataclass(frozen=True)
class Jurisdiction:
    code: str
    name: str
    law_name: str
    citation: str
    response_section: str
    timezone: str
    confidence: str
    uncertainty: str
    verified_on: str
    summary: str
    no_deadline: str
    business_day_notes: str
    deemed_denial: str
    deemed_denial_note: str
    extension_note: str
    clocks: tuple[Clock, ...]
    extensions: tuple[Extension, ...]
    pauses_on: tuple[Pause, ...]
    requester_windows: tuple[RequesterWindow, ...]
    holidays: tuple[HolidayRule, ...]
    sources: tuple[str, ...]
    appeal: Appeal
    residency: Residency
    close_of_business: str = "17:00"
    calendar_rolls_forward: bool = False
    roll_citation: str = ""
    received_after_business_days: int = 0
    receipt_citation: str = ""
    holidays_observed: str = "sat_fri_sun_mon"
    observed_citation: str = ""

    @property
    def uncertain(self) -> bool:
        return self.confidence != "confident"


def _data_bytes() -> bytes:
    return resources.files(__package__).joinpath("jurisdictions.toml").read_bytes()


LAW_VERSION = hashlib.sha256(_data_bytes()).hexdigest()[:16]


def _check(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ValueError(f"{where}: {value!r} is not one of {', '.join(allowed)}")
    return value


def _clock(code: str, raw: dict) -> Clock:
    clock = Clock(**raw)
    _check(clock.obligation, OBLIGATIONS, f"{code} clock obligation")
    _check(clock.unit, UNITS, f"{code} clock unit")
    _check(clock.starts, STARTS, f"{code} clock starts")
    return clock


def _jurisdiction(code: str, raw: dict, meta: dict) -> Jurisdiction:
    raw = dict(raw)
    parts = {
        "clocks": tuple(_clock(code, c) for c in raw.pop("clocks")),
        "extensions": tuple(Extension(**e) for e in raw.pop("extensions")),
        "pauses_on": tuple(Pause(**p) for p in raw.pop("pauses_on")),
        "requester_windows": tuple(RequesterWindow(**w) for w in raw.pop("requester_windows")),
        "holidays": tuple(HolidayRule(**h) for h in raw.pop("holidays")),
        "sources": tuple(raw.pop("sources")),
        "appeal": Appeal(**raw.pop("appeal")),
        "residency": Residency(**raw.pop("residency")),
    }
    raw.setdefault("close_of_business", meta.get("close_of_business", "17:00"))
    j = Jurisdiction(code=code, **raw, **parts)
    _check(j.residency.scope, RESIDENCY_SCOPES, f"{code} residency scope")
    _check(j.deemed_denial, DEEMED_DENIAL, f"{code} deemed_denial")
    _check(j.holidays_observed, OBSERVED_RULES, f"{code} holidays_observed")
    for pause in j.pauses_on:
        _check(pause.event, PAUSE_EVENTS, f"{code} pauses_on event")
    return j


@cache
def load_jurisdictions() -> dict[str, Jurisdiction]:
    """All jurisdictions by two-letter code, in code order. Raises ValueError on malformed data."""
    data = tomllib.loads(_data_bytes().decode("utf-8"))
    meta = data.get("meta", {})
    return {
        code: _jurisdiction(code, raw, meta) for code, raw in sorted(data["jurisdictions"].items())
    }


def get_jurisdiction(code: str) -> Jurisdiction:
    """The jurisdiction for a code such as ``ny`` or ``NY``; a clear error for unknown codes."""
    jurisdictions = load_jurisdictions()
    key = (code or "").strip().upper()
    if key not in jurisdictions:
        raise UnknownJurisdiction(
            f"Unknown jurisdiction {code!r}: use one of {', '.join(jurisdictions)}."
        )
    return jurisdictions[key]


@dataclass(frozen=True)
class CitabilityWarning:
    code: str
    message: str


def check_citable(code: str) -> CitabilityWarning | None:
    """A warning when a jurisdiction's rules were not confirmed; None when they can be cited.

    ``campaign create`` calls this for every state it renders letters for: the reference research
    (state_laws_notes.md) could not confirm a core field for these rows.
    """
    j = get_jurisdiction(code)
    if not j.uncertain:
        return None
    return CitabilityWarning(
        code=j.code,
        message=(
            f"{j.code} ({j.law_name}) is marked uncertain: {j.uncertainty} "
            f"Check {j.response_section} against the current statute before citing it."
        ),
    )

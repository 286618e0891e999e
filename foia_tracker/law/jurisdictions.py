"""Per-jurisdiction public-records rules, loaded from ``jurisdictions.toml`` into typed dataclasses.

The data file is the source of truth; ``LAW_VERSION`` (a hash of it) is stored on each request so
that a change in the data can trigger recomputation of that request's deadlines.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from importlib import resources

from foia_tracker.errors import UnknownJurisdiction

OBLIGATIONS = ("acknowledge", "respond", "decide", "produce")
UNITS = ("business", "calendar")
STARTS = ("receipt", "acknowledgement", "previous", "previous_due")
OBSERVED_RULES = ("sat_fri_sun_mon", "sun_mon", "none")
RESIDENCY_SCOPES = ("state", "us", "none")
DEEMED_DENIAL = ("yes", "in_effect", "no", "approved", "unknown")
PAUSE_EVENTS = ("fee_estimate", "clarification")
# internal: the appeal goes to someone at the district itself (the letter to the district IS the
# appeal); agency: a complaint or petition to another public body (a commission, the AG, an
# ombudsman); court: a court filing. Only "internal" appeals are written as letters to an appeals
# officer; for the others the tool drafts a request for reconsideration to the district and names
# the real route as guidance, never addressing a court or agency in mail sent to a records clerk.
APPEAL_KINDS = ("internal", "agency", "court")
# package: the `holidays` package's state list, corrected by `add`/`remove` rows. statute: only the
# data's own `add` rows, transcribed from the statute the law's definition of business day points
# to (e.g. MCL 435.101 for Michigan, CCP § 135 for California's roll-forward).
HOLIDAY_SOURCES = ("package", "statute")
# The fields a row's field_sources may name (see `foia laws show` and docs/laws.md).
SOURCE_FIELDS = (
    "citation",
    "clocks",
    "unit",
    "start",
    "holidays",
    "email_receipt",
    "extensions",
    "pauses",
    "deemed_denial",
    "appeal",
    "residency",
)


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
    kind: str = "court"  # APPEAL_KINDS
    addressee: str = ""  # internal appeals: who at the district decides ("Appeals Officer")
    window_note: str = (
        ""  # how the window is counted, where the law says more than "from the denial"
    )
    guidance: str = ""  # what the requester should know before the step (our words, sourced)
    # A silence: the window runs from the day the law deems it a denial ("due"), or from the
    # request itself ("request", 950 CMR 32.08(1)(d)).
    silent_from: str = "due"


@dataclass(frozen=True)
class Residency:
    scope: str
    contested: bool
    citation: str
    note: str


@dataclass(frozen=True)
class ClosureRule:
    """Days the agency itself declares closed that the law says do not count as business days."""

    citation: str
    max_per_year: int | None = None  # e.g. 10 under Tex. Gov't Code § 552.0031(f)
    note: str = ""


@dataclass(frozen=True)
class HolidayRule:
    """A correction to the ``holidays`` package for days state offices are really closed."""

    action: str  # "add" | "remove"
    name: str
    citation: str
    date: str = ""  # "MM-DD" for a fixed date
    rule: str = ""  # "3rd mon jan", "last mon may", "day after 4th thu nov", "election_day"...


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
    holiday_source: str = "package"  # HOLIDAY_SOURCES
    holiday_citation: str = ""  # the statute the business-day definition points to
    closure_rule: ClosureRule | None = None
    # (field, source URL or document) pairs for the fields checked on verified_on; see SOURCE_FIELDS
    field_sources: tuple[tuple[str, str], ...] = ()
    # Per request, not data: days the agency declared closed (with_closures), e.g. a winter break.
    closures: tuple[date, ...] = ()

    def __hash__(self) -> int:
        # Equal jurisdictions share the code and the closures (the one field set per request,
        # with_closures). The generated hash walked all forty fields, 2.7 us, several times a
        # letter (law_facts, the letters' memo of jurisdiction parts: 13,300 at launch).
        return hash((self.code, self.closures))

    @property
    def uncertain(self) -> bool:
        return self.confidence != "confident"

    @property
    def verified_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(field for field, _ in self.field_sources))


def with_closures(jurisdiction: Jurisdiction, days: Iterable[date]) -> Jurisdiction:
    """The jurisdiction as one agency's calendar sees it: ``days`` it declared closed are not
    business days, where the law says so (``closure_rule``); elsewhere they are ignored, because
    the law counts them (e.g. MCL 15.235: OAG No. 7172 counts days a body is closed)."""
    if jurisdiction.closure_rule is None:
        return jurisdiction
    kept = _capped(sorted(set(days)), jurisdiction.closure_rule.max_per_year)
    return replace(jurisdiction, closures=tuple(kept))


def _capped(days: list[date], per_year: int | None) -> list[date]:
    if per_year is None:
        return days
    counts: dict[int, int] = {}
    kept = []
    for day in days:
        counts[day.year] = counts.get(day.year, 0) + 1
        if counts[day.year] <= per_year:
            kept.append(day)
    return kept


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
        "field_sources": tuple((k, v) for k, v in raw.pop("field_sources", {}).items()),
    }
    if "closure_rule" in raw:
        parts["closure_rule"] = ClosureRule(**raw.pop("closure_rule"))
    raw.setdefault("close_of_business", meta.get("close_of_business", "17:00"))
    j = Jurisdiction(code=code, **raw, **parts)
    _check(j.residency.scope, RESIDENCY_SCOPES, f"{code} residency scope")
    _check(j.deemed_denial, DEEMED_DENIAL, f"{code} deemed_denial")
    _check(j.holidays_observed, OBSERVED_RULES, f"{code} holidays_observed")
    _check(j.holiday_source, HOLIDAY_SOURCES, f"{code} holiday_source")
    _check(j.appeal.kind, APPEAL_KINDS, f"{code} appeal kind")
    _check(j.appeal.silent_from, ("due", "request"), f"{code} appeal silent_from")
    for pause in j.pauses_on:
        _check(pause.event, PAUSE_EVENTS, f"{code} pauses_on event")
    for field in j.verified_fields:
        _check(field, SOURCE_FIELDS, f"{code} field_sources")
    if j.field_sources and not j.verified_on:
        raise ValueError(f"{code}: field_sources without verified_on")
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

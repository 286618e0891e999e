"""Days a state's offices are closed: the ``holidays`` package as the base, corrected by the data.

``holidays.US(subdiv=XX)`` lists each state's *legal* holidays with Saturday→Friday and
Sunday→Monday observed days (Sunday→Monday only in MA). Some legal holidays keep offices open
and some closures are missing (state_laws_notes.md): the jurisdiction's ``holidays`` table adds
and removes them, each with its citation.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays as holidays_pkg

from foia_tracker.law.jurisdictions import HolidayRule, Jurisdiction

_OBSERVED_SUFFIX = " (observed)"


def _thanksgiving(year: int) -> date:
    # Fourth Thursday of November (5 U.S.C. § 6103(a)).
    return _nth_weekday(year, 11, weekday=3, n=4)


def _nth_weekday(year: int, month: int, *, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _rule_date(rule: HolidayRule, year: int) -> date:
    if rule.date:
        month, day = (int(part) for part in rule.date.split("-"))
        return date(year, month, day)
    if rule.rule == "day_after_thanksgiving":
        return _thanksgiving(year) + timedelta(days=1)
    if rule.rule == "election_day":
        # The Tuesday after the first Monday in November (2 U.S.C. § 7; state general elections).
        return _nth_weekday(year, 11, weekday=0, n=1) + timedelta(days=1)
    if rule.rule == "third_friday_june":
        return _nth_weekday(year, 6, weekday=4, n=3)
    raise ValueError(f"holiday rule {rule.name!r} has neither a date nor a known rule")


def _observed(day: date, policy: str) -> date:
    if day.weekday() == 6 and policy in ("sat_fri_sun_mon", "sun_mon"):
        return day + timedelta(days=1)
    if day.weekday() == 5 and policy == "sat_fri_sun_mon":
        return day - timedelta(days=1)
    return day


def _base_names(name: str) -> list[str]:
    # The package joins coinciding holidays with "; " and marks moved days " (observed)".
    return [part.removesuffix(_OBSERVED_SUFFIX).strip() for part in name.split(";")]


def _remove(days: dict[date, str], removed: set[str]) -> None:
    for day, name in list(days.items()):
        kept = [n for n in name.split("; ") if n.removesuffix(_OBSERVED_SUFFIX) not in removed]
        if kept:
            days[day] = "; ".join(kept)
        else:
            del days[day]


@lru_cache(maxsize=512)
def state_holidays(jurisdiction: Jurisdiction, year: int) -> dict[date, str]:
    """Every day in ``year`` the jurisdiction's offices are closed for a holiday, with its name."""
    days = dict(holidays_pkg.US(subdiv=jurisdiction.code, years=year).items())
    removed = {r.name for r in jurisdiction.holidays if r.action == "remove"}
    _remove(days, removed)
    for rule in jurisdiction.holidays:
        if rule.action != "add":
            continue
        if rule.rule == "election_day" and year % 2 == 0 and _rule_date(rule, year) in days:
            continue  # the package already has even-year Election Day
        actual = _rule_date(rule, year)
        observed = _observed(actual, jurisdiction.holidays_observed)
        name = rule.name if observed == actual else rule.name + _OBSERVED_SUFFIX
        days[observed] = f"{days[observed]}; {name}" if observed in days else name
    return days


def holiday_name(jurisdiction: Jurisdiction, day: date) -> str | None:
    """The holiday closing the jurisdiction's offices on ``day``, or None."""
    return state_holidays(jurisdiction, day.year).get(day)


def holiday_citation(jurisdiction: Jurisdiction, day: date) -> str:
    """The data's citation for an added holiday on ``day`` ('' for the package's own days)."""
    name = holiday_name(jurisdiction, day) or ""
    for rule in jurisdiction.holidays:
        if rule.action == "add" and rule.name in _base_names(name):
            return rule.citation
    return ""

"""Days that are not business days for a jurisdiction's public-records clocks.

Two sources, chosen per jurisdiction by ``holiday_source``:

* ``package``: ``holidays.US(subdiv=XX)`` lists each state's *legal* holidays with Saturday→Friday
  and Sunday→Monday observed days (Sunday→Monday only in MA). Some legal holidays keep offices open
  and some closures are missing: the jurisdiction's ``holidays`` table adds and removes them, each
  with its citation.
* ``statute``: the data's own list, transcribed from the statute the law's business-day definition
  points to (Michigan: MCL 435.101, per OAG No. 7172; California's roll-forward: CCP §§ 12a, 135;
  Missouri: RSMo 9.010; Texas: Gov't Code §§ 552.0031, 662.003). The package is not consulted, so
  a day the package adds (state-employee closures, Diwali, Saturday→Friday shifts) cannot creep in.

Days an agency itself declares closed count only where the law says so (``closure_rule``, e.g.
Tex. Gov't Code § 552.0031(f)); those arrive per request in ``Jurisdiction.closures``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from dateutil.easter import easter

from foia_tracker import lazy
from foia_tracker.law.jurisdictions import HolidayRule, Jurisdiction

_OBSERVED_SUFFIX = " (observed)"


def _thanksgiving(year: int) -> date:
    # Fourth Thursday of November (5 U.S.C. § 6103(a)).
    return _nth_weekday(year, 11, weekday=3, n=4)


def _nth_weekday(year: int, month: int, *, weekday: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ORDINALS = {"1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_NAMED_RULES = {
    "day_after_thanksgiving": "day after 4th thu nov",
    "third_friday_june": "3rd fri jun",
}


def _last_weekday(year: int, month: int, weekday: int) -> date:
    after = date(year + month // 12, month % 12 + 1, 1)
    last = after - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _weekday_rule(text: str, year: int) -> date:
    """``"3rd mon jan"``, ``"last mon may"``, ``"day after 4th thu nov"``."""
    words = text.split()
    shift = 0
    if words[:2] == ["day", "after"]:
        words, shift = words[2:], 1
    if len(words) != 3 or words[1] not in _WEEKDAYS or words[2] not in _MONTHS:
        raise ValueError(f"holiday rule {text!r}: use e.g. '3rd mon jan' or 'last mon may'")
    weekday, month = _WEEKDAYS.index(words[1]), _MONTHS.index(words[2]) + 1
    if words[0] == "last":
        day = _last_weekday(year, month, weekday)
    elif words[0] in _ORDINALS:
        day = _nth_weekday(year, month, weekday=weekday, n=_ORDINALS[words[0]])
    else:
        raise ValueError(f"holiday rule {text!r}: unknown ordinal {words[0]!r}")
    return day + timedelta(days=shift)


def _rule_date(rule: HolidayRule, year: int) -> date:
    if rule.date:
        month, day = (int(part) for part in rule.date.split("-"))
        return date(year, month, day)
    if rule.rule == "good_friday":  # two days before Western Easter
        return easter(year) - timedelta(days=2)
    if rule.rule == "election_day":
        # The Tuesday after the first Monday in November (2 U.S.C. § 7; state general elections).
        return _nth_weekday(year, 11, weekday=0, n=1) + timedelta(days=1)
    if rule.rule:
        return _weekday_rule(_NAMED_RULES.get(rule.rule, rule.rule), year)
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


def _add(days: dict[date, str], day: date, name: str) -> None:
    days[day] = f"{days[day]}; {name}" if day in days else name


def _statute_holidays(jurisdiction: Jurisdiction, year: int) -> dict[date, str]:
    days: dict[date, str] = {}
    for rule in jurisdiction.holidays:
        if rule.action != "add":
            raise ValueError(f"{jurisdiction.code}: a statute holiday list only adds days")
        actual = _rule_date(rule, year)
        observed = _observed(actual, jurisdiction.holidays_observed)
        _add(days, observed, rule.name if observed == actual else rule.name + _OBSERVED_SUFFIX)
    # A Saturday holiday of next January 1 observed on this year's December 31.
    for rule in jurisdiction.holidays:
        if rule.date == "01-01" and jurisdiction.holidays_observed == "sat_fri_sun_mon":
            moved = _observed(_rule_date(rule, year + 1), jurisdiction.holidays_observed)
            if moved.year == year:
                _add(days, moved, rule.name + _OBSERVED_SUFFIX)
    return days


# The holidays package is imported when a year's holidays are first asked for, not with this
# module: with its version lookup it costs about 60 ms of every start-up, and `foia status` of
# requests without a window to count never asks.
_PACKAGE_US = "holidays:US"


@lru_cache(maxsize=512)
def state_holidays(jurisdiction: Jurisdiction, year: int) -> dict[date, str]:
    """Every day in ``year`` the jurisdiction's offices are closed for a holiday, with its name."""
    if jurisdiction.holiday_source == "statute":
        return _statute_holidays(jurisdiction, year)
    days = dict(lazy.load(_PACKAGE_US)(subdiv=jurisdiction.code, years=year).items())
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
        _add(days, observed, name)
    return days


def holiday_name(jurisdiction: Jurisdiction, day: date) -> str | None:
    """The holiday closing the jurisdiction's offices on ``day``, or None."""
    return state_holidays(jurisdiction, day.year).get(day)


def holiday_citation(jurisdiction: Jurisdiction, day: date) -> str:
    """The data's citation for an added holiday on ``day`` ('' for the package's own days)."""
    if jurisdiction.holiday_source == "statute" and jurisdiction.holiday_citation:
        return jurisdiction.holiday_citation
    name = holiday_name(jurisdiction, day) or ""
    for rule in jurisdiction.holidays:
        if rule.action == "add" and rule.name in _base_names(name):
            return rule.citation
    return ""

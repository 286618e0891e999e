"""``foia laws``: the public-records rules of each jurisdiction and the deadlines they set."""

from __future__ import annotations

import dataclasses
from datetime import datetime, time
from zoneinfo import ZoneInfo

import click

from foia_tracker.cli.common import App
from foia_tracker.cli.output import (
    echo_err,
    format_option,
    output_json,
    output_rows,
    terminal_text,
)
from foia_tracker.errors import UsageError
from foia_tracker.law.deadlines import DEFAULT_DAYS, DEFAULT_UNIT, DueResult, compute_due
from foia_tracker.law.docs import (
    APPEAL_KIND_WORDS,
    appeal_text,
    appeal_window_text,
    checked_text,
    clocks_text,
    extensions_text,
)
from foia_tracker.law.jurisdictions import (
    LAW_VERSION,
    Jurisdiction,
    check_citable,
    get_jurisdiction,
    load_jurisdictions,
)

# A date given without a time is taken as sent during office hours in the agency's time zone.
_DATE_ONLY_TIME = time(9, 0)


@click.group()
def laws():
    """Public-records laws: deadlines, appeals and residency rules, with citations.

    Example: foia laws due NY --sent 2026-11-23T10:00 --explain
    """


def _list_row(j: Jurisdiction) -> dict:
    first = j.clocks[0] if j.clocks else None
    return {
        "code": j.code,
        "name": j.name,
        "law": j.law_name,
        "first_clock": f"{first.obligation} {first.days} {first.unit}" if first else None,
        "deemed_denial": j.deemed_denial,
        "residency": j.residency.scope,
        "contested": j.residency.contested,
        "confidence": j.confidence,
    }


@laws.command("list")
@format_option
def list_(fmt: str):
    """List every jurisdiction with its law and first statutory clock.

    Example: foia laws list --format csv
    """
    output_rows([_list_row(j) for j in load_jurisdictions().values()], fmt)


def _show_rows(j: Jurisdiction) -> list[dict]:
    appeal = appeal_text(j)
    residency = j.residency.scope + (" (contested)" if j.residency.contested else "")
    fields = [
        ("jurisdiction", f"{j.code} {j.name}"),
        ("law", f"{j.law_name}, {j.citation}"),
        ("deadlines", clocks_text(j)),
        ("summary", j.summary),
        ("extensions", extensions_text(j)),
        ("pauses_on", "; ".join(f"{p.event} ({p.citation})" for p in j.pauses_on)),
        ("silence", f"{j.deemed_denial}: {j.deemed_denial_note}"),
        ("appeal", appeal),
        ("appeal_to", APPEAL_KIND_WORDS[j.appeal.kind]),
        ("appeal_window", appeal_window_text(j)),
        ("before_appeal", j.appeal.guidance),
        ("residency", f"{residency}; {j.residency.note}"),
        ("timezone", j.timezone),
        ("confidence", f"{j.confidence} (sources read {j.verified_on})"),
        ("uncertainty", j.uncertainty),
        ("checked", checked_text(j)),
        ("sources", " ; ".join(j.sources)),
    ]
    return [{"field": name, "value": value} for name, value in fields]


@laws.command()
@click.argument("code")
@format_option
def show(code: str, fmt: str):
    """Show one jurisdiction's rules, citations, sources and confidence.

    Warns when the rules are marked uncertain (the same check `campaign create` uses).

    Example: foia laws show CT
    """
    j = get_jurisdiction(code)
    warning = check_citable(j.code)
    if warning is not None:
        echo_err(f"Warning: {warning.message}")
    if fmt == "json":
        output_json({**dataclasses.asdict(j), "law_version": LAW_VERSION})
    elif fmt == "csv":
        output_rows(_show_rows(j), fmt, columns=["field", "value"])
    else:
        # Long statute text reads better unclipped than in the table helper's columns.
        for row in _show_rows(j):
            if row["value"]:
                click.echo(f"{row['field']:<13} {terminal_text(row['value'])}")


def parse_sent(value: str, j: Jurisdiction) -> datetime:
    """``DATE`` or ``DATETHH:MM`` (local to the jurisdiction unless an offset is given)."""
    try:
        if "T" not in value and " " not in value:
            day = datetime.fromisoformat(value).date()
            return datetime.combine(day, _DATE_ONLY_TIME, ZoneInfo(j.timezone))
        sent = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"Cannot read --sent {value!r}: use YYYY-MM-DD or YYYY-MM-DDTHH:MM."
        ) from None
    return sent if sent.tzinfo else sent.replace(tzinfo=ZoneInfo(j.timezone))


def _default_horizon() -> tuple[int, str]:
    """The config's ``[deadlines]`` follow-up horizon when a config exists; else the built-in one.

    ``laws due`` is useful before ``foia init``, so a missing config is not an error here.
    """
    app = click.get_current_context().find_object(App)
    if app is None or not app.config_path.exists():
        return DEFAULT_DAYS, DEFAULT_UNIT
    settings = app.config.deadlines
    return settings.default_days, settings.default_unit


def due_json(j: Jurisdiction, sent: datetime, result: DueResult, explain: bool) -> dict:
    statutory = result.due_basis == "statutory"
    data = {
        "state": j.code,
        "sent": sent.isoformat(),
        "due": result.due if statutory else None,
        "due_kind": result.due_kind,
        "rule": result.rule,
        "clocks": [dataclasses.asdict(c) for c in result.clocks],
        "due_basis": result.due_basis,
        "followup_after": None if statutory else result.due,
        "law_version": LAW_VERSION,
    }
    if explain:
        data["explain"] = result.explain
    return data


@laws.command()
@click.argument("code")
@click.option("--sent", required=True, help="When the request was sent: DATE[THH:MM], local.")
@click.option("--explain", is_flag=True, help="List every counting step in words.")
@format_option
def due(code: str, sent: str, explain: bool, fmt: str):
    """The statutory due date(s) of a request sent at --sent, and why.

    Where the law sets no number of days, shows the follow-up horizon from the config's
    [deadlines] default_days/default_unit instead (10 business days without a config).

    Example: foia laws due CT --sent 2026-12-22T16:30 --explain
    """
    j = get_jurisdiction(code)
    sent_at = parse_sent(sent, j)
    days, unit = _default_horizon()
    result = compute_due(j, sent_at, default_days=days, default_unit=unit)
    if fmt == "json":
        output_json(due_json(j, sent_at, result, explain))
        return
    rows = [dataclasses.asdict(c) for c in result.clocks]
    if not rows:
        rows = [{"obligation": "follow up", "due": result.due, "rule": result.rule, "citation": ""}]
    output_rows(rows, fmt, columns=["obligation", "due", "rule", "citation"])
    if explain and fmt == "table":
        click.echo("")
        for line in result.explain:
            click.echo(line)

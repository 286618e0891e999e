"""``foia campaign create|add|rerender|list|preview``, attached to the group
(cli/campaign_group.py) by the registry, as ``send`` is from cli/send.py."""

from __future__ import annotations

import click

from foia_tracker.campaigns import (
    CampaignReport,
    CampaignSpec,
    Selection,
    add_agencies,
    create_campaign,
)
from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import (
    Failed,
    echo_err,
    format_option,
    output_json,
    output_rows,
    terminal_text,
)
from foia_tracker.clock import report_today, utcnow
from foia_tracker.errors import UsageError
from foia_tracker.preview import list_campaigns, preview
from foia_tracker.rerender import rerender


def parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--var takes NAME=VALUE, not {pair!r}.")
        variables[name.strip()] = value
    return variables


@click.command("create")
@click.argument("name")
@click.option("--template", "template", required=True, help="Template set (foia templates list).")
@click.option("--state", "states", multiple=True, help="Agencies of this state (repeatable).")
@click.option("--agency", "agency_ids", multiple=True, help="Internal id or external_id.")
@click.option("--all", "all_agencies", is_flag=True, help="Every agency in the directory.")
@click.option("--kind", help="Only agencies of this kind (the CSV's kind column).")
@click.option("--var", "var_pairs", multiple=True, help="NAME=VALUE for the template.")
@click.option("--subject", help="Subject template; the ref is added if it does not name {{ ref }}.")
@click.option("--dry-run", is_flag=True, help="Show the plan (and who is left out); write nothing.")
@format_option(choices=("text", "json"))
@pass_app
def create_cmd(app: App, name: str, template: str, fmt: str, **options) -> None:
    """Create one request per agency, each with its ref, reply token and rendered letter.

    Nothing is sent: review with `foia campaign preview`, then `foia campaign send`. Agencies
    without an email address get a request and are listed as needing another channel. Agencies
    in states that serve only residents are refused (exit status 1) unless requester.state or
    [requester.proxies] qualifies.

    Example: foia campaign create mou-2026 --template student-data-agreements --state CT
    --state NY --var period="from January 1, 2020 to the date of this request" --var fee_cap=25
    """
    spec = CampaignSpec(
        name,
        template,
        states=options["states"],
        agency_ids=options["agency_ids"],
        all_agencies=options["all_agencies"],
        kind=options["kind"],
        variables=parse_vars(options["var_pairs"]),
        subject=options["subject"],
        dry_run=options["dry_run"],
    )
    report = create_campaign(app.db, app.config, spec, now=utcnow())
    if fmt == "json":
        output_json(report.as_json())
    else:
        _print_report(report)
    if report.refused:
        raise Failed()


def _print_report(report: CampaignReport, verb: str = "Created campaign") -> None:
    if report.dry_run:
        verb = "Would create campaign"
    click.echo(
        f"{verb} {report.name}: {report.requests:,} request(s), "
        f"{report.by_email:,} to send by email."
        + (" (Dry run: nothing was written.)" if report.dry_run else "")
    )
    if report.needs_channel:
        click.echo(f"Needs another channel ({len(report.needs_channel)}):")
        for item in report.needs_channel:
            click.echo(terminal_text(f"  {item['ref']}  {item['agency']}  ({item['channel']})"))
            click.echo(terminal_text(f"      {item['action']}"))
    for reason in sorted({r["reason"] for r in report.refused}):
        left_out = [r for r in report.refused if r["reason"] == reason]
        count = len(left_out)
        echo_err(f"Refused {count} agenc{'y' if count == 1 else 'ies'}: {reason}")
        for item in left_out:
            echo_err(f"  - {item['agency']} ({item['state']}, id {item['agency_id']})")
    for warning in report.warnings:
        echo_err(f"Warning: {warning}")
    if report.estimate:
        click.echo(report.estimate.text)
    if report.dry_run:
        for item in report.planned:
            click.echo(terminal_text(f"  {item['ref']}  {item['agency']}  ({item['channel']})"))
        return
    click.echo(f"Next: foia campaign preview {report.name}, then foia campaign send {report.name}.")


@click.command("add")
@click.argument("name")
@click.option("--state", "states", multiple=True, help="Agencies of this state (repeatable).")
@click.option("--agency", "agency_ids", multiple=True, help="Internal id or external_id.")
@click.option("--kind", help="Only agencies of this kind (the CSV's kind column).")
@format_option(choices=("text", "json"))
@pass_app
def add_cmd(app: App, name: str, states, agency_ids, kind, fmt: str) -> None:
    """Add agencies to a campaign: new requests with new refs, the same letter set and
    variables. Agencies already in the campaign are listed and left alone.

    Example: foia campaign add mou-2026 --state NY
    """
    if not states and not agency_ids:
        raise UsageError("Choose the agencies to add with --state or --agency.")
    selection = Selection(tuple(states), tuple(agency_ids), False, kind or None)
    report = add_agencies(app.db, app.config, name, selection, utcnow())
    if fmt == "json":
        output_json(report.as_json())
    else:
        _print_report(report, "Added to campaign")
    if report.refused:
        raise Failed()


@click.command("rerender")
@click.argument("name")
@click.option("--ref", "refs", multiple=True, help="Only this request (repeatable).")
@format_option(choices=("text", "json"))
@pass_app
def rerender_cmd(app: App, name: str, refs: tuple[str, ...], fmt: str) -> None:
    """Render the campaign's unsent letters again (after fixing a template or an agency) and
    show what changed. Letters already sent, or being sent, are never touched.

    Example: foia campaign rerender mou-2026 --ref CT-0042
    """
    results = rerender(app.db, app.config, name, refs, utcnow())
    if fmt == "json":
        output_json([r.as_json() for r in results])
        return
    for result in results:
        click.echo(terminal_text(f"{result.ref}: {result.outcome}"))
        for line in result.diff:
            click.echo(terminal_text(f"  {line}"))
    changed = sum(r.outcome == "changed" for r in results)
    click.echo(f"{changed} letter(s) changed; preview them with foia campaign preview {name}.")


@click.command("list")
@format_option
@pass_app
def list_cmd(app: App, fmt: str) -> None:
    """Campaigns with their requests, unsent letters and counts per status.

    Example: foia campaign list --format json
    """
    found = list_campaigns(app.db)
    if fmt == "table":
        for item in found:
            item["statuses"] = ", ".join(f"{k} {v}" for k, v in item["statuses"].items())
    output_rows(found, fmt, ["name", "template", "created_at", "requests", "unsent", "statuses"])


@click.command("preview")
@click.argument("name")
@click.option("--ref", help="Only this request (e.g. CT-0042).")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many letters.")
@format_option(choices=("text", "json"))
@pass_app
def preview_cmd(app: App, name: str, ref: str | None, limit: int | None, fmt: str) -> None:
    """Show letters exactly as they will be sent: headers and body, with today's date standing
    in for the send date (filled in when each letter really goes).

    Example: foia campaign preview mou-2026 --ref CT-0042
    """
    letters = preview(app.db, app.config, name, ref=ref, limit=limit, today=report_today())
    if fmt == "json":
        output_json([letter.as_json() for letter in letters])
        return
    for letter in letters:
        click.echo(f"==== {letter.ref} · {letter.agency} ({letter.state}) ====")
        if not letter.headers:
            click.echo(f"Not sent by email: needs another channel ({letter.channel}).")
        for header, value in letter.headers.items():
            click.echo(f"{header}: {value}")
        click.echo(f"[{letter.send_date_note}]\n")
        click.echo(letter.body)

"""``foia campaign create|list|preview`` (``send`` is attached from cli/send.py)."""

from __future__ import annotations

import click

from foia_tracker.campaigns import CampaignReport, CampaignSpec, create_campaign
from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, echo_err, format_option, output_json, output_rows
from foia_tracker.clock import report_today, utcnow
from foia_tracker.errors import UsageError
from foia_tracker.preview import list_campaigns, preview


@click.group()
def campaign() -> None:
    """Request campaigns: one letter per agency, previewed before anything is sent.

    Example: foia campaign create mou-2026 --template student-data-agreements --state CT
    --var period="from January 1, 2020 to the date of this request"
    """


def parse_vars(pairs: tuple[str, ...]) -> dict[str, str]:
    variables = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"--var takes NAME=VALUE, not {pair!r}.")
        variables[name.strip()] = value
    return variables


@campaign.command("create")
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


def _print_report(report: CampaignReport) -> None:
    click.echo(
        f"Created campaign {report.name}: {report.requests:,} request(s), "
        f"{report.by_email:,} to send by email."
    )
    if report.needs_channel:
        click.echo(f"Needs another channel ({len(report.needs_channel)}):")
        for item in report.needs_channel:
            click.echo(f"  {item['ref']}  {item['agency']}  ({item['channel']})")
    for reason in sorted({r["reason"] for r in report.refused}):
        count = sum(r["reason"] == reason for r in report.refused)
        echo_err(f"Refused {count} agenc{'y' if count == 1 else 'ies'}: {reason}")
    for warning in report.warnings:
        echo_err(f"Warning: {warning}")
    if report.estimate:
        click.echo(report.estimate.text)
    click.echo(f"Next: foia campaign preview {report.name}, then foia campaign send {report.name}.")


@campaign.command("list")
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


@campaign.command("preview")
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

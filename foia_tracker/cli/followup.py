"""``foia followup`` and ``foia appeal``: drafts by default, sent only with --send."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import Failed, format_option, output_json, output_rows, terminal_text
from foia_tracker.clock import report_today, today_is_shifted, utcnow
from foia_tracker.followups import (
    Draft,
    draft_appeal,
    draft_followup,
    plan_followups,
    queue,
)
from foia_tracker.letters.dates import fill_send_date
from foia_tracker.outbox import refuse_shifted_send, send_pending


@click.command()
@click.argument("campaign", required=False)
@click.option("--as-of", help="Treat this date (YYYY-MM-DD) as today.")
@click.option("--send", is_flag=True, help="Send the follow-ups that are due (else: drafts only).")
@click.option("--all", "show_all", is_flag=True, help="Also list requests that get none, and why.")
@click.option("--ref", "only_ref", help="Only this request, with its full draft.")
@click.option("--full", is_flag=True, help="Print every draft in full (default: one line each).")
@format_option
@pass_app
def followup(app: App, campaign, as_of, send, show_all, only_ref, full, fmt) -> None:
    """Draft (or send) follow-ups for overdue requests, by the [followups] policy.

    First follow-up after_days_overdue days past the due date, then at most every every_days
    days, at most max_count; none after an end status or a withdrawal, none while a request
    waits on you, none when the agency wrote recently, and none after the agency's latest
    message delivered records, a link, a portal release or a final answer. Follow-ups go to
    the address that last wrote for the agency, cite the law, the date sent and the agency's
    reference, say what is owed (silence, a promised date passed, the rest of a partial
    production), quote the original, and go on the request's thread. A request you filed by
    hand (foia mark REF sent --via portal|mail|...) gets a task for you instead: the text, with
    the portal's URL or the postal address; --send never mails it.

    The table lists one line per request; --full prints every draft, --ref REF one request's.

    Example: foia followup mou-2026 --as-of 2027-01-15 --ref CT-0042
    """
    today = report_today(as_of)
    if send:
        refuse_shifted_send(app.config, today_is_shifted(as_of))
    plans = plan_followups(app.db, app.config, today, campaign)
    if only_ref:
        plans = [p for p in plans if p.request["ref"] == only_ref.upper()]
    due = [p for p in plans if p.decision.send]
    drafts = [draft_followup(app.db, app.config, p) for p in due]
    listed = plans if show_all else due
    decisions = [
        {
            "ref": p.request["ref"],
            "agency": p.request["agency"],
            "status": p.request["status"],
            "days_overdue": p.request["days_overdue"],
            "followup": p.decision.send,
            "reason": p.decision.reason,
        }
        for p in listed
    ]
    if send:
        _send(app, [d for d in drafts if not d.task], fmt, "followup")
        if fmt != "json":
            for draft in drafts:
                if draft.task:
                    click.echo(terminal_text(f"To do by hand, {draft.ref}: {draft.task}"))
    elif fmt == "json":
        output_json({"decisions": decisions, "drafts": [_draft_json(d, today) for d in drafts]})
    else:
        output_rows(decisions, fmt)
        if fmt == "table" and (full or only_ref):
            for draft in drafts:
                _print_draft(draft, today)
        elif fmt == "table" and drafts:
            _print_summary(drafts)


@click.command()
@click.argument("ref")
@click.option("--send", is_flag=True, help="Send the appeal to the agency (else: draft only).")
@click.option("--as-of", help="Treat this date (YYYY-MM-DD) as today.")
@format_option
@pass_app
def appeal(app: App, ref: str, send: bool, as_of: str | None, fmt: str) -> None:
    """Draft (or send) an appeal of a denial under the state's appeal route and time limit.

    Where the state's appeal goes to someone at the district, the draft is the appeal. Where
    the next step is a court filing or a complaint to another body (a commission, the Attorney
    General), the draft asks the district to reconsider, and the real route, body and last day
    are printed beside it for you: that step is yours to take there, never by mail to a clerk.
    --send mails the draft to the agency's records address, on the request's thread.

    Example: foia appeal CT-0042
    """
    today = report_today(as_of)
    if send:
        refuse_shifted_send(app.config, today_is_shifted(as_of))
    draft = draft_appeal(app.db, app.config, ref, today)
    if draft.warning and fmt != "json":
        click.echo(terminal_text(f"Warning: {draft.warning}"), err=True)
    if fmt != "json":
        for line in draft.guidance:
            click.echo(terminal_text(f"Note: {line}"), err=True)
    if send:
        _send(app, [draft], fmt, "appeal")
    elif fmt == "json":
        output_json(_draft_json(draft, today))
    else:
        _print_draft(draft, today)


def _send(app: App, drafts: list[Draft], fmt: str, kind: str) -> None:
    if drafts:
        with app.store.lock():
            queue(app.db, app.config, drafts, utcnow())
    # Also what an interrupted run queued: those count as followed up, so no new draft is made
    # for them, and only this sends them.
    report = send_pending(app.db, app.store, app.config, kinds=(kind,))
    if not drafts and not (report.sent or report.failed or report.uncertain or report.deferred):
        click.echo(f"No {kind} is due.")
        return
    result = {
        "sent": report.sent,
        "failed": report.failed,
        "skipped": report.skipped,
        "uncertain": report.uncertain,
        "deferred": report.deferred,
    }
    if fmt == "json":
        output_json(result)
    else:
        click.echo(
            f"Sent {report.sent} {kind}(s); {report.failed} failed, "
            f"{report.deferred} deferred by a limit or the send window."
        )
    if report.failed:
        raise Failed()


def _draft_json(draft: Draft, today) -> dict:
    return {
        "ref": draft.ref,
        "kind": draft.kind,
        "to": draft.to_addr,
        "subject": draft.subject,
        "in_reply_to": draft.in_reply_to,
        "body": fill_send_date(draft.body, today),
        "guidance": list(draft.guidance),
        "warning": draft.warning,
    }


def _print_summary(drafts: list[Draft]) -> None:
    """One line per draft: at 170 districts the full letters are thousands of lines."""
    click.echo("")
    for draft in drafts:
        where = f"by hand: {draft.task}" if draft.task else f"to {draft.to_addr}"
        click.echo(terminal_text(f"{draft.ref}: {where}; subject {draft.subject!r}"))
    noun = "draft" if len(drafts) == 1 else "drafts"
    click.echo(f"{len(drafts)} {noun}; see one in full with --ref REF, or all with --full.")


def _print_draft(draft: Draft, today) -> None:
    if draft.task:
        click.echo(terminal_text(f"\n===== {draft.kind} {draft.ref}: {draft.task} ====="))
    else:
        click.echo(f"\n===== {draft.kind} {draft.ref} =====")
        click.echo(terminal_text(f"To: {draft.to_addr}"))
    click.echo(terminal_text(f"Subject: {draft.subject}"))
    if draft.in_reply_to:
        click.echo(terminal_text(f"In-Reply-To: {draft.in_reply_to}"))
    click.echo("")
    for line in fill_send_date(draft.body, today).splitlines():
        click.echo(terminal_text(line))

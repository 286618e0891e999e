"""``foia demo``: a whole campaign, end to end, against the embedded local sandbox.

It uses the real code paths — import, campaign create, SMTP sending, IMAP polling, matching,
classification, deadlines, status, export and the dashboard — against servers on 127.0.0.1
with simulated school districts that answer over three simulated weeks. It ignores any user
configuration and never leaves loopback.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from importlib import resources
from pathlib import Path

from foia_tracker.campaigns import create_campaign, preview
from foia_tracker.cells import strip_control
from foia_tracker.clock import utcnow
from foia_tracker.config import load_config
from foia_tracker.db import open_db
from foia_tracker.directory.agencies import import_agencies
from foia_tracker.errors import UsageError
from foia_tracker.intake import pipeline as intake
from foia_tracker.letters.render import DEFAULT_SET
from foia_tracker.outbox import SendOptions, send_pending
from foia_tracker.outputs.export import ExportOptions, export_campaign
from foia_tracker.outputs.report import write_report
from foia_tracker.requests.tracking import StatusFilter, show_request, status_rows
from foia_tracker.sandbox import Sandbox, load_demo_districts, profiles_from_districts
from foia_tracker.store import Store
from foia_tracker.thread import draft_reply, draft_resend, queue_reply, queue_resend
from foia_tracker.workspace import init_workspace

CAMPAIGN = "student-data-demo"
PASSWORD_ENV = "FOIA_DEMO_SANDBOX_PASSWORD"  # noqa: S105 - the variable name, not a secret
# Days on which the demo polls and tells what came in; the districts' behaviours answer up to
# day 12, and day 21 shows who is overdue.
POLL_DAYS = (1, 2, 3, 5, 6, 8, 9, 11, 12, 21)
# After day 9 the requester answers the fee estimate from the tool and sends the bounced letter
# again to the address the district's website gives (the campaign's second half, issue 10).
ANSWER_AFTER_DAY = 9
CORRECTED = {"foia-officer@tidewaterpoint-cps.example": "foia@tidewaterpoint-cps.example"}
SNAPSHOT_DAYS = (3, 12, 21)

DEMO_CONFIG = """
[requester]
name = "Alex Parent"
organization = "Parents for Student Privacy (demo)"
email = "{user}"
mailing_address = "1 Demo Street, Hartford, CT 06103"
phone = "555-0100"
state = "CT"

[requester.proxies]
VA = {{ name = "Sam Resident", address = "2 Demo Lane, Richmond, VA 23219" }}

[store]
database = "foia.db"
path = "store"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
security = "none"
username = "{user}"
password_env = "{password_env}"

[imap]
host = "127.0.0.1"
port = {imap_port}
security = "none"
username = "{user}"
password_env = "{password_env}"
sent_copy = "never"

[replies]
mode = "reply-to"
address = "parent+{{token}}@foia-sandbox.example"
"""


@dataclass
class DemoResult:
    directory: Path
    requests: int
    sent: int
    messages: int
    export_dir: Path
    report: Path


def demo_csv() -> Path:
    return Path(str(resources.files("foia_tracker").joinpath("demo_data/districts.csv")))


def choose_directory(directory: Path | None) -> Path:
    if directory is None:
        directory = Path.cwd() / f"foia-demo-{utcnow():%Y%m%d-%H%M%S}"
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; give the demo a new folder.")
    return directory


def run_demo(directory: Path | None, say: Callable[[str], None]) -> DemoResult:
    directory = choose_directory(directory)
    districts = load_demo_districts()
    profiles = profiles_from_districts(districts)
    for old, new in CORRECTED.items():  # the corrected address answers; the old one bounced
        profiles[new] = replace(profiles[old], address=new, behaviour="acknowledge@1+records@3")
    with Sandbox(directory / "sandbox", profiles) as sb:
        os.environ[PASSWORD_ENV] = sb.password  # the config names the variable, never the secret
        config_path = init_workspace(
            directory,
            DEMO_CONFIG.format(
                user=sb.user,
                smtp_port=sb.smtp_port,
                imap_port=sb.imap_port,
                password_env=PASSWORD_ENV,
            ),
        )
        say(
            f"Sandbox on loopback: SMTP 127.0.0.1:{sb.smtp_port}, IMAP 127.0.0.1:{sb.imap_port}"
            f" — {len(districts)} simulated districts; nothing leaves this machine."
        )
        config = load_config(config_path)
        db, store = open_db(config.store.database), Store(config.store.path)
        _launch(db, store, config, say)
        messages = _track(db, store, config, sb, say)
        return _collect(db, store, directory, config_path, sb, say, messages)


def _launch(db, store, config, say) -> None:
    imported = import_agencies(db, demo_csv(), now=utcnow())
    say(f"\n1. Imported {imported.inserted} districts (CT, NY, TX, MO, VA).")
    report = create_campaign(
        db,
        config,
        CAMPAIGN,
        DEFAULT_SET,
        all_agencies=True,
        variables={"period": "from January 1, 2020 to the date of this request"},
        now=utcnow(),
    )
    say(f"2. Campaign {CAMPAIGN!r}: {report.requests} requests, {report.by_email} by email.")
    for item in report.needs_channel:
        say(f"   {item['ref']} {item['agency']}: no email, send by {item['channel']}.")
    for warning in report.warnings:
        say(f"   note: {warning}")
    letter = preview(db, config, CAMPAIGN, limit=1, today=utcnow().date())[0]
    say("3. Preview of the first letter (what is previewed is what is sent):")
    lines = [f"{k}: {v}" for k, v in letter.headers.items()] + [""] + letter.body.splitlines()
    for line in lines[:18]:
        say(f"   | {line}")
    sent = send_pending(db, store, config, campaign=CAMPAIGN)
    say(f"4. Sent {sent.sent} letters over SMTP; {sent.failed} failed, {sent.deferred} deferred.")


def _track(db, store, config, sb: Sandbox, say) -> int:
    say("\n5. The districts answer; foia polls the mailbox over IMAP as the days pass:")
    total = 0
    for day in POLL_DAYS:
        sb.advance(days=day - sb.day)
        report = intake.poll(db, store, config, now=utcnow())
        total += report.stored
        if day == ANSWER_AFTER_DAY:
            _second_half(db, store, config, sb.date_for(day), say)
        if report.fetched:
            say(
                f"   day {day:2}: fetched {report.fetched}, filed {report.matched}, held "
                f"{report.unmatched}, bounces {report.bounces}, auto-replies "
                f"{report.auto_replies}"
            )
        if day in SNAPSHOT_DAYS:
            _snapshot(db, sb.date_for(day).date(), day, say)
    return total


def _second_half(db, store, config, now, say) -> None:
    """Answer what waits on the requester and fix what bounced, through the real outbox. The
    sends are stamped with the sandbox's simulated day (as the agencies' replies are), so the
    timeline reads in order."""
    rows = status_rows(db, now.date(), StatusFilter(campaign=CAMPAIGN))
    for request in rows:
        if request["status"] == "fee_requested":
            draft = draft_reply(db, config, request["ref"], FEE_ANSWER, kind="accept-fee")
            queue_reply(db, config, draft, now)
            say(
                f"   → reply to {request['ref']} ({request['agency']}): accept the fee, on the thread"
            )
        if request["status"] == "bounced" and request["agency_email"] in CORRECTED:
            new = CORRECTED[request["agency_email"]]
            queue_resend(db, config, draft_resend(db, config, request["ref"], new), now)
            say(f"   → resend {request['ref']} to the corrected address {new}")
    sent = send_pending(
        db, store, config, SendOptions(kinds=("reply", "request"), now_fn=lambda: now)
    )
    say(f"   sent {sent.sent} (the reply and the resent letter)")


FEE_ANSWER = (
    "Thank you for the estimate. I agree to pay the fee; please go ahead and let me know how "
    "you would like to be paid."
)


def _snapshot(db, today: date, day: int, say) -> None:
    found = status_rows(db, today, StatusFilter(campaign=CAMPAIGN))
    say(f"\n   Status on day {day} ({today}):")
    for request in found:
        late = f" OVERDUE {request['days_overdue']}d" if request["overdue"] else ""
        say(
            strip_control(
                f"   {request['ref']:8} {request['status']:20} due {request['due'] or '—':10}"
                f"{late}  {request['agency'][:38]:38} → {request['next_action']}"
            )
        )
    say("")


def _answered_request(db, today: date) -> dict | None:
    """The first request whose timeline holds the requester's own answer (the second half)."""
    for request in status_rows(db, today, StatusFilter(campaign=CAMPAIGN)):
        shown = show_request(db, request["ref"], today)
        if any(event["type"] == "requester_message" for event in shown["events"]):
            return shown
    return None


def _collect(db, store, directory, config_path, sb: Sandbox, say, messages: int) -> DemoResult:
    today = sb.date_for(sb.day).date()
    answered = _answered_request(db, today)
    if answered:
        say(
            f"6. Timeline of {answered['ref']} ({answered['agency']}): the fee estimate, the answer, the clock"
        )
        for event in answered["events"]:
            say(strip_control(f"   {event['at'][:10]} {event['type']:12} {event['detail']}"[:110]))
    export_dir = directory / "export"
    exported = export_campaign(db, store, ExportOptions(CAMPAIGN, export_dir), today)
    report_path = directory / "report.html"
    write_report(db, CAMPAIGN, report_path, today, export_dir=export_dir)
    say(f"\n7. Exported {exported.files} documents and {exported.mail} emails to {export_dir}")
    say(f"   (manifest.csv, requests.csv); dashboard: {report_path}")
    say(f"\nExplore it: foia --config {config_path} status --as-of {today}")
    say(f"            foia --config {config_path} inbox")
    total = status_rows(db, today, StatusFilter(campaign=CAMPAIGN))
    return DemoResult(
        directory,
        len(total),
        sum(1 for r in total if r["sent_at"]),
        messages,
        export_dir,
        report_path,
    )

"""The campaign dashboard: one self-contained HTML file (no external assets, no JavaScript).

Numbers come from ``tracking.status_rows`` (the same rows as ``foia status``) plus the first
reply of each request. Charts are inline SVG computed here, so the template only places shapes.
Jinja2 autoescaping is on: subjects, senders and agency names come from email and CSV files
and are data, never markup. A Content-Security-Policy forbids scripts as a second line.

Definitions (also printed in the report):
- response rate: sent requests with at least one reply (auto-replies and bounces excluded);
- days to first reply: calendar days from the sent date to the first such reply (UTC dates);
- statutory compliance: of the sent requests with a due date that were answered or whose due
  date has passed, the share whose first reply came on or before the due date.
"""

from __future__ import annotations

import csv
import os
import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlite_utils import Database

from foia_tracker.db import requests as queries
from foia_tracker.db.campaigns import campaign_id
from foia_tracker.errors import UsageError
from foia_tracker.requests.lifecycle import Status
from foia_tracker.requests.tracking import StatusFilter, status_rows
from foia_tracker.store import ensure_private_dir, write_private

CHART_WIDTH = 640
CHART_HEIGHT = 180
MAX_WEEKS = 60


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    max_value: int = 0


@dataclass
class Summary:
    requests: int = 0
    sent: int = 0
    replied: int = 0
    response_rate: float | None = None
    median_days_to_first_reply: float | None = None
    compliance_met: int = 0
    compliance_judged: int = 0
    compliance_rate: float | None = None
    fees_count: int = 0
    fees_total: Decimal = Decimal(0)
    documents: int = 0
    by_status: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class ReportData:
    campaign: str
    today: date
    summary: Summary
    requests: list[dict]
    overdue: list[dict]
    replies: list[dict]
    status_chart: Chart
    replies_chart: Chart
    letters_chart: Chart = field(default_factory=lambda: Chart("Letters sent per week", []))
    states_chart: Chart = field(default_factory=lambda: Chart("Documents per state", []))
    details: list[dict] = field(default_factory=list)  # per request: its documents and messages
    export_linked: bool = False


def _fee(text: str | None) -> Decimal | None:
    try:
        return Decimal((text or "").replace("$", "").replace(",", "").strip())
    except InvalidOperation:
        return None


def summarize(requests: list[dict], today: date) -> Summary:
    """The headline numbers; ``requests`` are status rows with ``first_reply_at`` added."""
    summary = Summary(requests=len(requests))
    days: list[int] = []
    for request in requests:
        _count_request(summary, request, today, days)
    if summary.sent:
        summary.response_rate = summary.replied / summary.sent
    if days:
        summary.median_days_to_first_reply = statistics.median(days)
    if summary.compliance_judged:
        summary.compliance_rate = summary.compliance_met / summary.compliance_judged
    counts = {s.value: 0 for s in Status}
    for request in requests:
        counts[request["status"]] += 1
    summary.by_status = [(status, n) for status, n in counts.items() if n]
    return summary


def _count_request(summary: Summary, request: dict, today: date, days: list[int]) -> None:
    fee = _fee(request.get("fee_amount"))
    if fee is not None:
        summary.fees_count += 1
        summary.fees_total += fee
    if not request.get("sent_at"):
        return
    summary.sent += 1
    sent = date.fromisoformat(request["sent_at"][:10])
    first = request.get("first_reply_at")
    first_day = date.fromisoformat(first[:10]) if first else None
    if first_day:
        summary.replied += 1
        days.append((first_day - sent).days)
    if request.get("due"):
        due = date.fromisoformat(request["due"])
        if first_day or today > due:
            summary.compliance_judged += 1
            summary.compliance_met += bool(first_day and first_day <= due)


def status_chart(by_status: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per status present."""
    return bar_chart("Requests by status", by_status)


def states_chart(requests: list[dict]) -> Chart:
    """Documents received per state (the same per-request count as everywhere)."""
    per_state: dict[str, int] = {}
    for request in requests:
        per_state[request["state"]] = per_state.get(request["state"], 0) + request["documents"]
    return bar_chart("Documents per state", sorted(per_state.items()))


def bar_chart(title: str, items: list[tuple[str, int]]) -> Chart:
    """Horizontal bars, one per (label, value)."""
    top = max((n for _, n in items), default=0)
    row_height, label_width = 24, 170
    bars = [
        Bar(label, n, label_width, i * row_height + 4, _scale(n, top, CHART_WIDTH - label_width - 50),
            row_height - 8)
        for i, (label, n) in enumerate(items)
    ]  # fmt: skip
    return Chart(title, bars, height=max(len(bars), 1) * row_height + 8, max_value=top)


def _scale(value: int, top: int, span: float) -> float:
    return round(span * value / top, 1) if top else 0.0


def replies_chart(reply_days: list[date]) -> Chart:
    """Replies per week (weeks start on Monday), gaps filled with zero weeks."""
    return weekly_chart("Replies per week", reply_days)


def weekly_chart(title: str, reply_days: list[date]) -> Chart:
    """Events per week (weeks start on Monday), gaps filled with zero weeks."""
    if not reply_days:
        return Chart(title, [])
    first = min(reply_days) - timedelta(days=min(reply_days).weekday())
    weeks = min((max(reply_days) - first).days // 7 + 1, MAX_WEEKS)
    counts = [0] * weeks
    for day in reply_days:
        counts[min((day - first).days // 7, weeks - 1)] += 1
    top, plot_height = max(counts), CHART_HEIGHT - 30
    width = CHART_WIDTH / weeks
    every = max(1, weeks // 8)
    bars = []
    for i, n in enumerate(counts):
        height = _scale(n, top, plot_height)
        label = (first + timedelta(weeks=i)).isoformat()
        bars.append(Bar(label, n, round(i * width + 1, 1), round(plot_height - height + 4, 1),
                        round(max(width - 2, 1), 1), height, show_label=i % every == 0))  # fmt: skip
    return Chart(title, bars, max_value=top)


def _export_links(export_dir: Path, out: Path) -> dict[str, list[dict]]:
    """Documents per ref from an export's manifest, as links relative to the report file."""
    manifest = export_dir / "manifest.csv"
    if not manifest.is_file():
        raise UsageError(f"{export_dir} has no manifest.csv; give the folder of a foia export.")
    links: dict[str, list[dict]] = {}
    base = out.resolve().parent
    with open(manifest, encoding="utf-8", newline="") as handle:
        for entry in csv.DictReader(handle):
            path = entry.get("path") or ""
            if entry.get("source") in ("mail", "letter", "letter-raw") or not path:
                continue
            target = (export_dir / path).resolve()
            if export_dir.resolve() not in target.parents:
                continue  # an edited manifest must not point the report outside the export
            href = quote(os.path.relpath(target, base).replace(os.sep, "/"))
            links.setdefault(entry["ref"], []).append({"name": target.name, "href": href})
    return links


def build_report(
    db: Database, campaign: str, today: date, *, export_dir: Path | None = None, out: Path
) -> ReportData:
    campaign_id(db, campaign)  # a clear error for a mistyped name
    requests = status_rows(db, today, StatusFilter(campaign=campaign))
    links = _export_links(export_dir, out) if export_dir else {}
    for request in requests:
        request["files"] = links.get(request["ref"], [])
    summary = summarize(requests, today)
    summary.documents = sum(r["documents"] for r in requests)  # = files the export has
    overdue = sorted((r for r in requests if r["overdue"]), key=lambda r: -r["days_overdue"])
    reply_days = [date.fromisoformat(d[:10]) for d in queries.campaign_reply_dates(db, campaign)]
    return ReportData(
        campaign=campaign,
        today=today,
        summary=summary,
        requests=requests,
        overdue=overdue,
        replies=queries.campaign_replies(db, campaign),
        status_chart=status_chart(summary.by_status),
        replies_chart=replies_chart(reply_days),
        letters_chart=weekly_chart("Letters sent per week", _sent_days(requests)),
        states_chart=states_chart(requests),
        details=[_detail(db, r) for r in requests],
        export_linked=export_dir is not None,
    )


def _sent_days(requests: list[dict]) -> list[date]:
    return [date.fromisoformat(r["sent_at"][:10]) for r in requests if r.get("sent_at")]


def _detail(db: Database, request: dict) -> dict:
    """One request's section: its documents (each once) and the messages filed on it."""
    seen: set[str] = set()
    documents = []
    for doc in queries.request_documents(db, request["_id"]):
        if doc["sha256"] not in seen:
            seen.add(doc["sha256"])
            documents.append(doc)
    return {"ref": request["ref"], "agency": request["agency"], "state": request["state"],
            "status": request["status"], "documents": documents,
            "messages": queries.request_messages(db, request["_id"])}  # fmt: skip


def _environment() -> Environment:
    # Autoescape on for every template: all strings shown come from mail and CSV files.
    env = Environment(
        loader=PackageLoader("foia_tracker", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = lambda v: "n/a" if v is None else f"{v * 100:.0f}%"
    env.filters["day"] = lambda v: (v or "")[:10]
    env.filters["noun"] = lambda count, word: word if count == 1 else f"{word}s"
    return env


def render_report(data: ReportData) -> str:
    return _environment().get_template("report.html.j2").render(report=data)


def write_report(
    db: Database,
    campaign: str,
    out: Path,
    today: date,
    *,
    export_dir: Path | None = None,
    force: bool = False,
) -> ReportData:
    """Build and write the dashboard to ``out`` (0600: it names agencies and children's data).

    Only the file itself is ours: missing parent folders are made 0700, an existing parent keeps
    its mode, and an existing file is replaced only with ``force``."""
    if not out.name or out.name in (".", ".."):
        raise UsageError("--out needs a file name, such as dashboard.html.")
    if out.is_symlink() or out.is_dir():
        raise UsageError(f"{out} is a folder or a symbolic link; give a new FILE.html.")
    if out.exists() and not force:
        raise UsageError(f"{out} exists; add --force to replace it, or choose another name.")
    data = build_report(db, campaign, today, export_dir=export_dir, out=out)
    ensure_private_dir(out.parent)
    write_private(out, render_report(data).encode("utf-8"))
    return data

"""The HTML dashboard: numbers, charts, escaping, links into an export, and a real browser."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from foia_tracker.cli import cli
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.outputs.export import ExportOptions, export_campaign
from foia_tracker.outputs.report import (
    CHART_WIDTH,
    build_report,
    render_report,
    replies_chart,
    status_chart,
    summarize,
    write_report,
)
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import HOSTILE, build_collect_data, clone_collect_data

TODAY = date(2026, 11, 28)
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_collect_data(tmp_path_factory.mktemp("collect-template"))


@pytest.fixture
def data(template, tmp_path):
    return clone_collect_data(template, tmp_path / "data")


def _request(status="sent", sent="2026-10-01T14:00:00+00:00", due="2026-10-15", first=None,
             fee=None):  # fmt: skip
    return {"status": status, "sent_at": sent, "due": due, "first_reply_at": first,
            "fee_amount": fee}  # fmt: skip


def test_summary_numbers():
    requests = [
        _request(first="2026-10-05T10:00:00+00:00"),  # 4 days, on time
        _request(first="2026-10-20T10:00:00+00:00"),  # 19 days, late
        _request(due="2026-12-30"),  # not answered, not yet due: not judged
        _request(due="2026-11-01"),  # not answered, past due: late
        _request(due=None, first="2026-10-03T00:00:00+00:00", fee="$1,250.50"),  # no due date
        _request(status="queued", sent=None, due=None, fee="n/a"),
    ]
    summary = summarize(requests, TODAY)
    assert (summary.requests, summary.sent, summary.replied) == (6, 5, 3)
    assert summary.response_rate == 3 / 5
    assert summary.median_days_to_first_reply == 4
    assert (summary.compliance_met, summary.compliance_judged) == (1, 3)
    assert summary.compliance_rate == 1 / 3
    assert (summary.fees_count, summary.fees_total) == (1, Decimal("1250.50"))
    assert summary.by_status == [("queued", 1), ("sent", 5)]


def test_summary_of_nothing_sent():
    summary = summarize([_request(status="queued", sent=None, due=None)], TODAY)
    assert (summary.response_rate, summary.median_days_to_first_reply) == (None, None)
    assert summary.compliance_rate is None


def test_status_chart_scales_to_the_largest():
    chart = status_chart([("sent", 4), ("denied", 1)])
    assert [(b.label, b.value, b.width) for b in chart.bars] == [
        ("sent", 4, CHART_WIDTH - 220),
        ("denied", 1, (CHART_WIDTH - 220) / 4),
    ]
    assert chart.height == 2 * 24 + 8


def test_replies_chart_fills_empty_weeks():
    days = [date(2026, 10, 7), date(2026, 10, 8), date(2026, 10, 29)]  # Wed, Thu, Thu
    chart = replies_chart(days)
    assert [(b.label, b.value) for b in chart.bars] == [
        ("2026-10-05", 2),
        ("2026-10-12", 0),
        ("2026-10-19", 0),
        ("2026-10-26", 1),
    ]
    assert chart.max_value == 2
    assert [b.height for b in chart.bars] == [150.0, 0.0, 0.0, 75.0]
    assert replies_chart([]).bars == []


def test_build_report_from_the_database(data, tmp_path):
    report = build_report(data.db, "mou-2026", TODAY, out=tmp_path / "r.html")
    s = report.summary
    assert (s.requests, s.sent, s.replied, s.documents) == (
        4,
        3,
        3,
        7,
    )  # joint-mou.txt is filed on two requests: counted on each
    assert (s.median_days_to_first_reply, s.compliance_met, s.compliance_judged) == (6, 2, 3)
    assert [(r["ref"], r["days_overdue"]) for r in report.overdue] == [("CT-0002", 44)]
    assert [r["refs"] for r in report.replies] == ["CT-0001 CT-0002", "NY-0001", "CT-0001"]
    assert [(b.label, b.value) for b in report.replies_chart.bars] == [
        ("2026-10-05", 2),
        ("2026-10-12", 0),
        ("2026-10-19", 1),
    ]


def test_unknown_campaign(data, tmp_path):
    with pytest.raises(NotFound, match="No campaign named 'nope'"):
        build_report(data.db, "nope", TODAY, out=tmp_path / "r.html")


def test_html_escapes_mail_and_agency_strings(data, tmp_path):
    html = render_report(build_report(data.db, "mou-2026", TODAY, out=tmp_path / "r.html"))
    assert "<script" not in html.lower()
    escaped = "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"
    assert f"Albany {escaped} District" in html  # the agency name
    assert f"{escaped} fee estimate" in html  # the subject
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_written_file_is_private(data, tmp_path):
    out = tmp_path / "r.html"
    write_report(data.db, "mou-2026", out, TODAY)
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_links_into_an_export_are_relative(data, tmp_path):
    export = tmp_path / "export"
    export_campaign(data.db, data.store, ExportOptions("mou-2026", export), TODAY)
    out = tmp_path / "site" / "report.html"
    report = build_report(data.db, "mou-2026", TODAY, export_dir=export, out=out)
    files = {r["ref"]: r["files"] for r in report.requests}
    hartford = "../export/CT/hartford-public-schools/CT-0001/files/"
    assert files["CT-0001"][:3] == [
        {"name": "passwd", "href": hartford + "passwd"},
        {"name": "agreement.pdf", "href": hartford + "agreement.pdf"},
        {"name": "agreement (2).pdf", "href": hartford + "agreement%20%282%29.pdf"},
    ]
    assert len(files["CT-0001"]) == 6
    assert files["NY-0001"] == [] and files["TX-0001"] == []
    html = render_report(report)
    assert f'<a href="{hartford}agreement%20%282%29.pdf">agreement (2).pdf</a>' in html


def test_edited_manifest_cannot_link_outside_the_export(data, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "manifest.csv").write_text(
        "ref,path,source\nCT-0001,../../etc/passwd,attachment\nCT-0001,CT/x/CT-0001/files/a,attachment\n"
    )
    report = build_report(data.db, "mou-2026", TODAY, export_dir=export, out=tmp_path / "r.html")
    files = {r["ref"]: r["files"] for r in report.requests}
    assert files["CT-0001"] == [{"name": "a", "href": "export/CT/x/CT-0001/files/a"}]


def test_export_without_manifest_is_refused(data, tmp_path):
    with pytest.raises(UsageError, match="has no manifest.csv"):
        build_report(data.db, "mou-2026", TODAY, export_dir=tmp_path, out=tmp_path / "r.html")


def test_cli_report(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    out = tmp_path / "r.html"
    args = [
        "--config",
        str(config),
        "report",
        "mou-2026",
        "--out",
        str(out),
        "--as-of",
        "2026-11-28",
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}: 4 requests, 1 overdue, 7 documents.\n"
    assert out.read_text().startswith("<!DOCTYPE html>")


# --- in a real browser --------------------------------------------------------------------------


class _Dom(HTMLParser):
    """Collects what the dumped DOM holds: rows of a table, SVG shapes, the title, scripts."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.rows: dict[str, int] = {}
        self.svg_rects: dict[str, int] = {}
        self.title = ""
        self.scripts = 0
        self.table = self.svg = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = attrs.get("id")
        if tag == "svg":
            self.svg = attrs.get("id")
        if tag == "tr" and self.table and "tbody" in self.stack:
            self.rows[self.table] = self.rows.get(self.table, 0) + 1
        if tag == "rect" and self.svg:
            self.svg_rects[self.svg] = self.svg_rects.get(self.svg, 0) + 1
        self.scripts += tag == "script"
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass
        if tag == "svg":
            self.svg = None

    def handle_data(self, text):
        if self.stack and self.stack[-1] == "title" and "svg" not in self.stack:
            self.title += text


def _dump_dom(page: Path, profile: Path) -> str:
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        f"--user-data-dir={profile}", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _need_chromium():
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must install chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def test_dashboard_in_headless_chromium(data, tmp_path):
    _need_chromium()
    export = tmp_path / "export"
    export_campaign(data.db, data.store, ExportOptions("mou-2026", export), TODAY)
    page = tmp_path / "report.html"
    write_report(data.db, "mou-2026", page, TODAY, export_dir=export)
    dumped = _dump_dom(page, tmp_path / "chromium-profile")
    dom = _Dom()
    dom.feed(dumped)
    assert dom.rows == {"overdue-table": 1, "requests-table": 4, "replies-table": 3}
    assert dom.svg_rects == {
        "status-chart": 4,
        "letters-chart": 1,  # all three letters went in one week
        "replies-chart": 3,
        "states-chart": 3,  # CT, NY, TX
    }
    # a section per request, reached from the table, with its documents and messages
    assert dumped.count("<article") == 4
    assert '<a href="#request-CT-0001">CT-0001</a>' in dumped
    hartford = dumped.split('id="request-CT-0001"')[1].split("</article>")[0]
    assert "agreement.pdf" in hartford and "RE: CT-0001 first production" in hartford
    # The injected script neither ran (it would set the title) nor became an element.
    assert dom.title == "Campaign mou-2026 — records requests as of 2026-11-28"
    assert dom.scripts == 0
    assert "Albany &lt;script&gt;document.title='pwned'&lt;/script&gt; District" in dumped
    assert HOSTILE not in dumped


def test_campaign_timeline_charts_and_request_sections(data, tmp_path):
    report = build_report(data.db, "mou-2026", TODAY, out=tmp_path / "r.html")
    assert [(b.label, b.value) for b in report.states_chart.bars] == [
        ("CT", 7),
        ("NY", 0),
        ("TX", 0),
    ]
    assert [(b.label, b.value) for b in report.letters_chart.bars] == [("2026-09-28", 3)]
    details = {d["ref"]: d for d in report.details}
    assert len({d["sha256"] for d in details["CT-0001"]["documents"]}) == len(
        details["CT-0001"]["documents"]
    )
    assert sum(len(d["documents"]) for d in details.values()) == report.summary.documents
    html = render_report(report)
    assert html.count("<article") == 4 and "@media print" in html


def test_dashboard_prints_to_pdf_with_every_section(data, tmp_path):
    _need_chromium()
    page = tmp_path / "report.html"
    write_report(data.db, "mou-2026", page, TODAY)
    pdf = tmp_path / "report.pdf"
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
        f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}", page.as_uri(),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=90, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    for heading in ("Summary", "Letters sent per week", "Documents per state", "Each request"):
        assert heading in text
    assert "CT-0001 · Hartford Public Schools (CT)" in text

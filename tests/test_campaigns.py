"""Campaign create/list/preview through the CLI, and the pure residency and estimate rules."""

from __future__ import annotations

import json

import pytest

from foia_tracker.campaigns import residency_decision, sending_estimate
from foia_tracker.config import Proxy, Requester, SmtpSettings
from foia_tracker.db import open_db, rows
from foia_tracker.law.jurisdictions import LAW_VERSION, get_jurisdiction
from foia_tracker.letters.render import SEND_DATE_MARK
from foia_tracker.tokens import normalize_token

from .conftest import MINIMAL_CONFIG, Foia

DISTRICTS = (
    "name,state,email,external_id,kind,organization\n"
    "Hartford Public Schools,CT,records@hartford.example,0901920,district,\n"
    "Avon Public Schools,CT,foi@avon.example,0900030,district,Acme Analytics\n"
    "Mail Only District,CT,,0900001,district,\n"
    "Albany City School District,NY,foil@albany.example,3601000,district,\n"
    "Richmond City Public Schools,VA,foia@richmond.example,5103130,district,\n"
    "Newark Board of Education,NJ,opra@newark.example,3411340,district,\n"
)
PERIOD = "period=from January 1, 2020 to the date of this request"


def workspace_with(tmp_path, extra_config: str = ""):
    from foia_tracker.workspace import init_workspace

    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG + extra_config)
    foia = Foia(config)
    (tmp_path / "d.csv").write_text(DISTRICTS)
    assert foia("agencies", "import", str(tmp_path / "d.csv")).exit_code == 0
    return foia, config


def db_of(config):
    return open_db(config.parent / "foia.db")


def test_create_refuses_resident_only_states_and_lists_other_channels(tmp_path):
    foia, config = workspace_with(tmp_path)
    result = foia(
        "campaign",
        "create",
        "mou",
        "--template",
        "student-data-agreements",
        "--all",
        "--var",
        PERIOD,
    )
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:3] == [
        "Created campaign mou: 5 request(s), 4 to send by email.",
        "Needs another channel (1):",
        "  CT-0003  Mail Only District  (mail/portal/fax)",
    ]
    assert (
        "Refused 1 agency: VA limits requests to residents of Virginia (Va. Code § 2.2-3704(A))"
        in result.stderr
    )
    assert "Warning: NJ: the law's limit to residents of New Jersey" in result.stderr
    assert (
        "Warning: NJ (New Jersey Open Public Records Act (OPRA)) is marked uncertain"
        in result.stderr
    )
    assert "4 letters; no sending limits are configured" in result.stdout
    db = db_of(config)
    requests = rows(db, "SELECT * FROM requests ORDER BY ref")
    assert [r["ref"] for r in requests] == ["CT-0001", "CT-0002", "CT-0003", "NJ-0001", "NY-0001"]
    assert [r["status"] for r in requests] == ["queued"] * 5
    assert all(r["law_version"] == LAW_VERSION for r in requests)
    assert all(r["ref"] in r["subject"] for r in requests)
    assert all(r["letter"].count(SEND_DATE_MARK) == 1 for r in requests)
    tokens = [r["token"] for r in requests]
    assert len(set(tokens)) == 5 and all(normalize_token(t) == t for t in tokens)
    # The CSV's organization column fills the optional variable for Avon only.
    assert "any agreement with Acme Analytics" in requests[0]["letter"]  # Avon sorts first
    assert "particularly interested" not in requests[1]["letter"]
    outbox = rows(db, "SELECT o.*, r.ref FROM outbox o JOIN requests r ON r.id = o.request_id")
    assert sorted(o["ref"] for o in outbox) == ["CT-0001", "CT-0002", "NJ-0001", "NY-0001"]
    for o in outbox:
        assert o["state"] == "pending" and o["kind"] == "request"
        assert o["message_id"].endswith(f".{o['ref']}@example.org>")
    assert rows(db, "SELECT to_addr FROM requests WHERE ref = 'CT-0003'") == [{"to_addr": ""}]


def test_same_name_again_is_an_error_not_a_doubling(tmp_path):
    foia, config = workspace_with(tmp_path)
    args = (
        "campaign",
        "create",
        "mou",
        "--template",
        "student-data-agreements",
        "--state",
        "CT",
        "--var",
        PERIOD,
    )
    assert foia(*args).exit_code == 0
    again = foia(*args)
    assert again.exit_code == 2
    assert "A campaign named 'mou' already exists" in again.stderr
    assert rows(db_of(config), "SELECT COUNT(*) AS n FROM requests") == [{"n": 3}]


def test_refs_continue_per_state_across_campaigns(tmp_path):
    foia, config = workspace_with(tmp_path)
    base = ("--template", "student-data-agreements", "--var", PERIOD)
    assert foia("campaign", "create", "one", "--state", "CT", *base).exit_code == 0
    assert foia("campaign", "create", "two", "--state", "ct", "--state", "NY", *base).exit_code == 0
    found = rows(
        db_of(config),
        "SELECT c.name, r.ref FROM requests r JOIN campaigns c ON c.id = r.campaign_id ORDER BY r.id",
    )
    assert [(f["name"], f["ref"]) for f in found] == [
        ("one", "CT-0001"),
        ("one", "CT-0002"),
        ("one", "CT-0003"),
        ("two", "CT-0004"),
        ("two", "CT-0005"),
        ("two", "CT-0006"),
        ("two", "NY-0001"),
    ]


def test_proxy_lets_a_resident_only_state_through(tmp_path):
    proxy = '\n[requester.proxies]\nVA = {name = "John Roe", address = "1 Court Street, Richmond, VA 23219"}\n'
    foia, config = workspace_with(tmp_path, proxy)
    result = foia(
        "campaign",
        "create",
        "va",
        "--template",
        "student-data-agreements",
        "--agency",
        "5103130",
        "--var",
        PERIOD,
    )
    assert result.exit_code == 0, result.output
    letter = rows(db_of(config), "SELECT letter FROM requests")[0]["letter"]
    assert "This request is made by John Roe, a citizen of the Commonwealth of Virginia" in letter


def test_missing_variable_stops_before_anything_is_written(tmp_path):
    foia, config = workspace_with(tmp_path)
    result = foia(
        "campaign", "create", "mou", "--template", "student-data-agreements", "--state", "CT"
    )
    assert result.exit_code == 2
    assert "needs the variable 'period'" in result.stderr
    assert rows(db_of(config), "SELECT COUNT(*) AS n FROM campaigns") == [{"n": 0}]


def test_selection_errors(tmp_path):
    foia, _ = workspace_with(tmp_path)
    base = ("campaign", "create", "x", "--template", "student-data-agreements", "--var", PERIOD)
    assert "exactly one of --state, --agency or --all" in foia(*base).stderr
    assert "exactly one of" in foia(*base, "--all", "--state", "CT").stderr
    assert "No agency with id or external_id '999'" in foia(*base, "--agency", "999").stderr
    assert "--var takes NAME=VALUE" in foia(*base, "--all", "--var", "oops").stderr
    assert "Unknown jurisdiction 'ZZ'" in foia(*base, "--state", "ZZ").stderr


def test_list_and_preview(tmp_path):
    foia, config = workspace_with(tmp_path)
    foia(
        "campaign",
        "create",
        "mou",
        "--template",
        "student-data-agreements",
        "--state",
        "CT",
        "--var",
        PERIOD,
    )
    listed = json.loads(foia("campaign", "list", "--format", "json").stdout)
    assert [(c["name"], c["requests"], c["unsent"], c["statuses"]) for c in listed] == [
        ("mou", 3, 2, {"queued": 3})
    ]
    shown = foia("campaign", "preview", "mou", "--ref", "CT-0002", env={"FOIA_TODAY": "2026-12-01"})
    assert shown.exit_code == 0
    token = rows(db_of(config), "SELECT token FROM requests WHERE ref = 'CT-0002'")[0]["token"]
    lines = shown.stdout.splitlines()
    assert lines[:5] == [
        "==== CT-0002 · Hartford Public Schools (CT) ====",
        "From: Jane Doe <jane@example.org>",
        f"Reply-To: Jane Doe <jane+{token}@example.org>",
        "To: records@hartford.example",
        "Subject: Public records request CT-0002: agreements involving student data",
    ]
    assert lines[6] == "[The date December 1, 2026 stands for the day each letter is sent.]"
    assert lines[8] == "December 1, 2026"
    assert SEND_DATE_MARK not in shown.stdout
    previews = json.loads(foia("campaign", "preview", "mou", "--format", "json").stdout)
    assert [(p["ref"], p["channel"], bool(p["headers"])) for p in previews] == [
        ("CT-0001", "email", True),
        ("CT-0002", "email", True),
        ("CT-0003", "mail/portal/fax", False),
    ]
    assert (
        len(
            json.loads(
                foia("campaign", "preview", "mou", "--limit", "1", "--format", "json").stdout
            )
        )
        == 1
    )
    assert "No campaign named 'nope'" in foia("campaign", "preview", "nope").stderr


def test_templates_show_json_lists_variables(foia):
    shown = json.loads(
        foia("templates", "show", "student-data-agreements", "--format", "json").stdout
    )
    assert [v["name"] for v in shown["required"]] == ["period"]
    assert [v["name"] for v in shown["optional"]] == ["organization", "fee_cap"]
    assert "appeal_body" in [v["name"] for v in shown["filled_when_sending"]]
    listed = json.loads(foia("templates", "list", "--format", "json").stdout)
    assert [(t["name"], t["required"]) for t in listed] == [("student-data-agreements", ["period"])]


@pytest.mark.parametrize(
    "state, requester, allowed, residency",
    [
        ("CT", Requester(state="NY"), True, ""),
        ("VA", Requester(state="CT"), False, ""),
        ("VA", Requester(state="VA"), True, "self"),
        ("VA", Requester(state="CT", proxies={"VA": Proxy("John Roe", "")}), True, "proxy"),
        ("PA", Requester(state="CT"), True, "self"),
        ("PA", Requester(state=""), False, ""),
        ("NJ", Requester(state="CT"), True, ""),  # contested: warned, not refused
    ],
)
def test_residency_decisions(state, requester, allowed, residency):
    decision = residency_decision(get_jurisdiction(state), requester)
    assert (decision.allowed, decision.residency) == (allowed, residency)
    assert bool(decision.note) == (not allowed or state == "NJ")


@pytest.mark.parametrize(
    "letters, smtp, text",
    [
        (
            1204,
            SmtpSettings(per_day=450),
            "1,204 letters at 450/day (smtp.per_day): about 3 sending days.",
        ),
        (
            1204,
            SmtpSettings(per_day=2000, per_hour=100, send_window="08:00-17:00"),
            "1,204 letters at 900/day (smtp.per_hour over 9 hours): about 2 sending days.",
        ),
        (
            13000,
            SmtpSettings(per_minute=30, per_day=10000),
            "13,000 letters at 10,000/day (smtp.per_day): about 2 sending days.",
        ),
        (1, SmtpSettings(per_day=450), "1 letter at 450/day (smtp.per_day): about 1 sending day."),
        (0, SmtpSettings(per_day=450), "No letters to send by email."),
    ],
)
def test_sending_estimate(letters, smtp, text):
    assert sending_estimate(letters, smtp).text == text


# -- create --dry-run, add, rerender ---------------------------------------------------------


def _create(foia, *args: str):
    return foia(
        "campaign", "create", "mou", "--template", "student-data-agreements", "--var", PERIOD,
        *args,
    )  # fmt: skip


def test_dry_run_writes_nothing_and_reports_every_agency_left_out(tmp_path):
    foia, config = workspace_with(tmp_path)
    result = _create(foia, "--all", "--dry-run", "--format", "json")
    assert result.exit_code == 1  # Virginia is refused: the plan says so before anything is made
    plan = json.loads(result.stdout)
    assert plan["dry_run"] is True and plan["campaign_id"] == 0
    assert [p["ref"] for p in plan["planned"]] == [
        "CT-0001", "CT-0002", "CT-0003", "NJ-0001", "NY-0001",
    ]  # fmt: skip
    assert [(r["agency"], r["state"]) for r in plan["refused"]] == [
        ("Richmond City Public Schools", "VA")
    ]
    [mail_only] = plan["needs_channel"]
    assert mail_only["ref"] == "CT-0003"
    assert mail_only["action"].startswith("No email address: `foia agencies update ")
    assert "`foia campaign rerender mou --ref CT-0003`" in mail_only["action"]
    db = db_of(config)
    assert rows(db, "SELECT * FROM campaigns") == []
    assert rows(db, "SELECT * FROM requests") == []
    text = _create(foia, "--all", "--dry-run")
    assert text.stdout.splitlines()[0] == (
        "Would create campaign mou: 5 request(s), 4 to send by email. "
        "(Dry run: nothing was written.)"
    )
    assert "  - Richmond City Public Schools (VA, id " in text.stderr


def test_add_gives_new_refs_and_never_doubles_an_agency(tmp_path):
    foia, config = workspace_with(tmp_path)
    assert _create(foia, "--state", "CT").exit_code == 0
    added = foia("campaign", "add", "mou", "--state", "NY", "--state", "CT", "--format", "json")
    assert added.exit_code == 1  # the CT agencies are already in it: listed, left alone
    report = json.loads(added.stdout)
    assert report["requests"] == 1 and report["by_email"] == 1
    assert sorted(r["reason"] for r in report["refused"]) == ["already in the campaign"] * 3
    db = db_of(config)
    requests = rows(db, "SELECT ref, campaign_id FROM requests ORDER BY ref")
    assert [r["ref"] for r in requests] == ["CT-0001", "CT-0002", "CT-0003", "NY-0001"]
    assert len({r["campaign_id"] for r in requests}) == 1
    outbox = rows(db, "SELECT r.ref FROM outbox o JOIN requests r ON r.id = o.request_id")
    assert sorted(o["ref"] for o in outbox) == ["CT-0001", "CT-0002", "NY-0001"]
    again = foia("campaign", "add", "mou", "--state", "NY")
    assert again.exit_code == 2
    assert "already in the campaign 'mou'" in again.stderr


def test_rerender_rewrites_unsent_letters_only_and_shows_the_diff(tmp_path):
    foia, config = workspace_with(tmp_path)
    assert _create(foia, "--state", "CT").exit_code == 0
    db = db_of(config)
    # CT-0001 went out; then the directory learns both contacts' names and Mail Only's email.
    db.execute("UPDATE outbox SET state = 'sent' WHERE request_id = 1")
    db.execute("UPDATE requests SET status = 'sent' WHERE id = 1")
    db.conn.commit()
    for agency in rows(db, "SELECT id, name FROM agencies WHERE state = 'CT'"):
        edit = ["--contact-name", "Dr. Lee"]
        if agency["name"] == "Mail Only District":
            edit += ["--email", "clerk@mailonly.example"]
        assert foia("agencies", "update", str(agency["id"]), *edit).exit_code == 0
    before = rows(db, "SELECT ref, letter FROM requests ORDER BY ref")
    result = foia("campaign", "rerender", "mou", "--format", "json")
    assert result.exit_code == 0, result.stderr
    outcomes = {r["ref"]: r for r in json.loads(result.stdout)}
    assert outcomes["CT-0001"]["outcome"] == "kept: already sent"
    assert outcomes["CT-0002"]["outcome"] == "changed"
    assert "+Dear Dr. Lee:" in outcomes["CT-0002"]["diff"]
    assert "-Dear Records Custodian:" in outcomes["CT-0002"]["diff"]
    assert outcomes["CT-0003"]["outcome"] == "changed"
    assert "+To: clerk@mailonly.example" in outcomes["CT-0003"]["diff"]
    after = {r["ref"]: r for r in rows(db, "SELECT ref, letter, to_addr FROM requests")}
    assert after["CT-0001"]["letter"] == before[0]["letter"]  # what was sent is the record
    assert "Dear Dr. Lee:" in after["CT-0002"]["letter"]
    queued = rows(
        db,
        "SELECT r.ref, o.to_addr, b.body FROM outbox o JOIN outbox_bodies b ON b.outbox_id = o.id "
        "JOIN requests r ON r.id = o.request_id",
    )
    by_ref = {q["ref"]: q for q in queued}
    assert by_ref["CT-0003"]["to_addr"] == "clerk@mailonly.example"  # now emailed
    assert "Dear Dr. Lee:" in by_ref["CT-0002"]["body"]
    assert SEND_DATE_MARK in by_ref["CT-0002"]["body"]
    again = foia("campaign", "rerender", "mou", "--ref", "ct-0002", "--format", "json")
    assert [r["outcome"] for r in json.loads(again.stdout)] == ["unchanged"]
    missing = foia("campaign", "rerender", "mou", "--ref", "NY-0404")
    assert missing.exit_code == 2 and "NY-0404" in missing.stderr


def test_bulk_writes_link_each_letter_to_its_request_and_a_failure_writes_nothing(
    tmp_path, monkeypatch
):
    from datetime import UTC, datetime

    from foia_tracker import campaigns
    from foia_tracker.config import load_config

    _foia, config_path = workspace_with(tmp_path)
    config = load_config(config_path)
    db = db_of(config_path)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    spec = campaigns.CampaignSpec(
        "mou", "student-data-agreements", all_agencies=True, variables=dict([PERIOD.split("=", 1)])
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(campaigns, "enqueue_many", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        campaigns.create_campaign(db, config, spec, now=now)
    assert rows(db, "SELECT COUNT(*) AS n FROM requests") == [{"n": 0}]
    assert rows(db, "SELECT COUNT(*) AS n FROM campaigns") == [{"n": 0}]
    monkeypatch.undo()

    report = campaigns.create_campaign(db, config, spec, now=now)
    linked = rows(
        db,
        "SELECT r.ref, r.letter, r.to_addr, r.subject, b.body, o.to_addr AS o_to, "
        "o.subject AS o_subject, o.message_id FROM requests r JOIN outbox o ON o.request_id = r.id "
        "JOIN outbox_bodies b ON b.outbox_id = o.id",
    )
    assert len(linked) == report.by_email == 4  # NJ is refused, the mail-only district waits
    for one in linked:
        assert (one["letter"], one["to_addr"], one["subject"]) == (
            one["body"],
            one["o_to"],
            one["o_subject"],
        )
        assert one["ref"] in one["letter"] and one["ref"] in one["message_id"]
    with pytest.raises(Exception, match="already exists"):
        campaigns.create_campaign(db, config, spec, now=now)
    assert rows(db, "SELECT COUNT(*) AS n FROM outbox") == [{"n": 4}]

"""`foia laws list|show|due` through click's CliRunner, with exact output checks."""

import json

from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.law.jurisdictions import LAW_VERSION


def run(*args):
    return CliRunner().invoke(cli, ["laws", *args])


def test_list_json_has_every_jurisdiction():
    result = run("list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert len(rows) == 51
    assert rows[0] == {
        "code": "AK",
        "name": "Alaska",
        "law": "Alaska Public Records Act",
        "first_clock": "produce 10 business",
        "deemed_denial": "unknown",
        "residency": "none",
        "contested": False,
        "confidence": "uncertain",
    }
    assert [r["code"] for r in rows if r["first_clock"] is None][:2] == ["AZ", "FL"]


def test_list_csv_header():
    result = run("list", "--format", "csv")
    assert result.output.splitlines()[0] == (
        "code,name,law,first_clock,deemed_denial,residency,contested,confidence"
    )


def test_due_json_follows_the_contract():
    result = run("due", "NY", "--sent", "2026-11-25T10:00", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {
        "state": "NY",
        "sent": "2026-11-25T10:00:00-05:00",
        "due": "2026-12-03",
        "due_kind": "acknowledge",
        "rule": "5 business days from receipt",
        "clocks": [
            {
                "obligation": "acknowledge",
                "due": "2026-12-03",
                "rule": "5 business days from receipt",
                "citation": "N.Y. Pub. Off. Law § 89(3)(a)",
            },
            {
                "obligation": "decide",
                "due": "2027-01-04",
                "rule": "20 business days from the agency's acknowledgement",
                "citation": "N.Y. Pub. Off. Law § 89(3)(a)",
            },
        ],
        "due_basis": "statutory",
        "followup_after": None,
        "law_version": LAW_VERSION,
    }


def test_due_json_where_the_law_sets_no_number():
    data = json.loads(run("due", "oh", "--sent", "2026-03-09", "--format", "json").output)
    assert (data["due"], data["due_basis"], data["followup_after"], data["clocks"]) == (
        None,
        "default",
        "2026-03-23",
        [],
    )


def test_due_explain_table():
    result = run("due", "CT", "--sent", "2026-12-22T17:00", "--explain")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "obligation  due         rule                          citation",
        "----------  ----------  ----------------------------  ---------------------------",
        "decide      2026-12-30  4 business days from receipt  Conn. Gen. Stat. § 1-206(a)",
        "",
        "Sent Tue Dec 22, 2026 17:00 EST (America/New_York): at or after close of business "
        "(17:00); counting starts from Wed Dec 23, 2026 (day zero).",
        "Decide: 4 business days from receipt (Conn. Gen. Stat. § 1-206(a)).",
        "Fri Dec 25, 2026: Christmas Day, CT state holiday, skipped",
        "Decide due Wed Dec 30, 2026.",
    ]


def test_due_json_explain_and_offset():
    result = run("due", "CA", "--sent", "2026-03-10T00:30+00:00", "--explain", "--format", "json")
    data = json.loads(result.output)
    assert data["due"] == "2026-03-20"
    assert data["explain"][0].startswith("Sent Mon Mar 9, 2026 17:30 PDT (America/Los_Angeles)")


def test_unknown_code_exits_2_listing_valid_codes():
    result = run("due", "XX", "--sent", "2026-03-09")
    assert result.exit_code == 2
    assert "Error: Unknown jurisdiction 'XX': use one of AK, AL, AR," in result.output
    assert run("show", "XX").exit_code == 2


def test_bad_sent_exits_2():
    result = run("due", "NY", "--sent", "next tuesday")
    assert result.exit_code == 2
    assert "Cannot read --sent 'next tuesday': use YYYY-MM-DD or YYYY-MM-DDTHH:MM." in (
        result.output
    )


def test_show_warns_for_uncertain_jurisdictions():
    result = run("show", "NJ")
    assert result.exit_code == 0
    assert result.stderr.startswith("Warning: NJ (New Jersey Open Public Records Act (OPRA)) is")
    assert "Check N.J.S.A. 47:1A-5(i) against the current statute" in result.stderr
    assert "deadlines     decide 7 business days from receipt (N.J.S.A. 47:1A-5(i))" in (
        result.stdout
    )


def test_show_confident_jurisdiction_has_no_warning():
    result = run("show", "CT", "--format", "json")
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert (data["code"], data["confidence"], data["law_version"]) == (
        "CT",
        "confident",
        LAW_VERSION,
    )
    assert data["clocks"][0]["citation"] == "Conn. Gen. Stat. § 1-206(a)"


def test_help_ends_with_an_example():
    for command in ("list", "show", "due"):
        help_text = run(command, "--help").output
        description = help_text.split("Options:")[0].strip()
        assert description.splitlines()[-1].strip().startswith(f"Example: foia laws {command}")


def test_due_uses_the_config_follow_up_horizon(tmp_path):
    config = tmp_path / "foia.toml"
    config.write_text(
        '[deadlines]\ndefault_days = 30\ndefault_unit = "calendar"\n[replies]\nmode = "none"\n'
    )
    result = CliRunner().invoke(
        cli,
        ["--config", str(config), "laws", "due", "OH", "--sent", "2026-03-09", "--format", "json"],
    )
    data = json.loads(result.output)
    assert (data["due"], data["followup_after"]) == (None, "2026-04-08")


def test_show_names_where_the_appeal_goes_and_what_was_checked():
    result = run("show", "NJ")
    # N.J.S.A. 47:1A-6 as amended by P.L. 2024, c. 16: 45 days to complain to the GRC.
    assert "appeal_window 45 calendar days: 45 calendar days after the custodian's response" in (
        result.stdout
    )
    assert "appeal_to     another public body" in result.stdout
    assert "checked       2026-12 against appeal: https://www.nj.gov/grc/register/" in result.stdout
    # Every row has been re-checked since (MT, the last, in branch legal2): a row with no
    # field_sources would still say so (law.docs.checked_text, see test_law_audit).
    montana = run("show", "MT").stdout
    assert "checked       2026-12 against citation: https://archive.legmt.gov/" in montana


def test_show_json_keeps_its_fields_and_adds_the_new_ones():
    data = json.loads(run("show", "TX", "--format", "json").stdout)
    # The first wave's keys are all still there (the contract), with new ones beside them.
    old_keys = {"code", "name", "law_name", "citation", "clocks", "appeal", "residency", "holidays"}
    assert old_keys <= set(data)
    assert data["appeal"]["kind"] == "agency"
    assert data["closure_rule"]["max_per_year"] == 10
    assert [
        "appeal",
        "https://lexace.ai/us/statute/texas/552.328 (a complaint for failure to respond)",
    ] in (data["field_sources"])

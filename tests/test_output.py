import json

from click.testing import CliRunner

from foia_tracker.cells import csv_cell
from foia_tracker.cli import cli
from foia_tracker.cli.output import render_rows, terminal_text
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import build_collect_data

ROWS = [
    {"ref": "CT-0001", "subject": "Re: \x1b[31mred\x1b[0m", "n": 3, "ok": True},
    {"ref": "CT-0002", "subject": "-1+1", "n": None, "ok": False},
]


def test_json_keeps_field_names_and_types():
    assert json.loads(render_rows(ROWS, "json")) == [
        {"ref": "CT-0001", "subject": "Re: \x1b[31mred\x1b[0m", "n": 3, "ok": True},
        {"ref": "CT-0002", "subject": "-1+1", "n": None, "ok": False},
    ]


def test_csv_neutralises_formula_cells():
    assert render_rows(ROWS, "csv").splitlines()[2] == "CT-0002,'-1+1,,false"
    for cell in ("=1+1", "+1", "-1", "@x", "\tx"):
        assert csv_cell(cell).startswith("'")
    assert csv_cell("a=b") == "a=b"


def test_table_strips_control_characters():
    table = render_rows(ROWS, "table")
    assert "\x1b" not in table
    assert "Re: [31mred[0m" in table
    assert terminal_text("a\r\nb\x07") == "ab"


def test_bidi_overrides_are_stripped_on_the_terminal():
    # "Trojan Source": U+202E would show "invoice_fdp.exe" as "invoice_exe.pdf".
    assert terminal_text("invoice_\u202efdp.exe") == "invoice_fdp.exe"


def test_library_warnings_print_one_line_without_a_traceback(monkeypatch, capsys):
    import logging

    from foia_tracker.cli import _QuietFormatter

    monkeypatch.delenv("FOIA_DEBUG", raising=False)
    record = logging.LogRecord(
        "foia_tracker.intake.pipeline",
        logging.ERROR,
        __file__,
        1,
        "filing message %s failed",
        (7,),
        None,
    )
    try:
        raise ValueError("secret-ish \x1b[2J detail")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = _QuietFormatter("foia: %(message)s").format(record)
    assert line == "foia: filing message 7 failed"


LONG_ACTION = (
    "review documents; more due 2026-12-07 under Conn. Gen. Stat. § 1-206(a), then follow up"
)


def test_the_last_column_wraps_to_the_terminal_never_cut(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    rows = [{"ref": "CT-0001", "status": "partially_fulfilled", "next_action": LONG_ACTION}]
    table = render_rows(rows, "table")
    lines = table.splitlines()
    assert max(len(line) for line in lines) <= 60
    indent = len("CT-0001  partially_fulfilled  ")
    assert all(line.startswith(" " * indent) for line in lines[3:])
    assert " ".join(line.strip() for line in [lines[2][indent:], *lines[3:]]) == LONG_ACTION


def test_piped_tables_keep_whole_lines(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    rows = [{"ref": "CT-0001", "next_action": LONG_ACTION}]
    assert render_rows(rows, "table").splitlines()[2] == f"CT-0001  {LONG_ACTION}"
    # csv and json are never wrapped
    monkeypatch.setenv("COLUMNS", "30")
    assert LONG_ACTION in render_rows(rows, "csv")
    assert LONG_ACTION in render_rows(rows, "json")


def test_foia_status_fits_the_terminal(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    args = ["--config", str(config), "status", "mou-2026", "--as-of", "2026-11-28"]
    wide = CliRunner().invoke(cli, args, env={"COLUMNS": "400"}).output
    narrow = CliRunner().invoke(cli, args, env={"COLUMNS": "140"}).output
    assert max(len(line) for line in narrow.splitlines()) <= 140 < max(map(len, wide.splitlines()))
    rows = json.loads(CliRunner().invoke(cli, [*args, "--format", "json"]).output)
    squeezed = "".join(narrow.split())
    for row in rows:  # the action is wrapped, never cut
        assert "".join(row["next_action"].split()) in squeezed

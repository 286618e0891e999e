import json

from foia_tracker.cells import csv_cell
from foia_tracker.cli.output import render_rows, terminal_text

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

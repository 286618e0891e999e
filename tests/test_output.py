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

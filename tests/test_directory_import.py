"""`foia agencies import` with directories as they really come: state spreadsheets, the NCES CCD
file, email merges, mixed encodings, and the shipped examples in docs/examples/."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from foia_tracker.directory.headers import plan_columns
from foia_tracker.errors import UsageError

from .xlsx import write_xlsx

EXAMPLES = Path(__file__).parent.parent / "docs" / "examples"


def listed(foia, *args) -> list[dict]:
    return json.loads(foia("agencies", "list", "--format", "json", *args).stdout)


def by_name(foia) -> dict[str, dict]:
    return {a["name"]: a for a in listed(foia)}


# --- header recognition -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("District Name", "name"),
        ("LEA Name", "name"),
        ("AGENCY", "name"),
        ("district", "name"),
        ("Email", "email"),
        ("E-mail Address", "email"),
        ("superintendent_email", "email"),
        ("Records Email", "email"),
        ("Superintendent", "contact_name"),
        ("Contact", "contact_name"),
        ("Records Officer", "contact_name"),
        ("Contact Name", "contact_name"),
        ("NCES ID", "external_id"),
        ("LEAID", "external_id"),
        ("District Code", "external_id"),
        ("District ID", "external_id"),
        ("Street", "street"),
        ("Mailing Address", "street"),
        ("Town", "city"),
        ("City", "city"),
        ("ZIP Code", "zip"),
        ("Postal Code", "zip"),
        ("Telephone", "phone"),
        ("Portal", "portal_url"),
        ("Type", "kind"),
        ("Delivery", "delivery"),
        ("St.", "state"),
    ],
)
def test_header_families(header, field):
    plan = plan_columns(["Other", header], {})
    assert plan.fields == {field: 1}
    assert plan.extra == {"other": 0}


def test_extra_columns_become_identifiers():
    plan = plan_columns(["Name", "State", "Board Chair", "2024 Enrollment", ""], {})
    assert plan.extra == {"board_chair": 2, "col_2024_enrollment": 3, "column_5": 4}


@pytest.mark.parametrize(
    ("columns", "field"),
    [(("Email", "Records Email"), "email"), (("District Name", "Agency"), "name")],
)
def test_two_columns_for_one_field_stop_and_ask(foia, tmp_path, columns, field):
    path = tmp_path / "d.csv"
    path.write_text(f"{columns[0]},{columns[1]},State\nA,B,CT\n")
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 2
    assert (
        f"Columns {columns[0]!r} and {columns[1]!r} could each be the {field}; choose one with "
        f"--map {field}=COLUMN" in result.stderr
    )


def test_map_chooses_and_keeps_the_other_column(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "District,Email,Records Email,State\nAvon,super@avon.example,foi@avon.example,CT\n"
    )
    result = foia("agencies", "import", str(path), "--map", "email=records email")
    assert result.exit_code == 0, result.stderr
    [agency] = listed(foia)
    assert agency["email"] == "foi@avon.example"
    assert agency["extra"] == {"email": "super@avon.example"}


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("emial=Email", "--map names an unknown field 'emial'"),
        ("email=FOI Address", "--map email='FOI Address': the file has no column 'FOI Address'"),
        ("email", "--map takes FIELD=COLUMN"),
    ],
)
def test_map_errors_are_usage_errors_naming_it(foia, tmp_path, option, message):
    path = tmp_path / "d.csv"
    path.write_text("Name,State,Email\nAvon,CT,a@avon.example\n")
    result = foia("agencies", "import", str(path), "--map", option)
    assert result.exit_code == 2
    assert message in result.stderr
    assert listed(foia) == []


def test_duplicate_headers_are_refused_by_name(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Name,State,Email,Notes,email\nAvon,CT,a@avon.example,,b@avon.example\n")
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 2
    assert "Columns 3 and 5 are both named 'email'" in result.stderr


def test_columns_that_collide_as_variables_are_refused():
    with pytest.raises(UsageError, match="'Board Chair' and 'board-chair' would both be"):
        plan_columns(["Name", "State", "Board Chair", "board-chair"], {})


# --- the state-style example ------------------------------------------------------------------


def test_state_directory_example(foia):
    result = foia("agencies", "import", str(EXAMPLES / "state_directory.csv"), "--state", "CT")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "state_directory.csv line 3: invalid email 'foi@quarrybrook-sd..example'; kept without an email",
        "state_directory.csv line 6: name is empty; row skipped",
    ]
    assert result.stdout == "Imported 3 new, updated 0; 2 problem(s) reported.\n"
    agencies = by_name(foia)
    maple = agencies["Maple Hollow Public Schools"]
    assert maple["address"] == "12 Orchard Lane, Maple Hollow, CT 06999"
    assert (maple["contact_name"], maple["external_id"], maple["phone"]) == (
        "Dana Whitfield",
        "0999901",
        "(860) 555-0101",
    )
    assert maple["extra"] == {"board_chair": "Lee Archer"}
    quarry = agencies["Quarry Brook School District"]
    assert (quarry["email"], quarry["delivery"]) == ("", "none")
    assert quarry["address"] == "400 Granite Road, Quarry Brook, CT 06998"  # the 0 restored
    fernwick = agencies["Fernwick Regional District 7"]
    assert fernwick["address"] == "88 Mill Pond Road, Suite 2, Fernwick, CT 06997"


def test_strict_counts_a_dropped_email_as_a_problem(foia):
    result = foia(
        "agencies", "import", "--strict", "--state", "CT", str(EXAMPLES / "state_directory.csv")
    )
    assert result.exit_code == 1
    assert "Imported nothing: 2 problem(s) and --strict." in result.stderr
    assert listed(foia) == []


# --- re-imports -------------------------------------------------------------------------------


def test_partial_reimport_keeps_what_the_file_does_not_have(foia, tmp_path):
    foia("agencies", "import", str(EXAMPLES / "state_directory.csv"), "--state", "CT")
    path = tmp_path / "partial.csv"
    path.write_text(
        "name,external_id,email,state\n"
        "Maple Hollow Public Schools,0999901,new@maplehollow-ps.example,CT\n"
        "Quarry Brook School District,0999902,,CT\n"
    )
    result = foia("agencies", "import", str(path))
    assert result.stdout == "Imported 0 new, updated 1, 1 unchanged.\n"
    maple = by_name(foia)["Maple Hollow Public Schools"]
    assert maple["email"] == "new@maplehollow-ps.example"
    assert maple["contact_name"] == "Dana Whitfield"
    assert maple["address"] == "12 Orchard Lane, Maple Hollow, CT 06999"
    assert maple["phone"] == "(860) 555-0101"
    assert maple["extra"] == {"board_chair": "Lee Archer"}


def test_dry_run_shows_changes_and_writes_nothing(foia, tmp_path):
    foia("agencies", "import", str(EXAMPLES / "state_directory.csv"), "--state", "CT")
    path = tmp_path / "fix.csv"
    path.write_text(
        "District Name,State,Email,Superintendent\n"
        "Quarry Brook School District,CT,foi@quarrybrook-sd.example,Morgan Ellis\n"
        "Willow Bend Schools,CT,office@willowbend.example,\n"
    )
    before = listed(foia)
    result = foia("agencies", "import", "--dry-run", str(path))
    assert result.exit_code == 0
    ident = next(a["id"] for a in before if a["name"].startswith("Quarry"))
    assert result.stdout.splitlines() == [
        "+ Willow Bend Schools (CT)",
        f"~ Quarry Brook School District (CT, 0999902) #{ident}: email: '' -> 'foi@quarrybrook-sd.example'",
        f"~ Quarry Brook School District (CT, 0999902) #{ident}: delivery: 'none' -> 'email'",
        "Dry run, nothing written: would add 1, update 1.",
    ]
    assert listed(foia) == before


def test_same_name_twice_is_reported_as_likely_duplicate(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        "Name,State,NCES ID,Email\n"
        "Lakeview School District,CT,0999911,a@lakeview.example\n"
        "Lakeview  School District,CT,0999912,b@lakeview.example\n"
    )
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 0
    assert result.stderr == (
        "d.csv line 2: note: likely duplicates (same name in CT): "
        "Lakeview School District (line 2); Lakeview School District (line 3)\n"
    )
    assert len(listed(foia)) == 2


def test_a_name_shared_by_two_agencies_is_never_guessed(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Name,State,NCES ID\nLakeview,CT,0999911\nLakeview,CT,0999912\n")
    foia("agencies", "import", str(path))
    path.write_text("Name,State,Email\nLakeview,CT,foi@lakeview.example\n")
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "d.csv line 2: 2 agencies of CT are named 'Lakeview'; add an external_id column to tell "
        "them apart; row skipped\n"
    )
    assert [a["email"] for a in listed(foia)] == ["", ""]


def test_email_merge_rows_need_an_id(foia, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("LEAID,Email\n,a@b.example\n")
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr == "m.csv line 2: external id is empty; row skipped\n"


# --- NCES CCD and the email merge -------------------------------------------------------------


def test_nces_ccd_file(foia):
    result = foia("agencies", "import", "--source", "nces-ccd", str(EXAMPLES / "nces_ccd_lea.csv"))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "Imported 3 new, updated 0, left out 3 LEAs (1 LEA type 4, 1 closed, 1 future).\n"
    )
    agencies = by_name(foia)
    assert sorted(agencies) == [
        "Lantern Charter Academy",
        "Maple Hollow Public Schools",
        "Quarry Brook School District",
    ]
    maple = agencies["Maple Hollow Public Schools"]
    assert (maple["external_id"], maple["state"], maple["kind"]) == (
        "0999901",
        "CT",
        "school_district",
    )
    assert maple["address"] == "12 Orchard Lane, Maple Hollow, CT 06999-1234"
    assert maple["extra"]["website"] == "https://maplehollow-ps.example"
    assert maple["extra"]["st_leaid"] == "CT-0999901"
    assert (maple["email"], maple["delivery"]) == ("", "none")
    assert agencies["Lantern Charter Academy"]["kind"] == "charter_agency"


def test_nces_lea_types_choose(foia):
    result = foia(
        "agencies",
        "import",
        "--source",
        "nces-ccd",
        "--lea-types",
        "4",
        str(EXAMPLES / "nces_ccd_lea.csv"),
    )
    assert result.exit_code == 0
    assert [a["name"] for a in listed(foia)] == ["Eastern Shore Learning Cooperative"]
    bad = foia(
        "agencies",
        "import",
        "--source",
        "nces-ccd",
        "--lea-types",
        "1,x",
        str(EXAMPLES / "nces_ccd_lea.csv"),
    )
    assert bad.exit_code == 2 and "--lea-types takes CCD LEA_TYPE codes" in bad.stderr


def test_nces_source_refuses_other_files(foia):
    result = foia(
        "agencies", "import", "--source", "nces-ccd", str(EXAMPLES / "state_directory.csv")
    )
    assert result.exit_code == 2
    assert "not an NCES CCD LEA directory file: no LEAID, LEA_NAME, ST column" in result.stderr


def test_email_merge_by_leaid(foia):
    foia("agencies", "import", "--source", "nces-ccd", str(EXAMPLES / "nces_ccd_lea.csv"))
    result = foia("agencies", "import", str(EXAMPLES / "email_merge.csv"))
    assert result.exit_code == 1
    assert (
        result.stderr
        == "email_merge.csv line 4: no agency has external id '0999999'; row skipped\n"
    )
    assert result.stdout == "Imported 0 new, updated 2; 1 problem(s) reported.\n"
    agencies = by_name(foia)
    maple = agencies["Maple Hollow Public Schools"]
    assert (maple["email"], maple["delivery"], maple["contact_name"]) == (
        "foia@maplehollow-ps.example",
        "email",
        "Jordan Pike",
    )
    assert maple["address"] == "12 Orchard Lane, Maple Hollow, CT 06999-1234"  # the CCD's, kept
    assert agencies["Lantern Charter Academy"]["email"] == "records@lantern-charter.example"
    assert agencies["Quarry Brook School District"]["email"] == ""


# --- spreadsheets -----------------------------------------------------------------------------


def test_xlsx_example(foia):
    result = foia(
        "agencies", "import", "--sheet", "Districts", str(EXAMPLES / "county_directory.xlsx")
    )
    assert result.exit_code == 0, result.stderr
    agencies = by_name(foia)
    harbor = agencies["Harbor Point Unified"]
    assert harbor["external_id"] == "0999909"  # the number Excel stored, as the 7-digit LEAID
    assert harbor["address"] == "3 Dock Street, Harbor Point, CT 06995"
    assert harbor["extra"] == {"enrollment": "4200"}
    assert agencies["Saltmarsh School District"]["delivery"] == "mail"


def test_xlsx_sheet_errors_name_the_sheets(foia):
    result = foia("agencies", "import", "--sheet", "LEAs", str(EXAMPLES / "county_directory.xlsx"))
    assert result.exit_code == 2
    assert "has no sheet 'LEAs'; sheets: 'About', 'Districts'." in result.stderr
    first = foia("agencies", "import", str(EXAMPLES / "county_directory.xlsx"))
    assert first.exit_code == 2 and "has no header row in sheet 'About'" in first.stderr


def test_a_spreadsheet_named_csv_is_read_as_a_spreadsheet(foia, tmp_path):
    path = write_xlsx(tmp_path / "districts.csv", {"S": [["Name", "State"], ["Avon", "CT"]]})
    assert foia("agencies", "import", str(path)).exit_code == 0
    assert [a["name"] for a in listed(foia)] == ["Avon"]


def test_binary_garbage_is_a_clear_usage_error(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 2
    assert result.stderr == "Error: d.csv is neither a CSV file nor an .xlsx spreadsheet.\n"


# --- encodings and hostile cells --------------------------------------------------------------


def test_mixed_utf8_and_windows_1252_lines(foia, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"name,state\n"
        + "Escuela Peña,CT\n".encode()
        + "Côte School – Upper,CT\n".encode("cp1252")
        + "Zoë Academy,CT\n".encode()
    )
    result = foia("agencies", "import", str(path))
    assert result.exit_code == 0
    assert result.stderr == "mixed.csv line 3: note: not UTF-8 on line(s) 3: read as Windows-1252\n"
    assert sorted(by_name(foia)) == ["Côte School – Upper", "Escuela Peña", "Zoë Academy"]


def test_huge_cells_fail_their_row_only_through_the_entry_point(workspace, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(
        "name,state,notes\n"
        f'Big One,CT,"{"x" * 200_000}"\n'
        f"Long One,CT,{'y' * 40_000}\n"
        "Small One,CT,fine\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "foia_tracker",
            "--config",
            str(workspace),
            "agencies",
            "import",
            str(path),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert "Internal error" not in run.stderr
    lines = run.stderr.splitlines()
    assert lines[0].startswith(
        "huge.csv line 2: could not be read as CSV (field larger than field limit"
    )
    assert lines[1] == (
        "huge.csv line 3: the 'notes' cell is 40,000 characters long (the limit is 32,767); row skipped"
    )
    assert run.stdout == "Imported 1 new, updated 0; 2 problem(s) reported.\n"


@pytest.mark.parametrize(
    ("header", "row", "address"),
    [
        (
            "Street,Suite,Town,Zip",
            "1 Elm St,Suite 4,Avon,6001",
            "1 Elm St, Suite 4, Avon, CT 06001",
        ),
        ("Address", '"1 Elm St, Avon, CT 06001"', "1 Elm St, Avon, CT 06001"),
        ("Mailing Address,City", "PO Box 9,Avon", "PO Box 9, Avon, CT"),
        ("Street,Postal Code", "1 Elm St,060011234", "1 Elm St, CT 06001-1234"),
        ("Town,Zip", ",", ""),
    ],
)
def test_address_composition(foia, tmp_path, header, row, address):
    path = tmp_path / "d.csv"
    path.write_text(f"Name,State,{header}\nAvon,Connecticut,{row}\n")
    assert foia("agencies", "import", str(path)).exit_code == 0
    [agency] = listed(foia)
    assert (agency["state"], agency["address"]) == ("CT", address)


def test_state_option_fills_and_filters_full_state_names(foia, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Name,State\nAvon,Connecticut\nAlbany,New York\nBlank,\n")
    result = foia("agencies", "import", "--state", "connecticut", str(path))
    assert result.stdout == "Imported 2 new, updated 0, skipped 1 of other states.\n"
    assert sorted(by_name(foia)) == ["Avon", "Blank"]

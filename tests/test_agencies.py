import json

from foia_tracker.db import open_db, rows
from foia_tracker.directory.agencies import normalise_name

from .conftest import file_mode

GOOD_AND_BAD = (
    "Name,State,Email,External_ID,Enrollment\n"
    "Hartford Public Schools,CT,records@hartford.example,0901920,17000\n"  # line 2
    "Nowhere District,XX,a@nowhere.example,1,10\n"  # 3: unknown state
    "Mail Only District,ct,,0900001,300\n"  # 4: no email -> delivery none
    '"Split\nName",CT,s@split.example,0900002,1\n'  # 5-6: line break inside a value
    "Typo District,CT,clerk@@typo.example,0900003,2\n"  # 7: invalid email
    "Hartford Public Schools,CT,other@hartford.example,0901920,17000\n"  # 8: duplicate of 2
    'Injected,CT,"x@y.example\r\nBcc: evil@example.com",0900004,3\n'  # 9-10: CR/LF -> bad
    "Shared Office A,CT,shared@region.example,0900005,5\n"  # 11
    "Shared Office B,CT,shared@region.example,0900006,5\n"  # 12: same email is fine
)


def test_import_reports_bad_rows_by_line_and_keeps_good_ones(foia, workspace):
    (workspace.parent / "d.csv").write_text(GOOD_AND_BAD)
    result = foia("agencies", "import", str(workspace.parent / "d.csv"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "d.csv line 3: unknown state code 'XX'; row skipped",
        "d.csv line 5: name contains a line break or control character; row skipped",
        "d.csv line 7: invalid email 'clerk@@typo.example'; kept without an email",
        "d.csv line 8: duplicate of line 2; row skipped",
        "d.csv line 9: email contains a line break or control character; kept without an email",
        "d.csv line 11: note: likely duplicates (same email shared@region.example): "
        "Shared Office A (line 11); Shared Office B (line 12)",
    ]
    assert result.stdout == "Imported 6 new, updated 0; 5 problem(s) reported.\n"
    listed = json.loads(foia("agencies", "list", "--format", "json").stdout)
    assert [(a["name"], a["email"], a["delivery"]) for a in listed] == [
        ("Hartford Public Schools", "records@hartford.example", "email"),
        ("Injected", "", "none"),
        ("Mail Only District", "", "none"),
        ("Shared Office A", "shared@region.example", "email"),
        ("Shared Office B", "shared@region.example", "email"),
        ("Typo District", "", "none"),
    ]
    mail_only = listed[2]
    assert mail_only["delivery"] == "none" and mail_only["email"] == ""
    assert mail_only["extra"] == {"enrollment": "300"}


def test_no_email_filter(foia, workspace):
    (workspace.parent / "d.csv").write_text(GOOD_AND_BAD)
    foia("agencies", "import", str(workspace.parent / "d.csv"))
    listed = json.loads(foia("agencies", "list", "--no-email", "--format", "json").stdout)
    assert [a["name"] for a in listed] == ["Injected", "Mail Only District", "Typo District"]


def test_strict_imports_nothing(foia, workspace):
    (workspace.parent / "d.csv").write_text(GOOD_AND_BAD)
    result = foia("agencies", "import", "--strict", str(workspace.parent / "d.csv"))
    assert result.exit_code == 1
    assert "Imported nothing: 5 problem(s) and --strict." in result.stderr
    assert foia("agencies", "list", "--format", "json").stdout.strip() == "[]"


def test_reimport_updates_instead_of_doubling(foia, workspace):
    csv_path = workspace.parent / "d.csv"
    csv_path.write_text("name,state,email,external_id\nA District,CT,a@a.example,1\n")
    assert foia("agencies", "import", str(csv_path)).exit_code == 0
    csv_path.write_text(
        "name,state,email,external_id\nA District (renamed),CT,new@a.example,1\n"
        "B  district ,CT,b@b.example,\n"
    )
    result = foia("agencies", "import", str(csv_path))
    assert result.stdout == "Imported 1 new, updated 1.\n"
    csv_path.write_text("name,state,email\nb district,CT,b2@b.example\n")
    assert foia("agencies", "import", str(csv_path)).stdout == "Imported 0 new, updated 1.\n"
    listed = json.loads(foia("agencies", "list", "--format", "json").stdout)
    assert [(a["name"], a["email"]) for a in listed] == [
        ("A District (renamed)", "new@a.example"),
        ("b district", "b2@b.example"),
    ]


def test_bom_and_windows_1252(foia, workspace):
    utf8 = workspace.parent / "utf8.csv"
    utf8.write_bytes("\ufeffname,state,email\nEscuela Peña,CT,p@pena.example\n".encode())
    cp = workspace.parent / "cp.csv"
    cp.write_bytes("name,state,email\nCôte School – Upper,CT,c@cote.example\n".encode("cp1252"))
    assert foia("agencies", "import", str(utf8)).exit_code == 0
    assert foia("agencies", "import", str(cp)).exit_code == 0
    names = [a["name"] for a in json.loads(foia("agencies", "list", "--format", "json").stdout)]
    assert names == ["Côte School – Upper", "Escuela Peña"]


def test_state_option_filters_and_fills(foia, workspace):
    csv_path = workspace.parent / "d.csv"
    csv_path.write_text("name,state,email\nA,CT,a@a.example\nB,NY,b@b.example\nC,,c@c.example\n")
    result = foia("agencies", "import", "--state", "ct", str(csv_path))
    assert result.stdout == "Imported 2 new, updated 0, skipped 1 of other states.\n"


def test_missing_required_column_is_a_usage_error(foia, workspace):
    csv_path = workspace.parent / "d.csv"
    csv_path.write_text("title,email\nA,a@a.example\n")
    result = foia("agencies", "import", str(csv_path))
    assert result.exit_code == 2
    assert (
        "no name or state column (found: 'title', 'email'); name it with --map name=COLUMN"
        in result.stderr
    )


def test_several_emails_keep_the_first_for_letters(foia, workspace):
    csv_path = workspace.parent / "d.csv"
    csv_path.write_text('name,state,email\nA,CT,"foia@a.example; clerk@a.example"\n')
    foia("agencies", "import", str(csv_path))
    db = open_db(workspace.parent / "foia.db")
    assert rows(db, "SELECT email FROM agencies") == [{"email": "foia@a.example"}]
    assert {r["address"] for r in rows(db, "SELECT address FROM agency_addresses")} == {
        "foia@a.example",
        "clerk@a.example",
    }


def test_csv_output_neutralises_formulas_and_terminal_strips_controls(foia, workspace):
    csv_path = workspace.parent / "d.csv"
    csv_path.write_text('name,state,email,contact_name\n=HYPERLINK("x"),CT,a@a.example,"@SUM(1)"\n')
    foia("agencies", "import", str(csv_path))
    out = foia("agencies", "list", "--format", "csv").stdout
    assert '\'=HYPERLINK(""x"")' in out and "'@SUM(1)" in out


def test_normalise_name():
    assert normalise_name("  St. Mary's  &  Joseph ") == "st mary s and joseph"


def test_store_and_database_are_private(workspace):
    ws = workspace.parent
    assert file_mode(workspace) == 0o600
    assert file_mode(ws / "foia.db") == 0o600
    assert file_mode(ws) == 0o700
    for sub in ("store", "store/raw", "store/files"):
        assert file_mode(ws / sub) == 0o700


def test_init_refuses_to_overwrite(workspace):
    from click.testing import CliRunner

    from foia_tracker.cli import cli

    result = CliRunner().invoke(cli, ["init", str(workspace.parent)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr


# --- agencies update and list filters ---------------------------------------------------------

DIRECTORY = (
    "name,state,email,external_id,contact_name,delivery,portal_url\n"
    "Avon Public Schools,CT,foi@avon.example,0900030,Kim Reyes,,\n"
    "Mail Only District,CT,,0900001,,mail,\n"
    "Portal Town Schools,NY,,3600002,,portal,https://records.portaltown.example\n"
)


def _directory(foia, workspace):
    path = workspace.parent / "d.csv"
    path.write_text(DIRECTORY)
    assert foia("agencies", "import", str(path)).exit_code == 0


def test_update_by_external_id_reports_changes(foia, workspace):
    _directory(foia, workspace)
    result = foia(
        "agencies",
        "update",
        "0900001",
        "--email",
        "Records@MailOnly.example",
        "--contact-name",
        "Ana Ruiz",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Mail Only District (CT, 0900001) #2: email: '' -> 'records@mailonly.example'",
        "Mail Only District (CT, 0900001) #2: contact_name: '' -> 'Ana Ruiz'",
    ]
    agency = next(
        a for a in json.loads(foia("agencies", "list", "--format", "json").stdout) if a["id"] == 2
    )
    assert agency["delivery"] == "mail"  # a chosen channel stays until changed
    assert (
        foia("agencies", "update", "2", "--contact-name", "Ana Ruiz").stdout
        == "Nothing to change.\n"
    )
    db = open_db(workspace.parent / "foia.db")
    assert rows(db, "SELECT address, source FROM agency_addresses WHERE agency_id = 2") == [
        {"address": "records@mailonly.example", "source": "user"}
    ]


def test_update_validates_like_an_import(foia, workspace):
    _directory(foia, workspace)
    bad = foia("agencies", "update", "0900030", "--email", "foi@hartfordschools..org")
    assert bad.exit_code == 2
    assert "--email must be one valid address, not 'foi@hartfordschools..org'." in bad.stderr
    missing = foia("agencies", "update", "9999999", "--email", "a@b.example")
    assert missing.exit_code == 2 and "No agency '9999999'" in missing.stderr
    nothing = foia("agencies", "update", "0900030")
    assert nothing.exit_code == 2 and "Give at least one of --email" in nothing.stderr
    no_address = foia("agencies", "update", "0900001", "--delivery", "email")
    assert no_address.exit_code == 2 and "needs an email address" in no_address.stderr
    portal = foia("agencies", "update", "0900030", "--portal-url", "not a url")
    assert portal.exit_code == 2


def test_clearing_the_email_stops_email_delivery(foia, workspace):
    _directory(foia, workspace)
    result = foia("agencies", "update", "0900030", "--email", "")
    assert "delivery: 'email' -> 'none'" in result.stdout
    listed = json.loads(foia("agencies", "list", "--no-email", "--format", "json").stdout)
    assert [a["name"] for a in listed] == [
        "Avon Public Schools",
        "Mail Only District",
        "Portal Town Schools",
    ]


def test_list_filters_delivery_and_search(foia, workspace):
    _directory(foia, workspace)

    def names(*args):
        return [
            a["name"]
            for a in json.loads(foia("agencies", "list", "--format", "json", *args).stdout)
        ]

    assert names("--delivery", "portal") == ["Portal Town Schools"]
    assert names("--search", "kim") == ["Avon Public Schools"]
    assert names("--search", "0900") == ["Avon Public Schools", "Mail Only District"]
    assert names("--search", "%") == []
    assert names("--state", "ny", "--search", "town") == ["Portal Town Schools"]
    assert foia("agencies", "list", "--delivery", "pigeon").exit_code == 2


def test_list_json_shape_is_unchanged(foia, workspace):
    _directory(foia, workspace)
    agency = json.loads(foia("agencies", "list", "--format", "json").stdout)[0]
    assert sorted(agency) == sorted(
        [
            "id", "external_id", "name", "state", "email", "email_status", "delivery",
            "contact_name", "address", "phone", "portal_url", "kind", "extra", "created_at",
            "updated_at",
        ]
    )  # fmt: skip

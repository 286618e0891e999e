"""Never touch what the tool did not create (issue 14, findings 3, 4, 5, 11, 12).

Folders the user or the system made keep their mode; a symbolic link planted in the store or
given as --out is refused, never followed; an export never deletes or overwrites the user's own
files and leaves no hidden copy of records behind.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from foia_tracker.cli import cli
from foia_tracker.errors import StoreError, UsageError
from foia_tracker.outputs import bundle
from foia_tracker.outputs.export import ExportOptions, export_campaign
from foia_tracker.store import Store, sha256_hex
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG, file_mode
from tests.test_export import (
    ARCHIVE_FILES,
    ROOT_FILES,
    TODAY,
    build_collect_data,
    clone_collect_data,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    return build_collect_data(tmp_path_factory.mktemp("paths-template"))


@pytest.fixture
def data(template, tmp_path):
    return clone_collect_data(template, tmp_path / "data")


def run_export(data, out, **options):
    return export_campaign(data.db, data.store, ExportOptions("mou-2026", out, **options), TODAY)


def tree(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- finding 3: modes of folders we did not make ----------------------------------------------


def test_existing_store_and_database_folders_keep_their_mode(tmp_path):
    shared = tmp_path / "shared"
    (shared / "store").mkdir(parents=True)
    os.chmod(shared, 0o755)
    os.chmod(shared / "store", 0o750)
    config = tmp_path / "foia.toml"
    config.write_text(MINIMAL_CONFIG.replace('"foia.db"', '"shared/foia.db"').replace(
        'path = "store"', 'path = "shared/store"'))  # fmt: skip
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 0, result.output
    assert (file_mode(shared), file_mode(shared / "store")) == (0o755, 0o750)
    assert file_mode(shared / "store" / "raw") == 0o700  # ours: made private


def test_a_store_at_the_filesystem_root_is_refused():
    with pytest.raises(StoreError, match="root of a file system"):
        Store("/").create()


def test_a_read_only_store_the_user_made_stays_read_only(tmp_path):
    store = Store(tmp_path / "store")
    store.create()
    os.chmod(store.root / "files", 0o500)
    try:
        if os.geteuid() == 0:  # root writes anyway; what matters is that the mode stays
            store.put_file(b"attachment")
        else:
            with pytest.raises(StoreError, match="Could not write"):
                store.put_file(b"attachment")
        assert file_mode(store.root / "files") == 0o500
    finally:
        os.chmod(store.root / "files", 0o700)


def test_init_into_an_existing_workspace_refuses_without_touching_it(tmp_path):
    folder = tmp_path / "ws"
    init_workspace(folder, MINIMAL_CONFIG)
    os.chmod(folder, 0o755)
    with pytest.raises(UsageError, match="already exists"):
        init_workspace(folder, MINIMAL_CONFIG)
    assert file_mode(folder) == 0o755


def test_init_leaves_an_existing_folder_mode_alone(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    init_workspace(folder, MINIMAL_CONFIG)
    assert file_mode(folder) == 0o755
    assert file_mode(folder / "foia.toml") == 0o600


def _collect_app(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    return config


def test_report_leaves_its_folder_alone_and_refuses_to_overwrite(tmp_path, monkeypatch):
    config = _collect_app(tmp_path)
    here = tmp_path / "here"
    here.mkdir()
    os.chmod(here, 0o755)
    monkeypatch.chdir(here)
    args = ["--config", str(config), "report", "mou-2026", "--as-of", "2026-11-28", "--out"]
    result = CliRunner().invoke(cli, [*args, "dash.html"])
    assert result.exit_code == 0, result.output
    assert file_mode(here) == 0o755 and file_mode(here / "dash.html") == 0o600
    again = CliRunner().invoke(cli, [*args, "dash.html"])
    assert (again.exit_code, again.output) == (
        2,
        "Error: dash.html exists; add --force to replace it, or choose another name.\n",
    )
    assert CliRunner().invoke(cli, [*args, "dash.html", "--force"]).exit_code == 0
    empty = CliRunner().invoke(cli, [*args, ""])
    assert (empty.exit_code, empty.output) == (
        2,
        "Error: --out needs a file name, such as dashboard.html.\n",
    )
    assert file_mode(here) == 0o755


# --- finding 4: links planted in the store ----------------------------------------------------


def test_a_lock_file_planted_as_a_link_is_refused_not_truncated(tmp_path):
    store = Store(tmp_path / "store")
    store.create()
    victim = tmp_path / "precious.txt"
    victim.write_text("keep me")
    (store.root / "writer.lock").symlink_to(victim)
    with pytest.raises(StoreError, match="is a symbolic link"), store.lock():
        pass
    assert victim.read_text() == "keep me"


@pytest.mark.parametrize("planted", ["files/ab", "tmp", "raw"])
def test_a_folder_planted_as_a_link_is_refused(tmp_path, planted):
    store = Store(tmp_path / "store")
    store.create()
    outside = tmp_path / "outside"
    outside.mkdir(mode=0o755)
    os.chmod(outside, 0o755)
    target = store.root / planted
    if target.exists():
        target.rmdir()
    target.symlink_to(outside, target_is_directory=True)
    data = next(b"x%d" % n for n in range(10_000) if sha256_hex(b"x%d" % n).startswith("ab"))
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.put_raw(data) if planted == "raw" else store.put_file(data)
    assert list(outside.iterdir()) == [] and file_mode(outside) == 0o755


# --- finding 5: the user's own files in an export folder ---------------------------------------


def test_re_export_needs_force_and_keeps_the_users_files(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out)
    (out / "notes.txt").write_text("my notes")
    (out / "CT" / "redactions").mkdir()
    (out / "CT" / "redactions" / "page1.png").write_bytes(b"png")
    with pytest.raises(UsageError, match="add --force"):
        run_export(data, out, state="NY")
    assert tree(out) == ARCHIVE_FILES | {"notes.txt", "CT/redactions/page1.png"}
    run_export(data, out, state="NY", force=True)
    ny = {p for p in ARCHIVE_FILES if p.startswith("NY/")}
    assert tree(out) == ROOT_FILES | {"notes.txt", "CT/redactions/page1.png"} | ny
    assert hidden(tmp_path) == [] and hidden(out) == []


def test_a_user_file_in_the_way_stops_the_export_before_anything_changes(data, tmp_path):
    out = tmp_path / "export"
    run_export(data, out, state="NY")
    mine = out / "CT" / "hartford-public-schools" / "CT-0001" / "files" / "passwd"
    mine.parent.mkdir(parents=True)
    mine.write_text("mine")
    before = tree(out)
    with pytest.raises(UsageError, match="is in the way and is not from an earlier export"):
        run_export(data, out, force=True)
    assert tree(out) == before and mine.read_text() == "mine"


# --- finding 11: failed, killed, mount points, links -------------------------------------------


def test_a_failed_export_leaves_nothing_behind(data, tmp_path, monkeypatch):
    def broken(entry):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle, "chunks", broken)
    for out in (tmp_path / "folder", tmp_path / "x.zip"):
        with pytest.raises(OSError):
            run_export(data, out)
        assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_a_killed_folder_export_is_cleaned_up_by_the_next_run(data, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    done = sorted(ARCHIVE_FILES)[:3]
    for path in done:  # what a SIGKILL half-way leaves: the marker and some files
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_bytes(b"partial")
    (out / bundle.MARKER).write_text("\n".join(sorted(ARCHIVE_FILES)))
    run_export(data, out)  # no --force needed: it is our own unfinished run
    assert tree(out) == ARCHIVE_FILES
    assert (out / done[0]).read_bytes() != b"partial"


def test_a_run_killed_while_writing_its_list_of_files_leaves_the_earlier_list_whole(data, tmp_path):
    """The list of files a run writes goes in under a second name and is renamed over the
    marker, so a kill mid-write leaves the last whole list (found by the kill trials: a half
    list made the next run take the earlier export's own files for the user's)."""
    out = tmp_path / "export"
    run_export(data, out)
    (out / bundle.NEXT_MARKER).write_text("manifest.csv\nreq")  # cut off mid-write
    run_export(data, out, force=True)
    assert tree(out) == ARCHIVE_FILES
    assert not (out / bundle.NEXT_MARKER).exists() and not (out / bundle.MARKER).exists()


def test_a_first_export_killed_before_its_list_was_renamed_is_written_in_place(data, tmp_path):
    out = tmp_path / "export"
    out.mkdir()
    (out / bundle.NEXT_MARKER).write_text("manif")
    run_export(data, out)
    assert tree(out) == ARCHIVE_FILES


def test_a_killed_zip_export_leaves_a_visible_partial_the_next_run_replaces(data, tmp_path):
    (tmp_path / "x.zip.partial").write_bytes(b"half a zip")
    run_export(data, tmp_path / "x.zip")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "x.zip"]


def test_an_empty_existing_folder_such_as_a_mount_point_is_written_in_place(data, tmp_path):
    mount = tmp_path / "mnt"
    mount.mkdir()
    os.chmod(mount, 0o755)
    inode = os.stat(mount).st_ino
    run_export(data, mount)
    assert os.stat(mount).st_ino == inode and file_mode(mount) == 0o755
    assert tree(mount) == ARCHIVE_FILES


@pytest.mark.parametrize("name", ["linked", "linked.zip"])
def test_a_symlinked_out_is_refused(data, tmp_path, name):
    real = tmp_path / ("real.zip" if name.endswith(".zip") else "real")
    if not name.endswith(".zip"):
        real.mkdir()
    (tmp_path / name).symlink_to(real)
    with pytest.raises(UsageError, match="is a symbolic link"):
        run_export(data, tmp_path / name)
    assert not real.exists() or not any(real.iterdir())


# --- finding 12: a lost database -------------------------------------------------------------


@pytest.mark.parametrize("damage", ["missing", "empty"])
def test_a_lost_database_beside_a_full_store_is_an_error(tmp_path, damage):
    config = _collect_app(tmp_path)
    db = tmp_path / "ws" / "foia.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    if damage == "empty":
        db.write_bytes(b"")
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: The database {db} is {damage} but the store {tmp_path / 'ws' / 'store'} holds "
        "mail: restore the database from a backup (nothing was changed).\n"
    )
    # nothing was made over the user's campaign
    assert (not db.exists()) if damage == "missing" else (db.stat().st_size == 0)


def test_a_fresh_workspace_still_starts_empty(tmp_path):
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    (tmp_path / "ws" / "foia.db").unlink()
    result = CliRunner().invoke(cli, ["--config", str(config), "status"])
    assert (result.exit_code, result.output) == (0, "(none)\n")


# --- finding 15: the manifest says what is missing -------------------------------------------


def test_manifest_marks_missing_raw_mail(data, tmp_path):
    raw = sorted((data.store.root / "raw").glob("*/*.eml"))[0]
    raw.unlink()
    result = run_export(data, tmp_path / "export")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "export" / "manifest.csv").read_text())))
    missing = [r for r in rows if r["status"] == "missing"]
    assert missing and all(r["path"] == "" for r in missing)
    assert len(result.missing) == len(missing)
    assert all(stat.S_ISREG(os.lstat(tmp_path / "export" / r["path"]).st_mode)
               for r in rows if r["path"])  # fmt: skip

"""Through the front door: the console entry point ``main()`` for every command group.

``main()`` is the one exit path; a test that only calls the click group would not see an exit
code lost between a command and the process (the first wave's ``ctx.exit(1)`` became 0 there).
"""

from __future__ import annotations

import csv
import errno
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from foia_tracker.cli import main
from foia_tracker.cli.output import translate
from foia_tracker.errors import UsageError
from foia_tracker.workspace import init_workspace
from tests.conftest import MINIMAL_CONFIG
from tests.test_export import build_collect_data


def run_main(*args: str) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(list(args))
    return stopped.value.code


@pytest.fixture
def config(tmp_path) -> Path:
    return init_workspace(tmp_path / "ws", MINIMAL_CONFIG)


@pytest.fixture
def collected(tmp_path) -> Path:
    config = init_workspace(tmp_path / "ws", MINIMAL_CONFIG)
    build_collect_data(tmp_path / "ws").db.close()
    return config


@pytest.mark.parametrize(
    "args",
    [
        ["laws", "list"],
        ["laws", "show", "CT"],
        ["laws", "due", "CT", "--sent", "2026-12-01"],
        ["templates", "list"],
        ["templates", "show", "student-data-agreements"],
        ["agencies", "list"],
        ["campaign", "list"],
        ["messages"],
        ["inbox"],
        ["status"],
        ["followup", "--as-of", "2026-12-01"],
        ["reparse"],
        ["search", "agreement"],
    ],
)
def test_each_command_group_exits_0_through_main(config, args, capsys):
    assert run_main("--config", str(config), *args) == 0, capsys.readouterr().err


def test_version_and_help_exit_0(capsys):
    assert run_main("--version") == 0
    assert capsys.readouterr().out.startswith("foia, version")
    assert run_main("--help") == 0
    assert run_main("laws", "--help") == 0


def test_usage_errors_exit_2(config, capsys):
    assert run_main("no-such-command") == 2
    assert run_main("laws", "show", "ZZ") == 2
    assert run_main("laws", "due", "CT", "--sent", "soon") == 2
    err = capsys.readouterr().err
    assert "Error: Cannot read --sent 'soon'" in err
    # one translation: never "Error: Error:"
    assert "Error: Error" not in err
    assert run_main("--config", str(config), "export", "nope", "--out", "x") == 2
    assert "No campaign named 'nope'" in capsys.readouterr().err


def test_init_through_main(tmp_path, capsys):
    assert run_main("init", str(tmp_path / "new")) == 0
    assert run_main("init", str(tmp_path / "new")) == 2
    assert "already exists" in capsys.readouterr().err


def test_a_command_that_finds_problems_exits_1(config, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("name,state\n,CT\nGood District,CT\n")
    assert run_main("--config", str(config), "agencies", "import", str(bad)) == 1
    assert "line 2" in capsys.readouterr().err


@pytest.mark.parametrize("out", ["export-folder", "export.zip"])
def test_export_with_a_document_missing_exits_1(collected, tmp_path, out, capsys):
    store_files = sorted((tmp_path / "ws" / "store" / "files").glob("*/*"))
    store_files[0].unlink()
    code = run_main("--config", str(collected), "export", "mou-2026", "--out", str(tmp_path / out))
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Missing from the store, not exported: CT-0001 " in err
    assert "Error: 1 file(s) were missing from the store" in err


def test_export_complete_exits_0(collected, tmp_path):
    assert (
        run_main("--config", str(collected), "export", "mou-2026", "--out", str(tmp_path / "o"))
        == 0
    )


def test_a_corrupt_database_is_one_sentence_not_an_internal_error(config, capsys):
    (config.parent / "foia.db").write_bytes(b"this is not sqlite" * 100)
    for name in ("foia.db-wal", "foia.db-shm"):
        (config.parent / name).unlink(missing_ok=True)
    assert run_main("--config", str(config), "status") == 1
    err = capsys.readouterr().err
    assert err == (
        "Error: The database file is damaged or is not a foia database; restore it from a "
        "backup (nothing was changed).\n"
    )


@pytest.mark.parametrize(
    ("error", "message", "code"),
    [
        (sqlite3.OperationalError("database is locked"), "The database is busy", 1),
        (sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written", 1),
        (sqlite3.DatabaseError("database disk image is malformed"), "damaged", 1),
        (OSError(errno.EROFS, "Read-only file system", "/m/store"), "Cannot use /m/store: the "
         "file system is read-only.", 1),
        (PermissionError(errno.EACCES, "Permission denied", "/m/x"), "Cannot use /m/x: "
         "permission denied.", 1),
        (csv.Error("field larger than field limit (131072)"), "larger than 128 KiB", 1),
        (UsageError("Use --state."), "Use --state.", 2),
        (OverflowError("Python int too large to convert to SQLite INTEGER"), "too large", 2),
    ],
)  # fmt: skip
def test_errors_a_user_can_fix_are_one_sentence(error, message, code):
    failed = translate(error)
    assert failed is not None and message in failed.message and failed.exit_code == code


def test_a_bug_stays_an_internal_error():
    assert translate(KeyError("x")) is None
    assert translate(sqlite3.OperationalError("no such column: x")) is None


def test_python_dash_m_is_the_same_entry_point(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "foia_tracker", "laws", "show", "ZZ"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    assert done.returncode == 2
    assert done.stderr.startswith("Error: ")
    assert "Traceback" not in done.stderr


def test_system_troubles_through_main_are_one_sentence(config, tmp_path, capsys):
    big = tmp_path / "big.csv"
    big.write_text("name,state\n" + "x" * 200_000 + ",CT\n")
    assert run_main("--config", str(config), "agencies", "import", str(big)) == 1
    assert run_main("--config", str(config), "match", "9" * 20, "CT-0001") == 2
    err = capsys.readouterr().err
    assert "line 2: could not be read as CSV" in err  # the import reports the row itself
    assert "is not a message id" in err  # refused when parsed, before any database query
    assert "Internal error" not in err


def _python(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    # A subprocess: pytest's own log handlers would hide what Python's last-resort handler prints.
    env = {k: v for k, v in os.environ.items() if k != "FOIA_DEBUG"}
    env["PYTHONPATH"] = str(Path(__file__).parent.parent)
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=300, cwd=cwd, env=env
    )


def test_the_demo_prints_no_library_warning(tmp_path):
    done = _python("-m", "foia_tracker", "demo", str(tmp_path / "demo"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "deprecated" not in done.stdout + done.stderr
    assert done.stderr == ""


def test_library_log_records_go_to_the_debug_log_only(tmp_path):
    script = (
        "import logging; from foia_tracker.cli import _configure_logging; _configure_logging(); "
        "logging.getLogger('pypdf._reader').warning('EOF marker not found'); "
        "logging.getLogger('foia_tracker.intake').warning('filing message 7 failed')"
    )
    done = _python("-c", script, cwd=tmp_path)
    assert done.stderr == "foia: filing message 7 failed\n"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["messages", "--ref", ""], "must not be empty"),
        (["match", "٣", "CT-0001"], "is not a message id"),  # Arabic-Indic three: int() reads 3
        (["read", "99999999999999999999"], "is not a message id"),
        (["dismiss", "1.5"], "is not a message id"),
    ],
)
def test_message_ids_and_refs_are_what_they_look_like(foia, args, says):
    """Issue 14, finding 14: `messages --ref ''` listed everything; `match ٣` filed message 3."""
    result = foia(*args)
    assert result.exit_code == 2
    assert says in result.output

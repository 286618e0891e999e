"""Months of operation: a verified backup of the workspace, and a check of everything stored.

The database and the store are checked against each other: every message's raw mail and every
document's bytes must be present and must hash to the name they are stored under (the store is
content-addressed, so a changed byte is a changed hash). Nothing here deletes or repairs: each
problem comes with what to do about it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.db import maintenance, open_db, transaction
from foia_tracker.errors import FoiaError, UsageError
from foia_tracker.store import Store, ensure_private_dir, synced_folder

CHUNK = 1024 * 1024


@dataclass
class Problem:
    what: str
    todo: str


@dataclass
class VerifyReport:
    messages: int = 0
    documents: int = 0
    files_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def verify(db: Database, store: Store) -> VerifyReport:
    report = VerifyReport()
    for line in maintenance.integrity_problems(db):
        report.problems.append(Problem(f"database: {line}", "restore the last `foia backup`"))
    _check_raw(db, store, report)
    _check_documents(db, store, report)
    where = synced_folder(store.root)
    if where:
        report.warnings.append(
            f"The store is inside a {where} folder; sync clients can corrupt a live SQLite "
            "database. Move the workspace out of it and keep `foia backup` copies there instead."
        )
    return report


def _check_raw(db: Database, store: Store, report: VerifyReport) -> None:
    for message in maintenance.raw_messages(db):
        report.messages += 1
        path = store.raw_path(message["raw_sha256"])
        problem = _file_problem(path, message["raw_sha256"], report)
        if problem is None:
            continue
        if message["uid"] is not None:
            todo = (
                f"re-fetch it: it is UID {message['uid']} in {message['folder']} "
                f"(UIDVALIDITY {message['uidvalidity']}) of {message['account']}; move it to a "
                "new folder in your mail client and run foia poll with that folder listed"
            )
        else:
            todo = "restore the store from the last `foia backup`"
        report.problems.append(Problem(f"message {message['id']}: raw mail {problem}", todo))


def _check_documents(db: Database, store: Store, report: VerifyReport) -> None:
    for sha in maintenance.document_hashes(db):
        report.documents += 1
        problem = _file_problem(store.file_path(sha), sha, report)
        if problem:
            report.problems.append(
                Problem(
                    f"document {sha[:12]}: {problem}",
                    "run foia reparse (attachments are re-stored from raw mail), or restore "
                    "the store from the last `foia backup` (documents added by foia attach)",
                )
            )


def _file_problem(path: Path, sha: str, report: VerifyReport) -> str | None:
    if not path.is_file() or path.is_symlink():
        return "missing from the store"
    report.files_checked += 1
    if file_hash(path) != sha:
        return "changed on disk (its bytes no longer match their hash)"
    return None


@dataclass
class BackupReport:
    target: Path
    files: int = 0
    bytes: int = 0


def backup(db: Database, store: Store, config_path: Path, target: Path) -> BackupReport:
    """Copy the database (online backup), the config and the store into a new folder, verified."""
    target = Path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise UsageError(f"{target} exists and is not an empty folder; name a new folder.")
    ensure_private_dir(target)
    report = BackupReport(target)
    maintenance.online_backup(db, str(target / "foia.db"))
    os.chmod(target / "foia.db", 0o600)
    shutil.copy2(config_path, target / "foia.toml")
    os.chmod(target / "foia.toml", 0o600)
    copy = Store(target / "store")
    copy.create()
    for sub in ("raw", "files"):
        _copy_tree(store.root / sub, copy.root / sub, report)
    _verify_copy(target, copy)
    return report


def _copy_tree(source: Path, target: Path, report: BackupReport) -> None:
    if not source.is_dir():
        return
    for path in sorted(source.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue  # the store holds plain files only; anything else was not put there by us
        destination = target / path.relative_to(source)
        ensure_private_dir(destination.parent)
        shutil.copyfile(path, destination)
        os.chmod(destination, 0o600)
        report.files += 1
        report.bytes += path.stat().st_size


def _verify_copy(target: Path, copy: Store) -> None:
    copied = open_db(target / "foia.db")
    try:
        result = verify(copied, copy)
    finally:
        copied.close()
    if result.problems:
        first = result.problems[0]
        raise FoiaError(
            f"The backup in {target} did not verify ({first.what}); the original is untouched. "
            "Check the target disk and run foia backup again into a new folder."
        )


@dataclass
class PurgeReport:
    messages: list[dict] = field(default_factory=list)  # id, from_addr, subject, dismissed_at
    files: int = 0  # raw messages and documents removed from the store
    done: bool = False


def purge_dismissed(db: Database, store: Store, *, before: datetime, apply: bool) -> PurgeReport:
    """The one way anything is deleted: mail the user set aside (`foia dismiss`) and no request
    holds, dismissed before ``before``. Without ``apply`` it only says what it would delete."""
    report = PurgeReport(maintenance.dismissed_messages(db, before.isoformat()))
    if not apply or not report.messages:
        return report
    doomed: list[Path] = []
    with transaction(db):
        for message in report.messages:
            doomed.append(store.raw_path(message["raw_sha256"]))
            doomed += [
                store.file_path(sha) for sha in maintenance.delete_message(db, message["id"])
            ]
    for path in doomed:  # after the rows are gone: a crash leaves files, never rows without them
        try:
            path.unlink()
            report.files += 1
        except FileNotFoundError:
            pass
    report.done = True
    return report

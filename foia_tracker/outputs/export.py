"""Export a campaign: received documents, raw mail and sent letters, with manifests.

Layout (ARCHITECTURE.md "Export layout", part of the interface contract)::

    manifest.csv                    one row per exported file (and per held-back file)
    requests.csv                    one row per request: status and dates
    <STATE>/<agency-slug>/<REF>/files/    received documents, original names made safe and unique
    <STATE>/<agency-slug>/<REF>/mail/     each raw message as .eml (archive profile only)
    <STATE>/<agency-slug>/<REF>/letters/  what was sent, with the server's reply

A message filed on two requests appears under both. The ``publish`` profile leaves out raw mail
(ours and theirs) and holds back every file flagged by ``pii_flags``: the manifest keeps a row
for it with an empty ``path``, so the user sees what to review before publishing.

Output is a folder or a ``.zip`` (entries in sorted order with fixed timestamps, so the same
data gives the same bytes). Files are 0600 and folders 0700: exports hold records about
children. Files are streamed from the store, never loaded whole.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.campaigns import campaign_id
from foia_tracker.cells import csv_cell
from foia_tracker.db import rows
from foia_tracker.errors import UsageError
from foia_tracker.parse.message import safe_filename
from foia_tracker.requests.tracking import StatusFilter, status_rows
from foia_tracker.store import (
    DIR_MODE,
    FILE_MODE,
    Store,
    ensure_private_dir,
    safe_join,
    sha256_hex,
)

PROFILES = ("archive", "publish")
MANIFEST_FIELDS = (
    "ref", "agency", "state", "filename", "path", "sha256", "size", "content_type", "source",
    "parent_sha256", "received_at", "from", "subject", "message_id", "pii_flags",
)  # fmt: skip
REQUEST_FIELDS = (
    "ref", "campaign", "agency", "state", "status", "sent_at", "due", "due_kind", "due_basis",
    "overdue", "days_overdue", "last_reply_at", "closed_at", "documents", "fee_amount",
    "tracking_number", "next_action", "folder",
)  # fmt: skip
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ExportOptions:
    campaign: str
    out: Path
    state: str | None = None
    status: str | None = None
    profile: str = "archive"


@dataclass
class ExportResult:
    out: Path
    requests: int = 0
    files: int = 0
    mail: int = 0
    letters: int = 0
    held_back: int = 0
    missing: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """One file of the export: streamed from ``source`` (a store file) or written from ``data``."""

    path: str
    source: Path | None = None
    data: bytes | None = None


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    manifest: list[dict] = field(default_factory=list)
    result: ExportResult | None = None


# --- names ------------------------------------------------------------------------------------


def slugify(name: str, fallback: str = "agency") -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")
    return slug or fallback


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``stem (2).ext``...; case-folded, since macOS and Windows fold case."""
    stem, ext = os.path.splitext(name)
    candidate, n = name, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem} ({n}){ext}"
    taken.add(candidate.casefold())
    return candidate


# --- PII heuristics ---------------------------------------------------------------------------

# Conservative on purpose: a false flag costs a manual review, a miss publishes a child's data.
# FERPA (20 U.S.C. 1232g; 34 CFR 99.3 "personally identifiable information") names the student's
# SSN, student number, date of birth and education records such as grades.
_PII_PATTERNS = {
    "ssn": re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b(ssn|social security (number|no))\b", re.I),
    "date_of_birth": re.compile(r"\b(dob|d\.o\.b|date[ _-]?of[ _-]?birth|birth[ _-]?date)\b", re.I),
    "student_id": re.compile(
        r"\b(student[ _-]?(id|number|no|num|#)|stu[ _-]?id|sis[ _-]?id|ssid|lasid|sasid|"
        r"state[ _-]student[ _-]id|pupil[ _-]?(id|number))\b",
        re.I,
    ),
}
_NAME_COLUMN = re.compile(r"\b(first[ _-]?name|last[ _-]?name|student[ _-]?name|name)\b", re.I)
_GRADE_COLUMN = re.compile(r"\b(grades?|gpa|score|marks?|test[ _-]?result)\b", re.I)
# Types that can hold a roster or a scan of one; without text we cannot check them.
_OPAQUE_TYPES = ("application/pdf", "image/", "application/vnd", "application/msword",
                 "application/zip", "application/octet-stream", "text/")  # fmt: skip


def pii_flags(text: str | None, text_status: str, content_type: str) -> list[str]:
    """Why a document may hold personal data; empty when we read all of it and found nothing.

    ``unchecked`` marks a document whose text we could not read in full (a scan, a capped PDF,
    a spreadsheet): when unsure, flag.
    """
    flags = [name for name, pattern in _PII_PATTERNS.items() if text and pattern.search(text)]
    if text and _names_with_grades(text):
        flags.append("names_grades")
    if text_status != "ok" and content_type.lower().startswith(_OPAQUE_TYPES):
        flags.append("unchecked")
    return flags


def _names_with_grades(text: str) -> bool:
    # A table header (CSV line or a text table row) naming both people and their results.
    return any(_NAME_COLUMN.search(line) and _GRADE_COLUMN.search(line)
               for line in text.splitlines()[:2000] if len(line) < 2000)  # fmt: skip


# --- planning ---------------------------------------------------------------------------------

_DOCUMENTS_SQL = """
SELECT a.filename, a.content_type, a.sha256, a.size, a.source, a.parent_sha256,
       m.received_at, m.from_addr, m.subject, m.message_id, d.text, d.text_status
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
  JOIN attachments a ON a.message_row = m.id JOIN documents d ON d.sha256 = a.sha256
 WHERE mr.request_id = ? ORDER BY m.received_at, m.id, a.id
"""
_MAIL_SQL = """
SELECT m.id, m.raw_sha256, m.size, m.received_at, m.from_addr, m.subject, m.message_id
  FROM message_requests mr JOIN messages m ON m.id = mr.message_row
 WHERE mr.request_id = ? ORDER BY m.received_at, m.id
"""
_LETTERS_SQL = """
SELECT id, kind, to_addr, subject, body, message_id, provider_message_id, smtp_reply, raw_sha256,
       sent_at FROM outbox WHERE request_id = ? AND state = 'sent' ORDER BY sent_at, id
"""


def _request_rows(db: Database, options: ExportOptions, today: date) -> list[dict]:
    campaign_id(db, options.campaign)  # a clear error for a mistyped name
    filters = StatusFilter(campaign=options.campaign, state=options.state, status=options.status)
    return status_rows(db, today, filters)


def _folders(db: Database, requests: list[dict]) -> dict[int, str]:
    """``<STATE>/<agency-slug>/<REF>`` per request; two agencies whose names slug alike in one
    state get their id appended, in id order so the result does not depend on the filter."""
    slugs: dict[int, str] = {}
    taken: set[tuple[str, str]] = set()
    for agency in rows(db, "SELECT id, name, state FROM agencies ORDER BY id"):
        slug = slugify(agency["name"])
        key = (agency["state"].upper(), slug)
        slugs[agency["id"]] = slug if key not in taken else f"{slug}-{agency['id']}"
        taken.add(key)
    return {
        r[
            "_id"
        ]: f"{_state_dir(r['state'])}/{slugs[r['agency_id']]}/{safe_filename(r['ref'], default='request')}"
        for r in requests
    }


def _state_dir(state: str) -> str:
    return state.upper() if re.fullmatch(r"[A-Za-z]{2}", state or "") else "XX"


def plan_export(db: Database, store: Store, options: ExportOptions, today: date) -> Plan:
    """Everything the export will contain, in order; reads the database, writes nothing."""
    if options.profile not in PROFILES:
        raise UsageError(f"--profile must be one of {', '.join(PROFILES)}.")
    requests = _request_rows(db, options, today)
    folders = _folders(db, requests)
    plan = Plan(result=ExportResult(out=options.out, requests=len(requests)))
    for request in requests:
        request["folder"] = folders[request["_id"]]
        _plan_files(db, store, request, plan, options.profile)
        if options.profile == "archive":
            _plan_mail(db, store, request, plan)
        _plan_letters(db, store, request, plan, options.profile)
    plan.entries.insert(0, Entry("requests.csv", data=_csv_bytes(REQUEST_FIELDS, requests)))
    plan.entries.insert(0, Entry("manifest.csv", data=_csv_bytes(MANIFEST_FIELDS, plan.manifest)))
    return plan


def _base_row(request: dict) -> dict:
    return {"ref": request["ref"], "agency": request["agency"], "state": request["state"]}


def _plan_files(db: Database, store: Store, request: dict, plan: Plan, profile: str) -> None:
    taken: set[str] = set()
    seen: set[str] = set()
    for doc in rows(db, _DOCUMENTS_SQL, (request["_id"],)):
        if doc["sha256"] in seen:
            continue  # the same bytes received twice on one request: one copy
        seen.add(doc["sha256"])
        flags = pii_flags(doc["text"], doc["text_status"], doc["content_type"])
        path = f"{request['folder']}/files/{unique_name(safe_filename(doc['filename'], default='attachment'), taken)}"
        if profile == "publish" and flags:
            plan.result.held_back += 1
            path = ""
        elif not _add_stored(plan, path, store.file_path(doc["sha256"])):
            continue
        else:
            plan.result.files += 1
        plan.manifest.append(
            _base_row(request)
            | {key: doc[key] for key in ("filename", "sha256", "size", "content_type", "source")}
            | {"path": path, "parent_sha256": doc["parent_sha256"], "pii_flags": ";".join(flags)}
            | _message_fields(doc)
        )


def _message_fields(message: dict) -> dict:
    return {
        "received_at": message["received_at"],
        "from": message["from_addr"],
        "subject": message["subject"],
        "message_id": message["message_id"],
    }


def _add_stored(plan: Plan, path: str, source: Path) -> bool:
    if not source.is_file():
        plan.result.missing.append(str(source))
        return False
    plan.entries.append(Entry(path, source=source))
    return True


def _plan_mail(db: Database, store: Store, request: dict, plan: Plan) -> None:
    for message in rows(db, _MAIL_SQL, (request["_id"],)):
        name = f"{(message['received_at'] or '')[:10]}_{message['id']:06d}.eml"
        path = f"{request['folder']}/mail/{name}"
        if not _add_stored(plan, path, store.raw_path(message["raw_sha256"])):
            continue
        plan.result.mail += 1
        plan.manifest.append(
            _base_row(request)
            | {"filename": name, "path": path, "sha256": message["raw_sha256"]}
            | {"size": message["size"], "content_type": "message/rfc822", "source": "mail"}
            | _message_fields(message)
        )


def _plan_letters(db: Database, store: Store, request: dict, plan: Plan, profile: str) -> None:
    for letter in rows(db, _LETTERS_SQL, (request["_id"],)):
        stem = f"{(letter['sent_at'] or '')[:10]}_{letter['kind']}_{letter['id']}"
        text = _letter_text(letter).encode("utf-8")
        path = f"{request['folder']}/letters/{stem}.txt"
        plan.entries.append(Entry(path, data=text))
        plan.result.letters += 1
        common = {"received_at": letter["sent_at"], "subject": letter["subject"],
                  "message_id": letter["message_id"]}  # fmt: skip
        plan.manifest.append(
            _base_row(request)
            | common
            | {
                "filename": f"{stem}.txt",
                "path": path,
                "sha256": sha256_hex(text),
                "size": len(text),
            }
            | {"content_type": "text/plain; charset=utf-8", "source": "letter"}
        )
        if profile == "archive" and letter["raw_sha256"]:
            raw_path = f"{request['folder']}/letters/{stem}.eml"
            source = store.raw_path(letter["raw_sha256"])
            if _add_stored(plan, raw_path, source):
                plan.manifest.append(
                    _base_row(request)
                    | common
                    | {"filename": f"{stem}.eml", "path": raw_path, "sha256": letter["raw_sha256"]}
                    | {"size": source.stat().st_size, "content_type": "message/rfc822"}
                    | {"source": "letter-raw"}
                )


def _letter_text(letter: dict) -> str:
    head = [
        f"To: {letter['to_addr']}",
        f"Subject: {letter['subject']}",
        f"Message-ID: {letter['message_id']}",
    ]
    if letter["provider_message_id"]:
        head.append(f"Provider-Message-ID: {letter['provider_message_id']}")
    head += [f"Sent-At: {letter['sent_at']}", f"Server-Reply: {letter['smtp_reply'] or ''}"]
    return "\n".join(head) + "\n\n" + letter["body"]


def _csv_bytes(columns: tuple[str, ...], records: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line breaks
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_cell(record.get(c)) for c in columns])
    return buf.getvalue().encode("utf-8")


# --- writing ----------------------------------------------------------------------------------


def _chunks(entry: Entry) -> Iterator[bytes]:
    if entry.data is not None:
        yield entry.data
        return
    with open(entry.source, "rb") as src:
        while chunk := src.read(_CHUNK):
            yield chunk


def _write_folder(root: Path, entries: list[Entry]) -> None:
    ensure_private_dir(root)
    for entry in sorted(entries, key=lambda e: e.path):
        parts = entry.path.split("/")
        for depth in range(1, len(parts)):
            # one level at a time: mkdir(parents=True) would make the middle ones 0755
            ensure_private_dir(safe_join(root, *parts[:depth]))
        target = safe_join(root, *parts)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as dst:
            for chunk in _chunks(entry):
                dst.write(chunk)


def _write_zip(path: Path, entries: list[Entry]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_TRUNC | os.O_NOFOLLOW)
    with os.fdopen(fd, "wb") as raw, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in sorted({p for e in entries for p in _parents(e.path)}):
            info = zipfile.ZipInfo(folder + "/", date_time=_ZIP_TIME)
            info.external_attr = (0o040000 | DIR_MODE) << 16
            archive.writestr(info, b"")
        for entry in sorted(entries, key=lambda e: e.path):
            info = zipfile.ZipInfo(entry.path, date_time=_ZIP_TIME)
            info.external_attr = (0o100000 | FILE_MODE) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w", force_zip64=True) as dst:
                for chunk in _chunks(entry):
                    dst.write(chunk)


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


# --- the output place -------------------------------------------------------------------------


def _is_export_of(requests_csv: str, manifest_csv: str, campaign: str) -> bool:
    manifest_head = next(csv.reader(io.StringIO(manifest_csv)), [])
    found = list(csv.DictReader(io.StringIO(requests_csv)))
    head = next(csv.reader(io.StringIO(requests_csv)), [])
    return (
        tuple(manifest_head) == MANIFEST_FIELDS
        and tuple(head) == REQUEST_FIELDS
        and all(r["campaign"] == csv_cell(campaign) for r in found)
    )


def _check_folder(out: Path, campaign: str) -> None:
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    manifest, requests = out / "manifest.csv", out / "requests.csv"
    if out.is_dir() and manifest.is_file() and requests.is_file():
        text = manifest.read_text("utf-8", errors="replace")
        if _is_export_of(requests.read_text("utf-8", errors="replace"), text, campaign):
            return
    raise UsageError(
        f"{out} is not empty and not an earlier export of {campaign!r}; choose an empty or new "
        "folder."
    )


def _check_zip(out: Path, campaign: str) -> None:
    if not out.exists():
        return
    try:
        with zipfile.ZipFile(out) as archive:
            manifest = archive.read("manifest.csv").decode("utf-8", "replace")
            requests = archive.read("requests.csv").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        manifest = requests = ""
    if not _is_export_of(requests, manifest, campaign):
        raise UsageError(
            f"{out} exists and is not an earlier export of {campaign!r}; choose another file name."
        )


def _replace_folder(out: Path, entries: list[Entry]) -> None:
    """Build next to ``out`` and swap it in, so a failed run never leaves half an export and
    files the new export no longer has (a status filter, the publish profile) do not linger."""
    staging = out.parent / f".{out.name}.export-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        _write_folder(staging, entries)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        old = out.parent / f".{out.name}.old-{os.getpid()}"
        os.rename(out, old)
        os.rename(staging, out)
        shutil.rmtree(old)
    else:
        os.rename(staging, out)


def export_campaign(
    db: Database, store: Store, options: ExportOptions, today: date
) -> ExportResult:
    """Write the export to ``options.out`` (a folder, or a file ending in ``.zip``)."""
    out = options.out
    is_zip = out.suffix.lower() == ".zip"
    if is_zip:
        _check_zip(out, options.campaign)
    else:
        _check_folder(out, options.campaign)
    plan = plan_export(db, store, options, today)
    if out.parent and not out.parent.exists():
        ensure_private_dir(out.parent)
    if is_zip:
        fd, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
        os.close(fd)  # created 0600 and O_EXCL: nothing planted there is followed
        tmp = Path(name)
        try:
            _write_zip(tmp, plan.entries)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
    else:
        _replace_folder(out, plan.entries)
    return plan.result

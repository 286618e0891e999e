"""Export a campaign: received documents, raw mail and sent letters, with manifests.

Layout (ARCHITECTURE.md "Export layout", part of the interface contract)::

    README.txt                      what was asked, of whom, when, what came back, what is missing
    manifest.csv                    one row per exported file (and per held-back or missing one)
    requests.csv                    one row per request: status and dates
    timeline.csv                    every request's events in time order
    <STATE>/<agency-slug>/<REF>/files/    received documents, original names made safe and unique
    <STATE>/<agency-slug>/<REF>/mail/     each raw message as .eml (archive profile only)
    <STATE>/<agency-slug>/<REF>/letters/  what was sent, with the server's reply

A message filed on two requests appears under both. The ``publish`` profile leaves out raw mail
(ours and theirs) and holds back every file flagged by ``pii_flags`` that the user has not
reviewed for publishing, and every file reviewed ``hold`` (``review.publish_verdict``): the
manifest keeps a row for it with an empty ``path`` and ``status = held_back``, so the user sees what to review before
publishing; a file missing from the store gets ``status = missing`` and the export fails.

Output is a folder or a ``.zip`` (``bundle`` writes it, touching nothing of the user's). Files
are 0600 and folders 0700: exports hold records about children. Files are streamed from the
store, never loaded whole.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from foia_tracker.cells import csv_cell
from foia_tracker.db import documents as queries
from foia_tracker.db import requests as request_queries
from foia_tracker.db.campaigns import campaign_by_name, campaign_id
from foia_tracker.db.events import timeline
from foia_tracker.errors import UsageError
from foia_tracker.outputs import bundle
from foia_tracker.outputs.bundle import Entry, chunks
from foia_tracker.outputs.pii import pii_flags
from foia_tracker.outputs.review import publish_verdict, text_status_label
from foia_tracker.outputs.story import Story, readme_text, timeline_csv
from foia_tracker.parse.leaves import safe_filename
from foia_tracker.requests.tracking import StatusFilter, status_rows
from foia_tracker.store import Store, sha256_hex

__all__ = ["Entry", "chunks", "csv_cell", "pii_flags"]  # re-exported for existing importers
_chunks = chunks  # the old private name, used by tests

PROFILES = ("archive", "publish")
MANIFEST_FIELDS = (
    "ref", "agency", "state", "filename", "path", "sha256", "size", "content_type", "source",
    "parent_sha256", "received_at", "from", "subject", "message_id", "pii_flags", "text_status",
    "status", "review",
)  # fmt: skip
REQUEST_FIELDS = (
    "ref", "campaign", "agency", "state", "status", "sent_at", "due", "due_kind", "due_basis",
    "overdue", "days_overdue", "last_reply_at", "closed_at", "documents", "fee_amount",
    "tracking_number", "next_action", "folder",
)  # fmt: skip


@dataclass(frozen=True)
class ExportOptions:
    campaign: str
    out: Path
    state: str | None = None
    status: str | None = None
    profile: str = "archive"
    force: bool = False  # replace an earlier export of the campaign at ``out``


@dataclass
class ExportResult:
    out: Path
    requests: int = 0
    files: int = 0
    mail: int = 0
    letters: int = 0
    held_back: int = 0
    held: list[str] = field(default_factory=list)  # "REF name: why" per held-back file
    missing: list[str] = field(default_factory=list)


@dataclass
class Plan:
    entries: list[Entry] = field(default_factory=list)
    manifest: list[dict] = field(default_factory=list)
    result: ExportResult | None = None
    reviews: dict[str, dict] = field(default_factory=dict)  # sha256 -> the user's decision


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


# --- planning ---------------------------------------------------------------------------------


def _request_rows(db: Database, options: ExportOptions, today: date) -> list[dict]:
    campaign_id(db, options.campaign)  # a clear error for a mistyped name
    filters = StatusFilter(campaign=options.campaign, state=options.state, status=options.status)
    return status_rows(db, today, filters)


def _folders(db: Database, requests: list[dict]) -> dict[int, str]:
    """``<STATE>/<agency-slug>/<REF>`` per request; two agencies whose names slug alike in one
    state get their id appended, in id order so the result does not depend on the filter."""
    slugs: dict[int, str] = {}
    taken: set[tuple[str, str]] = set()
    for agency in queries.agency_names(db):
        slug = slugify(agency["name"])
        key = (agency["state"].upper(), slug)
        slugs[agency["id"]] = slug if key not in taken else f"{slug}-{agency['id']}"
        taken.add(key)
    return {
        r["_id"]: "/".join(
            (_state_dir(r["state"]), slugs[r["agency_id"]], safe_filename(r["ref"], "request"))
        )
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
    plan.reviews = queries.reviews(db)
    for request in requests:
        request["folder"] = folders[request["_id"]]
        _plan_files(db, store, request, plan, options.profile)
        if options.profile == "archive":
            _plan_mail(db, store, request, plan)
        _plan_letters(db, store, request, plan, options.profile)
    story = Story(
        campaign=campaign_by_name(db, options.campaign),
        today=today,
        profile=options.profile,
        requests=requests,
        manifest=plan.manifest,
        timelines={r["_id"]: timeline(db, r["_id"]) for r in requests},
    )
    plan.entries[:0] = [
        Entry("README.txt", data=readme_text(story).encode("utf-8")),
        Entry("manifest.csv", data=_csv_bytes(MANIFEST_FIELDS, plan.manifest)),
        Entry("requests.csv", data=_csv_bytes(REQUEST_FIELDS, requests)),
        Entry("timeline.csv", data=timeline_csv(story)),
    ]
    return plan


def _base_row(request: dict) -> dict:
    return {"ref": request["ref"], "agency": request["agency"], "state": request["state"]}


def _plan_files(db: Database, store: Store, request: dict, plan: Plan, profile: str) -> None:
    taken: set[str] = set()
    seen: set[str] = set()
    reviews = plan.reviews
    for doc in request_queries.export_documents(db, request["_id"]):
        review = reviews.get(doc["sha256"], {})
        if doc["sha256"] in seen:
            continue  # the same bytes received twice on one request: one copy
        seen.add(doc["sha256"])
        flags = pii_flags(doc["text"], doc["text_status"], doc["content_type"])
        verdict = publish_verdict(flags, review.get("decision"), review.get("note"))
        name = unique_name(safe_filename(doc["filename"], default="attachment"), taken)
        path, status = f"{request['folder']}/files/{name}", "exported"
        if profile == "publish" and not verdict.include:
            plan.result.held_back += 1
            plan.result.held.append(f"{request['ref']} {name}: {verdict.reason}")
            path, status = "", "held_back"
        elif _add_stored(plan, path, store.file_path(doc["sha256"]), request):
            plan.result.files += 1
        else:
            path, status = "", "missing"
        plan.manifest.append(
            _base_row(request)
            | {key: doc[key] for key in ("filename", "sha256", "size", "content_type", "source")}
            | {"path": path, "parent_sha256": doc["parent_sha256"], "pii_flags": ";".join(flags)}
            | {"text_status": text_status_label(doc["text_status"], doc["content_type"])}
            | {"status": status, "review": review.get("decision", "")}
            | _message_fields(doc)
        )


def _message_fields(message: dict) -> dict:
    return {
        "received_at": message["received_at"],
        "from": message["from_addr"],
        "subject": message["subject"],
        "message_id": message["message_id"],
    }


def _add_stored(plan: Plan, path: str, source: Path, request: dict) -> bool:
    if not source.is_file():
        plan.result.missing.append(f"{request['ref']} {path.rsplit('/', 1)[-1]} ({source})")
        return False
    plan.entries.append(Entry(path, source=source))
    return True


def _plan_mail(db: Database, store: Store, request: dict, plan: Plan) -> None:
    for message in queries.request_mail(db, request["_id"]):
        name = f"{(message['received_at'] or '')[:10]}_{message['id']:06d}.eml"
        path = f"{request['folder']}/mail/{name}"
        found = _add_stored(plan, path, store.raw_path(message["raw_sha256"]), request)
        plan.result.mail += found
        plan.manifest.append(
            _base_row(request)
            | {"filename": name, "path": path if found else "", "sha256": message["raw_sha256"]}
            | {"size": message["size"], "content_type": "message/rfc822", "source": "mail"}
            | {"status": "exported" if found else "missing"}
            | _message_fields(message)
        )


def _plan_letters(db: Database, store: Store, request: dict, plan: Plan, profile: str) -> None:
    for letter in queries.request_letters(db, request["_id"]):
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
            | {"text_status": "ok", "status": "exported"}
        )
        if profile == "archive" and letter["raw_sha256"]:
            raw_path = f"{request['folder']}/letters/{stem}.eml"
            source = store.raw_path(letter["raw_sha256"])
            found = _add_stored(plan, raw_path, source, request)
            plan.manifest.append(
                _base_row(request)
                | common
                | {"filename": f"{stem}.eml", "path": raw_path if found else ""}
                | {"sha256": letter["raw_sha256"], "size": source.stat().st_size if found else ""}
                | {"content_type": "message/rfc822", "source": "letter-raw"}
                | {"status": "exported" if found else "missing"}
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


def export_campaign(
    db: Database, store: Store, options: ExportOptions, today: date
) -> ExportResult:
    """Write the export to ``options.out`` (a folder, or a file ending in ``.zip``). Nothing of
    the user's at ``out`` is touched; see ``bundle``."""
    out = options.out
    if not out.name:
        raise UsageError("--out needs a folder or a FILE.zip name.")
    is_zip = out.suffix.lower() == ".zip"
    if is_zip:
        bundle.check_zip(out, options.campaign, options.force, MANIFEST_FIELDS)
    else:
        earlier = bundle.check_folder(out, options.campaign, options.force, MANIFEST_FIELDS)
    plan = plan_export(db, store, options, today)
    if is_zip:
        bundle.write_zip(out, plan.entries)
    else:
        bundle.write_folder(out, plan.entries, earlier)
    return plan.result

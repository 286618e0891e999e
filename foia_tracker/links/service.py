"""Links as part of a request's story: recorded when a filed reply carries them (``link_found``),
brought into the store by ``foia fetch`` as documents filed on the request (``link_fetched``).

A link alone is "records available", not fulfilment: the request's status moves only when the
records are in hand (requests/ decides that from the classification and the fetched document).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlite_utils import Database

from foia_tracker.db import links as db_links
from foia_tracker.db import transaction
from foia_tracker.links.fetch import Download, download
from foia_tracker.links.find import FoundLink, find_links
from foia_tracker.requests.lifecycle import record_event
from foia_tracker.store import Store

DEFAULT_MAX_MB = 200


@dataclass(frozen=True)
class FiledText:
    """A filed message, as far as links go."""

    message_row: int
    request_ids: tuple[int, ...]
    text: str  # the reply's own text (quoted parts removed)
    received_at: datetime


def record_links(db: Database, filed: FiledText) -> list[FoundLink]:
    """Find the records links in a filed reply and add them to its requests (once each)."""
    found = find_links(filed.text, filed.received_at.date())
    for link in found:
        for request_id in filed.request_ids:
            values = {
                "message_row": filed.message_row,
                "request_id": request_id,
                "url": link.url,
                "download_url": link.download_url,
                "host": link.host,
                "service": link.service,
                "expires": link.expires.isoformat() if link.expires else None,
                "found_at": filed.received_at.isoformat(),
            }
            if db_links.add_link(db, values):
                detail = {"url": link.url, "host": link.host, "service": link.service,
                          "expires": values["expires"]}  # fmt: skip
                record_event(db, request_id, "link_found", "auto", at=filed.received_at,
                             message_row=filed.message_row, detail=detail)  # fmt: skip
    return found


@dataclass
class FetchReport:
    fetched: int = 0
    needs_login: list[dict] = field(default_factory=list)  # {ref, url, reason}
    failed: list[dict] = field(default_factory=list)
    new_documents: list[tuple[str, str]] = field(default_factory=list)  # (sha256, content_type)


@dataclass(frozen=True)
class FetchRequest:
    refs: list[str]
    all_pending: bool
    max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024


Downloader = Callable[[str, int], Download]


def _default_downloader(url: str, max_bytes: int) -> Download:
    return download(url, max_bytes=max_bytes)


def fetch_links(
    db: Database,
    store: Store,
    what: FetchRequest,
    *,
    now: datetime,
    downloader: Downloader = _default_downloader,
) -> FetchReport:
    """Download pending links into the store as documents filed on their request."""
    report = FetchReport()
    pending = db_links.list_links(db, campaign=None, refs=what.refs, pending_only=True)
    fetched: dict[str, Download] = {}  # the same URL filed on two requests is fetched once
    for link in pending:
        if link["download_url"] not in fetched:
            fetched[link["download_url"]] = downloader(link["download_url"], what.max_bytes)
        _settle(db, store, link, fetched[link["download_url"]], now, report)
    return report


def _settle(db, store, link: dict, result: Download, now: datetime, report: FetchReport) -> None:
    if (
        result.status == "expired"
        and link["expires"]
        and date.fromisoformat(link["expires"]) > now.date()
    ):
        result = Download("failed", reason=result.reason)  # 404 before the stated expiry
    sha = store.put_file(result.data) if result.status == "fetched" else None
    with transaction(db):
        if sha:
            db_links.add_downloaded_document(db, {
                "sha256": sha, "size": len(result.data), "content_type": result.content_type,
                "message_row": link["message"], "filename": result.filename,
            })  # fmt: skip
            record_event(db, link["request_id"], "link_fetched", "auto", at=now,
                         message_row=link["message"],
                         detail={"url": link["url"], "sha256": sha, "filename": result.filename})  # fmt: skip
        db_links.set_result(db, link["id"], {
            "status": result.status, "reason": result.reason, "sha256": sha,
            "fetched_at": now.isoformat(),
        })  # fmt: skip
    entry = {"ref": link["ref"], "url": link["url"], "reason": result.reason}
    if sha:
        report.fetched += 1
        report.new_documents.append((sha, result.content_type))
    elif result.status == "needs-login":
        report.needs_login.append(entry)
    else:
        report.failed.append(entry)


def links_listing(
    db: Database, *, campaign: str | None, refs: list[str], pending_only: bool
) -> list[dict]:
    """The rows of `foia links` (contract: ref, message, url, host, expires, status, document)."""
    found = db_links.list_links(db, campaign=campaign, refs=refs, pending_only=pending_only)
    return [
        {k: link[k] for k in ("ref", "message", "url", "host", "expires", "status", "document")}
        | {"service": link["service"], "reason": link["reason"]}
        for link in found
    ]

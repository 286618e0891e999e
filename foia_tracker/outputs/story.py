"""The export's own account of the campaign: ``README.txt`` a journalist can read first, and
``timeline.csv``, every request's events (letters, replies, the requester's own messages,
notes, status changes, reviews) in time order.

Pure: built from the status rows, the manifest rows and the timelines the export already read.
"""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from foia_tracker.cells import csv_cell, strip_control

TIMELINE_FIELDS = ("ref", "agency", "state", "at", "type", "actor", "message", "detail")
_PRIVATE_IN_PUBLISH = frozenset({"note"})  # the user's own words stay out of a publish export
_END_STATES = frozenset({"fulfilled", "no_records", "denied", "withdrawn"})


@dataclass(frozen=True)
class Story:
    campaign: Mapping  # the campaigns row: name, template, subject, created_at
    today: date
    profile: str
    requests: Sequence[dict]  # status rows, with "folder"
    manifest: Sequence[dict]
    timelines: Mapping[int, list[dict]]  # request id -> events (detail decoded)


def timeline_csv(story: Story) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line breaks
    writer.writerow(TIMELINE_FIELDS)
    for request in story.requests:
        for event in story.timelines.get(request["_id"], []):
            detail = event["detail"] or {}
            if story.profile == "publish" and event["type"] in _PRIVATE_IN_PUBLISH:
                detail = {"withheld": "not in a publish export"}
            cells = (request["ref"], request["agency"], request["state"], event["at"],
                     event["type"], event["actor"], event["message_row"],
                     json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str))  # fmt: skip
            writer.writerow([csv_cell(c) for c in cells])
    return buf.getvalue().encode("utf-8")


def readme_text(story: Story) -> str:
    parts = [_heading(story), _asked(story), _answered(story), _each(story), _missing(story)]
    return "\n\n".join(p for p in parts if p) + "\n\n" + _LAYOUT


def _heading(story: Story) -> str:
    title = f"Public records requests: campaign {story.campaign['name']}"
    return (
        f"{title}\n{'=' * len(title)}\n"
        f"Exported {story.today.isoformat()} by foia-tracker ({story.profile} profile)."
    )


def _asked(story: Story) -> str:
    sent = sorted(r["sent_at"][:10] for r in story.requests if r.get("sent_at"))
    states = sorted({r["state"] for r in story.requests})
    when = ", none sent yet"
    if sent:
        when = f", sent on {sent[0]}" if sent[0] == sent[-1] else f", sent {sent[0]} to {sent[-1]}"
    return "What was asked\n--------------\n" + _wrap(
        f"{_n(len(story.requests), 'request')} to {_n(len(story.requests), 'agency', 'agencies')} "
        f"in {', '.join(states) or 'no state'}{when}, from the letter set "
        f"{story.campaign['template']!r} (subject: {story.campaign['subject']}). "
        "Each request's letters are in its letters/ folder, exactly as sent."
    )


def _answered(story: Story) -> str:
    sent = [r for r in story.requests if r.get("sent_at")]
    replied = [r for r in sent if r.get("last_reply_at")]
    statuses: dict[str, int] = {}
    for request in story.requests:
        statuses[request["status"]] = statuses.get(request["status"], 0) + 1
    exported = sum(1 for m in story.manifest if m.get("source") not in ("mail", "letter",
                   "letter-raw") and m.get("status") == "exported")  # fmt: skip
    by_status = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    return "What came back\n--------------\n" + _wrap(
        f"{len(replied)} of {len(sent)} sent requests had an answer from the agency "
        f"(auto-replies and bounces do not count); {_n(exported, 'document')} in this export. "
        f"Status: {by_status}."
    )


def _each(story: Story) -> str:
    lines = ["Each request", "------------"]
    for r in story.requests:
        sent = f"sent {r['sent_at'][:10]}" if r.get("sent_at") else "not sent yet"
        lines.append(
            f"{r['ref']}  {_clean(r['agency'])} ({r['state']}): {r['status']}, {sent}, "
            f"{_n(r['documents'] or 0, 'document')}; {r['folder']}/"
        )
    return "\n".join(lines)


def _missing(story: Story) -> str:
    lines = []
    for r in story.requests:
        if r.get("overdue"):
            lines.append(f"- {r['ref']} {_clean(r['agency'])}: overdue by {_n(r['days_overdue'], 'day')} "
                         f"(due {r['due']}).")  # fmt: skip
        elif r["status"] not in _END_STATES and not r["documents"]:
            lines.append(f"- {r['ref']} {_clean(r['agency'])}: no records yet ({r['status']}).")
    for m in story.manifest:
        if m.get("status") == "missing":
            lines.append(
                f"- {m['ref']} {_clean(m['filename'])}: missing from the store, not exported."
            )
        elif m.get("status") == "held_back":
            lines.append(
                f"- {m['ref']} {_clean(m['filename'])}: held back ({m['pii_flags'] or 'review'})."
            )
        elif m.get("text_status") in ("needs_ocr", "partial", "none", "pending"):
            lines.append(
                f"- {m['ref']} {_clean(m['filename'])}: text {m['text_status']} (a scan?)."
            )
    if not lines:
        return ""
    return "What is missing or needs a look\n-------------------------------\n" + "\n".join(lines)


def _wrap(text: str) -> str:
    return textwrap.fill(text, width=78, break_on_hyphens=False)


def _clean(text: str | None) -> str:
    # names come from mail and CSV files: no terminal control characters in a README
    return strip_control(text or "")


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


_LAYOUT = """\
What is in this folder
----------------------
manifest.csv   one row per file: which request, who sent it when, its SHA-256, pii_flags
               (personal data found, with evidence in `foia documents`), text_status
               (ok / partial / needs_ocr), status (exported / held_back / missing), review.
requests.csv   one row per request: status, dates, due date, documents, next action.
timeline.csv   every event of every request in time order: letters, replies, your own
               messages and notes, status changes, reviews.
<STATE>/<agency>/<REF>/files/    documents received (names made safe)
<STATE>/<agency>/<REF>/mail/     each message as received (.eml; not in a publish export)
<STATE>/<agency>/<REF>/letters/  what was sent, with the mail server's reply
"""

"""Generate ``docs/laws.md`` from ``jurisdictions.toml``: ``python -m foia_tracker.law.docs``.

The document is derived data: edit the TOML, then regenerate (a test fails when it is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

from foia_tracker.law.jurisdictions import (
    LAW_VERSION,
    SOURCE_FIELDS,
    Jurisdiction,
    load_jurisdictions,
)

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "laws.md"
RECHECK_MONTH = "2026-12"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def clocks_text(j: Jurisdiction) -> str:
    if not j.clocks:
        return f"none set by law: {j.no_deadline}"
    parts = []
    for c in j.clocks:
        origin = {"receipt": "receipt", "acknowledgement": "acknowledgement"}.get(
            c.starts, "the agency's first answer"
        )
        parts.append(f"{c.obligation} {c.days} {c.unit} days from {origin} ({c.citation})")
    return "; then ".join(parts)


APPEAL_KIND_WORDS = {
    "internal": "someone at the district (the appeal letter is the appeal)",
    "agency": "another public body (the draft to the district asks it to reconsider)",
    "court": "a court (the draft to the district asks it to reconsider)",
}


def extensions_text(j: Jurisdiction) -> str:
    """'20 business days from receipt (HAR § 2-71-13(c))': a new total, or days beyond the due date."""
    basis = {"receipt": "from receipt", "due": "beyond the due date"}
    return "; ".join(
        f"{e.days} {e.unit} days {basis.get(e.counted_from, e.counted_from)} ({e.citation})"
        for e in j.extensions
    )


def appeal_window_text(j: Jurisdiction) -> str:
    if not j.appeal.days:
        return ""
    return f"{j.appeal.days} {j.appeal.unit} days" + (
        f": {j.appeal.window_note}" if j.appeal.window_note else ""
    )


def appeal_text(j: Jurisdiction) -> str:
    route, cite = j.appeal.route, j.appeal.citation
    return f"{route} ({cite})" if cite and cite not in route else route


def checked_text(j: Jurisdiction) -> str:
    """What was re-checked, when, against what; or that nothing was."""
    if not j.field_sources:
        return f"not re-checked since the reference research ({j.verified_on})"
    fields = "; ".join(f"{field}: {source}" for field, source in j.field_sources)
    unchecked = [f for f in SOURCE_FIELDS if f not in j.verified_fields]
    return f"{j.verified_on} against {fields}. Not re-checked: {', '.join(unchecked)}."


def _summary_table(jurisdictions: dict[str, Jurisdiction]) -> list[str]:
    lines = [
        "| code | law | first clock | deemed denial | residency | appeal to | confidence "
        "| re-checked |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for j in jurisdictions.values():
        first = j.clocks[0] if j.clocks else None
        clock = f"{first.obligation} {first.days} {first.unit}" if first else "none (promptly)"
        residency = j.residency.scope + (" (contested)" if j.residency.contested else "")
        checked = f"{j.verified_on}: {', '.join(j.verified_fields)}" if j.field_sources else "no"
        lines.append(
            f"| {j.code} | {_md(j.law_name)} | {clock} | {j.deemed_denial} | {residency} "
            f"| {j.appeal.kind} | {j.confidence} | {checked} |"
        )
    return lines


def _section(j: Jurisdiction) -> list[str]:
    lines = [f"## {j.code}: {_md(j.name)}", ""]
    if j.uncertain:
        lines += [f"> **Uncertain**: {_md(j.uncertainty)}", ""]
    rows = [
        ("Law", f"{j.law_name}, {j.citation}"),
        ("Deadlines", clocks_text(j)),
        ("Summary", j.summary),
        ("Extensions", extensions_text(j)),
        ("Extension conditions", j.extension_note),
        ("Clock pauses", "; ".join(f"{p.event} ({p.citation})" for p in j.pauses_on)),
        (
            "Requester must answer",
            "; ".join(
                f"{w.event} within {w.days} {w.unit} days or {w.consequence} ({w.citation})"
                for w in j.requester_windows
            ),
        ),
        ("Silence", f"{j.deemed_denial}: {j.deemed_denial_note}"),
        ("Appeal", appeal_text(j)),
        ("Appeal goes to", APPEAL_KIND_WORDS[j.appeal.kind]),
        ("Appeal window", appeal_window_text(j)),
        ("Before appealing", j.appeal.guidance),
        ("Residency", f"{j.residency.scope}; {j.residency.note}"),
        ("Business days", j.business_day_notes),
        (
            "Holiday corrections",
            "; ".join(f"{h.action} {h.name} ({h.citation})" for h in j.holidays),
        ),
        ("Time zone", j.timezone),
        ("Confidence", f"{j.confidence} (sources read {j.verified_on})"),
        ("Checked", checked_text(j)),
    ]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {name} | {_md(value)} |" for name, value in rows if value]
    lines += ["", "Sources:", ""] + [f"- <{url}>" for url in j.sources] + [""]
    return lines


def render() -> str:
    jurisdictions = load_jurisdictions()
    uncertain = ", ".join(j.code for j in jurisdictions.values() if j.uncertain)
    rechecked = ", ".join(j.code for j in jurisdictions.values() if j.field_sources)
    not_rechecked = ", ".join(j.code for j in jurisdictions.values() if not j.field_sources)
    lines = [
        "# Public-records laws by jurisdiction",
        "",
        "<!-- Generated by `python -m foia_tracker.law.docs` from "
        "foia_tracker/law/jurisdictions.toml. Do not edit by hand. -->",
        "",
        f"Data version `{LAW_VERSION}`. **Not legal advice**: check each rule against the current "
        "statute before a letter cites it.",
        f"Uncertain rows (not confirmed; `foia laws show` warns): {uncertain}.",
        f"Re-checked field by field in {RECHECK_MONTH} (issue 12): {rechecked}. "
        + (f"Not re-checked (reference research only): {not_rechecked}. " if not_rechecked else "")
        + "Each section's *Checked* row names the fields and the sources read; a field not named "
        "there was not re-checked.",
        "",
        *_summary_table(jurisdictions),
        "",
    ]
    for j in jurisdictions.values():
        lines += _section(j)
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    DOC_PATH.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

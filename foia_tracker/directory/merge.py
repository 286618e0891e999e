"""Checked rows against the stored directory: what to insert, what to change. Pure: no I/O.

A re-import changes only the columns the file has, and a blank cell never erases what is stored
(an email-merge file with gaps must not wipe addresses found earlier); `foia agencies update`
clears a value on purpose. Rows match on (state, external_id), else (state, normalised name);
never on email, because one records office often answers for several districts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from foia_tracker.directory.validate import normalise_name

SETTABLE = ("email", "external_id", "contact_name", "address", "phone", "portal_url", "kind")


@dataclass(frozen=True)
class Incoming:
    line: int
    values: dict[str, str]
    extra: dict[str, str]
    additional_emails: tuple[str, ...] = ()
    bad_email: str | None = None


@dataclass(frozen=True)
class Change:
    agency: str  # "Name (CT, 0901920) #12"
    field: str
    old: str
    new: str


@dataclass
class MergePlan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[tuple[int, dict]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    addresses: list[tuple[int, str]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Index:
    by_external: dict[tuple[str, str], dict] = field(default_factory=dict)
    by_external_any: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    by_name: dict[tuple[str, str], list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, agency: dict) -> None:
        if agency["external_id"]:
            self.by_external[(agency["state"], agency["external_id"])] = agency
            self.by_external_any[agency["external_id"]].append(agency)
        self.by_name[(agency["state"], agency["name_key"])].append(agency)


def label(agency: dict) -> str:
    ident = f", {agency['external_id']}" if agency.get("external_id") else ""
    return f"{agency['name']} ({agency['state']}{ident}) #{agency['id']}"


def merge(
    stored: list[dict], incoming: list[Incoming], provides: set[str], *, first_id: int, now: str
) -> MergePlan:
    index = _Index()
    for agency in stored:
        index.add(agency)
    plan, next_id, touched = MergePlan(), first_id, {}
    for row in incoming:
        target = _match(index, row, plan)
        if target is False:
            continue
        if target is not None and target["id"] in touched:
            plan.problems.append(
                (row.line, f"duplicate of line {touched[target['id']]}; row skipped")
            )
            continue
        if target is None:
            target = _new_agency(row, next_id, now, plan)
            next_id += 1
            index.add(target)
        else:
            _update(target, row, provides, now, plan)
        touched[target["id"]] = row.line
        plan.addresses += [
            (target["id"], a) for a in (row.values.get("email"), *row.additional_emails) if a
        ]
    plan.notes += likely_duplicates(index, touched)
    return plan


def _match(index: _Index, row: Incoming, plan: MergePlan) -> dict | None | bool:
    """The stored agency this row describes; None for a new one; False when the row is skipped."""
    state, external = row.values.get("state", ""), row.values.get("external_id", "")
    if "name" not in row.values:  # an update-only file (external_id + other columns)
        if not external:
            plan.problems.append((row.line, "external id is empty; row skipped"))
            return False
        found = [
            a for a in index.by_external_any.get(external, []) if a["state"] == state or not state
        ]
        if len(found) != 1:
            why = "no agency has" if not found else "several states' agencies have"
            plan.problems.append((row.line, f"{why} external id {external!r}; row skipped"))
            return False
        return found[0]
    if external and (state, external) in index.by_external:
        return index.by_external[(state, external)]
    same_name = index.by_name.get((state, normalise_name(row.values["name"])), [])
    if external:
        same_name = [a for a in same_name if not a["external_id"]]
    if len(same_name) > 1:
        why = (
            f"{len(same_name)} agencies of {state} are named {row.values['name']!r}; "
            "add an external_id column to tell them apart; row skipped"
        )
        plan.problems.append((row.line, why))
        return False
    return same_name[0] if same_name else None


def _new_agency(row: Incoming, agency_id: int, now: str, plan: MergePlan) -> dict:
    values = row.values
    email = values.get("email", "")
    if row.bad_email:
        plan.problems.append((row.line, f"{row.bad_email}; kept without an email"))
    delivery = values.get("delivery") or (
        "email" if email else "portal" if values.get("portal_url") else "none"
    )
    if delivery == "email" and not email:
        plan.problems.append(
            (row.line, "delivery is email but there is no email address; set to none")
        )
        delivery = "none"
    agency = {c: values.get(c, "") for c in SETTABLE} | {
        "id": agency_id,
        "name": values["name"],
        "name_key": normalise_name(values["name"]),
        "state": values["state"],
        "external_id": values.get("external_id") or None,
        "delivery": delivery,
        "extra": json.dumps(row.extra, ensure_ascii=False),
        "created_at": now,
        "updated_at": now,
    }
    plan.inserts.append(agency)
    return dict(agency)


def _update(agency: dict, row: Incoming, provides: set[str], now: str, plan: MergePlan) -> None:
    changes: dict[str, str] = {}
    for column in provides & {"name", *SETTABLE}:
        new = row.values.get(column, "")
        if new and new != (agency[column] or ""):
            changes[column] = new
    if "name" in changes:
        changes["name_key"] = normalise_name(changes["name"])
    if row.bad_email:
        kept = f"kept the stored {agency['email']}" if agency["email"] else "kept without an email"
        plan.problems.append((row.line, f"{row.bad_email}; {kept}"))
    if "email" in changes:
        changes["email_status"] = "ok"  # a new address has not bounced
        if agency["email"]:
            plan.addresses.append((agency["id"], agency["email"]))  # may still answer for it
    delivery = _delivery(agency, row, changes.get("email", agency["email"]), plan)
    if delivery != agency["delivery"]:
        changes["delivery"] = delivery
    extra = _merged_extra(agency["extra"], row.extra)
    if extra is not None:
        changes["extra"] = extra
    if not changes:
        plan.unchanged += 1
        return
    plan.changes += [
        Change(label(agency), c, str(agency[c] or ""), str(v))
        for c, v in changes.items()
        if c not in ("name_key", "email_status")
    ]
    changes["updated_at"] = now
    plan.updates.append((agency["id"], changes))
    agency.update(changes)


def _delivery(agency: dict, row: Incoming, email: str, plan: MergePlan) -> str:
    wanted = row.values.get("delivery") or agency["delivery"]
    if not row.values.get("delivery") and email and wanted == "none":
        wanted = "email"  # an address arrived for an agency that had none
    if wanted == "email" and not email:
        if row.values.get("delivery"):
            plan.problems.append(
                (row.line, "delivery is email but there is no email address; set to none")
            )
        wanted = "none"
    return wanted


def _merged_extra(stored: str, incoming: dict[str, str]) -> str | None:
    old = json.loads(stored or "{}")
    new = dict(old)
    for key, value in incoming.items():
        if value or key not in new:
            new[key] = value
    return json.dumps(new, ensure_ascii=False) if new != old else None


def likely_duplicates(index: _Index, touched: dict[int, int]) -> list[tuple[int, str]]:
    """Same normalised name in a state, or one email on several agencies, among the agencies
    this import touched (reported, not refused: one office may answer for several districts)."""
    notes: list[tuple[int, str]] = []
    by_email: dict[str, list[dict]] = defaultdict(list)
    for group in index.by_name.values():
        for agency in group:
            if agency["email"]:
                by_email[agency["email"]].append(agency)
        if len(group) > 1 and any(a["id"] in touched for a in group):
            notes.append(_duplicate_note(group, touched, f"same name in {group[0]['state']}"))
    for address, group in by_email.items():
        if len(group) > 1 and any(a["id"] in touched for a in group):
            notes.append(_duplicate_note(group, touched, f"same email {address}"))
    return sorted(notes)


def _duplicate_note(group: list[dict], touched: dict[int, int], why: str) -> tuple[int, str]:
    where = [f"line {touched[a['id']]}" if a["id"] in touched else label(a) for a in group]
    first = min(touched[a["id"]] for a in group if a["id"] in touched)
    names = "; ".join(f"{a['name']} ({w})" for a, w in zip(group, where, strict=True))
    return first, f"likely duplicates ({why}): {names}"

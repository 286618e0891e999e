"""Campaigns: one request per agency, each with its ref, reply token and rendered letter.

Everything is rendered in memory first, so a template problem stops ``campaign create`` (or
``add``) before a single row is written; then one transaction writes the campaign, its requests
and, through the outbox's one enqueue, their letters. The letter stored is final except for
``letters.SEND_DATE_MARK``, which the sender fills in: what ``preview`` shows is what goes out.
``rerender`` renders the letters not yet sent again (after fixing a template or an agency);
sent letters are never touched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import make_msgid

from sqlite_utils import Database

from foia_tracker.config import Config
from foia_tracker.db import campaigns as campaign_db
from foia_tracker.db import transaction
from foia_tracker.directory.agencies import find_agency
from foia_tracker.eligibility import (  # noqa: F401  re-export
    ResidencyDecision,
    channel_of,
    residency_decision,
)
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.law.jurisdictions import LAW_VERSION, check_citable, get_jurisdiction
from foia_tracker.letters.render import (
    LetterInputs,
    TemplateSet,
    check_variables,
    letter_context,
    load_set,
    render_letter,
    render_subject,
)
from foia_tracker.mail.limits import SendingEstimate, sending_estimate
from foia_tracker.outbox_queue import OutgoingLetter, enqueue_many
from foia_tracker.preview import campaign_id, list_campaigns, preview  # noqa: F401  re-export
from foia_tracker.requests.lifecycle import Status
from foia_tracker.tokens import make_ref, new_token


@dataclass
class CampaignReport:
    name: str
    campaign_id: int
    template: str
    requests: int
    by_email: int
    needs_channel: list[dict] = field(default_factory=list)  # {ref, agency, state, channel}
    refused: list[dict] = field(default_factory=list)  # {agency_id, agency, state, reason}
    warnings: list[str] = field(default_factory=list)
    estimate: SendingEstimate | None = None
    dry_run: bool = False
    planned: list[dict] = field(default_factory=list)  # --dry-run: {ref, agency, state, channel}

    def as_json(self) -> dict:
        estimate = self.estimate
        data = {
            "name": self.name,
            "campaign_id": self.campaign_id,
            "template": self.template,
            "requests": self.requests,
            "by_email": self.by_email,
            "needs_channel": self.needs_channel,
            "refused": self.refused,
            "warnings": self.warnings,
            "sending_days": estimate.days if estimate else None,
            "per_day": estimate.per_day if estimate else None,
            "estimate": estimate.text if estimate else "",
        }
        if self.dry_run:
            data.update(dry_run=True, planned=self.planned)
        return data


# --- Selecting agencies ----------------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    states: tuple[str, ...] = ()
    agency_ids: tuple[str, ...] = ()
    all_agencies: bool = False
    kind: str | None = None


def select_agencies(db: Database, selection: Selection) -> list[dict]:
    modes = sum((bool(selection.states), bool(selection.agency_ids), selection.all_agencies))
    if modes != 1:
        raise UsageError("Choose the agencies with exactly one of --state, --agency or --all.")
    if selection.agency_ids:
        found = [_agency_by_ident(db, ident) for ident in selection.agency_ids]
        for agency in found:
            agency["extra"] = json.loads(agency["extra"] or "{}")
    elif selection.states:
        found = campaign_db.agencies_in(
            db, tuple(get_jurisdiction(s).code for s in selection.states)
        )
    else:
        found = campaign_db.agencies_in(db, None)
    if selection.kind:
        found = [a for a in found if a["kind"] == selection.kind]
    unique = {a["id"]: a for a in found}
    chosen = sorted(unique.values(), key=lambda a: (a["state"], a["name_key"], a["id"]))
    if not chosen:
        raise UsageError("No agencies match; import them with `foia agencies import FILE.csv`.")
    return chosen


def _agency_by_ident(db: Database, ident: str) -> dict:
    agency = find_agency(db, ident)
    if agency is None:
        raise NotFound(f"No agency with id or external_id {ident!r}; see `foia agencies list`.")
    return agency


# --- Creating a campaign ---------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignSpec:
    """What ``foia campaign create`` asks for (field order: the first wave's arguments)."""

    name: str
    template: str
    states: tuple[str, ...] = ()
    agency_ids: tuple[str, ...] = ()
    all_agencies: bool = False
    kind: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    subject: str | None = None
    dry_run: bool = False

    def selection(self) -> Selection:
        return Selection(tuple(self.states), tuple(self.agency_ids), self.all_agencies, self.kind)


@dataclass(frozen=True)
class PlannedRequest:
    agency: dict
    ref: str
    token: str
    subject: str
    letter: str
    channel: str


@dataclass(frozen=True)
class LetterSet:
    """The template set, variables and subject every letter of one campaign shares; ``memo``
    keeps what its letters to one state have in common (the jurisdiction parts, the residency
    decision) for the time of one command."""

    template_set: TemplateSet
    variables: Mapping[str, str]
    subject_source: str
    memo: dict = field(default_factory=dict, compare=False, repr=False)


def create_campaign(db: Database, config: Config, spec, *fields, now: datetime, **named):
    """One queued request per selected agency, and an outbox letter for each one we can email.

    ``spec`` is a CampaignSpec; the first wave's spelling (``name, template`` then keywords)
    builds one. With ``spec.dry_run`` nothing is written: the report is the plan.
    """
    if not isinstance(spec, CampaignSpec):
        spec = CampaignSpec(spec, *fields, **named)
    _refuse_existing(db, spec.name)
    template_set = load_set(spec.template, config.template_paths)
    variables = dict(spec.variables or {})
    check_variables(template_set, variables)
    letters = LetterSet(template_set, variables, spec.subject or template_set.subject)
    agencies = select_agencies(db, spec.selection())
    report = CampaignReport(spec.name, 0, spec.template, 0, 0, dry_run=spec.dry_run)
    allowed, decisions = _screen(config, agencies, report)
    if spec.dry_run:
        return _finish(report, _plan(db, config, letters, allowed, decisions), config)
    with transaction(db):
        _refuse_existing(db, spec.name)
        plan = _plan(db, config, letters, allowed, decisions)
        report.campaign_id = campaign_db.insert_campaign(
            db,
            {
                "name": spec.name,
                "template": spec.template,
                "subject": letters.subject_source,
                "vars": json.dumps(variables, ensure_ascii=False),
                "created_at": now.isoformat(),
            },
        )
        _insert_requests(db, config, report.campaign_id, plan, now)
    return _finish(report, plan, config)


def add_agencies(db: Database, config: Config, name: str, selection: Selection, now: datetime):
    """``foia campaign add``: new requests (new refs, same letter set and variables) for
    agencies not yet in the campaign; those already in it are reported, never doubled."""
    campaign = campaign_db.campaign_by_name(db, name)
    if campaign is None:
        raise NotFound(f"No campaign named {name!r}; see foia campaign list.")
    template_set = load_set(campaign["template"], config.template_paths)
    letters = LetterSet(template_set, json.loads(campaign["vars"] or "{}"), campaign["subject"])
    report = CampaignReport(name, campaign["id"], campaign["template"], 0, 0)
    agencies = select_agencies(db, selection)
    present = campaign_db.agency_ids_in_campaign(db, campaign["id"])
    report.refused += [
        _refusal(a, "already in the campaign") for a in agencies if a["id"] in present
    ]
    fresh = [a for a in agencies if a["id"] not in present]
    if not fresh:
        raise UsageError(f"Every agency chosen is already in the campaign {name!r}.")
    allowed, decisions = _screen(config, fresh, report)
    with transaction(db):
        plan = _plan(db, config, letters, allowed, decisions)
        _insert_requests(db, config, campaign["id"], plan, now)
    return _finish(report, plan, config)


def _screen(config: Config, agencies: list[dict], report: CampaignReport):
    """The agencies the residency rules let us write to; refusals and warnings go in the report."""
    decisions = {
        code: residency_decision(get_jurisdiction(code), config.requester)
        for code in sorted({a["state"] for a in agencies})
    }
    allowed = [a for a in agencies if decisions[a["state"]].allowed]
    report.refused += [
        _refusal(a, decisions[a["state"]].note)
        for a in agencies
        if not decisions[a["state"]].allowed
    ]
    report.warnings += _warnings(decisions)
    if not allowed:
        raise UsageError(f"No letters can be created: {report.refused[0]['reason']}")
    return allowed, decisions


def _finish(report: CampaignReport, plan: list[PlannedRequest], config: Config):
    report.requests = len(plan)
    report.by_email = sum(p.channel == "email" for p in plan)
    # Only a dry run lists every request; otherwise only those that need another channel.
    chosen = plan if report.dry_run else [p for p in plan if p.channel != "email"]
    listed = [
        {"ref": p.ref, "agency": p.agency["name"], "state": p.agency["state"], "channel": p.channel}
        for p in chosen
    ]
    for item, p in zip(listed, chosen, strict=True):
        if p.channel != "email":
            item["action"] = channel_action(p.agency, p.ref, report.name)
    report.needs_channel = [item for item in listed if item["channel"] != "email"]
    if report.dry_run:
        report.planned = listed
    report.estimate = sending_estimate(report.by_email, config.smtp)
    return report


def channel_action(agency: Mapping, ref: str, campaign: str) -> str:
    """What the user does for a request that cannot be emailed (one sentence)."""
    by_hand = f"then record it with `foia mark {ref} sent --via {{via}}`"
    fix = (
        f"`foia agencies update {agency['id']} --email ADDRESS`, then "
        f"`foia campaign rerender {campaign} --ref {ref}` queues the email"
    )
    if agency["email"] and agency["email_status"] == "bounced":
        return f"Its address {agency['email']} bounced: {fix}."
    if agency["delivery"] == "portal":
        where = agency["portal_url"] or "the agency's portal"
        return f"File the letter on {where}, {by_hand.format(via='portal')}."
    if agency["delivery"] in ("mail", "fax"):
        via = agency["delivery"]
        where = f" to {agency['address']}" if agency["address"] and via == "mail" else ""
        return f"Send the letter by {via}{where}, {by_hand.format(via=via)}."
    return (
        f"No email address: {fix}; or send it by post, portal or fax, {by_hand.format(via='mail')}."
    )


def _refuse_existing(db: Database, name: str) -> None:
    if not name.strip():
        raise UsageError("A campaign needs a name.")
    if campaign_db.campaign_by_name(db, name):
        raise UsageError(
            f"A campaign named {name!r} already exists; see `foia campaign preview {name}`, "
            f"or add agencies to it with `foia campaign add {name}`."
        )


def _refusal(agency: Mapping, reason: str) -> dict:
    return {
        "agency_id": agency["id"],
        "agency": agency["name"],
        "state": agency["state"],
        "reason": reason,
    }


def _warnings(decisions: Mapping[str, ResidencyDecision]) -> list[str]:
    warnings = [d.note for d in decisions.values() if d.allowed and d.note]
    for code, decision in decisions.items():
        citable = check_citable(code)
        if decision.allowed and citable is not None:
            warnings.append(citable.message)
    return warnings


def render_request(
    config: Config, letters: LetterSet, agency: dict, ids: tuple[str, str]
) -> tuple[str, str]:
    """(subject, letter) of one agency's request; ``ids`` = (ref, token). Pure, but for what it
    keeps in ``letters.memo``."""
    jurisdiction = get_jurisdiction(agency["state"])
    requester, decision = letters.memo.get(("residency", jurisdiction.code), (None, None))
    if requester is not config.requester:
        decision = residency_decision(jurisdiction, config.requester)
        letters.memo["residency", jurisdiction.code] = (config.requester, decision)
    check_variables(letters.template_set, letters.variables, agency)
    inputs = LetterInputs(
        agency=agency,
        requester=config.requester,
        jurisdiction=jurisdiction,
        ref=ids[0],
        token=ids[1],
        variables=letters.variables,
        residency=decision.residency,
        proxy=decision.proxy,
    )
    context = letter_context(letters.template_set, inputs, memo=letters.memo)
    subject = render_subject(letters.template_set, letters.subject_source, context)
    # Matching reads the ref from the subject (cascade step 3): every subject carries it.
    subject = subject if ids[0] in subject else f"{subject} [{ids[0]}]"
    return subject, render_letter(letters.template_set, "request", context)


def _plan(db, config, letters: LetterSet, agencies: list[dict], decisions) -> list[PlannedRequest]:
    """Render every letter in memory: any template problem stops here, before a row is written."""
    numbers = campaign_db.last_ref_numbers(db)
    tokens = campaign_db.all_tokens(db)
    plan = []
    for agency in agencies:
        numbers[agency["state"]] = numbers.get(agency["state"], 0) + 1
        ref, token = make_ref(agency["state"], numbers[agency["state"]]), _unique_token(tokens)
        subject, letter = render_request(config, letters, agency, (ref, token))
        plan.append(PlannedRequest(agency, ref, token, subject, letter, channel_of(agency)))
    return plan


def _unique_token(taken: set[str]) -> str:
    while True:
        token = new_token()
        if token not in taken:
            taken.add(token)
            return token


def _insert_requests(
    db: Database, config: Config, campaign: int, plan: list[PlannedRequest], now: datetime
) -> None:
    # One bulk insert of the requests, then one of their letters, in plan order: the same rows
    # and ids as one insert and one enqueue per request, without 2 x 13,300 round trips.
    created = now.isoformat()
    ids = campaign_db.insert_requests(
        db,
        [
            {
                "ref": p.ref,
                "token": p.token,
                "campaign_id": campaign,
                "agency_id": p.agency["id"],
                "jurisdiction": p.agency["state"],
                "status": Status.QUEUED.value,
                "to_addr": p.agency["email"],
                "subject": p.subject,
                "letter": p.letter,
                "law_version": LAW_VERSION,
                "created_at": created,
            }
            for p in plan
        ],
    )
    letters = [
        OutgoingLetter(
            ids[p.ref],
            "request",
            p.agency["email"],
            p.subject,
            p.letter,
            message_id=make_msgid(idstring=p.ref, domain=config.requester.domain),
        )
        for p in plan
        if p.channel == "email"
    ]
    enqueue_many(db, letters, now=now)

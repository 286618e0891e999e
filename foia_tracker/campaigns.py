"""Campaign creation: one request per agency, each with its ref, reply token and rendered letter.

Everything is rendered in memory first, so a template problem stops ``campaign create`` before a
single row is written; then one transaction writes the campaign, its requests and the outbox rows.
The letter stored is final except for ``letters.SEND_DATE_MARK``, which the sender fills in: what
``preview`` shows is what goes out.

Residency: some laws serve only their own residents (jurisdiction ``residency.scope`` "state") or
US residents ("us"). Agencies there are refused unless the requester qualifies
(``requester.state``) or ``[requester.proxies]`` names a resident who makes the request; the
letter then carries the matching residency statement. Contested limits only warn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import formataddr, make_msgid

from sqlite_utils import Database

from foia_tracker.config import Config, Proxy, Requester, SmtpSettings
from foia_tracker.db import row, rows, transaction
from foia_tracker.directory.agencies import find_agency
from foia_tracker.errors import NotFound, UsageError
from foia_tracker.law.jurisdictions import (
    LAW_VERSION,
    Jurisdiction,
    check_citable,
    get_jurisdiction,
)
from foia_tracker.letters.render import (
    LetterInputs,
    TemplateSet,
    check_variables,
    fill_send_date,
    letter_context,
    load_set,
    long_date,
    render_letter,
    render_subject,
)
from foia_tracker.requests.lifecycle import Status
from foia_tracker.tokens import make_ref, new_token, reply_address


@dataclass(frozen=True)
class ResidencyDecision:
    allowed: bool
    residency: str = ""  # "self" | "proxy" | "": which statement the letter carries
    proxy: Proxy | None = None
    note: str = ""  # why refused, or the warning for a contested limit


@dataclass(frozen=True)
class SendingEstimate:
    letters: int
    per_day: int | None  # letters a day the limits allow; None when no limit is configured
    days: int | None
    text: str


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

    def as_json(self) -> dict:
        estimate = self.estimate
        return {
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


# --- Pure decisions --------------------------------------------------------------------------


def residency_decision(jurisdiction: Jurisdiction, requester: Requester) -> ResidencyDecision:
    """Whether a letter may go to an agency of `jurisdiction`, and which statement it carries."""
    scope, code = jurisdiction.residency.scope, jurisdiction.code
    if scope == "none":
        return ResidencyDecision(allowed=True)
    if (scope == "state" and requester.state == code) or (scope == "us" and requester.state):
        return ResidencyDecision(allowed=True, residency="self")
    proxy = requester.proxies.get(code)
    if proxy:
        return ResidencyDecision(allowed=True, residency="proxy", proxy=proxy)
    where = "the United States" if scope == "us" else jurisdiction.name
    cite = jurisdiction.residency.citation or jurisdiction.citation
    if jurisdiction.residency.contested:
        return ResidencyDecision(
            allowed=True,
            note=(
                f"{code}: the law's limit to residents of {where} ({cite}) is contested; letters "
                f"go without a residency statement. A proxy under [requester.proxies] {code} "
                "would avoid a refusal."
            ),
        )
    return ResidencyDecision(
        allowed=False,
        note=(
            f"{code} limits requests to residents of {where} ({cite}); set requester.state or "
            f"name a resident under [requester.proxies] {code}."
        ),
    )


def _window_hours(window: str) -> float:
    if not window:
        return 24.0
    start, end = window.split("-")
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in (start, end)]
    span = (minutes[1] - minutes[0]) % (24 * 60)  # "22:00-06:00" runs past midnight
    return span / 60 if span else 24.0


def sending_estimate(letters: int, smtp: SmtpSettings) -> SendingEstimate:
    """How many sending days the provider limits imply: "1,204 letters at 450/day: about 3"."""
    hours = _window_hours(smtp.send_window)
    caps = []
    if smtp.per_day:
        caps.append((smtp.per_day, "smtp.per_day"))
    if smtp.per_hour:
        caps.append((int(smtp.per_hour * hours), f"smtp.per_hour over {hours:g} hours"))
    if smtp.per_minute:
        caps.append((int(smtp.per_minute * 60 * hours), f"smtp.per_minute over {hours:g} hours"))
    noun = "letter" if letters == 1 else "letters"
    if not letters:
        return SendingEstimate(0, None, 0, "No letters to send by email.")
    if not caps:
        text = (
            f"{letters:,} {noun}; no sending limits are configured (smtp.per_day, per_hour), "
            "so one run tries them all: check your provider's daily limit."
        )
        return SendingEstimate(letters, None, None, text)
    per_day, basis = min(caps)
    per_day = max(per_day, 1)
    days = math.ceil(letters / per_day)
    plural = "day" if days == 1 else "days"
    text = f"{letters:,} {noun} at {per_day:,}/day ({basis}): about {days} sending {plural}."
    return SendingEstimate(letters, per_day, days, text)


def channel_of(agency: Mapping) -> str:
    """ "email" when a letter can be emailed, else the other channel the agency needs."""
    if agency["email"] and agency["delivery"] == "email" and agency["email_status"] == "ok":
        return "email"
    if agency["email"] and agency["email_status"] == "bounced":
        return "email bounced: mail/portal/fax"
    if agency["delivery"] in ("portal", "mail", "fax"):
        return agency["delivery"]
    return "mail/portal/fax"


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
    elif selection.states:
        codes = [get_jurisdiction(s).code for s in selection.states]
        marks = ", ".join("?" for _ in codes)
        found = rows(db, f"SELECT * FROM agencies WHERE state IN ({marks})", tuple(codes))
    else:
        found = rows(db, "SELECT * FROM agencies")
    if selection.kind:
        found = [a for a in found if a["kind"] == selection.kind]
    unique = {a["id"]: a for a in found}
    chosen = sorted(unique.values(), key=lambda a: (a["state"], a["name_key"], a["id"]))
    for agency in chosen:
        agency["extra"] = json.loads(agency["extra"] or "{}")
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
class PlannedRequest:
    agency: dict
    ref: str
    token: str
    subject: str
    letter: str
    channel: str


def create_campaign(
    db: Database,
    config: Config,
    name: str,
    template: str,
    *,
    states: Sequence[str] = (),
    agency_ids: Sequence[str] = (),
    all_agencies: bool = False,
    kind: str | None = None,
    variables: Mapping[str, str] | None = None,
    subject: str | None = None,
    now: datetime,
) -> CampaignReport:
    """One queued request per selected agency, and an outbox row for each one we can email."""
    variables = dict(variables or {})
    sender_domain = config.requester.domain
    _refuse_existing(db, name)
    template_set = load_set(template, config.template_paths)
    check_variables(template_set, variables)
    agencies = select_agencies(
        db, Selection(tuple(states), tuple(agency_ids), all_agencies, kind or None)
    )
    decisions = {
        code: residency_decision(get_jurisdiction(code), config.requester)
        for code in sorted({a["state"] for a in agencies})
    }
    allowed = [a for a in agencies if decisions[a["state"]].allowed]
    report = CampaignReport(name=name, campaign_id=0, template=template, requests=0, by_email=0)
    report.refused = [
        _refusal(a, decisions[a["state"]]) for a in agencies if not decisions[a["state"]].allowed
    ]
    report.warnings = _warnings(decisions)
    if not allowed:
        raise UsageError(f"No letters can be created: {report.refused[0]['reason']}")
    with transaction(db):
        _refuse_existing(db, name)
        subject_source = subject or template_set.subject
        plan = _plan(db, config, template_set, allowed, decisions, variables, subject_source)
        report.campaign_id = _insert_campaign(db, name, template, subject_source, variables, now)
        _insert_requests(db, report.campaign_id, plan, sender_domain, now)
    report.requests = len(plan)
    report.by_email = sum(p.channel == "email" for p in plan)
    report.needs_channel = [
        {"ref": p.ref, "agency": p.agency["name"], "state": p.agency["state"], "channel": p.channel}
        for p in plan
        if p.channel != "email"
    ]
    report.estimate = sending_estimate(report.by_email, config.smtp)
    return report


def _refuse_existing(db: Database, name: str) -> None:
    if not name.strip():
        raise UsageError("A campaign needs a name.")
    if row(db, "SELECT id FROM campaigns WHERE name = ?", (name,)):
        raise UsageError(
            f"A campaign named {name!r} already exists; see `foia campaign preview {name}`, "
            "or choose another name for new letters."
        )


def _refusal(agency: Mapping, decision: ResidencyDecision) -> dict:
    return {
        "agency_id": agency["id"],
        "agency": agency["name"],
        "state": agency["state"],
        "reason": decision.note,
    }


def _warnings(decisions: Mapping[str, ResidencyDecision]) -> list[str]:
    warnings = [d.note for d in decisions.values() if d.allowed and d.note]
    for code, decision in decisions.items():
        citable = check_citable(code)
        if decision.allowed and citable is not None:
            warnings.append(citable.message)
    return warnings


def _plan(
    db: Database,
    config: Config,
    template_set: TemplateSet,
    agencies: list[dict],
    decisions: Mapping[str, ResidencyDecision],
    variables: Mapping[str, str],
    subject_source: str,
) -> list[PlannedRequest]:
    """Render every letter in memory: any template problem stops here, before a row is written."""
    numbers = _last_ref_numbers(db)
    tokens = {r["token"] for r in rows(db, "SELECT token FROM requests")}
    plan = []
    for agency in agencies:
        check_variables(template_set, variables, agency)
        numbers[agency["state"]] = numbers.get(agency["state"], 0) + 1
        decision = decisions[agency["state"]]
        inputs = LetterInputs(
            agency=agency,
            requester=config.requester,
            jurisdiction=get_jurisdiction(agency["state"]),
            ref=make_ref(agency["state"], numbers[agency["state"]]),
            token=_unique_token(tokens),
            variables=variables,
            residency=decision.residency,
            proxy=decision.proxy,
        )
        context = letter_context(template_set, inputs)
        plan.append(
            PlannedRequest(
                agency=agency,
                ref=inputs.ref,
                token=inputs.token,
                subject=_subject(template_set, subject_source, context, inputs.ref),
                letter=render_letter(template_set, "request", context),
                channel=channel_of(agency),
            )
        )
    return plan


def _last_ref_numbers(db: Database) -> dict[str, int]:
    # Refs are numbered per state across all campaigns, so "CT-0042" names one request forever.
    found = rows(
        db,
        "SELECT substr(ref, 1, 2) AS state, MAX(CAST(substr(ref, 4) AS INTEGER)) AS n "
        "FROM requests GROUP BY substr(ref, 1, 2)",
    )
    return {r["state"]: r["n"] for r in found}


def _unique_token(taken: set[str]) -> str:
    while True:
        token = new_token()
        if token not in taken:
            taken.add(token)
            return token


def _subject(template_set: TemplateSet, source: str, context: Mapping, ref: str) -> str:
    subject = render_subject(template_set, source, context)
    # Matching reads the ref from the subject (cascade step 3): every subject carries it.
    return subject if ref in subject else f"{subject} [{ref}]"


def _insert_campaign(
    db: Database, name: str, template: str, subject: str, variables: Mapping, now: datetime
) -> int:
    return db.execute(
        "INSERT INTO campaigns (name, template, subject, vars, created_at) VALUES (?, ?, ?, ?, ?)",
        (name, template, subject, json.dumps(dict(variables), ensure_ascii=False), now.isoformat()),
    ).lastrowid


def _insert_requests(
    db: Database, campaign_id: int, plan: list[PlannedRequest], domain: str, now: datetime
) -> None:
    created = now.isoformat()
    for p in plan:
        request_id = db.execute(
            "INSERT INTO requests (ref, token, campaign_id, agency_id, jurisdiction, status, "
            "to_addr, subject, letter, law_version, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                p.ref,
                p.token,
                campaign_id,
                p.agency["id"],
                p.agency["state"],
                Status.QUEUED.value,
                p.agency["email"],
                p.subject,
                p.letter,
                LAW_VERSION,
                created,
            ),
        ).lastrowid
        if p.channel == "email":
            db.execute(
                "INSERT INTO outbox (request_id, kind, to_addr, subject, body, message_id, "
                "state, created_at) VALUES (?, 'request', ?, ?, ?, ?, 'pending', ?)",
                (
                    request_id,
                    p.agency["email"],
                    p.subject,
                    p.letter,
                    make_msgid(idstring=p.ref, domain=domain),
                    created,
                ),
            )


# --- Listing and previewing ------------------------------------------------------------------


def list_campaigns(db: Database) -> list[dict]:
    """One row per campaign: its requests, how many wait in the outbox, and counts per status."""
    campaigns = rows(
        db,
        "SELECT c.id, c.name, c.template, c.created_at, COUNT(r.id) AS requests, "
        "(SELECT COUNT(*) FROM outbox o JOIN requests q ON q.id = o.request_id "
        " WHERE q.campaign_id = c.id AND o.kind = 'request' AND o.state = 'pending') AS unsent "
        "FROM campaigns c LEFT JOIN requests r ON r.campaign_id = c.id "
        "GROUP BY c.id ORDER BY c.created_at, c.id",
    )
    counts = rows(
        db,
        "SELECT campaign_id, status, COUNT(*) AS n FROM requests "
        "GROUP BY campaign_id, status ORDER BY campaign_id, status",
    )
    for campaign in campaigns:
        campaign["statuses"] = {
            c["status"]: c["n"] for c in counts if c["campaign_id"] == campaign["id"]
        }
        del campaign["id"]
    return campaigns


@dataclass(frozen=True)
class LetterPreview:
    ref: str
    agency: str
    state: str
    channel: str
    headers: dict[str, str]  # empty when the letter cannot be emailed
    body: str
    send_date_note: str

    def as_json(self) -> dict:
        return {
            "ref": self.ref,
            "agency": self.agency,
            "state": self.state,
            "channel": self.channel,
            "headers": self.headers,
            "body": self.body,
            "send_date_note": self.send_date_note,
        }


def campaign_id(db: Database, name: str) -> int:
    """The id of the campaign called ``name``; a clear error when there is none."""
    campaign = row(db, "SELECT id FROM campaigns WHERE name = ?", (name,))
    if campaign is None:
        raise NotFound(f"No campaign named {name!r}; see foia campaign list.")
    return campaign["id"]


def preview(
    db: Database,
    config: Config,
    name: str,
    *,
    ref: str | None = None,
    limit: int | None = None,
    today: date,
) -> list[LetterPreview]:
    """The letters as they will go out, with `today` standing in for the send date."""
    where, params = "r.campaign_id = ?", [campaign_id(db, name)]
    if ref:
        where += " AND r.ref = ?"
        params.append(ref.upper())
    sql = (
        "SELECT r.ref, r.token, r.subject, r.to_addr, r.letter, a.name AS agency, a.state, "
        "a.email, a.delivery, a.email_status, o.message_id, o.body AS outbox_body "
        "FROM requests r JOIN agencies a ON a.id = r.agency_id "
        "LEFT JOIN outbox o ON o.request_id = r.id AND o.kind = 'request' "
        f"WHERE {where} ORDER BY r.ref"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    found = rows(db, sql, tuple(params))
    if ref and not found:
        raise NotFound(f"No request {ref!r} in campaign {name!r}.")
    note = f"The date {long_date(today)} stands for the day each letter is sent."
    return [_preview_one(config, r, today, note) for r in found]


def _preview_one(config: Config, found: dict, today: date, note: str) -> LetterPreview:
    emailed = found["message_id"] is not None
    body = found["outbox_body"] if emailed else found["letter"]
    return LetterPreview(
        ref=found["ref"],
        agency=found["agency"],
        state=found["state"],
        channel="email" if emailed else channel_of(found),
        headers=headers_to_be(config, found) if emailed else {},
        body=fill_send_date(body, today),
        send_date_note=note,
    )


def headers_to_be(config: Config, request: Mapping) -> dict[str, str]:
    """The headers the sender writes (From, To, Reply-To per ``[replies] mode``, Subject,
    Message-ID); Date is set when the letter is really sent."""
    requester = config.requester
    replies = config.replies
    tokened = reply_address(replies.address, request["token"]) if replies.mode != "none" else ""
    sender = tokened if replies.mode == "from" else requester.email
    headers = {"From": formataddr((requester.name, sender)), "To": request["to_addr"]}
    if replies.mode == "reply-to":
        headers["Reply-To"] = tokened
    headers["Subject"] = request["subject"]
    headers["Message-ID"] = request["message_id"]
    return headers

"""The campaign after launch, against real servers (issue 10, requests side): follow-ups only to
who owes, marks as the truth of their time, requester answers that resume a clock, portal
filings that become overdue, records attached by hand. Agency mail is placed in Dovecot with
IMAP APPEND and polled; letters and follow-ups go through aiosmtpd."""

from __future__ import annotations

import csv
import email
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

import pytest
from click.testing import CliRunner

from foia_tracker.campaigns import create_campaign
from foia_tracker.cli import cli
from foia_tracker.db import row, rows
from foia_tracker.directory.agencies import import_agencies
from foia_tracker.intake import pipeline as intake
from foia_tracker.letters.dates import long_date
from foia_tracker.requests.correspondence import record_requester_message

from .test_send import IMAP_PASSWORD_ENV, env_for

PERIOD = {"period": "from January 1, 2020 to the date of this request"}


@pytest.fixture
def account(monkeypatch, dovecot):
    monkeypatch.setenv(IMAP_PASSWORD_ENV, dovecot.password)
    return dovecot


def deliver(account, env, ref: str, body: str, **options) -> None:
    """The agency's reply to the request's tokened address (how replies are matched), placed in
    INBOX as received at ``at`` (the IMAP INTERNALDATE, which the timeline goes by)."""
    at = options.get("at", datetime.now(UTC))
    account.append("INBOX", agency_mail(account, env, ref, body, **options), internaldate=at)


def agency_mail(account, env, ref: str, body: str, **options) -> bytes:
    token = row(env.db, "SELECT token FROM requests WHERE ref = ?", (ref,))["token"]
    msg = EmailMessage()
    msg["From"] = options.get("sender", f"Records <records@{ref.lower()}.example>")
    msg["To"] = f"{account.username}+{token}@example.test"
    msg["Subject"] = options.get("subject", f"RE: Public records request {ref}")
    msg["Date"] = format_datetime(options.get("at", datetime.now(UTC)))
    msg["Message-ID"] = f"<{abs(hash((ref, body)))}@{ref.lower()}.example>"
    msg.set_content(body)
    for name in options.get("attachments", ()):
        msg.add_attachment(
            b"%PDF-1.4\n% a scanned agreement\n", "application", "pdf", filename=name
        )
    return msg.as_bytes()


def run(env, *args: str) -> str:
    result = CliRunner().invoke(
        cli, ["--config", str(env.config_path), *args], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def campaign(tmp_path, env, refs_by_name: dict[str, str]) -> dict[str, str]:
    """One CT campaign, one request per district; returns district name -> ref."""
    csv = tmp_path / "districts.csv"
    lines = ["name,state,email"] + [
        f"{name},CT,records@{slug}.example" for name, slug in refs_by_name.items()
    ]
    csv.write_text("\n".join(lines) + "\n")
    now = datetime.now(UTC)
    import_agencies(env.db, csv, now=now)
    create_campaign(
        env.db, env.config, "mou", "student-data-agreements", all_agencies=True,
        variables=PERIOD, now=now,
    )  # fmt: skip
    found = rows(
        env.db, "SELECT r.ref, a.name FROM requests r JOIN agencies a ON a.id = r.agency_id"
    )
    return {f["name"]: f["ref"] for f in found}


def test_a_followup_run_skips_every_answered_request_and_fits_the_rest(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    names = ["Pdf", "Link", "Portal", "Denied", "Promised", "Silent", "Partial"]
    refs = campaign(tmp_path, env, {f"{n} Public Schools": n.lower() for n in names})
    ref = {n: refs[f"{n} Public Schools"] for n in names}
    assert env.send(campaign="mou").sent == 7
    now = datetime.now(UTC)
    promised = (now + timedelta(days=10)).date()
    rest_by = (now + timedelta(days=12)).date()
    mail = [
        (ref["Pdf"], "Attached are the records responsive to your request.", ["mou.pdf"]),
        (
            ref["Link"],
            "The records are available at https://files.district2.example/share/abc123 . This completes the "
            "district's response.",
            [],
        ),
        (
            ref["Portal"],
            "Records for your request have been released. Log in to the portal to download "
            "them: https://portal.example/rs/RequestOpen.aspx?rid=1",
            [],
        ),
        (ref["Denied"], "Your request is denied. The agreements are exempt under FERPA.", []),
        (
            ref["Promised"],
            "We received your request and are working on it. We expect to respond by "
            f"{long_date(promised)}.",
            [],
        ),
        (ref["Partial"], "Enclosed is the first installment of records.", ["part1.pdf"]),
    ]
    # Replies come in the half hour before now, but never before today's midnight (UTC): the
    # reasons below name today's date, whatever the hour the suite runs at.
    first = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0, second=0, microsecond=0))
    for n, (to_ref, body, files) in enumerate(mail):
        sender = "Pat Clerk <pat.clerk@promised.example>" if to_ref == ref["Promised"] else None
        options = {"attachments": files, "at": first + (now - first) * n / (len(mail) + 1)}
        if sender:
            options["sender"] = sender
        deliver(account, env, to_ref, body, **options)
    # The partial production's second message says when the rest comes: it is the latest.
    deliver(
        account, env, ref["Partial"],
        f"The remaining records will be provided by {long_date(rest_by)}.",
        sender="Lee Aide <lee.aide@partial.example>", at=now,
    )  # fmt: skip
    report = intake.poll(env.db, env.store, env.config, now=now)
    assert (report.stored, report.matched) == (7, 7)
    status = {r["ref"]: r["status"] for r in json.loads(run(env, "status", "--format", "json"))}
    assert [status[ref[n]] for n in names] == [
        "partially_fulfilled", "processing", "processing", "denied", "processing", "sent",
        "partially_fulfilled",
    ]  # fmt: skip
    later = (now + timedelta(days=40)).date().isoformat()
    drafts = json.loads(run(env, "followup", "--as-of", later, "--all", "--format", "json"))
    reasons = {d["ref"]: d["reason"] for d in drafts["decisions"]}
    today = now.date().isoformat()
    assert reasons[ref["Pdf"]] == f"the agency's latest message ({today}) delivered records"
    assert (
        reasons[ref["Link"]] == f"the agency's latest message ({today}) delivered a download link"
    )
    assert (
        reasons[ref["Portal"]] == f"the agency's latest message ({today}) delivered a download link"
    )
    assert ref["Denied"] not in reasons  # an end state: no follow-up considered at all
    sent_before = len(smtp_plain.received)
    output = run(env, "followup", "--as-of", later, "--send")
    assert "Sent 3 followup(s); 0 failed" in output, json.dumps(drafts["decisions"], indent=1)
    followups = {
        r.rcpt_tos[0]: email.message_from_bytes(r.raw, policy=default_policy)
        for r in smtp_plain.received[sent_before:]
    }
    assert set(followups) == {
        "pat.clerk@promised.example",  # the clerk who wrote, not the address we wrote to
        "records@silent.example",
        "lee.aide@partial.example",
    }
    body = {to: msg.get_content().replace("\r\n", "\n") for to, msg in followups.items()}
    assert (
        f"In your message of {long_date(now.date())} you expected to respond by "
        f"{long_date(promised)}. That date has passed" in body["pat.clerk@promised.example"]
    )
    assert "I have not yet received the records or a decision." in body["records@silent.example"]
    partial = body["lee.aide@partial.example"]
    assert "Thank you for the records you have sent so far" in partial
    assert (
        f"You expected to send the rest by {long_date(rest_by)}, and that date has passed"
        in partial
    )
    assert "I have not yet received the records or a decision" not in partial
    for r in (ref["Pdf"], ref["Link"], ref["Portal"], ref["Denied"]):
        assert not rows(env.db, "SELECT 1 FROM outbox o JOIN requests r ON r.id = o.request_id "
                        "WHERE r.ref = ? AND o.kind = 'followup'", (r,))  # fmt: skip
    shown = json.loads(run(env, "show", ref["Promised"], "--format", "json"))
    assert shown["due"] == promised.isoformat()
    assert [e["type"] for e in shown["events"]][-1] == "followup_sent"
    assert shown["events"][-1]["detail"]["to"] == "pat.clerk@promised.example"


def test_a_mark_is_the_truth_of_its_time_and_later_records_move_it(tmp_path, account, smtp_plain):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    refs = campaign(tmp_path, env, {"Avon Public Schools": "avon", "Bolton Schools": "bolton"})
    avon, bolton = refs["Avon Public Schools"], refs["Bolton Schools"]
    assert env.send(campaign="mou").sent == 2
    run(env, "mark", avon, "processing", "--note", "clerk phoned")
    run(env, "mark", bolton, "withdrawn")
    now = datetime.now(UTC) + timedelta(minutes=5)  # the records come after the marks
    for ref in (avon, bolton):
        body = "Attached are the records responsive to your request."
        deliver(account, env, ref, body, attachments=["mou.pdf"], at=now)
    intake.poll(env.db, env.store, env.config, now=now)
    shown = json.loads(run(env, "show", avon, "--format", "json"))
    assert shown["status"] == "partially_fulfilled"
    review = [e for e in shown["events"] if e["type"] == "review_needed"]
    assert review[-1]["detail"]["reason"] == "later evidence replaces your mark of processing"
    moved = [e for e in shown["events"] if e["type"] == "status"]
    assert [(e["actor"], e["detail"]["new"]) for e in moved] == [
        ("auto", "sent"), ("user", "processing"), ("auto", "partially_fulfilled"),
    ]  # fmt: skip
    assert (
        moved[0]["at"] < moved[1]["at"] < moved[2]["at"] == now.replace(microsecond=0).isoformat()
    )
    listed = json.loads(run(env, "status", "--needs-review", "--format", "json"))
    assert sorted(r["ref"] for r in listed) == sorted([avon, bolton])
    kept = json.loads(run(env, "show", bolton, "--format", "json"))
    assert kept["status"] == "withdrawn"
    assert kept["events"][-1]["detail"]["reason"] == "withdrawn was set by hand: left unchanged"


def test_a_portal_filing_starts_its_clock_then_becomes_a_followup_task(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    csv = tmp_path / "portal.csv"
    csv.write_text(
        "name,state,delivery,portal_url\n"
        "Canton Public Schools,CT,portal,https://canton.example/records\n"
    )
    import_agencies(env.db, csv, now=datetime.now(UTC))
    create_campaign(
        env.db, env.config, "mou", "student-data-agreements", all_agencies=True,
        variables=PERIOD, now=datetime.now(UTC),
    )  # fmt: skip
    ref = row(env.db, "SELECT ref FROM requests")["ref"]
    before = json.loads(run(env, "show", ref, "--format", "json"))
    assert (before["sent_at"], before["due"]) == (None, None)
    run(env, "mark", ref, "sent", "--via", "portal", "--on", "2026-11-02",
        "--tracking-number", "R-118")  # fmt: skip
    shown = json.loads(run(env, "show", ref, "--format", "json"))
    # Noon in Hartford on Monday Nov 2 is day zero; 4 business days (Conn. Gen. Stat. § 1-206(a)):
    # Nov 3, 4, 5, 6 -> due Friday Nov 6.
    assert shown["sent_at"] == "2026-11-02T12:00:00-05:00"
    assert (shown["due"], shown["tracking_number"]) == ("2026-11-06", "R-118")
    sent = [e for e in shown["events"] if e["type"] == "sent"]
    assert sent[0]["detail"]["via"] == "portal" and sent[0]["actor"] == "user"
    row_ = json.loads(run(env, "status", "--as-of", "2026-11-16", "--format", "json"))[0]
    assert (row_["overdue"], row_["days_overdue"]) == (True, 10)
    assert row_["next_action"].startswith(
        "follow up yourself (10 days overdue): on the portal https://canton.example/records"
    )
    before_mail = len(smtp_plain.received)
    output = run(env, "followup", "--as-of", "2026-11-16", "--send")
    assert len(smtp_plain.received) == before_mail  # a task, never an email
    assert f"To do by hand, {ref}: follow up yourself on the portal" in output
    drafts = json.loads(run(env, "followup", "--as-of", "2026-11-16", "--format", "json"))
    assert drafts["decisions"][0]["reason"] == "10 days overdue: a task for you, not an email"
    assert drafts["drafts"][0]["to"] == ""
    assert not rows(env.db, "SELECT 1 FROM outbox WHERE kind = 'followup'")


def test_a_fee_accepted_resumes_the_clock_and_a_vague_answer_is_flagged(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    csv = tmp_path / "tx.csv"
    csv.write_text(
        "name,state,email\nAustin ISD,TX,records@austin.example\nDallas ISD,TX,records@dallas.example\n"
    )
    import_agencies(env.db, csv, now=datetime.now(UTC))
    create_campaign(
        env.db, env.config, "mou", "student-data-agreements", all_agencies=True,
        variables=PERIOD, now=datetime.now(UTC),
    )  # fmt: skip
    found = {r["ref"]: r["id"] for r in rows(env.db, "SELECT ref, id FROM requests ORDER BY id")}
    austin, dallas = list(found)
    for ref in found:  # filed by post on a fixed day, so every date below is exact
        run(env, "mark", ref, "sent", "--via", "mail", "--on", "2026-11-02")
    fee = "The estimated cost is $84.50. Please confirm in writing that you accept the charges."
    for ref in found:
        deliver(account, env, ref, fee, at=datetime(2026, 11, 4, 16, tzinfo=UTC))
    intake.poll(env.db, env.store, env.config, now=datetime(2026, 11, 4, 16, tzinfo=UTC))
    paused = json.loads(run(env, "show", austin, "--format", "json", "--as-of", "2026-11-05"))
    assert (paused["status"], paused["due"], paused["fee_amount"]) == (
        "fee_requested",
        None,
        "84.50",
    )
    # § 552.2615(b): 10 business days to answer, counted from Nov 4 (Nov 11 is a holiday).
    assert paused["next_action"].startswith("answer the fee estimate ($84.50) by 2026-11-19")
    answered = datetime(2026, 11, 9, 15, tzinfo=UTC)
    record_requester_message(
        env.db, found[austin], at=answered, via="mail client", kind="accept-fee"
    )
    record_requester_message(
        env.db, found[dallas], at=answered, via="mail client", kind="decline-fee"
    )
    shown = json.loads(run(env, "show", austin, "--format", "json", "--as-of", "2026-11-10"))
    # Day zero Nov 2; 10 business days skipping Nov 11 = Nov 17; the pause Nov 4 -> Nov 9 took
    # 3 business days (Nov 4, 5, 6): due Friday Nov 20.
    assert (shown["status"], shown["due"]) == ("processing", "2026-11-20")
    types = [e["type"] for e in shown["events"]]
    assert types[-4:] == ["status", "requester_message", "resume", "status"]
    message = shown["events"][-3]
    assert message["detail"] == {
        "via": "mail client",
        "kind": "accept-fee",
        "answers": "fee_estimate",
    }
    assert (
        "You answered the fee estimate on 2026-11-09 (mail client, accept-fee): the clock resumed."
        in shown["due_explain"]
    )
    vague = json.loads(run(env, "show", dallas, "--format", "json", "--as-of", "2026-11-10"))
    assert (vague["status"], vague["due"]) == ("processing", "2026-11-20")
    assert vague["next_action"].startswith("review the latest reply")
    assert any(
        "may not be one: the clock resumed; please review" in line for line in vague["due_explain"]
    )
    # The records come later: the answer was the agency's move, so no review is needed on Austin.
    deliver(
        account, env, austin, "Attached are the records. This completes the request.",
        attachments=["agreements.pdf"], at=datetime(2026, 11, 16, 16, tzinfo=UTC),
    )  # fmt: skip
    intake.poll(env.db, env.store, env.config, now=datetime(2026, 11, 16, 16, tzinfo=UTC))
    done = json.loads(run(env, "show", austin, "--format", "json", "--as-of", "2026-11-17"))
    assert (done["status"], done["next_action"], done["documents"][0]["filename"]) == (
        "fulfilled",
        "",
        "agreements.pdf",
    )


def test_records_attached_by_hand_are_stored_searchable_and_exportable(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    refs = campaign(tmp_path, env, {"Derby Public Schools": "derby"})
    ref = refs["Derby Public Schools"]
    assert env.send(campaign="mou").sent == 1
    scan = tmp_path / "agreement.txt"
    scan.write_text("Data sharing agreement with Zebra Learning Analytics for rostering.\n")
    output = run(env, "attach", ref, str(scan), "--via", "cd", "--received", "2026-11-20",
                 "--note", "CD in the post")  # fmt: skip
    size = scan.stat().st_size
    assert f"{ref}: agreement.txt {size} bytes" in output and "(text: ok)" in output
    run(env, "note", ref, "Clerk says a second CD follows", "--at", "2026-11-21")
    shown = json.loads(run(env, "show", ref, "--format", "json"))
    doc = shown["documents"][0]
    assert (doc["filename"], doc["source"], doc["message"], doc["size"]) == (
        "agreement.txt",
        "manual",
        None,
        size,
    )
    assert env.store.read_file(doc["sha256"]) == scan.read_bytes()
    assert env.store.file_path(doc["sha256"]).stat().st_mode & 0o077 == 0
    # The timeline reads in time order: the CD (Nov 20) and the note (Nov 21) come before the
    # letter that went by email today.
    assert [e["type"] for e in shown["events"]] == ["document_added", "note", "status", "sent"]
    added, note = shown["events"][:2]
    assert (added["type"], added["at"][:10], added["detail"]["via"]) == (
        "document_added",
        "2026-11-20",
        "cd",
    )
    assert added["detail"]["note"] == "CD in the post"
    assert (note["type"], note["detail"]) == ("note", {"text": "Clerk says a second CD follows"})
    listed = json.loads(run(env, "status", "--format", "json"))[0]
    assert listed["documents"] == 1
    for filters in ((), ("--campaign", "mou"), ("--state", "CT")):
        hits = json.loads(run(env, "search", "Zebra", *filters, "--format", "json"))
        found = [(h["sha256"], h["refs"]) for h in hits if h.get("sha256")]
        assert found == [(doc["sha256"], [ref])], filters
    assert json.loads(run(env, "search", "Zebra", "--state", "TX", "--format", "json")) == []
    out = tmp_path / "export"
    run(env, "export", "mou", "--out", str(out))
    listed_files = csv.DictReader((out / "manifest.csv").open(encoding="utf-8"))
    manifest = [m for m in listed_files if not m["source"].startswith("letter")]  # ours too
    assert [(m["ref"], m["filename"], m["source"], m["received_at"][:10]) for m in manifest] == [
        (ref, "agreement.txt", "manual", "2026-11-20")
    ]
    assert (out / manifest[0]["path"]).read_bytes() == scan.read_bytes()


def test_a_deemed_denial_has_a_fixed_appeal_deadline_flagged_once_passed(
    tmp_path, account, smtp_plain
):
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    refs = campaign(tmp_path, env, {"Essex Public Schools": "essex"})
    ref = refs["Essex Public Schools"]
    run(env, "mark", ref, "sent", "--via", "mail", "--on", "2026-11-02")
    # Due Nov 6 (4 business days); silence is a denial from Nov 7 (§ 1-206(a)); 30 days to
    # appeal to the FOI Commission (§ 1-206(b)(1)): until Dec 7, whatever day we ask.
    actions = [
        json.loads(run(env, "status", "--as-of", day, "--format", "json"))[0]["next_action"]
        for day in ("2026-11-20", "2026-12-01")
    ]
    assert all("silence may be appealed as a denial" in a for a in actions)
    assert all(a.endswith(", by 2026-12-07)") for a in actions)
    late = json.loads(run(env, "status", "--as-of", "2027-01-15", "--format", "json"))[0]
    assert late["next_action"].endswith("; the time to appeal ran out on 2026-12-07)")
    draft = json.loads(run(env, "appeal", ref, "--as-of", "2027-01-15", "--format", "json"))
    body = draft["body"]
    # CT's appeal goes to the FOI Commission, not the district: the e-mailed draft asks the
    # district to reconsider; the commission's deadline is guidance for the requester.
    assert "I make this appeal within it" not in body
    assert "Dear Records Custodian:" in body
    assert draft["warning"].startswith("The time to appeal ran out on 2026-12-07")
    assert "Last day for that step: Mon Dec 7, 2026" in " ".join(draft["guidance"])
    on_time = json.loads(run(env, "appeal", ref, "--as-of", "2026-11-20", "--format", "json"))
    assert on_time["warning"] == ""
    assert "Last day for that step: Mon Dec 7, 2026" in " ".join(on_time["guidance"])


def test_one_phrase_goes_to_review_and_moves_no_clock(tmp_path, account, smtp_plain):
    # intake/reply_gate.py through the whole pipeline: Dovecot -> poll -> classify -> status.
    env = env_for(tmp_path, account, smtp_plain, sent_copy="never")
    refs = campaign(tmp_path, env, {"Thin Public Schools": "thin", "Firm Public Schools": "firm"})
    thin_ref, firm_ref = refs["Thin Public Schools"], refs["Firm Public Schools"]
    assert env.send(campaign="mou").sent == 2
    before = {r["ref"]: r["due"] for r in json.loads(run(env, "status", "--format", "json"))}
    new_date = (datetime.now(UTC) + timedelta(days=30)).date()
    deliver(account, env, thin_ref, "Tech is still pulling the files.")
    deliver(
        account, env, firm_ref,
        "We need additional time to gather the records. We expect to respond by "
        f"{long_date(new_date)}.",
    )  # fmt: skip
    report = intake.poll(env.db, env.store, env.config, now=datetime.now(UTC))
    assert report.matched == 2
    status = {r["ref"]: r for r in json.loads(run(env, "status", "--format", "json"))}
    assert status[firm_ref]["status"] == "processing"
    assert status[firm_ref]["due"] == new_date.isoformat()
    # One "still pulling" is an extension as often as not: a person reads it, nothing moves.
    assert status[thin_ref]["status"] == "acknowledged"
    assert status[thin_ref]["due"] == before[thin_ref]
    review = json.loads(run(env, "status", "--needs-review", "--format", "json"))
    assert [r["ref"] for r in review] == [thin_ref]
    shown = json.loads(run(env, "show", thin_ref, "--format", "json"))
    reasons = [str(e["detail"].get("reason", "")) for e in shown["events"] if e["detail"]]
    assert any('reads like extension on one phrase only ("still pulling")' in r for r in reasons)
    assert not any(e["type"] == "extension" for e in shown["events"])
    kinds = {
        m["kind"] for m in json.loads(run(env, "messages", "--ref", thin_ref, "--format", "json"))
    }
    assert kinds == {"other"}
    # Follow-ups wait for her to read it; once she marks the request, they go on as usual.
    later = (datetime.now(UTC) + timedelta(days=60)).date().isoformat()
    drafts = json.loads(run(env, "followup", "--as-of", later, "--all", "--format", "json"))
    reasons = {d["ref"]: d["reason"] for d in drafts["decisions"]}
    assert "read the agency's message" in reasons[thin_ref]
    run(env, "mark", thin_ref, "processing")
    drafts = json.loads(run(env, "followup", "--as-of", later, "--all", "--format", "json"))
    decisions = {d["ref"]: d for d in drafts["decisions"]}
    assert "read the agency's message" not in decisions[thin_ref]["reason"]
    assert decisions[thin_ref]["followup"], decisions[thin_ref]

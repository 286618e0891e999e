"""Real-world mail formats through a real Dovecot: our own samples of each MTA's bounce, each
responder's auto-reply, a forwarded Outlook .msg, signature pictures and a Bcc to oneself,
appended with IMAP APPEND and polled like any mail."""

from __future__ import annotations

import base64
import json

import pytest

from foia_tracker.cli.common import App
from foia_tracker.db import row, rows
from foia_tracker.outputs.search import search
from foia_tracker.parse.message import is_from, parse_message
from tests.bounce_corpus import BOUNCES, EXPECTED, FALLBACK, HOLDOUT, sample
from tests.integration.servers import MailAccount
from tests.integration.test_poll import MAIL, make_app, message, poll
from tests.msg_sample import MsgSample, build_msg
from tests.test_autoreply import AUTOREPLIES
from tests.test_autoreply import EXPECTED as AUTO_EXPECTED
from tests.test_bounce import KNOWN_MISSES
from tests.test_bounce_formats import AGENCY, coremail, dma_report, recipient, ses_notice, sns_mail

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SAMPLES = {**EXPECTED, **HOLDOUT, **FALLBACK}
BOUNCE_SAMPLES = sorted(name for name in SAMPLES if not name.startswith("../"))


@pytest.fixture
def app(dovecot: MailAccount, tmp_path, monkeypatch) -> App:
    return make_app(dovecot, tmp_path, monkeypatch)


def open_requests(app: App) -> dict[str, list[str]]:
    """address -> refs of the open requests written to it (as the seed in test_poll made them)."""
    found: dict[str, list[str]] = {}
    for r in rows(app.db, "SELECT ref, to_addr FROM requests ORDER BY ref"):
        found.setdefault(r["to_addr"], []).append(r["ref"])
    return found


def gave_up(name: str) -> bool:
    """A server that stopped trying on a temporary cause (a full mailbox): the letter bounced,
    the address is good (parse/bounce.BounceInfo.gave_up)."""
    bounce = parse_message(sample(name)).bounce
    return bounce is not None and bounce.gave_up


def expected_bounced(app: App, name: str) -> tuple[set[str], set[str]]:
    """(refs, agency addresses) a failure must bounce: the letter its returned Message-ID
    names, else the one open request to each named address; the address only when the report
    names it (a report naming nobody, e.g. a list's rejection, marks no address) and the
    failure is permanent (a full mailbox the server gave up on marks none)."""
    action, recipients, original_id = SAMPLES[name]
    if action != "failed" and not gave_up(name):
        return set(), set()
    by_address = open_requests(app)
    ref_of_id = {f"<letter-{r.lower()}@foia.example.com>": r for refs in by_address.values()
                 for r in refs}  # fmt: skip
    if original_id in ref_of_id:
        refs = {ref_of_id[original_id]}
    else:
        refs = {by_address[a][0] for a in recipients if len(by_address.get(a, [])) == 1}
    addresses = {a for a, rs in by_address.items() if set(rs) & refs and a in recipients}
    return refs, (addresses if action == "failed" else set())


@pytest.mark.parametrize("name", BOUNCE_SAMPLES)
def test_each_bounce_family_through_dovecot(dovecot: MailAccount, app: App, name: str):
    action = SAMPLES[name][0]
    dovecot.append("INBOX", sample(name))

    report = poll(app)

    kind = row(app.db, "SELECT kind FROM messages")["kind"]
    expected = "bounce" if gave_up(name) else {"failed": "bounce", "delayed": "delay"}.get(action)
    assert kind == (expected or kind)
    if action is None:
        assert kind not in ("bounce", "delay")
    refs, addresses = expected_bounced(app, name)
    bounced = {r["ref"] for r in rows(app.db, "SELECT ref FROM requests WHERE status = 'bounced'")}
    assert bounced == refs
    marked = {r["email"] for r in rows(app.db, "SELECT email FROM agencies "
                                                "WHERE email_status = 'bounced'")}  # fmt: skip
    assert marked == addresses
    assert report.bounces == (1 if expected == "bounce" else 0)


def test_a_delay_never_bounces_anything(dovecot: MailAccount, app: App):
    delays = [n for n in BOUNCE_SAMPLES if SAMPLES[n][0] == "delayed" and not gave_up(n)]
    assert len(delays) >= 6
    for name in delays:
        dovecot.append("INBOX", sample(name))

    poll(app)

    kinds = {r["kind"] for r in rows(app.db, "SELECT kind FROM messages")}
    assert kinds == {"delay"}
    assert rows(app.db, "SELECT ref FROM requests WHERE status = 'bounced'") == []
    assert rows(app.db, "SELECT email FROM agencies WHERE email_status = 'bounced'") == []


@pytest.mark.parametrize("name", sorted(AUTO_EXPECTED))
def test_each_auto_reply_format_through_dovecot(dovecot: MailAccount, app: App, name: str):
    auto_reply, automated, _ = AUTO_EXPECTED[name]
    dovecot.append("INBOX", (AUTOREPLIES / f"{name}.eml").read_bytes())

    poll(app)

    stored = row(app.db, "SELECT raw_sha256, kind, automated FROM messages")
    parsed = parse_message(app.store.read_raw(stored["raw_sha256"]))
    assert (parsed.is_auto_reply, parsed.automated) == (auto_reply, automated)
    if auto_reply:  # RFC 3834: never a response; nothing moves
        assert (stored["kind"], stored["automated"]) == ("auto_reply", 1)
        statuses = {r["status"] for r in rows(app.db, "SELECT status FROM requests")}
        assert statuses == {"sent"}


def forwarded_msg() -> bytes:
    item = MsgSample(
        subject="[CT-0044] Data sharing agreement",
        body="Attached is the signed agreement with the vendor, as you asked.",
        attachments=[("DSA signed 2026.pdf", PDF)],
    )
    data = base64.encodebytes(build_msg(item)).decode().replace("\n", "\r\n")
    return (
        "From: IT Desk <it@district2.example.org>\r\nTo: jane@example.test\r\n"
        "Subject: FW: the item you asked for\r\nMessage-ID: <fw-msg-1@district2.example.org>\r\n"
        "Date: Mon, 9 Nov 2026 10:00:00 -0500\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        "--z\r\nContent-Type: text/plain\r\n\r\nForwarding the Outlook item.\r\n"
        '--z\r\nContent-Type: application/vnd.ms-outlook; name="DSA.msg"\r\n'
        'Content-Disposition: attachment; filename="DSA.msg"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{data}--z--\r\n"
    ).encode()


def test_a_forwarded_outlook_item_is_opened_filed_and_searchable(dovecot: MailAccount, app: App):
    dovecot.append("INBOX", forwarded_msg())

    poll(app)

    mid = row(app.db, "SELECT message_id FROM messages")["message_id"]
    filed = rows(app.db, "SELECT r.ref, mr.method FROM message_requests mr "
                         "JOIN requests r ON r.id = mr.request_id")  # fmt: skip
    assert mid == "<fw-msg-1@district2.example.org>"
    assert filed == [{"ref": "CT-0044", "method": "ref"}]  # the ref is inside the item
    sources = rows(app.db, "SELECT filename, source FROM attachments ORDER BY id")
    assert sources == [
        {"filename": "DSA.msg", "source": "attachment"},
        {"filename": "DSA signed 2026.pdf", "source": "msg"},
    ]
    hits = search(app.db, "signed agreement with the vendor")
    assert [h["message_id"] for h in hits if h["kind"] == "message"] == [mid]


def test_signature_pictures_survive_the_round_trip_marked(dovecot: MailAccount, app: App):
    raw = (MAIL / "inline_signature.eml").read_bytes()
    dovecot.append("INBOX", raw)

    poll(app)

    stored = row(app.db, "SELECT raw_sha256 FROM messages")["raw_sha256"]
    parsed = parse_message(app.store.read_raw(stored))
    assert [(a.filename, a.inline_image) for a in parsed.attachments] == [
        ("image001.png", True),
        ("~WRD0000.jpg", True),
        ("Response letter CT-0043.pdf", False),
    ]
    filed = {r["filename"] for r in rows(app.db, "SELECT filename FROM attachments")}
    assert "Response letter CT-0043.pdf" in filed


def test_a_bcc_to_herself_is_recognisably_hers(dovecot: MailAccount, app: App):
    own = app.config.requester.email
    raw = message(
        "Re: [CT-0043] Public records request",
        "Thank you; I accept the fee estimate.",
        sender=f"Jane Doe <{own}>",
        to="foia@district.example.org",
        message_id="<jane-reply-1@example.test>",
        headers=(f"Bcc: {own}", "In-Reply-To: <fee-1@district.example.org>"),
    )
    dovecot.append("INBOX", raw)

    poll(app)

    stored = row(app.db, "SELECT raw_sha256, message_id FROM messages")
    parsed = parse_message(app.store.read_raw(stored["raw_sha256"]))
    assert is_from(parsed, [own])
    assert (parsed.message_id, parsed.in_reply_to) == (
        "<jane-reply-1@example.test>",
        ("<fee-1@district.example.org>",),
    )
    assert not is_from(parse_message(sample("postfix_failed")), [own])


def test_every_sample_is_in_the_corpus_table():
    assert sorted(p.stem for p in BOUNCES.glob("*.eml")) == BOUNCE_SAMPLES


# The blind sets (tests/test_bounce.py): every family their authors wrote, through Dovecot.
BLIND_FOLDERS = (BOUNCES.parent / "blind_k", BOUNCES.parent / "blind_s")
BLIND_CASES = [
    (folder, name, want)
    for folder in BLIND_FOLDERS
    for name, want in sorted(json.loads((folder / "expected.json").read_text("utf-8")).items())
    if name not in KNOWN_MISSES
]


def blind_kind(want: dict, raw: bytes) -> str | None:
    if want["type"] == "autoreply":
        return "auto_reply"
    if want["type"] != "bounce":
        return None  # a look-alike: anything but a bounce or a delay
    bounce = parse_message(raw).bounce
    return "bounce" if want["action"] == "failed" or (bounce and bounce.gave_up) else "delay"


@pytest.mark.parametrize(
    ("folder", "name", "want"), BLIND_CASES, ids=[f"{f.name}-{n}" for f, n, _ in BLIND_CASES]
)
def test_each_blind_sample_through_dovecot(dovecot: MailAccount, app: App, folder, name, want):
    raw = (folder / f"{name}.eml").read_bytes()
    dovecot.append("INBOX", raw)

    poll(app)

    kind = row(app.db, "SELECT kind FROM messages")["kind"]
    expected = blind_kind(want, raw)
    if expected is None:
        assert kind not in ("bounce", "delay")
    else:
        assert kind == expected
    # nothing in this set is addressed to a seeded request's agency: no address is marked
    assert rows(app.db, "SELECT email FROM agencies WHERE email_status = 'bounced'") == []


def filed_state(app: App, ref: str) -> tuple[str, int, str | None]:
    """(request status, needs_review, the agency's email_status) of one request."""
    request = row(
        app.db, "SELECT status, needs_review, agency_id FROM requests WHERE ref = ?", (ref,)
    )
    agency = row(app.db, "SELECT email_status FROM agencies WHERE id = ?", (request["agency_id"],))
    return request["status"], request["needs_review"], agency["email_status"]


@pytest.mark.parametrize(
    ("name", "bad_address"),
    [("ses", True), ("coremail", True), ("dmarc", False)],
)
def test_ses_coremail_and_dmarc_bounces_of_our_letter_through_dovecot(
    dovecot: MailAccount, app: App, name: str, bad_address: bool
):
    # Written for the test (tests/test_bounce_formats.py), each about CT-0044's letter.
    hard = {"bounceType": "Permanent", "bouncedRecipients": [recipient(AGENCY, "5.1.1", "")]}
    html = f"<p>邮件被退回</p><table><tr><th>收件人：</th><td>{AGENCY}</td></tr></table>"
    raws = {
        "ses": sns_mail(ses_notice(hard)),
        "coremail": coremail(html + "<p>Message-ID: &lt;letter-ct-0044@foia.example.com&gt;</p>"),
        "dmarc": dma_report("550 5.7.26 Unauthenticated email is not accepted (DMARC policy)"),
    }
    dovecot.append("INBOX", raws[name])

    poll(app)

    assert row(app.db, "SELECT kind FROM messages")["kind"] == "bounce"
    status, review, email_status = filed_state(app, "CT-0044")
    assert status == "bounced"
    # A DMARC refusal is our mail's fault: the address stays good and a person is asked to look.
    assert (email_status == "bounced", bool(review)) == (bad_address, not bad_address)

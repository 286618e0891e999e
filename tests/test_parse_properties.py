import os
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foia_tracker.intake.matching import MatchContext, RequestInfo, match_message
from foia_tracker.parse.message import ParsedMessage, parse_message, safe_filename
from foia_tracker.tokens import JURISDICTIONS, check_symbol, find_refs, find_tokens

settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None)
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

MAIL = Path(__file__).parent / "fixtures" / "mail"
# the zip bomb fixture is large; mutate the small messages
CORPUS = sorted(p.read_bytes() for p in MAIL.glob("*.eml") if p.stat().st_size < 20_000)


def check_invariants(parsed: ParsedMessage) -> None:
    assert isinstance(parsed, ParsedMessage)
    seen = set()
    for leaf in parsed.attachments:
        assert leaf.safe_name
        assert "/" not in leaf.safe_name and "\\" not in leaf.safe_name
        assert not leaf.safe_name.startswith(".")
        assert leaf.parent_sha256 is None or leaf.parent_sha256 in seen
        seen.add(leaf.sha256)
    for address in parsed.recipient_addrs + parsed.to_addrs + parsed.cc_addrs:
        assert address == address.lower() and "@" in address
    if parsed.date is not None:
        assert parsed.date.utcoffset() is not None


@given(st.binary(max_size=3000))
def test_arbitrary_bytes_parse_without_an_internal_error(raw):
    # parse_message catches everything, so "never raises" would prove nothing: any internal
    # error shows up as parse_error, and bytes of any kind must be read without one.
    parsed = parse_message(raw)
    check_invariants(parsed)
    assert parsed.parse_error is None


@st.composite
def mutated_message(draw):
    raw = bytearray(draw(st.sampled_from(CORPUS)))
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        at = draw(st.integers(0, max(len(raw) - 1, 0)))
        if kind == "flip" and raw:
            raw[at] = draw(st.integers(0, 255))
        elif kind == "delete":
            del raw[at : at + draw(st.integers(1, 200))]
        elif kind == "insert":
            junk = draw(
                st.sampled_from(
                    [b"\r\n", b"--", b"=?utf-8?B?", b"\x00", b"\xff\xfe", b"begin 644 x\n",
                     b"Content-Type: multipart/mixed; boundary=x\n", b"\n--x\n", b";", b'"']
                )
            )  # fmt: skip
            raw[at:at] = junk
        elif kind == "truncate":
            del raw[at:]
        elif kind == "duplicate":
            raw[at:at] = raw[at : at + draw(st.integers(1, 300))]
    return bytes(raw)


@given(mutated_message())
def test_parse_never_raises_on_mutated_real_messages(raw):
    parsed = parse_message(raw)
    check_invariants(parsed)
    # damaged mail is read as far as it goes; no internal error may reach the catch-all
    assert parsed.parse_error is None


HEADER_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn")), max_size=60
).map(lambda s: " ".join(s.split()))


@given(subject=HEADER_TEXT, name=HEADER_TEXT, body=HEADER_TEXT)
def test_encoded_headers_round_trip(subject, name, body):
    name = name.replace('"', "").replace("\\", "").strip()
    message = EmailMessage(policy=SMTP)
    message["From"] = f'"{name}" <a@agency.example>'
    message["Subject"] = subject
    message["Message-ID"] = "<x@agency.example>"
    message.set_content(body or "empty")
    parsed = parse_message(message.as_bytes())
    assert parsed.parse_error is None
    assert parsed.subject == subject
    assert parsed.from_addr == "a@agency.example"
    # the stdlib encoder can drop a space at an encoded-word fold; compare without spaces
    assert parsed.from_name.replace(" ", "") == name.replace(" ", "")
    assert parsed.body_text == (body or "empty")


@given(st.text(max_size=80))
def test_safe_filename_is_always_safe(name):
    safe = safe_filename(name)
    assert safe and len(safe) <= 120
    assert "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert not any(ord(c) < 32 for c in safe)


# --- matching ------------------------------------------------------------------------------

SYMBOLS = "0123456789abcdefghjkmnpqrstvwxyz"
STATES = sorted(JURISDICTIONS)


@st.composite
def campaign(draw):
    count = draw(st.integers(1, 12))
    datas = draw(
        st.lists(st.text(SYMBOLS, min_size=12, max_size=12), min_size=count, max_size=count,
                 unique=True)
    )  # fmt: skip
    requests = []
    for i, data in enumerate(datas):
        agency = draw(st.integers(1, 4))
        requests.append(
            RequestInfo(
                id=i + 1,
                ref=f"{draw(st.sampled_from(STATES[:3]))}-{i + 1:04d}",
                token=data + check_symbol(data),
                agency_id=agency,
                agency_email=f"records@agency{agency}.example",
                open=draw(st.booleans()),
                message_ids=(f"<letter-{i + 1}@foia.example>",),
            )
        )
    return requests


@st.composite
def message_for(draw, requests):
    pick = st.sampled_from(requests)
    noise = st.sampled_from(["", "hello", "COVID-19", "CT-12", "ref CT-9999", "zzzzzzzzzzzzz"])
    recipients = [f"records+{draw(pick).token}@x.org" for _ in range(draw(st.integers(0, 1)))]
    in_reply = [f"<letter-{draw(pick).id}@foia.example>" for _ in range(draw(st.integers(0, 1)))]
    subject = " ".join(
        [draw(noise)] + [f"[{draw(pick).ref}]" for _ in range(draw(st.integers(0, 1)))]
    )
    body = " ".join([draw(noise)] + [draw(pick).token for _ in range(draw(st.integers(0, 1)))])
    sender = draw(
        st.sampled_from(
            [r.agency_email for r in requests] + ["x@agency1.example", "a@gmail.com", "s@else.org"]
        )
    )
    return ParsedMessage(
        message_id=f"<in-{draw(st.integers(0, 5))}@x>",
        recipient_addrs=tuple(recipients),
        in_reply_to=tuple(in_reply),
        subject=subject,
        body_text=body,
        from_addr=sender,
    )


def evidenced(request: RequestInfo, method: str, parsed: ParsedMessage) -> bool:
    if method == "token":
        return request.token in {t for a in parsed.recipient_addrs for t in find_tokens(a)}
    if method == "thread":
        return bool(set(request.message_ids) & set(parsed.in_reply_to + parsed.references))
    if method == "ref":
        text = parsed.subject + "\n" + parsed.body_text
        return request.ref in find_refs(text) or request.token in find_tokens(text)
    if method == "sender":
        return parsed.from_addr == request.agency_email
    if method == "sender-domain":
        return parsed.from_addr.rpartition("@")[2] == request.agency_email.rpartition("@")[2]
    return False


@given(st.data())
def test_match_is_deterministic_and_never_files_without_evidence(data):
    requests = data.draw(campaign())
    parsed = data.draw(message_for(requests))
    ctx = MatchContext.build(requests, [], {"<own@foia.example>"}, {"me@example.com"})
    result = match_message(parsed, ctx)
    rebuilt = MatchContext.build(list(reversed(requests)), [], {"<own@foia.example>"}, set())
    assert match_message(parsed, ctx) == result
    assert match_message(parsed, rebuilt).matches == result.matches
    by_id = {r.id: r for r in requests}
    methods = {m.method for m in result.matches}
    assert len(methods) <= 1  # the first method that decides wins
    for match in result.matches:
        assert evidenced(by_id[match.request_id], match.method, parsed), match
        if match.method.startswith("sender"):
            request = by_id[match.request_id]
            others = [r for r in requests if r.agency_id == request.agency_id and r.open]
            assert others == [request]
    assert not {m.request_id for m in result.matches} & {c.request_id for c in result.candidates}

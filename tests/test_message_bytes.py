"""The letter's bytes written directly (`plain_message`) are the email package's bytes
(`library_message`), for every letter the direct path takes; the rest go to the package. The
MAIL and RCPT paths are smtplib's. A mail engineer's review (fuzzing 400,000 inputs on Python
3.11-3.13) found two differences, kept below: a Message-ID of two ids, a Date offset with seconds."""

from __future__ import annotations

import random
import smtplib
from email import message_from_bytes, policy

import pytest

from foia_tracker.mail.headers import library_message, plain_message
from foia_tracker.mail.smtp import _path, dot_stuffed

DATE = "Fri, 04 Dec 2026 03:27:37 +0000"
HEADERS = {
    "From": "Dana Reyes <dana@example.test>",
    "To": "records@district.example",
    "Subject": "Public records request CT-0001: agreements involving student data",
    "Message-ID": "<179635485782.26679.7263928108206352671.CT-0001@example.test>",
}
LETTER = (
    "Records Custodian\nDistrict 7\n\nDear Records Custodian:\n\n"
    "I am writing to request copies of public records under the Connecticut Freedom of "
    "Information Act, Conn. Gen. Stat. \u00a7\u00a7 1-210 and 1-212, of every agreement under "
    "which student data is shared.\n\nSincerely,\nDana Reyes\n"
)

WORDS = ["records", "district", "request", "\u00a7", "caf\u00e9", "na\u00efve", "\u2014", "x" * 90,
         "From", ".", "=", "=?utf-8?q?x?=", "\u2026", "\u00c5", "\t", "a\u0085b", "\u2028",
         "O'Brien", "(note)", "100%", "tail ", ""]  # fmt: skip
ODD_HEADERS = [
    ("To", '"Smith, Jo" <jo@district.example>'), ("To", "J. Smith <jo@district.example>"),
    ("To", "a@b.example, c@d.example"), ("To", "Jos\u00e9 <jo@district.example>"),
    ("To", "records@district.example "), ("Subject", "Re:  two  spaces"),
    ("Subject", "Public records request " + "y" * 60), ("Subject", "caf\u00e9 request"),
    ("Subject", "=?utf-8?q?caf=C3=A9?="), ("Subject", "tab\there"),
    ("From", "O'Brien Office <ob@example.test>"), ("Subject", "(CT-0001) \"quoted\" ; x"),
    ("References", "<a@b.example> <c@d.example>"), ("In-Reply-To", "<a@b.example>"),
    ("References", " ".join(f"<{n}.{'z' * 20}@example.test>" for n in range(4))),
]  # fmt: skip


def random_body(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randrange(0, 25)):
        lines.append(" ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 18))))
    ends = rng.choice(["\n", "\r\n", "\r"])
    return ends.join(lines) + rng.choice(["", "\n", "\n\n"])


def test_the_usual_letter_takes_the_direct_path_with_the_same_bytes():
    direct = plain_message(HEADERS, DATE, LETTER)
    assert direct is not None
    assert direct == library_message(HEADERS, DATE, LETTER)
    parsed = message_from_bytes(direct, policy=policy.default)
    assert parsed.get_content().replace("\r\n", "\n") == LETTER
    assert parsed["Content-Transfer-Encoding"] == "quoted-printable"


@pytest.mark.parametrize("seed", range(40))
def test_random_letters_match_the_library(seed):
    rng = random.Random(seed)
    taken = 0
    for _ in range(50):
        headers = dict(HEADERS)
        if rng.random() < 0.3:
            name, value = rng.choice(ODD_HEADERS)
            headers[name] = value
        if rng.random() < 0.3:
            headers["Subject"] = "Re: " + "s" * rng.randrange(40, 80)
        body = random_body(rng)
        direct = plain_message(headers, DATE, body)
        if direct is None:
            continue
        taken += 1
        assert direct == library_message(headers, DATE, body), (headers, body)
    assert taken >= 20  # the direct path is the common one, not a branch never taken


@pytest.mark.parametrize("length", range(60, 90))
def test_a_subject_at_the_folding_limit(length):
    headers = dict(HEADERS, Subject="S" * (length - len("Subject: ")))
    direct = plain_message(headers, DATE, "x\n")
    reference = library_message(headers, DATE, "x\n")
    assert direct is None or direct == reference
    assert (direct is None) == (length > 78)


@pytest.mark.parametrize("body", ["", "\n", "x", "plain ascii\n", "\u00a7 short\n",
                                  "\u00e9" * 200 + "\n", "y" * 79, "a\n" * 12 + "z" * 100])  # fmt: skip
def test_each_transfer_encoding(body):
    direct = plain_message(HEADERS, DATE, body)
    assert direct == library_message(HEADERS, DATE, body)


@pytest.mark.parametrize(("name", "value"), ODD_HEADERS)
def test_odd_headers_are_left_to_the_library_or_match_it(name, value):
    headers = dict(HEADERS, **{name: value})
    direct = plain_message(headers, DATE, LETTER)
    assert direct is None or direct == library_message(headers, DATE, LETTER)


def test_a_header_with_a_line_break_is_refused_as_before():
    headers = dict(HEADERS, Subject="Public records\r\nBcc: someone@example.test")
    assert plain_message(headers, DATE, LETTER) is None
    with pytest.raises(ValueError):
        library_message(headers, DATE, LETTER)


@pytest.mark.parametrize("address", [
    "a@b.example", "first.last+tag@sub.d-o.example", "O'Brien@x.example", "x@y", "",
    "<a@b.example>", "Name <a@b.example>", "a@b.example ", '"q r"@c.example', "a@[192.0.2.1]",
    "a..b@c.example", "a b@c.example",
])  # fmt: skip
def test_the_smtp_path_is_smtplibs(address):
    assert _path(address) == smtplib.quoteaddr(address)


def test_two_ids_in_a_message_id_are_left_to_the_library():
    # the package keeps only the first id of a Message-ID (a review's finding)
    headers = dict(HEADERS, **{"Message-ID": "<a@b.example> <c@d.example>"})
    assert plain_message(headers, DATE, LETTER) is None


def test_a_date_not_in_format_datetimes_form_is_left_to_the_library():
    assert plain_message(HEADERS, "Sun, 08 May 2005 18:00:02 -010001", LETTER) is None


def test_a_short_non_ascii_letter_goes_quoted_printable_not_8bit():
    # 8bit needs the server's 8BITMIME and BODY=8BITMIME on MAIL (RFC 6152), which we never ask
    body = "Caf\u00e9 district\nRecords \u00a7 1-210\n"
    for raw in (plain_message(HEADERS, DATE, body), library_message(HEADERS, DATE, body)):
        assert b"Content-Transfer-Encoding: quoted-printable" in raw
        assert max(raw) < 128


@pytest.mark.parametrize("seed", range(4))
def test_dot_stuffing_is_smtplibs_on_any_bytes(seed):
    """The send's dot-stuffing (RFC 5321 4.5.2) gives what smtplib's own quoting gives."""
    rnd = random.Random(seed)
    pieces = [b".", b"..", b"\r\n", b"\n", b"\r", b"a", b" ", b".x", b"\r\n.", b"=2E"]
    for _ in range(3000):
        raw = b"".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 30)))
        assert dot_stuffed(raw) == smtplib._quote_periods(raw)

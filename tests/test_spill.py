"""Big base64 bodies decoded outside the email package: the same reading, far less memory."""

import base64
import tracemalloc
from pathlib import Path

import pytest

from foia_tracker.parse import spill
from foia_tracker.parse.message import parse_message
from tests.msg_sample import MsgSample, build_msg
from tests.test_outlook import with_attachment

MAIL = Path(__file__).parent / "fixtures" / "mail"
ALL_FIXTURES = sorted(MAIL.rglob("*.eml"))
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 4096  # 1 MB


def big_message(blob: bytes, *, crlf: bool = False, nested: bool = False) -> bytes:
    raw = (
        "From: a@b.gov\nSubject: big\nMessage-ID: <big@b.gov>\nMIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=z\n\n--z\nContent-Type: text/plain\n\nsee file\n"
        "--z\nContent-Type: application/pdf; name=big.pdf\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(blob).decode()
        + "--z--\n"
    )
    if nested:
        raw = (
            "From: c@d.gov\nSubject: fwd\nMIME-Version: 1.0\n"
            "Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: text/plain\n\nfw\n"
            "--o\nContent-Type: message/rfc822\n\n" + raw + "\n--o--\n"
        )
    return raw.replace("\n", "\r\n").encode() if crlf else raw.encode()


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda p: str(p.relative_to(MAIL)))
def test_every_fixture_reads_the_same_with_every_body_spilled(path, monkeypatch):
    raw = path.read_bytes()
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1 << 40)
    plain = parse_message(raw)
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 8)
    assert parse_message(raw) == plain


@pytest.mark.parametrize(("crlf", "nested"), [(False, False), (True, False), (True, True)])
def test_big_attachments_read_the_same_spilled_or_not(crlf, nested, monkeypatch):
    raw = big_message(PDF, crlf=crlf, nested=nested)
    spilled = parse_message(raw)
    assert spilled.attachments[-1].data == PDF
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 1 << 40)
    assert parse_message(raw) == spilled
    if nested:  # the forwarded message is filed as it was sent, not with the placeholder
        assert spilled.attachments[0].data.replace(b"\r\n", b"\n").count(b"AAECAwQF") > 1000


def test_an_outlook_item_inside_a_spilled_body_is_still_opened(monkeypatch):
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 8)
    item = MsgSample("[CT-0044] agreement", "inside the item", attachments=[("a.pdf", PDF[:100])])
    parsed = parse_message(with_attachment("item.msg", build_msg(item)))
    assert "inside the item" in parsed.body_text
    assert [a.source for a in parsed.attachments] == ["attachment", "msg"]


def test_a_body_not_declared_base64_is_left_to_the_email_package(monkeypatch):
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 8)
    raw = b"From: a@b.gov\nSubject: s\n\nAAAABBBBCCCCDDDD\nEEEEFFFF\n"
    assert spill.spill(raw)[0] == raw
    assert parse_message(raw).body_text == "AAAABBBBCCCCDDDD\nEEEEFFFF"


def test_lines_that_split_a_base64_group_decode_the_same(monkeypatch):
    monkeypatch.setattr(spill, "SPILL_MIN_BYTES", 8)
    raw = (
        b"From: a@b.gov\nMIME-Version: 1.0\nContent-Type: application/pdf\n"
        b"Content-Transfer-Encoding: base64\n\nJVBER\ni0xLjQK\n"
    )
    assert parse_message(raw).attachments[0].data == b"%PDF-1.4\n"
    monkeypatch.setattr(spill, "_CHUNK", 4)  # a chunk that would end inside a group
    assert spill.spill(raw)[0] == raw
    assert parse_message(raw).attachments[0].data == b"%PDF-1.4\n"


def test_peak_memory_of_a_big_attachment_stays_near_its_size():
    # Not a benchmark: a guard that the spill path is taken (329 MB peak before, for 31 MB).
    blob = PDF * 16
    raw = big_message(blob)
    tracemalloc.start()
    try:
        parsed = parse_message(raw)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert parsed.attachments[0].data == blob
    assert peak < 3 * len(blob)

"""Outlook .msg attachments opened like nested messages (extract-msg)."""

import base64

from foia_tracker.parse import unpack
from foia_tracker.parse.message import parse_message
from tests.msg_sample import MsgSample, build_msg

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def with_attachment(name: str, data: bytes, ctype: str = "application/vnd.ms-outlook") -> bytes:
    return (
        "From: Colleague <it@district.example.org>\r\nTo: jane@example.test\r\n"
        "Subject: FW: the contract you asked for\r\nMessage-ID: <fw-1@district.example.org>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n"
        "--z\r\nContent-Type: text/plain\r\n\r\nForwarding the item below.\r\n"
        f'--z\r\nContent-Type: {ctype}; name="{name}"\r\n'
        f'Content-Disposition: attachment; filename="{name}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(data).decode().replace("\n", "\r\n")
        + "--z--\r\n"
    ).encode()


ITEM = MsgSample(
    subject="[CT-0044] Data sharing agreement",
    body="Attached is the signed agreement with the vendor.\r\n\r\nDana",
    attachments=[("DSA signed 2026.pdf", PDF)],
)


def test_an_outlook_item_is_read_like_a_forwarded_message():
    parsed = parse_message(with_attachment("Agreement.msg", build_msg(ITEM)))
    assert parsed.parse_error is None and parsed.defects == ()
    assert "---------- Attached Outlook message ----------" in parsed.body_text
    assert "Subject: [CT-0044] Data sharing agreement" in parsed.body_text
    assert "From: Dana Clerk <dclerk@district.example.org>" in parsed.body_text
    assert "Message-ID: <outlook-item-1@district.example.org>" in parsed.body_text
    assert "Attached is the signed agreement with the vendor." in parsed.body_text
    container, pdf = parsed.attachments
    assert (container.safe_name, container.content_type, container.source) == (
        "Agreement.msg",
        "application/vnd.ms-outlook",
        "attachment",
    )
    assert (pdf.filename, pdf.content_type, pdf.source) == (
        "DSA signed 2026.pdf",
        "application/pdf",
        "msg",
    )
    assert pdf.parent_sha256 == container.sha256 and pdf.data == PDF


def test_an_item_sent_without_a_name_is_found_by_its_declared_type():
    parsed = parse_message(with_attachment("", build_msg(ITEM)))
    assert [a.source for a in parsed.attachments] == ["attachment", "msg"]


def test_a_broken_item_is_a_defect_not_an_error():
    junk = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    parsed = parse_message(with_attachment("broken.msg", junk))
    assert parsed.parse_error is None
    assert [d.split(":")[0] for d in parsed.defects] == ["MsgUnreadable"]
    assert [a.safe_name for a in parsed.attachments] == ["broken.msg"]


def test_items_inside_items_stop_at_the_depth_limit():
    inner = build_msg(MsgSample("innermost", "deep", attachments=[("deep.pdf", PDF)]))
    middle = build_msg(MsgSample("middle", "two", attachments=[("inner.msg", inner)]))
    outer = build_msg(MsgSample("outer", "one", attachments=[("middle.msg", middle)]))
    parsed = parse_message(with_attachment("outer.msg", outer))
    assert "Subject: middle" in parsed.body_text
    assert "Subject: innermost" not in parsed.body_text
    assert any(d.startswith("MsgNotExtracted: nested too deep") for d in parsed.defects)


def test_item_attachments_count_against_the_unpacking_budget(monkeypatch):
    monkeypatch.setattr(unpack, "ZIP_MAX_TOTAL", 100)
    big = MsgSample("big", "files", attachments=[("a.pdf", PDF * 2), ("b.pdf", PDF * 2)])
    parsed = parse_message(with_attachment("big.msg", build_msg(big)))
    assert [a.filename for a in parsed.attachments] == ["big.msg"]
    assert any(d.startswith("MsgNotExtracted: size exceeds") for d in parsed.defects)


def test_an_item_attached_as_an_item_is_read_too():
    inner = MsgSample("[CT-0044] Original request", "the inner text",
                      message_id="<inner@district.example.org>",
                      attachments=[("fields.csv", b"student_id,grade\n")])  # fmt: skip
    outer = MsgSample("FW: request", "see the attached item", embedded=[inner])
    parsed = parse_message(with_attachment("fw.msg", build_msg(outer)))
    assert parsed.defects == ()
    assert "Subject: [CT-0044] Original request" in parsed.body_text
    assert "the inner text" in parsed.body_text
    assert [(a.filename, a.source) for a in parsed.attachments] == [
        ("fw.msg", "attachment"),
        ("fields.csv", "msg"),
    ]

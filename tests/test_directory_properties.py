"""Properties of the pure directory functions over arbitrary input (Hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from foia_tracker.directory.headers import plan_columns
from foia_tracker.directory.readers import decode_lines
from foia_tracker.directory.validate import check_email, check_row
from foia_tracker.law.codes import STATE_CODES

BOUNDED = settings(max_examples=150, deadline=None, derandomize=True)
HEADER = [
    "District Name",
    "State",
    "Email",
    "NCES ID",
    "Superintendent",
    "Street",
    "Town",
    "Zip",
    "Notes",
]
CELL = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["CT", "ct", "Connecticut", "", "a@b.example", "a@@b", "x@y..org", "6103"]),
)
LINE = st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\ufeff"), max_size=30)  # fmt: skip


@BOUNDED
@given(st.lists(CELL, max_size=len(HEADER) + 2))
def test_a_checked_row_is_safe_to_store(cells):
    plan = plan_columns(HEADER, {})
    checked = check_row(cells, plan, None)
    if checked.fatal:
        assert checked.problems
        return
    values = checked.values
    assert values["state"] in STATE_CODES
    assert values["name"] and values["name"] == values["name"].strip()
    for value in (*values.values(), *checked.extra.values()):
        assert "\r" not in value and "\n" not in value
    email = values.get("email", "")
    assert email == "" or check_email(email) == (email, (), None)


@BOUNDED
@given(st.lists(st.tuples(LINE, st.booleans()), max_size=8))
def test_decoding_keeps_every_line_and_every_utf8_line_exactly(lines):
    data = b""
    for text, latin in lines:
        encoded = text.encode("cp1252", errors="replace") if latin else text.encode()
        data += encoded + b"\n"
    decoded, fallback = decode_lines(data)
    out = decoded.split("\n")[:-1] if lines else []
    assert len(out) == len(lines)
    for number, ((text, latin), got) in enumerate(zip(lines, out, strict=True), start=1):
        if not latin:
            assert got == text
            assert number not in fallback

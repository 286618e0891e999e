"""Does a document hold a person's data? Values, not vocabulary.

A data-sharing agreement lists the fields it covers ("date of birth", "SASID", "student name"):
that list is the point of the records request, not a child's data. A flag needs a *value*: an
SSN-shaped number, a date next to a birth label, a number next to a student-ID label, a table
whose name column holds people's names beside their grades. Each flag carries its evidence
(page or line, and a short excerpt with the digits masked) so the user can review it.

FERPA (20 U.S.C. 1232g; 34 CFR 99.3 "personally identifiable information") names a student's
SSN, student number, date of birth and education records such as grades. The Social Security
Administration never issues area 000, 666 or 900-999, group 00 or serial 0000 (SSA, "The SSN
Numbering Scheme"), so those shapes are not flagged.

``unchecked`` marks a document whose text we could not read in full (a scan, a capped PDF): when
unsure, the publish profile holds it back until the user reviews it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXCERPT = 60
_MAX_LINES = 20_000
_MAX_LINE = 2_000
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])")
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}|(?:19|20)\d{2}-\d{1,2}-\d{1,2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? (?:19|20)\d{2})"
)
_BIRTH_LABEL = r"(?:dob|d\.o\.b\.?|date[ _-]?of[ _-]?birth|birth[ _-]?date|born(?: on)?)"
_DOB_VALUE = re.compile(rf"\b{_BIRTH_LABEL}\s*[:=#-]?\s*{_DATE}", re.I)
# Student ID labels; per state: CT and MA "SASID", NY "NYSSIS", TX "PEIMS"/"TSDS unique ID",
# CA "SSID", FL "FLEID", local "LASID"; a value is 5 to 12 digits (optionally with one letter).
_ID_LABEL = (
    r"(?:student[ _-]?(?:id|number|no\.?|num|#)|stu[ _-]?id|sis[ _-]?id|ssid|lasid|sasid|nyssis|"
    r"peims(?: id)?|tsds(?: unique)? id|fleid|state[ _-]student[ _-]id|pupil[ _-]?(?:id|number))"
)
_ID_VALUE = re.compile(rf"\b{_ID_LABEL}\s*[:=#-]?\s*[A-Z]?\d{{5,12}}\b", re.I)
_NAME_HEADER = re.compile(r"^(?:(?:student|full)[ _-]?name|name|student)$", re.I)
_BIRTH_HEADER = re.compile(rf"^{_BIRTH_LABEL}$", re.I)
_ID_HEADER = re.compile(rf"^{_ID_LABEL}$", re.I)
_GRADE_HEADER = re.compile(r"^(?:grades?|gpa|scores?|marks?|test[ _-]?results?|scale score)$", re.I)
_NAME_PART_HEADER = re.compile(r"^(?:first|last|given|family)[ _-]?name$", re.I)
_NAME_WORD = re.compile(r"^[A-Z][a-z'’-]+$")
_PERSON = re.compile(r"^[A-Z][a-z'’-]+,? [A-Z][a-z'’.-]*(?: [A-Z][a-z'’.-]+)?$")
_ADDRESS_HEADER = re.compile(r"^(?:home[ _-]?)?(?:address|street(?: address)?|residence)$", re.I)
_STREET = re.compile(
    r"^\d{1,6} [A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)* (?:st|street|rd|road|ave|avenue|ln|lane|dr|"
    r"drive|ct|court|blvd|boulevard|way|pl|place|ter|terrace|cir|circle)\.?\b",
    re.I,
)
_PERSONAL_HEADER = re.compile(
    "|".join(p.pattern for p in (_NAME_HEADER, _NAME_PART_HEADER, _BIRTH_HEADER, _ID_HEADER)),
    re.I,
)
_GRADE_VALUE = re.compile(r"^(?:[A-F][+-]?|\d{1,3}(?:\.\d+)?%?)$")
_CELL_SPLIT = re.compile(r"\s*(?:,|\t|\||;| {3,})\s*")
_DIGIT = re.compile(r"\d")
_OPAQUE_TYPES = ("application/pdf", "image/", "application/vnd", "application/msword",
                 "application/zip", "application/octet-stream", "text/")  # fmt: skip


@dataclass(frozen=True)
class Finding:
    flag: str  # ssn | date_of_birth | student_id | names_grades | names_addresses | unchecked
    where: str  # "page 3" (pages split by form feeds) or "line 12"; "" for unchecked
    excerpt: str  # digits masked: the evidence must not republish the value


def pii_findings(text: str | None, text_status: str, content_type: str) -> list[Finding]:
    """Every kind of personal data found, once each, with where and an excerpt."""
    found: dict[str, Finding] = {}
    for where, line in _lines(text or ""):
        for flag, pattern in (
            ("ssn", _SSN),
            ("date_of_birth", _DOB_VALUE),
            ("student_id", _ID_VALUE),
        ):
            match = pattern.search(line)
            if match and flag not in found:
                found[flag] = Finding(flag, where, _excerpt(line, match.start(), match.end()))
    for finding in _table_findings(text or ""):
        found.setdefault(finding.flag, finding)
    if text_status != "ok" and content_type.lower().startswith(_OPAQUE_TYPES):
        found["unchecked"] = Finding("unchecked", "", f"text {text_status}: not all of it was read")
    order = ("ssn", "date_of_birth", "student_id", "names_grades", "names_addresses", "unchecked")
    return [found[f] for f in order if f in found]


def pii_flags(text: str | None, text_status: str, content_type: str) -> list[str]:
    """The flag names of ``pii_findings``; empty when all the text was read and held none."""
    return [f.flag for f in pii_findings(text, text_status, content_type)]


def evidence_text(findings: list[Finding]) -> str:
    """One cell: ``ssn (page 2: "... ***-**-**** ...")``; ``; `` between findings."""
    parts = []
    for f in findings:
        where = f"{f.where}: " if f.where else ""
        parts.append(f'{f.flag} ({where}"{f.excerpt}")')
    return "; ".join(parts)


def _lines(text: str):
    pages = text.split("\f")
    for page_number, page in enumerate(pages, 1):
        for line_number, line in enumerate(page.splitlines()[:_MAX_LINES], 1):
            if len(line) <= _MAX_LINE:
                yield (f"page {page_number}" if len(pages) > 1 else f"line {line_number}"), line


def _excerpt(line: str, start: int, end: int) -> str:
    left = max(0, start - (EXCERPT - (end - start)) // 2)
    snippet = line[left : left + max(EXCERPT, end - start)].strip()
    return _DIGIT.sub("#", " ".join(snippet.split()))


def _table_findings(text: str) -> list[Finding]:
    """A table (CSV, tab-separated, or text columns) whose header names a personal field and
    whose rows hold values for it: people's names beside grades or street addresses (a roster
    of children's homes), dates under a birth header,
    numbers under a student-ID header. A table of data-element names has no such values."""
    findings = []
    rows = [
        (where, _CELL_SPLIT.split(line.strip())) for where, line in _lines(text) if line.strip()
    ]
    for i, (where, header) in enumerate(rows):
        if len(header) < 2 or not any(_PERSONAL_HEADER.match(cell) for cell in header):
            continue  # most lines: no header of a personal field, nothing more to look at
        body = [cells for _, cells in rows[i + 1 : i + 51] if len(cells) == len(header)]
        findings += _columns_with_values(where, header, body)
    return findings


def _columns_with_values(where: str, header: list[str], body: list[list[str]]) -> list[Finding]:
    def column(pattern: re.Pattern) -> int | None:
        return next((n for n, cell in enumerate(header) if pattern.match(cell)), None)

    def count(n: int | None, value: re.Pattern) -> int:
        return 0 if n is None else sum(bool(value.match(cells[n])) for cells in body)

    name, grade, address = column(_NAME_HEADER), column(_GRADE_HEADER), column(_ADDRESS_HEADER)
    person = _PERSON
    if name is None and (name := column(_NAME_PART_HEADER)) is not None:
        person = _NAME_WORD  # "First Name,Last Name,...": one word per cell
    birth, ident = column(_BIRTH_HEADER), column(_ID_HEADER)
    shown = _DIGIT.sub("#", ", ".join(header))[:EXCERPT]
    found = []
    people = count(name, person)
    if people >= 2 and grade is not None and count(grade, _GRADE_VALUE) >= 2:
        found.append(Finding("names_grades", where, shown))
    if people >= 2 and address is not None and count(address, _STREET) >= 2:
        found.append(Finding("names_addresses", where, shown))
    if count(birth, re.compile(rf"^{_DATE}$", re.I)) >= 1:
        found.append(Finding("date_of_birth", where, shown))
    if count(ident, re.compile(r"^[A-Z]?\d{5,12}$")) >= 1:
        found.append(Finding("student_id", where, shown))
    return found

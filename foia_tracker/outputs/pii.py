"""Does a document hold a person's data? Heuristics for the publish profile.

Conservative on purpose: a false flag costs a manual review, a miss publishes a child's data.
FERPA (20 U.S.C. 1232g; 34 CFR 99.3 "personally identifiable information") names the student's
SSN, student number, date of birth and education records such as grades.
"""

from __future__ import annotations

import re

_PII_PATTERNS = {
    "ssn": re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b(ssn|social security (number|no))\b", re.I),
    "date_of_birth": re.compile(r"\b(dob|d\.o\.b|date[ _-]?of[ _-]?birth|birth[ _-]?date)\b", re.I),
    "student_id": re.compile(
        r"\b(student[ _-]?(id|number|no|num|#)|stu[ _-]?id|sis[ _-]?id|ssid|lasid|sasid|"
        r"state[ _-]student[ _-]id|pupil[ _-]?(id|number))\b",
        re.I,
    ),
}
_NAME_COLUMN = re.compile(r"\b(first[ _-]?name|last[ _-]?name|student[ _-]?name|name)\b", re.I)
_GRADE_COLUMN = re.compile(r"\b(grades?|gpa|score|marks?|test[ _-]?result)\b", re.I)
# Types that can hold a roster or a scan of one; without text we cannot check them.
_OPAQUE_TYPES = ("application/pdf", "image/", "application/vnd", "application/msword",
                 "application/zip", "application/octet-stream", "text/")  # fmt: skip


def pii_flags(text: str | None, text_status: str, content_type: str) -> list[str]:
    """Why a document may hold personal data; empty when we read all of it and found nothing.

    ``unchecked`` marks a document whose text we could not read in full (a scan, a capped PDF,
    a spreadsheet): when unsure, flag.
    """
    flags = [name for name, pattern in _PII_PATTERNS.items() if text and pattern.search(text)]
    if text and _names_with_grades(text):
        flags.append("names_grades")
    if text_status != "ok" and content_type.lower().startswith(_OPAQUE_TYPES):
        flags.append("unchecked")
    return flags


def _names_with_grades(text: str) -> bool:
    # A table header (CSV line or a text table row) naming both people and their results.
    return any(_NAME_COLUMN.search(line) and _GRADE_COLUMN.search(line)
               for line in text.splitlines()[:2000] if len(line) < 2000)  # fmt: skip

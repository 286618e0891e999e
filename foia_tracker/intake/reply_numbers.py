"""Request numbers: the agency's or portal's own number for a request, read from its reply.

A matching key (later mail that carries only the number files on the request), so a wrong
number is worse than none: a number the reply names as its own, not any string of that shape.
"""

from __future__ import annotations

import re

from foia_tracker.tokens import find_refs

_ID = r"(?P<id>(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]*[A-Z0-9])"  # "SPR26/1184" (Massachusetts)
_NUMBER = r"(?P<id>\d{2,4}(?:-[A-Z]{1,4})?(?:-\d{1,6}){1,2})(?![\w-])"  # 26-0412, 2026-PR-073
# Most specific first. GovQA: a letter, six digits, "-MMDDYY" (R001234-120126, W…, P…).
# FOIAonline: an agency prefix and a year (EPA-2026-004512). Granicus and others: PRR-2026-1187.
# Then a number the agency names as its own ("reference # X", "tracking number X", "Request
# Number: X", "logged as PRR 26-0412", "assigned number 22-23-93"), then NextRequest's
# "request #26-311" / "request 26-311", then a law's short name before a number.
_TRACKING = tuple(
    re.compile(source, re.I | re.M)
    for source in (
        r"\b(?P<id>[A-Z]\d{6}-\d{6})\b",
        # a whole number only: "NV-DHHS-26-1450" is not "DHHS-26-1450"
        r"(?<![\w-])(?P<id>(?:(?-i:[A-Z]{2,5})-)?(?:EPA|DOJ|DHS|DOE|HHS|USDA|NLRB|GSA|DOL|(?-i:[A-Z]{2,5}))-\d{4}-\d{3,7})\b",
        # An office prefix and a two-digit year: "ORR-26-1187", "DR-26-114", "NV-DHHS-26-1450"
        r"(?<![\w-])(?P<id>(?:(?-i:[A-Z]{2,5})-)?(?-i:[A-Z]{2,5})-\d{2}-\d{3,6})(?![\w-])",
        # ... and a short tail only after a records office's own prefix: "RTK-26-31", "OR-26-14"
        # ("SY-25-26" and "FY-24-25" are school and fiscal years)
        r"(?<![\w-])(?P<id>(?:(?-i:[A-Z]{2,5})-)?(?-i:RTK|ORR|PRR|PIR|OR|DR|FOI|FOIA|FOIL|PRA|CPRA|KORA|APRA|IPRA)"
        r"-\d{2}-\d{2})(?![\w-])",
        r"\b(?:reference|tracking|request|confirmation|case|ticket|control|file|PIR|PRR|ORR|"
        r"FOIA|submission)\s*(?:number|no\.?|num\.?|#|id)\s*(?:for (?:it|this request|your "
        r"request)\s+)?(?:is\s+|was\s+|:\s*|of\s+)?#?\s*" + _ID,
        # FOIAXpress quotes it: "your FOIA request #'2021-00544-FOIA-OS'"
        r"\brequest,?\s+(?:number|no\.?|#)\s*['\"\u2018\u201c]?" + _ID,
        r"\bnumbered\s+#?\s*" + _ID,
        r"\b(?:logged|filed|entered)\s+under\s+(?:number|no\.?|#)?\s*#?\s*" + _ID,
        r"\b(?:logged|entered|filed|numbered)\s+(?:it\s+)?as\s+(?:(?:PIR|PRR|ORR|FOIA)\s*#?\s*)?"
        + _ID,
        r"\b(?:assigned|given)\s+(?:it\s+)?(?:the\s+)?(?:reference\s+|tracking\s+|request\s+)?"
        r"(?:number|no\.?|#)\s*#?\s*" + _ID,
        # whole numbers only ("2026-118-00452"), an office code inside ("2026-PR-073", "2026-F-058")
        r"\b(?:record\s+)?request\s+(?:number\s+)?#?\s*" + _NUMBER,
        r"\b(?:PIR|PRR|ORR|FOIA|FOIL|RTK|OPRA|CORA)\s*#?\s*" + _NUMBER,
        # other laws' short names, in capitals and on the same line (Kansas KORA, Rhode Island
        # APRA, Maine FOAA; "Pia" in a signature or "PRA 11-20-2026" is no number)
        r"\b(?-i:KORA|APRA|FOAA|IPRA|CPRA|GRAMA|TPRA|MPIA|PIA|PRA|ORA|FOI)[ \t]*#?[ \t]*" + _NUMBER,
        # a portal's letter and six digits without GovQA's date: "your request P004188"
        r"\brequest\s+#?\s*(?P<id>[A-Z]\d{6})\b",
    )
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_DATE = re.compile(r"(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])-(?:\d{2}|\d{4})")  # 11-20-2026
# One of our refs, alone or with a short suffix ("CT-0042", "CT-0042-1"); "OR-2026-0311" only
# starts like one (a state, a year, a number).
_OUR_REF = re.compile(r"[A-Z]{2}-\d{4,9}(?:-\d{1,2})?")


def find_tracking_number(text: str) -> tuple[str, str] | None:
    """The agency's own number for the request, and the phrase; never one of our refs. The
    subject (the first line) is read first: "PRR 26-0517" there beats a contract's number in the
    body ("the FarePay contract (RT-2023-044)")."""
    subject, _, body = text.partition("\n")
    for part in (subject, body):
        for pattern in _TRACKING:
            for m in pattern.finditer(part):
                candidate = m.group("id").upper()
                # A year alone ("file number 2026 PAC 91457" cut at the space), a date, or one
                # of our refs is nobody's request number.
                ours = find_refs(candidate) and _OUR_REF.fullmatch(candidate)
                if ours or _YEAR.fullmatch(candidate) or _DATE.fullmatch(candidate):
                    continue
                return candidate, m.group(0).strip()
    return None

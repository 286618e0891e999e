"""Which of a reply's attachments are records: not signature pictures, vCards, S/MIME parts or
Exchange fragments, not paperwork (invoice, form, letter, sworn statement), and a file named
"Response" only when the agency's words speak of records."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Outlook and Gmail inline signature images (image001.png, ~WRD000.jpg, Outlook-xyz.png, a bare
# "image001"), vCards, S/MIME signatures, calendar invites and Exchange's body fragments.
_NOT_A_DOCUMENT = re.compile(
    r"^(?:image\d*|~?wrd\d+|outlook-[\w-]+|logo[\w-]*|signature[\w-]*|banner[\w-]*|"
    r"cid[\w.@-]*)(?:\.(?:png|jpe?g|gif|bmp|emz|wmz))?$"
    # "Outlook-District Logo.png", "facebook icon.jpg": a signature's pictures, whatever the spaces
    r"|^outlook-.*\.(?:png|jpe?g|gif|bmp)$|(?:logo|facebook|twitter|linkedin|instagram|youtube|icon|"
    r"banner|signature|seal)[^/]*\.(?:png|jpe?g|gif|bmp|svg|emz|wmz)$"
    r"|\.(vcf|ics|p7s|p7m)$|^smime|^winmail\.dat$|^\s*$|^att\d+\.(txt|html?)$|^noname",
    re.I,
)
# Paperwork that comes with other kinds of replies: an invoice, a blank form, a cover letter.
_PAPERWORK = re.compile(
    r"invoice|form\b|form[_ .-]|letter|receipt|w-?9|statement|estimate|quote|bill\b|bill[_ .-]|"
    # an appeal office's "Official_Notice_of_Appeal_AP_2026-3318.pdf"
    r"notice[_ .-]of|appeal|"
    r"affidavit|denial|acknowledg|status[_ -]?update|notice\b|clarification|request for information|determination|"
    # a sworn statement that nothing exists is the answer, not a record
    r"attestation|non-?existence|certification|certificate of (?:no|non)|no[ _-]records|sworn|"
    # Texas: the district's request to the Attorney General for a ruling (Gov't Code § 552.301)
    r"ruling|opinion request|\bAG[ _-]request|brief"
    # a phone system's recording of a call to the requester, not a record sent
    r"|voice ?mail|voice[ _-]?message|^vm[_ -]?\d"
    # a fee's itemization and the public summary of procedures a notice encloses (MCL 15.234(4))
    r"|itemi[sz]ation|public[_ -]summary|fee[_ -]schedule|procedures"
    # clerks' abbreviations in file names: "Ltr_to_OAG_redacted.pdf", "FOIL_Ack_2026-0877.pdf"
    r"|(?<![a-z])(?:ltr|ack)(?![a-z])|^OR\d{4}-\d{4,6}\b"
    r"|(?:privilege|withholding|exemption|redaction|production)[ _-]?(?:log|index)|vaughn|breakdown"
    # a petition to the Supervisor of Records for more time (G.L. c. 66, § 10(c)), copied to her
    r"|petition"
    # "Attached is an initial response" (a first letter: receipt, referral), not the records
    r"|(?:initial|interim|preliminary)[ _-]?response",
    re.I,
)
# "Response.pdf" may be the records or only the agency's letter: it counts as records only when
# the reply's own words speak of records ("…including the agreements", "pages are redacted").
_RESPONSE_NAME = re.compile(r"response(?!s)|determination|decision", re.I)
# Lower-case or opening a sentence: "Central Records" in a signature speaks of an office.
_RECORD_WORDS = re.compile(
    r"(?:\b|(?<=^)|(?<=[.!?]\s))(?:records?|documents?|agreements?|contracts?|minutes|mous?|files|pages|redact\w*)\b"
    r"(?!\s+(?i:request|requests|act|law|center|office|officer|custodian|portal)\b)"
    r"|^(?:Records?|Documents?|Agreements?|Contracts?|Minutes|MOUs?|Files|Pages)\b"
    r"(?!\s+(?i:request|requests|act|law|center|office|officer|custodian|portal|division|unit|department)\b)",
    re.M,
)


def document_attachments(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(n for n in names if not _NOT_A_DOCUMENT.search(n) and not _PAPERWORK.search(n))


def documents_in(names: Sequence[str], own: str) -> tuple[str, ...]:
    documents = document_attachments(names)
    if all(_RESPONSE_NAME.search(n) for n in documents) and not _RECORD_WORDS.search(own):
        return ()
    return documents

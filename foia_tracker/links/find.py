"""Download links in an agency's reply: which links are records, where they live, when they expire.

Pure: text in, links out. Districts increasingly answer with a link instead of an attachment
(a portal's "documents released" notice, a Dropbox or OneDrive share, a file on the district's
own site). A reply's other links are not records: the district's home page in a signature, a
social-media icon, an unsubscribe link, the state's FOIA guide. Precision first: a link is
kept only when its host is a file-sharing service or a records portal, its path names a
document file, or the sentence around it speaks of downloading records; the rest are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

from dateutil import parser as dateparser

# Services whose share links carry records. Value: the name shown to the user.
FILE_SHARES = {
    "dropbox.com": "Dropbox",
    "dropboxusercontent.com": "Dropbox",
    "drive.google.com": "Google Drive",
    "docs.google.com": "Google Drive",
    "onedrive.live.com": "OneDrive",
    "1drv.ms": "OneDrive",
    "sharepoint.com": "SharePoint",
    "box.com": "Box",
    "box.net": "Box",
    "sharefile.com": "ShareFile",
    "wetransfer.com": "WeTransfer",
    "we.tl": "WeTransfer",
    "egnyte.com": "Egnyte",
    "sendspace.com": "SendSpace",
    "hightail.com": "Hightail",
}
PORTALS = {
    "govqa.us": "GovQA",
    "mycusthelp.com": "GovQA",
    "mycusthelp.net": "GovQA",
    "nextrequest.com": "NextRequest",
    "justfoia.com": "JustFOIA",
    "foiaonline.gov": "FOIAonline",
    "granicus.com": "Granicus",
    "civicplus.com": "CivicPlus",
}
# Never records: where a signature or a footer points.
NOT_RECORDS = re.compile(
    r"(?:^|\.)(?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|google\.com/maps|"
    r"maps\.google|aka\.ms|microsoft|office|outlook|zoom|teams)\.|unsubscribe|privacy-?policy",
    re.I,
)
DOCUMENT_PATH = re.compile(r"\.(?:pdf|docx?|xlsx?|csv|zip|pptx?|txt|rtf|msg|eml)$", re.I)
_URL = re.compile(r"https?://[^\s<>\"'\]\[{}|\\^`]+", re.I)
_DOWNLOAD_WORDS = re.compile(
    r"\b(?:download|retrieve|access|view|click|link|available|released|responsive|records|"
    r"documents|files)\b",
    re.I,
)
_EXPIRES_ON = re.compile(
    r"\b(?:expire[sd]?|available|accessible|active)\s+(?:on|until|through|thru|by)\s+"
    r"((?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    r"(\w+\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})",
    re.I,
)
_EXPIRES_IN = re.compile(
    r"\b(?:expire[sd]?\s+(?:in|after)|available\s+(?:for|during)(?:\s+the\s+next)?|"
    r"(?:deleted|removed|purged)\s+(?:in|after))\s+(\d{1,3}|one|two|three|five|seven|ten|"
    r"fourteen|thirty)\s+(day|week|month)s?\b",
    re.I,
)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "five": 5, "seven": 7, "ten": 10,
                 "fourteen": 14, "thirty": 30}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}
MAX_LINKS = 20  # per message: a newsletter is not a production


@dataclass(frozen=True)
class FoundLink:
    url: str  # as the agency wrote it (shown to the user, opened in a browser)
    download_url: str  # what `foia fetch` asks for (direct-download form where one exists)
    host: str
    service: str  # "Dropbox", "GovQA", ..., or "" for an agency's own site
    expires: date | None


def clean_url(url: str) -> str:
    # GovQA session paths hold parentheses, "(see https://...)" closes one: drop only unbalanced.
    url = url.rstrip(".,;:!?*")
    unbalanced = url.count(")") - url.count("(")
    while unbalanced > 0 and url.endswith(")"):
        url, unbalanced = url[:-1].rstrip(".,;:!?"), unbalanced - 1
    return url


# Mail filters rewrite every link through their own checker: Microsoft Defender "Safe Links"
# (https://<region>.safelinks.protection.outlook.com/?url=<the link, percent-encoded>&data=...,
# which also carries the reader's address), Proofpoint URL Defense (v2:
# urldefense.proofpoint.com/v2/url?u=<the link with "/" as "_" and "%" as "-">; v3:
# urldefense.com/v3/__<the link>__;...) and Google's redirector (google.com/url?q=<the link>).
# The agency's link is inside; the wrapper would be ignored as a Microsoft or Google address.
_V2_ESCAPE = re.compile(r"-([0-9A-F]{2})")


def unwrap(url: str) -> str:
    """The link a mail filter wrapped, or the URL itself. Never fetched, only parsed."""
    host = host_of(url)
    query = parse_qs(urlsplit(url).query) if host else {}
    inner = ""
    if host.endswith("safelinks.protection.outlook.com"):
        inner = (query.get("url") or [""])[0]
    elif host in ("www.google.com", "google.com") and urlsplit(url).path == "/url":
        inner = (query.get("q") or query.get("url") or [""])[0]
    elif host == "urldefense.proofpoint.com" and "/v2/" in url:
        encoded = (query.get("u") or [""])[0]
        inner = _V2_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), encoded.replace("_", "/"))
    elif host == "urldefense.com" and (m := re.search(r"/v3/__(.+?)__;", url)):
        # v3 replaces some characters with "*" and lists them after ";": not rebuilt here
        inner = "" if "*" in m.group(1) else m.group(1)
    return inner if inner.lower().startswith(("http://", "https://")) else url


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def _service(host: str) -> tuple[str, bool]:
    """The service's name and whether it is a records portal. A host under the reserved
    `.example` TLD (RFC 2606, never in real mail) is read as the service's `.com` name, so that
    fixtures written with reserved names ("drive.google.example") are named like real links."""
    if host.endswith(".example"):
        host = host.removesuffix(".example") + ".com"
    for table, portal in ((FILE_SHARES, False), (PORTALS, True)):
        for domain, name in table.items():
            if host == domain or host.endswith("." + domain):
                return name, portal
    return "", False


def _context(text: str, start: int, end: int) -> str:
    return text[max(0, start - 160) : end + 80]


def is_records_link(url: str, context: str) -> bool:
    host = host_of(url)
    if not host or NOT_RECORDS.search(url):
        return False
    service, _ = _service(host)
    if service:
        return True
    path = urlsplit(url).path
    if DOCUMENT_PATH.search(path):
        return True
    # An agency's own site: only a deep link the sentence calls records to download.
    return path.strip("/").count("/") >= 1 and bool(_DOWNLOAD_WORDS.search(context))


def direct_download(url: str, service: str) -> str:
    """The form of a share link that returns the file itself, where the service has one."""
    parts = urlsplit(url)
    if (parts.hostname or "").endswith(".example"):
        return url  # a reserved test name: never rewritten to the real service's host
    query = parse_qs(parts.query)
    if service == "Dropbox":
        query["dl"] = ["1"]
        return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    if service == "Google Drive" and (m := re.search(r"/file/d/([\w-]{10,})", parts.path)):
        return f"https://drive.google.com/uc?export=download&id={m.group(1)}"
    if service in ("OneDrive", "SharePoint") and "download" not in query:
        query["download"] = ["1"]
        return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))
    return url


def find_expiry(text: str, received: date) -> date | None:
    """The date after which the agency says its link stops working, if it says one."""
    if m := _EXPIRES_ON.search(text):
        try:
            when = dateparser.parse(m.group(2), default=_midyear(received)).date()
        except (ValueError, OverflowError):
            when = None
        if when and when >= received:
            return when
    if m := _EXPIRES_IN.search(text):
        count = m.group(1).lower()
        number = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        return received + timedelta(days=number * _UNIT_DAYS[m.group(2).lower()])
    return None


def _midyear(received: date) -> datetime:
    """dateutil fills a date's missing parts from a datetime default: the day it was received."""
    return datetime(received.year, received.month, received.day)


def find_links(text: str, received: date) -> list[FoundLink]:
    """The records links in a reply's own text (quoted text already removed by the caller)."""
    expires = find_expiry(text, received)
    found: dict[str, FoundLink] = {}
    for match in _URL.finditer(text):
        url = unwrap(clean_url(match.group(0)))
        if url in found or not is_records_link(url, _context(text, *match.span())):
            continue
        host = host_of(url)
        service, _ = _service(host)
        found[url] = FoundLink(url, direct_download(url, service), host, service, expires)
        if len(found) >= MAX_LINKS:
            break
    return list(found.values())

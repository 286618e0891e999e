"""Downloading a records link: HTTPS with verified certificates (plain HTTP only to loopback),
every redirect checked the same way, a size cap, and a clear outcome for pages that want a
login (the user opens those in a browser; we never handle their credentials).
"""

from __future__ import annotations

import re
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote, urlsplit

from foia_tracker import __version__
from foia_tracker.config import is_loopback_host
from foia_tracker.parse.message import safe_filename

TIMEOUT = 60.0
MAX_REDIRECTS = 5
CHUNK = 1024 * 1024
USER_AGENT = f"foia-tracker/{__version__} (public-records request; records download)"
_PAGE_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Download:
    status: str  # fetched | needs-login | failed | expired
    data: bytes | None = None
    filename: str = ""
    content_type: str = ""
    reason: str = ""  # for needs-login / failed: what happened, in a few words


class _Refused(Exception):
    pass


def allowed(url: str) -> str | None:
    """Why ``url`` may not be fetched, or None: HTTPS anywhere, HTTP only to this machine."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return None
    if parts.scheme == "http" and parts.hostname and is_loopback_host(parts.hostname):
        return None
    return "only https:// links are fetched (plain http only from this machine)"


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: PLR0913 - urllib's
        if why := allowed(newurl):
            raise _Refused(f"redirected to a link that is not allowed: {why}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(context: ssl.SSLContext) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context), _CheckedRedirects()
    )


def download(url: str, *, max_bytes: int, context: ssl.SSLContext | None = None) -> Download:
    """Fetch one link; never raises for what the server or the network does."""
    if why := allowed(url):
        return Download("failed", reason=why)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
    try:
        with _opener(context or ssl.create_default_context()).open(request, timeout=TIMEOUT) as r:
            return _read(r, url, max_bytes)
    except _Refused as refused:
        return Download("failed", reason=str(refused))
    except urllib.error.HTTPError as error:
        return _http_error(error.code)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, ssl.SSLError) or isinstance(error, ssl.SSLError):
            return Download("failed", reason="the site's certificate could not be verified")
        return Download("failed", reason=f"could not connect ({reason})")


def _http_error(code: int) -> Download:
    if code in (401, 403):
        return Download("needs-login", reason=f"the site asks for a login (HTTP {code})")
    if code in (404, 410):
        return Download("expired", reason=f"the link no longer works (HTTP {code})")
    return Download("failed", reason=f"the site answered HTTP {code}")


def _read(response, url: str, max_bytes: int) -> Download:
    headers: Message = response.headers
    content_type = (headers.get_content_type() or "application/octet-stream").lower()
    if content_type in _PAGE_TYPES:
        # A share page, a portal's sign-in, a "confirm download" page: a person's job.
        return Download("needs-login", reason="the link opens a web page, not a file")
    declared = headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        return Download("failed", reason=f"larger than the limit ({_mb(max_bytes)})")
    data = bytearray()
    while chunk := response.read(CHUNK):
        data += chunk
        if len(data) > max_bytes:
            return Download("failed", reason=f"larger than the limit ({_mb(max_bytes)})")
    name = _filename(headers, response.geturl() or url)
    return Download("fetched", bytes(data), name, content_type)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*([\w-]+)''([^;]+)", re.I)


def _filename(headers: Message, url: str) -> str:
    """RFC 6266: filename* (RFC 8187 encoded) before filename; else the URL's last segment."""
    disposition = headers.get("Content-Disposition", "")
    if m := _FILENAME_STAR.search(disposition):
        name = unquote(m.group(2).strip().strip('"'), encoding=m.group(1), errors="replace")
    else:
        name = headers.get_filename() or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    return safe_filename(name, default="download.bin")

"""Text decoding: charsets that are missing or lie, RFC 2047 encoded words, raw 8-bit header
bytes, and HTML to readable text. Pure functions; nothing here raises on bad input."""

import binascii
import html
import re
from html.parser import HTMLParser

# --- text decoding -------------------------------------------------------------------------

_LATIN1_LABELS = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1"}
_ASCII_LABELS = {"us-ascii", "ascii", "ansi_x3.4-1968"}


def decode_bytes(data: bytes, charset: str | None) -> str:
    """Bytes to text under a declared charset that may be missing, unknown or a lie."""
    label = (charset or "").strip().strip('"').lower()
    if label in _LATIN1_LABELS:
        # Windows clients label cp1252 text as ISO-8859-1 (curly quotes, dashes in 0x80-0x9F);
        # WHATWG Encoding maps the label to windows-1252 for the same reason.
        return _cp1252(data)
    if label and label not in _ASCII_LABELS:
        try:
            return data.decode(label)
        except UnicodeDecodeError:
            if label not in ("utf-8", "utf8"):
                return data.decode(label, errors="replace")
        except (LookupError, ValueError):
            pass  # unknown or malformed label: guess below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _cp1252(data)


def _cp1252(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # five bytes are undefined in cp1252; latin-1 maps every byte.
        return "".join(
            chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
            for b in data
        )


# The parser keeps a header's raw 8-bit bytes as these surrogates (surrogateescape).
_RAW_8BIT = re.compile("[\udc80-\udcff]")
# RFC 5322 2.2.3: unfolding removes each CRLF that is followed by white space.
_FOLD = re.compile(r"\r?\n[ \t]*")


def unfold(value: str) -> str:
    return _FOLD.sub(" ", value) if "\n" in value else value


def unescape_8bit(value: str) -> str:
    """Header text as read by the parser (raw 8-bit bytes as surrogates) -> real text."""
    if value.isascii() or not _RAW_8BIT.search(value):
        return value
    return decode_bytes(value.encode("ascii", "surrogateescape"), None)


# RFC 2047 section 2: =?charset?encoding?encoded-text?= (charset may carry an RFC 2231 *lang).
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(\?=)[ \t\r\n]+(=\?)")


def decode_header_text(value: str | None) -> str:
    """A header value as text: unfolded, 8-bit bytes and RFC 2047 encoded words decoded."""
    if not value:
        return ""
    text = unfold(unescape_8bit(str(value)))
    if "=?" not in text:
        return text.strip()
    # RFC 2047 section 6.2: whitespace between adjacent encoded words is not displayed.
    text = _BETWEEN_WORDS.sub(r"\1\2", text)
    out, pending, pending_charset, last = [], b"", None, 0
    for word in _ENCODED_WORD.finditer(text):
        charset = word.group(1).split("*")[0].lower()
        if word.start() != last or charset != pending_charset:
            out.append(decode_bytes(pending, pending_charset))
            out.append(text[last : word.start()])
            pending = b""
        # Words of one charset are joined before decoding: senders split multi-byte characters.
        pending += _decode_word(word.group(2), word.group(3))
        pending_charset, last = charset, word.end()
    out.append(decode_bytes(pending, pending_charset))
    out.append(text[last:])
    return "".join(out).strip()


def _decode_word(encoding: str, payload: str) -> bytes:
    try:
        if encoding in "bB":
            return binascii.a2b_base64(payload + "=" * (-len(payload) % 4))
        return binascii.a2b_qp(payload.replace("_", " "))
    except (binascii.Error, ValueError):
        return payload.encode("ascii", "replace")


# --- HTML to text --------------------------------------------------------------------------

_BLOCK_TAGS = {
    "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "ul", "ol", "hr", "section", "article", "header", "footer", "address", "dt", "dd",
}  # fmt: skip
_DROP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg", "object"}
# A quoted earlier message in HTML mail: Apple Mail and Thunderbird mark it <blockquote
# type="cite">, Gmail <blockquote class="gmail_quote">. Its lines get "> " as a plain-text client
# would write them, so the reply's own words stay apart from what it quotes (reply_text).
_QUOTE_OPEN, _QUOTE_CLOSE = "\ue000", "\ue001"


class _HtmlText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropping = 0
        self.link: tuple[int, str] | None = None
        self.quotes: list[bool] = []  # open blockquotes: is each a quoted message?

    def handle_starttag(self, tag, attrs):
        if tag == "blockquote":
            named = dict(attrs)
            cited = (named.get("type") or "").lower() == "cite" or "quote" in (
                named.get("class") or ""
            ).lower()
            self.quotes.append(cited)
            self.parts.append("\n" + _QUOTE_OPEN if cited else "\n")
        elif tag in _DROP_TAGS:
            self.dropping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n- " if tag == "li" else "\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if href.lower().startswith("mailto:"):
                self.link = (len(self.parts), href[7:].split("?")[0])
            elif href.lower().startswith(("http://", "https://")):
                self.link = (len(self.parts), href)

    def handle_endtag(self, tag):
        if tag == "a" and self.link:
            start, target = self.link
            # Keep a target that appears only in the link: a reply address (tokens live there),
            # or the records' link behind "click here" in HTML-only mail. Outlook's own plain
            # version writes it the same way ("here <https://...>").
            if target not in "".join(self.parts[start:]):
                self.parts.append(f" <{target}>")
            self.link = None
        elif tag == "blockquote":
            cited = self.quotes.pop() if self.quotes else False
            self.parts.append(_QUOTE_CLOSE + "\n" if cited else "\n")
        elif tag in _DROP_TAGS:
            self.dropping = max(0, self.dropping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.dropping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Readable text from HTML. Nothing is fetched or rendered: the markup is only tokenised."""
    parser = _HtmlText()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser is lenient, but be sure
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    lines = (
        re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return re.sub(r"\n{3,}", "\n\n", "\n".join(_mark_quotes(lines))).strip()


def _mark_quotes(lines):
    depth = 0
    for line in lines:
        quoted = depth > 0 or _QUOTE_OPEN in line
        depth = max(0, depth + line.count(_QUOTE_OPEN) - line.count(_QUOTE_CLOSE))
        line = line.replace(_QUOTE_OPEN, "").replace(_QUOTE_CLOSE, "").strip()
        yield "> " + line if quoted and line else line

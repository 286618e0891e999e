"""The IMAP side every mail task shares: a verified connection, folders, search, APPEND.

Sending uses it to find its own copies in the Sent folder; intake builds its poller on it.
Plaintext connections are refused unless the server is on this machine (loopback): the config
already checks, and ``connect`` checks again, since a password must never cross a network in the
clear.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Sequence
from datetime import datetime

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from foia_tracker.config import Account, ImapSettings, is_loopback_host
from foia_tracker.errors import MailboxError
from foia_tracker.secrets import get_secret

# RFC 6154 section 2: the special-use attributes a server may put on a folder.
SPECIAL_USES = ("\\All", "\\Archive", "\\Drafts", "\\Flagged", "\\Junk", "\\Sent", "\\Trash")
# Names used by servers that do not announce special use (Courier, older Exchange, cPanel).
_USUAL_NAMES = {
    "\\Sent": ("Sent", "Sent Items", "Sent Messages", "INBOX.Sent", "[Gmail]/Sent Mail"),
    "\\Junk": ("Junk", "Spam", "Junk E-mail", "Junk Email", "INBOX.Junk", "[Gmail]/Spam"),
    "\\Drafts": ("Drafts", "INBOX.Drafts", "[Gmail]/Drafts"),
    "\\Trash": ("Trash", "Deleted Items", "INBOX.Trash", "[Gmail]/Trash"),
}
_APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)")


def tls_context(account: Account) -> ssl.SSLContext:
    """Certificates are always verified; ``ca_file`` adds a private CA (a self-hosted server)."""
    cafile = str(account.ca_file) if account.ca_file else None
    try:
        return ssl.create_default_context(cafile=cafile)
    except (OSError, ssl.SSLError) as exc:
        raise MailboxError(f"Could not read the CA file {account.ca_file}: {exc}.") from None


def require_safe_transport(account: Account, label: str) -> None:
    """Refuse plaintext to anything but loopback, even if a config slipped past validation."""
    if account.security == "none" and not is_loopback_host(account.host):
        raise MailboxError(
            f'{label}.security = "none" would send your password in plaintext to '
            f'{account.host}; use "ssl" or "starttls".'
        )


def connect(settings: ImapSettings) -> IMAPClient:
    """A logged-in IMAPClient; TLS verified, LOGIN or XOAUTH2 with the configured secret."""
    require_safe_transport(settings, "imap")
    secret = get_secret(settings, "imap")
    client = _open(settings)
    try:
        if settings.auth == "xoauth2":
            client.oauth2_login(settings.username, secret)
        else:
            client.login(settings.username, secret)
    except LoginError:
        close_quietly(client)
        raise MailboxError(
            f"The IMAP server {settings.host} refused the login for {settings.username}; "
            "check imap.username and the password or token."
        ) from None
    except (IMAPClientError, OSError) as exc:
        close_quietly(client)
        raise MailboxError(f"IMAP login to {settings.host} failed: {_words(exc)}.") from None
    return client


def _open(settings: ImapSettings) -> IMAPClient:
    where = f"{settings.host}:{settings.port}"
    context = tls_context(settings) if settings.security != "none" else None
    try:
        client = IMAPClient(
            settings.host,
            port=settings.port,
            ssl=settings.security == "ssl",
            ssl_context=context,
            timeout=settings.timeout,
        )
    except ssl.SSLCertVerificationError as exc:
        raise MailboxError(_cert_message(where, exc)) from None
    except (OSError, IMAPClientError) as exc:
        raise MailboxError(
            f"Could not connect to the IMAP server {where}: {_words(exc)}."
        ) from None
    if settings.security == "starttls":
        _starttls(client, context, where)
    return client


def _starttls(client: IMAPClient, context: ssl.SSLContext | None, where: str) -> None:
    try:
        client.starttls(context)
    except ssl.SSLCertVerificationError as exc:
        close_quietly(client)
        raise MailboxError(_cert_message(where, exc)) from None
    except (OSError, IMAPClientError) as exc:
        close_quietly(client)
        raise MailboxError(f"STARTTLS with {where} failed: {_words(exc)}.") from None


def close_quietly(client: IMAPClient) -> None:
    """Log out if the connection still works, else just drop it (after a failed TLS start)."""
    try:
        client.logout()
    except Exception:  # noqa: BLE001 - the connection is being thrown away either way
        try:
            client.shutdown()
        except OSError:
            pass


def _cert_message(where: str, exc: ssl.SSLCertVerificationError) -> str:
    return (
        f"The certificate of {where} could not be verified ({exc.verify_message}); "
        "if the server uses a private CA, set ca_file to its certificate."
    )


def _words(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, socket.timeout | TimeoutError):
        return "timed out"
    return text.strip().rstrip(".")


def account_key(settings: ImapSettings) -> str:
    """The name that keys this mailbox's state (``mail_state.account``, ``message_copies``).

    Not the port: moving from 143 + STARTTLS to 993 + SSL is the same mailbox, and its UIDs
    (RFC 3501, 2.3.1.1: valid per mailbox and UIDVALIDITY) say nothing new has arrived."""
    return f"{settings.username.lower()}@{settings.host.lower()}"


def special_folders(client: IMAPClient) -> dict[str, str]:
    """Role -> folder name, e.g. {"\\\\Sent": "Sent", "\\\\Junk": "Junk"} (RFC 6154).

    Servers that announce no roles are matched by the folder names they usually use.
    """
    listing = client.list_folders()
    found: dict[str, str] = {}
    for flags, _delimiter, name in listing:
        for flag in flags:
            role = flag.decode() if isinstance(flag, bytes) else str(flag)
            if role in SPECIAL_USES and role not in found:
                found[role] = name
    names = {name.lower(): name for _flags, _delimiter, name in listing}
    for role, usual in _USUAL_NAMES.items():
        if role not in found:
            match = next((names[n.lower()] for n in usual if n.lower() in names), None)
            if match:
                found[role] = match
    return found


def sent_folder(client: IMAPClient, settings: ImapSettings) -> str | None:
    """The Sent folder: ``imap.sent_folder`` unless "auto", else the server's \\Sent folder."""
    if settings.sent_folder and settings.sent_folder != "auto":
        return settings.sent_folder
    return special_folders(client).get("\\Sent")


def resolve_folders(
    client: IMAPClient, settings: ImapSettings, *, include_sent: bool = False
) -> list[str]:
    """``imap.folders`` with role entries ("\\\\Junk") turned into real names, no repeats.

    A role the server does not have is left out. ``include_sent`` adds the Sent folder (from
    ``imap.sent_folder``, "auto" = the \\Sent role), where our own copies are recognised.
    """
    roles = special_folders(client)
    wanted = list(settings.folders)
    resolved: list[str] = []
    for entry in wanted:
        name = roles.get(entry) if entry.startswith("\\") else entry
        if name and name not in resolved:
            resolved.append(name)
    if include_sent:
        sent = sent_folder(client, settings)
        if sent and sent not in resolved:
            resolved.append(sent)
    return resolved


def search_header(client: IMAPClient, folder: str, name: str, value: str) -> list[int]:
    """UIDs in ``folder`` whose header ``name`` contains ``value`` (RFC 3501 6.4.4 HEADER)."""
    try:
        client.select_folder(folder, readonly=True)
        return sorted(client.search(["HEADER", name, value]))
    except IMAPClientError as exc:
        raise MailboxError(f"Searching the IMAP folder {folder!r} failed: {_words(exc)}.") from None


def find_by_message_id(client: IMAPClient, folder: str, message_id: str) -> list[int]:
    """UIDs of the messages in ``folder`` carrying this Message-ID (angle brackets optional)."""
    bare = message_id.strip().strip("<>")
    if not bare:
        return []
    # HEADER search is a substring match; the brackets keep "<a@b>" from matching "<xa@b>".
    return search_header(client, folder, "Message-ID", f"<{bare}>")


def fetch_headers(client: IMAPClient, folder: str, uids: Sequence[int]) -> dict[int, bytes]:
    """The raw header block of each UID, read without setting \\Seen (BODY.PEEK, RFC 3501)."""
    if not uids:
        return {}
    client.select_folder(folder, readonly=True)
    fetched = client.fetch(list(uids), ["BODY.PEEK[HEADER]"])
    return {uid: data.get(b"BODY[HEADER]", b"") for uid, data in fetched.items()}


def append(
    client: IMAPClient,
    folder: str,
    raw: bytes,
    flags: Sequence[str] = (),
    when: datetime | None = None,
) -> int | None:
    """APPEND ``raw`` to ``folder``; the new UID when the server reports it (RFC 4315)."""
    try:
        response = client.append(folder, raw, flags=tuple(flags), msg_time=when)
    except IMAPClientError as exc:
        raise MailboxError(f"Could not file a copy in {folder!r}: {_words(exc)}.") from None
    found = _APPENDUID.search(response or b"")
    return int(found[1]) if found else None

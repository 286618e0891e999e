"""Real mail servers for the integration tests: Dovecot for IMAP, aiosmtpd for SMTP.

Importable without pytest, so a benchmark or a manual session can use them too:

    certs = TestCertificates.create(Path(tmp) / "tls")
    imap = DovecotServer(certs)
    imap.start(Path(tmp) / "dovecot")
    alice = imap.add_user("alice")
    with SmtpServer(mode="provider-like", dovecot=imap) as smtp:
        ...  # smtplib to smtp.host:smtp.port; the Sent copy lands in alice's Sent folder
    imap.stop()

Dovecot runs from its own generated config (2.3 or 2.4 syntax, chosen by `dovecot --version`),
listens on free loopback ports, keeps its sockets in a temp `base_dir`, authenticates from a
passwd-file and stores Maildirs owned by an unprivileged user (`nobody` when we run as root, the
current user otherwise). "Ready" means a real IMAP LOGIN succeeded, never a sleep.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import datetime as dt
import grp
import itertools
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import tempfile
import threading
import time
import urllib.parse
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import make_msgid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from imapclient import IMAPClient

DOMAIN = "example.test"
LOOPBACK = "127.0.0.1"
STARTUP_TIMEOUT = 10.0
# The folders Gmail, Outlook and Dovecot's own example config create, with their RFC 6154 role.
SPECIAL_USE_FOLDERS = {"Drafts": "\\Drafts", "Sent": "\\Sent", "Junk": "\\Junk", "Trash": "\\Trash"}


class ServerUnavailable(RuntimeError):
    """A real server needed by a test is not installed or did not start."""


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port nobody listens on right now (the usual bind-to-0 trick; racy but fine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------------------------------------
# TLS material


@dataclass(frozen=True)
class TestCertificates:
    """A throwaway CA (trustme) and one server certificate for localhost and 127.0.0.1."""

    __test__ = False  # not a pytest test class, despite the name

    ca_pem_path: Path
    cert_pem_path: Path
    key_pem_path: Path

    @classmethod
    def create(cls, directory: Path) -> TestCertificates:
        import trustme  # a test-only dependency; imported here so the module imports without it

        directory.mkdir(parents=True, exist_ok=True)
        ca = trustme.CA()
        leaf = ca.issue_cert("localhost", LOOPBACK)
        certs = cls(directory / "ca.pem", directory / "cert.pem", directory / "key.pem")
        ca.cert_pem.write_to_path(str(certs.ca_pem_path))
        leaf.cert_chain_pems[0].write_to_path(str(certs.cert_pem_path))
        for extra in leaf.cert_chain_pems[1:]:
            extra.write_to_path(str(certs.cert_pem_path), append=True)
        leaf.private_key_pem.write_to_path(str(certs.key_pem_path))
        return certs

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_pem_path, self.key_pem_path)
        return context

    def client_context(self) -> ssl.SSLContext:
        """Verifies the server against this CA only, as a `ca_file` setting would."""
        return ssl.create_default_context(cafile=str(self.ca_pem_path))


# ---------------------------------------------------------------------------------------------
# Dovecot


@dataclass(frozen=True)
class MailUser:
    name: str
    password: str
    address: str


@dataclass(frozen=True)
class _Identity:
    """Who Dovecot's processes run as. As root: system accounts; otherwise: ourselves."""

    internal_user: str
    login_user: str
    mail_uid: int
    mail_gid: int
    rootless: bool
    internal_group: str = "dovecot"


@dataclass(frozen=True)
class _Layout:
    root: Path
    port: int
    tls_port: int
    certs: TestCertificates
    identity: _Identity
    tokeninfo_port: int = 0

    @property
    def tokeninfo_url(self) -> str:
        return f"http://{LOOPBACK}:{self.tokeninfo_port}/tokeninfo?access_token="

    @property
    def config(self) -> Path:
        return self.root / "dovecot.conf"

    @property
    def passwd_dir(self) -> Path:
        # One passwd-file per user: Dovecot re-reads a changed passwd-file at most once a
        # second, but a file it has never seen is read at once, so a new user can log in now.
        return self.root / "users"

    @property
    def mail_root(self) -> Path:
        return self.root / "mail"

    @property
    def log(self) -> Path:
        return self.root / "dovecot.log"


def dovecot_version() -> tuple[int, int] | None:
    """(major, minor) of the installed Dovecot, or None when it is not installed."""
    binary = shutil.which("dovecot") or _sbin("dovecot")
    if binary is None:
        return None
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    found = re.match(r"(\d+)\.(\d+)", out.stdout.strip())
    return (int(found[1]), int(found[2])) if found else None


def _sbin(name: str) -> str | None:
    # Debian puts dovecot in /usr/sbin, which is not on a normal user's PATH.
    candidate = Path("/usr/sbin") / name
    return str(candidate) if candidate.exists() else None


def _die_with_us() -> list[str]:
    """A prefix that makes the child get SIGTERM when we die, even by SIGKILL or a CI timeout.

    Without it a killed test run leaves a Dovecot behind (atexit and fixtures never run then).
    util-linux `setpriv` is Essential on Debian; elsewhere we do without.
    """
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", "TERM", "--"] if setpriv else []


def _identity() -> _Identity:
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(me.pw_gid).gr_name
        return _Identity(me.pw_name, me.pw_name, me.pw_uid, me.pw_gid, True, group)
    # The Debian package creates `dovecot` and `dovenull`; `nobody` exists everywhere and owns
    # nothing else, so it is a safe owner for test mail.
    nobody = pwd.getpwnam("nobody")
    return _Identity("dovecot", "dovenull", nobody.pw_uid, nobody.pw_gid, rootless=False)


def _reachable_by(path: Path, uid: int) -> bool:
    """Can `uid` traverse every directory down to `path` (needed for the mail processes)?"""
    for part in [path, *path.parents]:
        mode = part.stat()
        if mode.st_uid != uid and not mode.st_mode & stat.S_IXOTH:
            return False
    return True


def _common_settings(layout: _Layout) -> list[str]:
    """Settings spelled the same in 2.3 and 2.4."""
    ident = layout.identity
    lines = [
        f"base_dir = {layout.root / 'run'}",
        f"state_dir = {layout.root / 'state'}",
        f"log_path = {layout.log}",
        f"instance_name = foia-test-{layout.port}",
        "protocols = imap",
        f"listen = {LOOPBACK}",
        f"default_internal_user = {ident.internal_user}",
        f"default_login_user = {ident.login_user}",
        f"default_internal_group = {ident.internal_group}",
        "first_valid_uid = 1",
        "auth_failure_delay = 0",  # a refused-login test should not wait 2 s
        # No anvil auth penalty: one refused login would otherwise delay the next login from
        # 127.0.0.1 (every test) by seconds. Mode 0 removes the socket auth looks for.
        "service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}",
        "ssl = yes",
        "namespace inbox {",
        "  inbox = yes",
        "  separator = /",
        *[
            f"  mailbox {name} {{\n    special_use = {use}\n    auto = subscribe\n  }}"
            for name, use in SPECIAL_USE_FOLDERS.items()
        ],
        "}",
        "protocol imap {",
        "  mail_max_userip_connections = 200",
        "}",
        "service imap-login {",
        f"  inet_listener imap {{\n    port = {layout.port}\n  }}",
        f"  inet_listener imaps {{\n    port = {layout.tls_port}\n    ssl = yes\n  }}",
    ]
    if ident.rootless:
        # An unprivileged master cannot chroot; Dovecot's "rootless install" turns it off.
        lines += ["  chroot ="]
    lines += ["}"]
    if ident.rootless:
        lines += ["service anvil {\n  chroot =\n}"]
    return lines


def _config_23(layout: _Layout) -> str:
    lines = [
        *_common_settings(layout),
        "disable_plaintext_auth = no",  # plaintext LOGIN on loopback, as `security = "none"` does
        f"ssl_cert = <{layout.certs.cert_pem_path}",
        f"ssl_key = <{layout.certs.key_pem_path}",
        "mail_location = maildir:~/Maildir",
        "auth_mechanisms = plain login xoauth2 oauthbearer",
        "passdb {",
        "  driver = oauth2",
        "  mechanisms = xoauth2 oauthbearer",
        f"  args = {layout.root / 'oauth2.conf.ext'}",
        "}",
        "passdb {",
        "  driver = passwd-file",
        f"  args = scheme=PLAIN username_format=%u {layout.passwd_dir}/%u",
        "}",
        "userdb {",
        "  driver = passwd-file",
        f"  args = username_format=%u {layout.passwd_dir}/%u",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _config_24(layout: _Layout) -> str:
    # 2.4 requires these two first; 2.4.0 is the oldest syntax every 2.4.x accepts.
    lines = [
        "dovecot_config_version = 2.4.0",
        "dovecot_storage_version = 2.4.0",
        *_common_settings(layout),
        "auth_allow_cleartext = yes",
        f"ssl_server_cert_file = {layout.certs.cert_pem_path}",
        f"ssl_server_key_file = {layout.certs.key_pem_path}",
        "mail_driver = maildir",
        "mail_path = ~/Maildir",
        "auth_mechanisms = plain login xoauth2 oauthbearer",
        "oauth2 {",
        f"  tokeninfo_url = {layout.tokeninfo_url}",
        # 2.4 insists on an introspection mode; our token-info answer already names the user.
        "  introspection_mode = get",
        f"  introspection_url = {layout.tokeninfo_url}",
        "  username_attribute = username",
        "}",
        "passdb oauth2 {",
        "  driver = oauth2",
        "  mechanisms_filter = xoauth2 oauthbearer",
        "}",
        "passdb users {",
        "  driver = passwd-file",
        f"  passwd_file_path = {layout.passwd_dir}/%{{user}}",
        "}",
        "userdb users {",
        "  driver = passwd-file",
        f"  passwd_file_path = {layout.passwd_dir}/%{{user}}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def _start_tokeninfo(tokens: dict[str, str]) -> ThreadingHTTPServer:
    """The OAuth2 token-info endpoint Dovecot's oauth2 passdb asks (a provider's, in real life)."""

    class TokenInfo(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            query = urllib.parse.urlsplit(self.path).query
            token = urllib.parse.parse_qs(query).get("access_token", [""])[0]
            user = tokens.get(token)
            body = json.dumps({"username": user} if user else {"error": "invalid_token"})
            self.send_response(200 if user else 401)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer((LOOPBACK, 0), TokenInfo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class DovecotServer:
    """A private Dovecot instance on free loopback ports. `start()`, then `add_user()`."""

    host = LOOPBACK

    def __init__(self, certs: TestCertificates | None = None, domain: str = DOMAIN) -> None:
        self.domain = domain
        self._certs = certs
        self._users: dict[str, MailUser] = {}
        self._process: subprocess.Popen[bytes] | None = None
        self._layout: _Layout | None = None
        self._owned_root: Path | None = None
        self._oauth2_tokens: dict[str, str] = {}
        self._tokeninfo: ThreadingHTTPServer | None = None
        self._names = itertools.count(1)
        self._lock = threading.Lock()
        self.version: tuple[int, int] | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self, tmpdir: Path) -> None:
        self.version = dovecot_version()
        if self.version is None:
            raise ServerUnavailable("Dovecot is not installed (apt-get install dovecot-imapd)")
        identity = _identity()
        root = self._choose_root(Path(tmpdir), identity)
        certs = self._certs or TestCertificates.create(root / "tls")
        self._certs = certs
        self._tokeninfo = _start_tokeninfo(self._oauth2_tokens)
        tokeninfo_port = self._tokeninfo.server_address[1]
        self._layout = _Layout(root, free_port(), free_port(), certs, identity, tokeninfo_port)
        self._write_files()
        binary = shutil.which("dovecot") or _sbin("dovecot")
        with open(root / "dovecot.stderr", "wb") as stderr:
            self._process = subprocess.Popen(
                [*_die_with_us(), binary, "-F", "-c", str(self._layout.config)],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,  # its own process group, so stop() can kill it whole
            )
        atexit.register(self.stop)  # no orphaned Dovecot even if the caller never calls stop()
        probe = self.add_user("probe")
        self._wait_until_login_works(probe)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            # The master takes its imap and login children down with it (shutdown_clients).
            # TERM to the whole group: the master alone would wait ~1 s for its children.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        tokeninfo, self._tokeninfo = self._tokeninfo, None
        if tokeninfo is not None:
            tokeninfo.shutdown()
            tokeninfo.server_close()
        if self._owned_root is not None:
            shutil.rmtree(self._owned_root, ignore_errors=True)
            self._owned_root = None

    def __enter__(self) -> DovecotServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _choose_root(self, tmpdir: Path, identity: _Identity) -> Path:
        tmpdir.mkdir(parents=True, exist_ok=True)
        if _reachable_by(tmpdir, identity.mail_uid):
            root = Path(tempfile.mkdtemp(prefix="dovecot-", dir=tmpdir))
        else:
            # pytest's tmp folders are 0700 root-owned; `nobody` could not reach its Maildir.
            root = Path(tempfile.mkdtemp(prefix="foia-dovecot-"))
            self._owned_root = root
        root.chmod(0o755)
        return root

    def _write_files(self) -> None:
        layout = self._require_layout()
        major_minor = self.version or (2, 3)
        render = _config_24 if major_minor >= (2, 4) else _config_23
        layout.config.write_text(render(layout))
        # 2.3 reads the oauth2 passdb settings from a separate file; 2.4 has an oauth2 {} block.
        oauth2 = f"tokeninfo_url = {layout.tokeninfo_url}\nusername_attribute = username\n"
        (layout.root / "oauth2.conf.ext").write_text(oauth2)
        layout.passwd_dir.mkdir(mode=0o755)
        layout.mail_root.mkdir(mode=0o755)

    def _wait_until_login_works(self, user: MailUser) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise ServerUnavailable(f"Dovecot exited at startup:\n{self.log_tail()}")
            try:
                with self.connect(user):
                    return
            except (OSError, IMAPClient.Error) as error:
                last_error = error
                time.sleep(0.02)
        self.stop()
        raise ServerUnavailable(f"Dovecot LOGIN never worked ({last_error}):\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        layout = self._require_layout()
        text = ""
        for path in (layout.root / "dovecot.stderr", layout.log):
            if path.exists():
                text += path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _require_layout(self) -> _Layout:
        if self._layout is None:
            raise RuntimeError("DovecotServer.start() has not run")
        return self._layout

    # -- addresses ------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._require_layout().port

    @property
    def tls_port(self) -> int:
        return self._require_layout().tls_port

    @property
    def ca_pem_path(self) -> Path:
        return self._require_layout().certs.ca_pem_path

    @property
    def certs(self) -> TestCertificates:
        return self._require_layout().certs

    @property
    def root(self) -> Path:
        return self._require_layout().root

    # -- users ----------------------------------------------------------------------------------

    def add_user(self, name: str | None = None, password: str | None = None) -> MailUser:
        """A new mailbox owner; passwd-file is re-read by Dovecot when it changes, no reload."""
        layout = self._require_layout()
        with self._lock:
            name = name or f"user{next(self._names)}-{secrets.token_hex(3)}"
            if not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", name):
                raise ValueError(f"user name {name!r}: use a-z, 0-9, '.', '_', '-'")
            if name in self._users:
                raise ValueError(f"user {name!r} exists already")
            user = MailUser(name, password or secrets.token_urlsafe(12), f"{name}@{self.domain}")
            home = layout.mail_root / name
            home.mkdir(mode=0o700)
            os.chown(home, layout.identity.mail_uid, layout.identity.mail_gid)
            ident = layout.identity
            line = f"{name}:{{PLAIN}}{user.password}:{ident.mail_uid}:{ident.mail_gid}::{home}::\n"
            staged = layout.passwd_dir / f".{name}.new"
            staged.write_text(line)
            staged.rename(layout.passwd_dir / name)  # never a half-written file for Dovecot
            self._users[name] = user
        return user

    def new_account(self, name: str | None = None) -> MailAccount:
        """A fresh user with an empty mailbox, so a test never sees another test's mail."""
        return MailAccount(self, self.add_user(name))

    def oauth2_token(self, user: MailUser | str) -> str:
        """A fresh bearer token for XOAUTH2/OAUTHBEARER logins (RFC 7628) as this user."""
        token = secrets.token_urlsafe(16)
        self._oauth2_tokens[token] = self._resolve(user).name
        return token

    def user(self, name: str) -> MailUser:
        return self._users[name]

    def find_user(self, address: str) -> MailUser | None:
        """The user an address delivers to; `name+tag@domain` is name's (plus-addressing)."""
        local, _, domain = address.strip("<>").lower().rpartition("@")
        if domain != self.domain.lower():
            return None
        return self._users.get(local.split("+", 1)[0])

    def _resolve(self, user: MailUser | str) -> MailUser:
        return self._users[user] if isinstance(user, str) else user

    # -- IMAP helpers ---------------------------------------------------------------------------

    def connect(self, user: MailUser | str, *, tls: bool = False) -> IMAPClient:
        """A logged-in IMAPClient (plain loopback, or IMAPS verified against the test CA)."""
        account = self._resolve(user)
        if tls:
            client = IMAPClient(
                self.host, port=self.tls_port, ssl=True, ssl_context=self.certs.client_context()
            )
        else:
            client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        try:
            client.login(account.name, account.password)
        except BaseException:
            client.shutdown()
            raise
        return client

    def append(
        self,
        user: MailUser | str,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = (),
        internaldate: dt.datetime | None = None,
    ) -> int | None:
        """APPEND one message; returns its UID (RFC 4315 APPENDUID), None if not reported."""
        with self.connect(user) as client:
            response = client.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        found = re.search(rb"APPENDUID \d+ (\d+)", response or b"")
        return int(found[1]) if found else None

    def folders(self, user: MailUser | str) -> list[str]:
        with self.connect(user) as client:
            return [name for _flags, _sep, name in client.list_folders()]

    def messages(self, user: MailUser | str, folder: str = "INBOX") -> list[bytes]:
        """Every message's exact bytes in UID order, read-only (no \\Seen set)."""
        with self.connect(user) as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            fetched = client.fetch(uids, ["BODY.PEEK[]"]) if uids else {}
        return [fetched[uid][b"BODY[]"] for uid in sorted(fetched)]

    def uidvalidity(self, user: MailUser | str, folder: str) -> int:
        with self.connect(user) as client:
            return client.folder_status(folder, ["UIDVALIDITY"])[b"UIDVALIDITY"]

    def change_uidvalidity(
        self, user: MailUser | str, folder: str, uidvalidity: int | None = None
    ) -> int:
        """Give the folder a new UIDVALIDITY (RFC 3501 2.3.1.1), as after a server migration."""
        new_value = uidvalidity or self.uidvalidity(user, folder) + 1
        self.doveadm(
            "mailbox", "update", "-u", self._resolve(user).name,
            "--uid-validity", str(new_value), folder,
        )  # fmt: skip
        return new_value

    def clear(self, user: MailUser | str) -> None:
        """Expunge every message in every folder (to reuse a user between tests)."""
        self.doveadm("expunge", "-u", self._resolve(user).name, "mailbox", "*", "all")

    def doveadm(self, *args: str) -> str:
        layout = self._require_layout()
        binary = shutil.which("doveadm") or "/usr/bin/doveadm"
        result = subprocess.run(
            [binary, "-c", str(layout.config), *args], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"doveadm {' '.join(args)} failed: {result.stderr.strip()}")
        return result.stdout


@dataclass(frozen=True)
class MailAccount:
    """One user on a running DovecotServer: what a test (and a foia config) needs to reach it."""

    server: DovecotServer
    user: MailUser

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def tls_port(self) -> int:
        return self.server.tls_port

    @property
    def ca_pem_path(self) -> Path:
        return self.server.ca_pem_path

    @property
    def username(self) -> str:
        return self.user.name

    @property
    def password(self) -> str:
        return self.user.password

    @property
    def address(self) -> str:
        return self.user.address

    def connect(self, *, tls: bool = False) -> IMAPClient:
        return self.server.connect(self.user, tls=tls)

    def append(
        self,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = (),
        internaldate: dt.datetime | None = None,
    ) -> int | None:
        return self.server.append(self.user, folder, raw, flags, internaldate)

    def oauth2_token(self) -> str:
        return self.server.oauth2_token(self.user)

    def folders(self) -> list[str]:
        return self.server.folders(self.user)

    def messages(self, folder: str = "INBOX") -> list[bytes]:
        return self.server.messages(self.user, folder)

    def uidvalidity(self, folder: str) -> int:
        return self.server.uidvalidity(self.user, folder)

    def change_uidvalidity(self, folder: str, uidvalidity: int | None = None) -> int:
        return self.server.change_uidvalidity(self.user, folder, uidvalidity)


# ---------------------------------------------------------------------------------------------
# SMTP (aiosmtpd)

SmtpReply = tuple[int, str]


@dataclass(frozen=True)
class ReceivedMessage:
    """One message the SMTP server accepted (answered 250 to its DATA)."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes  # exactly what the client sent, after dot-unstuffing (RFC 5321 4.5.2)
    delivered: bytes  # what recipients and the Sent folder got (after any provider rewrite)
    auth_user: str | None
    connection: int
    reply: str  # our final 250 line, what a client stores as proof of sending


@dataclass
class _Connection:
    number: int
    accepted: int = 0


def _lookup(replies: dict[str, SmtpReply], address: str) -> SmtpReply | None:
    # The local part may be case-sensitive (RFC 5321 2.4), but no test wants that here.
    wanted = address.lower()
    return next((reply for key, reply in replies.items() if key.lower() == wanted), None)


def _format_reply(reply: SmtpReply) -> str:
    return f"{reply[0]} {reply[1]}"


def _replace_header(raw: bytes, name: bytes, value: bytes) -> bytes:
    """Replace (or add) one header field in the header block (RFC 5322 2.2)."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    eol = b"\r\n" if sep == b"\r\n\r\n" else b"\n"
    # The field and its folded continuation lines (RFC 5322 2.2.3).
    pattern = re.compile(rb"(?im)^" + re.escape(name) + rb":[^\r\n]*(?:\r?\n[ \t][^\r\n]*)*")
    line = name + b": " + value
    if pattern.search(head):
        head = pattern.sub(lambda _m: line, head, count=1)
    else:
        head = head + eol + line
    return head + sep + body


class _Handler:
    """aiosmtpd hooks; every knob is read from the SmtpServer at each command."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_MAIL(self, smtp, session, envelope, address, mail_options):  # noqa: N802
        srv = self.server
        limit = srv.disconnect_after_n
        if limit is not None and srv._connection(smtp).accepted >= limit:
            # The _DisconnectingSMTP below closes the connection after sending this (RFC 5321 3.8).
            return "421 4.7.0 Too many messages on this connection, try again later"
        failure = _lookup(srv.fail_mail_from, address)
        if failure:
            return _format_reply(failure)
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 Ok"

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):  # noqa: N802
        failure = _lookup(self.server.fail_rcpt, address)
        if failure:
            return _format_reply(failure)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, smtp, session, envelope):  # noqa: N802
        srv = self.server
        reply = srv._accept(srv._connection(smtp), session, envelope)
        if reply.startswith("250") and srv.drop_after_data > 0:
            # Stored, then the line goes dead before the 250: the client cannot know.
            srv.drop_after_data -= 1
            return _DROP
        if reply.startswith("250") and srv.stall_after_data:
            await asyncio.sleep(srv.stall_after_data)
        return reply

    async def auth_XOAUTH2(self, smtp, args):  # noqa: N802 - aiosmtpd finds auth_<MECHANISM>
        from aiosmtpd.smtp import MISSING, AuthResult

        blob = base64.b64decode(args[1]) if len(args) == 2 else await smtp.challenge_auth("")
        if blob is MISSING:
            return AuthResult(success=False, handled=True)
        # Google's XOAUTH2 SASL: "user=" user ^A "auth=Bearer " token ^A ^A, base64-encoded.
        fields = dict(part.split("=", 1) for part in blob.decode().split("\x01") if "=" in part)
        token = fields.get("auth", "").removeprefix("Bearer ")
        user = fields.get("user")
        if user is not None and self.server.oauth2_tokens.get(token) == user:
            return AuthResult(success=True, auth_data=user)
        return AuthResult(
            success=False, handled=False, message="535 5.7.8 Username and token not accepted"
        )


_DROP = "000 drop the connection"  # not a reply: tells _DisconnectingSMTP to hang up instead


def _disconnecting_smtp_class():
    from aiosmtpd.smtp import SMTP

    class _DisconnectingSMTP(SMTP):
        """Closes the connection after any 421, as RFC 5321 3.8 says a server shutting down does."""

        async def push(self, status):
            if status == _DROP:
                if self.transport is not None:
                    self.transport.abort()  # no reply at all, as a dying server or NAT does
                return
            await super().push(status)
            text = status.decode() if isinstance(status, bytes) else status
            if text.startswith("421") and self.transport is not None:
                self.transport.close()

    return _DisconnectingSMTP


class SmtpServer:
    """aiosmtpd on a free loopback port, in "plain" or "provider-like" mode.

    provider-like: each accepted message is APPENDed to the sender's Sent folder in `dovecot`
    (as Gmail and Outlook do), before the 250 is sent, so a test can check it right away.
    The sender is `sent_user`, else the AUTH login, else the Dovecot user of MAIL FROM.

    Failure knobs (settable any time; addresses compared in lower case):
      fail_mail_from / fail_rcpt: {address: (code, text)} answered to MAIL FROM / RCPT TO.
      fail_data_after_n: (n, (code, text)): the first n messages are accepted, every later
        DATA gets the reply (a provider's daily quota).
      disconnect_after_n: after n accepted messages on one connection, MAIL FROM gets
        "421" and the connection is closed; a new connection works again.
      deliver_local: also APPEND each message to the INBOX of every recipient that is a
        Dovecot user (`name+tag@domain` included), with Delivered-To added as an MTA does.
      rewrite_message_id / rewrite_from: what some providers do to outgoing mail.
      drop_after_data: the next n messages are stored (and filed, provider-like), then the
        connection is cut before the 250: the unclear outcome SMTP cannot resolve.
      stall_after_data: seconds to wait after storing before answering (a client timeout).
      auth_reply: every AUTH is answered with this line, e.g. "454 4.7.0 Try again later".

    AUTH: `auth={user: password}` offers LOGIN and PLAIN; `oauth2_tokens={token: user}` offers
    XOAUTH2 (as Gmail and Exchange Online do). Either makes AUTH required; no TLS needed.
    """

    host = LOOPBACK

    def __init__(
        self,
        mode: str = "plain",
        *,
        dovecot: DovecotServer | None = None,
        sent_user: MailUser | str | None = None,
        auth: dict[str, str] | None = None,
        oauth2_tokens: dict[str, str] | None = None,
        certs: TestCertificates | None = None,
        implicit_tls: bool = False,
    ) -> None:
        if mode not in ("plain", "provider-like"):
            raise ValueError(f"mode must be 'plain' or 'provider-like', not {mode!r}")
        if mode == "provider-like" and dovecot is None:
            raise ValueError("provider-like mode files Sent copies, so it needs a DovecotServer")
        if implicit_tls and certs is None:
            raise ValueError("implicit_tls needs certs")
        self.mode = mode
        self.dovecot = dovecot
        self.sent_user = sent_user
        self.auth = auth
        self.oauth2_tokens = oauth2_tokens or {}
        self.certs = certs
        self.implicit_tls = implicit_tls
        self.received: list[ReceivedMessage] = []
        self.fail_mail_from: dict[str, SmtpReply] = {}
        self.fail_rcpt: dict[str, SmtpReply] = {}
        self.fail_data_after_n: tuple[int, SmtpReply] | None = None
        self.disconnect_after_n: int | None = None
        self.deliver_local = False
        self.rewrite_message_id = False
        self.rewrite_from: str | None = None
        self.drop_after_data = 0
        self.stall_after_data = 0.0
        self.auth_reply: str | None = None
        self.port = 0
        self._controller = None
        self._connections = itertools.count(1)
        self._queue_ids = itertools.count(1)

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        def authenticate(smtp, session, envelope, mechanism, login_password):
            if self.auth_reply:
                return AuthResult(success=False, handled=False, message=self.auth_reply)
            login = login_password.login.decode()
            ok = (self.auth or {}).get(login) == login_password.password.decode()
            return AuthResult(success=ok, handled=False, auth_data=login if ok else None)

        smtp_class = _disconnecting_smtp_class()
        options: dict[str, object] = {
            "server_hostname": f"smtp.{DOMAIN}",
            "ident": "foia-tracker test ESMTP",
            # AUTH over plaintext loopback, as security = "none"; with no accounts, no AUTH at all.
            "auth_require_tls": not (self.auth or self.oauth2_tokens),
        }
        if self.auth is not None or self.oauth2_tokens:
            options.update(authenticator=authenticate, auth_required=True)
        # Offer only the mechanisms that can succeed, as a real server's EHLO does.
        excluded = ([] if self.auth else ["LOGIN", "PLAIN"]) + (
            [] if self.oauth2_tokens else ["XOAUTH2"]
        )
        options.update(auth_exclude_mechanism=excluded)
        if self.certs is not None and not self.implicit_tls:
            options.update(tls_context=self.certs.server_context(), require_starttls=False)

        class _Controller(Controller):
            def factory(inner):  # noqa: N805 - aiosmtpd's hook, `self` is the outer server
                with warnings.catch_warnings():
                    # AUTH without TLS is deliberate here: loopback only, like security = "none".
                    warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
                    return smtp_class(inner.handler, **inner.SMTP_kwargs)

        self.port = free_port()
        ssl_context = self.certs.server_context() if self.implicit_tls else None
        self._controller = _Controller(
            _Handler(self), hostname=self.host, port=self.port, ssl_context=ssl_context, **options
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _connection(self, smtp) -> _Connection:
        # One aiosmtpd SMTP object per TCP connection; it survives STARTTLS, the session does not.
        if not hasattr(smtp, "foia_connection"):
            smtp.foia_connection = _Connection(next(self._connections))
        return smtp.foia_connection

    # -- accepting ------------------------------------------------------------------------------

    def _accept(self, connection: _Connection, session, envelope) -> str:
        quota = self.fail_data_after_n
        if quota is not None and len(self.received) >= quota[0]:
            return _format_reply(quota[1])
        raw = envelope.original_content
        delivered = self._provider_rewrite(raw)
        auth_user = session.auth_data if isinstance(session.auth_data, str) else None
        if self.mode == "provider-like":
            owner = self._sender_mailbox(envelope.mail_from, auth_user)
            if owner is None:
                return "550 5.7.1 Sender is not a mailbox on this provider"
            self.dovecot.append(owner, "Sent", delivered, flags=("\\Seen",))
        if self.deliver_local and self.dovecot is not None:
            self._deliver(envelope.rcpt_tos, delivered)
        reply = f"250 2.0.0 Ok: queued as T{next(self._queue_ids):06d}"
        connection.accepted += 1
        self.received.append(
            ReceivedMessage(
                mail_from=envelope.mail_from,
                rcpt_tos=tuple(envelope.rcpt_tos),
                raw=raw,
                delivered=delivered,
                auth_user=auth_user,
                connection=connection.number,
                reply=reply,
            )
        )
        return reply

    def _provider_rewrite(self, raw: bytes) -> bytes:
        if self.rewrite_message_id:
            # Exchange Online and some relays assign their own Message-ID (RFC 5322 3.6.4).
            new_id = make_msgid(domain=f"provider.{DOMAIN}").encode()
            raw = _replace_header(raw, b"Message-ID", new_id)
        if self.rewrite_from:
            raw = _replace_header(raw, b"From", self.rewrite_from.encode())
        return raw

    def _sender_mailbox(self, mail_from: str, auth_user: str | None) -> MailUser | None:
        assert self.dovecot is not None
        if self.sent_user is not None:
            return self.dovecot._resolve(self.sent_user)
        if auth_user is not None:
            return self.dovecot._users.get(auth_user) or self.dovecot.find_user(auth_user)
        return self.dovecot.find_user(mail_from)

    def _deliver(self, rcpt_tos: Iterable[str], message: bytes) -> None:
        assert self.dovecot is not None
        for rcpt in rcpt_tos:
            user = self.dovecot.find_user(rcpt)
            if user is not None:
                # The final MTA records the envelope recipient it delivered to (RFC 9228).
                stamped = b"Delivered-To: " + rcpt.encode() + b"\r\n" + message
                self.dovecot.append(user, "INBOX", stamped)


__all__ = [
    "DOMAIN",
    "SPECIAL_USE_FOLDERS",
    "DovecotServer",
    "MailAccount",
    "MailUser",
    "ReceivedMessage",
    "ServerUnavailable",
    "SmtpReply",
    "SmtpServer",
    "TestCertificates",
    "dovecot_version",
    "free_port",
]

"""The sandbox's SMTP server: aiosmtpd on 127.0.0.1, AUTH optional, delivery by callback."""

from __future__ import annotations

import secrets
import socket
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

# aiosmtpd 1.4 itself sets the deprecated Session.login_data after every successful AUTH.
warnings.filterwarnings("ignore", message="Session.login_data is deprecated")


@dataclass(frozen=True)
class Submission:
    """One accepted message: who sent it, to whom, and its bytes as submitted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes
    queue_id: str


class _Handler:
    def __init__(
        self,
        accept: Callable[[Submission], None],
        rejects: Callable[[str], bool],
    ) -> None:
        self._accept = accept
        self._rejects = rejects

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self._rejects(address):
            # RFC 3463: 5.1.1 is "bad destination mailbox address", a per-recipient failure.
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        queue_id = secrets.token_hex(5).upper()
        raw = envelope.original_content or envelope.content
        self._accept(Submission(envelope.mail_from, tuple(envelope.rcpt_tos), raw, queue_id))
        return f"250 2.0.0 Ok: queued as {queue_id}"


class _Authenticator:
    def __init__(self, login: str, password: str) -> None:
        self._login = login
        self._password = password

    def __call__(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        ok = (
            auth_data.login.decode("utf-8", "replace").lower() == self._login.lower()
            and auth_data.password.decode("utf-8", "replace") == self._password
        )
        return AuthResult(success=ok, handled=False)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class SmtpServer:
    """aiosmtpd Controller bound to loopback; AUTH PLAIN/LOGIN offered but not required."""

    def __init__(
        self,
        accept: Callable[[Submission], None],
        rejects: Callable[[str], bool],
        login: str,
        password: str,
        host: str = "127.0.0.1",
    ) -> None:
        self.host = host
        self.port = free_port(host)
        self._controller = Controller(
            _Handler(accept, rejects),
            hostname=host,
            port=self.port,
            authenticator=_Authenticator(login, password),
            auth_required=False,
            # Plain AUTH without TLS is acceptable only because we never leave loopback.
            auth_require_tls=False,
            server_hostname="smtp.sandbox.example",
        )

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

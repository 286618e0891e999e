"""Fixtures that start real mail servers (see servers.py).

- `dovecot_server` (session): one Dovecot for the whole run; started in ~0.1 s.
- `dovecot` (function): a fresh user on it (`MailAccount`), so no test sees another's mail:
  `.host .port .tls_port .ca_pem_path .username .password .address`, `.append(folder, raw)`,
  `.messages(folder)`, `.folders()`, `.change_uidvalidity(folder)`, `.oauth2_token()` (for
  XOAUTH2 logins), `.connect(tls=...)`; `.server` for more users (`.server.new_account()`).
- `smtp_plain` (function): aiosmtpd that only records what it accepts in `.received`.
- `smtp_provider` (function): aiosmtpd that also files each accepted message in the `dovecot`
  account's Sent folder (as Gmail and Outlook do) and delivers mail addressed to any Dovecot
  user (plus-addresses included) into that user's INBOX.
- `make_smtp` (function): a factory for other combinations, e.g.
  `make_smtp("plain", auth={"jane": "pw"}, certs=tls_certs)` (AUTH + STARTTLS) or
  `make_smtp("plain", oauth2_tokens={token: user})` (XOAUTH2); failures are attributes
  (`fail_rcpt`, `fail_data_after_n`, `fail_mail_from`, `disconnect_after_n`), see SmtpServer.
- `tls_certs` (session): the trustme CA (`.ca_pem_path`) both servers' certificates come from.

Without Dovecot (or trustme) these tests skip with the reason; with CI=true they fail instead,
so a CI machine that lost Dovecot cannot go green by skipping the proof that mail works.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.servers import (
    DovecotServer,
    MailAccount,
    ServerUnavailable,
    SmtpServer,
    TestCertificates,
    dovecot_version,
)

INTEGRATION_DIR = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything in this folder talks to real servers: `-m "not integration"` leaves it out.
    for item in items:
        if INTEGRATION_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.integration)


def server_unavailable(reason: str) -> None:
    """Skip on a developer machine; fail under CI=true, where a skip would hide a broken setup."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: integration tests may not skip)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def tls_certs(tmp_path_factory: pytest.TempPathFactory) -> TestCertificates:
    try:
        import trustme  # noqa: F401
    except ImportError:
        server_unavailable("trustme is not installed (pip install -e '.[test]')")
    return TestCertificates.create(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="session")
def dovecot_server(
    tmp_path_factory: pytest.TempPathFactory, tls_certs: TestCertificates
) -> Iterator[DovecotServer]:
    if dovecot_version() is None:
        server_unavailable("Dovecot is not installed (apt-get install dovecot-imapd)")
    server = DovecotServer(tls_certs)
    try:
        server.start(tmp_path_factory.mktemp("dovecot"))
    except ServerUnavailable as error:
        server.stop()
        server_unavailable(str(error))
    yield server
    server.stop()


@pytest.fixture
def dovecot(dovecot_server: DovecotServer) -> MailAccount:
    return dovecot_server.new_account()


@pytest.fixture
def make_smtp() -> Iterator[Callable[..., SmtpServer]]:
    """make_smtp(mode="plain", **SmtpServer options) -> a started server, stopped after the test."""
    started: list[SmtpServer] = []

    def make(mode: str = "plain", **options: object) -> SmtpServer:
        server = SmtpServer(mode, **options).start()  # type: ignore[arg-type]
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def smtp_plain(make_smtp: Callable[..., SmtpServer]) -> SmtpServer:
    return make_smtp("plain")


@pytest.fixture
def smtp_provider(make_smtp: Callable[..., SmtpServer], dovecot: MailAccount) -> SmtpServer:
    server = make_smtp("provider-like", dovecot=dovecot.server, sent_user=dovecot.user)
    server.deliver_local = True
    return server

"""The real servers of tests/integration (Dovecot, aiosmtpd, trustme), shared with these suites.

Like the integration tests, everything here skips on a machine without Dovecot and fails under
CI=true instead (see tests/integration/conftest.py: `server_unavailable`)."""

from __future__ import annotations

from tests.integration.conftest import (  # noqa: F401 - pytest finds fixtures by name
    dovecot,
    dovecot_server,
    make_smtp,
    smtp_plain,
    smtp_provider,
    tls_certs,
)

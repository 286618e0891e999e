"""The real servers of tests/integration (Dovecot, aiosmtpd, trustme), shared with these suites.

Like the integration tests, everything here skips on a machine without Dovecot and fails under
CI=true instead (see tests/integration/conftest.py: `server_unavailable`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import (  # noqa: F401 - pytest finds fixtures by name
    dovecot,
    dovecot_server,
    make_smtp,
    smtp_plain,
    smtp_provider,
    tls_certs,
)
from tests.reliability import trials
from tests.reliability.zygote import Zygote, import_seconds


@pytest.fixture(scope="session")
def import_phase() -> float:
    seconds = import_seconds()
    trials.IMPORT_PHASE.append(seconds)
    print(f"import phase of a fresh `foia`: {seconds:.2f} s (the zygote skips it)")
    return seconds


@pytest.fixture
def zygote(tmp_path: Path, import_phase: float) -> Iterator[Zygote]:
    started = Zygote(tmp_path)
    yield started
    started.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """The figures of every kill trial, for docs/reliability.md (printed even with -q)."""
    from tests.reliability.trials import IMPORT_PHASE, RESULTS, SOAK

    if RESULTS:
        terminalreporter.write_sep("=", f"kill trials (FOIA_SOAK={SOAK})")
        if IMPORT_PHASE:
            terminalreporter.write_line(
                f"import phase of a fresh foia: {IMPORT_PHASE[0]:.2f} s (skipped: zygote fork)"
            )
        for result in RESULTS:
            terminalreporter.write_line(result.line())
        total = sum(r.kills for r in RESULTS)
        terminalreporter.write_line(
            f"TOTAL: trials={sum(r.trials for r in RESULTS)} kills={total} "
            f"lost={sum(r.lost for r in RESULTS)} doubled={sum(r.doubled for r in RESULTS)} "
            f"in_flight={sum(r.in_flight for r in RESULTS)}"
        )

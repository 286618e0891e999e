"""A test-only hook that kills the process at a named point, to prove nothing is lost.

``FOIA_CRASH_AT=<point>:<n>`` makes the n-th pass through ``crash_point("<point>")`` end the
process at once with ``os._exit`` — no cleanup, no flush, no commit — as a power cut would.
Unset (always, outside tests), it costs one dictionary lookup.
"""

from __future__ import annotations

import os

CRASH_EXIT_CODE = 137
_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    spec = os.environ.get("FOIA_CRASH_AT")
    if not spec:
        return
    point, _, nth = spec.rpartition(":")
    if point != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] >= int(nth or 1):
        os._exit(CRASH_EXIT_CODE)

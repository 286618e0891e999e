"""Making values safe for where they are shown: a spreadsheet cell, a terminal line.

Library code (export) and the CLI share these rules, so they live outside ``cli/``.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Spreadsheet formula injection (OWASP "CSV injection"): cells starting with these are evaluated.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0/C1 control characters and DEL, except TAB. An email-derived value could otherwise move the
# cursor or rewrite the terminal title (ANSI escape sequences start with ESC, 0x1b).
# Bidirectional overrides and isolates (U+202A-202E, U+2066-2069) can make a sender or a
# filename read differently from what it is ("Trojan Source", CVE-2021-42574).
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def jsonable(value: Any) -> Any:
    """``json.dumps`` default for the types our rows carry."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def csv_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not evaluate as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        value = json.dumps(value, default=jsonable, ensure_ascii=False)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def strip_control(text: str) -> str:
    return CONTROL.sub("", text)

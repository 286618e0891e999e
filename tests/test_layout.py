"""The house rules of docs/design.md ("The pipeline") held by a test, so a change that breaks
them says so: no module over 400 lines (data tables aside), no function over 60 lines, outside
cli/ no function over 7 parameters, SQL text only under db/, no import inside a function, and
click only in cli/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "foia_tracker"
# Data tables: the schema's numbered migrations (shipped ones are never edited) and the
# classifier's phrase tables.
DATA_TABLES = {"db/migrations.py", "intake/reply_patterns.py"}
SHIPPED_MIGRATIONS = {f"m00{n}" for n in range(1, 8)}
SQL = re.compile(
    r"\b(?:SELECT\s.+\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(?:TABLE|INDEX))\b",
    re.I | re.S,
)
MODULES = sorted(PACKAGE.rglob("*.py"))
# Optional dependencies may be imported where first used (the rule's one exception).
OPTIONAL_IMPORTS = {("parse/outlook.py", "extract_msg"), ("parse/outlook.py", "extract_msg.enums")}


def _rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_follows_the_house_rules(path: Path):
    rel = _rel(path)
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    problems = []
    if text.count("\n") > 400 and rel not in DATA_TABLES:
        problems.append(f"{text.count(chr(10))} lines")
    for fn in _functions(tree):
        length = fn.end_lineno - fn.lineno + 1
        if length > 60 and fn.name[:4] not in SHIPPED_MIGRATIONS:
            problems.append(f"{fn.name}: {length} lines")
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args + fn.args.kwonlyargs]
        params = [p for p in params if p not in ("self", "cls")]
        if len(params) > 7 and not rel.startswith("cli/"):
            problems.append(f"{fn.name}: {len(params)} parameters")
        for inner in ast.walk(fn):
            if isinstance(inner, ast.Import | ast.ImportFrom):
                module = getattr(inner, "module", None) or inner.names[0].name
                if (rel, module) in OPTIONAL_IMPORTS:
                    continue
                problems.append(f"{fn.name}: import inside a function (line {inner.lineno})")
    for node in ast.walk(tree):
        if not rel.startswith("db/") and isinstance(node, ast.Constant):
            if isinstance(node.value, str) and SQL.search(node.value):
                problems.append(f"SQL text outside db/ (line {node.lineno})")
        if not rel.startswith("cli/") and isinstance(node, ast.Import | ast.ImportFrom):
            names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
            if any(n == "click" or n.startswith("click.") for n in names if n):
                problems.append(f"imports click outside cli/ (line {node.lineno})")
    assert problems == []

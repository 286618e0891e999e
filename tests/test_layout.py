"""The house rules of docs/design.md ("The pipeline") held by a test, so a change that breaks
them says so: no module over 400 lines (data tables aside), no function over 60 lines, outside
cli/ no function over 7 parameters, SQL text only under db/, no import inside a function, and
click only in cli/. A module is imported on demand only through foia_tracker/lazy.py, by the
few modules listed in ON_DEMAND."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "foia_tracker"
# Data tables: the schema's numbered migrations (shipped ones are never edited).
DATA_TABLES = {"db/migrations.py"}
SHIPPED_MIGRATIONS = {f"m00{n}" for n in range(1, 8)}
SQL = re.compile(
    r"\b(?:SELECT\s.+\sFROM|INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(?:TABLE|INDEX))\b",
    re.I | re.S,
)
MODULES = sorted(PACKAGE.rglob("*.py"))
# Optional dependencies may be imported where first used (the rule's one exception).
OPTIONAL_IMPORTS = {("parse/outlook.py", "extract_msg"), ("parse/outlook.py", "extract_msg.enums")}
# Every foia command is a fresh Python: code a run may not need is imported when first used,
# always with lazy.load (importlib is called in lazy.py alone), and only by these modules.
ON_DEMAND = {
    "cli/registry.py": "a command's module is imported when that command runs, not for all of them",
    "intake/poll.py": "filing (parser, matcher, classifier, document workers) only when a poll "
    "has mail to file or documents pending: an idle poll stays a few IMAP round trips",
    "law/holidays.py": "the holidays package only when a year's holidays are counted: a status "
    "listing of requests without a window to count never needs it",
    "documents/extract.py": "the PDF libraries (a quarter of a second to import) only on the "
    "first PDF: most polls file no PDF",
    "db/connection.py": "sqlite-utils and the migrations only when a database is opened for "
    "work: the idle poll's read-only look (intake/idle.py) needs neither",
    "cli/common.py": "the workspace opener (sqlite-utils) only when a command uses the database",
    "intake/sent.py": "reading Sent (header parser, message parser, timeline) only when Sent "
    "holds new messages",
    "intake/derive.py": "the reply classifier (its phrase tables, a sixth of a second to "
    "compile) only when a message is filed on a request: held mail is never classified",
}


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
    problems += _on_demand_imports(rel, tree)
    for node in ast.walk(tree):
        if not rel.startswith("db/") and isinstance(node, ast.Constant):
            if isinstance(node.value, str) and SQL.search(node.value):
                problems.append(f"SQL text outside db/ (line {node.lineno})")
        if not rel.startswith("cli/") and isinstance(node, ast.Import | ast.ImportFrom):
            names = [getattr(node, "module", None) or ""] + [a.name for a in node.names]
            if any(n == "click" or n.startswith("click.") for n in names if n):
                problems.append(f"imports click outside cli/ (line {node.lineno})")
    assert problems == []


def _on_demand_imports(rel: str, tree: ast.AST) -> list[str]:
    """Imports at run time outside lazy.py's one mechanism, or by a module not in ON_DEMAND."""
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(getattr(func, "value", None), "id", "")
            if name in ("import_module", "__import__") and rel != "lazy.py":
                problems.append(f"{name} outside lazy.py (line {node.lineno})")
            if (owner, name) == ("lazy", "load") and rel not in ON_DEMAND:
                problems.append(f"lazy.load in a module not in ON_DEMAND (line {node.lineno})")
        if isinstance(node, ast.ImportFrom) and node.module == "foia_tracker.lazy":
            problems.append(f"import lazy itself and call lazy.load (line {node.lineno})")
    return problems


def test_on_demand_imports_are_the_listed_ones():
    """Each module in ON_DEMAND still imports on demand (else its entry is stale)."""
    callers = set()
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "load" and getattr(node.func.value, "id", "") == "lazy":
                    callers.add(_rel(path))
    assert callers == set(ON_DEMAND)

"""Rendering letters and subjects from a set (the sandboxed environment, the set's templates
and the letter's context). Nothing here reads the clock; the send date is the literal
``SEND_DATE_MARK`` until ``fill_send_date``.

The pieces live in ``environment`` (the Jinja2 sandbox and loaders), ``sets`` (discovery and
variable checks) and ``context`` (jurisdiction wording and the variables); their names are
re-exported here for the modules that import them from ``letters.render``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from foia_tracker.errors import TemplateError
from foia_tracker.letters.context import (
    GENERIC_BLOCK,
    JURISDICTION_DIR,
    JURISDICTION_VARIABLES,
    LawFacts,
    LetterInputs,
    clock_words,
    clocks_phrase,
    jurisdiction_block,
    law_facts,
    law_parts,
    letter_context,
    number_words,
    short_citation,
)
from foia_tracker.letters.dates import fill_send_date, long_date
from foia_tracker.letters.environment import (
    environment,
    render_source,
    render_template,
    search_paths,
    shipped_dir,
    tidy,
)
from foia_tracker.letters.sets import (
    BUILTIN_NAMES,
    DEFAULT_SET,
    LETTER_KINDS,
    SEND_DATE_MARK,
    TemplateSet,
    Variable,
    check_variables,
    list_template_sets,
    load_set,
)

__all__ = [  # re-exports: the lead removes them once importers use the new modules
    "BUILTIN_NAMES", "DEFAULT_SET", "GENERIC_BLOCK", "JURISDICTION_DIR", "JURISDICTION_VARIABLES",
    "LETTER_KINDS", "SEND_DATE_MARK", "LawFacts", "LetterInputs", "TemplateSet", "Variable",
    "check_variables", "clock_words", "clocks_phrase", "environment", "fill_send_date",
    "jurisdiction_block", "law_facts", "law_parts", "letter_context", "list_template_sets",
    "load_set", "long_date", "number_words", "render_letter", "render_subject", "search_paths",
    "shipped_dir", "short_citation", "tidy",
]  # fmt: skip


def render_letter(template_set: TemplateSet, kind: str, context: Mapping[str, Any]) -> str:
    """The letter of `kind` for one agency. Missing variables raise TemplateError naming them."""
    if kind not in LETTER_KINDS:
        raise TemplateError(f"Unknown letter kind {kind!r}; use one of {', '.join(LETTER_KINDS)}.")
    return tidy(render_template(template_set.env, f"{template_set.name}/{kind}.txt.j2", context))


def render_subject(template_set: TemplateSet, source: str, context: Mapping[str, Any]) -> str:
    """A subject line from a template string; whitespace (and so any CR/LF) collapsed."""
    return " ".join(render_source(template_set.env, source, context).split())

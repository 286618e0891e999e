"""What one letter is made from: the jurisdiction's wording and the template variables.

Jurisdiction wording lives in ``_jurisdictions/<XX>.txt.j2`` (a hand-written override) or
``_jurisdictions/_generic.txt.j2`` (driven by the jurisdiction data). A block is included once per
part of the letter (``law("opening")``, ``law("fees")``...); an override extends the generic block
(directly, or through ``default:_jurisdictions/<XX>.txt.j2`` when a user's override changes one
block of the shipped one) and replaces only the parts its state needs.

Values (agency fields, CSV columns, ``--var``) are data: they are passed to templates as
variables and never compiled, so a district named ``{{ 7*7 }}`` stays literally so.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2
from jinja2 import meta, nodes

from foia_tracker.errors import TemplateError
from foia_tracker.law.jurisdictions import Clock, Jurisdiction
from foia_tracker.letters.environment import reason
from foia_tracker.letters.sets import SEND_DATE_MARK, TemplateSet

JURISDICTION_DIR = "_jurisdictions"
JURISDICTION_VARIABLES = ("fee_cap",)
GENERIC_BLOCK = f"{JURISDICTION_DIR}/_generic.txt.j2"
_OBLIGATION_NOUN = {
    "acknowledge": "an acknowledgment",
    "respond": "a response",
    "decide": "a decision",
    "produce": "the records",
}
_START_WORDS = {
    "receipt": "of receipt",
    "acknowledgement": "of the acknowledgment",
    "previous": "after that",
    "previous_due": "after that deadline",
}
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()


def jurisdiction_block(template_set: TemplateSet, code: str) -> str:
    """The override for `code` if any folder has one, else the generic block."""
    return _block_name(template_set.env, code.upper())


@cache
def _block_name(env: jinja2.Environment, code: str) -> str:
    names = [f"{JURISDICTION_DIR}/{code}.txt.j2", GENERIC_BLOCK]
    try:
        return env.select_template(names).name
    except jinja2.TemplateNotFound:
        raise TemplateError(f"No {GENERIC_BLOCK} in any template folder.") from None


@cache
def _chain(env: jinja2.Environment, name: str) -> tuple[jinja2.Template, ...]:
    """The template and every one it extends, child first, ending with the generic block (a
    block no template of the chain defines falls back to the generic wording)."""
    chain: list[jinja2.Template] = []
    while name and name not in [t.name for t in chain]:
        chain.append(env.get_template(name))
        name = _parent_name(env, name)
    if GENERIC_BLOCK not in [t.name for t in chain]:
        chain.append(env.get_template(GENERIC_BLOCK))
    return tuple(chain)


def _parent_name(env: jinja2.Environment, name: str) -> str | None:
    source, _, _ = env.loader.get_source(env, name)
    for extends in env.parse(source).find_all(nodes.Extends):
        if isinstance(extends.template, nodes.Const):
            return str(extends.template.value)
    return None


def law_parts(
    template_set: TemplateSet,
    code: str,
    context: Mapping[str, Any],
    memo: dict | None = None,
) -> dict[str, str]:
    """Each block of the jurisdiction's template rendered alone: {"opening": ..., "fees": ...}.

    The blocks of each template in the extends chain are stacked child first, so a block the
    override does not define falls back, and ``{{ super() }}`` reaches the wording below it.
    Rendering the blocks directly (rather than one include per part) keeps 13,000 letters to a
    few seconds.

    ``memo`` (a dict kept by the caller for one template set, e.g. one campaign's letters)
    holds the parts already rendered, keyed by the jurisdiction and the values of exactly the
    variables its blocks read: a campaign's letters to one state usually share them all, so
    they are rendered once per state instead of once per agency. Blocks whose output cannot be
    known from those values (see ``_reads``), or that read a value that cannot be a key (the
    agency's fields, a dict), are rendered every time.
    """
    env = template_set.env
    top = jurisdiction_block(template_set, code)
    try:
        key = None if memo is None else _memo_key(env, top, context)
        if key is None:
            return _render_parts(env, top, context)
        if key not in memo:
            memo[key] = _render_parts(env, top, context)
        return dict(memo[key])  # a letter's own copy: a template cannot change the next one's
    except (jinja2.TemplateError, ArithmeticError, MemoryError, RecursionError) as exc:
        raise TemplateError(
            f"The {code} jurisdiction block cannot be rendered: {reason(exc)}."
        ) from None


_ABSENT = object()


def _memo_key(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> tuple | None:
    reads = _reads(env, name)
    if reads is None:
        return None
    # The type beside each value: 1, 1.0 and True are equal keys but print differently.
    key = (name, *((n, type(v), v) for n in reads for v in (context.get(n, _ABSENT),)))
    try:
        hash(key)
    except TypeError:
        return None
    return key


@cache
def _reads(env: jinja2.Environment, name: str) -> tuple[str, ...] | None:
    """The context variables the blocks of ``name``'s chain read, or None when rendering them
    twice with the same values might not give the same text: they include or import another
    template (whose variables are not counted here), or draw at random (``random``,
    ``lipsum``)."""
    found: set[str] = set()
    for template in _chain(env, name):
        source, _, _ = env.loader.get_source(env, template.name)
        tree = env.parse(source)
        if any(True for _ in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport))):
            return None
        if any(f.name == "random" for f in tree.find_all(nodes.Filter)):
            return None
        found |= meta.find_undeclared_variables(tree)
    if "lipsum" in found:
        return None
    return tuple(sorted(found))


def _render_parts(env: jinja2.Environment, top: str, context: Mapping[str, Any]) -> dict[str, str]:
    chain = _chain(env, top)
    jinja_context = chain[0].new_context(dict(context))
    for template in chain[1:]:
        for name, block in template.blocks.items():
            jinja_context.blocks.setdefault(name, []).append(block)
    return {
        name: "".join(stack[0](jinja_context)).strip("\n")
        for name, stack in jinja_context.blocks.items()
    }


# --- Jurisdiction facts in words, for the generic block -------------------------------------


@dataclass(frozen=True)
class LawFacts:
    """What the generic jurisdiction block says, computed once per jurisdiction."""

    law_name: str
    citation: str
    clock_phrase: str  # "a decision within four business days of receipt (cite)"; "" if none
    citable: bool


def number_words(n: int) -> str:
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def short_citation(citation: str) -> str:
    """The main citation without notes: "Cal. Gov. Code § 7920.000 et seq. (recodified...)"."""
    return citation.split(";")[0].split(" (")[0].strip()


def clock_words(clock: Clock) -> str:
    days = "day" if clock.days == 1 else "days"
    noun = _OBLIGATION_NOUN[clock.obligation]
    return (
        f"{noun} within {number_words(clock.days)} {clock.unit} {days} {_START_WORDS[clock.starts]}"
    )


def clocks_phrase(clocks: Sequence[Clock]) -> str:
    if not clocks:
        return ""
    citations = {c.citation for c in clocks}
    if len(citations) == 1:
        return f"{_join([clock_words(c) for c in clocks])} ({clocks[0].citation})"
    return _join([f"{clock_words(c)} ({c.citation})" for c in clocks])


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


@cache
def law_facts(jurisdiction: Jurisdiction) -> LawFacts:
    # An uncertain row's numbers were not confirmed (laws.check_citable): cite no number of days.
    phrase = "" if jurisdiction.uncertain else clocks_phrase(jurisdiction.clocks)
    return LawFacts(
        law_name=jurisdiction.law_name,
        citation=short_citation(jurisdiction.citation),
        clock_phrase=phrase,
        citable=not jurisdiction.uncertain,
    )


# --- The variables one letter sees ------------------------------------------------------------


@dataclass(frozen=True)
class LetterInputs:
    """Everything one agency's letter is made from; values are data, never template source."""

    agency: Mapping[str, Any]
    requester: Any  # config.Requester
    jurisdiction: Jurisdiction
    ref: str
    token: str
    variables: Mapping[str, str]
    residency: str = ""  # "self": the requester qualifies; "proxy": a resident requests for them
    proxy: Any = None  # config.Proxy when residency == "proxy"


def letter_context(
    template_set: TemplateSet,
    inputs: LetterInputs,
    send_date: str = SEND_DATE_MARK,
    memo: dict | None = None,
) -> dict[str, Any]:
    """The template variables. Optional variables left out are empty strings, so templates can
    test ``{% if fee_cap %}`` under StrictUndefined; a required one left out stays undefined and
    fails loudly. ``memo``: see ``law_parts``."""
    extra = dict(inputs.agency.get("extra") or {})
    # Jurisdiction blocks are shared by every set; the set variables they read default to empty.
    context: dict[str, Any] = dict.fromkeys(JURISDICTION_VARIABLES, "")
    context.update({v.name: "" for v in template_set.variables if not v.required})
    for variable in template_set.variables:
        # A CSV column fills a variable per agency where --var did not set it for everyone.
        if extra.get(variable.name):
            context[variable.name] = extra[variable.name]
    context.update({k: v for k, v in inputs.variables.items() if v != ""})
    context.update(
        agency=inputs.agency,
        extra=extra,
        requester=inputs.requester,
        jurisdiction=inputs.jurisdiction,
        law_facts=law_facts(inputs.jurisdiction),
        ref=inputs.ref,
        token=inputs.token,
        residency=inputs.residency,
        proxy=inputs.proxy,
        send_date=send_date,
    )
    context["law"] = law_parts(template_set, inputs.jurisdiction.code, context, memo)
    return context

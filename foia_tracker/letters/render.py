"""Letter templates: discovery, the strict Jinja2 environment, variable checks and rendering.

A template *set* is a folder holding ``request.txt.j2``, ``followup.txt.j2``, ``appeal.txt.j2``
and ``meta.toml``. Folders named in ``[templates] paths`` are searched before the shipped
``letter_templates`` package (a ChoiceLoader, as datasette does), so a user can replace a whole
set or one jurisdiction block. Rendering uses ``StrictUndefined``: a missing variable is an error
that names it, found at ``campaign create``, never at send time.

Jurisdiction wording lives in ``_jurisdictions/<XX>.txt.j2`` (a hand-written override) or
``_jurisdictions/_generic.txt.j2`` (driven by the jurisdiction data). A block is included once per
part of the letter (``law("opening")``, ``law("fees")``...); an override extends the generic block
and replaces only the parts its state needs.

Values (agency fields, CSV columns, ``--var``) are data: they are passed to templates as
variables and never compiled, so a district named ``{{ 7*7 }}`` stays literally so. Nothing here
reads the clock; the send date is the literal ``SEND_DATE_MARK`` until ``fill_send_date``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from foia_tracker.errors import TemplateError
from foia_tracker.law.jurisdictions import Clock, Jurisdiction

SEND_DATE_MARK = "[[send_date]]"
LETTER_KINDS = ("request", "followup", "appeal")
DEFAULT_SET = "student-data-agreements"
JURISDICTION_DIR = "_jurisdictions"
JURISDICTION_VARIABLES = ("fee_cap",)
GENERIC_BLOCK = f"{JURISDICTION_DIR}/_generic.txt.j2"
# Names the renderer provides; a --var of the same name would silently shadow one.
BUILTIN_NAMES = frozenset(
    {"agency", "extra", "requester", "jurisdiction", "law_facts", "ref", "token", "send_date"}
    | {"residency", "proxy", "law"}
)
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
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    required: bool = False
    letters: tuple[str, ...] = LETTER_KINDS
    # "campaign": given with --var (or an agency CSV column); "tracking": filled by the follow-up
    # and appeal code from the request's timeline, never asked of the user.
    filled_by: str = "campaign"
    example: str = ""


@dataclass(frozen=True)
class TemplateSet:
    name: str
    title: str
    description: str
    subject: str
    variables: tuple[Variable, ...]
    origin: str
    env: jinja2.Environment = field(repr=False, compare=False)

    def variable_names(self) -> frozenset[str]:
        return frozenset(v.name for v in self.variables)

    def required(self, kind: str = "request") -> list[Variable]:
        return [v for v in self.variables if v.required and kind in v.letters]

    def optional(self, kind: str = "request") -> list[Variable]:
        return [v for v in self.variables if not v.required and kind in v.letters]


def shipped_dir() -> Path:
    return Path(str(resources.files("letter_templates")))


def search_paths(template_paths: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The user's folders first, then the shipped sets."""
    return (*(Path(p) for p in template_paths), shipped_dir())


def _money(value: Any) -> str:
    text = str(value).strip()
    return text if text.startswith("$") else f"${text}"


@cache
def environment(template_paths: tuple[Path, ...] = ()) -> jinja2.Environment:
    """One environment per search path list; templates compile once and are reused."""
    loader = jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(str(p)) for p in search_paths(template_paths)]
    )
    env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # noqa: S701 -- plain-text letters, never HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["money"] = _money
    return env


def _variable(name: str, raw: dict, where: str) -> Variable:
    letters = tuple(raw.get("letters", LETTER_KINDS))
    unknown = [k for k in letters if k not in LETTER_KINDS]
    if unknown or raw.get("filled_by", "campaign") not in ("campaign", "tracking"):
        raise TemplateError(f"{where}: variable {name!r} has a bad letters or filled_by value.")
    return Variable(
        name=name,
        description=str(raw.get("description", "")),
        required=bool(raw.get("required", False)),
        letters=letters,
        filled_by=raw.get("filled_by", "campaign"),
        example=str(raw.get("example", "")),
    )


def _read_meta(folder: Path, name: str, env: jinja2.Environment) -> TemplateSet:
    meta_path = folder / "meta.toml"
    try:
        meta = tomllib.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{meta_path} cannot be read ({exc}); fix or remove it.") from None
    missing = [k for k in LETTER_KINDS if not (folder / f"{k}.txt.j2").is_file()]
    if missing or "subject" not in meta:
        raise TemplateError(
            f"{folder} is not a complete template set: it needs meta.toml with a subject and "
            f"{', '.join(f'{k}.txt.j2' for k in LETTER_KINDS)}."
        )
    variables = tuple(
        _variable(var_name, raw, str(meta_path))
        for var_name, raw in meta.get("variables", {}).items()
    )
    return TemplateSet(
        name=name,
        title=str(meta.get("title", name)),
        description=str(meta.get("description", "")).strip(),
        subject=str(meta["subject"]),
        variables=variables,
        origin=str(folder),
        env=env,
    )


def list_template_sets(template_paths: Sequence[Path] = ()) -> list[TemplateSet]:
    """Every set found, the user's shadowing a shipped one of the same name, sorted by name."""
    env = environment(tuple(template_paths))
    found: dict[str, TemplateSet] = {}
    for base in search_paths(template_paths):
        if not base.is_dir():
            continue
        for folder in sorted(base.iterdir()):
            name = folder.name
            if name in found or name.startswith(("_", ".")) or not (folder / "meta.toml").is_file():
                continue
            found[name] = _read_meta(folder, name, env)
    return [found[n] for n in sorted(found)]


def load_set(name: str, template_paths: Sequence[Path] = ()) -> TemplateSet:
    for template_set in list_template_sets(template_paths):
        if template_set.name == name:
            return template_set
    known = ", ".join(s.name for s in list_template_sets(template_paths)) or "none"
    raise TemplateError(f"No template set named {name!r}; known sets: {known}.")


def check_variables(
    template_set: TemplateSet,
    variables: Mapping[str, str],
    agency: Mapping[str, Any] | None = None,
    kind: str = "request",
) -> None:
    """Raise TemplateError naming the first problem: an unknown, reserved or missing variable.

    A required variable is satisfied by ``--var`` or, per agency, by a non-empty CSV column of
    the same name (``agency["extra"]``).
    """
    known = template_set.variable_names()
    for name, value in variables.items():
        if name in BUILTIN_NAMES:
            raise TemplateError(f"{name!r} is set by foia-tracker itself; choose another name.")
        if name not in known:
            raise TemplateError(
                f"The template set {template_set.name!r} has no variable {name!r}; "
                f"it knows: {', '.join(sorted(known))}."
            )
        _refuse_mark(value, f"--var {name}")
    extra = (agency or {}).get("extra") or {}
    for variable in template_set.required(kind):
        if variable.filled_by != "campaign" or variables.get(variable.name):
            continue
        if extra.get(variable.name):
            continue
        example = f' (e.g. --var {variable.name}="{variable.example}")' if variable.example else ""
        where = f" and agency {agency['name']!r} has no {variable.name!r} column" if agency else ""
        raise TemplateError(
            f"The template set {template_set.name!r} needs the variable {variable.name!r}: "
            f"{variable.description.rstrip('.')}{where}; add --var {variable.name}=...{example}."
        )
    if agency:
        for key, value in agency.items():
            if isinstance(value, str):
                _refuse_mark(value, f"agency {agency.get('name', '')!r} field {key}")


def _refuse_mark(value: str, where: str) -> None:
    # fill_send_date replaces every marker: one inside a value would become a date.
    if SEND_DATE_MARK in str(value):
        raise TemplateError(f"{where} contains {SEND_DATE_MARK}, which is reserved; remove it.")


def render_letter(template_set: TemplateSet, kind: str, context: Mapping[str, Any]) -> str:
    """The letter of `kind` for one agency. Missing variables raise TemplateError naming them."""
    if kind not in LETTER_KINDS:
        raise TemplateError(f"Unknown letter kind {kind!r}; use one of {', '.join(LETTER_KINDS)}.")
    text = _render(template_set.env, f"{template_set.name}/{kind}.txt.j2", context)
    return tidy(text)


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row (an empty jurisdiction part leaves
    none), one final newline."""
    text = _TRAILING_SPACE.sub("\n", text.strip("\n") + "\n")
    return _BLANK_RUN.sub("\n\n", text)


def render_subject(template_set: TemplateSet, source: str, context: Mapping[str, Any]) -> str:
    """A subject line from a template string; whitespace (and so any CR/LF) collapsed."""
    try:
        text = _compiled(template_set.env, source).render(context)
    except jinja2.TemplateError as exc:
        raise TemplateError(f"The subject {source!r} cannot be rendered: {_reason(exc)}.") from None
    return " ".join(text.split())


@cache
def _compiled(env: jinja2.Environment, source: str) -> jinja2.Template:
    return env.from_string(source)


def _render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"Template {exc.name} was not found in any template folder.") from None
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{name} cannot be rendered: {_reason(exc)}.") from None


def _reason(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (a variable the template uses is not set)"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"line {exc.lineno}: {exc.message}"
    return str(exc.message or exc)


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


def law_parts(template_set: TemplateSet, code: str, context: Mapping[str, Any]) -> dict[str, str]:
    """Each block of the jurisdiction's template rendered alone: {"opening": ..., "fees": ...}.

    The override's blocks come first and the generic ones behind them, so a block the override
    does not define falls back, and ``{{ super() }}`` reaches the generic wording. Rendering the
    blocks directly (rather than one include per part) keeps 13,000 letters to a few seconds.
    """
    env = template_set.env
    try:
        generic = env.get_template(GENERIC_BLOCK)
        template = env.get_template(jurisdiction_block(template_set, code))
        jinja_context = template.new_context(dict(context))
        if template is not generic:
            for name, block in generic.blocks.items():
                jinja_context.blocks.setdefault(name, []).append(block)
        return {
            name: "".join(stack[0](jinja_context)).strip("\n")
            for name, stack in jinja_context.blocks.items()
        }
    except jinja2.TemplateError as exc:
        raise TemplateError(
            f"The {code} jurisdiction block cannot be rendered: {_reason(exc)}."
        ) from None


def fill_send_date(text: str, when: date) -> str:
    """The letter as sent: the marker replaced by the date in words ("December 1, 2026")."""
    return text.replace(SEND_DATE_MARK, long_date(when))


def long_date(when: date) -> str:
    return f"{when:%B} {when.day}, {when.year}"


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
    template_set: TemplateSet, inputs: LetterInputs, send_date: str = SEND_DATE_MARK
) -> dict[str, Any]:
    """The template variables. Optional variables left out are empty strings, so templates can
    test ``{% if fee_cap %}`` under StrictUndefined; a required one left out stays undefined and
    fails loudly."""
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
    context["law"] = law_parts(template_set, inputs.jurisdiction.code, context)
    return context

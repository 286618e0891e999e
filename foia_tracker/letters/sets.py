"""Letter sets: discovery, their meta.toml, and the check of a campaign's variables.

A template *set* is a folder holding ``request.txt.j2``, ``followup.txt.j2``, ``appeal.txt.j2``
and ``meta.toml``; the user's folders shadow a shipped set of the same name. Rendering uses
``StrictUndefined``: a missing variable is an error that names it, found at ``campaign create``
(``check_variables``), never at send time.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from foia_tracker.errors import TemplateError
from foia_tracker.letters.dates import SEND_DATE_MARK  # noqa: F401  (re-export)
from foia_tracker.letters.environment import environment, search_paths

LETTER_KINDS = ("request", "followup", "appeal")
DEFAULT_SET = "student-data-agreements"
# Names the renderer provides; a --var of the same name would silently shadow one.
BUILTIN_NAMES = frozenset(
    {"agency", "extra", "requester", "jurisdiction", "law_facts", "ref", "token", "send_date"}
    | {"residency", "proxy", "law"}
)


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
        # The place is named only for a value that has the mark: building it for each of an
        # agency's fields was most of this check's cost (13,300 agencies at launch).
        for key, value in agency.items():
            if isinstance(value, str) and SEND_DATE_MARK in value:
                _refuse_mark(value, f"agency {agency.get('name', '')!r} field {key}")


def _refuse_mark(value: str, where: str) -> None:
    # fill_send_date replaces every marker: one inside a value would become a date.
    if SEND_DATE_MARK in str(value):
        raise TemplateError(f"{where} contains {SEND_DATE_MARK}, which is reserved; remove it.")

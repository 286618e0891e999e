"""The Jinja2 environment letters are rendered in: sandboxed, strict, with user overrides.

Folders named in ``[templates] paths`` are searched before the shipped ``letter_templates``
package (a ChoiceLoader, as datasette does), so a user can replace a whole set or one
jurisdiction block. Beside it a PrefixLoader names the shipped templates ``default:...``, so a
user's ``_jurisdictions/CT.txt.j2`` can ``{% extends "default:_jurisdictions/CT.txt.j2" %}``
and change one block instead of copying the file.

Templates (and ``--subject``) come from shared sets and the command line, so they run in Jinja's
``SandboxedEnvironment``: no attribute starting with ``_`` (``lipsum.__globals__`` reaches
nothing), ``range`` capped, and the two operators that build huge values (``**`` and ``*`` on
strings or lists) refused past a bound, so a template cannot run code or exhaust memory.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from foia_tracker.errors import TemplateError

DEFAULT_PREFIX = "default"
_MAX_BITS = 4096
_MAX_REPEAT = 100_000  # the sandbox's own MAX_RANGE
# What getattr finds on a plain dict before its items (methods such as ``items``): the sandbox
# looks those up first, and so does LetterEnvironment.getattr.
_DICT_ATTRIBUTES = frozenset(dir(dict))


def shipped_dir() -> Path:
    return Path(str(resources.files("letter_templates")))


def search_paths(template_paths: Sequence[Path] = ()) -> tuple[Path, ...]:
    """The user's folders first, then the shipped sets."""
    return (*(Path(p) for p in template_paths), shipped_dir())


class LetterEnvironment(SandboxedEnvironment):
    """The sandbox, plus bounds on the operators that make big values out of small ones."""

    intercepted_binops = frozenset({"**", "*"})

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any):
        if operator == "**" and _too_big_power(left, right):
            raise SecurityError(f"a number over {_MAX_BITS} bits is not allowed in a letter")
        if operator == "*" and _too_long(left, right):
            raise SecurityError(f"a repeated text or list over {_MAX_REPEAT} items is not allowed")
        return super().call_binop(context, operator, left, right)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict (the environment's, then its own), not
        Jinja's ChainMap over the environment's: each render copies them into its context, and
        a ChainMap is copied key by key in Python (twice a letter at launch, its subject and its
        body). The difference would show only if the environment's globals changed after a
        template was loaded, which ``environment`` never does and Jinja advises against."""
        return {**self.globals, **(d or {})}

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``agency.name`` on a plain dict: its item, as the sandbox gives it, without first
        failing to find a dict attribute of that name (an AttributeError raised and caught
        for each of some ten lookups a letter). Every other case is the sandbox's."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def _too_big_power(left: Any, right: Any) -> bool:
    # bit_length * exponent bounds the result's size without computing it
    if not isinstance(right, int | float) or not isinstance(left, int | float):
        return False
    return right > 0 and int(abs(left)).bit_length() * right > _MAX_BITS


def _too_long(left: Any, right: Any) -> bool:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(times, int):
            return len(seq) * times > _MAX_REPEAT
    return False


def _money(value: Any) -> str:
    text = str(value).strip()
    return text if text.startswith("$") else f"${text}"


@cache
def environment(template_paths: tuple[Path, ...] = ()) -> jinja2.Environment:
    """One environment per search path list; templates compile once and are reused."""
    shipped = jinja2.FileSystemLoader(str(shipped_dir()))
    loader = jinja2.ChoiceLoader(
        [
            jinja2.PrefixLoader({DEFAULT_PREFIX: shipped}, delimiter=":"),
            *(jinja2.FileSystemLoader(str(p)) for p in template_paths),
            shipped,
        ]
    )
    env = LetterEnvironment(
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


def render_template(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    """A named template rendered; every failure becomes a TemplateError naming the template."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"Template {exc.name} was not found in any template folder.") from None
    except (jinja2.TemplateError, ArithmeticError, MemoryError, RecursionError) as exc:
        raise TemplateError(f"{name} cannot be rendered: {reason(exc)}.") from None


def render_source(env: jinja2.Environment, source: str, context: Mapping[str, Any]) -> str:
    """A template given as text (``--subject``) rendered in the same sandbox."""
    try:
        return _compiled(env, source).render(context)
    except (jinja2.TemplateError, ArithmeticError, MemoryError, RecursionError) as exc:
        raise TemplateError(f"The subject {source!r} cannot be rendered: {reason(exc)}.") from None


@cache
def _compiled(env: jinja2.Environment, source: str) -> jinja2.Template:
    return env.from_string(source)


def reason(exc: BaseException) -> str:
    """The cause in words: a missing variable, a syntax error's line, what the sandbox refused."""
    if isinstance(exc, jinja2.UndefinedError):
        return f"{exc.message} (a variable the template uses is not set)"
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"line {exc.lineno}: {exc.message}"
    if isinstance(exc, SecurityError):
        return f"not allowed in a letter template ({exc})"
    if isinstance(exc, OverflowError | MemoryError | RecursionError):
        return f"it builds a value too large for a letter ({type(exc).__name__})"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message or exc)
    return f"{type(exc).__name__}: {exc}"


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row (an empty jurisdiction part leaves
    none), one final newline."""
    # One pass over the lines. The string methods before it (a scan for trailing blanks, then
    # replacing three newlines until none is left) went over the whole letter five or six
    # times: on a 4 kB letter with a "§" in it, 35-40 us against 15 us now (13,300 letters
    # at launch); the regular expressions before those took about 180 us.
    kept: list[str] = []
    empty, limit = 0, 2  # empty lines in a row; how many may stand (two before any text)
    for line in text.strip("\n").split("\n"):
        line = line.rstrip(" \t")
        if line:
            empty, limit = 0, 1
        elif empty >= limit:
            continue
        else:
            empty += 1
        kept.append(line)
    return "\n".join(kept) + "\n"

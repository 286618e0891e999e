"""TOML configuration -> typed, validated settings.

Secrets never live in the file or the database: the config only says where they come from
(``password_env``, ``password_command``, ``oauth2_token_command``); secrets.py fetches them.
"""

from __future__ import annotations

import ipaddress
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foia_tracker.errors import ConfigError

_WINDOW = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")
_STATE = re.compile(r"^[A-Z]{2}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SECRET_KEYS = frozenset({"password_env", "password_command", "oauth2_token_command"})


@dataclass(frozen=True)
class Proxy:
    name: str
    address: str


@dataclass(frozen=True)
class Requester:
    name: str = ""
    organization: str = ""
    email: str = ""
    mailing_address: str = ""
    phone: str = ""
    state: str = ""
    proxies: dict[str, Proxy] = field(default_factory=dict)

    @property
    def domain(self) -> str:
        """Our side of every Message-ID we make (RFC 5322 3.6.4): the requester's domain."""
        if "@" not in self.email:
            raise ConfigError("Set requester.email in the config: letters are sent from it.")
        return self.email.rsplit("@", 1)[1]


@dataclass(frozen=True)
class StoreSettings:
    database: Path
    path: Path


@dataclass(frozen=True)
class Account:
    """What SMTP and IMAP share: where to connect and how to log in."""

    host: str = ""
    port: int = 0
    security: str = "ssl"
    username: str = ""
    auth: str = "password"
    password_env: str = ""
    password_command: tuple[str, ...] = ()
    oauth2_token_command: tuple[str, ...] = ()
    ca_file: Path | None = None
    timeout: float = 60.0

    @property
    def configured(self) -> bool:
        return bool(self.host)

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)


@dataclass(frozen=True)
class SmtpSettings(Account):
    port: int = 465
    per_minute: int = 0
    per_hour: int = 0
    per_day: int = 0
    send_window: str = ""


@dataclass(frozen=True)
class ImapSettings(Account):
    port: int = 993
    folders: tuple[str, ...] = ("INBOX", "\\Junk")
    sent_folder: str = "auto"
    sent_copy: str = "auto"
    # Read the Sent folder for the requester's own messages about a request (headers first;
    # nothing else there is ever fetched or stored): intake/sent.py.
    track_sent: bool = True
    since: str = ""
    watch_interval: int = 300
    authserv_id: str = ""


@dataclass(frozen=True)
class Replies:
    mode: str = "reply-to"
    address: str = ""


@dataclass(frozen=True)
class Deadlines:
    default_days: int = 10
    default_unit: str = "business"


@dataclass(frozen=True)
class Followups:
    after_days_overdue: int = 3
    every_days: int = 14
    max_count: int = 3


@dataclass(frozen=True)
class Config:
    path: Path
    requester: Requester
    store: StoreSettings
    smtp: SmtpSettings
    imap: ImapSettings
    replies: Replies
    template_paths: tuple[Path, ...]
    deadlines: Deadlines
    followups: Followups


# section -> key -> expected type. Anything else is a mistake the user should hear about.
_ACCOUNT_KEYS: dict[str, type | tuple[type, ...]] = {
    "host": str,
    "port": int,
    "security": str,
    "username": str,
    "auth": str,
    "password_env": str,
    "password_command": list,
    "oauth2_token_command": list,
    "ca_file": str,
    "timeout": (int, float),
}
SCHEMA: dict[str, dict[str, type | tuple[type, ...]]] = {
    "requester": {
        "name": str,
        "organization": str,
        "email": str,
        "mailing_address": str,
        "phone": str,
        "state": str,
        "proxies": dict,
    },
    "store": {"database": str, "path": str},
    "smtp": _ACCOUNT_KEYS
    | {"per_minute": int, "per_hour": int, "per_day": int, "send_window": str},
    "imap": _ACCOUNT_KEYS
    | {
        "folders": list,
        "sent_folder": str,
        "sent_copy": str,
        "track_sent": bool,
        "since": str,
        "watch_interval": int,
        "authserv_id": str,
    },
    "replies": {"mode": str, "address": str},
    "templates": {"paths": list},
    "deadlines": {"default_days": int, "default_unit": str},
    "followups": {"after_days_overdue": int, "every_days": int, "max_count": int},
}
_CHOICES = {
    ("smtp", "security"): ("ssl", "starttls", "none"),
    ("imap", "security"): ("ssl", "starttls", "none"),
    ("smtp", "auth"): ("password", "xoauth2"),
    ("imap", "auth"): ("password", "xoauth2"),
    ("imap", "sent_copy"): ("auto", "append", "never"),
    ("replies", "mode"): ("reply-to", "from", "none"),
    ("deadlines", "default_unit"): ("business", "calendar"),
}


def find_config_path(explicit: str | os.PathLike | None) -> Path:
    """``--config PATH``, else ``$FOIA_CONFIG``, else ``./foia.toml``."""
    if explicit:
        return Path(explicit)
    if os.environ.get("FOIA_CONFIG"):
        return Path(os.environ["FOIA_CONFIG"])
    return Path("foia.toml")


def load_config(path: str | os.PathLike) -> Config:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"No configuration at {path}: run `foia init` or pass --config PATH."
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML ({exc}); fix the file.") from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    _check_schema(data, path)
    base = path.parent.resolve()
    sections = {name: data.get(name, {}) for name in SCHEMA}
    config = Config(
        path=path,
        requester=_requester(sections["requester"], path),
        store=StoreSettings(
            database=base / sections["store"].get("database", "foia.db"),
            path=base / sections["store"].get("path", "store"),
        ),
        smtp=SmtpSettings(**_account(sections["smtp"], base)),
        imap=ImapSettings(**_account(sections["imap"], base)),
        replies=Replies(**sections["replies"]),
        template_paths=tuple(base / p for p in sections["templates"].get("paths", [])),
        deadlines=Deadlines(**sections["deadlines"]),
        followups=Followups(**sections["followups"]),
    )
    _validate(config, path)
    return config


def _check_schema(data: dict[str, Any], path: Path) -> None:
    for section, values in data.items():
        if section not in SCHEMA:
            raise ConfigError(
                f"{path}: unknown section [{section}]; known sections: {', '.join(SCHEMA)}."
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: [{section}] must be a table.")
        for key, value in values.items():
            if key == "password":
                raise ConfigError(
                    f"{path}: [{section}] password is not allowed in the file; use password_env "
                    "(an environment variable's name) or password_command (a command that prints it)."
                )
            if key not in SCHEMA[section]:
                raise ConfigError(f"{path}: unknown key {section}.{key}; see config.example.toml.")
            expected = SCHEMA[section][key]
            if not isinstance(value, expected) or (
                isinstance(value, bool) and expected is not bool
            ):
                # Never echo what may be a pasted secret.
                shown = "" if key in _SECRET_KEYS else f", not {value!r}"
                raise ConfigError(f"{path}: {section}.{key} must be {_type_name(expected)}{shown}.")
            if key == "password_env" and not _ENV_NAME.match(value):
                raise ConfigError(
                    f"{path}: {section}.password_env must be the NAME of an environment variable "
                    "(like FOIA_IMAP_PASSWORD), not the password itself."
                )
            if key == "host" and not value.strip():
                # An empty host would let smtplib connect nowhere and leave a letter `sending`.
                raise ConfigError(f"{path}: {section}.host is empty; set the server's name.")
            if key == "timeout" and value <= 0:
                # 0 turns the socket non-blocking: every reply would "fail" mid-conversation.
                raise ConfigError(
                    f"{path}: {section}.timeout must be seconds above 0, not {value!r}."
                )
            choices = _CHOICES.get((section, key))
            if choices and value not in choices:
                raise ConfigError(
                    f"{path}: {section}.{key} must be one of {', '.join(choices)}, not {value!r}."
                )


def _type_name(expected: type | tuple[type, ...]) -> str:
    names = {
        str: "a string",
        bool: "true or false",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }
    if isinstance(expected, tuple):
        return names[float]
    return names[expected]


def _requester(values: dict[str, Any], path: Path) -> Requester:
    proxies = {}
    for state, proxy in values.get("proxies", {}).items():
        if not _STATE.match(state) or not isinstance(proxy, dict) or not proxy.get("name"):
            raise ConfigError(
                f'{path}: requester.proxies.{state} must be XX = {{name = "...", address = "..."}}.'
            )
        proxies[state] = Proxy(name=str(proxy["name"]), address=str(proxy.get("address", "")))
    rest = {k: v for k, v in values.items() if k != "proxies"}
    return Requester(**rest, proxies=proxies)


def _account(values: dict[str, Any], base: Path) -> dict[str, Any]:
    out = dict(values)
    for key in ("password_command", "oauth2_token_command"):
        if key in out:
            out[key] = tuple(str(part) for part in out[key])
    if "folders" in out:
        out["folders"] = tuple(out["folders"])
    if out.get("ca_file"):
        out["ca_file"] = base / out["ca_file"]
    if "timeout" in out:
        out["timeout"] = float(out["timeout"])
    return out


def _validate(config: Config, path: Path) -> None:
    for name, account in (("smtp", config.smtp), ("imap", config.imap)):
        if account.security == "none" and account.host and not account.is_loopback:
            raise ConfigError(
                f'{path}: {name}.security = "none" sends your password in plaintext; it is only '
                f'allowed for a loopback host, not {account.host!r}. Use "ssl" or "starttls".'
            )
        if account.auth == "xoauth2" and account.host and not account.oauth2_token_command:
            raise ConfigError(f'{path}: {name}.auth = "xoauth2" needs oauth2_token_command.')
    if config.replies.mode != "none" and "{token}" not in config.replies.address:
        raise ConfigError(
            f'{path}: replies.address must contain {{token}} (e.g. "you+{{token}}@example.org") '
            'so each reply can be matched to its request, or set replies.mode = "none".'
        )
    window = config.smtp.send_window
    if window and not _WINDOW.match(window):
        raise ConfigError(f'{path}: smtp.send_window must look like "08:00-17:00", not {window!r}.')
    if config.requester.state and not _STATE.match(config.requester.state):
        raise ConfigError(f'{path}: requester.state must be a two-letter code like "CT".')
    _validate_ranges(config, path)


# (section.key, smallest allowed, largest allowed): a negative limit or a zero-day horizon is a
# typo that would silently change what is sent or when something is due.
_RANGES = (
    ("smtp.per_minute", 0, 10_000),
    ("smtp.per_hour", 0, 100_000),
    ("smtp.per_day", 0, 1_000_000),
    ("smtp.port", 0, 65_535),
    ("imap.port", 0, 65_535),
    ("imap.watch_interval", 1, 86_400),
    ("deadlines.default_days", 1, 365),
    ("followups.after_days_overdue", 0, 365),
    ("followups.every_days", 1, 365),
    ("followups.max_count", 0, 20),
)


def _validate_ranges(config: Config, path: Path) -> None:
    for name, low, high in _RANGES:
        section, key = name.split(".")
        value = getattr(getattr(config, section), key)
        if not low <= value <= high:
            raise ConfigError(f"{path}: {name} must be between {low} and {high}, not {value}.")
    window = config.smtp.send_window
    if window and _WINDOW.match(window):
        start, end = window.split("-")
        if start.strip() == end.strip():
            raise ConfigError(
                f'{path}: smtp.send_window "{window}" is empty (it starts when it ends); '
                'use e.g. "08:00-17:00", or leave it out to send at any time.'
            )
    if not config.imap.folders:
        raise ConfigError(f'{path}: imap.folders is empty; list at least one, e.g. ["INBOX"].')


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False

"""An account's password or OAuth2 token, at the moment it is needed, from where the config says.

Secrets never live in the config file or the database: a password or OAuth2 token comes from an
environment variable (``password_env``) or a command run as an argument list without a shell
(``password_command`` / ``oauth2_token_command``), with a time limit, and what it prints is never
logged or echoed in an error (some tools print the secret on stderr too).
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

from foia_tracker.errors import SecretError

if TYPE_CHECKING:  # config imports this module; the type is only for readers and checkers
    from foia_tracker.config import Account

SECRET_COMMAND_TIMEOUT = 30


def get_secret(account: Account, label: str) -> str:
    """The password or OAuth2 token for an account. Never logged, never stored."""
    if account.auth == "xoauth2":
        return _run_secret_command(account.oauth2_token_command, f"{label}.oauth2_token_command")
    if account.password_command:
        return _run_secret_command(account.password_command, f"{label}.password_command")
    if account.password_env:
        value = os.environ.get(account.password_env)
        if not value:
            raise SecretError(
                f"The environment variable {account.password_env} (from {label}.password_env) "
                "is not set; export it before running."
            )
        return value
    raise SecretError(f"No secret configured for {label}: set password_env or password_command.")


def _run_secret_command(argv: tuple[str, ...], key: str) -> str:
    try:
        result = subprocess.run(  # an argument list, never a shell
            list(argv),
            capture_output=True,
            timeout=SECRET_COMMAND_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise SecretError(f"{key}: the program {argv[0]!r} was not found.") from None
    except subprocess.TimeoutExpired:
        raise SecretError(f"{key} did not finish within {SECRET_COMMAND_TIMEOUT} s.") from None
    if result.returncode != 0:
        # stderr may echo the secret on some tools: report only the exit status.
        raise SecretError(f"{key} failed with exit status {result.returncode}.")
    value = result.stdout.decode("utf-8", "replace").strip()
    if not value:
        raise SecretError(f"{key} printed nothing.")
    return value

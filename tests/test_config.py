from pathlib import Path

import pytest

from foia_tracker.config import is_loopback_host, load_config
from foia_tracker.errors import ConfigError, SecretError
from foia_tracker.secrets import get_secret

from .conftest import MINIMAL_CONFIG


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "foia.toml"
    path.write_text(text)
    return path


def test_example_config_loads_every_key():
    config = load_config(Path(__file__).parents[1] / "config.example.toml")
    assert config.smtp.per_day == 450
    assert config.imap.folders == ("INBOX", "\\Junk")
    assert config.replies.address == "jane+{token}@example.org"
    assert config.store.database.name == "foia.db"


def test_paths_are_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, MINIMAL_CONFIG))
    assert config.store.database == tmp_path.resolve() / "foia.db"
    assert config.store.path == tmp_path.resolve() / "store"


@pytest.mark.parametrize(
    "extra, message",
    [
        ("[smtp2]\nhost='x'\n", "unknown section [smtp2]"),
        ("[deadlines]\ndefault_dayz = 3\n", "unknown key deadlines.default_dayz"),
        ("[deadlines]\ndefault_days = 'ten'\n", "deadlines.default_days must be a whole number"),
        ("[followups]\nmax_count = true\n", "followups.max_count must be a whole number"),
        ("[deadlines]\ndefault_unit = 'weeks'\n", "deadlines.default_unit must be one of"),
    ],
)
def test_schema_errors_name_the_key_and_file(tmp_path, extra, message):
    path = write(tmp_path, MINIMAL_CONFIG + extra)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)


def test_reply_address_needs_token(tmp_path):
    text = MINIMAL_CONFIG.replace("jane+{token}@example.org", "jane@example.org")
    with pytest.raises(ConfigError, match=r"replies.address must contain \{token\}"):
        load_config(write(tmp_path, text))


def test_plaintext_only_to_loopback(tmp_path):
    text = MINIMAL_CONFIG.replace(
        'host = "127.0.0.1"\nport = 2525', 'host = "smtp.gmail.com"\nport = 25'
    )
    with pytest.raises(ConfigError, match="only\n?.*allowed for a loopback host"):
        load_config(write(tmp_path, text))


def test_literal_password_is_refused_without_echoing_it(tmp_path):
    text = MINIMAL_CONFIG.replace(
        'username = "jane"\npassword_env = "FOIA_TEST_SMTP_PASSWORD"',
        'username = "jane"\npassword = "hunter2-secret"',
        1,
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert "password_env" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_bad_toml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(write(tmp_path, "[smtp\nhost="))


def test_missing_config_says_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match="foia init"):
        load_config(tmp_path / "nope.toml")


def test_secret_from_env(tmp_path, monkeypatch):
    config = load_config(write(tmp_path, MINIMAL_CONFIG))
    monkeypatch.setenv("FOIA_TEST_SMTP_PASSWORD", "s3cret")
    assert get_secret(config.smtp, "smtp") == "s3cret"
    monkeypatch.delenv("FOIA_TEST_SMTP_PASSWORD")
    with pytest.raises(SecretError, match="FOIA_TEST_SMTP_PASSWORD"):
        get_secret(config.smtp, "smtp")


def test_secret_from_command_never_in_errors(tmp_path):
    text = MINIMAL_CONFIG.replace(
        'password_env = "FOIA_TEST_SMTP_PASSWORD"',
        'password_command = ["python3", "-c", "print(\'tok-123\')"]',
    )
    config = load_config(write(tmp_path, text))
    assert get_secret(config.smtp, "smtp") == "tok-123"
    failing = MINIMAL_CONFIG.replace(
        'password_env = "FOIA_TEST_SMTP_PASSWORD"',
        'password_command = ["python3", "-c", "import sys; print(\'leak-me\'); sys.exit(3)"]',
    )
    config = load_config(write(tmp_path, failing))
    with pytest.raises(SecretError) as info:
        get_secret(config.smtp, "smtp")
    assert "exit status 3" in str(info.value)
    assert "leak-me" not in str(info.value)


def test_secret_command_runs_without_a_shell(tmp_path):
    text = MINIMAL_CONFIG.replace(
        'password_env = "FOIA_TEST_SMTP_PASSWORD"', 'password_command = ["echo $HOME"]'
    )
    config = load_config(write(tmp_path, text))
    with pytest.raises(SecretError, match="not found"):
        get_secret(config.smtp, "smtp")


@pytest.mark.parametrize(
    "host, loopback",
    [
        ("127.0.0.1", True),
        ("127.5.0.1", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("10.0.0.1", False),
        ("imap.gmail.com", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback_host(host) is loopback


def test_a_password_pasted_into_password_env_is_refused_without_echoing_it(tmp_path):
    text = MINIMAL_CONFIG.replace('"FOIA_TEST_SMTP_PASSWORD"', '"hunter2 secret!"')
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert "NAME of an environment variable" in str(info.value)
    assert "hunter2" not in str(info.value)


def test_a_mistyped_secret_command_is_not_echoed(tmp_path):
    text = MINIMAL_CONFIG.replace(
        'password_env = "FOIA_TEST_SMTP_PASSWORD"', 'password_command = "pass show s3cr3t"'
    )
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert "smtp.password_command must be a list" in str(info.value)
    assert "s3cr3t" not in str(info.value)


@pytest.mark.parametrize(
    ("section", "line", "says"),
    [
        ("smtp", "per_minute = -5", "smtp.per_minute must be between 0 and 10000, not -5"),
        ("smtp", 'send_window = "08:00-08:00"', "is empty (it starts when it ends)"),
        ("imap", "folders = []", "imap.folders is empty"),
        ("deadlines", "default_days = -3", "deadlines.default_days must be between 1 and 365"),
        ("deadlines", "default_days = 0", "deadlines.default_days must be between 1 and 365"),
        ("followups", "every_days = 0", "followups.every_days must be between 1 and 365"),
        ("imap", "watch_interval = 0", "imap.watch_interval must be between 1 and 86400"),
    ],
)
def test_values_out_of_range_are_refused(tmp_path, section, line, says):
    """Issue 14: typos that would silently change what is sent or when something is due."""
    path = tmp_path / "foia.toml"
    path.write_text(f'[requester]\nname = "Jane"\n[replies]\nmode = "none"\n[{section}]\n{line}\n')
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert says in str(error.value)

"""Commands are imported when they run (cli/registry.py), and what `foia --help` lists without
importing them stays what the commands themselves say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from foia_tracker.cli import COMMANDS, FoiaGroup, cli
from foia_tracker.cli.registry import Entry, LazyCommands

ROOT = Path(__file__).resolve().parents[1]


def _entries(table=COMMANDS, path=()):
    for name, entry in table.items():
        yield (*path, name), entry
        yield from _entries(entry.subcommands, (*path, name))


def _command(path: tuple[str, ...]) -> click.Command:
    command = cli
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", [p for p, _ in _entries()], ids=" ".join)
def test_the_tables_short_help_is_the_commands_own(path):
    entry = dict(_entries())[path]
    command = _command(path)
    assert command.name == path[-1]
    own = command.get_short_help_str(limit=10_000)
    assert entry.short_help == own, (
        f"update the short help of {' '.join(path)!r} in foia_tracker/cli/__init__.py to {own!r}"
    )


@pytest.mark.parametrize("width", [40, 60, 80, 100, 200])
def test_foia_help_lists_what_click_would_list_from_the_commands_themselves(width):
    def listing(group: click.Group) -> str:
        formatter = click.HelpFormatter(width=width)
        with click.Context(group, info_name="foia") as ctx:
            group.format_commands(ctx, formatter)
        return formatter.getvalue()

    lazy = FoiaGroup("foia", commands=LazyCommands(COMMANDS))  # rows from the table
    real = click.Group("foia", commands={name: cli.commands[name] for name in COMMANDS})
    assert listing(lazy) == listing(real)
    assert "  poll " in listing(lazy)


def test_lazy_commands_import_on_lookup_only():
    table = {"fake": Entry("tests.test_cli_lazy:FAKE", "A fake command.")}
    commands = LazyCommands(table)
    assert "fake" in commands and list(commands) == ["fake"] and len(commands) == 1
    assert commands.listing()["fake"] is not FAKE  # a stand-in: nothing looked up yet
    assert commands.get("fake") is FAKE
    assert commands.listing()["fake"] is FAKE
    assert commands.get("missing") is None
    commands["other"] = click.Command("other")
    assert sorted(commands) == ["fake", "other"]
    del commands["fake"]
    assert list(commands) == ["other"]


FAKE = click.Command("fake", help="A fake command.")

IMPORTED_AFTER = """
import json, sys
from foia_tracker.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="foia", standalone_mode=False)
except (SystemExit, click.exceptions.Exit):
    pass
print(json.dumps(sorted(sys.modules)))
"""


def imported_after(*args: str) -> set[str]:
    """The modules a fresh Python has imported after running `foia ARGS`."""
    done = subprocess.run(
        [sys.executable, "-c", "import click\n" + IMPORTED_AFTER, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_foia_help_imports_no_command():
    modules = imported_after("--help")
    commands = {m for m in modules if m.startswith("foia_tracker.cli.")}
    assert commands == {"foia_tracker.cli.common", "foia_tracker.cli.output",
                        "foia_tracker.cli.registry"}  # fmt: skip


def test_a_command_imports_its_own_module_not_the_others():
    modules = imported_after("laws", "--help")
    assert "foia_tracker.cli.laws" in modules
    assert "foia_tracker.cli.campaign" not in modules
    assert "foia_tracker.cli.demo" not in modules


# What a command's modules import, before it does anything: loading only what it uses.
FILING = {"foia_tracker.intake.session", "foia_tracker.intake.sent_read", "foia_tracker.parse.message",
          "foia_tracker.intake.classify", "foia_tracker.documents.extract", "pypdf", "pypdfium2"}  # fmt: skip
SENDING = {"jinja2", "foia_tracker.outbox", "foia_tracker.campaigns", "foia_tracker.sandbox"}


@pytest.mark.parametrize(
    ("command", "not_imported"),
    [
        ("poll", FILING | SENDING),  # an idle poll: tests/integration/test_poll_imports.py
        ("status", FILING | SENDING | {"imapclient"}),
        ("show", FILING | SENDING | {"imapclient"}),
        ("export", FILING | SENDING | {"imapclient"}),
        ("search", FILING | SENDING | {"imapclient", "foia_tracker.law.deadlines"}),
        ("report", FILING | {"foia_tracker.outbox", "foia_tracker.sandbox", "imapclient"}),
        # launching and sending read no documents (foia attach lives in requests/attach.py)
        (
            "campaign",
            {"foia_tracker.documents.extract", "pypdf", "pypdfium2", "foia_tracker.sandbox"},
        ),
    ],
)
def test_a_command_imports_nothing_it_does_not_use(command, not_imported):
    modules = imported_after(command, "--help")
    assert COMMANDS[command].target.partition(":")[0] in modules
    assert not_imported & modules == set()


def test_campaign_create_queues_letters_without_loading_the_sender():
    # outbox_queue holds the enqueue: creating a campaign loads neither the send run nor the
    # reply classifier its outcomes file replies with (a third of the command's start-up).
    # (`foia campaign --help` does load them: its listing loads the `send` subcommand.)
    modules = imported_after("campaign", "create", "--help")
    assert "foia_tracker.campaigns" in modules and "foia_tracker.outbox_queue" in modules
    sender = {"foia_tracker.outbox", "foia_tracker.outbox_run", "foia_tracker.intake.classify"}
    assert sender & modules == set()


def test_campaign_send_does_not_load_the_letter_renderer():
    # The group is its own module (cli/campaign_group.py): sending only fills the send date
    # (letters/dates.py), so Jinja2 and the campaign builder stay unloaded (about 50 ms).
    modules = imported_after("campaign", "send", "--help")
    assert "foia_tracker.outbox" in modules and "foia_tracker.letters.dates" in modules
    renderer = {"jinja2", "foia_tracker.campaigns", "foia_tracker.cli.campaign",
                "foia_tracker.letters.render"}  # fmt: skip
    assert renderer & modules == set()

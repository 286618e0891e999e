"""The ``foia`` command. Commands parse options, call the library and print; nothing more."""

from __future__ import annotations

import logging
import os
import sys

import click

from foia_tracker import __version__
from foia_tracker.cells import strip_control
from foia_tracker.cli.common import App
from foia_tracker.errors import FoiaError


class FoiaGroup(click.Group):
    """Turns domain errors into one-sentence click errors with the contract's exit codes."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FoiaError as exc:
            error = click.ClickException(strip_control(str(exc)))
            error.exit_code = exc.exit_code
            raise error from None


@click.group(cls=FoiaGroup)
@click.version_option(__version__, prog_name="foia")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    help="Config file (default: $FOIA_CONFIG, else ./foia.toml).",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """Run public-records request campaigns from your own mailbox.

    Example: foia init ~/mou-campaign && cd ~/mou-campaign && foia agencies import districts.csv
    """
    ctx.obj = App(config_path)


def _register() -> None:
    from foia_tracker.cli import (
        agencies,
        campaign,
        check,
        collect,
        demo,
        dismiss,
        followup,
        init,
        laws,
        messages,
        poll,
        read,
        send,
        status,
        templates,
    )

    campaign.campaign.add_command(send.send)
    for command in (
        init.init,
        check.check,
        agencies.agencies,
        laws.laws,
        templates.templates,
        campaign.campaign,
        *poll.COMMANDS,
        *messages.COMMANDS,
        *read.COMMANDS,
        *dismiss.COMMANDS,
        *status.COMMANDS,
        *followup.COMMANDS,
        collect.search_command,
        collect.export_command,
        collect.report_command,
        demo.demo,
    ):
        cli.add_command(command)


_register()


class _QuietFormatter(logging.Formatter):
    """Warnings from the library as one clean line: no traceback (it could quote mail or a
    server's words) unless FOIA_DEBUG is set, and no terminal control characters."""

    def format(self, record: logging.LogRecord) -> str:
        if not os.environ.get("FOIA_DEBUG"):
            record.exc_info = record.exc_text = None
        return strip_control(super().format(record))


def _configure_logging() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(_QuietFormatter("foia: %(message)s"))
    logging.getLogger("foia_tracker").addHandler(handler)
    logging.getLogger("foia_tracker").setLevel(logging.WARNING)


def main() -> None:
    """Entry point: domain errors become one sentence and an exit code, never a traceback."""
    _configure_logging()
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Stopped; run the same command again to resume.", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: no locals, no traceback, no secrets
        if os.environ.get("FOIA_DEBUG"):
            raise
        click.echo(
            f"Internal error ({type(exc).__name__}); run again with FOIA_DEBUG=1 to see where, "
            "and please report it.",
            err=True,
        )
        sys.exit(1)
    else:
        sys.exit(0)

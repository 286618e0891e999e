"""The ``foia`` command. Commands parse options, call the library and print; nothing more."""

from __future__ import annotations

import logging
import os
import sys

import click

from foia_tracker import __version__
from foia_tracker.cells import strip_control
from foia_tracker.cli import (
    agencies,
    campaign,
    check,
    collect,
    correspondence,
    demo,
    dismiss,
    documents,
    followup,
    init,
    laws,
    links,
    maintenance,
    messages,
    ocr,
    poll,
    read,
    send,
    status,
    templates,
    thread,
)
from foia_tracker.cli.common import App
from foia_tracker.cli.output import translate


class FoiaGroup(click.Group):
    """The one place errors are translated: domain errors (and the few system errors a user
    can fix, such as a read-only disk) become one sentence with the contract's exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.ClickException:
            raise
        except Exception as exc:
            error = translate(exc)
            if error is None:
                raise
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
        *correspondence.COMMANDS,
        *thread.COMMANDS,
        collect.search_command,
        collect.export_command,
        collect.report_command,
        *documents.COMMANDS,
        demo.demo,
        ocr.ocr,
        maintenance.backup_command,
        maintenance.verify_command,
        maintenance.purge_command,
        links.links,
        links.fetch,
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
    """Our own warnings as one line each; libraries' log records (aiosmtpd's "Session.login_data
    is deprecated" after every sandbox AUTH, pypdf's "EOF marker not found") go to the debug
    log only: without a handler of its own, Python's last-resort handler would print them."""
    logger = logging.getLogger("foia_tracker")
    if any(isinstance(h.formatter, _QuietFormatter) for h in logger.handlers):
        return  # main() run twice in one process (tests)
    handler = logging.StreamHandler()
    handler.setFormatter(_QuietFormatter("foia: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    root = logging.getLogger()
    if os.environ.get("FOIA_DEBUG"):
        debug = logging.StreamHandler()
        debug.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
        debug.addFilter(lambda record: not record.name.startswith("foia_tracker"))  # shown above
        root.addHandler(debug)
    else:
        root.addHandler(logging.NullHandler())


def main(args: list[str] | None = None) -> None:
    """The one exit path: every command returns here, and its outcome becomes the exit status.

    0 when the command returns; the code of a raised ``click.ClickException`` (``Failed``,
    translated domain errors, usage errors: 1 or 2); click's own ``ctx.exit`` (``--help``,
    ``--version``) keeps its code; 130 when stopped. Never a traceback.
    """
    _configure_logging()
    try:
        status = cli.main(args, prog_name="foia", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("Stopped; run the same command again to resume.", err=True)
        sys.exit(130)
    except BrokenPipeError:  # `foia status | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except Exception as exc:  # the last line of defence: no locals, no traceback, no secrets
        if os.environ.get("FOIA_DEBUG"):
            raise
        click.echo(
            f"Internal error ({type(exc).__name__}); run again with FOIA_DEBUG=1 to see where, "
            "and please report it.",
            err=True,
        )
        sys.exit(1)
    # standalone_mode=False returns click.exceptions.Exit's code (--help, --version) as an int;
    # commands themselves return None.
    sys.exit(status if isinstance(status, int) else 0)

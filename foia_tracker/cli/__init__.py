"""The ``foia`` command. Commands parse options, call the library and print; nothing more."""

from __future__ import annotations

import logging
import os
import sys

import click

from foia_tracker import __version__
from foia_tracker.cells import strip_control
from foia_tracker.cli.common import App
from foia_tracker.cli.output import translate
from foia_tracker.cli.registry import Entry, LazyCommands

# Every command: its name, where it lives, and the short help `foia --help` lists without
# importing it (tests/test_cli_lazy.py fails when a short help here drifts from the command's
# own). A command's module is imported only when that command runs (cli/registry.py).
# fmt: off
COMMANDS = {
    "init": Entry("foia_tracker.cli.init:init", "Write foia.toml from the example, create the database and the store."),
    "check": Entry("foia_tracker.cli.check:check", "Check the mail set-up: SMTP and IMAP logins, a test message to a tokened reply address, and what the provider does to outgoing mail (From, Message-ID, Sent copy, folders)."),
    "agencies": Entry("foia_tracker.cli.agencies:agencies", "The agency directory (one row per school district or other agency)."),
    "laws": Entry("foia_tracker.cli.laws:laws", "Public-records laws: deadlines, appeals and residency rules, with citations."),
    "templates": Entry("foia_tracker.cli.templates:templates", "Letter template sets: the shipped ones and those in your [templates] paths."),
    "campaign": Entry("foia_tracker.cli.campaign_group:campaign", "Request campaigns: one letter per agency, previewed before anything is sent.", {
        "create": Entry("foia_tracker.cli.campaign:create_cmd", "Create one request per agency, each with its ref, reply token and rendered letter."),
        "add": Entry("foia_tracker.cli.campaign:add_cmd", "Add agencies to a campaign: new requests with new refs, the same letter set and variables."),
        "rerender": Entry("foia_tracker.cli.campaign:rerender_cmd", "Render the campaign's unsent letters again (after fixing a template or an agency) and show what changed."),
        "list": Entry("foia_tracker.cli.campaign:list_cmd", "Campaigns with their requests, unsent letters and counts per status."),
        "preview": Entry("foia_tracker.cli.campaign:preview_cmd", "Show letters exactly as they will be sent: headers and body, with today's date standing in for the send date (filled in when each letter really goes)."),
        "send": Entry("foia_tracker.cli.send:send", "Send the campaign's unsent letters from your mailbox, within the [smtp] limits."),
    }),
    "poll": Entry("foia_tracker.cli.poll:poll", "Fetch new mail, store it untouched, match it to requests, classify and file it."),
    "reparse": Entry("foia_tracker.cli.reparse:reparse", "Rebuild every message's derived rows (text, attachments, matches) from the stored raw mail."),
    "messages": Entry("foia_tracker.cli.messages:messages", "Received mail, with the requests each message is filed on."),
    "inbox": Entry("foia_tracker.cli.messages:inbox", "The holding pen: mail no rule could file, with suggested requests, best first."),
    "match": Entry("foia_tracker.cli.messages:match", "File message ID (from `foia messages` or `foia inbox`) on one or more requests."),
    "read": Entry("foia_tracker.cli.read:read", "Show message ID (from `foia messages` or `foia inbox`) as you would read it: the headers, its own text with the quoted history folded, its attachments and the requests it is on."),
    "dismiss": Entry("foia_tracker.cli.dismiss:dismiss", "Take message ID out of the holding pen (`foia inbox`) as about no request."),
    "status": Entry("foia_tracker.cli.status:status", "One row per request: status, due date, overdue days and the next thing to do."),
    "show": Entry("foia_tracker.cli.status:show", "A request with its timeline, messages, documents and why it is due when it is."),
    "mark": Entry("foia_tracker.cli.status:mark_cmd", "Set a request's status by hand, as of --on (default now)."),
    "followup": Entry("foia_tracker.cli.followup:followup", "Draft (or send) follow-ups for overdue requests, by the [followups] policy."),
    "appeal": Entry("foia_tracker.cli.followup:appeal", "Draft (or send) an appeal of a denial under the state's appeal route and time limit."),
    "note": Entry("foia_tracker.cli.correspondence:note", "Keep a note in a request's timeline (a call, a visit, a promise made by phone)."),
    "attach": Entry("foia_tracker.cli.correspondence:attach", "File records received outside the mailbox (post, CD, portal download) on a request."),
    "reply": Entry("foia_tracker.cli.thread:reply", "Answer the agency on the request's thread: to the address that last wrote for it (else the agency's), in reply to its latest message, quoting it, with the ref in the subject and the request's reply token."),
    "resend": Entry("foia_tracker.cli.thread:resend", "Send a request's letter again (same ref and reply token, re-dated) to a corrected address."),
    "search": Entry("foia_tracker.cli.collect:search_command", "Full-text search over received mail and documents, best matches first."),
    "export": Entry("foia_tracker.cli.export:export_command", "Export a campaign's documents, raw mail and letters with manifest.csv and requests.csv."),
    "report": Entry("foia_tracker.cli.report:report_command", "Write the campaign dashboard: one self-contained HTML file with charts, no scripts."),
    "documents": Entry("foia_tracker.cli.documents:documents", "List received documents with their text status, personal-data flags (with the page or line and a masked excerpt as evidence) and your review decision."),
    "review": Entry("foia_tracker.cli.documents:review", "Record your decision on one document for `foia export --profile publish`."),
    "demo": Entry("foia_tracker.cli.demo:demo", "Run a whole campaign end to end against the embedded local sandbox."),
    "ocr": Entry("foia_tracker.cli.ocr:ocr", "Read scanned PDFs (no text layer) with Tesseract, so that search and the export find them."),
    "backup": Entry("foia_tracker.cli.maintenance:backup_command", "Copy the workspace (database, config, raw mail, documents) into a new folder and verify it."),
    "verify": Entry("foia_tracker.cli.maintenance:verify_command", "Check the database and every stored file: integrity, hashes, raw mail present."),
    "purge": Entry("foia_tracker.cli.maintenance:purge_command", "Delete personal mail you set aside (foia dismiss) that no request holds: its rows, its raw copy and its attachments in the store."),
    "links": Entry("foia_tracker.cli.links:links", "Download links found in agencies' replies, with their expiry and what fetching gave."),
    "fetch": Entry("foia_tracker.cli.links:fetch", "Download pending links into the store as documents filed on their requests."),
}
# fmt: on


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

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The listing of `foia --help`, from the table for commands not imported yet."""
        if not isinstance(self.commands, LazyCommands):
            return super().format_commands(ctx, formatter)
        listing = click.Group(self.name, commands=self.commands.listing())
        return click.Group.format_commands(listing, ctx, formatter)


@click.group(cls=FoiaGroup, commands=LazyCommands(COMMANDS))
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

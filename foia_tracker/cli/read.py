"""``foia read ID``: one message as a person reads it."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import MESSAGE_ID, format_option, output_json, terminal_text
from foia_tracker.intake.reading import read_message

HEADERS = (("From", "from"), ("To", "to"), ("Cc", "cc"), ("Date", "date"), ("Subject", "subject"))


@click.command()
@click.argument("message_id", metavar="ID", type=MESSAGE_ID)
@click.option("--quoted", is_flag=True, help="Show the quoted history instead of folding it.")
@format_option(choices=("table", "json"))
@pass_app
def read(app: App, message_id: int, quoted: bool, fmt: str) -> None:
    """Show message ID (from `foia messages` or `foia inbox`) as you would read it: the headers,
    its own text with the quoted history folded, its attachments and the requests it is on.

    Example: foia read 12 --quoted
    """
    shown = read_message(app.db, app.store, message_id)
    if fmt == "json":
        output_json(shown)
        return
    for line in _lines(shown, quoted):
        click.echo(line)


def _lines(shown: dict, quoted: bool) -> list[str]:
    out = [f"Message {shown['id']} ({terminal_text(shown['kind'])})"]
    for label, key in HEADERS:
        value = shown[key]
        if value:
            out.append(f"{label + ':':<9}{terminal_text(value)}")
    out.append(f"{'Filed:':<9}{_filed(shown)}")
    for a in shown["attachments"]:
        out.append(
            f"{'File:':<9}{terminal_text(a['filename'])}  {terminal_text(a['content_type'])}  "
            f"{a['size']:,} bytes"
        )
    if shown["parse_error"]:
        out.append(f"{'Error:':<9}{terminal_text(shown['parse_error'])}")
    out.append("")
    out.extend(_text_lines(shown["text"]))
    for block in shown["quoted"]:
        lines = block.split("\n")
        out.append("")
        if quoted:
            out.extend("| " + line for line in _text_lines(block))
        else:
            out.append(f"[{len(lines)} quoted line(s) folded; --quoted shows them]")
    return out


def _filed(shown: dict) -> str:
    if shown["requests"]:
        return ", ".join(f"{r['ref']} ({r['method']})" for r in shown["requests"])
    if shown["dismissed"]:
        return "dismissed (about no request)"
    return "holding pen (foia match ID REF files it)"


def _text_lines(text: str) -> list[str]:
    # terminal_text strips control characters, line breaks included: one line at a time
    return [terminal_text(line) for line in text.split("\n")]

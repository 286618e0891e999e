"""``foia templates list|show``: the letter sets and the variables they need."""

from __future__ import annotations

from dataclasses import asdict

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json, output_rows
from foia_tracker.letters.render import TemplateSet, list_template_sets, load_set


@click.group()
def templates() -> None:
    """Letter template sets: the shipped ones and those in your [templates] paths.

    Example: foia templates show student-data-agreements
    """


@templates.command("list")
@format_option
@pass_app
def list_cmd(app: App, fmt: str) -> None:
    """List template sets; yours shadow shipped ones of the same name.

    Example: foia templates list --format json
    """
    found = [
        {
            "name": s.name,
            "title": s.title,
            "required": [v.name for v in s.required("request") if v.filled_by == "campaign"],
            "origin": s.origin,
        }
        for s in list_template_sets(app.template_paths)
    ]
    output_rows(found, fmt, ["name", "title", "required", "origin"])


def describe(template_set: TemplateSet) -> dict:
    def names(variables):
        return [asdict(v) | {"letters": list(v.letters)} for v in variables]

    asked = [v for v in template_set.variables if v.filled_by == "campaign"]
    return {
        "name": template_set.name,
        "title": template_set.title,
        "description": template_set.description,
        "subject": template_set.subject,
        "origin": template_set.origin,
        "required": names([v for v in asked if v.required]),
        "optional": names([v for v in asked if not v.required]),
        "filled_when_sending": names([v for v in template_set.variables if v not in asked]),
    }


@templates.command("show")
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@pass_app
def show_cmd(app: App, name: str, fmt: str) -> None:
    """A set's description, default subject and variables (required ones must be given with
    --var at `foia campaign create`, or per agency by a CSV column of the same name).

    Example: foia templates show student-data-agreements --format json
    """
    info = describe(load_set(name, app.template_paths))
    if fmt == "json":
        output_json(info)
        return
    click.echo(f"{info['name']}: {info['title']}\n\n{info['description']}\n")
    click.echo(f"Subject: {info['subject']}\nFrom: {info['origin']}\n")
    for heading, key in (
        ("Required (--var)", "required"),
        ("Optional (--var)", "optional"),
        ("Filled by foia followup / appeal", "filled_when_sending"),
    ):
        click.echo(f"{heading}:")
        output_rows(info[key], "table", ["name", "letters", "description", "example"])
        click.echo("")

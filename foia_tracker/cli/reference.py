"""Generate docs/cli.md from the commands' own --help, so the reference cannot drift.

python -m foia_tracker.cli.reference          # rewrite docs/cli.md
python -m foia_tracker.cli.reference --check  # exit 1 if it is stale
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import click

from foia_tracker.cli import cli

HEADER = """# foia command reference

Generated from each command's `--help` by `python -m foia_tracker.cli.reference`; a test fails
when this file is stale. Exit codes: 0 success; 1 the command ran but found a problem it reports
(bad rows, failed sends); 2 usage or configuration error.
"""


def walk(
    command: click.Command, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], (*path, name))


def help_text(command: click.Command, path: tuple[str, ...]) -> str:
    with click.Context(
        command, info_name=" ".join(("foia", *path)), terminal_width=100, max_content_width=100
    ) as ctx:
        return command.get_help(ctx)


def render(root: click.Command) -> str:
    parts = [HEADER]
    for path, command in walk(root):
        title = " ".join(("foia", *path))
        parts.append(f"\n## `{title}`\n\n```\n{help_text(command, path)}\n```\n")
    return "".join(parts)


def doc_path() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def main(argv: list[str]) -> int:
    text = render(cli)
    path = doc_path()
    if "--check" in argv:
        if not path.exists() or path.read_text() != text:
            print(f"{path} is stale: run python -m foia_tracker.cli.reference")
            return 1
        return 0
    path.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Commands imported when they run, so that one command does not pay for all the others.

A group's ``commands`` is a ``LazyCommands`` mapping built from a table of ``Entry`` rows
(cli/__init__.py). click looks a command up with ``commands.get(name)`` when it runs or shows
its own ``--help``: that imports its module (``lazy.load``). Listing names (``sorted``, ``in``)
imports nothing, and ``foia --help`` lists the commands not yet imported with the table's short
help (tests/test_cli_lazy.py holds each one equal to the command's own).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field

import click

from foia_tracker import lazy


@dataclass(frozen=True)
class Entry:
    target: str  # "package.module:attribute" of the click command
    short_help: str  # its first help sentence, as `foia --help` lists it
    subcommands: Mapping[str, Entry] = field(default_factory=dict)  # added to a group's own


class LazyCommands(MutableMapping):
    """Name -> click command; a command's module is imported on its first lookup."""

    def __init__(self, table: Mapping[str, Entry], loaded: Mapping[str, click.Command] = ()):
        self._table = dict(table)
        self._loaded = dict(loaded)

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            entry = self._table[name]  # KeyError: no such command (click says so)
            command = lazy.load(entry.target)
            if entry.subcommands:
                command.commands = LazyCommands(entry.subcommands, loaded=command.commands)
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._table.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._table.pop(name, None)
        self._loaded.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._table or name in self._loaded

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (name for name in self._loaded if name not in self._table)

    def __len__(self) -> int:
        return len(self._table.keys() | self._loaded.keys())

    def listing(self) -> dict[str, click.Command]:
        """Every command for a help listing: the imported ones themselves, the others as a
        stand-in carrying the table's short help (click shortens it the same way)."""
        return {
            name: self._loaded.get(name) or click.Command(name, help=self._table[name].short_help)
            for name in self
        }

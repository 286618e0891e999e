"""The CLI reference is generated from --help and every command explains itself with an example."""

from foia_tracker.cli import cli
from foia_tracker.cli.reference import doc_path, render, walk


def test_docs_cli_md_is_current():
    assert doc_path().read_text() == render(cli), (
        "docs/cli.md is stale: run python -m foia_tracker.cli.reference"
    )


def test_every_command_has_help_ending_with_an_example():
    missing = []
    for path, command in walk(cli):
        text = (command.help or "").strip()
        if not text or "Example:" not in text.splitlines()[-1] + text[-200:]:
            missing.append(" ".join(("foia", *path)))
    assert missing == []

"""``foia ocr``: add Tesseract's text to scanned PDFs (documents marked ``needs_ocr``)."""

from __future__ import annotations

import click

from foia_tracker.cli.common import App, pass_app
from foia_tracker.cli.output import format_option, output_json
from foia_tracker.documents.indexer import ocr_scans
from foia_tracker.errors import MissingTool


@click.command("ocr")
@click.argument("refs", nargs=-1)
@format_option
@pass_app
def ocr(app: App, refs: tuple[str, ...], fmt: str) -> None:
    """Read scanned PDFs (no text layer) with Tesseract, so that search and the export find them.

    Without REF, every scanned document; with REFs, only those filed on these requests. Needs
    the optional programs pdftoppm and tesseract (Debian: apt-get install poppler-utils
    tesseract-ocr); without them nothing is changed and the command says what to install.

    Example: foia ocr CT-0042 CT-0043
    """
    with app.store.lock():
        report = ocr_scans(app.db, app.store, list(refs) or None)
    if report.missing_tools:
        raise MissingTool(
            f"OCR needs {report.missing_tools}; install it (Debian: apt-get install "
            "poppler-utils tesseract-ocr) and run foia ocr again. Nothing was changed."
        )
    if fmt == "json":
        output_json({"read": report.read, "empty": report.empty})
        return
    click.echo(f"Read {report.read} scanned document(s); {report.empty} gave no text.")

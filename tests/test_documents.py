"""Document text: PDFium first, pypdf for what PDFium refuses, scans marked for OCR, a worker
pool that survives timeouts and dead workers, and Tesseract where it is installed."""

from __future__ import annotations

import shutil
import subprocess
import zlib
from pathlib import Path

import pypdfium2
import pytest

from foia_tracker.documents import extract, ocr, pdf, pool
from foia_tracker.documents.extract import extract_text
from foia_tracker.sandbox.documents import pdf_document, simple_pdf


def image_only_pdf(width: int = 8, height: int = 8) -> bytes:
    """A one-page PDF whose only content is a small grey image: a scan with no text layer."""
    pixels = zlib.compress(bytes([200]) * (width * height))
    content = b"q 200 0 0 200 72 500 cm /Im1 Do Q\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (width, height, len(pixels))
        + pixels
        + b"\nendstream",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    return pdf_document(objects)


def test_text_pdf_read_by_pdfium():
    data = simple_pdf(["Data Sharing Agreement", "between the district and Vendor LLC"])
    result = extract_text(data, "application/pdf")
    assert result.status == "ok"
    assert "Data Sharing Agreement" in result.text
    assert "Vendor LLC" in result.text


def test_scan_without_text_layer_needs_ocr():
    result = extract_text(image_only_pdf(), "application/pdf")
    assert result == extract.NEEDS_OCR


def test_pdf_pdfium_refuses_falls_back_to_pypdf(monkeypatch):
    def refuse(*args, **kwargs):
        raise pypdfium2.PdfiumError("broken xref")

    monkeypatch.setattr(pdf, "_pdfium_pages", refuse)
    result = extract_text(simple_pdf(["Memorandum of Understanding"]), "application/pdf")
    assert result.status == "ok"
    assert "Memorandum of Understanding" in result.text


def test_garbage_pdf_has_no_text_and_prints_nothing(capsys):
    result = extract_text(b"%PDF-1.4 this is not a pdf at all", "application/pdf")
    assert result.status == "none"
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_pages_capped_is_partial(monkeypatch):
    monkeypatch.setattr(extract, "MAX_PDF_PAGES", 0)
    result = extract_text(simple_pdf(["one page"]), "application/pdf")
    assert result.status == "partial"


def test_extractable_types():
    assert extract.extractable("application/pdf")
    assert extract.extractable("text/plain; charset=utf-8")
    assert not extract.extractable("image/png")


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_pool_extracts_in_workers(tmp_path):
    jobs = [
        pool.Job(
            f"sha{i}",
            _write(tmp_path, f"d{i}.pdf", simple_pdf([f"agreement {i}"])),
            "application/pdf",
        )
        for i in range(5)
    ]
    jobs.append(pool.Job("scan", _write(tmp_path, "scan.pdf", image_only_pdf()), "application/pdf"))
    with pool.ExtractionPool(pool.PoolLimits(workers=2)) as workers:
        for job in jobs:
            workers.submit(job)
        results = {r.sha256: r for r in workers.drain()}
    assert set(results) == {job.sha256 for job in jobs}
    assert all(f"agreement {i}" in results[f"sha{i}"].text.text for i in range(5))
    assert results["scan"].text.status == "needs_ocr"
    assert workers.pending == 0


def test_pool_missing_file_is_reported_not_raised(tmp_path):
    with pool.ExtractionPool(pool.PoolLimits(workers=1)) as workers:
        workers.submit(pool.Job("gone", str(tmp_path / "missing.pdf"), "application/pdf"))
        (result,) = list(workers.drain())
    assert result.text.status == "none"
    assert "unreadable" in result.error


def hanging_worker(conn, max_seconds, max_bytes):  # runs in a worker process
    import time

    job = conn.recv()
    if job.sha256 == "bad":
        time.sleep(60)
    pool._worker_main_one(conn, job, max_seconds, max_bytes)


def dying_worker(conn, max_seconds, max_bytes):
    import os

    job = conn.recv()
    if job.sha256 == "bad":
        os._exit(3)
    pool._worker_main_one(conn, job, max_seconds, max_bytes)


@pytest.mark.parametrize(
    ("worker", "reason"), [(hanging_worker, "timed out"), (dying_worker, "died")]
)
def test_pool_survives_stuck_and_dead_workers(tmp_path, worker, reason):
    """A worker that hangs or dies costs one document's text, never the poll."""
    limits = pool.PoolLimits(workers=1, kill_after=2.0)
    bad = pool.Job("bad", _write(tmp_path, "b.pdf", simple_pdf(["slow"])), "application/pdf")
    good = pool.Job("good", _write(tmp_path, "g.pdf", simple_pdf(["fine"])), "application/pdf")
    with pool.ExtractionPool(limits, worker_main=worker) as workers:
        workers.submit(bad)
        workers.submit(good)
        by_sha = {r.sha256: r for r in workers.drain()}
    assert reason in by_sha["bad"].error
    assert by_sha["bad"].text.status == "none"
    assert by_sha["good"].text.status == "ok"
    assert "fine" in by_sha["good"].text.text


needs_tesseract = pytest.mark.skipif(
    not ocr.find_tools().available, reason="OCR needs poppler-utils and tesseract-ocr"
)


@needs_tesseract
def test_ocr_reads_a_scanned_page(tmp_path):
    text_pdf = tmp_path / "letter.pdf"
    text_pdf.write_bytes(simple_pdf(["MEMORANDUM OF UNDERSTANDING", "Student data sharing"]))
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-r",
            "150",
            "-jpeg",
            "-singlefile",
            str(text_pdf),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    scan = pypdfium2.PdfDocument.new()
    page = scan.new_page(612, 792)
    image = pypdfium2.PdfImage.new(scan)
    image.load_jpeg(str(tmp_path / "page.jpg"))
    image.set_matrix(pypdfium2.PdfMatrix().scale(612, 792))
    page.insert_obj(image)
    page.gen_content()
    scan.save(tmp_path / "scan.pdf")
    scan_bytes = (tmp_path / "scan.pdf").read_bytes()
    assert extract_text(scan_bytes, "application/pdf").status == "needs_ocr"
    result = ocr.ocr_pdf(tmp_path / "scan.pdf", ocr.find_tools())
    assert result.status == "ok"
    assert "MEMORANDUM" in result.text.upper()
    assert not list(tmp_path.glob("foia-ocr-*"))

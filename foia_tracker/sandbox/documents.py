"""Small but valid documents an agency attaches to a records response, generated in code."""

from __future__ import annotations

import csv
import io

DATA_ELEMENTS = [
    ("student_id", "identifier", "rostering and single sign-on"),
    ("first_name", "directory information", "rostering"),
    ("last_name", "directory information", "rostering"),
    ("date_of_birth", "demographic", "age-appropriate content"),
    ("grade_level", "enrollment", "course placement"),
    ("school_id", "enrollment", "rostering"),
    ("email_address", "contact", "account creation"),
    ("iep_status", "special education", "accommodations"),
    ("assessment_scores", "academic", "progress reports"),
    ("attendance_rate", "academic", "early-warning dashboard"),
]


def data_elements_csv(vendor: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["data_element", "category", "shared_with", "purpose"])
    for name, category, purpose in DATA_ELEMENTS:
        writer.writerow([name, category, vendor, purpose])
    return out.getvalue().encode("utf-8")


def _pdf_text(line: str) -> bytes:
    # PDF 1.7 section 7.3.4.2: backslash and parentheses are escaped in a literal string;
    # the standard Helvetica font covers Latin-1 only.
    safe = line.encode("latin-1", "replace")
    return b"(" + safe.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_document(objects: list[bytes]) -> bytes:
    """A PDF file of these numbered objects (1 is the catalog) with a correct cross-reference
    table (PDF 1.7, section 7.5): the one writer for the small PDFs of the sandbox, the tests
    and the benchmarks."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines in Helvetica, with a correct xref table."""
    content = b"BT /F1 11 Tf 72 740 Td 15 TL\n"
    content += b"".join(_pdf_text(line) + b" Tj T*\n" for line in lines) + b"ET\n"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
    ]
    return pdf_document(objects)

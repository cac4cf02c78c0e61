"""Checking an uploaded PDF: what it is (sniffed, then parsed), how big, and its SHA-256."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .errors import DomainError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class CheckedPdf:
    content: bytes
    sha256: str
    size: int


def check_pdf(
    upload: Any, *, max_bytes: int = DEFAULT_MAX_BYTES, field: str = "document"
) -> CheckedPdf:
    """Read an uploaded file and make sure it is a PDF of a sensible size.

    The type is judged by the content, never by the name or the browser's word: the file must
    begin with the PDF signature and pypdf must be able to read at least one page from it.
    Raises DomainError (on `field`) for an empty file, one over `max_bytes`, or one that is not
    a readable PDF.
    """
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise DomainError(_too_big(max_bytes), field=field)
    upload.seek(0)
    content = upload.read(max_bytes + 1)
    if not content:
        raise DomainError(_("The file is empty."), field=field)
    if len(content) > max_bytes:
        raise DomainError(_too_big(max_bytes), field=field)
    if not content.lstrip()[:5] == b"%PDF-":
        raise DomainError(_("The file is not a PDF."), field=field)
    if not _readable(content):
        raise DomainError(_("The file is damaged or not a PDF that can be read."), field=field)
    return CheckedPdf(
        content=content, sha256=hashlib.sha256(content).hexdigest(), size=len(content)
    )


def _too_big(max_bytes: int) -> str:
    return _("The file is larger than %(megabytes)s MB, the largest allowed.") % {
        "megabytes": round(max_bytes / (1024 * 1024), 1)
    }


def _readable(content: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(content)).pages) > 0
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        return False


def blank_pdf(pages: int = 1, *, text: str = "") -> bytes:
    """A small valid PDF (for demo data and tests), with `text` in its metadata."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    if text:
        writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()

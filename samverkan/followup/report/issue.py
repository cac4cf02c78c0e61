"""Rendering a report to a file, and issuing it: frozen with its date and its files' hashes.

A report is issued as every participant of the partnership may read it (decision 0007): built
for `participant_reader()`, who takes part but is entitled to nothing marked secret, so the
issued files count confidential records and show none of their content, whoever issues them.
The files link nowhere (`without_links`): they are read outside the application.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from samverkan.followup.models import IssuedReport, IssuedReportFile
from samverkan.lib.errors import DomainError

from .data import Report, build_report, participant_reader, to_json

LANGUAGES = ("sv", "en")
FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportFormatError(DomainError):
    """An unknown format or language was asked for."""


def check_format(file_format: str) -> str:
    if file_format not in FORMATS:
        raise ReportFormatError(
            _("Unknown format “%(format)s”: choose one of %(formats)s.")
            % {"format": file_format[:20], "formats": ", ".join(FORMATS)},
            field="format",
        )
    return file_format


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ReportFormatError(
            _("Unknown language “%(language)s”: choose one of %(languages)s.")
            % {"language": language[:20], "languages": ", ".join(LANGUAGES)},
            field="language",
        )
    return language


def render_file(report: Report, file_format: str) -> bytes:
    """The report in one format: html, pdf, docx or xlsx (ReportFormatError otherwise)."""
    check_format(file_format)
    with translation.override(report.language):
        if file_format == "html":
            from .html import render_html

            return render_html(report)
        if file_format == "pdf":
            from .pdf import render_pdf

            return render_pdf(report)
        if file_format == "docx":
            from .docx import render_docx

            return render_docx(report)
        from .xlsx import render_xlsx

        return render_xlsx(report)


def file_name(report: Report | IssuedReport, file_format: str, *, slug: str) -> str:
    """`stockholms-stad-kth-2025-sv.pdf`."""
    return f"{slug}-{report.year}-{report.language}.{file_format}"


def without_links(report: Report) -> Report:
    """The report with no link into the application: for files read outside it."""
    report = dataclasses.replace(report)
    report.activities = [dataclasses.replace(a, url="") for a in report.activities]
    groups = dataclasses.asdict(report.agreements).keys()
    report.agreements = dataclasses.replace(
        report.agreements,
        **{
            group: [dataclasses.replace(a, url="") for a in getattr(report.agreements, group)]
            for group in groups
        },
    )
    report.findings = [
        dataclasses.replace(
            f,
            action_url="",
            action_label="",
            items=[dataclasses.replace(i, url="") for i in f.items],
        )
        for f in report.findings
    ]
    return report


def report_for_everyone(partnership, year: int, *, language: str) -> Report:
    """The report as every participant may read it, linking nowhere: what is issued, what the
    command writes and what an issued report is compared with."""
    report = build_report(partnership, year, user=participant_reader(), language=language)
    return without_links(report)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def issue_report(partnership, year: int, *, language: str, actor: Any) -> IssuedReport:
    """Issue the report of `partnership` for `year` in `language`: its content and its four
    files, each with its SHA-256 and size, all or nothing.

    Checks no permission (the caller has: coordinators and the steering group issue).
    Raises ReportFormatError for an unknown language.
    """
    check_language(language)
    report = report_for_everyone(partnership, year, language=language)
    # Rendered before anything is written: a renderer that fails leaves nothing behind.
    files = {fmt: render_file(report, fmt) for fmt in FORMATS}
    stored: list[IssuedReportFile] = []
    try:
        with transaction.atomic():
            issued = IssuedReport.objects.create(
                partnership=partnership,
                year=year,
                language=language,
                issued_at=report.generated_at,
                issued_by=actor,
                content=to_json(report),
            )
            for fmt, data in files.items():
                record = IssuedReportFile(
                    report=issued, format=fmt, sha256=sha256(data), size=len(data)
                )
                record.file.save(
                    f"{issued.pk}-{file_name(report, fmt, slug=partnership.slug)}",
                    ContentFile(data),
                    save=False,
                )
                stored.append(record)
                record.save()
    except BaseException:
        # The database rolled back; the files written to storage go too.
        for record in stored:
            record.file.delete(save=False)
        raise
    return issued


def read_file(record: IssuedReportFile) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def file_intact(record: IssuedReportFile) -> bool:
    """Whether the stored file still has the SHA-256 it was issued with."""
    try:
        return sha256(read_file(record)) == record.sha256
    except OSError:
        return False

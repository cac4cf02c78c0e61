"""`python manage.py annual_report --partnership SLUG --year 2025 --format pdf --language sv
--output FILE`: the annual report for a scheduler.

Written as every participant may read it (decision 0007), like an issued report: what is marked
secret is counted, never shown. Refuses with a clear message an unknown partnership (naming the
known ones), a year with nothing in the register, an unknown format or language, and an output
path that cannot be written.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverkan.followup.report.issue import FORMATS, LANGUAGES, render_file, report_for_everyone
from samverkan.partnerships.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's annual report for a year to a file (html, pdf, docx or xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name.")
        parser.add_argument("--year", required=True, type=int, help="The year, e.g. 2025.")
        parser.add_argument(
            "--format", required=True, dest="file_format", help="html, pdf, docx or xlsx."
        )
        parser.add_argument("--language", default="sv", help="sv or en (default sv).")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, **options) -> None:
        file_format = options["file_format"]
        language = options["language"]
        year = options["year"]
        if file_format not in FORMATS:
            raise CommandError(
                f"Unknown format {file_format!r}: choose one of {', '.join(FORMATS)}."
            )
        if language not in LANGUAGES:
            raise CommandError(
                f"Unknown language {language!r}: choose one of {', '.join(LANGUAGES)}."
            )
        if not 1900 <= year <= 9999:
            raise CommandError(f"The year must be between 1900 and 9999, not {year}.")
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            known = ", ".join(Partnership.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"No partnership {options['partnership']!r}. Known partnerships: "
                f"{known or '(none)'}."
            )
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"Cannot write {output}: the folder {output.parent} does not exist.")
        report = report_for_everyone(partnership, year, language=language)
        if not _has_data(report):
            raise CommandError(
                f"{partnership.slug} has nothing in the register for {year}: no activity, "
                "agreement, exchange, leadership dialogue, steering-group meeting or "
                "innovation-support case."
            )
        data = render_file(report, file_format)
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stdout.write(f"Wrote {output} ({len(data)} bytes).")


def _has_data(report) -> bool:
    """Whether the register holds anything of the year: an activity, an agreement signed or in
    force, an exchange, a dialogue or a meeting; for an innovation network, a case's figure."""
    if report.totals.counts.total or report.exchanges or report.dialogues or report.meetings:
        return True
    if report.innovation and any(
        row.current for table in report.innovation.tables for row in table.rows
    ):
        return True
    agreements = report.agreements
    return bool(agreements.signed or agreements.in_force)

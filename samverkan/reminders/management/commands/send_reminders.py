"""Run the daily pass of reminders (for cron when no Celery beat runs)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from samverkan.reminders import services


class Command(BaseCommand):
    help = "Record the reminders due today (or on --date) and send those not yet sent."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run the pass for (YYYY-MM-DD).")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError("--date must be YYYY-MM-DD.") from error
        report = services.daily_pass(day)
        self.stdout.write(
            f"{report.on}: {report.due} due, {report.created} new, {report.sent} sent, "
            f"{report.resolved} resolved, {len(report.failed)} failed"
        )
        for pk, error in report.failed:
            self.stderr.write(f"reminder {pk}: {error}")
        if report.failed:
            # A non-zero exit makes cron report the failures; they are retried next pass.
            raise SystemExit(1)

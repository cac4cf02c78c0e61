"""The run itself, once Django is set up with bench.settings (see run.py): subjects, floors,
the server, each measurement, the targets, the table and the JSON."""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from samverkan.followup.report.build import build_report, reference_day
from samverkan.followup.rollup import build_rollup

from . import machine, output, rollup_floor
from .floors import primary_key_lookups
from .load import LoadError, measure
from .queries import TableSizes, client_for, count_queries
from .report_floor import differences, figures_of, parameters, report_figures, time_floor
from .results import BASELINE, DETAIL, EXPORT, FLOOR, LIST, REPORT, Row, TargetResult
from .server import Gunicorn, ServerError, fetch, free_port
from .subjects import NoSubject, Subjects, choose, end_sessions, session_for
from .targets import evaluate

# Page sizes at which the API's lists are counted, besides their default.
API_PAGE_SIZES = (1, 200)
# Fewer requests than this in a measurement make its percentiles rough, and the table says so.
FEW_REQUESTS = 20
# Figures on which a floor and its report differ, at most, named in a failed row.
MISMATCHES_SHOWN = 5
# gunicorn's limit on one request: long enough for the largest export or report to finish and
# be measured rather than cut off.
REQUEST_TIMEOUT = 600


class RunnerError(RuntimeError):
    """The run cannot go on: nothing to measure, or the server or wrk failed."""


@dataclass(frozen=True)
class Page:
    key: str
    label: str
    kind: str
    path: str
    user: object
    page_sizes: tuple[int, ...] = ()
    note: str = ""
    missing: str = ""  # why there is nothing to measure (the row fails with it)


@dataclass
class Outcome:
    rows: list[Row]
    targets: list[TargetResult]
    document: dict


def progress(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


def with_query(path: str, **query: object) -> str:
    return f"{path}?{urlencode(query)}" if query else path


class Runner:
    def __init__(
        self, arguments: argparse.Namespace, *, log: Path, headers: Mapping[str, str]
    ) -> None:
        self.arguments = arguments
        self.log = log
        self.headers = dict(headers)
        self.sizes = TableSizes()
        self.sessions: dict[int, str] = {}
        self.notes: list[str] = []

    # The run

    def run(self) -> Outcome:
        started = machine.now()
        progress("collecting static files (the manifest the pages look names up in)")
        call_command("collectstatic", interactive=False, verbosity=0)
        try:
            subjects = choose()
        except NoSubject as error:
            raise RunnerError(str(error)) from error
        self.notes.append(
            f"Cache: {settings.CACHE_URL} (sessions read from it)"
            if settings.CACHE_URL
            else "No shared cache answered (BENCH_CACHE_URL): sessions read from the database."
        )
        if subjects.admin_created:
            self.notes.append(
                f"Created the superuser {subjects.admin.username!r} for the admin baseline."
            )
        rows = [self.primary_key_floor()]
        try:
            with self.server(self.arguments.workers) as server:
                for page in self.pages(subjects):
                    rows.append(self.under_load(server, page))
                rows += self.reports(server, subjects)
                rows += self.national_rollup(server, subjects)
            # A fresh process of its own, so that memory the others grew and freed before
            # cannot hide what the export takes.
            with self.server(1) as server:
                rows.append(self.export(server, subjects))
        except (LoadError, ServerError, OSError) as error:
            raise RunnerError(f"{error} (the server's log: {self.log})") from error
        finally:
            end_sessions(list(self.sessions.values()))
        targets = evaluate(rows)
        document = self.document(subjects, rows, targets, started=started)
        print(output.render(document, rows, targets))
        written = output.write(document, self.arguments.results_dir)
        progress(f"written {written} and latest.json")
        if any(row.failed for row in rows):
            progress(f"some rows failed: the server's log is {self.log}")
        return Outcome(rows=rows, targets=targets, document=document)

    @contextmanager
    def server(self, workers: int) -> Iterator[Gunicorn]:
        server = Gunicorn(
            port=free_port(),
            workers=workers,
            timeout=REQUEST_TIMEOUT,
            env=dict(os.environ),
            log=self.log,
        )
        progress(f"starting gunicorn ({workers} workers)")
        try:
            server.start(self.headers)
        except ServerError as error:
            raise RunnerError(str(error)) from error
        try:
            yield server
        finally:
            server.stop()

    def session(self, user) -> str:
        if user.pk not in self.sessions:
            self.sessions[user.pk] = session_for(user)
        return self.sessions[user.pk]

    def cookie_headers(self, user) -> dict[str, str]:
        return {**self.headers, "Cookie": f"{settings.SESSION_COOKIE_NAME}={self.session(user)}"}

    # What is measured

    def pages(self, subjects: Subjects) -> list[Page]:
        p = subjects.partnership.pk
        coordinator = subjects.coordinator
        activities = reverse("activities:activity_list", args=[p])
        changelist = reverse("bench_admin:activities_activity_changelist")
        one_page = "the list has one page: the last is the first"
        pages = [
            Page("trivial", "floor: trivial view", FLOOR, "/bench/trivial", coordinator),
            Page("activity_list", "activity list, first page", LIST, activities, coordinator),
            Page(
                "activity_list_filtered",
                "activity list, filtered (kind, year)",
                LIST,
                with_query(activities, kind=subjects.kind, year=subjects.year),
                coordinator,
            ),
            Page(
                "activity_list_last",
                "activity list, last page",
                LIST,
                with_query(activities, after=subjects.last_page_cursor)
                if subjects.last_page_cursor
                else activities,
                coordinator,
                note="" if subjects.last_page_cursor else one_page,
            ),
            Page(
                "activity_search",
                f"activity list, search {subjects.search_word!r}",
                LIST,
                with_query(activities, q=subjects.search_word),
                coordinator,
            ),
            Page(
                "dashboard",
                "partnership dashboard",
                DETAIL,
                with_query(reverse("partnerships:dashboard", args=[p]), year=subjects.year),
                coordinator,
            ),
        ]
        agreement = subjects.agreement
        pages.append(
            Page(
                "agreement",
                "agreement with its signatures",
                DETAIL,
                reverse(
                    "agreements:agreement_detail", args=[agreement.partnership_id, agreement.uuid]
                )
                if agreement
                else "",
                subjects.agreement_reader,
                missing="" if agreement else "the data hold no agreement",
            )
        )
        pages.append(
            Page(
                "compliance",
                "compliance panel",
                DETAIL,
                reverse("partnerships:compliance", args=[p]),
                coordinator,
            )
        )
        for key, name, args in (
            ("api_activities", "api-activities", [p]),
            ("api_agreements", "api-agreements", [p]),
            ("api_exchanges", "api-exchanges", [p]),
            ("api_partnerships", "api-partnerships", []),
            ("api_organisations", "api-organisations", []),
            ("api_people", "api-people", []),
        ):
            path = reverse(name, args=args)
            pages.append(Page(key, f"API {path}", LIST, path, coordinator, API_PAGE_SIZES))
        admin_filter = {"partnership__id__exact": p}
        pages += [
            Page(
                "admin_changelist",
                "baseline: admin changelist, first page",
                BASELINE,
                with_query(changelist, **admin_filter),
                subjects.admin,
            ),
            Page(
                "admin_changelist_last",
                "baseline: admin changelist, last page",
                BASELINE,
                with_query(changelist, **admin_filter, p=subjects.admin_last_page),
                subjects.admin,
                note="" if subjects.admin_last_page > 1 else one_page,
            ),
        ]
        return pages

    def primary_key_floor(self) -> Row:
        progress("floor: primary-key lookups")
        rate = primary_key_lookups(self.arguments.duration)
        return Row(
            key="pk_lookup",
            label=f"floor: primary-key lookup ({rate.driver})",
            kind=FLOOR,
            rate=rate.per_second,
            notes=[f"{rate.lookups:,} lookups of activities on one connection"],
        )

    def count(self, row: Row, page: Page) -> None:
        """The page's queries in-process, at its default page size and the others asked."""
        client = client_for(self.session(page.user), self.headers)
        try:
            counted = count_queries(client, page.path, self.sizes)
            for size in page.page_sizes:
                other = count_queries(client, with_page_size(page.path, size), self.sizes)
                row.queries_by_page_size[size] = other.queries
        except Exception as error:  # a page that fails is a result, not the end of the run
            row.error = f"in-process request failed: {error!r}"
            return
        row.queries = counted.queries
        row.unfiltered_counts = counted.unfiltered_counts
        if counted.status != 200:
            row.error = f"answered {counted.status} in-process"

    def under_load(self, server: Gunicorn, page: Page) -> Row:
        progress(f"under load: {page.label}")
        row = Row(key=page.key, label=page.label, kind=page.kind, path=page.path)
        if page.note:
            row.notes.append(page.note)
        if page.missing:
            row.error = page.missing
            return row
        self.count(row, page)
        headers = self.cookie_headers(page.user)
        answer = fetch(server.port, page.path, headers)
        if answer.status != 200:
            where = answer.headers.get("location", "")
            row.error = f"answered {answer.status}" + (f" → {where}" if where else "")
            return row
        row.load = measure(
            f"http://127.0.0.1:{server.port}{page.path}",
            headers=headers,
            seconds=self.arguments.duration,
            warmup=self.arguments.warmup,
            connections=self.arguments.concurrency,
            timeout=REQUEST_TIMEOUT,
            settle=lambda: server.drain(self.headers),
        )
        if row.load.requests == 0:
            row.error = f"no request completed within {self.arguments.duration} s"
        elif row.load.requests < FEW_REQUESTS:
            row.notes.append(f"only {row.load.requests} requests: the percentiles are rough")
        if row.load.failed:
            row.notes.append(
                f"{row.load.failed} of {row.load.requests} requests failed"
                + (
                    f" (first answer {row.load.first_bad_status})"
                    if row.load.first_bad_status
                    else ""
                )
            )
        return row

    def reports(self, server: Gunicorn, subjects: Subjects) -> list[Row]:
        """The partnership's annual report through the server, in HTML and XLSX, against the
        hand-written SQL that computes its figures (checked to be the same figures)."""
        partnership, year, reader = subjects.partnership, subjects.year, subjects.coordinator
        progress(f"report of {year}: the SQL floor")
        params = parameters(
            partnership_id=partnership.pk,
            year=year,
            on=reference_day(year),
            user_id=reader.pk,
        )
        timing, floor_rows = time_floor(params, repeat=self.arguments.repeat)
        report = build_report(partnership, year, user=reader, language="sv")
        mismatch = differences(figures_of(floor_rows), report_figures(report))
        floor = Row(
            key="report_sql",
            label="floor: annual report, hand-written SQL",
            kind=FLOOR,
            time_ms=timing.median_ms,
            notes=[f"median of {len(timing.runs_ms)} runs"],
        )
        if mismatch:
            floor.error = "its figures differ from the report's: " + "; ".join(mismatch)
        else:
            floor.notes.append("same figures as the report")
        if partnership.kind == partnership.Kind.NETWORK:
            floor.notes.append("leaves out the network's innovation figures")
        download = reverse("partnerships:report_download", args=[partnership.pk, year])
        pages = [
            Page(
                f"report_{file_format}",
                f"annual report {year}, {file_format.upper()}",
                REPORT,
                with_query(download, format=file_format, language="sv"),
                reader,
            )
            for file_format in ("html", "xlsx")
        ]
        return [floor, *(self.timed(server, page, floor) for page in pages)]

    def national_rollup(self, server: Gunicorn, subjects: Subjects) -> list[Row]:
        """The roll-up of every partnership, as the site administrator reads it, through the
        server in HTML and XLSX, against the hand-written SQL that computes its figures
        (checked to be the same figures)."""
        year, admin = subjects.year, subjects.admin
        progress(f"national roll-up of {year}: the SQL floor")
        params = rollup_floor.parameters(year=year, on=reference_day(year))
        timing, floor_rows = time_floor(
            params, repeat=self.arguments.repeat, statements=rollup_floor.FLOOR
        )
        mismatch = differences(
            rollup_floor.figures_of(floor_rows),
            rollup_floor.rollup_figures(build_rollup(admin, year)),
        )
        floor = Row(
            key="rollup_sql",
            label="floor: national roll-up, hand-written SQL",
            kind=FLOOR,
            time_ms=timing.median_ms,
            notes=[f"median of {len(timing.runs_ms)} runs"],
        )
        if mismatch:
            floor.error = "its figures differ from the roll-up's: " + "; ".join(
                mismatch[:MISMATCHES_SHOWN]
            )
            if len(mismatch) > MISMATCHES_SHOWN:
                floor.error += f"; and {len(mismatch) - MISMATCHES_SHOWN} more"
        else:
            floor.notes.append(
                f"same figures as the roll-up ({len(floor_rows['partnerships']):,} partnerships)"
            )
        path = reverse("rollup:year", args=[year])
        pages = [
            Page("rollup_html", f"national roll-up {year}, HTML", REPORT, path, admin),
            Page(
                "rollup_xlsx",
                f"national roll-up {year}, XLSX",
                REPORT,
                with_query(path, format="xlsx"),
                admin,
            ),
        ]
        return [floor, *(self.timed(server, page, floor) for page in pages)]

    def timed(self, server: Gunicorn, page: Page, floor: Row) -> Row:
        """A report through the server, one request at a time: the median of --repeat after
        one unmeasured request that warms the worker, beside its SQL floor."""
        progress(f"report: {page.label}")
        row = Row(key=page.key, label=page.label, kind=REPORT, path=page.path)
        self.count(row, page)
        headers = self.cookie_headers(page.user)
        answers = [fetch(server.port, page.path, headers)]  # unmeasured: warms the worker
        answers += [fetch(server.port, page.path, headers) for _ in range(self.arguments.repeat)]
        bad = [a.status for a in answers if a.status != 200]
        if bad:
            row.error = f"answered {bad[0]}"
        row.time_ms = statistics.median(a.seconds * 1000 for a in answers[1:])
        row.floor_ms = floor.time_ms
        row.size_bytes = len(answers[-1].body)
        row.notes.append(f"median of {self.arguments.repeat}, one request at a time")
        if floor.error:
            row.error = row.error or "the SQL floor does not compute the same figures"
        return row

    def export(self, server: Gunicorn, subjects: Subjects) -> Row:
        """The whole activity list as CSV, one request to a server of one worker: its time, and
        the worker's memory while it answered. A smaller export first (the filtered list's
        rows) loads the code the export runs, as on a warmed-up server."""
        path = reverse("activities:activity_export_csv", args=[subjects.partnership.pk])
        progress("export: the activity list as CSV")
        headers = self.cookie_headers(subjects.coordinator)
        fetch(server.port, with_query(path, kind=subjects.kind, year=subjects.year), headers)
        row = Row(
            key="export_csv", label="export of the activity list, CSV", kind=EXPORT, path=path
        )
        download = server.download(path, headers, expected_lines=subjects.activities)
        answer = download.answer
        if answer.status != 200:
            row.error = f"answered {answer.status}"
            return row
        text = answer.body.decode("utf-8-sig")
        row.time_ms = answer.seconds * 1000
        row.first_byte_ms = download.first_byte_seconds * 1000
        row.size_bytes = len(answer.body)
        row.rows_exported = len(list(csv.reader(io.StringIO(text), delimiter=";"))) - 1
        row.streamed = "content-length" not in answer.headers
        row.peak_growth_kib = download.peak_growth_kib
        row.tail_growth_kib = download.tail_growth_kib
        row.tail_bytes = download.tail_bytes
        self.count(row, Page(row.key, row.label, EXPORT, path, subjects.coordinator))
        return row

    # The record of the run

    def document(
        self, subjects: Subjects, rows: list[Row], targets: list[TargetResult], *, started
    ) -> dict:
        agreement = subjects.agreement
        return {
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": machine.now().isoformat(timespec="seconds"),
            "scale": self.arguments.scale,
            "parameters": {
                "duration_s": self.arguments.duration,
                "warmup_s": self.arguments.warmup,
                "workers": self.arguments.workers,
                "concurrency": self.arguments.concurrency,
                "repeat": self.arguments.repeat,
                "server": "gunicorn (sync workers), DEBUG off, behind-proxy headers",
                "database_conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
            },
            "machine": machine.describe(),
            "data": machine.data_size(),
            "subjects": {
                "partnership": {
                    "id": subjects.partnership.pk,
                    "name": subjects.partnership.name,
                    "activities": subjects.activities,
                },
                "reader": subjects.coordinator.username,
                "year": subjects.year,
                "kind": subjects.kind,
                "search_word": subjects.search_word,
                "agreement": str(agreement.uuid) if agreement else None,
                "agreement_signatures": agreement.n if agreement else None,
                "admin": subjects.admin.username,
            },
            "notes": self.notes,
            "rows": [row.as_dict() for row in rows],
            "targets": [target.as_dict() for target in targets],
        }


def with_page_size(path: str, size: int) -> str:
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{urlencode({'page_size': size})}"

"""Tables as CSV and XLSX files, safe to open in a spreadsheet.

A CSV export is streamed: `csv_response` sends the rows as they are read, so an export of a
hundred thousand activities holds only a batch of them in memory (the row generators read their
querysets with `.iterator(chunk_size=EXPORT_CHUNK)`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import StreamingHttpResponse
from openpyxl import Workbook

# Rows read from the database at a time by an export (and prefetched per chunk).
EXPORT_CHUNK = 2000
# Rows written to the response at a time.
LINES_PER_WRITE = 500

# A cell that begins with one of these is run as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Line:
    """A file-like object for csv.writer that hands back each line instead of keeping it."""

    def write(self, line: str) -> str:
        return line


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark, so that spreadsheets read å, ä and ö right; `;` between
    cells, as Swedish spreadsheets expect. Yields the file a batch of lines at a time."""
    writer = csv.writer(_Line(), delimiter=";")
    yield ("\ufeff" + writer.writerow([_cell(str(h)) for h in header])).encode("utf-8")
    batch: list[str] = []
    for row in rows:
        batch.append(writer.writerow([_cell(v) for v in row]))
        if len(batch) == LINES_PER_WRITE:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def csv_response(name: str, header: Sequence[str], rows: Iterable[Sequence[Any]]):
    """A streamed CSV download named `name`.csv."""
    response = StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def to_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return to_xlsx_sheets([(title, header, rows)])


def to_xlsx_sheets(sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]]) -> bytes:
    """A workbook with one sheet per (title, header, rows); numbers stay numbers."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([str(h) for h in header])
        for row in rows:
            sheet.append([_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

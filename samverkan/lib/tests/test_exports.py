"""CSV exports are streamed: lines leave as rows are read, a batch at a time."""

import csv
import io

import pytest
from django.urls import reverse

from samverkan.lib.exports import LINES_PER_WRITE, csv_lines, csv_response


def test_lines_leave_before_the_rows_are_all_read():
    read = 0

    def rows():
        nonlocal read
        for number in range(3 * LINES_PER_WRITE + 1):
            read += 1
            yield [number, f"rad {number}"]

    chunks = csv_lines(["Nummer", "Text"], rows())
    header = next(chunks)
    assert header == "\ufeffNummer;Text\r\n".encode()
    assert read == 0  # the header goes before any row is read
    first = next(chunks)
    assert read == LINES_PER_WRITE
    assert first.count(b"\r\n") == LINES_PER_WRITE
    rest = list(chunks)
    assert read == 3 * LINES_PER_WRITE + 1
    assert len(rest) == 3  # two full batches and the last row
    text = b"".join([header, first, *rest]).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[-1] == [str(3 * LINES_PER_WRITE), f"rad {3 * LINES_PER_WRITE}"]


def test_a_cell_a_spreadsheet_would_run_is_written_as_text():
    text = b"".join(csv_lines(["a"], [["=1+1"], ["@x"], ["ok"], [None]])).decode("utf-8-sig")
    assert text.splitlines() == ["a", "'=1+1", "'@x", "ok", '""']


def test_the_response_streams_and_names_the_file():
    response = csv_response("activities-1", ["a"], iter([["x"]]))
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="activities-1.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "activities:activity_export_csv",
        "agreements:agreement_export_csv",
        "activities:exchange_export_csv",
    ],
)
def test_the_lists_csv_exports_are_streamed(world, as_user, name):
    response = as_user(world.coordinator).get(reverse(name, args=[world.mou.pk]))
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content).startswith("\ufeff".encode())

"""The runner's parameters and what it writes: defaults for two cores, the result files."""

import json

import pytest

from bench.load import LoadResult
from bench.output import table, write
from bench.results import FLOOR, LIST, REPORT, Row
from bench.run import parse_arguments


def test_the_defaults_suit_two_cores_with_twice_as_many_connections_as_workers():
    arguments = parse_arguments([])
    assert (arguments.workers, arguments.concurrency) == (2, 4)
    assert parse_arguments(["--workers", "3"]).concurrency == 6
    assert parse_arguments(["--workers", "3", "--concurrency", "5"]).concurrency == 5


@pytest.mark.parametrize("argument", ["--duration", "--workers", "--repeat"])
def test_a_measurement_of_nothing_is_refused(argument, capsys):
    with pytest.raises(SystemExit):
        parse_arguments([argument, "0"])
    assert "must be at least 1" in capsys.readouterr().err


def test_the_table_sets_each_figure_beside_its_floor():
    trivial = LoadResult(1000, 1.0, 1.0, 2.0, 1000.0, 0, 0, 0, 0)
    page = LoadResult(100, 1.0, 20.0, 30.0, 100.0, 0, 0, 0, 0)
    rows = [
        Row("trivial", "floor: trivial view", FLOOR, load=trivial, queries=0),
        Row("activity_list", "activity list", LIST, load=page, queries=6),
        Row("report_html", "report", "report", time_ms=60.0, floor_ms=40.0),
        Row("rollup_html", "national roll-up", REPORT, time_ms=90.0, floor_ms=45.0),
    ]

    lines = table(rows).splitlines()

    [header] = [line for line in lines if line.startswith("measure")]
    assert {"÷trivial", "p95×triv", "floor", "×floor"} <= set(header.split())
    [listing] = [line for line in lines if line.startswith("activity list")]
    assert "0.100" in listing.split() and "15.0" in listing.split()
    [report] = [line for line in lines if line.startswith("report")]
    assert report.split()[-1] == "1.50"
    [rollup] = [line for line in lines if line.startswith("national roll-up")]
    assert rollup.split()[-1] == "2.00"


def test_a_run_is_written_under_its_time_and_scale_and_as_the_latest(tmp_path):
    document = {"started_at": "2026-05-12T10:11:12+00:00", "scale": "national", "rows": []}

    path = write(document, tmp_path)

    assert path.name == "20260512T101112-national.json"
    assert json.loads(path.read_text()) == json.loads((tmp_path / "latest.json").read_text())

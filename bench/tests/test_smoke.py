"""`make bench` in small: on a fresh database of its own, migrated and loaded with the generated
small data set, the benchmark runs
end to end (gunicorn, wrk, every measurement) and its table and JSON hold every row, each with
its figures. Durations are the shortest wrk allows; no timing is asserted.

On PostgreSQL (DATABASE_URL) the test creates a uniquely named database and drops it after;
otherwise a SQLite file of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
# Every row the table has, whatever the data: (key, what must be a number in it).
LOAD_FIGURES = ("p50_ms", "p95_ms", "rps")
EXPECTED = {
    "pk_lookup": "rate",
    "trivial": "load",
    "activity_list": "load",
    "activity_list_filtered": "load",
    "activity_list_last": "load",
    "activity_search": "load",
    "dashboard": "load",
    "agreement": "load",
    "compliance": "load",
    "api_activities": "load",
    "api_agreements": "load",
    "api_exchanges": "load",
    "api_partnerships": "load",
    "api_organisations": "load",
    "api_people": "load",
    "admin_changelist": "load",
    "admin_changelist_last": "load",
    "report_sql": "time_ms",
    "report_html": "time_ms",
    "report_xlsx": "time_ms",
    "rollup_sql": "time_ms",
    "rollup_html": "time_ms",
    "rollup_xlsx": "time_ms",
    "export_csv": "time_ms",
}


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of this test's own, dropped afterwards."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{tmp_path / 'bench.sqlite3'}"
        return
    name = f"samverkan_bench_smoke_{uuid.uuid4().hex[:12]}"
    server_url = configured.rsplit("/", 1)[0]
    server = f"{server_url}/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _manage(env: dict, *arguments: str) -> None:
    subprocess.run(  # noqa: S603 - our own interpreter and commands
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )


def test_the_benchmark_prints_and_writes_every_row_with_its_figures(fresh_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": fresh_database}
    _manage(env, "migrate", "--verbosity", "0")
    _manage(env, "generate_dataset", "--scale", "small", "--seed", "1")
    results = tmp_path / "results"

    finished = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench", "--scale", "small", "--duration", "1", "--warmup", "0"]
        + ["--repeat", "1", "--results-dir", str(results)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert finished.returncode == 0, finished.stderr[-3000:]
    document = json.loads((results / "latest.json").read_text())
    rows = {row["key"]: row for row in document["rows"]}
    assert set(rows) == set(EXPECTED)
    for key, figure in EXPECTED.items():
        row = rows[key]
        assert not row["failed"], (key, row["error"], row["notes"])
        assert row["label"] in finished.stdout
        if figure == "load":
            assert all(row["load"][name] > 0 for name in LOAD_FIGURES), row
            assert isinstance(row["queries"], int), row
        else:
            assert row[figure] > 0, row
    assert rows["report_html"]["floor_ms"] > 0
    assert rows["rollup_html"]["floor_ms"] == rows["rollup_sql"]["time_ms"] > 0
    assert "same figures as the roll-up" in " ".join(rows["rollup_sql"]["notes"])
    assert rows["export_csv"]["rows_exported"] == document["subjects"]["partnership"]["activities"]
    targets = finished.stdout.split("Targets (issue 8):", 1)[1]
    assert all(f"{t['verdict']} " in targets and t["name"] in targets for t in document["targets"])
    assert len(list(results.glob("*-small.json"))) == 1

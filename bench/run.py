"""`python -m bench`: the benchmark of issue 8 against the database in DATABASE_URL.

It starts gunicorn with production settings (bench/settings.py) on 127.0.0.1, chooses what to
measure by queries (bench/subjects.py), measures the floors, the pages under load (wrk), the
reports and the export, counts each page's queries in-process, prints one table with each
figure beside its floor and the issue's targets, and writes the same as JSON to
`bench/results/<timestamp>-<scale>.json` and `bench/results/latest.json`.

Exit status: 0 when the run completed (whatever the targets say; `--strict` makes a failed
target exit 1), 2 when it could not run (no data to measure, the server did not start).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
# gunicorn's log of the last run, kept for reading when a page failed.
SERVER_LOG = ROOT / "var" / "bench" / "gunicorn.log"
# What the load generator sends as the TLS-terminating proxy of docs/operations.md does.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
# The shared cache production runs with (CACHE_URL): a database of the local Redis of its own.
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/15"


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Samverkan's benchmark (issue 8)."
    )
    parser.add_argument(
        "--scale", default="local", help="name of the loaded data set, for the result file"
    )
    parser.add_argument(
        "--duration", type=int, default=10, help="seconds of load per page (whole seconds)"
    )
    parser.add_argument("--warmup", type=int, default=3, help="seconds of warm-up per page")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--concurrency", type=int, default=None, help="connections in flight (2 × workers)"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed runs of each report and its SQL floor"
    )
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a target fails or is not judged"
    )
    arguments = parser.parse_args(argv)
    if arguments.concurrency is None:
        arguments.concurrency = 2 * arguments.workers
    for name in ("duration", "workers", "concurrency", "repeat"):
        if getattr(arguments, name) < 1:
            parser.error(f"--{name} must be at least 1")
    if arguments.warmup < 0:
        parser.error("--warmup cannot be negative")
    return arguments


def configure_environment(static_root: Path) -> None:
    """Production settings in this process and, inherited, in the server's: DEBUG off, a
    random key (the same in both: sessions made here are checked there), the loopback host,
    behind a proxy; the bench's settings module."""
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "BEHIND_PROXY": "1",
            "SAMVERKAN_BENCH_STATIC_ROOT": str(static_root),
        }
    )
    # `make test` sets it; it would swap the static files' storage for the tests' own.
    os.environ.pop("SAMVERKAN_TESTING", None)
    cache = shared_cache(os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL))
    if cache:
        os.environ["CACHE_URL"] = cache
    else:
        os.environ.pop("CACHE_URL", None)


def shared_cache(url: str) -> str:
    """`url` if a Redis answers there, as production's shared cache (docs/operations.md);
    "" if none does: the run goes on without one, and says so."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except (redis.RedisError, ValueError):
        return ""
    return url


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    static_root = Path(tempfile.mkdtemp(prefix="samverkan-bench-static-"))
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    SERVER_LOG.write_text("")
    try:
        configure_environment(static_root)
        django.setup()
        from .runner import Runner, RunnerError  # needs the apps set up

        try:
            outcome = Runner(arguments, log=SERVER_LOG, headers=PROXY_HEADERS).run()
        except RunnerError as error:
            print(f"bench: {error}", file=sys.stderr)
            return 2
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
    if arguments.strict and not all(t.passed for t in outcome.targets):
        return 1
    return 0

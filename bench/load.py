"""Load on one URL with wrk: p50, p95 and requests per second, and every answer that failed.

wrk (Debian's package `wrk`) keeps `connections` requests in flight on loopback for a number of
seconds; `wrk_report.lua` prints its figures as one line of JSON, which `parse_wrk_output`
reads. Each measurement is preceded by a warm-up run on the same URL whose figures are thrown
away, so that every worker has loaded the code and the database its caches.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

SCRIPT = Path(__file__).with_name("wrk_report.lua")
MARKER = "BENCH_RESULT "


class LoadError(RuntimeError):
    """wrk is missing, failed, or printed no result."""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    rps: float
    non_2xx: int
    first_bad_status: int
    socket_errors: int
    timeouts: int

    @property
    def failed(self) -> int:
        """Requests that did not get a 2xx answer in time."""
        return self.non_2xx + self.socket_errors + self.timeouts

    def as_dict(self) -> dict:
        return asdict(self)


def parse_wrk_output(output: str) -> LoadResult:
    """The figures of the script's result line in wrk's output (times in ms)."""
    line = next((ln for ln in output.splitlines() if ln.startswith(MARKER)), None)
    if line is None:
        raise LoadError(f"wrk printed no result line:\n{output}")
    raw = json.loads(line[len(MARKER) :])
    seconds = raw["duration_us"] / 1_000_000
    return LoadResult(
        requests=raw["requests"],
        seconds=seconds,
        p50_ms=raw["p50_us"] / 1000,
        p95_ms=raw["p95_us"] / 1000,
        rps=raw["requests"] / seconds if seconds > 0 else 0.0,
        non_2xx=raw["non_2xx"],
        first_bad_status=raw["first_bad_status"],
        socket_errors=raw["socket_errors"],
        timeouts=raw["timeouts"],
    )


def wrk_path() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise LoadError("wrk is not installed: `apt-get install -y wrk` (make bench-tools).")
    return path


def run_wrk(
    url: str, *, headers: Mapping[str, str], seconds: int, connections: int, timeout: int
) -> LoadResult:
    """One wrk run of `seconds` (wrk counts whole seconds) with `connections` in flight."""
    command = [
        wrk_path(),
        "--threads",
        "1",  # one event loop keeps a handful of connections busy; the cores go to the server
        "--connections",
        str(connections),
        "--duration",
        f"{seconds}s",
        "--timeout",
        f"{timeout}s",
        "--latency",
        "--script",
        str(SCRIPT),
    ]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    command.append(url)
    finished = subprocess.run(  # noqa: S603 - a fixed program with arguments of our own
        command, capture_output=True, text=True, timeout=seconds + timeout + 30, check=False
    )
    if finished.returncode != 0:
        raise LoadError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()}")
    return parse_wrk_output(finished.stdout)


def measure(
    url: str,
    *,
    headers: Mapping[str, str],
    seconds: int,
    warmup: int,
    connections: int,
    timeout: int,
    settle: Callable[[], None],
) -> LoadResult:
    """Warm up, then measure: the figures of the second run only. `settle` is called after
    each run and returns once the server has finished what wrk left in flight."""
    if warmup > 0:
        run_wrk(url, headers=headers, seconds=warmup, connections=connections, timeout=timeout)
        settle()
    result = run_wrk(
        url, headers=headers, seconds=seconds, connections=connections, timeout=timeout
    )
    settle()
    return result

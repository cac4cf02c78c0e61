"""The server under measurement: gunicorn on 127.0.0.1, as docs/operations.md runs it, and
plain HTTP requests to it that the runner times one by one.

The memory of a serving process is read from Linux's /proc: writing 5 to a process's
`clear_refs` resets its peak resident size (VmHWM) to the current one, so the peak after one
request is that request's; read while the answer streams in, it shows whether memory keeps
growing with the rows sent.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOWNLOAD_BLOCK = 64 * 1024


class ServerError(RuntimeError):
    """gunicorn did not start, or stopped."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: dict[str, str]
    seconds: float


@dataclass(frozen=True)
class Download:
    """A download and the serving worker's memory while it ran (KiB)."""

    answer: Answer
    first_byte_seconds: float
    peak_growth_kib: int | None  # the peak over the whole answer, above the size before
    tail_growth_kib: int | None  # how much the peak rose from a quarter of the lines to the end
    tail_bytes: int  # the bytes sent in that time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, headers: Mapping[str, str], *, timeout: float = 600) -> Answer:
    """One GET, read to the end; `seconds` from sending to the last byte."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        connection.request("GET", path, headers=dict(headers))
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    return Answer(
        status=response.status,
        body=body,
        headers={k.lower(): v for k, v in response.getheaders()},
        seconds=time.perf_counter() - started,
    )


def _kib(status_text: str, field: str) -> int | None:
    for line in status_text.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return None


class Gunicorn:
    """gunicorn serving `samverkan.wsgi` with the environment given (bench.settings in it)."""

    def __init__(
        self, *, port: int, workers: int, timeout: int, env: Mapping[str, str], log: Path
    ) -> None:
        self.port = port
        self.workers = workers
        self.timeout = timeout
        self.env = dict(env)
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self, ready_headers: Mapping[str, str], *, wait: float = 60) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "samverkan.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--timeout",
            str(self.timeout),
            # Its control socket has one path per user: two servers at once would share it.
            "--no-control-socket",
        ]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"gunicorn exited:\n{self.log_tail()}")
            try:
                answered = fetch(self.port, "/bench/trivial", ready_headers, timeout=5).status
            except OSError:
                answered = None
            if answered == 200 and len(self.worker_pids()) == self.workers:
                return
            time.sleep(0.2)
        self.stop()
        raise ServerError(f"gunicorn did not answer within {wait:.0f} s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def worker_pids(self) -> list[int]:
        """The worker processes (the master's children)."""
        if self.process is None:
            return []
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def drain(self, headers: Mapping[str, str], *, wait: float = 600) -> None:
        """Return once every worker has answered a request sent now: a sync worker answers one
        request at a time, in the order they came, so by then it has finished every request
        sent before (those a load generator left in flight when it stopped)."""
        waiting = set(self.worker_pids())
        deadline = time.monotonic() + wait
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            while waiting and time.monotonic() < deadline:
                answers = pool.map(
                    lambda _: fetch(self.port, "/bench/trivial", headers, timeout=wait),
                    range(self.workers),
                )
                waiting -= {int(answer.body) for answer in answers if answer.status == 200}
        if waiting:
            raise ServerError(f"Workers {sorted(waiting)} still busy after {wait:.0f} s.")

    def worker_peak_kib(self) -> int | None:
        """The peak resident size of the one worker, in KiB (None where it cannot be read)."""
        [pid] = self.worker_pids()
        try:
            return _kib(Path(f"/proc/{pid}/status").read_text(), "VmHWM")
        except OSError:
            return None

    def download(self, path: str, headers: Mapping[str, str], *, expected_lines: int) -> Download:
        """One GET read in blocks as it arrives, with the one worker's peak memory: reset
        before, read when a quarter of the expected lines has arrived, and read at the end."""
        if self.workers != 1:
            raise ServerError("Memory is measured on a server of one worker.")
        [pid] = self.worker_pids()
        readable = can_read_peak_memory()
        if readable:
            Path(f"/proc/{pid}/clear_refs").write_text("5")  # peak := current size
        start = self.worker_peak_kib() if readable else None
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        started = time.perf_counter()
        blocks: list[bytes] = []
        first_byte = quarter_bytes = 0.0
        quarter_peak = None
        lines = 0
        try:
            connection.request("GET", path, headers=dict(headers))
            response = connection.getresponse()
            while block := response.read1(DOWNLOAD_BLOCK):
                if not blocks:
                    first_byte = time.perf_counter() - started
                blocks.append(block)
                lines += block.count(b"\n")
                if readable and quarter_peak is None and lines * 4 >= expected_lines:
                    quarter_peak, quarter_bytes = self.worker_peak_kib(), sum(map(len, blocks))
        finally:
            connection.close()
        seconds = time.perf_counter() - started
        body = b"".join(blocks)
        end = self.worker_peak_kib() if readable else None
        return Download(
            answer=Answer(
                status=response.status,
                body=body,
                headers={k.lower(): v for k, v in response.getheaders()},
                seconds=seconds,
            ),
            first_byte_seconds=first_byte,
            peak_growth_kib=None if start is None or end is None else end - start,
            tail_growth_kib=None if quarter_peak is None or end is None else end - quarter_peak,
            tail_bytes=len(body) - int(quarter_bytes),
        )


def can_read_peak_memory() -> bool:
    """Whether this system lets the runner reset and read processes' peak memory (Linux)."""
    return os.path.exists(f"/proc/{os.getpid()}/clear_refs")

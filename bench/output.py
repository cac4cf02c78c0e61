"""The run as people read it (one table, then the targets) and as JSON in bench/results/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .results import Row, TargetResult

LATEST = "latest.json"


def _number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _trivial(rows: list[Row]) -> Row | None:
    trivial = next((row for row in rows if row.key == "trivial"), None)
    return trivial if trivial is not None and trivial.load and not trivial.failed else None


def _queries(row: Row) -> str:
    if row.queries is None:
        return ""
    others = sorted(set(row.queries_by_page_size.values()) - {row.queries})
    return "/".join(str(q) for q in [row.queries, *others])


def _notes(row: Row) -> str:
    notes = []
    if row.error:
        notes.append(f"FAILED: {row.error}")
    for table, count in row.unfiltered_counts:
        notes.append(f"unfiltered COUNT(*) over {table} ({count:,} rows)")
    if row.rows_exported is not None:
        notes.append(
            f"{row.rows_exported:,} rows, {row.size_bytes / 2**20:.2f} MiB, "
            f"{'streamed' if row.streamed else 'not streamed'}"
        )
    if row.first_byte_ms is not None:
        notes.append(f"first byte after {row.first_byte_ms:,.0f} ms")
    if row.peak_growth_kib is not None:
        notes.append(f"peak memory +{row.peak_growth_kib / 1024:.1f} MiB")
    return "; ".join(notes + row.notes)


def columns(rows: list[Row]) -> list[tuple[str, Callable[[Row], str]]]:
    trivial = _trivial(rows)

    def share(row: Row) -> str:
        if row.load is None or trivial is None:
            return ""
        return f"{row.load.rps / trivial.load.rps:.3f}"

    def p95_factor(row: Row) -> str:
        if row.load is None or trivial is None or not trivial.load.p95_ms:
            return ""
        return f"{row.load.p95_ms / trivial.load.p95_ms:.1f}"

    def rate(row: Row) -> str:
        if row.load is not None:
            return _number(row.load.rps)
        return _number(row.rate, 0)

    def ratio(row: Row) -> str:
        if row.time_ms is None or not row.floor_ms:
            return ""
        return f"{row.time_ms / row.floor_ms:.2f}"

    return [
        ("measure", lambda row: row.label),
        ("p50 ms", lambda row: _number(row.load.p50_ms if row.load else None)),
        ("p95 ms", lambda row: _number(row.load.p95_ms if row.load else None)),
        ("req/s", rate),
        ("÷trivial", share),
        ("p95×triv", p95_factor),
        ("queries", _queries),
        ("time ms", lambda row: _number(row.time_ms)),
        ("floor ms", lambda row: _number(row.floor_ms)),
        ("×floor", ratio),
        ("notes", _notes),
    ]


def table(rows: list[Row]) -> str:
    specification = columns(rows)
    cells = [[header for header, _cell in specification]]
    cells += [[cell(row) for _header, cell in specification] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(specification) - 1)]
    lines = []
    for number, line in enumerate(cells):
        first, *figures, notes = line
        text = [first.ljust(widths[0])]
        text += [value.rjust(width) for value, width in zip(figures, widths[1:], strict=True)]
        lines.append("  ".join([*text, notes]).rstrip())
        if number == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def render(document: dict, rows: list[Row], targets: list[TargetResult]) -> str:
    machine, parameters, data = document["machine"], document["parameters"], document["data"]
    subjects = document["subjects"]
    head = [
        f"Samverkan benchmark, {document['started_at']}, scale {document['scale']!r}",
        f"machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB; "
        f"{machine['database']}; Python {machine['python']}, Django {machine['django']}",
        "data: " + ", ".join(f"{count:,} {name}" for name, count in data.items()),
        f"load: gunicorn with {parameters['workers']} workers, {parameters['concurrency']} "
        f"connections, {parameters['duration_s']} s per page after {parameters['warmup_s']} s "
        "of warm-up (wrk)",
        f"subjects: partnership {subjects['partnership']['id']} "
        f"({subjects['partnership']['activities']:,} activities), as {subjects['reader']!r}; "
        f"year {subjects['year']}; admin baseline as {subjects['admin']!r}",
        *document["notes"],
        "",
        table(rows),
        "",
        "Targets (issue 8):",
    ]
    for target in targets:
        head.append(f"  {target.verdict:<10} {target.name}: {target.detail}")
    return "\n".join(head)


def write(document: dict, directory: Path) -> Path:
    """The run's JSON as `<timestamp>-<scale>.json` and as `latest.json`; the first's path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = document["started_at"].replace(":", "").replace("-", "")[:15]
    scale = "".join(c if c.isalnum() or c in "-_" else "_" for c in document["scale"])
    text = json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"
    path = directory / f"{stamp}-{scale}.json"
    path.write_text(text)
    (directory / LATEST).write_text(text)
    return path

"""The targets of issue 8, as ratios between figures of one run; each passes or fails.

A target over rows that failed (non-2xx answers, no figures) fails: nothing unmeasured passes.
The one target that small data cannot decide (the export's memory) says so: `passed` is None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .results import DETAIL, LIST, UNDER_LOAD, Row
from .results import TargetResult as Target

LIST_MIN_SHARE = 0.08  # of the trivial view's requests per second
DETAIL_MIN_SHARE = 0.10
LAST_PAGE_MAX_SLOWDOWN = 2.0  # the last page's p50 against the first's
ADMIN_MIN_FACTOR = 20.0  # the list's requests per second against the default changelist's
MAX_QUERIES = 8
P95_MAX_FACTOR = 15.0  # against the trivial view's p95
REPORT_MAX_FACTOR = 1.5  # end-to-end against the hand-written SQL
ROLLUP_MAX_FACTOR = 2.0
# The export's memory is judged over the last three quarters of its rows (see export_memory);
# below this many bytes sent in that time, growth cannot be told from noise.
EXPORT_JUDGED_FROM_BYTES = 4 * 1024 * 1024
EXPORT_MAX_MEMORY_SHARE = 0.5  # of the bytes sent in that time

# The pairs (a page, its counterpart in the default admin) the admin target compares.
ADMIN_PAIRS = (
    ("activity_list", "admin_changelist"),
    ("activity_list_last", "admin_changelist_last"),
)


def _verdict(name: str, checks: Iterable[tuple[bool, str]], *, empty: str) -> Target:
    """Passes when every check passes; the detail names the failing checks, else all."""
    checks = list(checks)
    if not checks:
        return Target(name, False, empty)
    failing = [text for ok, text in checks if not ok]
    return Target(name, not failing, "; ".join(failing or [text for _ok, text in checks]))


def _unusable(row: Row | None) -> str:
    if row is None:
        return "not measured"
    if row.failed:
        return row.error or f"{row.load.failed} failed requests"
    return ""


def _share_target(rows: dict[str, Row], kind: str, minimum: float, name: str) -> Target:
    trivial = rows.get("trivial")
    problem = _unusable(trivial)
    if problem:
        return Target(name, False, f"trivial view: {problem}")
    checks = []
    for row in rows.values():
        if row.kind != kind:
            continue
        problem = _unusable(row)
        if problem:
            checks.append((False, f"{row.label}: {problem}"))
            continue
        share = row.load.rps / trivial.load.rps
        checks.append((share >= minimum, f"{row.label} {share:.3f}×"))
    return _verdict(name, checks, empty=f"no {kind} row measured")


def list_pages_share(rows: dict[str, Row]) -> Target:
    return _share_target(
        rows, LIST, LIST_MIN_SHARE, f"list pages ≥ {LIST_MIN_SHARE} × trivial req/s"
    )


def detail_pages_share(rows: dict[str, Row]) -> Target:
    return _share_target(
        rows, DETAIL, DETAIL_MIN_SHARE, f"detail pages ≥ {DETAIL_MIN_SHARE} × trivial req/s"
    )


def last_page(rows: dict[str, Row]) -> Target:
    name = f"last page p50 ≤ {LAST_PAGE_MAX_SLOWDOWN} × first page p50"
    first, last = rows.get("activity_list"), rows.get("activity_list_last")
    problem = _unusable(first) or _unusable(last)
    if problem:
        return Target(name, False, problem)
    factor = last.load.p50_ms / first.load.p50_ms
    return Target(name, factor <= LAST_PAGE_MAX_SLOWDOWN, f"last page {factor:.2f}× the first")


def against_admin(rows: dict[str, Row]) -> Target:
    name = f"list ≥ {ADMIN_MIN_FACTOR:g} × default admin changelist req/s"
    checks = []
    for ours, theirs in ADMIN_PAIRS:
        page, admin = rows.get(ours), rows.get(theirs)
        problem = _unusable(page) or _unusable(admin)
        if problem:
            checks.append((False, f"{ours}: {problem}"))
            continue
        factor = page.load.rps / admin.load.rps
        checks.append((factor >= ADMIN_MIN_FACTOR, f"{page.label} {factor:.1f}×"))
    return _verdict(name, checks, empty="no admin baseline measured")


def queries_per_page(rows: dict[str, Row]) -> Target:
    name = f"≤ {MAX_QUERIES} queries per page, whatever the page size"
    checks = []
    for row in rows.values():
        if row.kind not in UNDER_LOAD:
            continue
        if row.queries is None:
            checks.append((False, f"{row.label}: not counted"))
            continue
        counts = {row.queries, *row.queries_by_page_size.values()}
        text = f"{row.label} {'/'.join(str(c) for c in sorted(counts))}"
        checks.append((max(counts) <= MAX_QUERIES and len(counts) == 1, text))
    return _verdict(name, checks, empty="no page counted")


def no_unfiltered_count(rows: dict[str, Row]) -> Target:
    name = "no unfiltered COUNT(*) over a table of > 100,000 rows on any page"
    checks = []
    for row in rows.values():
        if row.kind not in UNDER_LOAD:
            continue
        if row.queries is None:
            checks.append((False, f"{row.label}: not counted"))
        for table, count in row.unfiltered_counts:
            checks.append((False, f"{row.label}: COUNT(*) over {table} ({count:,} rows)"))
    return Target(
        name,
        all(ok for ok, _text in checks),
        "; ".join(text for _ok, text in checks) or "none found",
    )


def p95_against_trivial(rows: dict[str, Row]) -> Target:
    name = f"p95 of every page ≤ {P95_MAX_FACTOR:g} × trivial p95"
    trivial = rows.get("trivial")
    problem = _unusable(trivial)
    if problem:
        return Target(name, False, f"trivial view: {problem}")
    checks = []
    for row in rows.values():
        if row.kind not in UNDER_LOAD:
            continue
        problem = _unusable(row)
        if problem:
            checks.append((False, f"{row.label}: {problem}"))
            continue
        factor = row.load.p95_ms / trivial.load.p95_ms
        checks.append((factor <= P95_MAX_FACTOR, f"{row.label} {factor:.1f}×"))
    return _verdict(name, checks, empty="no page measured")


def _report_target(rows: dict[str, Row], keys: tuple[str, ...], factor: float, name: str):
    checks = []
    for key in keys:
        row = rows.get(key)
        problem = _unusable(row)
        if problem or row.time_ms is None or not row.floor_ms:
            checks.append((False, f"{key}: {problem or 'no time or floor'}"))
            continue
        ratio = row.time_ms / row.floor_ms
        checks.append((ratio <= factor, f"{row.label} {ratio:.2f}× the SQL floor"))
    return _verdict(name, checks, empty="no report measured")


def partnership_report(rows: dict[str, Row]) -> Target:
    return _report_target(
        rows,
        ("report_html", "report_xlsx"),
        REPORT_MAX_FACTOR,
        f"partnership report ≤ {REPORT_MAX_FACTOR:g} × SQL floor",
    )


def national_rollup(rows: dict[str, Row]) -> Target:
    return _report_target(
        rows,
        ("rollup_html", "rollup_xlsx"),
        ROLLUP_MAX_FACTOR,
        f"national roll-up ≤ {ROLLUP_MAX_FACTOR:g} × SQL floor",
    )


def export_memory(rows: dict[str, Row]) -> Target:
    """Streamed: sent as it is read, with no length announced. Constant memory: while the
    last three quarters of the rows were sent, the worker's peak grew by less than half of what
    it sent then (an export held in memory grows by all of it and by the rows it came from)."""
    name = "CSV export streamed in constant memory"
    row = rows.get("export_csv")
    problem = _unusable(row)
    if problem:
        return Target(name, False, problem)
    if not row.streamed:
        return Target(name, False, "not streamed: the whole file is made before it is sent")
    if row.tail_growth_kib is None:
        return Target(name, False, "the serving process's memory cannot be read here")
    growth, sent = row.tail_growth_kib * 1024, row.tail_bytes
    text = (
        f"peak +{growth / 2**20:.1f} MiB while the last {sent / 2**20:.1f} MiB "
        f"of {row.rows_exported:,} rows were sent"
    )
    if sent < EXPORT_JUDGED_FROM_BYTES:
        return Target(
            name,
            None,
            f"{text}; below {EXPORT_JUDGED_FROM_BYTES // 2**20} MiB growth cannot be told "
            "from noise",
        )
    return Target(name, growth < EXPORT_MAX_MEMORY_SHARE * sent, text)


TARGETS: tuple[Callable[[dict[str, Row]], Target], ...] = (
    list_pages_share,
    last_page,
    against_admin,
    queries_per_page,
    no_unfiltered_count,
    detail_pages_share,
    p95_against_trivial,
    partnership_report,
    national_rollup,
    export_memory,
)


def evaluate(rows: Iterable[Row]) -> list[Target]:
    by_key = {row.key: row for row in rows}
    return [target(by_key) for target in TARGETS]

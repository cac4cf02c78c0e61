"""What a run measured: one `Row` per line of the table, in the order they were measured."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .load import LoadResult

# The kinds of row, which the targets select by.
FLOOR = "floor"
LIST = "list"  # a list page or a list endpoint of the API
DETAIL = "detail"  # a detail page, the dashboard, the compliance panel
BASELINE = "baseline"  # the default Django admin
REPORT = "report"
EXPORT = "export"
UNDER_LOAD = (LIST, DETAIL)


@dataclass
class Row:
    key: str
    label: str
    kind: str
    path: str = ""
    load: LoadResult | None = None
    queries: int | None = None
    # Lists of the API: queries at other page sizes, {page size: queries}.
    queries_by_page_size: dict[int, int] = field(default_factory=dict)
    # Unfiltered COUNT(*) over a table of more than 100,000 rows: [table, rows].
    unfiltered_counts: list[tuple[str, int]] = field(default_factory=list)
    # Reports and the export: end-to-end time through the server (median), its floor.
    time_ms: float | None = None
    floor_ms: float | None = None
    # The primary-key lookup: lookups per second.
    rate: float | None = None
    # The export: its size, the serving worker's memory (KiB) over the whole answer and from a
    # quarter of its rows to the end, with the bytes sent in that time, and how it was sent.
    size_bytes: int | None = None
    rows_exported: int | None = None
    peak_growth_kib: int | None = None
    tail_growth_kib: int | None = None
    tail_bytes: int | None = None
    first_byte_ms: float | None = None
    streamed: bool | None = None
    notes: list[str] = field(default_factory=list)
    # Why the row has no figures or its figures do not count (non-2xx answers, an exception).
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error) or (self.load is not None and self.load.failed > 0)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["failed"] = self.failed
        return data


@dataclass
class TargetResult:
    name: str
    passed: bool | None  # None: the data are too small to tell
    detail: str

    @property
    def verdict(self) -> str:
        return {True: "pass", False: "FAIL", None: "not judged"}[self.passed]

    def as_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}

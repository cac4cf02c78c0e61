"""The issue's targets computed from a run's rows: ratios against the floors measured in the
same run, and nothing unmeasured or failed ever passing."""

from bench.load import LoadResult
from bench.results import BASELINE, DETAIL, EXPORT, FLOOR, LIST, REPORT, Row
from bench.targets import evaluate


def load(rps: float, p50: float = 10.0, p95: float = 20.0, non_2xx: int = 0) -> LoadResult:
    return LoadResult(
        requests=int(rps * 10),
        seconds=10.0,
        p50_ms=p50,
        p95_ms=p95,
        rps=rps,
        non_2xx=non_2xx,
        first_bad_status=302 if non_2xx else 0,
        socket_errors=0,
        timeouts=0,
    )


def good_run() -> list[Row]:
    """A run meeting every target: trivial 1000 req/s at p95 2 ms."""
    return [
        Row("trivial", "floor: trivial view", FLOOR, load=load(1000, 1, 2), queries=0),
        Row("pk_lookup", "floor: primary-key lookup", FLOOR, rate=20000.0),
        Row("activity_list", "list", LIST, load=load(100, 20, 25), queries=6),
        Row("activity_list_last", "last", LIST, load=load(90, 30, 28), queries=6),
        Row(
            "api_activities",
            "API",
            LIST,
            load=load(120, 15, 20),
            queries=5,
            queries_by_page_size={1: 5, 200: 5},
        ),
        Row("dashboard", "dashboard", DETAIL, load=load(150, 10, 29), queries=8),
        Row("admin_changelist", "admin", BASELINE, load=load(4, 400, 900), queries=5),
        Row("admin_changelist_last", "admin last", BASELINE, load=load(3, 600, 900), queries=5),
        Row("report_sql", "floor: report SQL", FLOOR, time_ms=40.0),
        Row("report_html", "report HTML", REPORT, time_ms=55.0, floor_ms=40.0, queries=20),
        Row("report_xlsx", "report XLSX", REPORT, time_ms=59.0, floor_ms=40.0, queries=20),
        Row("rollup_sql", "floor: roll-up SQL", FLOOR, time_ms=40.0),
        Row("rollup_html", "roll-up HTML", REPORT, time_ms=70.0, floor_ms=40.0, queries=8),
        Row("rollup_xlsx", "roll-up XLSX", REPORT, time_ms=75.0, floor_ms=40.0, queries=8),
        Row(
            "export_csv",
            "export",
            EXPORT,
            time_ms=900.0,
            size_bytes=20 * 2**20,
            rows_exported=100_000,
            peak_growth_kib=12 * 1024,
            tail_growth_kib=256,
            tail_bytes=15 * 2**20,
            streamed=True,
        ),
    ]


def verdicts(rows: list[Row]) -> dict[str, bool | None]:
    return {target.name: target.passed for target in evaluate(rows)}


def failing(rows: list[Row]) -> dict[str, str]:
    return {t.name: t.detail for t in evaluate(rows) if t.passed is not True}


def replace(rows: list[Row], key: str, **changes) -> list[Row]:
    for row in rows:
        if row.key == key:
            for name, value in changes.items():
                setattr(row, name, value)
    return rows


def test_a_run_that_meets_every_ratio_passes_every_target():
    assert failing(good_run()) == {}


def test_a_list_below_eight_hundredths_of_the_trivial_view_fails_and_is_named():
    rows = replace(good_run(), "activity_list_last", load=load(79, 30, 28))

    [(name, detail)] = failing(rows).items()
    assert name.startswith("list pages ≥ 0.08")
    assert detail == "last 0.079×"


def test_the_last_page_may_be_at_most_twice_as_slow_as_the_first():
    rows = replace(good_run(), "activity_list_last", load=load(90, 41, 28))

    assert verdicts(rows)["last page p50 ≤ 2.0 × first page p50"] is False


def test_the_list_must_serve_twenty_times_the_default_admin_changelist():
    rows = replace(good_run(), "admin_changelist", load=load(5.1, 400, 900))

    detail = failing(rows)["list ≥ 20 × default admin changelist req/s"]
    assert detail == "list 19.6×"


def test_nine_queries_or_a_count_that_changes_with_the_page_size_fails():
    too_many = replace(good_run(), "dashboard", queries=9)
    assert failing(too_many) == {
        "≤ 8 queries per page, whatever the page size": "dashboard 9",
    }
    grows = replace(good_run(), "api_activities", queries_by_page_size={1: 5, 200: 7})
    assert failing(grows) == {"≤ 8 queries per page, whatever the page size": "API 5/7"}


def test_an_unfiltered_count_over_a_large_table_fails_on_a_page_but_not_on_the_baseline():
    on_baseline = replace(
        good_run(), "admin_changelist", unfiltered_counts=[("activities_activity", 1_000_000)]
    )
    assert failing(on_baseline) == {}
    on_page = replace(
        good_run(), "activity_list", unfiltered_counts=[("activities_activity", 1_000_000)]
    )
    assert failing(on_page) == {
        "no unfiltered COUNT(*) over a table of > 100,000 rows on any page": (
            "list: COUNT(*) over activities_activity (1,000,000 rows)"
        )
    }


def test_detail_pages_need_a_tenth_of_the_trivial_view():
    rows = replace(good_run(), "dashboard", load=load(99, 10, 29))

    assert verdicts(rows)["detail pages ≥ 0.1 × trivial req/s"] is False


def test_every_page_p95_is_held_to_fifteen_times_the_trivial_p95():
    rows = replace(good_run(), "activity_list", load=load(100, 20, 31))

    assert failing(rows) == {"p95 of every page ≤ 15 × trivial p95": "list 15.5×"}


def test_a_report_slower_than_one_and_a_half_times_its_sql_floor_fails():
    rows = replace(good_run(), "report_xlsx", time_ms=61.0)

    assert failing(rows) == {
        "partnership report ≤ 1.5 × SQL floor": "report XLSX 1.52× the SQL floor"
    }


def test_the_national_roll_up_may_take_twice_its_sql_floor_in_either_format():
    rows = replace(good_run(), "rollup_xlsx", time_ms=81.0)

    assert failing(rows) == {"national roll-up ≤ 2 × SQL floor": "roll-up XLSX 2.02× the SQL floor"}


def test_a_roll_up_not_measured_or_whose_floor_counts_otherwise_fails_its_target():
    missing = [row for row in good_run() if row.key != "rollup_html"]
    assert failing(missing) == {"national roll-up ≤ 2 × SQL floor": "rollup_html: not measured"}
    mismatched = replace(
        good_run(), "rollup_html", error="the SQL floor does not compute the same figures"
    )
    assert failing(mismatched) == {
        "national roll-up ≤ 2 × SQL floor": (
            "rollup_html: the SQL floor does not compute the same figures"
        )
    }


def test_a_page_with_failed_requests_fails_every_target_it_enters():
    rows = replace(good_run(), "activity_list", load=load(5000, 1, 1, non_2xx=7))

    failed = failing(rows)
    assert failed["list pages ≥ 0.08 × trivial req/s"] == "list: 7 failed requests"
    assert failed["p95 of every page ≤ 15 × trivial p95"] == "list: 7 failed requests"
    assert "last page p50 ≤ 2.0 × first page p50" in failed


def test_without_a_trivial_floor_no_ratio_to_it_passes():
    rows = replace(good_run(), "trivial", error="answered 500")

    failed = failing(rows)
    assert failed["list pages ≥ 0.08 × trivial req/s"] == "trivial view: answered 500"
    assert failed["detail pages ≥ 0.1 × trivial req/s"] == "trivial view: answered 500"


def test_an_export_whose_memory_grows_with_the_rows_it_sends_fails():
    rows = replace(good_run(), "export_csv", tail_growth_kib=8 * 1024)

    assert failing(rows) == {
        "CSV export streamed in constant memory": (
            "peak +8.0 MiB while the last 15.0 MiB of 100,000 rows were sent"
        )
    }


def test_an_export_made_whole_before_it_is_sent_fails_whatever_its_memory():
    rows = replace(good_run(), "export_csv", streamed=False)

    assert verdicts(rows)["CSV export streamed in constant memory"] is False


def test_an_export_too_small_to_tell_is_not_judged_rather_than_passed():
    rows = replace(good_run(), "export_csv", tail_bytes=2**20, tail_growth_kib=0)

    assert verdicts(rows)["CSV export streamed in constant memory"] is None

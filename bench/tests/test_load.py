"""Reading wrk's output: the script's result line, times in milliseconds, failed requests."""

import pytest

from bench.load import LoadError, parse_wrk_output

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8123/bench/trivial
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    1.02ms  20.31ms   90.12%
  12000 requests in 10.00s, 2.10MB read
Requests/sec:   1200.00
BENCH_RESULT {"requests": 12000, "duration_us": 10000000, "p50_us": 1850, "p95_us": 4120, \
"non_2xx": 3, "first_bad_status": 302, "socket_errors": 1, "timeouts": 2}
"""


def test_the_result_line_gives_percentiles_in_ms_and_requests_per_second():
    result = parse_wrk_output(WRK_OUTPUT)

    assert result.requests == 12000
    assert result.seconds == 10.0
    assert result.rps == 1200.0
    assert result.p50_ms == 1.85
    assert result.p95_ms == 4.12


def test_every_answer_outside_2xx_and_every_socket_error_counts_as_failed():
    result = parse_wrk_output(WRK_OUTPUT)

    assert result.non_2xx == 3
    assert result.first_bad_status == 302
    assert result.failed == 3 + 1 + 2


def test_output_without_the_result_line_is_an_error_not_a_zero():
    with pytest.raises(LoadError, match="no result line"):
        parse_wrk_output("unable to connect to 127.0.0.1:8123 Connection refused\n")


def test_a_run_that_lasted_no_time_has_no_rate_rather_than_a_division_by_zero():
    line = (
        'BENCH_RESULT {"requests": 0, "duration_us": 0, "p50_us": 0, "p95_us": 0, '
        '"non_2xx": 0, "first_bad_status": 0, "socket_errors": 0, "timeouts": 0}'
    )
    assert parse_wrk_output(line).rps == 0.0

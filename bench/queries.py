"""Queries per request, counted in-process: Django's test client sends the same request with the
same session to the same database, and every statement is captured.

A `COUNT(*)` with no `WHERE` over a table of more than 100,000 rows is flagged: it reads the
whole table on every request (the issue's "no unfiltered COUNT(*)" target).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

LARGE_TABLE_ROWS = 100_000

COUNT_STAR = re.compile(r"\bCOUNT\(\*\)", re.IGNORECASE)
WHERE = re.compile(r"\bWHERE\b", re.IGNORECASE)
FIRST_TABLE = re.compile(r'\bFROM\s+"?(\w+)"?', re.IGNORECASE)


@dataclass
class QueryCount:
    status: int
    queries: int
    # Each unfiltered COUNT(*) over a large table: (table, rows in it).
    unfiltered_counts: list[tuple[str, int]] = field(default_factory=list)


def unfiltered_count_tables(statements: list[str]) -> list[str]:
    """The tables that the statements count whole: `COUNT(*)` with no `WHERE` anywhere."""
    tables = []
    for sql in statements:
        count = COUNT_STAR.search(sql)
        if count and not WHERE.search(sql):
            table = FIRST_TABLE.search(sql, count.end())
            if table:
                tables.append(table.group(1))
    return tables


class TableSizes:
    """Rows per table, each counted once per run."""

    def __init__(self) -> None:
        self._rows: dict[str, int] = {}

    def rows(self, table: str) -> int:
        if table not in self._rows:
            # A name from a statement the database ran, quoted as an identifier.
            sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608
            with connection.cursor() as cursor:
                cursor.execute(sql)
                self._rows[table] = cursor.fetchone()[0]
        return self._rows[table]


def client_for(session_key: str, headers: Mapping[str, str]) -> Client:
    client = Client(headers={**headers, "host": "127.0.0.1"})
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return client


def count_queries(client: Client, path: str, sizes: TableSizes) -> QueryCount:
    """The queries of one request for `path`, after one unmeasured request that fills the
    process's caches (content types, translations), as a warmed-up server has them."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)  # a streamed answer queries as it is read
    statements = [query["sql"] for query in captured.captured_queries]
    flagged = [
        (table, sizes.rows(table))
        for table in unfiltered_count_tables(statements)
        if sizes.rows(table) > LARGE_TABLE_ROWS
    ]
    return QueryCount(
        status=response.status_code, queries=len(statements), unfiltered_counts=flagged
    )

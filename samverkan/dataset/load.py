"""Writing spooled rows to the database: COPY on PostgreSQL, batched inserts elsewhere.

One writer per database kind behind the same three steps (`begin`, `write`, `finish`), all in
the caller's transaction, so that a failure leaves nothing written:

- PostgreSQL: the foreign keys of the tables being filled are dropped first and added back at
  the end. Adding a key checks every row in one join, where a key left in place would check
  each row on its own at commit (millions of lookups, and as many queued trigger events).
  Rows go in through COPY (psycopg 3's `cursor.copy`) as the Python values the generator made;
  the sequences are moved past the explicit ids at the end.
- Any other database: `executemany` in batches, each value prepared by its model field as
  Django would for a save.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.core.management.color import no_style
from django.db.backends.base.base import BaseDatabaseWrapper

from .tables import Table

INSERT_BATCH = 2_000


@dataclass(frozen=True)
class Loaded:
    table: Table
    rows: int
    seconds: float


class Writer:
    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        self.connection = connection

    def begin(self, tables: Iterable[Table]) -> None:
        """Prepare the tables for loading."""

    def write(self, table: Table, rows: Iterator[tuple]) -> int:
        raise NotImplementedError

    def finish(self, tables: Iterable[Table]) -> None:
        """Make the loaded tables whole again: keys, sequences."""
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(
                no_style(), [table.model for table in tables]
            ):
                cursor.execute(sql)

    def analyze(self, tables: Iterable[Table]) -> None:
        """Refresh the planner's statistics, after commit."""


class PostgresCopyWriter(Writer):
    def begin(self, tables: Iterable[Table]) -> None:
        names = [table.name for table in tables]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, conrelid::regclass::text, pg_get_constraintdef(oid) "
                "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s) "
                "ORDER BY conrelid::regclass::text, conname",
                [names],
            )
            self._keys = cursor.fetchall()
            for name, table, _definition in self._keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {self._quote(name)}")

    def _quote(self, name: str) -> str:
        return self.connection.ops.quote_name(name)

    def write(self, table: Table, rows: Iterator[tuple]) -> int:
        columns = ", ".join(self._quote(column) for column in table.columns)
        count = 0
        with (
            self.connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {self._quote(table.name)} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def finish(self, tables: Iterable[Table]) -> None:
        with self.connection.cursor() as cursor:
            for name, table, definition in self._keys:
                cursor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {self._quote(name)} {definition}"
                )
        super().finish(tables)

    def analyze(self, tables: Iterable[Table]) -> None:
        with self.connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {self._quote(table.name)}")


class BatchInsertWriter(Writer):
    def write(self, table: Table, rows: Iterator[tuple]) -> int:
        quote = self.connection.ops.quote_name
        columns = ", ".join(quote(column) for column in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        # Names of our own models' tables and columns, quoted; the values go as parameters.
        sql = f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})"  # noqa: S608
        fields = table.fields
        count = 0
        with self.connection.cursor() as cursor:
            while batch := list(islice(rows, INSERT_BATCH)):
                cursor.executemany(
                    sql,
                    [
                        [
                            field.get_db_prep_save(value, self.connection)
                            for field, value in zip(fields, row, strict=True)
                        ]
                        for row in batch
                    ],
                )
                count += len(batch)
        return count


def writer_for(connection: BaseDatabaseWrapper) -> Writer:
    if connection.vendor == "postgresql":
        return PostgresCopyWriter(connection)
    return BatchInsertWriter(connection)


def timed_write(writer: Writer, table: Table, rows: Iterator[tuple]) -> Loaded:
    started = time.perf_counter()
    count = writer.write(table, rows)
    return Loaded(table, count, time.perf_counter() - started)

"""Generated rows kept on disk until they are loaded, table by table.

The generator makes the rows of several tables together (an activity with its parties,
participants and regulations), while a bulk load (PostgreSQL's COPY) fills one table at a time.
The spool sits between them: rows go to a temporary file per table in pickled batches as they
are made, and are read back in the same batches when their table is loaded, so memory holds
one batch per table whatever the scale.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .tables import Table

BATCH = 5_000


class Ids:
    """Explicit ids per table, each table counting on from the highest id it already holds."""

    def __init__(self, first: dict[Table, int]) -> None:
        self._next = dict(first)

    def next(self, table: Table) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def block(self, table: Table, count: int) -> range:
        start = self._next[table]
        self._next[table] = start + count
        return range(start, start + count)


class Spool:
    def __init__(self) -> None:
        self._directory = tempfile.TemporaryDirectory(prefix="samverkan-dataset-")
        self._files: dict[Table, IO[bytes]] = {}
        self._batches: dict[Table, list[tuple]] = {}
        self.counts: dict[Table, int] = {}

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._directory.cleanup()

    def add(self, table: Table, **values: Any) -> None:
        """Spool one row of `table` (see `Table.row` for the values)."""
        batch = self._batches.get(table)
        if batch is None:
            batch = self._batches[table] = []
            self.counts[table] = 0
        batch.append(table.row(**values))
        if len(batch) >= BATCH:
            self._flush(table)

    def _flush(self, table: Table) -> None:
        batch = self._batches[table]
        if not batch:
            return
        handle = self._files.get(table)
        if handle is None:
            path = Path(self._directory.name) / f"{table.name}.pickle"
            handle = self._files[table] = path.open("w+b")
        pickle.dump(batch, handle, protocol=pickle.HIGHEST_PROTOCOL)
        self.counts[table] += len(batch)
        self._batches[table] = []

    def count(self, table: Table) -> int:
        return self.counts.get(table, 0) + len(self._batches.get(table, ()))

    def rows(self, table: Table) -> Iterator[tuple]:
        """Every spooled row of `table`, in the order it was added."""
        if table not in self._batches:
            return
        self._flush(table)
        handle = self._files.get(table)
        if handle is None:
            return
        handle.seek(0)
        while True:
            try:
                batch = pickle.load(handle)  # noqa: S301 - our own file, written above
            except EOFError:
                return
            yield from batch

"""Generating a dataset: make every row into the spool, then load it all in one transaction.

Nothing is written when the register already holds a partnership (a real register is never
mixed with generated data), nor when generating or loading fails. Historical tables
(django-simple-history) are not filled: the generated records have no history.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import Max

from samverkan.partnerships.models import Partnership

from .context import Generation
from .exchanges import generate_exchanges, generate_readers
from .innovation import generate_innovation
from .load import Loaded, timed_write, writer_for
from .partnerships import generate_partnerships
from .register import generate_register
from .scales import Scale
from .spool import Ids, Spool
from .tables import TABLES
from .work import generate_work

PARTS = (
    ("register", generate_register),
    ("partnerships and follow-up", generate_partnerships),
    ("innovation", generate_innovation),
    ("agreements and activities", generate_work),
    ("exchanges", generate_exchanges),
    ("readers", generate_readers),
)


class RegisterNotEmpty(Exception):
    """The database already holds partnerships: generated data would be mixed into them."""


@dataclass
class Report:
    generated: list[tuple[str, float]] = field(default_factory=list)
    loaded: list[Loaded] = field(default_factory=list)
    keys_and_sequences: float = 0.0
    analyze: float = 0.0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(item.rows for item in self.loaded)


def _refuse_unless_empty(using: str) -> None:
    if Partnership.objects.using(using).exists():
        raise RegisterNotEmpty(
            "The register already holds partnerships: a dataset is generated only into a "
            "database without any, so that it never mixes with real records."
        )


def generate(
    scale: Scale, seed: int, *, using: str = "default", say: Callable[[str], None] = print
) -> Report:
    """Generate the dataset of `scale` from `seed` into the database `using`.

    Raises RegisterNotEmpty, with nothing written, when the register holds partnerships.
    """
    started = time.perf_counter()
    report = Report()
    _refuse_unless_empty(using)
    first = {
        table: (table.model._base_manager.using(using).aggregate(top=Max("pk"))["top"] or 0) + 1
        for table in TABLES
    }
    with Spool() as spool:
        gen = Generation(seed=seed, scale=scale, spool=spool, ids=Ids(first))
        for name, part in PARTS:
            say(f"Generating {name}…")
            part_started = time.perf_counter()
            part(gen)
            report.generated.append((name, time.perf_counter() - part_started))
        connection = connections[using]
        writer = writer_for(connection)
        with transaction.atomic(using=using):
            _refuse_unless_empty(using)
            writer.begin(TABLES)
            for table in TABLES:
                loaded = timed_write(writer, table, spool.rows(table))
                report.loaded.append(loaded)
                say(f"  {table.name}: {loaded.rows:,} rows in {loaded.seconds:.1f} s")
            say("Checking the foreign keys and moving the sequences on…")
            finishing = time.perf_counter()
            writer.finish(TABLES)
            report.keys_and_sequences = time.perf_counter() - finishing
    analyzing = time.perf_counter()
    writer.analyze(TABLES)
    report.analyze = time.perf_counter() - analyzing
    report.seconds = time.perf_counter() - started
    return report

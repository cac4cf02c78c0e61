"""The database's own floor: primary-key lookups of activities through the bare driver (psycopg
on PostgreSQL, sqlite3 on SQLite), one connection, one after another, for a number of seconds.
"""

from __future__ import annotations

import itertools
import sqlite3
import time
from dataclasses import dataclass

from django.db import connection

LOOKUP = "SELECT * FROM activities_activity WHERE id = {placeholder}"  # noqa: S608 - no input
SAMPLE = 10_000  # ids looked up in turn, spread over the table


@dataclass(frozen=True)
class LookupRate:
    driver: str
    lookups: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.lookups / self.seconds


def _raw_connection():
    """A connection of the bare driver to the database Django uses, and its placeholder."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        import psycopg

        raw = psycopg.connect(
            dbname=settings["NAME"],
            user=settings["USER"] or None,
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or None,
            port=settings["PORT"] or None,
            autocommit=True,
        )
        return "psycopg", raw, "%s"
    if connection.vendor == "sqlite":
        return "sqlite3", sqlite3.connect(settings["NAME"]), "?"
    raise RuntimeError(f"No primary-key floor for {connection.vendor}.")


def primary_key_lookups(seconds: float) -> LookupRate:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM activities_activity ORDER BY id")
        ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        raise RuntimeError("No activity to look up.")
    step = max(1, len(ids) // SAMPLE)
    sample = ids[::step]
    driver, raw, placeholder = _raw_connection()
    sql = LOOKUP.format(placeholder=placeholder)
    lookups = 0
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        deadline = started + seconds
        for pk in itertools.cycle(sample):
            cursor.execute(sql, (pk,))
            cursor.fetchone()
            lookups += 1
            if lookups % 100 == 0 and time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - started
    finally:
        raw.close()
    return LookupRate(driver=driver, lookups=lookups, seconds=elapsed)

"""What a run ran on and against: the machine, the software, the size of the data. Absolute
figures mean little without them (docs/performance.md quotes them beside the figures)."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

import django
from django.db import connection
from django.utils import timezone

# Tables whose size says how large the loaded data set is.
DATA_TABLES = {
    "partnerships": "partnerships_partnership",
    "organisations": "organisations_organisation",
    "people": "organisations_person",
    "activities": "activities_activity",
    "agreements": "agreements_agreement",
    "signatures": "agreements_signature",
    "exchanges": "activities_personnelexchange",
}


def now() -> datetime.datetime:
    return timezone.now()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return f"SQLite {cursor.fetchone()[0]}"
    return connection.vendor


def describe() -> dict:
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "memory_gib": _memory_gib(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": _database_version(),
    }


def data_size() -> dict[str, int]:
    sizes = {}
    with connection.cursor() as cursor:
        for name, table in DATA_TABLES.items():
            sql = f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}"  # noqa: S608 - ours
            cursor.execute(sql)
            sizes[name] = cursor.fetchone()[0]
    return sizes

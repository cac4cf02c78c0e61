"""A digest of the register's content: the same seed gives the same digest, another seed
another one. The benchmark may record it beside its figures to say which data they ran on.

Every row of every table the generator fills, read in id order through the models (so that
values are compared as Python values, alike on SQLite and PostgreSQL), each value as text.
It reads the whole register: on the national scale that takes about two minutes. A user's last
login is left out: it records using the data (the benchmark logs in), not what was generated.
"""

from __future__ import annotations

import datetime
import hashlib

from .tables import TABLES

CHUNK = 10_000
NOT_CONTENT = {"last_login"}


def _text(value: object) -> str:
    if value is None:
        return "\x00"
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    return str(value)


def database_digest(using: str = "default") -> str:
    """The SHA-256 of the generated tables' content in the database `using`."""
    digest = hashlib.sha256()
    for table in TABLES:
        digest.update(f"\x1d{table.name}\x1d".encode())
        names = [field.attname for field in table.fields if field.attname not in NOT_CONTENT]
        rows = (
            table.model._base_manager.using(using)
            .order_by("pk")
            .values_list(*names)
            .iterator(chunk_size=CHUNK)
        )
        for row in rows:
            digest.update(("\x1f".join(map(_text, row)) + "\x1e").encode())
    return digest.hexdigest()

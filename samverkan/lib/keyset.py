"""Keyset (cursor) pagination for long lists: every page costs the same, the last one too.

The queryset is ordered by (a text field, id), ascending or descending; the cursor is the last
row's pair. No COUNT(*).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from .ids import MAX_ID

MAX_VALUE_LENGTH = 500


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None


def _encode(value: str, pk: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, pk]).encode()).decode()


def _decode(cursor: str) -> tuple[str, int] | None:
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, binascii.Error, TypeError, UnicodeError):
        return None
    if not isinstance(value, str) or not isinstance(pk, int) or isinstance(pk, bool):
        return None
    if not 0 <= pk <= MAX_ID or len(value) > MAX_VALUE_LENGTH or "\x00" in value:
        return None
    try:
        value.encode("utf-8")  # a lone surrogate cannot be sent to the database
    except UnicodeEncodeError:
        return None
    return value, pk


def paginate(
    queryset: QuerySet,
    *,
    field: str,
    cursor: str | None,
    size: int = 50,
    descending: bool = False,
) -> Page:
    """One page of `queryset` ordered by (`field`, id) starting after `cursor`; with
    `descending`, by both from the largest down.

    `field` may name an annotation; its values must be text. A cursor that cannot be read
    starts from the beginning rather than failing.
    """
    direction = "-" if descending else ""
    beyond = "lt" if descending else "gt"
    queryset = queryset.order_by(f"{direction}{field}", f"{direction}pk")
    position = _decode(cursor) if cursor else None
    if position is not None:
        value, pk = position
        queryset = queryset.filter(
            Q(**{f"{field}__{beyond}": value}) | Q(**{field: value, f"pk__{beyond}": pk})
        )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode(getattr(last, field), last.pk)
    return Page(rows=rows, next_cursor=next_cursor)

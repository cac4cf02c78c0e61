"""Keyset (cursor) pagination for long lists: every page costs the same, the last one too.

The queryset is ordered by (a text field, id), ascending or descending. The cursor names only the
last row's id: the next page reads that row's value in the same query (a subquery on the same
queryset), so no value — a person's name, a title the user may see but that is marked secret —
travels in URLs and so into access logs. No COUNT(*).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Subquery

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
    starts from the beginning rather than failing; one whose row has since left the queryset
    (deleted, or no longer matching) gives an empty page, with the way back to the first.
    """
    direction = "-" if descending else ""
    beyond = "lt" if descending else "gt"
    queryset = queryset.order_by(f"{direction}{field}", f"{direction}pk")
    position = _decode(cursor) if cursor else None
    if position is not None:
        _value, pk = position
        anchor = Subquery(queryset.filter(pk=pk).values(field)[:1])
        queryset = queryset.filter(
            # Implied by the next condition, but an index can start at it: without it the
            # database walks every row before the cursor to find the page (the last page
            # of 100,000 activities read them all; docs/performance.md).
            Q(**{f"{field}__{beyond}e": anchor}),
            Q(**{f"{field}__{beyond}": anchor}) | Q(**{field: anchor, f"pk__{beyond}": pk}),
        )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = _encode("", last.pk)
    return Page(rows=rows, next_cursor=next_cursor)

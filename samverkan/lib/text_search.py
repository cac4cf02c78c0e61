"""Full-text search over a queryset: PostgreSQL's with Swedish and English stemming, and a
word-by-word fallback on SQLite (the embedded default).

On PostgreSQL the text is matched against both a Swedish and an English search vector, so
"avtalen" finds "avtal" and "agreements" finds "agreement"; the query is read as a web search
("exact phrase", -word, or). On SQLite each word must occur in the text, ignoring case (for
ASCII letters; SQLite folds no others): no stemming.

The caller passes the expressions whose text may be searched (see
agreements.confidentiality.searchable, which leaves out what the user may not see).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import QuerySet, TextField, Value
from django.db.models.functions import Concat

MAX_QUERY_LENGTH = 100


def clean_query(text: str | None) -> str:
    """The search as typed, bounded, without characters the databases refuse."""
    return (text or "")[:MAX_QUERY_LENGTH].replace("\x00", "").strip()


def search(queryset: QuerySet, expressions: list[Any], text: str | None) -> QuerySet:
    """Rows of `queryset` whose text (the concatenated `expressions`) matches `text`."""
    query = clean_query(text)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*expressions, config="swedish") + SearchVector(
            *expressions, config="english"
        )
        matches = SearchQuery(query, config="swedish", search_type="websearch") | SearchQuery(
            query, config="english", search_type="websearch"
        )
        return queryset.annotate(_search_vector=vector).filter(_search_vector=matches)
    joined: list[Any] = []
    for expression in expressions:
        joined.extend([expression, Value(" ")])
    queryset = queryset.annotate(_search_text=Concat(*joined, output_field=TextField()))
    for word in query.split():
        word = word.strip('"').lstrip("-")
        if word:
            queryset = queryset.filter(_search_text__icontains=word)
    return queryset

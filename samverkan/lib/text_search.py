"""Full-text search over a queryset: PostgreSQL's with Swedish and English stemming, and a
word-by-word fallback on SQLite (the embedded default).

On PostgreSQL the text is matched against both a Swedish and an English search vector, so
"avtalen" finds "avtal" and "agreements" finds "agreement"; the query is read as a web search
("exact phrase", -word, or). On SQLite each word must occur in the text, ignoring case (for
ASCII letters; SQLite folds no others): no stemming.

The caller passes the expressions whose text may be searched (see
agreements.confidentiality.searchable, which leaves out what the user may not see).

A table may keep its text's vector in a stored column (`Stored`: activities, migration
activities/0005). Then a row whose text no marking hides is matched against the stored vector,
computed once when the row was written, and only the rows that carry a marking (`marked`) are
matched against the reader's own expressions, computed at query time: the same answer as
computing every row's vector from what the reader may see, without `to_tsvector` over a whole
partnership's text on every search (issue 8, docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Expression,
    F,
    Func,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Stored:
    """A stored search vector: its column on the queryset's table, which must hold the vector of
    exactly the text of the expressions searched when nothing is masked; `marked`, the ids (a
    `values("...")` queryset) of the rows whose text may be masked for some reader; `entitled`,
    the condition (on the queryset's rows) that the reader may see a row's whole text; and
    `unentitled_text`, the expressions of what a reader not entitled may search of a row."""

    column: str
    marked: QuerySet
    entitled: Q
    unentitled_text: list[Any]


class _AnyOf(Func):
    """`column = ANY(ARRAY(subquery))`: unlike `IN (subquery)`, an index can answer it, so
    PostgreSQL can combine it with the stored vector's index in one bitmap."""

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra_context):
        column, ids = self.get_source_expressions()
        column_sql, column_params = compiler.compile(column)
        ids_sql, ids_params = compiler.compile(ids)  # "(SELECT …)"
        return f"{column_sql} = ANY(ARRAY{ids_sql})", (*column_params, *ids_params)


class _StoredVector(Expression):
    """The stored vector column of the query's own table (PostgreSQL only). The column is no
    model field, so that Django never reads nor writes it: PostgreSQL generates it."""

    def __init__(self, column: str) -> None:
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        self.column = column

    def as_sql(self, compiler, connection, **extra_context):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(self.column)}", []


def clean_query(text: str | None) -> str:
    """The search as typed, bounded, without characters the databases refuse."""
    return (text or "")[:MAX_QUERY_LENGTH].replace("\x00", "").strip()


def search(
    queryset: QuerySet, expressions: list[Any], text: str | None, *, stored: Stored | None = None
) -> QuerySet:
    """Rows of `queryset` whose text (the concatenated `expressions`) matches `text`; with
    `stored`, unmarked rows are matched against the stored vector instead (PostgreSQL)."""
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
        if stored is None:
            return queryset.alias(_search_vector=vector).filter(_search_vector=matches)
        return _stored_search(queryset, stored, matches)
    joined: list[Any] = []
    for expression in expressions:
        joined.extend([expression, Value(" ")])
    queryset = queryset.annotate(_search_text=Concat(*joined, output_field=TextField()))
    for word in query.split():
        word = word.strip('"').lstrip("-")
        if word:
            queryset = queryset.filter(_search_text__icontains=word)
    return queryset


def _stored_search(queryset: QuerySet, stored: Stored, matches: Any) -> QuerySet:
    """An unmarked row, or a marked one whose text the reader may see, by its stored vector; a
    marked one the reader may not see by what they may see. The first condition is one that
    the indexes answer (the stored vector's, and the primary key's for the marked ids); the
    second names `entitled` once, as PostgreSQL evaluates each naming of it apart."""
    from django.contrib.postgres.search import SearchVector, SearchVectorExact

    stored_matches = SearchVectorExact(_StoredVector(stored.column), matches)
    hidden = SearchVector(*stored.unentitled_text, config="swedish") + SearchVector(
        *stored.unentitled_text, config="english"
    )
    marked = _AnyOf(F("pk"), Subquery(stored.marked))
    return queryset.filter(
        Q(stored_matches) | Q(marked),
        Case(
            When(~Q(marked) | stored.entitled, then=stored_matches),
            default=SearchVectorExact(hidden, matches),
            output_field=BooleanField(),
        ),
    )

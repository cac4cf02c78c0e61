"""Cursor pagination for API lists, with the same keyset helper as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from samverkan.lib.ids import parse_id
from samverkan.lib.keyset import paginate

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class KeysetPagination(BasePagination):
    """Pages ordered by the view's `keyset_field` and id; `?after=<cursor>` for the next one.

    No COUNT(*): deep pages cost the same as the first.
    """

    cursor_query_param = "after"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list:
        self.page = paginate(
            queryset,
            field=getattr(view, "keyset_field", "name"),
            cursor=request.query_params.get(self.cursor_query_param),
            size=self.page_size(request),
        )
        self.request = request
        return self.page.rows

    def page_size(self, request: Request) -> int:
        wanted = parse_id(request.query_params.get(self.page_size_query_param, ""))
        return PAGE_SIZE if wanted is None else max(1, min(wanted, MAX_PAGE_SIZE))

    def get_next_link(self) -> str | None:
        if self.page.next_cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self.page.next_cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["next", "results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of the next page, from the previous page's `next`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]


class SortKeyPagination(KeysetPagination):
    """Keyset pages of the order the view chose: the queryset's `sort_key` annotation,
    descending when the view's `descending` says so (the lists' `sort` parameter)."""

    def paginate_queryset(self, queryset: QuerySet, request: Request, view: Any = None) -> list:
        self.page = paginate(
            queryset,
            field="sort_key",
            cursor=request.query_params.get(self.cursor_query_param),
            size=self.page_size(request),
            descending=getattr(view, "descending", False),
        )
        self.request = request
        return self.page.rows

"""The small amount of plumbing every API endpoint shares."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from samverkan.audit.forms import RecordForm
from samverkan.lib.ids import parse_id
from samverkan.rest.exceptions import FormInvalid

from .forms import validated

SEARCH = OpenApiParameter("q", OpenApiTypes.STR, description="Words the name contains.")


def search_text(request: Request) -> str:
    """The `q` parameter as the pages take it: at most 100 characters, none of them NUL
    (a NUL cannot be sent to PostgreSQL; such a search searches nothing)."""
    text = request.query_params.get("q", "")[:100]
    return "" if "\x00" in text else text


def version_of(request: Request) -> int:
    """The version a write is based on; every update must name it (409 when stale)."""
    raw = request.data.get("version") if isinstance(request.data, dict) else None
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 2**31 - 1:
        raise FormInvalid({"version": [str(_("Send the version of the record you started from."))]})
    return raw


VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    required=True,
    description="The version of the record you are removing (from its last GET); 409 if stale.",
)


def version_parameter(request: Request) -> int:
    """The `?version=` of a removal; every removal must name it (409 when stale)."""
    version = parse_id(request.query_params.get("version", ""))
    if version is None or not 1 <= version <= 2**31 - 1:
        raise FormInvalid({"version": [str(_("Send the version of the record you started from."))]})
    return version


def payload(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise FormInvalid({"non_field_errors": [str(_("Send a JSON object."))]})
    return request.data


def check_shape(serializer_class: type, request: Request) -> None:
    """400 per field when the JSON does not have the shape the schema describes."""
    serializer_class(data=payload(request)).is_valid(raise_exception=True)


def save(form: RecordForm, request: Request) -> Any:
    """Validate and persist a RecordForm as the requesting user; the saved record."""
    validated(form)
    form.persist(request.user)
    return form.instance


class ListView(generics.GenericAPIView):
    """A list endpoint: keyset pages of `keyset_field`, id."""

    keyset_field = "name"

    def page(self, queryset: Any, serializer_class: type) -> Response:
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response(serializer_class(rows, many=True).data)

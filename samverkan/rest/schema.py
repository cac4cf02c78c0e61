"""OpenAPI descriptions shared by every endpoint: errors and authentication."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

FieldErrors = inline_serializer(
    name="FieldErrors",
    fields={
        "non_field_errors": serializers.ListField(child=serializers.CharField(), required=False),
    },
)

Detail = inline_serializer(name="Detail", fields={"detail": serializers.CharField()})

Conflict = inline_serializer(
    name="Conflict",
    fields={
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(required=False),
        "changes": serializers.ListField(
            required=False,
            child=inline_serializer(
                name="FieldChange",
                fields={
                    "field": serializers.CharField(),
                    "before": serializers.CharField(),
                    "after": serializers.CharField(),
                },
            ),
        ),
    },
)

BAD_REQUEST = OpenApiResponse(
    FieldErrors,
    description="Refused: a list of messages per field (in the language of Accept-Language); "
    "nothing was saved.",
)
UNAUTHENTICATED = OpenApiResponse(Detail, description="No valid API token or session.")
FORBIDDEN = OpenApiResponse(
    Detail, description="The record is visible to you but your role does not allow this."
)
NOT_FOUND = OpenApiResponse(Detail, description="No such record, or one you may not know exists.")
CONFLICT = OpenApiResponse(
    Conflict,
    description="Someone saved the record after the version you sent (shown with their "
    "changes), or a clashing record was saved in the meantime. Nothing was saved.",
)
THROTTLED = OpenApiResponse(Detail, description="Too many requests; try again later.")
TOO_LARGE = OpenApiResponse(Detail, description="The request body is over the limit.")


def read_errors() -> dict:
    return {401: UNAUTHENTICATED, 404: NOT_FOUND, 429: THROTTLED}


def write_errors(*, conflict: bool = True) -> dict:
    errors = {
        400: BAD_REQUEST,
        401: UNAUTHENTICATED,
        403: FORBIDDEN,
        404: NOT_FOUND,
        413: TOO_LARGE,
        429: THROTTLED,
    }
    if conflict:
        errors[409] = CONFLICT
    return errors


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "samverkan.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token, created on your settings page "
            "(/accounts/settings/): `Authorization: Bearer svk_…`.",
        }

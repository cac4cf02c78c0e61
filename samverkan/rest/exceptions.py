"""One place where domain refusals become HTTP answers, for every API endpoint."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler

from samverkan.audit.services import EditConflict, RecordClash, RecordGone
from samverkan.lib.errors import DomainError


class FormInvalid(APIException):
    """The input broke a rule of the form that the pages use too; `detail` is per field."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__()
        self.errors = errors


def _field_errors(errors: dict[str, Any]) -> dict[str, list[str]]:
    return {
        ("non_field_errors" if name == "__all__" else name): [str(m) for m in messages]
        for name, messages in errors.items()
    }


def handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain's exceptions: 400 per field, 404, 409 and 413."""
    if isinstance(exc, FormInvalid):
        return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DomainError):
        field = exc.field or "non_field_errors"
        return Response({field: [str(exc.message)]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return Response(_field_errors(errors), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, EditConflict):
        return Response(
            {
                "detail": str(exc.message),
                "current_version": exc.current.version,  # type: ignore[attr-defined]
                "changes": [
                    {"field": c.field, "before": c.before, "after": c.after} for c in exc.changes
                ],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, RecordClash):
        return Response({"detail": str(exc.message)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RecordGone):
        return Response({"detail": str(exc.message)}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, RequestDataTooBig):
        return Response(
            {"detail": str(_("The request is larger than this server accepts."))},
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    return exception_handler(exc, context)

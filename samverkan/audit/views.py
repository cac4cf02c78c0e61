"""Shared view helpers for editing records and showing their history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samverkan.lib.errors import DomainError

from .forms import RecordForm
from .services import EditConflict, RecordGone


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back_url: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a form page; a refused form answers 400 so that clients can tell."""
    if request.method == "POST" and form.errors:
        status = 400
    return render(
        request,
        "form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "conflict": getattr(form, "conflict", None),
            **(context or {}),
        },
        status=status,
    )


def save_record_form(
    request: HttpRequest, form: RecordForm, *, success_url: str, message: str
) -> HttpResponse | None:
    """Save a valid RecordForm; the redirect on success, None when the form now has errors."""
    if form.save_record(request.user):
        messages.success(request, message)
        return redirect(success_url)
    return None


def apply_domain_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def handle_conflict(form: Any, error: EditConflict | RecordGone) -> None:
    if isinstance(error, EditConflict):
        form.show_conflict(error)
    else:
        form.add_error(None, error.message)

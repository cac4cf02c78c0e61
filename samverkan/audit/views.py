"""Shared view helpers for editing records and showing their history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from samverkan.lib.errors import DomainError
from samverkan.lib.ids import parse_id

from .forms import RecordForm
from .services import EditConflict, RecordGone, delete_record


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


def confirm_delete(
    request: HttpRequest,
    instance: Any,
    *,
    title: str,
    back_url: str,
    success_message: str,
) -> HttpResponse:
    """The confirmation page of a removal, and the removal itself on POST.

    The page carries the version it showed; a removal after someone else's save is refused
    with their changes, as an edit would be.
    """
    conflict = None
    error = None
    if request.method == "POST":
        expected = parse_id(request.POST.get("version", ""))
        try:
            if expected is None:
                raise RecordGone()
            delete_record(instance, actor=request.user, expected_version=expected)
        except EditConflict as refused:
            conflict = refused
            error = refused.message
        except RecordGone as gone:
            error = gone.message
        else:
            messages.success(request, success_message)
            return redirect(back_url)
    return render(
        request,
        "confirm_delete.html",
        {
            "title": title,
            "back_url": back_url,
            "version": conflict.current.version if conflict else instance.version,
            "conflict": conflict,
            "error": error,
        },
        status=409 if conflict else (400 if error else 200),
    )


def apply_domain_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def handle_conflict(form: Any, error: EditConflict | RecordGone) -> None:
    if isinstance(error, EditConflict):
        form.show_conflict(error)
    else:
        form.add_error(None, error.message)

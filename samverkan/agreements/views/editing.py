"""Drafting an agreement: creating it and editing its terms, the activities it regulates and its
required signatories; with the page of one form (`_form_page`) and the confirmed removal
(`_remove`) that the other POST views of agreements use too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.services import EditConflict, RecordClash, RecordGone, delete_record
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import get_access_for_user, require

from .. import permissions, services
from ..forms import AgreementForm, RegulationsForm, RemoveForm, SignatoryForm
from ..models import Agreement, RequiredSignatory
from .reading import ENDED, _agreement, _detail_url, _posted

# Forms of the agreement


def _form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    back_url: str,
    submit: str | None = None,
    intro: str | None = None,
    warning: str | None = None,
    danger: bool = False,
) -> HttpResponse:
    """A page with one form (multipart when it takes a file); 400 when a POST was refused."""
    status = 400 if request.method == "POST" and form.errors else 200
    return render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "submit": submit or _("Save"),
            "intro": intro,
            "warning": warning,
            "danger": danger,
            "conflict": getattr(form, "conflict", None),
        },
        status=status,
    )


def _refuse_locked(request: HttpRequest, pk: int, agreement: Agreement) -> HttpResponse | None:
    """The terms are editable in a draft only: otherwise a message and back to the agreement."""
    try:
        services.check_terms_editable(agreement)
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect(_detail_url(pk, agreement))
    return None


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(permissions.can_draft_agreements(access))
    form = AgreementForm(_posted(request), partnership=access.partnership, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The agreement was recorded as a draft."))
        return redirect(_detail_url(pk, form.instance))
    return _form_page(
        request,
        form,
        title=_("New specific agreement"),
        back_url=reverse("agreements:agreement_list", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    refused = _refuse_locked(request, pk, agreement)
    if refused:
        return refused
    form = AgreementForm(
        _posted(request),
        instance=agreement,
        partnership=access.partnership,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The agreement was saved."))
        return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Edit the agreement"),
        back_url=_detail_url(pk, agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def regulations_edit(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    if agreement.effective_status() in ENDED:
        messages.error(
            request, _("The activities of an agreement that has ended can no longer be changed.")
        )
        return redirect(_detail_url(pk, agreement))
    form = RegulationsForm(_posted(request), agreement=agreement, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            form.persist(request.user)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The activities regulated were saved."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Activities regulated by the agreement"),
        back_url=_detail_url(pk, agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory_add(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    refused = _refuse_locked(request, pk, agreement)
    if refused:
        return refused
    form = SignatoryForm(_posted(request), agreement=agreement, user=request.user)
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The required signatory was added."))
        return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Add a required signatory"),
        back_url=_detail_url(pk, agreement),
    )


def _remove(
    request: HttpRequest,
    instance: Any,
    *,
    title: str,
    back_url: str,
    removed: str,
    remove: Any = None,
) -> HttpResponse:
    """The confirmation page of a removal and the removal itself, based on the version the
    page showed; a removal the rules or the database refuse is explained, nothing removed."""
    form = RemoveForm(_posted(request), initial={"version": instance.version})
    if request.method == "POST" and form.is_valid():
        try:
            if remove is not None:
                remove(instance)
            else:
                delete_record(
                    instance,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                )
        except DomainError as error:
            form.add_error(None, error.message)
        except (EditConflict, RecordGone) as error:
            form.add_error(None, error.message)
        except ProtectedError:
            form.add_error(
                None,
                _(
                    "This record is referred to by others that the history must keep "
                    "(signatures given, for example), so it cannot be removed."
                ),
            )
        else:
            messages.success(request, removed)
            return redirect(back_url)
    return _form_page(
        request,
        form,
        title=title,
        back_url=back_url,
        submit=_("Remove"),
        intro=_("The history keeps a record of what is removed."),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signatory_remove(
    request: HttpRequest, pk: int, agreement_uuid, signatory_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    signatory = get_object_or_404(
        RequiredSignatory.objects.select_related("person"), agreement=agreement, pk=signatory_pk
    )
    require(permissions.can_edit_agreement(access, agreement))
    refused = _refuse_locked(request, pk, agreement)
    if refused:
        return refused
    return _remove(
        request,
        signatory,
        title=_("Remove %(person)s as a required signatory?") % {"person": signatory.person},
        back_url=_detail_url(pk, agreement),
        removed=_("The required signatory was removed."),
    )

"""The register entries of an agreement (each party's registration number, date, correspondent
and subject), its secrecy markings, and access to what is secret given to users by name.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.services import RecordClash
from samverkan.audit.views import apply_domain_error
from samverkan.lib.errors import DomainError
from samverkan.organisations.models import Organisation
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require

from .. import permissions, services
from ..confidentiality import registrations_for
from ..forms import GrantForm, MarkingForm, RegistrationForm
from ..models import AccessGrant, Agreement, Registration, SecrecyMarking
from .detail import may_open
from .editing import _form_page, _remove
from .reading import _agreement, _detail_url, _parties, _posted

# Register entries


def registration_for(user: Any, agreement: Agreement, registration_pk: int) -> Registration:
    """A register entry of the agreement, masked as the user is entitled; 404 for any other."""
    return get_object_or_404(
        registrations_for(user).filter(agreement=agreement).select_related("party__organisation"),
        pk=registration_pk,
    )


def may_write_registration(
    access: PartnershipAccess, agreement: Agreement, registration: Registration
) -> bool:
    """One's own party's entry, and only as it is (an entry read masked is never saved)."""
    return registration.party.organisation_id in permissions.registration_organisations(
        access, agreement
    ) and not getattr(registration, "_masked", False)


@login_required
@require_http_methods(["GET", "POST"])
def registration_edit(
    request: HttpRequest, pk: int, agreement_uuid, registration_pk: int | None = None
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    organisations = permissions.registration_organisations(access, agreement)
    registration = None
    if registration_pk is not None:
        registration = registration_for(request.user, agreement, registration_pk)
        require(may_write_registration(access, agreement, registration))
    require(bool(organisations))
    form = RegistrationForm(
        _posted(request),
        instance=registration,
        agreement=agreement,
        organisations=organisations,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The register entry was saved."))
        return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Edit the register entry") if registration else _("Register the agreement"),
        back_url=_detail_url(pk, agreement),
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_remove(
    request: HttpRequest, pk: int, agreement_uuid, registration_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    registration = registration_for(request.user, agreement, registration_pk)
    require(may_write_registration(access, agreement, registration))
    return _remove(
        request,
        registration,
        title=_("Remove the register entry %(number)s?")
        % {"number": registration.registration_number},
        back_url=_detail_url(pk, agreement),
        removed=_("The register entry was removed."),
    )


# Secrecy markings and access by name


def marking_authorities(access: PartnershipAccess, agreement: Agreement) -> QuerySet:
    """The authorities the user may mark for: their own organisations among the parties."""
    return Organisation.objects.filter(
        pk__in=[
            organisation.pk
            for organisation in _parties(agreement)
            if access.roles.has(*permissions.MARK_SECRET, organisation_id=organisation.pk)
        ]
    ).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def marking_add(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_mark_secret(access, agreement))
    form = MarkingForm(_posted(request), authorities=marking_authorities(access, agreement))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.mark_secret(
                agreement=agreement,
                target=data["target"],
                provision=data["provision"],
                marked_on=data["marked_on"],
                authority=data["authority"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash:
            form.add_error("target", _("This part is already marked secret."))
        else:
            messages.success(request, _("The secrecy marking was recorded."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Mark a part of the agreement secret"),
        back_url=_detail_url(pk, agreement),
        intro=_(
            "A marking is a warning: the secrecy must be assessed again at each request for "
            "the record. Users who are not entitled see the part masked, with the provision."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def marking_remove(request: HttpRequest, pk: int, agreement_uuid, marking_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    marking = get_object_or_404(SecrecyMarking.objects.filter(agreement=agreement), pk=marking_pk)
    require(may_open(access, agreement))
    return _remove(
        request,
        marking,
        title=_("Lift the secrecy marking «%(marking)s»?") % {"marking": marking},
        back_url=_detail_url(pk, agreement),
        removed=_("The secrecy marking was lifted."),
        remove=lambda m: services.remove_marking(m, actor=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_add(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(may_open(access, agreement))
    form = GrantForm(_posted(request), partnership=access.partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_access(
                agreement,
                user=form.cleaned_data["user"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash:
            form.add_error("user", _("This user already has access."))
        else:
            messages.success(request, _("Access was given."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Give a user access to what is secret"),
        back_url=_detail_url(pk, agreement),
        intro=_(
            "The user will see the agreement's marked parts and its document, and what is "
            "marked on the activities it regulates."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_remove(request: HttpRequest, pk: int, agreement_uuid, grant_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(may_open(access, agreement))
    grant = get_object_or_404(
        AccessGrant.objects.select_related("user"), agreement=agreement, pk=grant_pk
    )
    return _remove(
        request,
        grant,
        title=_("Take back the access of %(user)s?") % {"user": grant.user},
        back_url=_detail_url(pk, agreement),
        removed=_("The access was taken back."),
        remove=lambda g: services.revoke_access(g, actor=request.user),
    )

"""Pages for collaboration areas, their adjustments and the contact persons."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.services import EditConflict, RecordClash, RecordGone
from samverkan.audit.views import (
    apply_domain_error,
    confirm_delete,
    form_page,
    handle_conflict,
    save_record_form,
)
from samverkan.lib.errors import DomainError
from samverkan.partnerships.permissions import (
    get_access_for_user,
    require,
)

from . import services
from .forms import AdjustmentForm, AreaForm, ContactPersonForm
from .models import CollaborationArea, ContactPerson


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int, area_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit_areas)
    area = None
    if area_pk is not None:
        area = get_object_or_404(CollaborationArea, pk=area_pk, partnership=access.partnership)
    form = AreaForm(request.POST or None, instance=area, partnership=access.partnership)
    back_url = reverse("partnerships:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The collaboration area was saved.")
        )
        if response:
            return response
    title = _("Edit collaboration area") if area else _("New collaboration area")
    return form_page(request, form, title=title, back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_create(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit_areas)
    area = get_object_or_404(CollaborationArea, pk=area_pk, partnership=access.partnership)
    form = AdjustmentForm(request.POST or None, area=area)
    back_url = reverse("partnerships:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The adjustment was recorded.")
        )
        if response:
            return response
    return form_page(
        request,
        form,
        title=_("Adjust %(area)s") % {"area": area.display_name},
        back_url=back_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int, contact_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    contact = None
    if contact_pk is not None:
        contact = get_object_or_404(ContactPerson, pk=contact_pk, partnership=access.partnership)
    form = ContactPersonForm(
        request.POST or None,
        instance=contact,
        partnership=access.partnership,
        user=request.user,
        initial={"area": request.GET.get("area")} if contact is None else None,
    )
    back_url = reverse("partnerships:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.save_contact_person(
                form.instance,
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except (EditConflict, RecordGone) as error:
            handle_conflict(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The contact person was saved."))
            return redirect(back_url)
    title = _("Edit contact person") if contact else _("Add contact person")
    return form_page(request, form, title=title, back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    contact = get_object_or_404(
        ContactPerson.objects.select_related("person"),
        pk=contact_pk,
        partnership=access.partnership,
    )
    return confirm_delete(
        request,
        contact,
        title=_("Remove %(person)s as contact person?") % {"person": contact.person.name},
        back_url=reverse("partnerships:detail", args=[pk]),
        success_message=_("The contact person was removed."),
    )

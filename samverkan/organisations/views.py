"""Pages of the organisation register: organisations, their units and people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.accounts.roles import all_roles
from samverkan.audit.history import combined
from samverkan.audit.services import RecordClash
from samverkan.audit.views import form_page, save_record_form
from samverkan.lib.ids import parse_id
from samverkan.lib.keyset import paginate

from .forms import OrganisationForm, PersonForm, SearchForm, UnitForm
from .history import organisation_history as history_for_user
from .models import Organisation, Person, Unit
from .permissions import (
    can_create_organisation,
    can_edit_organisation,
    get_organisation_for_user,
    get_person_for_user,
)
from .services import register_organisation

PAGE_SIZE = 50


def unit_tree(units: list[Unit]) -> list[tuple[Unit, int]]:
    """Units in tree order, each with its depth, from one list (no further queries)."""
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.pk for u in units}
    for unit in units:
        parent = unit.parent_id if unit.parent_id in ids else None
        by_parent.setdefault(parent, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(by_parent.get(parent, []), key=lambda u: u.name):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    organisations = Organisation.objects.visible_to(request.user)
    query = search.cleaned_data.get("q") if search.is_valid() else ""
    if query:
        organisations = organisations.filter(name__icontains=query)
    page = paginate(organisations, field="name", cursor=request.GET.get("after"), size=PAGE_SIZE)
    return render(
        request,
        "organisations/list.html",
        {
            "search": search,
            "query": query,
            "page": page,
            "can_create": can_create_organisation(all_roles(request.user)),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    units = list(organisation.units.select_related("reports_to__organisation", "parent"))
    people = list(
        Person.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("unit")
        .order_by("name", "pk")[: PAGE_SIZE + 1]
    )
    partnerships = organisation.parties.select_related("partnership").filter(
        partnership__in=_visible_partnerships(request.user)
    )
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "units": unit_tree(units),
            "people": people[:PAGE_SIZE],
            "more_people": len(people) > PAGE_SIZE,
            "parties": list(partnerships),
            "can_edit": can_edit_organisation(all_roles(request.user), organisation),
        },
    )


def _visible_partnerships(user):
    from samverkan.partnerships.models import Partnership

    return Partnership.objects.visible_to(user)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    roles = all_roles(request.user)
    organisation = None
    if pk is None:
        if not can_create_organisation(roles):
            raise PermissionDenied
    else:
        organisation = get_organisation_for_user(request.user, pk)
        if not can_edit_organisation(roles, organisation):
            raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        if organisation is None:
            try:
                register_organisation(form.instance, actor=request.user)
                saved = True
            except RecordClash as clash:
                form.add_error(None, clash.message)
                saved = False
        else:
            saved = form.save_record(request.user)
        if saved:
            messages.success(request, _("The organisation was saved."))
            return redirect("organisations:detail", pk=form.instance.pk)
    back = reverse("organisations:detail", args=[pk]) if pk else reverse("organisations:list")
    title = (
        _("Edit %(name)s") % {"name": organisation.name} if organisation else _("New organisation")
    )
    return form_page(request, form, title=title, back_url=back)


@login_required
def organisation_history(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    return render(
        request,
        "audit/history.html",
        {
            "title": _("History of %(name)s") % {"name": organisation.name},
            "back_url": reverse("organisations:detail", args=[pk]),
            "entries": history_for_user(request.user, pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int, unit_pk: int | None = None) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, pk)
    if not can_edit_organisation(all_roles(request.user), organisation):
        raise PermissionDenied
    unit = get_object_or_404(Unit, pk=unit_pk, organisation=organisation) if unit_pk else None
    form = UnitForm(request.POST or None, instance=unit, organisation=organisation)
    back_url = reverse("organisations:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The unit was saved.")
        )
        if response:
            return response
    return form_page(
        request, form, title=_("Edit unit") if unit else _("New unit"), back_url=back_url
    )


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    search = SearchForm(request.GET or None)
    people = Person.objects.visible_to(request.user).select_related("organisation", "unit")
    query = search.cleaned_data.get("q") if search.is_valid() else ""
    if query:
        people = people.filter(name__icontains=query)
    organisation_id = request.GET.get("organisation", "")
    if parse_id(organisation_id) is not None:
        people = people.filter(organisation_id=parse_id(organisation_id))
    page = paginate(people, field="name", cursor=request.GET.get("after"), size=PAGE_SIZE)
    return render(
        request,
        "organisations/person_list.html",
        {"search": search, "query": query, "page": page, "organisation_id": organisation_id},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    history = combined((Person, Person.history.filter(id=pk)))
    return render(
        request,
        "organisations/person_detail.html",
        {
            "person": person,
            "contact_roles": list(
                person.contact_roles.filter(
                    partnership__in=_visible_partnerships(request.user)
                ).select_related("partnership", "area")
            ),
            "can_edit": can_edit_organisation(all_roles(request.user), person.organisation),
            "entries": history,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(
    request: HttpRequest, pk: int | None = None, person_pk: int | None = None
) -> HttpResponse:
    if person_pk is not None:
        person = get_person_for_user(request.user, person_pk)
        organisation = person.organisation
    else:
        person = None
        organisation = get_organisation_for_user(request.user, pk)  # type: ignore[arg-type]
    if not can_edit_organisation(all_roles(request.user), organisation):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person, organisation=organisation)
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The person was saved."))
        return redirect("organisations:person_detail", pk=form.instance.pk)
    back_url = (
        reverse("organisations:person_detail", args=[person.pk])
        if person
        else reverse("organisations:detail", args=[organisation.pk])
    )
    return form_page(
        request, form, title=_("Edit person") if person else _("New person"), back_url=back_url
    )

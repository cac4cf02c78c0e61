"""Pages of the innovation offices: the list, an office, and its edit page.

An office, its mandate, its head and contact person, its network's members and collaborators
are public facts (the office publishes them): any signed-in user reads them. The host's
coordinators in the office's network and the site administrator keep the record. Nothing here
reads a case: the links lead to the case list and the figures, which apply their own rules.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverkan.audit.views import form_page, save_record_form
from samverkan.organisations.models import Unit
from samverkan.partnerships.models import Collaborator, Membership, Partnership, Party
from samverkan.partnerships.permissions import require

from .models import InnovationOffice
from .office_forms import InnovationOfficeForm
from .permissions import OFFICE_RELATED, can_edit_office, get_office_for_user, office_roles


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    """Every office, by name, with its host, network and contact person."""
    offices = (
        InnovationOffice.objects.visible_to(request.user)
        .select_related(*OFFICE_RELATED)
        .order_by("name", "pk")
    )
    return render(request, "innovation/office_list.html", {"offices": list(offices)})


@login_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The office (R10, R14), the units reporting to it (R13), its network (R11, R16) and the
    organisations it collaborates with (R12). A fixed number of queries whatever the rows."""
    office = get_office_for_user(request.user, pk)
    roles = office_roles(request.user, office)
    own_units = [u for u in (office.unit_id, office.merged_into_id) if u]
    reporting = list(
        Unit.objects.filter(reports_to__in=own_units)
        .exclude(pk__in=own_units)
        .select_related("organisation", "reports_to")
        .order_by("name", "pk")
    )
    network = office.network
    members: list[Party] = []
    collaborators: list[Collaborator] = []
    network_visible = False
    if network is not None:
        members = list(
            network.parties.select_related("organisation").prefetch_related(
                Prefetch("memberships", queryset=Membership.objects.order_by("starts_on", "pk"))
            )
        )
        collaborators = list(
            network.collaborators.select_related("organisation").order_by(
                "kind", "organisation__name", "pk"
            )
        )
        network_visible = (
            Partnership.objects.visible_to(request.user).filter(pk=network.pk).exists()
        )
    return render(
        request,
        "innovation/office_detail.html",
        {
            "office": office,
            "can_edit": can_edit_office(roles, office),
            "reporting_units": reporting,
            "network": network,
            "network_visible": network_visible,
            "members": members,
            "collaborators": collaborators,
            # Only those taking part in the network reach its case list and figures.
            "case_list_url": network_visible and reverse("innovation:case_list", args=[network.pk]),
            "figures_url": network_visible and reverse("innovation:figures", args=[network.pk]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def office_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the office's record: the host's coordinators in its network, or the site admin."""
    office = get_office_for_user(request.user, pk)
    require(can_edit_office(office_roles(request.user, office), office))
    form = InnovationOfficeForm(request.POST or None, instance=office, user=request.user)
    back_url = reverse("innovation:office_detail", args=[office.pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(
            request, form, success_url=back_url, message=_("The innovation office was saved.")
        )
        if response:
            return response
    return form_page(
        request,
        form,
        title=_("Edit %(office)s") % {"office": office.name},
        back_url=back_url,
    )

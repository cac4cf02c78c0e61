"""Pages of the partnership register: list, detail, edit, notice and the records under it."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.audit.history import combined
from samverkan.audit.services import EditConflict, RecordClash, RecordGone
from samverkan.audit.views import (
    apply_domain_error,
    confirm_delete,
    form_page,
    handle_conflict,
    save_record_form,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.keyset import paginate

from . import services
from .forms import (
    ClauseForm,
    CollaboratorForm,
    MembershipForm,
    NoticeForm,
    PartnershipForm,
    SignatoryForm,
    WithdrawNoticeForm,
)
from .history import history_sources
from .models import Clause, Collaborator, Membership, Notice, Partnership, Party, Signatory
from .permissions import (
    PartnershipAccess,
    access_for,
    acting_for_choices,
    can_create_partnership,
    get_access_for_user,
    get_partnership_for_user,
    require,
)

PAGE_SIZE = 50


@login_required
def partnership_list(request: HttpRequest) -> HttpResponse:
    page = paginate(
        Partnership.objects.visible_to(request.user).with_parties(),
        field="name",
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
    )
    return render(
        request,
        "partnerships/list.html",
        {
            "partnerships": page.rows,
            "page": page,
            "can_create": can_create_partnership(request.user),
            "today": timezone.localdate(),
        },
    )


def _detail_queryset():
    return Partnership.objects.select_related("lead_unit__organisation").prefetch_related(
        Prefetch(
            "parties",
            queryset=Party.objects.select_related("organisation").prefetch_related(
                Prefetch("signatories", queryset=Signatory.objects.select_related("person")),
                "memberships",
            ),
        ),
        Prefetch(
            "notices",
            queryset=Notice.objects.select_related(
                "party__organisation", "recorded_by", "withdrawn_by"
            ),
        ),
        "clauses",
        Prefetch("collaborators", queryset=Collaborator.objects.select_related("organisation")),
        Prefetch(
            "areas",
            queryset=CollaborationArea.objects.select_related(
                "identified_by", "retired_by"
            ).prefetch_related(
                Prefetch("adjustments", queryset=AreaAdjustment.objects.select_related("dialogue"))
            ),
        ),
        Prefetch(
            "contact_persons",
            queryset=ContactPerson.objects.select_related("person__unit", "party"),
        ),
        "dialogues",
    )


def _contacts_by_area(
    partnership: Partnership,
) -> dict[Any, list[tuple[Party, list[ContactPerson]]]]:
    """For each area id (None: the whole partnership), the parties with their contacts."""
    grouped: dict[Any, dict[int, list[ContactPerson]]] = defaultdict(lambda: defaultdict(list))
    for contact in partnership.contact_persons.all():
        grouped[contact.area_id][contact.party_id].append(contact)
    parties = list(partnership.parties.all())
    return {
        area_id: [(party, by_party.get(party.pk, [])) for party in parties]
        for area_id, by_party in grouped.items()
    }


@login_required
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_object_or_404(_detail_queryset().visible_to(request.user), pk=pk)
    access = access_for(request.user, partnership)
    today = timezone.localdate()
    areas = list(partnership.areas.all())
    contacts = _contacts_by_area(partnership)
    parties = list(partnership.parties.all())
    area_rows = [
        {
            "area": area,
            "in_force": area.is_in_force(today),
            "contacts": contacts.get(area.pk, [(party, []) for party in parties]),
        }
        for area in areas
    ]
    notice = partnership.active_notice()
    steering_members = partnership.steering_members.current(on=today).for_pages()
    notice_parties = [p for p in parties if access.can_give_notice_for(p.organisation_id)]
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "access": access,
            "status": partnership.status(today),
            "parties": parties,
            "area_rows": area_rows,
            "general_contacts": contacts.get(None, []),
            "notice": notice,
            "past_notices": [n for n in partnership.notices.all() if n is not notice],
            "can_give_notice": bool(notice_parties) and notice is None,
            "can_withdraw_notice": notice is not None
            and access.can_give_notice_for(notice.party.organisation_id),
            "is_network": partnership.kind == Partnership.Kind.NETWORK,
            "steering_members": list(steering_members),
            "today": today,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_create(request: HttpRequest) -> HttpResponse:
    require(can_create_partnership(request.user))
    form = PartnershipForm(
        request.POST or None, acting_for_choices=acting_for_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.create_partnership(
                form.instance,
                organisations=list(form.cleaned_data["organisations"]),
                acting_for=form.cleaned_data.get("acting_for"),
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The partnership was created."))
            return redirect("partnerships:detail", pk=partnership.pk)
    return form_page(
        request, form, title=_("New partnership"), back_url=reverse("partnerships:list")
    )


@login_required
@require_http_methods(["GET", "POST"])
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    partnership = access.partnership
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partnership(
                form.instance,
                expected_version=form.cleaned_data.get("version") or 0,
                organisations=list(form.cleaned_data["organisations"]),
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except (EditConflict, RecordGone) as error:
            handle_conflict(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The partnership was saved."))
            return redirect("partnerships:detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Edit %(name)s") % {"name": partnership.name},
        back_url=reverse("partnerships:detail", args=[pk]),
    )


@login_required
def partnership_history(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, pk)
    entries = combined(*history_sources(pk))
    return render(
        request,
        "audit/history.html",
        {
            "title": _("History of %(name)s") % {"name": partnership.name},
            "back_url": reverse("partnerships:detail", args=[pk]),
            "entries": entries,
        },
    )


# Notice of termination (R9)


@login_required
@require_http_methods(["GET", "POST"])
def notice_give(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_give_notice)
    partnership = access.partnership
    form = NoticeForm(request.POST or None, organisations=access.notice_organisations())
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.give_notice(
                partnership,
                organisation=form.cleaned_data["organisation"],
                on=form.cleaned_data["given_on"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(
                request,
                _("Notice was recorded. The partnership ends on %(date)s.")
                % {"date": notice.ends_on.isoformat()},
            )
            return redirect("partnerships:detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Give notice of termination"),
        back_url=reverse("partnerships:detail", args=[pk]),
        context={
            "intro": _(
                "Notice ends the partnership %(months)s calendar months after the day it is "
                "given; where that month lacks the day, on the month's last day."
            )
            % {"months": partnership.notice_months}
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_withdraw(request: HttpRequest, pk: int, notice_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    notice = get_object_or_404(
        Notice.objects.select_related("party__organisation"),
        pk=notice_pk,
        partnership=access.partnership,
    )
    require(access.can_give_notice_for(notice.party.organisation_id))
    form = WithdrawNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_notice(
                notice, on=form.cleaned_data["withdrawn_on"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The notice was withdrawn."))
            return redirect("partnerships:detail", pk=pk)
    return form_page(
        request,
        form,
        title=_("Withdraw notice of termination"),
        back_url=reverse("partnerships:detail", args=[pk]),
    )


# Records under a partnership: one pattern for signatories, clauses, memberships, collaborators.

CHILDREN: dict[str, dict[str, Any]] = {
    "signatory": {
        "model": Signatory,
        "form": SignatoryForm,
        "lookup": "party__partnership",
        "add": gettext_lazy("Add signatory"),
        "edit": gettext_lazy("Edit signatory"),
        "saved": gettext_lazy("The signatory was saved."),
        "deleted": gettext_lazy("The signatory was removed."),
    },
    "clause": {
        "model": Clause,
        "form": ClauseForm,
        "lookup": "partnership",
        "add": gettext_lazy("Add clause"),
        "edit": gettext_lazy("Edit clause"),
        "saved": gettext_lazy("The clause was saved."),
        "deleted": gettext_lazy("The clause was removed."),
    },
    "membership": {
        "model": Membership,
        "form": MembershipForm,
        "lookup": "party__partnership",
        "add": gettext_lazy("Add membership period"),
        "edit": gettext_lazy("Edit membership period"),
        "saved": gettext_lazy("The membership period was saved."),
        "deleted": gettext_lazy("The membership period was removed."),
    },
    "collaborator": {
        "model": Collaborator,
        "form": CollaboratorForm,
        "lookup": "partnership",
        "add": gettext_lazy("Add collaborating organisation"),
        "edit": gettext_lazy("Edit collaborating organisation"),
        "saved": gettext_lazy("The collaborating organisation was saved."),
        "deleted": gettext_lazy("The collaborating organisation was removed."),
    },
}


def _child(access: PartnershipAccess, kind: str, child_pk: int | None):
    spec = CHILDREN[kind]
    if child_pk is None:
        return spec, None
    instance = get_object_or_404(
        spec["model"].objects.all(), pk=child_pk, **{spec["lookup"]: access.partnership}
    )
    return spec, instance


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(
    request: HttpRequest, pk: int, kind: str, child_pk: int | None = None
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    spec, instance = _child(access, kind, child_pk)
    form = spec["form"](
        request.POST or None,
        instance=instance,
        partnership=access.partnership,
        user=request.user,
    )
    back_url = reverse("partnerships:detail", args=[pk])
    if request.method == "POST" and form.is_valid():
        response = save_record_form(request, form, success_url=back_url, message=str(spec["saved"]))
        if response:
            return response
    return form_page(
        request, form, title=str(spec["edit"] if instance else spec["add"]), back_url=back_url
    )


@login_required
@require_http_methods(["GET", "POST"])
def child_delete(request: HttpRequest, pk: int, kind: str, child_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    spec, instance = _child(access, kind, child_pk)
    return confirm_delete(
        request,
        instance,
        title=_("Remove %(record)s?") % {"record": instance},
        back_url=reverse("partnerships:detail", args=[pk]),
        success_message=str(spec["deleted"]),
    )

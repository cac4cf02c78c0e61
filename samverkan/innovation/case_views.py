"""Pages of innovation-support cases, under a network (decision 0008).

Reading: `InnovationCase.objects.visible_to(user)` — the advisors of the case's institution in
the network, and the people named on it. Any other case answers 404, never 403, so that its
existence is not revealed. Writing: an advisor of the case's institution in the network
(`can_change_case`); a person merely named on the case reads but does not write (403).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverkan.audit.services import EditConflict, RecordGone
from samverkan.audit.views import apply_domain_error, form_page, handle_conflict
from samverkan.lib.errors import DomainError
from samverkan.lib.keyset import paginate

from . import case_services as services
from .case_forms import (
    CaseEditForm,
    CaseFilterForm,
    CaseForm,
    CasePersonForm,
    OutcomeForm,
    StageChangeForm,
    SupportForm,
    advised_institutions,
)
from .models import CasePerson, InnovationCase, Support
from .permissions import (
    can_change_case,
    cases_for,
    get_case_for_user,
    get_network_for_user,
    require_change,
)

PAGE_SIZE = 50


def case_url(case: InnovationCase) -> str:
    return reverse("innovation:case_detail", args=[case.network_id, case.uuid])


# List and detail


@login_required
def case_list(request: HttpRequest, network_pk: int) -> HttpResponse:
    """The network's cases the user may read, the latest opened first, filtered by
    institution, stage and year; keyset pages (a fixed number of queries)."""
    network = get_network_for_user(request.user, network_pk)
    bound = any(name in request.GET for name in CaseFilterForm.base_fields)
    filters = CaseFilterForm(request.GET if bound else None, network=network)
    cases = filters.apply(cases_for(request.user, network))
    page = paginate(
        cases, field="opened_on", cursor=request.GET.get("after"), size=PAGE_SIZE, descending=True
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "innovation/case_list.html",
        {
            "network": network,
            "filters": filters,
            "cases": page.rows,
            "page": page,
            "query": query.urlencode(),
            "can_open": advised_institutions(request.user, network).exists(),
        },
    )


def _with_children(cases: QuerySet[InnovationCase]) -> QuerySet[InnovationCase]:
    """The case's stage history, support, outcomes and people, in one query each. Prefetched
    under cases already read through visible_to: no other case's rows come with them."""
    support = Support.objects.select_related("referred_to")  # all cases: under visible ones
    people = CasePerson.objects.select_related("person__organisation")  # all cases: ditto
    return cases.prefetch_related(
        "stage_changes",
        Prefetch("support", queryset=support),
        "outcomes",
        Prefetch("people", queryset=people),
    )


@login_required
def case_detail(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    """A case: its stage history, the support given, outcomes and the people named."""
    network = get_network_for_user(request.user, network_pk)
    case = get_object_or_404(_with_children(cases_for(request.user, network)), uuid=case_uuid)
    can_change = can_change_case(request.user, case)
    return render(
        request,
        "innovation/case_detail.html",
        {
            "network": network,
            "case": case,
            "can_change": can_change,
            "stage_form": StageChangeForm(initial={"to_stage": case.next_stage})
            if can_change
            else None,
        },
    )


# Writing


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest, network_pk: int) -> HttpResponse:
    """Open a case (an advisor of a member institution); the opener is named its advisor."""
    network = get_network_for_user(request.user, network_pk)
    if not advised_institutions(request.user, network).exists():
        raise PermissionDenied
    form = CaseForm(request.POST or None, network=network, user=request.user)
    back_url = reverse("innovation:case_list", args=[network.pk])
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case(
                form.instance,
                advisor=getattr(request.user, "person", None),
                inventors=form.cleaned_data["inventors"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect(case_url(case))
    return form_page(request, form, title=_("Open an innovation-support case"), back_url=back_url)


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    network = get_network_for_user(request.user, network_pk)
    case = get_case_for_user(request.user, network, case_uuid)
    require_change(request.user, case)
    form = CaseEditForm(request.POST or None, instance=case, network=network, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(
                form.instance,
                expected_version=form.cleaned_data.get("version") or 0,
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except (EditConflict, RecordGone) as error:
            handle_conflict(form, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect(case_url(case))
    return form_page(request, form, title=_("Edit the case"), back_url=case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def case_stage_change(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    network = get_network_for_user(request.user, network_pk)
    case = get_case_for_user(request.user, network, case_uuid)
    require_change(request.user, case)
    form = StageChangeForm(request.POST or None, initial={"to_stage": case.next_stage})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_stage(
                case,
                to_stage=data["to_stage"],
                on=data["changed_on"],
                reason=data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordGone as gone:
            form.add_error(None, gone.message)
        else:
            messages.success(
                request,
                _("The case is now in the stage “%(stage)s”.")
                % {"stage": case.get_stage_display()},
            )
            return redirect(case_url(case))
    return form_page(
        request,
        form,
        title=_("Change the stage of “%(case)s”") % {"case": case.title},
        back_url=case_url(case),
    )


def _add_child(
    request: HttpRequest,
    network_pk: int,
    case_uuid: Any,
    *,
    form_class: type,
    add: Any,
    title: str,
    done: str,
) -> HttpResponse:
    network = get_network_for_user(request.user, network_pk)
    case = get_case_for_user(request.user, network, case_uuid)
    require_change(request.user, case)
    form = form_class(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            add(form.instance, actor=request.user)
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordGone as gone:
            form.add_error(None, gone.message)
        else:
            messages.success(request, done)
            return redirect(case_url(case))
    return form_page(request, form, title=title, back_url=case_url(case))


@login_required
@require_http_methods(["GET", "POST"])
def case_support_add(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    return _add_child(
        request,
        network_pk,
        case_uuid,
        form_class=SupportForm,
        add=services.add_support,
        title=_("Record support given"),
        done=_("The support was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_outcome_add(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    return _add_child(
        request,
        network_pk,
        case_uuid,
        form_class=OutcomeForm,
        add=services.add_outcome,
        title=_("Record an outcome"),
        done=_("The outcome was recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_person_add(request: HttpRequest, network_pk: int, case_uuid: Any) -> HttpResponse:
    network = get_network_for_user(request.user, network_pk)
    case = get_case_for_user(request.user, network, case_uuid)
    require_change(request.user, case)
    form = CasePersonForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.name_person(
                case,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordGone as gone:
            form.add_error(None, gone.message)
        else:
            messages.success(request, _("The person was named on the case."))
            return redirect(case_url(case))
    return form_page(request, form, title=_("Name a person on the case"), back_url=case_url(case))


@login_required
@require_POST
def case_person_remove(
    request: HttpRequest, network_pk: int, case_uuid: Any, person_pk: int
) -> HttpResponse:
    network = get_network_for_user(request.user, network_pk)
    case = get_case_for_user(request.user, network, case_uuid)
    require_change(request.user, case)
    named = get_object_or_404(case.people.all(), pk=person_pk)
    try:
        services.remove_person(named, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    except RecordGone as gone:
        messages.error(request, str(gone.message))
    else:
        messages.success(request, _("The person was removed from the case."))
    return redirect(case_url(case))

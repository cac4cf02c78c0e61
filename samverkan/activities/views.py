"""Pages for personnel exchanges (R5): list, detail, create, edit and approval by each party."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, F, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samverkan.audit.services import EditConflict, RecordClash, RecordGone
from samverkan.audit.views import apply_domain_error, form_page, handle_conflict
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import EXPORT_CHUNK, csv_response, to_xlsx
from samverkan.lib.ids import parse_id
from samverkan.lib.keyset import paginate
from samverkan.lib.text_search import search
from samverkan.organisations.models import Organisation
from samverkan.partnerships.permissions import (
    PartnershipAccess,
    get_access_for_user,
    require,
)

from . import services
from .forms import ApproveExchangeForm, ExchangeFilterForm, ExchangeForm
from .models import PersonnelExchange

PAGE_SIZE = 50


def _exchange(access: PartnershipAccess, exchange_pk: int) -> PersonnelExchange:
    """The exchange under the partnership the user may see; 404 for any other."""
    return get_object_or_404(
        PersonnelExchange.objects.for_pages(), pk=exchange_pk, partnership=access.partnership
    )


def _party_approvals(exchange: PersonnelExchange) -> list[dict[str, Any]]:
    """Home and host, each with its approval (None: awaiting). Reads prefetched approvals."""
    by_organisation = {a.party.organisation_id: a for a in exchange.approvals.all()}
    return [
        {
            "organisation": organisation,
            "side": side,
            "approval": by_organisation.get(organisation.pk),
        }
        for organisation, side in (
            (exchange.home_organisation, _("home")),
            (exchange.host_organisation, _("host")),
        )
    ]


def _may_approve_for(access: PartnershipAccess, exchange: PersonnelExchange) -> list[int]:
    """The parties of the exchange (home, host) the user may approve for, approved or not."""
    return [org for org in exchange.parties_to_approve() if access.can_approve_exchange_for(org)]


def _to_approve(access: PartnershipAccess, exchange: PersonnelExchange) -> list[int]:
    """The parties of the exchange the user may approve for that have not approved yet."""
    approved = exchange.approved_by_organisations()
    return [org for org in _may_approve_for(access, exchange) if org not in approved]


def _approve_form(
    access: PartnershipAccess, exchange: PersonnelExchange, data: Any = None
) -> ApproveExchangeForm:
    to_approve = _to_approve(access, exchange)
    organisations = Organisation.objects.filter(pk__in=to_approve).order_by("name")
    form = ApproveExchangeForm(data, organisations=organisations)
    if len(to_approve) == 1:
        form.fields["organisation"].initial = to_approve[0]
    return form


@login_required
def exchange_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    filters, exchanges = _filtered(request, access)
    _field, descending = filters.ordering()
    page = paginate(
        exchanges,
        field="sort_key",
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
        descending=descending,
    )
    return render(
        request,
        "activities/exchange_list.html",
        {
            "partnership": access.partnership,
            "access": access,
            "rows": [
                {"exchange": exchange, "approvals": _party_approvals(exchange)}
                for exchange in page.rows
            ],
            "page": page,
            "filters": filters,
            "query": _query_without_cursor(request),
        },
    )


# What a search reads: the exchange's own texts and the person's name (exchanges hold no
# secrets; the person is named in the partnership, so visible to it: decision 0005).
SEARCHED = ("position", "purpose", "conditions", "benefit_home", "benefit_host", "person__name")
# Keyset pages need text: the start date as ISO text sorts as the date does.
SORT_KEYS = {"position": F("position"), "starts_on": Cast("starts_on", CharField())}


def select_exchanges(partnership, data) -> tuple[ExchangeFilterForm, QuerySet]:
    """The filter form read from `data` (a query string) and the exchanges it selects, searched
    and annotated with the `sort_key` they are ordered by. The list, exports and API share it."""
    filters = ExchangeFilterForm(
        data if any(k in data for k in ExchangeFilterForm.base_fields) else None,
        partnership=partnership,
    )
    exchanges = (
        PersonnelExchange.objects.for_pages()
        .filter(partnership=partnership)
        .matching(**filters.criteria())
    )
    exchanges = search(exchanges, [F(name) for name in SEARCHED], filters.search_text())
    field, _descending = filters.ordering()
    return filters, exchanges.annotate(sort_key=SORT_KEYS[field])


def _filtered(request: HttpRequest, access: PartnershipAccess):
    """The filter form from the query string and the exchanges it selects (list and exports)."""
    return select_exchanges(access.partnership, request.GET)


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


EXPORT_HEADER = [
    _lazy("Position"),
    _lazy("Person"),
    _lazy("Home organisation"),
    _lazy("Home unit"),
    _lazy("Host organisation"),
    _lazy("Host unit"),
    _lazy("Extent (%)"),
    _lazy("Starts"),
    _lazy("Ends"),
    _lazy("Collaboration area"),
    _lazy("Approved by both parties"),
    _lazy("Purpose"),
    _lazy("Conditions"),
    _lazy("Benefit for the home organisation"),
    _lazy("Benefit for the host organisation"),
]


def _export_rows(exchanges, descending: bool):
    direction = "-" if descending else ""
    ordered = exchanges.order_by(f"{direction}sort_key", f"{direction}pk")
    for exchange in ordered.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            exchange.position,
            exchange.person.name,
            exchange.home_organisation.name,
            exchange.home_unit.name if exchange.home_unit else "",
            exchange.host_organisation.name,
            exchange.host_unit.name if exchange.host_unit else "",
            exchange.extent_percent,
            exchange.starts_on.isoformat(),
            exchange.ends_on.isoformat(),
            exchange.area.display_name,
            _("yes") if exchange.is_approved else _("no"),
            exchange.purpose,
            exchange.conditions,
            exchange.benefit_home,
            exchange.benefit_host,
        ]


@login_required
def exchange_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The filtered list, every row, as CSV or XLSX: what the user may see and nothing more."""
    access = get_access_for_user(request.user, pk)
    filters, exchanges = _filtered(request, access)
    _field, descending = filters.ordering()
    header = [str(h) for h in EXPORT_HEADER]
    name = f"exchanges-{access.partnership.pk}"
    if file_format == "xlsx":
        response = HttpResponse(
            to_xlsx(str(_("Personnel exchanges")), header, _export_rows(exchanges, descending)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return csv_response(name, header, _export_rows(exchanges, descending))


@login_required
def exchange_detail(request: HttpRequest, pk: int, exchange_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    exchange = _exchange(access, exchange_pk)
    to_approve = _to_approve(access, exchange)
    return render(
        request,
        "activities/exchange_detail.html",
        {
            "partnership": access.partnership,
            "access": access,
            "exchange": exchange,
            "approvals": _party_approvals(exchange),
            "problems": [problem.message for problem in services.approval_problems(exchange)],
            "approve_form": _approve_form(access, exchange) if to_approve else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_edit(request: HttpRequest, pk: int, exchange_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    partnership = access.partnership
    exchange = _exchange(access, exchange_pk) if exchange_pk is not None else None
    form = ExchangeForm(
        request.POST or None, instance=exchange, partnership=partnership, user=request.user
    )
    if exchange is None:
        back_url = reverse("activities:exchange_list", args=[pk])
    else:
        back_url = reverse("activities:exchange_detail", args=[pk, exchange.pk])
    if request.method == "POST" and form.is_valid():
        if exchange is None:
            if form.save_record(request.user):
                messages.success(request, _("The personnel exchange was saved."))
                return redirect("activities:exchange_detail", pk=pk, exchange_pk=form.instance.pk)
        else:
            try:
                withdrawn = services.change_exchange(
                    form.instance,
                    expected_version=form.cleaned_data.get("version") or 0,
                    actor=request.user,
                )
            except DomainError as error:
                apply_domain_error(form, error)
            except (EditConflict, RecordGone) as error:
                handle_conflict(form, error)
            except RecordClash as clash:
                form.add_error(None, clash.message)
            else:
                message = _("The personnel exchange was saved.")
                if withdrawn:
                    message += " " + ngettext(
                        "The approval given to the earlier version was withdrawn; the exchange "
                        "must be approved again.",
                        "The %(count)d approvals given to the earlier version were withdrawn; "
                        "the exchange must be approved again.",
                        withdrawn,
                    ) % {"count": withdrawn}
                messages.success(request, message)
                return redirect("activities:exchange_detail", pk=pk, exchange_pk=exchange.pk)
    context = {}
    if exchange is not None and exchange.approved_by_organisations():
        context["intro"] = _(
            "This exchange has been approved. Saving a change withdraws the approvals: "
            "each party must approve the changed exchange again."
        )
    return form_page(
        request,
        form,
        title=_("Edit personnel exchange") if exchange else _("New personnel exchange"),
        back_url=back_url,
        context=context,
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_approve(request: HttpRequest, pk: int, exchange_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    exchange = _exchange(access, exchange_pk)
    may_approve_for = _may_approve_for(access, exchange)
    require(bool(may_approve_for))
    form = _approve_form(access, exchange, request.POST or None)
    back_url = reverse("activities:exchange_detail", args=[pk, exchange.pk])
    if request.method == "POST":
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            try:
                services.approve_exchange(exchange, organisation=organisation, actor=request.user)
            except DomainError as error:
                apply_domain_error(form, error)
            except RecordClash as clash:
                form.add_error(None, clash.message)
            else:
                messages.success(
                    request,
                    _("%(organisation)s approved the exchange.") % {"organisation": organisation},
                )
                return redirect(back_url)
        else:
            _explain_approved_already(form, exchange, may_approve_for, request.POST)
    return form_page(
        request,
        form,
        title=_("Approve personnel exchange"),
        back_url=back_url,
        context={
            "intro": _(
                "%(person)s, %(position)s, %(home)s → %(host)s, %(starts)s – %(ends)s, %(area)s."
            )
            % {
                "person": exchange.person.name,
                "position": exchange.position,
                "home": exchange.home_organisation,
                "host": exchange.host_organisation,
                "starts": exchange.starts_on.isoformat(),
                "ends": exchange.ends_on.isoformat(),
                "area": exchange.area.display_name,
            }
        },
    )


def _explain_approved_already(
    form: ApproveExchangeForm, exchange: PersonnelExchange, may_approve_for: list[int], data: Any
) -> None:
    """A party that approved already is no choice any more: say so rather than "not a choice"."""
    chosen = parse_id(data.get("organisation", ""))
    if chosen in may_approve_for and chosen in exchange.approved_by_organisations():
        organisation = next(
            o for o in (exchange.home_organisation, exchange.host_organisation) if o.pk == chosen
        )
        form.errors["organisation"] = form.error_class(
            [
                _("%(organisation)s has already approved this exchange.")
                % {"organisation": organisation}
            ]
        )

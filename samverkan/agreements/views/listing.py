"""The list of a partnership's specific agreements, filtered, sorted and in keyset pages, and
its exports as CSV or XLSX: every row the filters select, with the values the user may see and
nothing more.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from samverkan.lib.exports import EXPORT_CHUNK, csv_response, to_xlsx
from samverkan.lib.keyset import paginate
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user

from .. import permissions
from ..forms import AgreementFilterForm
from ..models import Agreement
from .reading import (
    _organisation_name,
    _parties,
    agreements_for,
    filter_agreements,
    sorted_agreements,
)

PAGE_SIZE = 50


# The list and its exports


def _filtered(request: HttpRequest, access: PartnershipAccess):
    """The filter form from the query string and the agreements it selects, in its order."""
    filters = AgreementFilterForm(
        request.GET if any(k in request.GET for k in AgreementFilterForm.base_fields) else None,
        partnership=access.partnership,
    )
    criteria = filters.criteria()
    agreements = filter_agreements(agreements_for(request.user, access), **criteria)
    ordered, descending = sorted_agreements(agreements, criteria["sort"])
    return filters, ordered, descending


@login_required
def agreement_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    filters, agreements, descending = _filtered(request, access)
    page = paginate(
        agreements,
        field="sort_key",
        cursor=request.GET.get("after"),
        size=PAGE_SIZE,
        descending=descending,
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "agreements/list.html",
        {
            "partnership": access.partnership,
            "access": access,
            "rows": [{"agreement": a, "parties": _parties(a)} for a in page.rows],
            "page": page,
            "filters": filters,
            "query": query.urlencode(),
            "can_create": permissions.can_draft_agreements(access),
        },
    )


EXPORT_HEADER = [
    _lazy("Title"),
    _lazy("Status"),
    _lazy("Parties"),
    _lazy("Registration numbers"),
    _lazy("Term starts"),
    _lazy("Term ends"),
    _lazy("Signatures given"),
    _lazy("Signatures required"),
]


def _registration_numbers(agreement: Agreement) -> str:
    return "; ".join(
        f"{_organisation_name(r.party.organisation)}: {r.registration_number}"
        for r in agreement.registrations.all()
    )


def export_rows(agreements: QuerySet[Agreement]):
    """One row per agreement, with the values the user may see (masks as their text)."""
    for agreement in agreements.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            str(agreement.title),
            agreement.get_effective_status_display(),
            "; ".join(_organisation_name(o) for o in _parties(agreement)),
            _registration_numbers(agreement),
            agreement.starts_on.isoformat() if agreement.starts_on else "",
            agreement.ends_on.isoformat() if agreement.ends_on else "",
            agreement.signatures_given,
            agreement.signatures_required,
        ]


@login_required
def agreement_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The filtered list, every row, as CSV or XLSX: what the user may see and nothing more."""
    access = get_access_for_user(request.user, pk)
    _filters, agreements, descending = _filtered(request, access)
    agreements = agreements.order_by(
        "-sort_key" if descending else "sort_key", "-pk" if descending else "pk"
    )
    header = [str(h) for h in EXPORT_HEADER]
    name = f"agreements-{access.partnership.pk}"
    if file_format == "xlsx":
        response = HttpResponse(
            to_xlsx(str(_("Specific agreements")), header, export_rows(agreements)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return csv_response(name, header, export_rows(agreements))

"""What every page of agreements reads: the partnership's agreements as the user may see them
(`agreements_for`), the list's filters (`filter_agreements`) and order (`sorted_agreements`), and
the small helpers the other views share: the posted form data, the agreement fetched by uuid
through the access helper, its detail URL, its parties and the mask of its document.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, LPad, TruncDate
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from samverkan.lib.text_search import clean_query, search
from samverkan.organisations.models import Organisation
from samverkan.partnerships.permissions import PartnershipAccess

from .. import permissions
from ..confidentiality import Masked, searchable
from ..models import (
    Agreement,
    AgreementParty,
    Registration,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)

ENDED = (Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)


# Reading


def agreements_for(user: Any, access: PartnershipAccess) -> QuerySet[Agreement]:
    """The partnership's agreements as the user may see them, with what a list row shows."""
    return (
        Agreement.objects.for_user(user)
        .for_pages()
        .filter(partnership=access.partnership)
        .annotate(
            signatures_required=_count(RequiredSignatory.objects.filter(agreement=OuterRef("pk"))),
            signatures_given=_count(Signature.objects.valid().filter(agreement=OuterRef("pk"))),
        )
    )


def _count(rows: QuerySet) -> Coalesce:
    counted = rows.order_by().values("agreement").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def filter_agreements(
    queryset: QuerySet[Agreement],
    *,
    q: str = "",
    status: str | None = None,
    organisation: Any = None,
    year: int | None = None,
    kind: str | None = None,
    area: Any = None,
    unit: Any = None,
    **_ignored: Any,
) -> QuerySet[Agreement]:
    """Agreements matching each criterion given.

    - `status`: the effective status (an agreement in force past its term has expired).
    - `organisation`: one of its parties.
    - `year`: it runs at some time in that year. Its period runs from the start of its term
      (or, when none is set, the day it entered into force, or else the day it was recorded)
      to the day it was terminated or else the end of its term; an agreement in force with no
      end, or whose term renews itself, runs on. A draft or an agreement out for signature
      with no end counts in the year its period starts only (for most drafts: the year they
      were recorded).
    - `kind`, `area`, `unit`: of an activity it regulates (a unit taking part in it).
    - `q`: words of its title and text (only where the user may see them: a secret word finds
      nothing for anyone not entitled), or part of one of its registration numbers (public).
    """
    today = timezone.localdate()
    # As Agreement.effective_status: in force past the end of a term that does not renew
    # itself is expired.
    lapsed = Q(status=Agreement.Status.IN_FORCE, ends_on__lt=today, renewal_months__isnull=True)
    if status == Agreement.Status.IN_FORCE:
        queryset = queryset.filter(status=status).exclude(lapsed)
    elif status == Agreement.Status.EXPIRED:
        queryset = queryset.filter(Q(status=status) | lapsed)
    elif status:
        queryset = queryset.filter(status=status)
    if organisation is not None:
        queryset = queryset.filter(
            Exists(
                AgreementParty.objects.filter(
                    agreement=OuterRef("pk"), party__organisation=organisation
                )
            )
        )
    if year is not None:
        queryset = _running_in(queryset, year)
    regulated = Regulation.objects.filter(agreement=OuterRef("pk"))
    if kind:
        queryset = queryset.filter(Exists(regulated.filter(activity__kind=kind)))
    if area is not None:
        queryset = queryset.filter(Exists(regulated.filter(activity__area=area)))
    if unit is not None:
        queryset = queryset.filter(
            Exists(regulated.filter(activity__participants_taking_part__unit=unit))
        )
    query = clean_query(q)
    if query:
        expressions = searchable(
            ["title", "text"], {"title": "secret_title", "text": "secret_document"}
        )
        words = search(queryset, expressions, query).values("pk")
        numbers = Exists(
            Registration.objects.filter(  # unmasked: registration numbers are public
                agreement=OuterRef("pk"), registration_number__icontains=query
            )
        )
        queryset = queryset.filter(Q(pk__in=words) | numbers)
    return queryset


def _running_in(queryset: QuerySet[Agreement], year: int) -> QuerySet[Agreement]:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    queryset = queryset.annotate(
        runs_from=Coalesce("starts_on", "entered_into_force_on", TruncDate("created_at")),
        # A term that renews itself runs on until the agreement is terminated.
        runs_to=Case(
            When(terminated_on__isnull=False, then=F("terminated_on")),
            When(renewal_months__isnull=False, then=Value(None)),
            default=F("ends_on"),
            output_field=DateField(),
        ),
    )
    unsigned = (Agreement.Status.DRAFT, Agreement.Status.SENT)
    return queryset.filter(runs_from__lte=last).filter(
        Q(runs_to__gte=first)
        | (Q(runs_to__isnull=True) & ~Q(status__in=unsigned))
        | Q(runs_to__isnull=True, status__in=unsigned, runs_from__gte=first)
    )


# The order of the list. The title is sorted as the user sees it: a masked title sorts as
# empty, so that its place in the list cannot give away how the secret begins.
VISIBLE_TITLE = Case(
    When(Q(entitled=True) | Q(secret_title__isnull=True), then=F("title")),
    default=Value(""),
    output_field=CharField(),
)
# Creation order is the order of the ids; keyset pages need text, so: zero-padded digits.
CREATED = LPad(Cast("pk", output_field=CharField()), 20, Value("0"))
SORTS = {
    "title": (VISIBLE_TITLE, False),
    "-title": (VISIBLE_TITLE, True),
    "created": (CREATED, False),
    "-created": (CREATED, True),
}


def sorted_agreements(queryset: QuerySet[Agreement], sort: str) -> tuple[QuerySet, bool]:
    """The queryset annotated with its `sort_key`, and whether the order is descending."""
    expression, descending = SORTS.get(sort, SORTS["title"])
    return queryset.annotate(sort_key=expression), descending


def _posted(request: HttpRequest) -> Any:
    """The form data of a POST (even an empty one: nothing chosen is a choice), else None."""
    return request.POST if request.method == "POST" else None


def _agreement(request: HttpRequest, access: PartnershipAccess, agreement_uuid) -> Agreement:
    return permissions.get_agreement_for_user(request.user, access, agreement_uuid)


def _detail_url(pk: int, agreement: Agreement) -> str:
    return reverse("agreements:agreement_detail", args=[pk, agreement.uuid])


def document_hidden(agreement: Agreement) -> Masked | None:
    """The mask of the document when the user may not see it (its hash on each signature is
    the document's, and is masked with it)."""
    return getattr(agreement, "masked_targets", {}).get(SecrecyMarking.Target.DOCUMENT)


def _parties(agreement: Agreement) -> list[Organisation]:
    return [ap.party.organisation for ap in agreement.agreement_parties.all()]


def _organisation_name(organisation: Organisation) -> str:
    return organisation.short_name or organisation.name

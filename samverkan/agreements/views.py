"""Pages of specific agreements (R8): list, detail, drafting, document, signing, the register
entries, secrecy markings, access by name, the release copy and the history.

Every read goes through `Agreement.objects.for_user(user)` (get_agreement_for_user), so what is
marked secret reaches the templates already masked; a page never unmasks anything. Each POST
view: access helper (404 outside the partnership) → permission predicate (403) → form → one
service call → message → redirect.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    ProtectedError,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce, LPad, TruncDate
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from samverkan.activities.models import Activity
from samverkan.audit.changes import load_related_of_many
from samverkan.audit.history import HistoryEntry, entries_for
from samverkan.audit.services import (
    EditConflict,
    RecordClash,
    RecordGone,
    delete_record,
)
from samverkan.audit.views import apply_domain_error
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import to_csv, to_xlsx
from samverkan.lib.keyset import paginate
from samverkan.lib.text_search import clean_query, search
from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Party
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require

from . import permissions, services
from .confidentiality import (
    AGREEMENT_FIELDS,
    REGISTRATION_FIELDS,
    Masked,
    registrations_for,
    searchable,
)
from .forms import (
    AgreementFilterForm,
    AgreementForm,
    ConfirmForm,
    DocumentForm,
    GrantForm,
    MarkingForm,
    RegistrationForm,
    RegulationsForm,
    RemoveForm,
    ScanForm,
    SignatoryForm,
    SignForm,
    TerminateForm,
)
from .models import (
    AccessGrant,
    Agreement,
    AgreementParty,
    Registration,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)

PAGE_SIZE = 50
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


def _parties(agreement: Agreement) -> list[Organisation]:
    return [ap.party.organisation for ap in agreement.agreement_parties.all()]


def _organisation_name(organisation: Organisation) -> str:
    return organisation.short_name or organisation.name


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
    for agreement in agreements:
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
    response = HttpResponse(
        to_csv(header, export_rows(agreements)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


# The detail page


def load_details(agreement: Agreement) -> None:
    """Fetch the signatories and signatures a detail page or answer shows (a fixed number of
    queries, however many there are)."""
    prefetch_related_objects(
        [agreement],
        Prefetch(
            "required_signatories",
            queryset=RequiredSignatory.objects.select_related("person", "party__organisation"),
        ),
        Prefetch(
            "signatures",
            queryset=Signature.objects.select_related("recorded_by", "party__organisation"),
        ),
        "regulations",
    )


def signatory_rows(agreement: Agreement) -> list[dict[str, Any]]:
    """Each required signatory with their valid signature (or None) and voided ones."""
    by_signatory: dict[int, list[Signature]] = defaultdict(list)
    for signature in agreement.signatures.all():
        by_signatory[signature.signatory_id].append(signature)
    return [
        {
            "signatory": signatory,
            "signature": next((s for s in by_signatory[signatory.pk] if s.is_valid), None),
            "voided": [s for s in by_signatory[signatory.pk] if not s.is_valid],
        }
        for signatory in agreement.required_signatories.all()
    ]


def activities_for(user: Any, ids: list[int]) -> list[Activity]:
    """The activities of `ids` the user may see, masked as they are entitled, latest first
    (not by title: the order must not give away a masked one)."""
    return list(
        Activity.objects.for_user(user)
        .prefetch_related(None)
        .filter(pk__in=ids)
        .order_by("-starts", "-pk")
    )


def regulated_activities(user: Any, agreement: Agreement) -> list[Activity]:
    return activities_for(user, [r.activity_id for r in agreement.regulations.all()])


def may_open(access: PartnershipAccess, agreement: Agreement) -> bool:
    """Lift markings and give or take back access by name: a registrar or coordinator of a
    party, who is entitled to the agreement through that role. Marking (which only hides more)
    asks `can_mark_secret` alone; opening a secret also asks that the user may see it, so the
    site administrator, bound by secrecy too, cannot let themselves in."""
    return permissions.can_mark_secret(access, agreement) and bool(agreement.entitled)


def _registered_organisations(agreement: Agreement) -> set[int]:
    return {r.party.organisation_id for r in agreement.registrations.all()}


@login_required
def agreement_detail(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    load_details(agreement)
    user = request.user
    today = timezone.localdate()
    status = agreement.effective_status(today)
    rows = signatory_rows(agreement)
    unsigned = [row["signatory"] for row in rows if row["signature"] is None]
    can_edit = permissions.can_edit_agreement(access, agreement)
    writable = permissions.registration_organisations(access, agreement)
    sent = status == Agreement.Status.SENT
    grants = []
    if agreement.entitled:
        grants = list(
            AccessGrant.objects.filter(agreement=agreement).select_related("user", "granted_by")
        )
    return render(
        request,
        "agreements/detail.html",
        {
            "partnership": access.partnership,
            "access": access,
            "agreement": agreement,
            "status": status,
            "is_draft": status == Agreement.Status.DRAFT,
            "parties": _parties(agreement),
            "current_end": agreement.current_end(today),
            "notice_deadline": agreement.notice_deadline(today),
            "document_mask": document_hidden(agreement),
            "may_download": bool(agreement.entitled and agreement.document),
            "signatory_rows": rows,
            "registrations": list(agreement.registrations.all()),
            "writable_registrations": set(writable),
            "can_add_registration": bool(set(writable) - _registered_organisations(agreement)),
            "markings": list(agreement.markings.all()),
            "grants": grants,
            "activities": regulated_activities(user, agreement),
            "can_edit": can_edit,
            "can_sign": sent and any(permissions.can_sign_as(user, s) for s in unsigned),
            "can_scan": sent
            and any(permissions.can_register_scan_for(access, s) for s in unsigned),
            "can_terminate": status == Agreement.Status.IN_FORCE
            and permissions.can_terminate_agreement(access, agreement),
            "can_upload": can_edit and status in (Agreement.Status.DRAFT, Agreement.Status.SENT),
            "can_regulate": can_edit and status not in ENDED,
            "may_mark": permissions.can_mark_secret(access, agreement),
            "may_open": may_open(access, agreement),
            "can_release": permissions.can_make_release_copy(access),
        },
    )


@login_required
def document_download(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    """The agreement's PDF, for users entitled to it; 404 for anyone else and when none."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    return document_response(agreement)


def document_response(agreement: Agreement) -> FileResponse:
    if not agreement.entitled or not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except OSError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=str(agreement.document_name) or "agreement.pdf",
        content_type="application/pdf",
    )


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
        messages.error(request, _("The activities of an agreement that has ended are kept."))
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


# The document and the lifecycle


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    form = DocumentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            voided = services.replace_document(
                agreement, upload=form.cleaned_data["document"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            message = _("The document was saved.")
            if voided:
                message += " " + ngettext(
                    "The signature given to the earlier document was voided.",
                    "The %(count)d signatures given to the earlier document were voided.",
                    voided,
                ) % {"count": voided}
            messages.success(request, message)
            return redirect(_detail_url(pk, agreement))
    given = agreement.signatures.valid().count()
    warning = None
    if agreement.status == Agreement.Status.SENT and given:
        warning = ngettext(
            "One signature has been given. Replacing the document voids it: the signatory "
            "must sign the new document.",
            "%(count)d signatures have been given. Replacing the document voids them all: "
            "every signatory must sign the new document.",
            given,
        ) % {"count": given}
    return _form_page(
        request,
        form,
        title=_("Upload the agreement's document")
        if not agreement.document_sha256
        else _("Replace the agreement's document"),
        back_url=_detail_url(pk, agreement),
        submit=_("Upload"),
        warning=warning,
    )


def _lifecycle_step(
    request: HttpRequest,
    pk: int,
    agreement_uuid,
    *,
    title: str,
    submit: str,
    intro: str,
    step: Any,
    done: Any,
) -> HttpResponse:
    """Sending and taking back: a confirmation, the service, its refusal on the page."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_edit_agreement(access, agreement))
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = step(agreement, actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, done(result))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request, form, title=title, back_url=_detail_url(pk, agreement), submit=submit, intro=intro
    )


@login_required
@require_http_methods(["GET", "POST"])
def send(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    return _lifecycle_step(
        request,
        pk,
        agreement_uuid,
        title=_("Send the agreement for signature?"),
        submit=_("Send for signature"),
        intro=_(
            "Once sent, the terms, the parties and the signatories are locked; the document "
            "can still be replaced, which voids the signatures given."
        ),
        step=services.send_for_signature,
        done=lambda _result: _("The agreement was sent for signature."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    def done(voided: int) -> str:
        message = _("The agreement was taken back to draft.")
        if voided:
            message += " " + ngettext(
                "The signature given was voided.",
                "The %(count)d signatures given were voided.",
                voided,
            ) % {"count": voided}
        return message

    return _lifecycle_step(
        request,
        pk,
        agreement_uuid,
        title=_("Take the agreement back to draft?"),
        submit=_("Take back to draft"),
        intro=_("Every signature given so far is voided; the history keeps them."),
        step=services.withdraw_from_signature,
        done=done,
    )


def _signatories(agreement: Agreement) -> QuerySet[RequiredSignatory]:
    return agreement.required_signatories.select_related("person", "party__organisation")


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    """The signatory, logged in, signs the document as it is now (in_app)."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    signatories = _signatories(agreement)
    own = [s for s in signatories if permissions.can_sign_as(request.user, s)]
    require(bool(own))
    form = SignForm(_posted(request), signatories=signatories, offered=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agreement(
                agreement,
                signatory=form.cleaned_data["signatory"],
                actor=request.user,
                method=Signature.Method.IN_APP,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash:
            form.add_error("signatory", _("This signatory has already signed."))
        else:
            messages.success(request, _("Your signature was recorded."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Sign the agreement"),
        back_url=_detail_url(pk, agreement),
        submit=_("Sign"),
        intro=_(
            "You sign the document as it is now, identified by its SHA-256 %(hash)s. If the "
            "document is replaced later, your signature is voided."
        )
        % {"hash": agreement.document_sha256},
    )


@login_required
@require_http_methods(["GET", "POST"])
def scan(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    """A registrar registers the scan of a paper signed by a signatory of their own party."""
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    signatories = _signatories(agreement)
    allowed = [s for s in signatories if permissions.can_register_scan_for(access, s)]
    require(bool(allowed))
    form = ScanForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        signatories=signatories,
        offered=allowed,
    )
    if request.method == "POST" and form.is_valid():
        signatory = form.cleaned_data["signatory"]
        if signatory not in allowed:
            form.add_error("signatory", not_your_party())
        else:
            try:
                services.sign_agreement(
                    agreement,
                    signatory=signatory,
                    actor=request.user,
                    method=Signature.Method.SCAN,
                    scan=form.cleaned_data["scan"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
            except RecordClash:
                form.add_error("signatory", _("This signatory has already signed."))
            else:
                messages.success(request, _("The signed scan was registered."))
                return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Register a signed scan"),
        back_url=_detail_url(pk, agreement),
        submit=_("Register the signature"),
    )


def not_your_party() -> str:
    return _("You may register signed scans only for the signatories of your own party.")


@login_required
@require_http_methods(["GET", "POST"])
def terminate(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_terminate_agreement(access, agreement))
    form = TerminateForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.terminate_agreement(
                agreement, on=form.cleaned_data["terminated_on"], actor=request.user
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, _("The agreement was recorded as terminated."))
            return redirect(_detail_url(pk, agreement))
    return _form_page(
        request,
        form,
        title=_("Record that the agreement has ended"),
        back_url=_detail_url(pk, agreement),
        submit=_("Record the termination"),
    )


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


# The release copy (a request for public access)


def release_values(
    instance: Any, fields_by_target: dict[str, tuple[str, ...]], provisions: dict[str, str]
) -> dict[str, Any]:
    """The values of `instance`'s fields in `fields_by_target`, each field of a marked target
    masked with its provision, whoever reads it: a release copy shows no marked part, even to
    a registrar entitled to it (the secrecy is assessed, and the marked parts masked, at each
    request for the record)."""
    return {
        name: Masked(provisions[target]) if target in provisions else getattr(instance, name)
        for target, names in fields_by_target.items()
        for name in names
    }


def _provisions(agreement: Agreement) -> dict[str, str]:
    return {marking.target: marking.provision for marking in agreement.markings.all()}


@login_required
def release_copy(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_make_release_copy(access))
    load_details(agreement)
    provisions = _provisions(agreement)
    document = provisions.get(SecrecyMarking.Target.DOCUMENT)
    return render(
        request,
        "agreements/release_copy.html",
        {
            "partnership": access.partnership,
            "agreement": agreement,
            "values": release_values(agreement, AGREEMENT_FIELDS, provisions),
            "registrations": [
                {
                    "registration": registration,
                    "values": release_values(registration, REGISTRATION_FIELDS, provisions),
                }
                for registration in agreement.registrations.all()
            ],
            "parties": _parties(agreement),
            "signatory_rows": signatory_rows(agreement),
            "document_mask": Masked(document) if document else None,
            "markings": list(agreement.markings.all()),
            "today": timezone.localdate(),
        },
    )


# History


def agreement_history(user: Any, agreement: Agreement) -> list[HistoryEntry]:
    """The history of the agreement and every record under it, newest first.

    For a reader not entitled to the agreement, each field marked secret now is masked in
    every version (older versions hold the same secret), the signatures' hashes with the
    document, and the grants of access by name are left out. Labels that name the agreement
    or a regulated activity show them as the reader may see them.
    """
    pk = agreement.pk
    sources: list[tuple[type, Any]] = [
        (Agreement, Agreement.history.filter(id=pk)),
        (AgreementParty, AgreementParty.history.filter(agreement_id=pk)),
        (RequiredSignatory, RequiredSignatory.history.filter(agreement_id=pk)),
        (Signature, Signature.history.filter(agreement_id=pk)),
        (Registration, Registration.history.filter(agreement_id=pk)),
        (SecrecyMarking, SecrecyMarking.history.filter(agreement_id=pk)),
        (Regulation, Regulation.history.filter(agreement_id=pk)),
    ]
    if agreement.entitled:
        sources.append((AccessGrant, AccessGrant.history.filter(agreement_id=pk)))
    fetched = [(model, list(records.select_related("history_user"))) for model, records in sources]
    if not agreement.entitled:
        provisions = _provisions(agreement)
        hidden = {
            Agreement: AGREEMENT_FIELDS,
            Registration: REGISTRATION_FIELDS,
            Signature: {"document": ("document_sha256", "scan", "scan_sha256")},
        }
        for model, records in fetched:
            for record in records:
                for target, names in hidden.get(model, {}).items():
                    if target in provisions:
                        for name in names:
                            setattr(record, name, str(Masked(provisions[target])))
    related = load_related_of_many(fetched)
    # Parties and signatories are named by their organisation and person: one query each.
    for model, name in ((Party, "organisation"), (RequiredSignatory, "person")):
        prefetch_related_objects([o for (m, _key), o in related.items() if m is model], name)
    related[(Agreement, pk)] = str(agreement.title)
    activity_ids = [key for model, key in related if model is Activity]
    seen = {a.pk: a for a in activities_for(user, activity_ids)}
    for key in activity_ids:
        related[(Activity, key)] = str(seen[key].title) if key in seen else f"#{key}"
    entries: list[HistoryEntry] = []
    for model, records in fetched:
        entries.extend(entries_for(model, records, related))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


@login_required
def history(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    return render(
        request,
        "audit/history.html",
        {
            "title": _("History of the agreement «%(title)s»") % {"title": agreement.title},
            "back_url": _detail_url(pk, agreement),
            "entries": agreement_history(request.user, agreement),
        },
    )

"""Pages for activities of every kind (R3, R4): list with filters, search, order and export;
detail; create and edit; status; the units and people taking part; each party's benefit;
secrecy markings; and which kinds need an agreement in force to start.

Every read goes through `Activity.objects.for_user(user)` (or the masked prefetch querysets), so
what is marked secret reaches no page, export or search for a user not entitled to it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, ExpressionWrapper, F, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods

from samverkan.agreements import services as agreement_services
from samverkan.agreements.confidentiality import (
    activity_parties_for,
    participants_for,
    searchable,
)
from samverkan.agreements.models import Agreement, SecrecyMarking
from samverkan.agreements.permissions import (
    MARK_SECRET,
    can_edit_activity,
    can_lift_activity_marking,
    can_mark_activity_secret,
    can_record_activities,
)
from samverkan.audit.services import EditConflict, RecordClash, RecordGone
from samverkan.audit.views import apply_domain_error, confirm_delete, form_page
from samverkan.lib.errors import DomainError
from samverkan.lib.exports import EXPORT_CHUNK, csv_response, to_xlsx
from samverkan.lib.keyset import Page, paginate
from samverkan.lib.text_search import Stored, search
from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Partnership
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user, require

from . import services
from .activity_forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivityPartyForm,
    ActivityStatusForm,
    KindSettingsForm,
    MarkingForm,
    NewActivityForm,
    ParticipantForm,
)
from .models import FIGURES_BY_KIND, Activity, ActivityKind

PAGE_SIZE = 50

SEARCHED = ["title", "description", "outcomes"]
SECRET_OF = {
    "title": "secret_title",
    "description": "secret_description",
    "outcomes": "secret_outcomes",
}


# Reading


def activities_for(user, partnership: Partnership) -> QuerySet[Activity]:
    """The partnership's activities as the user may see them (masked where marked)."""
    return Activity.objects.for_user(user).for_pages().filter(partnership=partnership)


def listed_activities_for(user, partnership: Partnership) -> QuerySet[Activity]:
    """As `activities_for`, with only what a row of the list or the export shows: the parties,
    not the people taking part nor the markings' authorities (two queries fewer a page)."""
    return (
        Activity.objects.for_user(user, people=False)
        .select_related("area")
        .filter(partnership=partnership)
    )


def searched_text() -> list[Any]:
    """The text a search reads: title, description and outcomes, each only where the user may
    see it (confidentiality.searchable)."""
    return searchable(SEARCHED, SECRET_OF)


# On PostgreSQL the whole text's vector is stored (migration 0005): an activity none of whose
# searched fields is marked is matched against it; a marked one by what the reader may see.
STORED_TEXT = Stored(
    column="search_document",
    marked=SecrecyMarking.objects.filter(
        activity__isnull=False, target__in=["title", "description", "outcomes"]
    ).values("activity_id"),
    entitled=Q(entitled=True),  # annotated by for_user
    unentitled_text=searchable(SEARCHED, SECRET_OF, unentitled=True),
)


def sort_keys() -> dict[str, Any]:
    """What the list may be ordered by, as text. A title the user may not see sorts as empty
    text, so that its place in the list tells nothing about it (nor does the cursor)."""
    (title,) = searchable(["title"], {"title": SECRET_OF["title"]})
    return {"title": title, "starts": ExpressionWrapper(F("starts"), output_field=CharField())}


def select_activities(
    user, partnership: Partnership, filters: ActivityFilterForm, *, rows_only: bool = False
) -> tuple[QuerySet[Activity], bool]:
    """The activities the filters and the search select, annotated with the `sort_key` they are
    ordered by; and whether the order is descending. Pages, exports and the API share it;
    `rows_only` fetches only what a list row shows (`listed_activities_for`).

    The search reads only what the user may see (confidentiality.searchable): a word of a
    masked field finds nothing for them.
    """
    base = listed_activities_for if rows_only else activities_for
    activities = base(user, partnership).matching(**filters.criteria())
    activities = search(activities, searched_text(), filters.search_text(), stored=STORED_TEXT)
    field, descending = filters.ordering()
    return activities.annotate(sort_key=sort_keys()[field]), descending


def filter_form(data: QueryDict, partnership: Partnership) -> ActivityFilterForm:
    bound = any(name in data for name in ActivityFilterForm.base_fields)
    return ActivityFilterForm(data if bound else None, partnership=partnership)


def page_of(activities: QuerySet[Activity], *, cursor: str | None, descending: bool) -> Page:
    return paginate(
        activities, field="sort_key", cursor=cursor, size=PAGE_SIZE, descending=descending
    )


def _activity(access: PartnershipAccess, user, activity_pk: int) -> Activity:
    """The activity under the partnership, masked as the user is entitled; 404 for any other."""
    return get_object_or_404(activities_for(user, access.partnership), pk=activity_pk)


def _query_without_cursor(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


# List and exports


@login_required
def activity_list(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    filters = filter_form(request.GET, access.partnership)
    activities, descending = select_activities(
        request.user, access.partnership, filters, rows_only=True
    )
    page = page_of(activities, cursor=request.GET.get("after"), descending=descending)
    return render(
        request,
        "activities/activity_list.html",
        {
            "partnership": access.partnership,
            "access": access,
            "can_record": can_record_activities(access),
            "activities": page.rows,
            "page": page,
            "filters": filters,
            "query": _query_without_cursor(request),
        },
    )


EXPORT_HEADER = [
    _lazy("Title"),
    _lazy("Kind"),
    _lazy("Status"),
    _lazy("Collaboration area"),
    _lazy("Starts"),
    _lazy("Ends"),
    _lazy("Parties"),
    _lazy("Students"),
    _lazy("Participants"),
    _lazy("Hours"),
    _lazy("Funding"),
    _lazy("Currency"),
]


def _export_rows(activities: QuerySet[Activity], *, descending: bool):
    direction = "-" if descending else ""
    ordered = activities.order_by(f"{direction}sort_key", f"{direction}pk")
    for activity in ordered.iterator(chunk_size=EXPORT_CHUNK):
        yield [
            str(activity.title),  # a masked title as its text: "Secret (provision)"
            activity.get_kind_display(),
            activity.get_status_display(),
            activity.area.display_name if activity.area else "",
            activity.starts.isoformat(),
            activity.ends.isoformat() if activity.ends else "",
            "; ".join(ap.party.organisation.name for ap in activity.activity_parties.all()),
            activity.students,
            activity.participants,
            activity.hours,
            activity.funding_amount,
            activity.funding_currency,
        ]


@login_required
def activity_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
    """The filtered list, every row, as CSV or XLSX: what the user may see and nothing more."""
    access = get_access_for_user(request.user, pk)
    filters = filter_form(request.GET, access.partnership)
    activities, descending = select_activities(
        request.user, access.partnership, filters, rows_only=True
    )
    header = [str(h) for h in EXPORT_HEADER]
    rows = _export_rows(activities, descending=descending)
    name = f"activities-{access.partnership.pk}"
    if file_format == "xlsx":
        response = HttpResponse(
            to_xlsx(str(_("Activities")), header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return csv_response(name, header, rows)


# Detail and status


def figures_of(activity: Activity) -> list[tuple[str, Any]]:
    """The figures that fit the activity's kind (funding apart), with their labels."""
    return [
        (Activity._meta.get_field(figure).verbose_name, getattr(activity, figure))
        for figure in FIGURES_BY_KIND[activity.kind]
        if figure != "funding_amount"
    ]


def people_of(activity: Activity) -> list[dict[str, Any]]:
    """The units and people taking part; a person marked secret is its mask."""
    rows = []
    for participant in activity.participants_taking_part.all():
        masked = participant.__dict__.get("masked_relations", {})
        rows.append(
            {
                "participant": participant,
                "organisation": participant.party.organisation,
                "unit": participant.unit,
                "person": masked.get("person") or participant.person,
                "role": participant.role,
            }
        )
    return rows


def regulating_agreements(user, activity: Activity) -> list[Agreement]:
    """The agreements that regulate the activity, masked as the user is entitled."""
    return list(
        Agreement.objects.for_user(user).filter(regulations__activity=activity).order_by("pk")
    )


def _detail_page(
    request: HttpRequest,
    access: PartnershipAccess,
    activity: Activity,
    *,
    status_form: ActivityStatusForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_record = can_record_activities(access)
    allowed = Activity.TRANSITIONS[Activity.Status(activity.status)]
    if status_form is None and can_record and allowed:
        status_form = ActivityStatusForm(activity=activity)
    problems = []
    if activity.status == Activity.Status.PLANNED:
        problems = [problem.message for problem in services.start_problems(activity)]
    return render(
        request,
        "activities/activity_detail.html",
        {
            "partnership": access.partnership,
            "access": access,
            "activity": activity,
            "figures": figures_of(activity),
            "fits_funding": "funding_amount" in FIGURES_BY_KIND[activity.kind],
            "parties": activity.activity_parties.all(),
            "people": people_of(activity),
            "markings": activity.markings.all(),
            "agreements": regulating_agreements(request.user, activity),
            "start_problems": problems,
            "status_form": status_form if can_record and allowed else None,
            "can_record": can_record,
            "can_edit": can_edit_activity(access, activity),
            "can_mark": can_mark_activity_secret(access, activity),
            "can_lift": can_lift_activity_marking(access, activity),
            "is_eu_project": activity.kind == ActivityKind.EU_PROJECT,
        },
        status=status,
    )


@login_required
def activity_detail(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    return _detail_page(request, access, _activity(access, request.user, activity_pk))


@login_required
@require_http_methods(["GET", "POST"])
def activity_status(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    """Move the activity to its next status (POST); a refusal is shown on the activity's page."""
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    require(can_record_activities(access))
    if request.method != "POST":
        return redirect("activities:activity_detail", pk=pk, activity_pk=activity_pk)
    form = ActivityStatusForm(request.POST, activity=activity)
    if form.is_valid():
        new_status = form.cleaned_data["status"]
        try:
            services.change_activity_status(activity, status=new_status, actor=request.user)
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The activity is now %(status)s.")
                % {"status": Activity.Status(new_status).label.lower()},
            )
            return redirect("activities:activity_detail", pk=pk, activity_pk=activity_pk)
    return _detail_page(request, access, activity, status_form=form, status=400)


# Create and edit


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int | None = None) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk) if activity_pk is not None else None
    if activity is None:
        require(can_record_activities(access))
        back_url = reverse("activities:activity_list", args=[pk])
    else:
        # A masked activity cannot be edited: the masks would overwrite the secret.
        require(can_edit_activity(access, activity))
        back_url = reverse("activities:activity_detail", args=[pk, activity.pk])
    form_class = NewActivityForm if activity is None else ActivityForm
    form = form_class(
        request.POST or None,
        instance=activity,
        partnership=access.partnership,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The activity was saved."))
        return redirect("activities:activity_detail", pk=pk, activity_pk=form.instance.pk)
    return form_page(
        request,
        form,
        title=_("Edit activity") if activity else _("New activity"),
        back_url=back_url,
        context={
            "intro": _(
                "Only the figures that fit the kind of activity may be filled in; each figure "
                "says which kinds it applies to. Funding needs a currency."
            )
        },
    )


# Units and people taking part; each party's benefit


@login_required
@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    # Only one entitled to the activity: a unit or person of one's own organisation makes it a
    # party, whose coordinators, leadership and registrars are then entitled to its secrets.
    require(can_edit_activity(access, activity))
    form = ParticipantForm(request.POST or None, activity=activity, user=request.user)
    back_url = reverse("activities:activity_detail", args=[pk, activity.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.save_participant(form.instance, actor=request.user)
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The unit or person was added to the activity."))
            return redirect(back_url)
    return form_page(
        request,
        form,
        title=_("Add a unit or person taking part"),
        back_url=back_url,
        context={"intro": str(activity.title)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_remove(
    request: HttpRequest, pk: int, activity_pk: int, participant_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    participant = get_object_or_404(
        participants_for(request.user)
        .filter(activity=activity)
        .select_related("party__organisation", "unit", "person"),
        pk=participant_pk,
    )
    require(can_edit_activity(access, activity))
    who = participant.person.name if participant.person else participant.unit.name
    return confirm_delete(
        request,
        participant,
        title=_("Remove %(name)s from the activity") % {"name": who},
        back_url=reverse("activities:activity_detail", args=[pk, activity.pk]),
        success_message=_("%(name)s no longer takes part in the activity.") % {"name": who},
    )


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, pk: int, activity_pk: int, party_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    activity_party = get_object_or_404(
        activity_parties_for(request.user)
        .filter(activity=activity)
        .select_related("party__organisation"),
        pk=party_pk,
    )
    require(can_edit_activity(access, activity))
    form = ActivityPartyForm(
        request.POST or None, instance=activity_party, activity=activity, user=request.user
    )
    back_url = reverse("activities:activity_detail", args=[pk, activity.pk])
    if request.method == "POST" and form.is_valid() and form.save_record(request.user):
        messages.success(request, _("The party's part in the activity was saved."))
        return redirect(back_url)
    return form_page(
        request,
        form,
        title=_("%(party)s in the activity") % {"party": activity_party.party.organisation},
        back_url=back_url,
        context={"intro": str(activity.title)},
    )


# Secrecy markings


def _authorities(access: PartnershipAccess, activity: Activity) -> QuerySet[Organisation]:
    """The activity's parties the user may mark secrets for (their own, through their role)."""
    organisations = [
        ap.party.organisation_id
        for ap in activity.activity_parties.all()
        if access.roles.has(*MARK_SECRET, organisation_id=ap.party.organisation_id)
    ]
    return Organisation.objects.filter(pk__in=organisations).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def activity_mark(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    require(can_mark_activity_secret(access, activity))
    authorities = _authorities(access, activity)
    form = MarkingForm(request.POST or None, authorities=authorities)
    if request.method == "GET" and len(authorities) == 1:
        form.fields["authority"].initial = authorities[0].pk
    back_url = reverse("activities:activity_detail", args=[pk, activity.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement_services.mark_secret(
                target=data["target"],
                provision=data["provision"],
                marked_on=data["marked_on"],
                authority=data["authority"],
                actor=request.user,
                activity=activity,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        except RecordClash as clash:
            form.add_error(None, clash.message)
        else:
            messages.success(request, _("The marking was saved."))
            return redirect(back_url)
    return form_page(
        request,
        form,
        title=_("Mark part of the activity secret"),
        back_url=back_url,
        context={
            "intro": _(
                "A marking is a warning that states the provision it rests on, the date and the "
                "authority that made it. It must be assessed again at each request for the "
                "record."
            )
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_unmark(
    request: HttpRequest, pk: int, activity_pk: int, marking_pk: int
) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = _activity(access, request.user, activity_pk)
    marking = get_object_or_404(SecrecyMarking, pk=marking_pk, activity=activity)
    require(can_lift_activity_marking(access, activity))
    back_url = reverse("activities:activity_detail", args=[pk, activity.pk])
    if request.method == "POST":
        agreement_services.remove_marking(marking, actor=request.user)
        messages.success(request, _("The marking was lifted."))
        return redirect(back_url)
    return render(
        request,
        "confirm_delete.html",
        {
            "title": _("Lift the marking: %(marking)s") % {"marking": marking},
            "back_url": back_url,
            "version": marking.version,
        },
    )


# Which kinds need an agreement


@login_required
@require_http_methods(["GET", "POST"])
def kind_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Coordinators choose per kind whether its activities need an agreement in force to start."""
    access = get_access_for_user(request.user, pk)
    require(access.can_edit)
    form = KindSettingsForm(request.POST or None, partnership=access.partnership)
    back_url = reverse("activities:activity_list", args=[pk])
    if request.method == "POST":
        if form.is_valid():
            try:
                form.save(request.user)
            except (EditConflict, RecordGone, RecordClash) as refusal:
                form.add_error(None, refusal.message)
                form.show_current()
            else:
                messages.success(request, _("The settings were saved."))
                return redirect(back_url)
        else:
            form.show_current()
    return form_page(
        request,
        form,
        title=_("Which kinds of activity need an agreement"),
        back_url=back_url,
        context={
            "intro": _(
                "An activity of a ticked kind cannot start until an agreement that regulates it "
                "is in force (R8). By default every kind needs one but guest lectures and "
                "student recruitment."
            )
        },
    )

"""The history of an activity (R3, R4) and of the records under it: its parties, the units and
people taking part, its secrecy markings and the agreements regulating it; newest first.

Masked as agreements' history is (confidentiality.mask_history_versions): for a reader not
entitled to the activity, each field marked secret now is masked in every version, since older
versions hold the same secret: the title, description and outcomes, each party's benefit (with
the outcomes), and the person and role of those taking part (with the people). The agreements
regulating it are named as the reader may see them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from samverkan.agreements.confidentiality import (
    ACTIVITY_FIELDS,
    ACTIVITY_PARTY_FIELDS,
    PARTICIPANT_FIELDS,
    Masked,
    mask_history_versions,
    show_history_masks,
)
from samverkan.agreements.models import Agreement, Regulation, SecrecyMarking
from samverkan.audit.changes import load_related_of_many
from samverkan.audit.history import HistoryEntry, entries_for
from samverkan.partnerships.models import Partnership, Party
from samverkan.partnerships.permissions import get_access_for_user

from .models import Activity, ActivityParticipant, ActivityParty

# For each kind of record: target of a marking → the fields it masks.
HIDDEN: dict[type, dict[str, tuple[str, ...]]] = {
    Activity: ACTIVITY_FIELDS,
    ActivityParty: ACTIVITY_PARTY_FIELDS,
    ActivityParticipant: PARTICIPANT_FIELDS,
}


def activity_for_history(user: Any, partnership: Partnership, activity_pk: int) -> Activity:
    """The activity under the partnership, masked as the user is entitled, with its markings;
    404 for any other (or outside the partnership)."""
    activities: QuerySet[Activity] = (
        Activity.objects.for_user(user)
        .prefetch_related(None)
        .prefetch_related("markings")
        .filter(partnership=partnership)
    )
    return get_object_or_404(activities, pk=activity_pk)


def activity_history(user: Any, activity: Activity) -> list[HistoryEntry]:
    """The history of the activity and every record under it, newest first, masked as the user
    is entitled (`activity` from `activity_for_history` or any `for_user` queryset with its
    markings). A fixed number of queries, however many changes."""
    pk = activity.pk
    sources: list[tuple[type, Any]] = [
        (Activity, Activity.history.filter(id=pk)),
        (ActivityParty, ActivityParty.history.filter(activity_id=pk)),
        (ActivityParticipant, ActivityParticipant.history.filter(activity_id=pk)),
        (SecrecyMarking, SecrecyMarking.history.filter(activity_id=pk)),
        (Regulation, Regulation.history.filter(activity_id=pk)),
    ]
    fetched = [(model, list(records.select_related("history_user"))) for model, records in sources]
    relations: list[tuple[Any, Any, str, Masked]] = []
    if not activity.entitled:
        provisions = {marking.target: marking.provision for marking in activity.markings.all()}
        relations = mask_history_versions(fetched, HIDDEN, provisions)
    related = load_related_of_many(fetched)
    # Parties are named by their organisation: one query.
    prefetch_related_objects([o for (m, _key), o in related.items() if m is Party], "organisation")
    show_history_masks(relations, related)
    related[(Activity, pk)] = str(activity.title)
    agreement_ids = [key for model, key in related if model is Agreement]
    if agreement_ids:
        seen = {
            agreement.pk: agreement
            for agreement in Agreement.objects.for_user(user)
            .prefetch_related(None)
            .filter(pk__in=agreement_ids)
        }
        for key in agreement_ids:
            related[(Agreement, key)] = str(seen[key].title) if key in seen else f"#{key}"
    entries: list[HistoryEntry] = []
    for model, records in fetched:
        entries.extend(entries_for(model, records, related))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


@login_required
def activity_history_page(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    activity = activity_for_history(request.user, access.partnership, activity_pk)
    return render(
        request,
        "activities/activity_history.html",
        {
            "partnership": access.partnership,
            "activity": activity,
            "title": _("History of the activity «%(title)s»") % {"title": activity.title},
            "entries": activity_history(request.user, activity),
        },
    )

"""The release copy of an agreement made at a request for public access (every marked part
masked, whoever asks), and the history of the agreement and every record under it, masked as
the reader is entitled.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.activities.models import Activity
from samverkan.audit.changes import load_related_of_many
from samverkan.audit.history import HistoryEntry, entries_for
from samverkan.partnerships.models import Party
from samverkan.partnerships.permissions import get_access_for_user, require

from .. import permissions
from ..confidentiality import (
    AGREEMENT_FIELDS,
    REGISTRATION_FIELDS,
    Masked,
    mask_history_versions,
)
from ..models import (
    AccessGrant,
    Agreement,
    AgreementParty,
    Registration,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
    signing,
)
from .detail import activities_for, signatory_rows
from .reading import _agreement, _detail_url, _parties

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
    return {marking.target: marking.provision for marking in agreement.secrecy_markings()}


@login_required
def release_copy(request: HttpRequest, pk: int, agreement_uuid) -> HttpResponse:
    access = get_access_for_user(request.user, pk)
    agreement = _agreement(request, access, agreement_uuid)
    require(permissions.can_make_release_copy(access))
    prefetch_related_objects([agreement], signing())
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
            "markings": agreement.secrecy_markings(),
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
        mask_history_versions(fetched, hidden, provisions)  # no relations among these
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

"""The detail page of an agreement: its signatories and signatures, the activities it regulates,
its register entries, secrecy markings and grants of access, with the flags that say what the
user may do; and the download of its document, for those entitled to it only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samverkan.activities.models import Activity
from samverkan.partnerships.permissions import PartnershipAccess, get_access_for_user

from .. import permissions
from ..models import AccessGrant, Agreement, Signature, signing
from .reading import ENDED, _agreement, _parties, document_hidden

# The detail page


def load_details(agreement: Agreement) -> None:
    """Fetch the signatories and signatures an answer shows, and the ids of the activities the
    agreement regulates (two queries, however many there are)."""
    prefetch_related_objects([agreement], signing(), "regulations")


def signatory_rows(agreement: Agreement) -> list[dict[str, Any]]:
    """Each required signatory with their valid signature (or None) and voided ones (from
    `signing()`)."""
    rows: dict[int, dict[str, Any]] = {}
    for signatory in agreement.signing:
        row = rows.setdefault(
            signatory.pk, {"signatory": signatory, "signature": None, "voided": []}
        )
        signature: Signature | None = getattr(signatory, "signed", None)
        if signature is None:
            continue
        if not signature.is_valid:
            row["voided"].append(signature)
        elif row["signature"] is None:
            row["signature"] = signature
    return list(rows.values())


def activities_for(user: Any, ids: list[int]) -> list[Activity]:
    """The activities of `ids` the user may see, masked as they are entitled, latest first
    (not by title: the order must not give away a masked one)."""
    return _readable_activities(user, Q(pk__in=ids))


def regulated_activities(user: Any, agreement: Agreement) -> list[Activity]:
    """The activities the agreement regulates that the user may see, as `activities_for`, found
    through the regulations in the same query."""
    return _readable_activities(user, Q(regulations__agreement=agreement))


def _readable_activities(user: Any, condition: Q) -> list[Activity]:
    return list(
        Activity.objects.for_user(user)
        .prefetch_related(None)
        .filter(condition)
        .order_by("-starts", "-pk")
    )


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
    # Whether anyone has access by name, asked with the agreement: the grants are read only
    # when there are some and the user may see them.
    granted = Exists(AccessGrant.objects.filter(agreement=OuterRef("pk")))
    agreement = permissions.get_agreement_for_user(
        request.user, access, agreement_uuid, granted=granted
    )
    prefetch_related_objects([agreement], signing())
    user = request.user
    today = timezone.localdate()
    status = agreement.effective_status(today)
    rows = signatory_rows(agreement)
    unsigned = [row["signatory"] for row in rows if row["signature"] is None]
    can_edit = permissions.can_edit_agreement(access, agreement)
    writable = permissions.registration_organisations(access, agreement)
    sent = status == Agreement.Status.SENT
    grants = []
    if agreement.entitled and agreement.granted:
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
            "markings": agreement.secrecy_markings(),
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

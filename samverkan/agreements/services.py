"""The lifecycle of a specific agreement (R8): document, sending, signing, force and its end.

Callers check permissions (agreements/permissions.py); these do not. Every service runs in one
transaction, locks the agreement row first (so two signatures at the same moment are counted
one after the other) and raises DomainError with a message for the person who asked, with
nothing saved.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.audit.services import (
    create_record,
    delete_record,
    refresh_unless_masked,
    refusing_clashes,
)
from samverkan.lib.errors import DomainError
from samverkan.lib.pdf import check_pdf

from .models import (
    AccessGrant,
    Agreement,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)


class AgreementError(DomainError):
    pass


def _locked(agreement: Agreement) -> Agreement:
    return Agreement.objects.select_for_update().get(pk=agreement.pk)


def _save(agreement: Agreement, actor: Any, *fields: str) -> None:
    """Save the given fields with a new version (an editor holding the old one must reload)."""
    agreement.version += 1
    agreement._history_user = actor  # type: ignore[attr-defined]
    agreement.save(update_fields=[*fields, "version", "updated_at"])


def _void_signatures(agreement: Agreement, *, reason: str, actor: Any) -> int:
    """Void every valid signature (kept, visibly, with why and when). Returns how many."""
    now = timezone.now()
    voided = 0
    for signature in agreement.signatures.valid():
        signature.voided_at = now
        signature.void_reason = reason
        signature.version += 1
        signature._history_user = actor  # type: ignore[attr-defined]
        signature.save(update_fields=["voided_at", "void_reason", "version", "updated_at"])
        voided += 1
    return voided


def replace_document(agreement: Agreement, *, upload: Any, actor: Any) -> int:
    """Attach a PDF as the agreement's document, or replace the one it has.

    Allowed in a draft and while the agreement is out for signature; replacing it then voids
    every signature given (they signed another document): returns how many were voided. Refused
    for an agreement in force or ended, and for an upload that is empty, too big or not a PDF.
    """
    checked = check_pdf(upload, max_bytes=settings.AGREEMENT_DOCUMENT_MAX_BYTES)
    with transaction.atomic():
        locked = _locked(agreement)
        if locked.status not in (Agreement.Status.DRAFT, Agreement.Status.SENT):
            raise AgreementError(
                _(
                    "The document of an agreement that is %(status)s cannot be replaced; "
                    "record a new agreement instead."
                )
                % {"status": locked.get_status_display().lower()},
                field="document",
            )
        voided = 0
        if locked.status == Agreement.Status.SENT:
            voided = _void_signatures(
                locked, reason=Signature.VoidReason.DOCUMENT_REPLACED, actor=actor
            )
        name = getattr(upload, "name", "") or "document.pdf"
        locked.document.save(f"{locked.uuid}.pdf", ContentFile(checked.content), save=False)
        locked.document_name = name[-255:]
        locked.document_size = checked.size
        locked.document_sha256 = checked.sha256
        _save(locked, actor, "document", "document_name", "document_size", "document_sha256")
    refresh_unless_masked(agreement)
    return voided


def send_for_signature(agreement: Agreement, *, actor: Any) -> None:
    """Send a draft for signature: its document and terms are locked from now on.

    Refused without a document, without parties, or while a party has no required signatory.
    """
    with transaction.atomic():
        locked = _locked(agreement)
        if not locked.document_sha256:
            raise AgreementError(
                _("Upload the agreement's document before sending it for signature."),
                field="document",
            )
        parties = list(locked.agreement_parties.select_related("party__organisation"))
        if not parties:
            raise AgreementError(_("Name the parties to the agreement before sending it."))
        signing = set(locked.required_signatories.values_list("party_id", flat=True))
        for agreement_party in parties:
            if agreement_party.party_id not in signing:
                raise AgreementError(
                    _("%(party)s has no required signatory yet.")
                    % {"party": agreement_party.party.organisation}
                )
        locked.transition_to(Agreement.Status.SENT)
        _save(locked, actor, "status")
    refresh_unless_masked(agreement)


def withdraw_from_signature(agreement: Agreement, *, actor: Any) -> int:
    """Take an agreement out for signature back to draft; the signatures given are voided."""
    with transaction.atomic():
        locked = _locked(agreement)
        locked.transition_to(Agreement.Status.DRAFT)
        voided = _void_signatures(locked, reason=Signature.VoidReason.WITHDRAWN, actor=actor)
        _save(locked, actor, "status")
    refresh_unless_masked(agreement)
    return voided


def sign_agreement(
    agreement: Agreement,
    *,
    signatory: RequiredSignatory,
    actor: Any,
    method: str = Signature.Method.IN_APP,
    scan: Any = None,
    signed_at: datetime.datetime | None = None,
) -> Signature:
    """Record a required signatory's signature of the document as it is now.

    In the application (`in_app`) the actor must be the signatory, logged in; a scan (`scan`)
    is registered by someone else (the caller checks that they are a registrar) with the
    signed PDF. The agreement enters into force when the last required signatory has signed.
    Refused for a draft or an agreement no longer out for signature, a signatory of another
    agreement, someone who is not the signatory, and a second signature by the same signatory.
    """
    scan_checked = None
    if method == Signature.Method.SCAN:
        if scan is None:
            raise AgreementError(_("Upload the signed scan."), field="scan")
        scan_checked = check_pdf(
            scan, max_bytes=settings.AGREEMENT_DOCUMENT_MAX_BYTES, field="scan"
        )
    with refusing_clashes():
        locked = _locked(agreement)
        if locked.status == Agreement.Status.DRAFT:
            raise AgreementError(
                _("A draft cannot be signed: send it for signature first."), field="signatory"
            )
        if locked.status != Agreement.Status.SENT:
            raise AgreementError(
                _("An agreement that is %(status)s cannot be signed.")
                % {"status": locked.get_status_display().lower()},
                field="signatory",
            )
        if signatory.agreement_id != locked.pk:
            raise AgreementError(
                _("%(person)s is not a required signatory of this agreement.")
                % {"person": signatory.person},
                field="signatory",
            )
        if method == Signature.Method.IN_APP and (
            actor is None or getattr(actor, "person_id", None) != signatory.person_id
        ):
            raise AgreementError(
                _("Only %(person)s can sign in the application for themselves.")
                % {"person": signatory.person},
                field="signatory",
            )
        if locked.signatures.valid().filter(signatory=signatory).exists():
            raise AgreementError(
                _("%(person)s has already signed this agreement.") % {"person": signatory.person},
                field="signatory",
            )
        signature = Signature(
            agreement=locked,
            signatory=signatory,
            party_id=signatory.party_id,
            signed_at=signed_at or timezone.now(),
            method=method,
            recorded_by=actor,
            document_sha256=locked.document_sha256,
        )
        if scan_checked is not None:
            signature.scan.save(
                f"{locked.uuid}-{signatory.pk}.pdf", ContentFile(scan_checked.content), save=False
            )
            signature.scan_sha256 = scan_checked.sha256
        create_record(signature, actor=actor)
        required = set(locked.required_signatories.values_list("pk", flat=True))
        signed = set(locked.signatures.valid().values_list("signatory_id", flat=True))
        if required <= signed:
            locked.transition_to(Agreement.Status.IN_FORCE)
            locked.entered_into_force_on = timezone.localdate(signature.signed_at)
            _save(locked, actor, "status", "entered_into_force_on")
    refresh_unless_masked(agreement)
    return signature


def terminate_agreement(agreement: Agreement, *, on: datetime.date, actor: Any) -> None:
    """End an agreement in force on a day (by notice or by the parties' decision)."""
    with transaction.atomic():
        locked = _locked(agreement)
        if on > timezone.localdate():
            raise AgreementError(
                _("The day the agreement ended cannot be in the future."),
                field="terminated_on",
            )
        if locked.entered_into_force_on and on < locked.entered_into_force_on:
            raise AgreementError(
                _("An agreement cannot end before it entered into force."), field="terminated_on"
            )
        locked.transition_to(Agreement.Status.TERMINATED)
        locked.terminated_on = on
        _save(locked, actor, "status", "terminated_on")
    refresh_unless_masked(agreement)


def mark_secret(
    *,
    target: str,
    provision: str,
    marked_on: datetime.date,
    authority: Any,
    actor: Any,
    agreement: Agreement | None = None,
    activity: Any = None,
) -> SecrecyMarking:
    """Mark a part of an agreement or of an activity secret, citing the provision, the date and
    the authority. Refused for a target that does not apply, or one already marked."""
    allowed = (
        SecrecyMarking.AGREEMENT_TARGETS
        if agreement is not None
        else SecrecyMarking.ACTIVITY_TARGETS
    )
    if target not in allowed:
        raise AgreementError(_("This part cannot be marked secret here."), field="target")
    if not provision.strip():
        raise AgreementError(_("Name the provision the secrecy rests on."), field="provision")
    if marked_on > timezone.localdate():
        raise AgreementError(_("A marking cannot be dated in the future."), field="marked_on")
    with refusing_clashes():
        existing = SecrecyMarking.objects.filter(
            agreement=agreement, activity=activity, target=target
        )
        if existing.exists():
            raise AgreementError(_("This part is already marked secret."), field="target")
        return create_record(
            SecrecyMarking(
                agreement=agreement,
                activity=activity,
                target=target,
                provision=provision.strip(),
                marked_on=marked_on,
                authority=authority,
                marked_by=actor,
            ),
            actor=actor,
        )


def remove_marking(marking: SecrecyMarking, *, actor: Any) -> None:
    """Lift a secrecy marking (after a new assessment); the history keeps it."""
    delete_record(marking, actor=actor)


def grant_access(agreement: Agreement, *, user: Any, reason: str, actor: Any) -> AccessGrant:
    """Give a named user access to what is marked secret on the agreement and its activities.

    Refused to oneself: a grant on the agreement opens the activities it regulates, which the
    one who may give access to the agreement need not be entitled to."""
    if actor is not None and getattr(user, "pk", None) == getattr(actor, "pk", None):
        raise AgreementError(
            _("You cannot give yourself access; another entitled user must give it."),
            field="user",
        )
    if not reason.strip():
        raise AgreementError(_("Say why the user is given access."), field="reason")
    with refusing_clashes():
        if AccessGrant.objects.filter(agreement=agreement, user=user).exists():
            raise AgreementError(_("This user already has access."), field="user")
        return create_record(
            AccessGrant(agreement=agreement, user=user, reason=reason.strip(), granted_by=actor),
            actor=actor,
        )


def revoke_access(grant: AccessGrant, *, actor: Any) -> None:
    delete_record(grant, actor=actor)


def check_terms_editable(agreement: Agreement) -> None:
    """The terms, parties and required signatories change only in a draft: once sent, what the
    signatories sign is fixed. Raises AgreementError otherwise."""
    if agreement.is_locked:
        raise AgreementError(
            _(
                "The agreement has been sent for signature: its terms, parties and signatories "
                "are locked. Take it back to draft to change them (the signatures are voided)."
            )
        )

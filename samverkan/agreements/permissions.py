"""Who may do what with activities and specific agreements. See docs/roles.md.

Reading follows the partnership: whoever takes part in it sees every activity and every
agreement's register entry, with what is marked secret masked unless they are entitled (the
querysets' `for_user`). These predicates answer the questions about changing things; the pages
and the API ask the same ones, and 403 only what the user can see.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from samverkan.accounts.models import Role
from samverkan.partnerships.permissions import PartnershipAccess

from .models import Agreement, RequiredSignatory

RECORD_ACTIVITIES = (Role.COORDINATOR, Role.CONTRIBUTOR)
DRAFT_AGREEMENTS = (Role.COORDINATOR,)
TERMINATE_AGREEMENTS = (Role.COORDINATOR, Role.LEADERSHIP)
REGISTER = (Role.REGISTRAR, Role.COORDINATOR)  # register entries, for one's own party
MARK_SECRET = (Role.REGISTRAR, Role.COORDINATOR)  # markings and access by name
REGISTER_SCANS = (Role.REGISTRAR,)  # a signed paper's scan, for one's own party
RELEASE_COPIES = (Role.REGISTRAR,)


def can_record_activities(access: PartnershipAccess) -> bool:
    """Record and edit activities, their units and people, and move their status."""
    return access.roles.has(*RECORD_ACTIVITIES)


def can_edit_activity(access: PartnershipAccess, activity) -> bool:
    """Edit this activity: one who records activities and is entitled to what is marked on it
    (a masked activity cannot be edited: the masks would overwrite the secret)."""
    return can_record_activities(access) and bool(getattr(activity, "entitled", True))


def can_draft_agreements(access: PartnershipAccess) -> bool:
    """Record agreements, edit drafts, upload the document, send and take back for signature."""
    return access.roles.has(*DRAFT_AGREEMENTS)


def _party_organisations(agreement: Agreement) -> list[int]:
    return [ap.party.organisation_id for ap in agreement.agreement_parties.all()]


def can_edit_agreement(access: PartnershipAccess, agreement: Agreement) -> bool:
    """Change the agreement itself (drafts, document, sending): a coordinator entitled to it."""
    return can_draft_agreements(access) and bool(getattr(agreement, "entitled", True))


def can_terminate_agreement(access: PartnershipAccess, agreement: Agreement) -> bool:
    """Record that an agreement in force has ended: coordinators or leadership of its parties."""
    return any(
        access.roles.has(*TERMINATE_AGREEMENTS, organisation_id=org)
        for org in _party_organisations(agreement)
    )


def registration_organisations(access: PartnershipAccess, agreement: Agreement) -> list[int]:
    """The agreement's parties whose register entry the user may write (their own party's)."""
    return [
        org
        for org in _party_organisations(agreement)
        if access.roles.has(*REGISTER, organisation_id=org)
    ]


def can_mark_secret(access: PartnershipAccess, agreement: Agreement) -> bool:
    """Mark parts secret, lift markings and give access by name: a registrar or coordinator of
    one of the agreement's parties (who is entitled to it through that role)."""
    return any(
        access.roles.has(*MARK_SECRET, organisation_id=org)
        for org in _party_organisations(agreement)
    )


def can_mark_activity_secret(access: PartnershipAccess, activity) -> bool:
    """The same for an activity, through one of the parties taking part in it."""
    return any(
        access.roles.has(*MARK_SECRET, organisation_id=ap.party.organisation_id)
        for ap in activity.activity_parties.all()
    )


def can_lift_activity_marking(access: PartnershipAccess, activity) -> bool:
    """Lift a marking of an activity: one who may mark it and is entitled to what is marked
    (so the site administrator, bound by secrecy too, cannot open what they may not see)."""
    return can_mark_activity_secret(access, activity) and bool(getattr(activity, "entitled", True))


def can_register_scan_for(access: PartnershipAccess, signatory: RequiredSignatory) -> bool:
    """Register a scanned paper signature: a registrar of the signatory's party."""
    return access.roles.has(*REGISTER_SCANS, organisation_id=signatory.party.organisation_id)


def can_sign_as(user, signatory: RequiredSignatory) -> bool:
    """Sign in the application: only the signatory themself, logged in."""
    return (
        user.is_authenticated
        and user.person_id is not None
        and (user.person_id == signatory.person_id)
    )


def can_make_release_copy(access: PartnershipAccess) -> bool:
    """Produce a release copy for a request for public access: the registrars."""
    return access.roles.has(*RELEASE_COPIES)


def get_agreement_for_user(user, access: PartnershipAccess, uuid, **annotations) -> Agreement:
    """The agreement under the partnership, masked as the user is entitled, with its parties
    and markings (and any `annotations` a page asks of its row); 404 for any other."""
    return get_object_or_404(
        Agreement.objects.for_user(user)
        .for_pages()
        .with_markings()
        .filter(partnership=access.partnership)
        .annotate(**annotations),
        uuid=uuid,
    )

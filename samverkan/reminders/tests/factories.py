"""Records with deadlines, for the reminder tests."""

import datetime

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.activities.models import PersonnelExchange
from samverkan.agreements.models import Agreement, Signature
from samverkan.agreements.tests.factories import agreement_between
from samverkan.areas.models import CollaborationArea
from samverkan.followup.models import ActionItem, SteeringGroupMember, SteeringMeeting
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory


def user_for(person, *, email=None, role=None, partnership=None, organisation=None):
    """A user for a person, with an e-mail address and, when given, a role in a partnership."""
    user = UserFactory(
        username=f"u{person.pk}", email=email or f"u{person.pk}@example.org", person=person
    )
    if role:
        RoleFactory(
            user=user,
            role=role,
            partnership=partnership,
            organisation=organisation or person.organisation,
        )
    return user


def in_force(world, **terms) -> Agreement:
    """An agreement of both parties in force, with the given term (ends_on, notice_months...)."""
    agreement, _signatories = agreement_between(
        world.mou, [world.party_stad, world.party_kth], document=False
    )
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.IN_FORCE, **terms)
    return Agreement.objects.get(pk=agreement.pk)  # unmasked: a test's fixture


def signed(agreement, signatory) -> Signature:
    return Signature.objects.create(
        agreement=agreement,
        signatory=signatory,
        party=signatory.party,
        signed_at=datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC),
        method=Signature.Method.IN_APP,
        document_sha256=agreement.document_sha256 or "0" * 64,
    )


def action_item(world, *, due_on, owner=None, held_on=datetime.date(2026, 1, 15)):
    meeting = SteeringMeeting.objects.create(partnership=world.mou, held_on=held_on)
    owner = owner or PersonFactory(organisation=world.kth)
    return ActionItem.objects.create(
        meeting=meeting, description="Skriv årsrapporten", owner=owner, due_on=due_on
    )


def steering_member(world, person, *, starts_on=datetime.date(2020, 1, 1)):
    return SteeringGroupMember.objects.create(
        partnership=world.mou,
        party=world.party_kth,
        person=person,
        role=SteeringGroupMember.Role.MEMBER,
        starts_on=starts_on,
    )


def exchange(world, *, ends_on, starts_on=datetime.date(2026, 1, 1)):
    area = CollaborationArea.objects.create(
        partnership=world.mou, name="Hållbar stad", identified_on=PartialDate(2014, 5)
    )
    return PersonnelExchange.objects.create(
        partnership=world.mou,
        person=PersonFactory(organisation=world.kth, name="Karin Utbyte"),
        home_organisation=world.kth,
        host_organisation=world.stad,
        position="Utredare",
        extent_percent=50,
        starts_on=starts_on,
        ends_on=ends_on,
        area=area,
    )


__all__ = ["Role", "action_item", "exchange", "in_force", "signed", "steering_member", "user_for"]

"""What is marked secret is masked in the query itself, for whoever is not entitled."""

import pytest

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.activities.models import Activity, ActivityParty
from samverkan.agreements import services
from samverkan.agreements.confidentiality import Masked, is_masked
from samverkan.agreements.models import Agreement, Regulation
from samverkan.agreements.tests.factories import (
    ActivityFactory,
    agreement_between,
    mark,
    register,
)
from samverkan.organisations.tests.factories import OrganisationFactory
from samverkan.partnerships.tests.factories import PartyFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages and masks are read here in English (the default language is Swedish)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def secret(world):
    """An agreement of KTH alone, its document, title and register subject marked secret."""
    agreement, _ = agreement_between(world.mou, [world.party_kth], title="Hemligt samarbete")
    register(agreement, world.party_kth, "V-2025-0042", subject="Hemlig sak")
    for target in ("document", "title", "subject"):
        mark(agreement, target=target, authority=world.kth)
    return agreement


@pytest.fixture
def third(world):
    """A coordinator of a third organisation taking part in the partnership."""
    region = OrganisationFactory(name="Region Stockholm")
    party = PartyFactory(partnership=world.mou, organisation=region)
    user = UserFactory(username="region")
    RoleFactory(user=user, organisation=region, partnership=world.mou, role=Role.COORDINATOR)
    return user, party


def test_a_user_of_another_party_sees_the_register_entry_masked(world, secret):
    agreement = Agreement.objects.for_user(world.coordinator_stad).get(pk=secret.pk)
    assert not agreement.entitled
    assert is_masked(agreement.title)
    assert is_masked(agreement.text)
    assert str(agreement.title) == "Secret (OSL 31 kap. 16 §)"
    assert not agreement.document
    assert is_masked(agreement.document_sha256)
    (registration,) = agreement.registrations.all()
    assert registration.registration_number == "V-2025-0042"
    assert is_masked(registration.subject)
    assert registration.correspondent == "Kungliga Tekniska högskolan"  # not marked


def test_users_of_its_parties_with_a_confidential_role_see_everything(world, secret):
    for user in (world.coordinator,):
        agreement = Agreement.objects.for_user(user).get(pk=secret.pk)
        assert agreement.entitled
        assert agreement.title == "Hemligt samarbete"
        assert agreement.registrations.all()[0].subject == "Hemlig sak"


@pytest.mark.parametrize("persona", ["viewer", "contributor", "steering", "admin"])
def test_other_roles_of_the_party_and_the_site_admin_do_not(world, secret, persona):
    agreement = Agreement.objects.for_user(getattr(world, persona)).get(pk=secret.pk)
    assert not agreement.entitled
    assert is_masked(agreement.title)


def test_access_granted_by_name(world, secret):
    services.grant_access(secret, user=world.viewer, reason="Handläggning", actor=world.coordinator)
    agreement = Agreement.objects.for_user(world.viewer).get(pk=secret.pk)
    assert agreement.title == "Hemligt samarbete"


def test_the_outsider_sees_nothing(world, secret):
    assert not Agreement.objects.for_user(world.outsider).exists()


def test_an_agreement_without_markings_is_open_to_the_partnership(world, third):
    agreement, _ = agreement_between(world.mou, [world.party_kth], title="Öppet avtal")
    user, _party = third
    assert Agreement.objects.for_user(user).get(pk=agreement.pk).title == "Öppet avtal"


def test_a_masked_instance_is_never_saved(world, secret):
    from samverkan.audit.services import save_versioned

    agreement = Agreement.objects.for_user(world.viewer).get(pk=secret.pk)
    with pytest.raises(RuntimeError, match="masked"):
        save_versioned(agreement, expected_version=agreement.version, actor=world.viewer)
    secret.refresh_from_db()
    assert secret.title == "Hemligt samarbete"


def test_a_marked_activity_is_masked_like_its_agreement(world, secret, third):
    activity = ActivityFactory(partnership=world.mou, title="Hemlig studie", description="x")
    ActivityParty.objects.create(activity=activity, party=world.party_kth, benefit="Nytta")
    Regulation.objects.create(agreement=secret, activity=activity)
    mark(activity=activity, target="title", authority=world.kth)
    mark(activity=activity, target="outcomes", authority=world.kth)
    user, _party = third
    seen = Activity.objects.for_user(user).get(pk=activity.pk)
    assert seen.title == Masked("OSL 31 kap. 16 §")
    assert seen.description == "x"  # not marked
    assert is_masked(seen.activity_parties.all()[0].benefit)
    assert Activity.objects.for_user(world.coordinator).get(pk=activity.pk).title == "Hemlig studie"
    services.grant_access(secret, user=user, reason="Revision", actor=world.coordinator)
    assert Activity.objects.for_user(user).get(pk=activity.pk).title == "Hemlig studie"


def test_people_on_an_activity_are_visible_unless_marked(world, third):
    from samverkan.activities.models import ActivityParticipant
    from samverkan.organisations.models import Person
    from samverkan.organisations.tests.factories import PersonFactory

    user, _party = third
    open_activity = ActivityFactory(partnership=world.mou)
    secret_activity = ActivityFactory(partnership=world.mou)
    shown = PersonFactory(organisation=world.kth, name="Synlig")
    hidden = PersonFactory(organisation=world.kth, name="Dold")
    ActivityParticipant.objects.create(
        activity=open_activity, party=world.party_kth, person=shown, role="handledare"
    )
    ActivityParticipant.objects.create(
        activity=secret_activity, party=world.party_kth, person=hidden, role="handledare"
    )
    agreement, _ = agreement_between(world.mou, [world.party_kth])
    mark(agreement, target="title", authority=world.kth)  # a marking with no activity
    mark(activity=secret_activity, target="people", authority=world.kth)
    visible = set(Person.objects.visible_to(user))
    assert shown in visible
    assert hidden not in visible
    participant = Activity.objects.for_user(user).get(pk=secret_activity.pk)
    (seen,) = participant.participants_taking_part.all()
    assert seen.person is None and is_masked(seen.role)


def test_a_service_never_reloads_a_masked_instance_with_its_secrets(world, secret):
    from samverkan.agreements import services as agreement_services

    masked = Agreement.objects.for_user(world.viewer).get(pk=secret.pk)
    agreement_services.send_for_signature(masked, actor=world.coordinator)
    assert is_masked(masked.title)
    assert Agreement.objects.get(pk=secret.pk).status == Agreement.Status.SENT

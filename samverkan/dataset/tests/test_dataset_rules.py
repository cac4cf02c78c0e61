"""The generated dataset at its small scale: its size and shape, that every row keeps the rules
the models and services enforce, and that the real pages work on it."""

from __future__ import annotations

import csv
import datetime
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.activities.models import (
    Activity,
    ActivityParticipant,
    ActivityParty,
    ExchangeApproval,
    PersonnelExchange,
    kinds_needing_agreement,
)
from samverkan.activities.services import approval_problems
from samverkan.agreements.confidentiality import is_masked
from samverkan.agreements.models import (
    Agreement,
    Regulation,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)
from samverkan.dataset.generate import generate
from samverkan.dataset.partnerships import LARGEST_SHARE
from samverkan.dataset.register import GEODATA
from samverkan.dataset.scales import AS_OF, SCALES
from samverkan.dataset.tables import TABLES
from samverkan.followup.models import ActionItem, LeadershipDialogue, SteeringMeeting
from samverkan.innovation.case_services import is_member_on
from samverkan.innovation.models import STAGE_ORDER, InnovationCase, StageChange
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.django_db
SMALL = SCALES["small"]
ENDED = (Agreement.Status.IN_FORCE, Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)


def quietly(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def dataset(django_db_setup, django_db_blocker):
    """The small dataset, generated once for the tests that only read it, in a transaction
    rolled back after them (each test's own transaction is a savepoint within it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(SMALL, 1, say=quietly)
        transaction.set_rollback(True)


def _csv(name: str, column: str) -> set[str]:
    with (GEODATA / name).open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_the_small_scale_has_the_shape_of_the_national_one(dataset):
    assert 900 <= Activity.objects.count() <= 1_100
    assert 130 <= Agreement.objects.count() <= 170
    assert Partnership.objects.filter(kind=Partnership.Kind.MOU).count() == SMALL.partnerships
    assert Partnership.objects.filter(kind=Partnership.Kind.NETWORK).count() == SMALL.networks
    assert InnovationCase.objects.count() == SMALL.cases
    assert 15 <= PersonnelExchange.objects.count() <= 25
    assert Person.objects.count() > 1_000
    assert Unit.objects.count() > 300
    assert 3 * Activity.objects.count() > ActivityParty.objects.count() > Activity.objects.count()
    assert ActivityParticipant.objects.exists()
    assert Signature.objects.count() > 2 * Agreement.objects.filter(status__in=ENDED).count()
    assert SteeringMeeting.objects.count() > SMALL.partnerships * 10
    assert ActionItem.objects.filter(status=ActionItem.Status.OPEN).exists()
    assert {dialogue.held_on.year for dialogue in LeadershipDialogue.objects.all()} == set(
        range(2016, 2026)
    )
    assert {activity.starts.year for activity in Activity.objects.all()} == set(range(2016, 2026))
    assert dataset.rows == sum(table.model._base_manager.count() for table in TABLES)


def test_a_big_city_and_university_mou_holds_a_tenth_of_the_work(dataset):
    """The first partnership, whose export of all its activities issue 8 measures: at
    national scale, 100,000 of them, and by far the largest list (at this scale, a dozen
    partnerships, another may be larger)."""
    largest = Partnership.objects.annotate(n=Count("activities")).order_by("pk").first()
    assert 0.09 <= largest.n / Activity.objects.count() <= 0.11
    kinds = set(largest.parties.values_list("organisation__kind", flat=True))
    assert largest.parties.filter(organisation__name="Stockholms kommun").exists()
    assert len(kinds) == 2 and Organisation.Kind.MUNICIPALITY in kinds
    assert largest.signed_on.year < 2016 and not largest.notices.exists()
    assert 0.05 <= largest.agreements.count() / Agreement.objects.count() <= 0.15
    assert SCALES["national"].activities * LARGEST_SHARE >= 100_000


def test_every_county_and_municipality_is_there_by_its_real_name(dataset):
    regions = set(
        Organisation.objects.filter(kind=Organisation.Kind.REGION).values_list("name", flat=True)
    )
    municipalities = set(
        Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY).values_list(
            "name", flat=True
        )
    )
    assert regions == _csv("counties.csv", "county_name")
    assert municipalities == _csv("municipalities.csv", "municipality_name")
    assert len(regions) == 21 and len(municipalities) == 290
    assert "Stockholms län" in regions and "Kiruna kommun" in municipalities


def test_every_row_passes_its_models_own_validation(dataset):
    """A sample spread over every table: clean(), field validation, constraints, uniqueness."""
    for table in TABLES:
        rows = table.model._base_manager.order_by("pk")
        count = rows.count()
        assert count, f"{table.name} is empty"
        for index in range(0, count, max(1, count // 25)):
            rows[index].full_clean()


def test_every_confidential_agreement_is_marked_and_masked_to_those_not_entitled(dataset):
    marked = Agreement.objects.filter(markings__isnull=False).distinct()
    assert 0.04 < marked.count() / Agreement.objects.count() < 0.2
    for marking in SecrecyMarking.objects.filter(agreement__isnull=False):
        assert marking.provision.startswith("OSL ")
        assert marking.marked_on <= AS_OF
        assert marking.agreement.agreement_parties.filter(
            party__organisation=marking.authority
        ).exists()
    marking = SecrecyMarking.objects.filter(
        agreement__isnull=False, target=SecrecyMarking.Target.TITLE
    ).first()
    agreement = marking.agreement
    reader = User.objects.filter(
        role_assignments__partnership=agreement.partnership,
        role_assignments__role=Role.VIEWER,
        person__isnull=False,
    ).first()
    assert is_masked(Agreement.objects.for_user(reader).get(pk=agreement.pk).title)
    coordinator = User.objects.get(
        role_assignments__partnership=agreement.partnership,
        role_assignments__role=Role.COORDINATOR,
        role_assignments__organisation=marking.authority,
    )
    assert not is_masked(Agreement.objects.for_user(coordinator).get(pk=agreement.pk).title)


def test_only_required_signatories_sign_and_the_last_signature_puts_it_in_force(dataset):
    signatures = defaultdict(list)
    for signature in Signature.objects.select_related("signatory", "recorded_by"):
        assert signature.signatory.agreement_id == signature.agreement_id
        assert signature.party_id == signature.signatory.party_id
        assert signature.recorded_by.person_id == signature.signatory.person_id
        assert signature.method == Signature.Method.IN_APP and signature.is_valid
        signatures[signature.agreement_id].append(signature)
    required = defaultdict(set)
    for signatory in RequiredSignatory.objects.select_related("person", "party"):
        assert signatory.person.organisation_id == signatory.party.organisation_id
        required[signatory.agreement_id].add(signatory.pk)
    for agreement in Agreement.objects.all():
        signed = {s.signatory_id for s in signatures[agreement.pk]}
        assert required[agreement.pk], "every agreement names who must sign it"
        assert all(s.document_sha256 == agreement.document_sha256 for s in signatures[agreement.pk])
        if agreement.status in ENDED:
            assert signed == required[agreement.pk]
            last = max(s.signed_at for s in signatures[agreement.pk])
            assert agreement.entered_into_force_on == timezone.localdate(last)
        elif agreement.status == Agreement.Status.SENT:
            assert signed < required[agreement.pk] and agreement.document_sha256
        else:
            assert not signed
    assert Agreement.objects.filter(status=Agreement.Status.EXPIRED).exists()
    assert Agreement.objects.filter(status=Agreement.Status.TERMINATED).exists()


def _was_in_force(agreement: Agreement, day: datetime.date) -> bool:
    return (
        agreement.status in ENDED
        and agreement.entered_into_force_on <= day
        and (agreement.starts_on is None or agreement.starts_on <= day)
        and (agreement.ends_on is None or agreement.renewal_months or agreement.ends_on >= day)
        and (agreement.terminated_on is None or agreement.terminated_on >= day)
    )


def test_an_activity_that_needs_an_agreement_started_under_one_in_force(dataset):
    regulating = defaultdict(list)
    for regulation in Regulation.objects.select_related("agreement"):
        regulating[regulation.activity_id].append(regulation.agreement)
    needing = {p.pk: kinds_needing_agreement(p.pk) for p in Partnership.objects.all()}
    started = Activity.objects.filter(
        status__in=[Activity.Status.ONGOING, Activity.Status.COMPLETED]
    )
    checked = 0
    for activity in started:
        if activity.kind in needing[activity.partnership_id]:
            start = activity.starts.first_day()
            assert any(_was_in_force(a, start) for a in regulating[activity.pk]), activity.pk
            checked += 1
    assert checked > 300


def test_everything_dated_lies_within_its_partnerships_validity(dataset):
    validity = {p.pk: p.validity() for p in Partnership.objects.with_parties()}

    def within(partnership_id, first_day, last_day):
        begins, ends = validity[partnership_id]
        return begins <= first_day and (ends is None or last_day <= ends)

    for activity in Activity.objects.all():
        last = activity.ends.last_day() if activity.ends else activity.starts.last_day()
        assert activity.starts.first_day() <= last
        assert within(activity.partnership_id, activity.starts.first_day(), last)
        assert datetime.date(2016, 1, 1) <= activity.starts.first_day() <= AS_OF
        if activity.status == Activity.Status.COMPLETED:
            assert last <= AS_OF
    for exchange in PersonnelExchange.objects.all():
        assert within(exchange.partnership_id, exchange.starts_on, exchange.ends_on)
    for meeting in SteeringMeeting.objects.all():
        assert within(meeting.partnership_id, meeting.held_on, meeting.held_on)
        assert meeting.held_on <= AS_OF
    for dialogue in LeadershipDialogue.objects.select_related("partnership"):
        assert dialogue.validity_problem() is None
        assert dialogue.held_in_season() is not False


def test_innovation_cases_are_opened_at_members_on_the_day_and_move_through_stages(dataset):
    changes = defaultdict(list)
    for change in StageChange.objects.order_by("changed_on", "pk"):
        changes[change.case_id].append(change)
    for case in InnovationCase.objects.select_related("network", "institution"):
        assert is_member_on(case.network, case.institution, case.opened_on)
        stage, since = "idea", case.opened_on
        for change in changes[case.pk]:
            assert change.from_stage == stage and change.changed_on >= since
            assert STAGE_ORDER[change.to_stage] > STAGE_ORDER[change.from_stage] or change.reason
            stage, since = change.to_stage, change.changed_on
        assert (case.stage, case.stage_since) == (stage, since)
    advisors = RoleAssignment.objects.filter(role=Role.ADVISOR)
    assert advisors.count() >= Partnership.objects.filter(kind=Partnership.Kind.NETWORK).count()
    advisor = advisors.select_related("user").first().user
    assert InnovationCase.objects.visible_to(advisor).exists()


def test_approved_exchanges_keep_r5_and_are_approved_by_home_and_host(dataset):
    approvals = defaultdict(list)
    for approval in ExchangeApproval.objects.select_related("party", "approved_by"):
        approvals[approval.exchange_id].append(approval)
    approved = 0
    for exchange in PersonnelExchange.objects.select_related("area"):
        given = approvals[exchange.pk]
        if given:
            assert not approval_problems(exchange)
            assert {a.party.organisation_id for a in given} <= set(exchange.parties_to_approve())
            for approval in given:
                assert RoleAssignment.objects.filter(
                    user=approval.approved_by,
                    partnership=exchange.partnership,
                    organisation=approval.party.organisation_id,
                    role=Role.COORDINATOR,
                ).exists()
            approved += len(given) == 2
    assert approved > PersonnelExchange.objects.count() / 2


def test_every_party_has_a_coordinator_whose_password_is_unusable(dataset):
    for partnership in Partnership.objects.prefetch_related("parties"):
        for party in partnership.parties.all():
            assert RoleAssignment.objects.filter(
                partnership=partnership, organisation=party.organisation_id, role=Role.COORDINATOR
            ).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert User.objects.filter(person__isnull=False).count() > User.objects.count() / 2


def test_a_generated_coordinator_opens_the_activity_list_of_their_partnership(dataset, client):
    partnership = (
        Partnership.objects.filter(kind=Partnership.Kind.MOU)
        .order_by("-pk")
        .filter(activities__isnull=False)
        .first()
    )
    coordinator = User.objects.filter(
        role_assignments__partnership=partnership, role_assignments__role=Role.COORDINATOR
    ).first()
    client.force_login(coordinator)
    response = client.get(reverse("activities:activity_list", args=[partnership.pk]))
    assert response.status_code == 200
    assert response.context["activities"]
    outsider = User.objects.exclude(role_assignments__partnership=partnership).first()
    client.force_login(outsider)
    response = client.get(reverse("activities:activity_list", args=[partnership.pk]))
    assert response.status_code == 404

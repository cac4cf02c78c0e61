"""The demo's innovation office, advisors and cases keep the rules the application enforces."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
import time_machine
from django.db import transaction

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.activities.models import Activity, ActivityKind
from samverkan.demo import loader
from samverkan.innovation.case_services import is_member_on
from samverkan.innovation.models import (
    STAGE_ORDER,
    CasePerson,
    InnovationCase,
    InnovationOffice,
    Outcome,
    Stage,
    StageChange,
    Support,
)
from samverkan.partnerships.models import Partnership

TODAY = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def interact(db):
    with time_machine.travel(TODAY, tick=False):
        loader.load()
        yield Partnership.objects.get(name="InterAct")


def test_the_office_is_as_the_source_describes_it(interact):
    office = InnovationOffice.objects.get()
    office.full_clean()
    assert office.mandate == "Propositionen Ett lyft för forskning och innovation"
    assert office.mandate_reference == "2008/09:50"
    assert office.merged_into.name == "KTH Innovation"
    assert office.head.name == office.contact.name == "Lisa Ericsson"
    assert office.network == interact


def test_cases_at_every_member_across_the_years(interact):
    cases = list(InnovationCase.objects.filter(network=interact).select_related("institution"))
    per_institution = Counter(case.institution.short_name for case in cases)
    assert set(per_institution) == {"KTH", "SU", "MDU"}
    assert all(30 <= n <= 40 for n in per_institution.values())
    assert {case.opened_on.year for case in cases} == set(range(2014, 2027))
    assert {case.stage for case in cases} == set(Stage.values)


def test_every_case_keeps_the_rules(interact):
    today = TODAY.date()
    cases = InnovationCase.objects.filter(network=interact).prefetch_related(
        "stage_changes", "people__person", "support", "outcomes"
    )
    backwards = 0
    for case in cases:
        case.full_clean()
        assert is_member_on(interact, case.institution, case.opened_on)
        assert case.opened_on <= case.stage_since <= today
        roles = Counter(named.role for named in case.people.all())
        assert roles == {CasePerson.Role.INVENTOR: 1, CasePerson.Role.ADVISOR: 1}
        inventor = next(n.person for n in case.people.all() if n.role == "inventor")
        assert inventor.organisation_id == case.institution_id and inventor.is_fictional
        stage, since = Stage.IDEA, case.opened_on
        for change in case.stage_changes.all():
            assert change.from_stage == stage
            assert since <= change.changed_on <= today
            if STAGE_ORDER[change.to_stage] < STAGE_ORDER[change.from_stage]:
                assert change.reason
                backwards += 1
            stage, since = change.to_stage, change.changed_on
        assert (case.stage, case.stage_since) == (stage, since)
        for record in [*case.support.all(), *case.outcomes.all()]:
            record.full_clean()
            assert record.amount is None or record.currency == "SEK"
    assert backwards >= 2
    kinds = set(Support.objects.values_list("kind", flat=True))
    assert kinds == set(Support.Kind.values)
    assert set(Outcome.objects.values_list("kind", flat=True)) == set(Outcome.Kind.values)
    assert StageChange.objects.exists()


def test_advisors_see_the_cases_they_advise(interact):
    kth_advisor = User.objects.get(username="radgivare_kth")
    su_advisor = User.objects.get(username="radgivare_su")
    assert {
        c.institution.short_name
        for c in InnovationCase.objects.visible_to(kth_advisor).select_related("institution")
    } == {"KTH", "MDU"}
    assert {
        c.institution.short_name
        for c in InnovationCase.objects.visible_to(su_advisor).select_related("institution")
    } == {"SU"}
    for username in ("demo", "stad", "innovation", "outsider", "admin"):
        assert not InnovationCase.objects.visible_to(User.objects.get(username=username)).exists()
    assert RoleAssignment.objects.filter(role=Role.ADVISOR).count() == 4
    logins = {login.username for login in loader.DEMO_LOGINS}
    assert {"radgivare_kth", "radgivare_su"} <= logins


def test_support_to_regional_partners(interact):
    activities = Activity.objects.filter(partnership=interact, kind=ActivityKind.OTHER)
    assert activities.count() == 2
    for activity in activities:
        activity.full_clean()
        assert activity.status == Activity.Status.COMPLETED
        assert "(exempel)" in activity.title


def test_the_demo_is_the_same_on_every_load(db):
    def snapshot():
        return list(
            InnovationCase.objects.order_by("institution__name", "opened_on", "title").values_list(
                "institution__name", "title", "opened_on", "stage", "stage_since"
            )
        )

    class Undone(Exception):
        pass

    with time_machine.travel(TODAY, tick=False):
        try:
            with transaction.atomic():
                loader.load()
                first = snapshot()
                raise Undone
        except Undone:
            pass
        assert not InnovationCase.objects.exists()
        loader.load()
        assert snapshot() == first

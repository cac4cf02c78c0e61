"""The authorisation matrix of the API: for each endpoint and each role, including a user of
another organisation, what is allowed, what is refused (403) and what stays hidden (404).

"Allowed" means the permission check let the request through: the answer may still be a 400
for the (deliberately minimal) body, but never 401, 403 or 404. docs/roles.md is the same
matrix in prose.
"""

import datetime

import pytest

from samverkan.activities.models import PersonnelExchange
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.followup.models import ActionItem, LeadershipDialogue, SteeringMeeting
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory, UnitFactory
from samverkan.partnerships.models import Clause

PERSONAS = [
    "viewer",
    "contributor",
    "registrar",
    "steering",
    "leadership_stad",
    "coordinator",
    "coordinator_stad",
    "admin",
    "outsider",
]
PARTNERS = set(PERSONAS) - {"outsider"}
MAY = {
    "read": PARTNERS,
    "edit": {"coordinator", "coordinator_stad", "admin"},
    "areas": {"coordinator", "coordinator_stad", "steering", "admin"},
    "dialogues": {"coordinator", "coordinator_stad", "steering", "admin"},
    # Notice, and approval of an exchange: a party's coordinators and leadership.
    "notice": {"coordinator", "coordinator_stad", "leadership_stad", "admin"},
    "create": {"coordinator", "coordinator_stad", "admin"},
    "everyone": set(PERSONAS),
    "edit_kth": {"coordinator", "admin"},
}

# (method, path template, capability, hidden from outsiders?)
D = "/api/v1/partnerships/{mou}/dialogues/{dialogue}/"
M = "/api/v1/partnerships/{mou}/steering-group/meetings/"

ENDPOINTS = [
    ("get", "/api/v1/me/", "everyone", False),
    ("get", "/api/v1/organisations/", "everyone", False),
    ("post", "/api/v1/organisations/", "create", False),
    ("get", "/api/v1/organisations/{kth}/", "everyone", False),
    ("patch", "/api/v1/organisations/{kth}/", "edit_kth", False),
    ("get", "/api/v1/organisations/{kth}/history/", "everyone", False),
    ("get", "/api/v1/organisations/{kth}/units/", "everyone", False),
    ("post", "/api/v1/organisations/{kth}/units/", "edit_kth", False),
    ("patch", "/api/v1/organisations/{kth}/units/{unit}/", "edit_kth", False),
    ("post", "/api/v1/organisations/{kth}/people/", "edit_kth", False),
    ("get", "/api/v1/people/", "everyone", False),
    ("get", "/api/v1/people/{person}/", "read", True),
    ("patch", "/api/v1/people/{person}/", "edit_kth", True),
    ("get", "/api/v1/partnerships/", "everyone", False),
    ("post", "/api/v1/partnerships/", "create", False),
    ("get", "/api/v1/partnerships/{mou}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/history/", "read", True),
    ("get", "/api/v1/partnerships/{mou}/signatories/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/signatories/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/clauses/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/clauses/", "edit", True),
    ("patch", "/api/v1/partnerships/{mou}/clauses/{clause}/", "edit", True),
    ("delete", "/api/v1/partnerships/{mou}/clauses/{clause}/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/memberships/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/memberships/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/collaborators/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/collaborators/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/notices/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/notices/", "notice", True),
    ("get", "/api/v1/partnerships/{mou}/areas/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/areas/", "areas", True),
    ("get", "/api/v1/partnerships/{mou}/areas/{area}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/areas/{area}/", "areas", True),
    ("get", "/api/v1/partnerships/{mou}/areas/{area}/adjustments/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/areas/{area}/adjustments/", "areas", True),
    ("get", "/api/v1/partnerships/{mou}/contacts/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/contacts/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/contacts/{contact}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/contacts/{contact}/", "edit", True),
    ("delete", "/api/v1/partnerships/{mou}/contacts/{contact}/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/dialogues/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/dialogues/", "dialogues", True),
    ("get", "/api/v1/partnerships/{mou}/dialogues/{dialogue}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/dialogues/{dialogue}/", "dialogues", True),
    ("get", "/api/v1/partnerships/{mou}/exchanges/", "read", True),
    ("post", "/api/v1/partnerships/{mou}/exchanges/", "edit", True),
    ("get", "/api/v1/partnerships/{mou}/exchanges/{exchange}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/exchanges/{exchange}/", "edit", True),
    ("post", "/api/v1/partnerships/{mou}/exchanges/{exchange}/approvals/", "notice", True),
    # The follow-up: dialogues' parts and outcomes, the steering group's meetings and items.
    ("get", D + "participants/", "read", True),
    ("post", D + "participants/", "dialogues", True),
    ("get", D + "decisions/", "read", True),
    ("post", D + "decisions/", "dialogues", True),
    ("post", D + "outcomes/identify-area/", "dialogues", True),
    ("post", D + "outcomes/adjust-area/", "dialogues", True),
    ("post", D + "outcomes/retire-area/", "dialogues", True),
    ("get", M, "read", True),
    ("post", M, "dialogues", True),
    ("get", M + "{meeting}/", "read", True),
    ("patch", M + "{meeting}/", "dialogues", True),
    ("get", M + "{meeting}/decisions/", "read", True),
    ("post", M + "{meeting}/decisions/", "dialogues", True),
    ("post", M + "{meeting}/action-items/", "dialogues", True),
    ("get", "/api/v1/partnerships/{mou}/action-items/", "read", True),
    ("get", "/api/v1/partnerships/{mou}/action-items/{item}/", "read", True),
    ("patch", "/api/v1/partnerships/{mou}/action-items/{item}/", "dialogues", True),
    ("get", "/api/v1/partnerships/{mou}/compliance/", "read", True),
]


@pytest.fixture
def ids(world):
    person = PersonFactory(organisation=world.kth, name="Karin Berg")
    area = CollaborationArea.objects.create(
        partnership=world.mou, name="Personutbyten", identified_on=PartialDate(2014, 5)
    )
    meeting = SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date(2025, 3, 10)
    )
    return {
        "meeting": meeting.pk,
        "item": ActionItem.objects.create(
            meeting=meeting,
            description="Ta fram underlag",
            owner=person,
            due_on=datetime.date(2025, 6, 1),
        ).pk,
        "kth": world.kth.pk,
        "mou": world.mou.pk,
        "unit": UnitFactory(organisation=world.kth).pk,
        "person": person.pk,
        "area": area.pk,
        "contact": ContactPerson.objects.create(
            partnership=world.mou, area=area, party=world.party_kth, person=person
        ).pk,
        "dialogue": LeadershipDialogue.objects.create(
            partnership=world.mou, held_on=PartialDate(2016), title="Ledningsdialog 2016"
        ).pk,
        "clause": Clause.objects.create(
            partnership=world.mou, number=1, heading="Inledning", body="Text"
        ).pk,
        "exchange": PersonnelExchange.objects.create(
            partnership=world.mou,
            person=person,
            home_organisation=world.kth,
            host_organisation=world.stad,
            position="Utredare",
            extent_percent=20,
            starts_on=datetime.date(2025, 1, 15),
            ends_on=datetime.date(2025, 12, 31),
            area=area,
        ).pk,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_is_allowed_refused_or_kept_in_the_dark_as_the_matrix_says(
    world, api, ids, persona
):
    client = api(getattr(world, persona))
    outcomes = {}
    for method, template, capability, hidden in ENDPOINTS:
        path = template.format(**ids)
        response = getattr(client, method)(path, {}, format="json")
        if persona in MAY[capability]:
            expected = "allowed"
            got = "allowed" if response.status_code not in (401, 403, 404) else response.status_code
        else:
            expected = 404 if (hidden and persona == "outsider") else 403
            got = response.status_code
        if got != expected:
            outcomes[f"{method.upper()} {template}"] = (expected, got)
    assert outcomes == {}


def test_anonymous_requests_answer_401_everywhere(world, api, ids):
    client = api(None)
    for method, template, _capability, _hidden in ENDPOINTS:
        response = getattr(client, method)(template.format(**ids), {}, format="json")
        assert response.status_code == 401, (method, template)

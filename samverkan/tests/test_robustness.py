"""No request answers 500, whatever it is sent."""

import itertools

import pytest
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.demo import loader
from samverkan.followup.models import LeadershipDialogue
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Clause, Collaborator, Membership, Partnership, Signatory

HOSTILE_VALUES = [
    "",
    " ",
    "x" * 5000,
    "nul\x00byte",
    "-1",
    "0",
    "99999999999999999999",
    "2014-02-30",
    "9999-99",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "ÅÄÖ åäö 🙂",
]
FIELDS = [
    "name",
    "short_name",
    "kind",
    "organisation_number",
    "description",
    "parent",
    "reports_to",
    "established_on",
    "closed_on",
    "unit",
    "title",
    "email",
    "phone",
    "signed_on",
    "notice_months",
    "lead_unit",
    "organisations",
    "acting_for",
    "party",
    "person",
    "number",
    "heading",
    "body",
    "starts_on",
    "ends_on",
    "note",
    "organisation",
    "given_on",
    "withdrawn_on",
    "held_on",
    "summary",
    "identified_on",
    "identified_by",
    "retired_on",
    "retired_by",
    "area",
    "field",
    "dialogue",
    "name_en",
    "version",
]


@pytest.fixture
def demo(db):
    loader.load()
    mou = Partnership.objects.get(kind="mou")
    network = Partnership.objects.get(kind="network")
    kth = Organisation.objects.get(short_name="KTH")
    area = CollaborationArea.objects.filter(partnership=mou).first()
    urls = [
        reverse("partnerships:create"),
        reverse("partnerships:edit", args=[mou.pk]),
        reverse("partnerships:notice_give", args=[mou.pk]),
        reverse("partnerships:signatory_create", args=[mou.pk]),
        reverse("partnerships:signatory_edit", args=[mou.pk, Signatory.objects.first().pk]),
        reverse("partnerships:clause_create", args=[mou.pk]),
        reverse("partnerships:clause_edit", args=[mou.pk, Clause.objects.first().pk]),
        reverse("partnerships:membership_create", args=[network.pk]),
        reverse("partnerships:membership_edit", args=[network.pk, Membership.objects.first().pk]),
        reverse("partnerships:collaborator_create", args=[network.pk]),
        reverse(
            "partnerships:collaborator_edit", args=[network.pk, Collaborator.objects.first().pk]
        ),
        reverse("partnerships:area_create", args=[mou.pk]),
        reverse("partnerships:area_edit", args=[mou.pk, area.pk]),
        reverse("partnerships:adjustment_create", args=[mou.pk, area.pk]),
        reverse("partnerships:contact_create", args=[mou.pk]),
        reverse(
            "partnerships:contact_edit",
            args=[mou.pk, ContactPerson.objects.filter(partnership=mou).first().pk],
        ),
        reverse("partnerships:dialogue_create", args=[mou.pk]),
        reverse("partnerships:dialogue_edit", args=[mou.pk, LeadershipDialogue.objects.first().pk]),
        reverse("partnerships:meeting_create", args=[mou.pk]),
        reverse("organisations:create"),
        reverse("organisations:edit", args=[kth.pk]),
        reverse("organisations:unit_create", args=[kth.pk]),
        reverse(
            "organisations:unit_edit",
            args=[kth.pk, Unit.objects.filter(organisation=kth).first().pk],
        ),
        reverse("organisations:person_create", args=[kth.pk]),
        reverse(
            "organisations:person_edit", args=[Person.objects.filter(organisation=kth).first().pk]
        ),
        reverse("set_language"),
        reverse("login"),
    ]
    return urls


def test_no_form_answers_500_to_hostile_input(demo, client):
    client.force_login(User.objects.get(username="admin"))
    client.raise_request_exception = True
    for url, value in itertools.product(demo, HOSTILE_VALUES):
        response = client.post(url, {field: value for field in FIELDS})
        assert response.status_code < 500, (url, value)
        response = client.post(url, {field: [value, value] for field in FIELDS})
        assert response.status_code < 500, (url, value)


def test_no_page_answers_500_to_hostile_addresses(demo, client):
    client.force_login(User.objects.get(username="demo"))
    client.raise_request_exception = True
    for path in [
        "/partnerships/99999999999999999999/",
        "/partnerships/0/",
        "/organisations/99999999999999999999/",
        "/people/99999999999999999999/",
        "/partnerships/1/notice/99999999999999999999/withdraw/",
        "/organisations/?after=%00",
        "/organisations/?after=WyJ4IiwgInkiXQ==",
        "/organisations/?q=" + "x" * 500,
        "/people/?organisation=99999999999999999999&after=bm9wZQ",
        "/nowhere/",
    ]:
        assert client.get(path).status_code < 500, path


def test_methods_a_page_does_not_take_are_refused(demo, client):
    client.force_login(User.objects.get(username="demo"))
    mou = Partnership.objects.get(kind="mou")
    response = client.delete(reverse("partnerships:edit", args=[mou.pk]))
    assert response.status_code == 405


def test_non_ascii_digits_and_forged_cursors_are_refused_not_crashed(demo, client):
    """ "²".isdigit() is true; a cursor may carry a lone surrogate or a NUL."""
    import base64
    import json

    client.force_login(User.objects.get(username="admin"))
    client.raise_request_exception = True
    mou = Partnership.objects.get(kind="mou")
    surrogate = base64.urlsafe_b64encode(json.dumps(["\ud800", 1]).encode()).decode()
    nul = base64.urlsafe_b64encode(json.dumps(["a\u0000", 1]).encode()).decode()
    for path in [
        "/people/?organisation=²",
        f"/organisations/?after={surrogate}",
        f"/organisations/?after={nul}",
        "/api/v1/people/?organisation=²",
        "/api/v1/organisations/?page_size=²",
        f"/api/v1/organisations/?after={surrogate}",
        "/api/v1/organisations/?q=a%00b",
        "/api/v1/partnerships/?q=%00",
    ]:
        assert client.get(path).status_code < 500, path
    for url, data in [
        (reverse("partnerships:create"), {"organisations": "²", "name": "x", "kind": "mou"}),
        (reverse("partnerships:notice_give", args=[mou.pk]), {"organisation": "²"}),
    ]:
        assert client.post(url, data).status_code == 400, url

import datetime

import pytest
import time_machine

from samverkan.accounts.models import Role, RoleAssignment
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import OrganisationFactory, PersonFactory
from samverkan.partnerships import services
from samverkan.partnerships.models import (
    Clause,
    Membership,
    Notice,
    Partnership,
    Party,
    Signatory,
)
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)
CHILDREN = ["signatories", "clauses", "memberships", "collaborators"]


def _url(world, *parts):
    return "/".join(["/api/v1/partnerships", str(world.mou.pk), *map(str, parts)]) + "/"


def _new_partnership(world, **overrides):
    data = {
        "name": "Ny avsiktsförklaring",
        "kind": "mou",
        "signed_on": "2025",
        "notice_months": 3,
        "organisations": [world.kth.pk, world.stad.pk],
        "acting_for": world.kth.pk,
    }
    data.update(overrides)
    return data


def _network(world):
    network = PartnershipFactory(name="InterAct", kind=Partnership.Kind.NETWORK, signed_on=None)
    member = PartyFactory(partnership=network, organisation=world.kth, role=Party.Role.MEMBER)
    PartyFactory(partnership=network, organisation=world.stad, role=Party.Role.MEMBER)
    RoleAssignment.objects.create(
        user=world.coordinator, organisation=world.kth, partnership=network, role=Role.COORDINATOR
    )
    return network, member


# Partnerships


def test_a_coordinator_creates_a_partnership_of_two_parties_and_coordinates_it(world, api):
    response = api(world.coordinator).post(
        "/api/v1/partnerships/", _new_partnership(world), format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["signed_on"] == "2025"
    assert body["status"] == "in_force"
    assert body["ends_on"] is None
    assert body["version"] == 1
    assert sorted(p["organisation"]["name"] for p in body["parties"]) == [
        "Kungliga Tekniska högskolan",
        "Stockholms stad",
    ]
    assert {p["organisation"]["organisation_number"] for p in body["parties"]} == {
        "202100-3054",
        "212000-0142",
    }
    assert RoleAssignment.objects.filter(
        user=world.coordinator, partnership_id=body["id"], role=Role.COORDINATOR
    ).exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "A partnership needs at least two parties."),
        ("sv", "Ett partnerskap måste ha minst två parter."),
    ],
)
def test_a_partnership_with_fewer_than_two_parties_is_a_400_on_organisations(
    world, api, language, message
):
    response = api(world.coordinator, language=language).post(
        "/api/v1/partnerships/",
        _new_partnership(world, organisations=[world.kth.pk]),
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["organisations"] == [message]
    assert not Partnership.objects.filter(name="Ny avsiktsförklaring").exists()


def test_the_creator_must_act_for_one_of_the_parties(world, api):
    client = api(world.coordinator)
    data = _new_partnership(world)
    del data["acting_for"]
    missing = client.post("/api/v1/partnerships/", data, format="json")
    assert missing.status_code == 400
    assert "acting_for" in missing.json()
    elsewhere = client.post(
        "/api/v1/partnerships/",
        _new_partnership(world, organisations=[world.stad.pk, world.elsewhere.pk]),
        format="json",
    )
    assert elsewhere.status_code == 400
    assert "organisations" in elsewhere.json()
    assert not Partnership.objects.filter(name="Ny avsiktsförklaring").exists()


def test_only_coordinators_start_partnerships(world, api):
    for user in (world.viewer, world.outsider, world.leadership_stad):
        response = api(user).post("/api/v1/partnerships/", _new_partnership(world), format="json")
        assert response.status_code == 403
    assert not Partnership.objects.filter(name="Ny avsiktsförklaring").exists()


def test_the_detail_shows_parties_signatories_memberships_and_notices(world, api):
    nordin = PersonFactory(organisation=world.stad, name="Sten Nordin")
    Signatory.objects.create(
        party=world.party_stad,
        person=nordin,
        title="Finansborgarråd",
        signed_on=PartialDate(2014, 5),
    )
    Membership.objects.create(party=world.party_kth, starts_on=PartialDate(2014), note="Grundare")
    body = api(world.viewer).get(_url(world)).json()
    assert body["name"] == "Stockholms stad–KTH"
    assert body["signed_on"] == "2014-05"
    assert body["status"] == "in_force"
    parties = {p["organisation"]["name"]: p for p in body["parties"]}
    stad = parties["Stockholms stad"]
    assert stad["role"] == "party"
    assert stad["organisation"] == {
        "id": world.stad.pk,
        "name": "Stockholms stad",
        "organisation_number": "212000-0142",
    }
    [signatory] = stad["signatories"]
    assert signatory["person"] == {"id": nordin.pk, "name": "Sten Nordin"}
    assert (signatory["title"], signatory["signed_on"]) == ("Finansborgarråd", "2014-05")
    [membership] = parties["Kungliga Tekniska högskolan"]["memberships"]
    assert (membership["starts_on"], membership["ends_on"], membership["note"]) == (
        "2014",
        None,
        "Grundare",
    )
    assert body["notices"] == []


def test_outsiders_get_404_and_see_no_partnership(world, api):
    hidden = PartnershipFactory(name="Göteborgs stad–Chalmers")
    PartyFactory(partnership=hidden)
    PartyFactory(partnership=hidden)
    clause = Clause.objects.create(partnership=world.mou, number=1, heading="Syfte", body="…")
    outsider = api(world.outsider)
    assert outsider.get("/api/v1/partnerships/").json()["results"] == []
    for url in [
        _url(world),
        _url(world, "history"),
        _url(world, "notices"),
        _url(world, "clauses", clause.pk),
        *(_url(world, kind) for kind in CHILDREN),
    ]:
        assert outsider.get(url).status_code == 404, url
    # A write to a hidden partnership is 404 too: a 403 would tell that it exists.
    assert (
        outsider.patch(_url(world), {"name": "X", "version": 1}, format="json").status_code == 404
    )
    assert outsider.delete(_url(world, "clauses", clause.pk)).status_code == 404
    assert (
        outsider.post(
            _url(world, "notices"),
            {"organisation": world.elsewhere.pk, "given_on": "2026-01-01"},
            format="json",
        ).status_code
        == 404
    )
    viewer = api(world.viewer)
    names = [p["name"] for p in viewer.get("/api/v1/partnerships/").json()["results"]]
    assert names == ["Stockholms stad–KTH"]
    assert viewer.get(f"/api/v1/partnerships/{hidden.pk}/").status_code == 404
    admin = api(world.admin)
    assert admin.get(f"/api/v1/partnerships/{hidden.pk}/").status_code == 200


def test_the_list_searches_by_name(world, api):
    client = api(world.viewer)
    found = client.get("/api/v1/partnerships/", {"q": "kth"}).json()["results"]
    assert [p["name"] for p in found] == ["Stockholms stad–KTH"]
    assert client.get("/api/v1/partnerships/", {"q": "Chalmers"}).json()["results"] == []


def test_a_viewer_cannot_write_anything(world, api):
    clause = Clause.objects.create(partnership=world.mou, number=1, heading="Syfte", body="…")
    viewer = api(world.viewer)
    writes = [
        ("patch", _url(world), {"name": "Kapat", "version": world.mou.version}),
        ("put", _url(world), {"name": "Kapat", "version": world.mou.version}),
        ("post", _url(world, "clauses"), {"number": 2, "heading": "X", "body": "X"}),
        ("post", _url(world, "collaborators"), {"organisation": world.elsewhere.pk}),
        ("post", _url(world, "signatories"), {"party": world.party_kth.pk}),
        ("post", _url(world, "memberships"), {"party": world.party_kth.pk}),
        ("patch", _url(world, "clauses", clause.pk), {"heading": "X", "version": 1}),
        ("put", _url(world, "clauses", clause.pk), {"heading": "X", "version": 1}),
        ("delete", _url(world, "clauses", clause.pk), None),
        ("post", _url(world, "notices"), {"organisation": world.kth.pk, "given_on": "2026-01-01"}),
    ]
    for method, url, data in writes:
        response = getattr(viewer, method)(url, data, format="json")
        assert response.status_code == 403, (method, url)
    world.mou.refresh_from_db()
    clause.refresh_from_db()
    assert (world.mou.name, clause.heading) == ("Stockholms stad–KTH", "Syfte")
    assert Clause.objects.count() == 1
    assert not Notice.objects.exists()


def test_a_lost_update_is_a_409_with_the_other_changes(world, api):
    client = api(world.coordinator)
    first = client.patch(
        _url(world), {"description": "Samverkan om hållbar stad", "version": 1}, format="json"
    )
    assert first.status_code == 200, first.json()
    assert first.json()["version"] == 2
    stale = client.patch(_url(world), {"place": "Stockholm", "version": 1}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert {"field": "description", "before": "—", "after": "Samverkan om hållbar stad"} in (
        body["changes"]
    )
    missing = client.patch(_url(world), {"place": "Stockholm"}, format="json")
    assert missing.status_code == 400
    assert "version" in missing.json()
    world.mou.refresh_from_db()
    assert world.mou.place == ""


def test_parties_are_changed_with_the_partnership_but_one_with_records_stays(world, api):
    region = OrganisationFactory(name="Region Stockholm")
    client = api(world.coordinator)
    added = client.patch(
        _url(world),
        {"organisations": [world.kth.pk, world.stad.pk, region.pk], "version": 1},
        format="json",
    )
    assert added.status_code == 200, added.json()
    assert len(added.json()["parties"]) == 3
    Signatory.objects.create(
        party=world.party_stad, person=PersonFactory(organisation=world.stad), title="Borgarråd"
    )
    removed = client.patch(
        _url(world), {"organisations": [world.kth.pk, region.pk], "version": 2}, format="json"
    )
    assert removed.status_code == 400
    assert "Stockholms stad cannot be removed" in removed.json()["organisations"][0]
    assert world.mou.parties.count() == 3


def test_the_history_lists_changes_to_the_partnership_and_its_records(world, api):
    client = api(world.coordinator)
    client.patch(_url(world), {"place": "Stockholm", "version": 1}, format="json")
    client.post(
        _url(world, "clauses"), {"number": 1, "heading": "Syfte", "body": "…"}, format="json"
    )
    history = client.get(_url(world, "history"))
    assert history.status_code == 200
    labels = {(entry["record_label"], entry["kind"]) for entry in history.json()}
    assert ("Stockholms stad–KTH", "~") in labels
    assert ("Syfte", "+") in labels


# Records under a partnership


def test_clauses_are_added_read_changed_and_removed(world, api):
    client = api(world.coordinator)
    created = client.post(
        _url(world, "clauses"),
        {"number": 1, "heading": "Syfte", "body": "Parterna…"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    duplicate = client.post(
        _url(world, "clauses"), {"number": 1, "heading": "Annat", "body": "…"}, format="json"
    )
    assert duplicate.status_code == 400
    assert [c["heading"] for c in client.get(_url(world, "clauses")).json()] == ["Syfte"]
    assert client.get(_url(world, "clauses", pk)).json()["body"] == "Parterna…"
    replaced = client.put(
        _url(world, "clauses", pk),
        {"number": 2, "heading": "Ändamål", "body": "Parterna…", "version": 1},
        format="json",
    )
    assert replaced.status_code == 200
    assert (replaced.json()["number"], replaced.json()["version"]) == (2, 2)
    stale = client.patch(_url(world, "clauses", pk), {"heading": "X", "version": 1}, format="json")
    assert stale.status_code == 409
    # A removal names the version it saw: without it, or with a stale one, nothing goes.
    assert client.delete(_url(world, "clauses", pk)).status_code == 400
    assert client.delete(_url(world, "clauses", pk) + "?version=1").status_code == 409
    assert Clause.objects.exists()
    assert client.delete(_url(world, "clauses", pk) + "?version=2").status_code == 204
    assert not Clause.objects.exists()
    assert client.get(_url(world, "clauses", pk)).status_code == 404


def test_a_record_of_another_partnership_is_404(world, api):
    other, _member = _network(world)
    clause = Clause.objects.create(partnership=other, number=1, heading="Syfte", body="…")
    client = api(world.coordinator)
    assert client.get(_url(world, "clauses", clause.pk)).status_code == 404
    assert client.delete(_url(world, "clauses", clause.pk)).status_code == 404
    assert Clause.objects.filter(pk=clause.pk).exists()


def test_a_collaborator_is_an_organisation_outside_the_parties(world, api):
    client = api(world.coordinator)
    created = client.post(
        _url(world, "collaborators"),
        {"organisation": world.elsewhere.pk, "kind": "regional_partner"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert created.json()["organisation"]["name"] == "Solna stad"
    party = client.post(
        _url(world, "collaborators"),
        {"organisation": world.kth.pk, "kind": "regional_partner"},
        format="json",
    )
    assert party.status_code == 400
    assert "organisation" in party.json()


def test_a_signature_cannot_be_dated_in_the_future(world, api):
    gudmundson = PersonFactory(organisation=world.kth, name="Peter Gudmundson")
    with time_machine.travel(TODAY, tick=False):
        response = api(world.coordinator).post(
            _url(world, "signatories"),
            {
                "party": world.party_kth.pk,
                "person": gudmundson.pk,
                "title": "Rektor",
                "signed_on": "2026-12",
            },
            format="json",
        )
    assert response.status_code == 400
    assert response.json()["signed_on"] == ["A signature cannot be dated in the future."]
    assert not Signatory.objects.exists()


def test_a_signatory_signs_for_their_own_organisation(world, api):
    gudmundson = PersonFactory(organisation=world.kth, name="Peter Gudmundson")
    client = api(world.coordinator)
    response = client.post(
        _url(world, "signatories"),
        {"party": world.party_stad.pk, "person": gudmundson.pk, "title": "Rektor"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["person"] == ["The signatory must belong to the party's organisation."]
    outsider = PersonFactory(organisation=world.elsewhere)
    response = client.post(
        _url(world, "signatories"),
        {"party": world.party_stad.pk, "person": outsider.pk, "title": "Borgmästare"},
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()
    assert not Signatory.objects.exists()
    signed = client.post(
        _url(world, "signatories"),
        {
            "party": world.party_kth.pk,
            "person": gudmundson.pk,
            "title": "Rektor",
            "signed_on": "2014-05",
        },
        format="json",
    )
    assert signed.status_code == 201, signed.json()
    assert signed.json()["person"] == {"id": gudmundson.pk, "name": "Peter Gudmundson"}
    assert signed.json()["signed_on"] == "2014-05"


def test_a_membership_that_ends_before_it_starts_is_refused(world, api):
    network, member = _network(world)
    response = api(world.coordinator).post(
        f"/api/v1/partnerships/{network.pk}/memberships/",
        {"party": member.pk, "starts_on": "2012", "ends_on": "2011-06"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["ends_on"] == ["A membership cannot end before it starts."]
    assert not Membership.objects.exists()


def test_membership_periods_of_one_member_never_overlap(world, api):
    network, member = _network(world)
    client = api(world.coordinator)
    url = f"/api/v1/partnerships/{network.pk}/memberships/"
    first = client.post(
        url, {"party": member.pk, "starts_on": "2009", "ends_on": "2011"}, format="json"
    )
    assert first.status_code == 201, first.json()
    assert (first.json()["starts_on"], first.json()["ends_on"]) == ("2009", "2011")
    overlapping = client.post(url, {"party": member.pk, "starts_on": "2011-06"}, format="json")
    assert overlapping.status_code == 400
    assert overlapping.json()["non_field_errors"] == [
        "This period overlaps another membership period of the same member."
    ]
    assert (
        client.post(url, {"party": member.pk, "starts_on": "2012"}, format="json").status_code
        == 201
    )
    assert [m["starts_on"] for m in client.get(url).json()] == ["2009", "2012"]


# Notice of termination (R9)


def test_leadership_gives_notice_for_its_own_party_ending_three_calendar_months_later(world, api):
    with time_machine.travel(TODAY, tick=False):
        client = api(world.leadership_stad)
        response = client.post(
            _url(world, "notices"),
            {"organisation": world.stad.pk, "given_on": "2026-11-30"},
            format="json",
        )
        assert response.status_code == 201, response.json()
        notice = response.json()
        assert notice["organisation"]["name"] == "Stockholms stad"
        assert (notice["given_on"], notice["ends_on"]) == ("2026-11-30", "2027-02-28")
        assert notice["withdrawn_on"] is None
        detail = client.get(_url(world)).json()
    assert (detail["status"], detail["ends_on"]) == ("under_notice", "2027-02-28")
    assert [n["id"] for n in detail["notices"]] == [notice["id"]]


def test_notice_for_the_other_party_is_a_400_as_on_the_page(world, api):
    # 400, not 403: the KTH coordinator may give notice in this partnership, but only for KTH.
    # The form offers only the parties one may give notice for (as the page does), so the city
    # is "not one of the available choices" of the field, answered per field.
    response = api(world.coordinator).post(
        _url(world, "notices"),
        {"organisation": world.stad.pk, "given_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "organisation" in response.json()
    assert not Notice.objects.exists()


def test_notice_by_an_organisation_that_is_not_a_party_is_refused(world, api):
    for user in (world.leadership_stad, world.admin):
        response = api(user).post(
            _url(world, "notices"),
            {"organisation": world.elsewhere.pk, "given_on": "2026-01-01"},
            format="json",
        )
        assert response.status_code == 400
        assert "organisation" in response.json()
    # Roles without the right to give notice are refused before the organisation is looked at.
    response = api(world.steering).post(
        _url(world, "notices"),
        {"organisation": world.kth.pk, "given_on": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 403
    assert not Notice.objects.exists()


def test_notice_cannot_be_given_twice_or_in_the_future(world, api):
    with time_machine.travel(TODAY, tick=False):
        client = api(world.leadership_stad)
        future = client.post(
            _url(world, "notices"),
            {"organisation": world.stad.pk, "given_on": "2026-12-01"},
            format="json",
        )
        assert future.status_code == 400
        assert future.json()["given_on"] == ["Notice cannot be dated in the future."]
        data = {"organisation": world.stad.pk, "given_on": "2026-11-01"}
        assert client.post(_url(world, "notices"), data, format="json").status_code == 201
        twice = client.post(_url(world, "notices"), data, format="json")
        assert twice.status_code == 400
        assert "non_field_errors" in twice.json()
    assert Notice.objects.count() == 1


def test_the_party_that_gave_notice_withdraws_it_and_the_partnership_is_in_force(world, api):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou,
            organisation=world.stad,
            on=datetime.date(2026, 11, 10),
            actor=world.leadership_stad,
        )
        url = _url(world, "notices", notice.pk, "withdraw")
        client = api(world.leadership_stad)
        response = client.post(url, {"withdrawn_on": "2026-11-30"}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["withdrawn_on"] == "2026-11-30"
        assert response.json()["withdrawn_by"] == str(world.leadership_stad)
        detail = client.get(_url(world)).json()
        assert (detail["status"], detail["ends_on"]) == ("in_force", None)
        again = client.post(url, {"withdrawn_on": "2026-11-30"}, format="json")
        assert again.status_code == 400
        notices = client.get(_url(world, "notices")).json()
    assert [n["withdrawn_on"] for n in notices] == ["2026-11-30"]


def test_only_the_party_that_gave_notice_may_withdraw_it(world, api):
    with time_machine.travel(TODAY, tick=False):
        notice = services.give_notice(
            world.mou, organisation=world.stad, on=datetime.date(2026, 11, 10), actor=None
        )
        url = _url(world, "notices", notice.pk, "withdraw")
        response = api(world.coordinator).post(url, {"withdrawn_on": "2026-11-30"}, format="json")
        assert response.status_code == 403
        outsider = api(world.outsider)
        assert outsider.post(url, {"withdrawn_on": "2026-11-30"}, format="json").status_code == 404
    notice.refresh_from_db()
    assert notice.withdrawn_on is None


# Query counts


@pytest.mark.parametrize("rows", [1, 20])
def test_list_and_detail_endpoints_run_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries, rows
):
    for n in range(rows):
        person = PersonFactory(organisation=world.kth)
        Signatory.objects.create(party=world.party_kth, person=person, title="Rektor")
        Membership.objects.create(
            party=world.party_stad,
            starts_on=PartialDate(1900 + n),
            ends_on=PartialDate(1900 + n),
        )
        Clause.objects.create(partnership=world.mou, number=n + 1, heading=f"§ {n}", body="…")
        Notice.objects.create(
            partnership=world.mou,
            party=world.party_kth,
            given_on=datetime.date(2020, 1, 1),
            ends_on=datetime.date(2020, 4, 1),
            withdrawn_on=datetime.date(2020, 2, 1),
            recorded_by=world.coordinator,
            withdrawn_by=world.coordinator,
        )
        other = PartnershipFactory()
        PartyFactory(partnership=other, organisation=world.kth)
        PartyFactory(partnership=other)
        RoleAssignment.objects.create(
            user=world.coordinator, organisation=world.kth, partnership=other, role=Role.VIEWER
        )
    client = api(world.coordinator)
    for url, limit in [
        ("/api/v1/partnerships/", 5),
        (_url(world), 6),
        (_url(world, "history"), 25),
        (_url(world, "notices"), 3),
        *((_url(world, kind), 3) for kind in CHILDREN),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200

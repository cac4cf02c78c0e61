"""The steering group's meetings, decisions and action items through the API (/api/v1/)."""

import datetime
import hashlib
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from samverkan.followup.models import (
    ActionItem,
    MeetingAttendee,
    MeetingDecision,
    SteeringGroupMember,
    SteeringMeeting,
)
from samverkan.lib.pdf import blank_pdf
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def _meetings_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/steering-group/meetings/"


def _meeting_url(world, meeting_id):
    return f"{_meetings_url(world)}{meeting_id}/"


def _items_url(world):
    return f"/api/v1/partnerships/{world.mou.pk}/action-items/"


def _meeting(world, held_on=None, **fields):
    held_on = held_on or D(2025, 3, 10)
    return SteeringMeeting.objects.create(partnership=world.mou, held_on=held_on, **fields)


def _item(meeting, owner, due_on=None, **fields):
    due_on = due_on or D(2025, 6, 1)
    return ActionItem.objects.create(
        meeting=meeting, description="Uppgift", owner=owner, due_on=due_on, **fields
    )


def test_the_steering_group_records_a_meeting_and_reads_it_back(world, api):
    erik = PersonFactory(organisation=world.kth, name="Erik Sjöberg")
    johan = PersonFactory(organisation=world.stad, name="Johan Ek")
    SteeringGroupMember.objects.create(
        partnership=world.mou, party=world.party_stad, person=johan, starts_on=D(2020, 1, 1)
    )
    client = api(world.steering)
    created = client.post(
        _meetings_url(world),
        {
            "held_on": "2025-03-10",
            "place": "Stadshuset",
            "agenda": "Uppföljning",
            "attendees": [erik.pk, johan.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["held_on"], body["place"], body["version"], body["minutes_document_url"]) == (
        "2025-03-10",
        "Stadshuset",
        1,
        None,
    )
    assert sorted((a["person_name"], a["party"]) for a in body["attendees"]) == [
        ("Erik Sjöberg", world.party_kth.pk),
        ("Johan Ek", world.party_stad.pk),
    ]
    read = api(world.viewer).get(_meeting_url(world, body["id"]))
    assert read.status_code == 200 and read.json() == body
    assert [m["id"] for m in api(world.viewer).get(_meetings_url(world)).json()] == [body["id"]]


def test_an_attendee_not_of_a_party_is_a_400_on_the_field(world, api):
    olle = PersonFactory(organisation=world.elsewhere, name="Olle Olsson")
    response = api(world.admin).post(
        _meetings_url(world), {"held_on": "2025-03-10", "attendees": [olle.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "attendees": [
            "Olle Olsson works at Solna stad, which is not a party of this partnership; an "
            "attendee must belong to a party."
        ]
    }
    assert not SteeringMeeting.objects.exists()


def test_meeting_updates_take_the_version_and_refuse_a_stale_one(world, api):
    meeting = _meeting(world, place="Stadshuset")
    erik = PersonFactory(organisation=world.kth)
    MeetingAttendee.objects.create(meeting=meeting, person=erik, party=world.party_kth)
    client = api(world.coordinator)
    url = _meeting_url(world, meeting.pk)
    assert client.patch(url, {"place": "KTH"}, format="json").status_code == 400
    patched = client.patch(url, {"minutes": "Protokollet", "version": 1}, format="json")
    assert patched.status_code == 200, patched.json()
    body = patched.json()
    # A partial change keeps the attendees.
    assert (body["minutes"], body["version"], [a["person"] for a in body["attendees"]]) == (
        "Protokollet",
        2,
        [erik.pk],
    )
    stale = client.put(url, {"held_on": "2025-03-11", "attendees": [], "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    whole = client.put(url, {"held_on": "2025-03-11", "attendees": [], "version": 2}, format="json")
    assert whole.status_code == 200
    assert (whole.json()["attendees"], whole.json()["place"]) == ([], "")
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.version) == (D(2025, 3, 11), 3)


def test_a_meeting_moved_after_an_items_due_date_is_a_400_on_held_on(world, api):
    meeting = _meeting(world)
    _item(meeting, PersonFactory(organisation=world.kth), due_on=D(2025, 4, 1))
    response = api(world.steering).patch(
        _meeting_url(world, meeting.pk), {"held_on": "2025-04-02", "version": 1}, format="json"
    )
    assert response.status_code == 400
    assert "held_on" in response.json()
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.version) == (D(2025, 3, 10), 1)


def test_readers_read_the_viewer_cannot_write_and_the_outsider_sees_nothing(world, api):
    meeting = _meeting(world)
    decision = MeetingDecision.objects.create(meeting=meeting, text="Beslut")
    item = _item(meeting, PersonFactory(organisation=world.kth))
    meeting_url = _meeting_url(world, meeting.pk)
    urls = [
        _meetings_url(world),
        meeting_url,
        f"{meeting_url}decisions/",
        f"{meeting_url}decisions/{decision.pk}/",
        f"{meeting_url}action-items/",
        _items_url(world),
        f"{_items_url(world)}{item.pk}/",
    ]
    viewer = api(world.viewer)
    outsider = api(world.outsider)
    for url in urls:
        assert viewer.get(url).status_code == 200, url
        assert outsider.get(url).status_code == 404, url
    assert api(None).get(_meetings_url(world)).status_code in (401, 403)
    writes = [
        ("post", _meetings_url(world), {"held_on": "2025-05-01"}),
        ("patch", meeting_url, {"place": "X", "version": 1}),
        ("post", f"{meeting_url}decisions/", {"text": "Nytt"}),
        ("patch", f"{meeting_url}decisions/{decision.pk}/", {"text": "X", "version": 1}),
        (
            "post",
            f"{meeting_url}action-items/",
            {"description": "X", "owner": item.owner_id, "due_on": "2025-06-01"},
        ),
        ("patch", f"{_items_url(world)}{item.pk}/", {"status": "done", "version": 1}),
    ]
    for method, url, body in writes:
        assert getattr(viewer, method)(url, body, format="json").status_code == 403, url
        assert getattr(outsider, method)(url, body, format="json").status_code == 404, url
    upload = {"document": SimpleUploadedFile("p.pdf", blank_pdf())}
    assert (
        viewer.put(f"{meeting_url}minutes-document/", upload, format="multipart").status_code == 403
    )
    assert SteeringMeeting.objects.count() == 1 and MeetingDecision.objects.count() == 1
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.status, meeting.place, meeting.minutes_document_sha256) == ("open", "", "")


def test_decisions_are_recorded_and_changed_with_their_version(world, api):
    meeting = _meeting(world)
    client = api(world.steering)
    url = f"{_meeting_url(world, meeting.pk)}decisions/"
    assert client.post(url, {"text": ""}, format="json").json().keys() == {"text"}
    created = client.post(url, {"text": "Underlaget fastställs."}, format="json")
    assert created.status_code == 201
    decision_url = f"{url}{created.json()['id']}/"
    changed = client.put(decision_url, {"text": "Underlaget ändras.", "version": 1}, format="json")
    assert (changed.status_code, changed.json()["version"]) == (200, 2)
    assert client.patch(decision_url, {"text": "X", "version": 1}, format="json").status_code == 409
    assert [d["text"] for d in api(world.viewer).get(url).json()] == ["Underlaget ändras."]


def test_action_items_due_before_the_meeting_are_a_400_on_due_on(world, api):
    meeting = _meeting(world)
    karin = PersonFactory(organisation=world.kth)
    url = f"{_meeting_url(world, meeting.pk)}action-items/"
    response = api(world.steering).post(
        url, {"description": "Uppgift", "owner": karin.pk, "due_on": "2025-03-09"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "due_on": ["An action item cannot be due before its meeting (2025-03-10)."]
    }
    assert not ActionItem.objects.exists()
    item = _item(meeting, karin)
    moved = api(world.steering).patch(
        f"{_items_url(world)}{item.pk}/", {"due_on": "2025-01-01", "version": 1}, format="json"
    )
    assert moved.status_code == 400 and "due_on" in moved.json()
    item.refresh_from_db()
    assert (item.due_on, item.version) == (D(2025, 6, 1), 1)


def test_an_owner_not_of_a_party_is_a_400_on_owner(world, api):
    meeting = _meeting(world)
    olle = PersonFactory(organisation=world.elsewhere)
    response = api(world.admin).post(
        f"{_meeting_url(world, meeting.pk)}action-items/",
        {"description": "Uppgift", "owner": olle.pk, "due_on": "2025-06-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "not a party of this partnership" in response.json()["owner"][0]


def test_an_item_is_closed_and_reopened_through_the_api_and_filtered_by_status(world, api):
    meeting = _meeting(world)
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    client = api(world.steering)
    created = client.post(
        f"{_meeting_url(world, meeting.pk)}action-items/",
        {"description": "Boka lokal", "owner": karin.pk, "due_on": "2025-04-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["closed_on"], body["owner_name"], body["meeting_held_on"]) == (
        "open",
        None,
        "Karin Berg",
        "2025-03-10",
    )
    other = _item(meeting, karin, due_on=D(2025, 5, 1))
    url = f"{_items_url(world)}{body['id']}/"
    with time_machine.travel(datetime.datetime(2025, 4, 2, 12, tzinfo=datetime.UTC)):
        assert client.get(url).json()["overdue"] is True
        done = client.patch(url, {"status": "done", "version": 1}, format="json")
        assert (done.json()["status"], done.json()["closed_on"], done.json()["overdue"]) == (
            "done",
            "2025-04-02",
            False,
        )
        listed = client.get(_items_url(world), {"status": "open"}).json()
        assert [i["id"] for i in listed] == [other.pk]
        assert len(client.get(_items_url(world)).json()) == 2
        reopened = client.patch(url, {"status": "open", "version": 2}, format="json")
        assert (reopened.json()["closed_on"], reopened.json()["version"]) == (None, 3)
    assert (
        client.patch(url, {"status": "cancelled", "version": 2}, format="json").status_code == 409
    )
    bad = client.get(_items_url(world), {"status": "late"})
    assert bad.status_code == 400 and "status" in bad.json()


def _docx_bytes():
    import docx

    document = docx.Document()
    document.add_paragraph("Protokoll (exempel)")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_minutes_document_is_uploaded_and_downloaded(world, api):
    meeting = _meeting(world)
    url = f"{_meeting_url(world, meeting.pk)}minutes-document/"
    client = api(world.coordinator)
    assert client.get(url).status_code == 404
    refused = client.put(
        url, {"document": SimpleUploadedFile("p.txt", b"text")}, format="multipart"
    )
    assert refused.status_code == 400
    assert "neither a PDF nor a Word document" in refused.json()["document"][0]
    content = _docx_bytes()
    uploaded = client.put(
        url, {"document": SimpleUploadedFile("protokoll.docx", content)}, format="multipart"
    )
    assert uploaded.status_code == 200, uploaded.json()
    body = uploaded.json()
    assert (body["minutes_document_name"], body["minutes_document_sha256"], body["version"]) == (
        "protokoll.docx",
        hashlib.sha256(content).hexdigest(),
        2,
    )
    assert body["minutes_document_url"] == url
    download = api(world.viewer).get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content
    assert api(world.outsider).get(url).status_code == 404


@pytest.mark.parametrize("rows", [2, 10])
def test_the_api_lists_run_a_fixed_number_of_queries(
    world, api, django_assert_max_num_queries, rows
):
    people = [PersonFactory(organisation=world.kth) for _ in range(rows)]
    for n in range(rows):
        meeting = _meeting(world, D(2015 + n, 3, 1))
        MeetingDecision.objects.create(meeting=meeting, text=f"Beslut {n}")
        for person in people:
            MeetingAttendee.objects.create(meeting=meeting, person=person, party=world.party_kth)
            _item(meeting, person, due_on=D(2026, 1, 1))
    client = api(world.coordinator)
    for url in [
        _meetings_url(world),
        f"{_meeting_url(world, meeting.pk)}decisions/",
        f"{_meeting_url(world, meeting.pk)}action-items/",
        _items_url(world),
        f"{_items_url(world)}?status=open",
    ]:
        with django_assert_max_num_queries(5):
            assert client.get(url).status_code == 200, url

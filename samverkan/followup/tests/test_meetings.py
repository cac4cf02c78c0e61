"""The steering group's meetings on the pages: attendees, minutes document, decisions."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from samverkan.followup.models import (
    ActionItem,
    MeetingAttendee,
    MeetingDecision,
    SteeringGroupMember,
    SteeringMeeting,
)
from samverkan.lib.pdf import blank_pdf
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.partnerships.tests.factories import PartnershipFactory, PartyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _meeting(partnership, held_on=None, **fields):
    held_on = held_on or D(2025, 3, 10)
    return SteeringMeeting.objects.create(partnership=partnership, held_on=held_on, **fields)


def _attend(meeting, person, party):
    return MeetingAttendee.objects.create(meeting=meeting, person=person, party=party)


def _named_in_partnership(world, person, party):
    """Name a person on the steering group, which makes them visible to the partnership."""
    SteeringGroupMember.objects.create(
        partnership=world.mou, party=party, person=person, starts_on=D(2020, 1, 1)
    )
    return person


def _create_url(world):
    return reverse("partnerships:meeting_create", args=[world.mou.pk])


def _detail_url(meeting):
    return reverse("partnerships:meeting_detail", args=[meeting.partnership_id, meeting.pk])


def _edit_url(meeting):
    return reverse("partnerships:meeting_edit", args=[meeting.partnership_id, meeting.pk])


def _upload_url(meeting):
    return reverse("partnerships:meeting_minutes_upload", args=[meeting.partnership_id, meeting.pk])


def _document_url(meeting):
    return reverse(
        "partnerships:meeting_minutes_document", args=[meeting.partnership_id, meeting.pk]
    )


def _form(held_on="2025-03-10", attendees=(), **extra):
    return {
        "held_on": held_on,
        "place": "Stadshuset",
        "agenda": "1. Uppföljning\n2. Inför ledningsdialogen",
        "minutes": "",
        "attendees": [p.pk for p in attendees],
        **extra,
    }


def _docx_bytes(text="Protokoll (exempel)"):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# Recording meetings


def test_the_steering_group_records_a_meeting_each_attendee_for_their_own_party(world, as_user):
    erik = PersonFactory(organisation=world.kth, name="Erik Sjöberg")
    johan = _named_in_partnership(
        world, PersonFactory(organisation=world.stad, name="Johan Ek"), world.party_stad
    )
    response = as_user(world.steering).post(_create_url(world), _form(attendees=[erik, johan]))
    meeting = SteeringMeeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail_url(meeting)
    assert (meeting.partnership, meeting.held_on, meeting.place) == (
        world.mou,
        D(2025, 3, 10),
        "Stadshuset",
    )
    assert {(a.person, a.party) for a in meeting.attendances.all()} == {
        (erik, world.party_kth),
        (johan, world.party_stad),
    }
    assert meeting.history.get().history_user == world.steering
    page = as_user(world.viewer).get(_detail_url(meeting), **EN).content.decode()
    assert "Erik Sjöberg" in page and "Johan Ek" in page and "2. Inför ledningsdialogen" in page


def test_an_attendee_not_of_a_party_is_refused_with_a_clear_message(world, as_user):
    # The site administrator sees everyone, also people of organisations outside the parties.
    erik = PersonFactory(organisation=world.kth, name="Erik Sjöberg")
    olle = PersonFactory(organisation=world.elsewhere, name="Olle Olsson")
    response = as_user(world.admin).post(_create_url(world), _form(attendees=[erik, olle]), **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["attendees"] == [
        "Olle Olsson works at Solna stad, which is not a party of this partnership; an "
        "attendee must belong to a party."
    ]
    assert not SteeringMeeting.objects.exists()
    assert not MeetingAttendee.objects.exists()


def test_a_person_the_user_may_not_see_is_not_a_choice(world, as_user):
    # Stockholms stad's staff are not KTH's to browse (decision 0005).
    unnamed = PersonFactory(organisation=world.stad)
    response = as_user(world.steering).post(_create_url(world), _form(attendees=[unnamed]), **EN)
    assert response.status_code == 400
    assert "attendees" in response.context["form"].errors
    assert not SteeringMeeting.objects.exists()


def test_editing_replaces_the_attendees_and_keeps_those_the_editor_cannot_otherwise_see(
    world, as_user
):
    meeting = _meeting(world.mou)
    # Recorded by the city: a city official the KTH editor sees only as an attendee.
    city = _attend(meeting, PersonFactory(organisation=world.stad), world.party_stad).person
    leaving = _attend(meeting, PersonFactory(organisation=world.kth), world.party_kth).person
    joining = PersonFactory(organisation=world.kth)
    client = as_user(world.coordinator)
    form = client.get(_edit_url(meeting)).context["form"]
    assert set(form["attendees"].value()) == {city.pk, leaving.pk}
    response = client.post(
        _edit_url(meeting), _form(attendees=[city, joining], place="KTH", version=1)
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("KTH", 2)
    assert set(meeting.attendees.all()) == {city, joining}


def test_two_editors_of_a_meeting_the_second_gets_the_conflict(world, as_user):
    meeting = _meeting(world.mou, place="Stadshuset")
    as_user(world.coordinator).post(_edit_url(meeting), _form(place="KTH Campus", version=1))
    response = as_user(world.coordinator_stad).post(
        _edit_url(meeting), _form(place="Ragnar Östbergs plan", version=1), **EN
    )
    assert response.status_code == 400
    assert response.context["conflict"] is not None
    assert "Someone else saved this record after you opened it." in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("KTH Campus", 2)


def test_the_outsider_sees_no_meeting_and_the_viewer_changes_none(world, as_user):
    meeting = _meeting(world.mou, minutes="Protokoll")
    decision = MeetingDecision.objects.create(meeting=meeting, text="Beslut")
    decision_url = reverse(
        "partnerships:meeting_decision_edit", args=[world.mou.pk, meeting.pk, decision.pk]
    )
    outsider = as_user(world.outsider)
    for url in (
        _detail_url(meeting),
        _edit_url(meeting),
        _create_url(world),
        _upload_url(meeting),
        decision_url,
        reverse("partnerships:steering_group", args=[world.mou.pk]),
    ):
        assert outsider.get(url).status_code == 404, url
    viewer = as_user(world.viewer)
    assert viewer.get(_detail_url(meeting)).status_code == 200
    for url in (_edit_url(meeting), _create_url(world), _upload_url(meeting), decision_url):
        assert viewer.get(url).status_code == 403, url
    assert viewer.post(_edit_url(meeting), _form(place="X", version=1)).status_code == 403
    assert viewer.post(decision_url, {"text": "Ändrat", "version": 1}).status_code == 403
    meeting.refresh_from_db()
    decision.refresh_from_db()
    assert (meeting.place, decision.text) == ("", "Beslut")
    page = viewer.get(_detail_url(meeting), **EN).content.decode()
    assert "Edit the meeting" not in page and "Record a decision" not in page


def test_a_meeting_of_another_partnership_is_not_found_under_this_one(world, as_user):
    other = PartnershipFactory()
    PartyFactory(partnership=other, organisation=world.kth)
    foreign = _meeting(other)
    client = as_user(world.admin)
    for name in ("meeting_detail", "meeting_edit", "meeting_minutes_upload"):
        url = reverse(f"partnerships:{name}", args=[world.mou.pk, foreign.pk])
        assert client.get(url).status_code == 404, name


# Decisions


def test_decisions_are_recorded_and_edited_on_the_meeting(world, as_user):
    meeting = _meeting(world.mou)
    client = as_user(world.steering)
    create = reverse("partnerships:meeting_decision_create", args=[world.mou.pk, meeting.pk])
    assert client.post(create, {"text": ""}, **EN).status_code == 400
    response = client.post(create, {"text": "Underlaget till ledningsdialogen fastställs."})
    assert response.status_code == 302
    decision = MeetingDecision.objects.get(meeting=meeting)
    edit = reverse(
        "partnerships:meeting_decision_edit", args=[world.mou.pk, meeting.pk, decision.pk]
    )
    client.post(edit, {"text": "Underlaget fastställs med ändringar.", "version": 1})
    decision.refresh_from_db()
    assert (decision.text, decision.version) == ("Underlaget fastställs med ändringar.", 2)
    stale = client.post(edit, {"text": "Något annat", "version": 1}, **EN)
    assert stale.status_code == 400
    decision.refresh_from_db()
    assert decision.text == "Underlaget fastställs med ändringar."
    assert (
        "Underlaget fastställs med ändringar." in client.get(_detail_url(meeting)).content.decode()
    )


# The minutes document


def test_a_pdf_is_kept_with_its_name_and_hash_and_served_to_the_partnership_only(world, as_user):
    import hashlib

    meeting = _meeting(world.mou)
    content = blank_pdf(text="Protokoll styrgruppen (exempel)")
    response = as_user(world.steering).post(
        _upload_url(meeting), {"document": _upload("protokoll 2025-03-10.pdf", content)}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.minutes_document_name == "protokoll 2025-03-10.pdf"
    assert meeting.minutes_document_sha256 == hashlib.sha256(content).hexdigest()
    assert meeting.version == 2
    # Stored under a name of the application's, never the uploader's.
    assert "protokoll" not in meeting.minutes_document.name
    download = as_user(world.viewer).get(_document_url(meeting))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "protokoll 2025-03-10.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == content
    assert as_user(world.outsider).get(_document_url(meeting)).status_code == 404


def test_a_docx_is_accepted_as_minutes(world, as_user):
    meeting = _meeting(world.mou)
    content = _docx_bytes()
    response = as_user(world.coordinator).post(
        _upload_url(meeting), {"document": _upload("protokoll.docx", content)}
    )
    assert response.status_code == 302
    download = as_user(world.viewer).get(_document_url(meeting))
    assert download["Content-Type"] == DOCX_TYPE
    assert b"".join(download.streaming_content) == content


def test_no_document_answers_404(world, as_user):
    meeting = _meeting(world.mou)
    assert as_user(world.viewer).get(_document_url(meeting)).status_code == 404


def _broken_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("protokoll.txt", b"Protokoll i klartext", "The file is neither a PDF nor a Word document"),
        ("protokoll.pdf", b"", "file is empty."),
        ("protokoll.pdf", b"%PDF-1.7 trasig", "The file is damaged or not a PDF that can be read."),
        ("protokoll.docx", _broken_docx(), "The file is damaged or not a Word document (DOCX)"),
        ("protokoll.pdf", blank_pdf(pages=40), "The file is larger than"),
    ],
)
def test_an_unusable_document_is_refused_on_the_field(
    world, as_user, settings, name, content, message
):
    settings.MINUTES_DOCUMENT_MAX_BYTES = 2000
    meeting = _meeting(world.mou)
    response = as_user(world.coordinator).post(
        _upload_url(meeting), {"document": _upload(name, content)}, **EN
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["document"]
    assert any(message in error for error in errors), errors
    meeting.refresh_from_db()
    assert (meeting.minutes_document.name, meeting.minutes_document_sha256, meeting.version) == (
        "",
        "",
        1,
    )


# The steering group's page


def test_the_steering_group_page_lists_meetings_latest_first_and_marks_overdue_items(
    world, as_user, settings
):
    import time_machine

    owner = PersonFactory(organisation=world.kth, name="Karin Berg")
    first = _meeting(world.mou, D(2025, 3, 10), place="Stadshuset")
    latest = _meeting(world.mou, D(2025, 10, 2), place="KTH Campus")
    _attend(latest, owner, world.party_kth)
    overdue = ActionItem.objects.create(
        meeting=first, description="Sammanställ praktikplatserna", owner=owner, due_on=D(2025, 9, 1)
    )
    ActionItem.objects.create(
        meeting=latest, description="Förbered underlaget", owner=owner, due_on=D(2025, 12, 1)
    )
    ActionItem.objects.create(
        meeting=first,
        description="Boka lokal",
        owner=owner,
        due_on=D(2025, 4, 1),
        status=ActionItem.Status.DONE,
        closed_on=D(2025, 3, 20),
    )
    with time_machine.travel(datetime.datetime(2025, 11, 1, 12, tzinfo=datetime.UTC)):
        response = as_user(world.viewer).get(
            reverse("partnerships:steering_group", args=[world.mou.pk]), **EN
        )
    assert response.status_code == 200
    assert [m.pk for m in response.context["meetings"]] == [latest.pk, first.pk]
    items = response.context["open_items"]
    assert [(i.description, i.overdue) for i in items] == [
        ("Sammanställ praktikplatserna", True),
        ("Förbered underlaget", False),
    ]
    page = response.content.decode()
    assert "Boka lokal" not in page
    # The viewer reads; the buttons that change are not offered.
    assert "Mark done" not in page and "Record a meeting" not in page
    # Overdue in words, not only in colour.
    row = page.split("Sammanställ praktikplatserna")[1].split("</tr>")[0]
    assert "Overdue" in row
    assert "Overdue" not in page.split("Förbered underlaget")[1].split("</tr>")[0]
    assert overdue.is_overdue(D(2025, 9, 2)) and not overdue.is_overdue(D(2025, 9, 1))


@pytest.mark.parametrize("rows", [2, 10])
def test_meeting_pages_run_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, rows
):
    people = [PersonFactory(organisation=(world.kth if n % 2 else world.stad)) for n in range(rows)]
    meetings = []
    for n in range(rows):
        meeting = _meeting(world.mou, D(2015 + n, 3, 1), place=f"Plats {n}")
        meetings.append(meeting)
        for person in people:
            party = world.party_kth if person.organisation == world.kth else world.party_stad
            _attend(meeting, person, party)
            ActionItem.objects.create(
                meeting=meeting, description=f"Uppgift {n}", owner=person, due_on=D(2026, 1, 1)
            )
        MeetingDecision.objects.create(meeting=meeting, text=f"Beslut {n}")
    client = as_user(world.coordinator)
    for url, limit in [
        (reverse("partnerships:steering_group", args=[world.mou.pk]), 8),
        (_detail_url(meetings[-1]), 8),
        (_edit_url(meetings[-1]), 7),
        (_create_url(world), 5),
    ]:
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


# The demo data


@pytest.fixture
def demo(db, monkeypatch):
    """The demo loaded on a fixed day, with its steering group whether or not the loader
    already calls demo.meetings (the lead wires it in)."""
    import time_machine

    from samverkan.demo import loader
    from samverkan.demo.meetings import load_steering_group

    if not hasattr(loader, "load_steering_group"):
        original = loader.load_exchanges

        def exchanges_then_meetings(cast):
            original(cast)
            load_steering_group(cast)

        monkeypatch.setattr(loader, "load_exchanges", exchanges_then_meetings)
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC), tick=False):
        loader.load()
        yield


def test_the_demo_steering_group_meets_twice_a_year_and_keeps_every_rule(demo):
    import hashlib

    from samverkan.partnerships.models import Partnership

    mou = Partnership.objects.get(name="Stockholms stad–KTH")
    members = SteeringGroupMember.objects.filter(partnership=mou)
    assert {m.person.name for m in members.current(on=D(2026, 11, 22))} >= {
        "Erik Sjöberg",
        "Helena Rydén",
    }
    for member in members:
        member.full_clean()
    meetings = list(mou.steering_meetings.for_pages())
    years = [m.held_on.year for m in meetings]
    assert sorted(set(years)) == list(range(2015, 2027))
    assert all(years.count(year) == 2 for year in set(years))
    for meeting in meetings:
        assert "Fiktivt" in meeting.minutes
        attendances = list(meeting.attendances.all())
        assert attendances
        for attendance in attendances:
            assert attendance.party.organisation_id == attendance.person.organisation_id
            assert attendance.party.partnership_id == mou.pk
        # The history is dated on the meeting's day (replayed), by a demo user.
        first = meeting.history.earliest("history_date")
        assert first.history_date.date() == meeting.held_on
        assert first.history_user.username in ("stad", "styrgrupp")
        if meeting.minutes_document:
            with meeting.minutes_document.open("rb") as handle:
                assert hashlib.sha256(handle.read()).hexdigest() == meeting.minutes_document_sha256
    assert sum(1 for m in meetings if m.minutes_document) == 2
    items = list(ActionItem.objects.of_partnership(mou).select_related("meeting"))
    assert MeetingDecision.objects.filter(meeting__partnership=mou).count() >= len(meetings)
    for item in items:
        item.full_clean()
        assert item.due_on >= item.meeting.held_on
        assert (item.closed_on is None) == (item.status == ActionItem.Status.OPEN)
        if item.closed_on:
            assert item.meeting.held_on <= item.closed_on <= D(2026, 11, 22)
    statuses = [item.status for item in items]
    assert statuses.count("open") == 3 and statuses.count("cancelled") == 2
    assert statuses.count("done") > len(items) / 2
    overdue = ActionItem.objects.of_partnership(mou).overdue(on=D(2026, 11, 22))
    assert [i.description for i in overdue] == ["Gå igenom avtal som löper ut under 2027"]

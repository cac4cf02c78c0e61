"""Action items of the steering group's meetings: due dates, owners, closing and reopening."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from samverkan.audit.services import EditConflict
from samverkan.followup import steering_services
from samverkan.followup.models import ActionItem, SteeringMeeting
from samverkan.organisations.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
NOON = datetime.time(12, tzinfo=datetime.UTC)


def _at(day):
    return time_machine.travel(datetime.datetime.combine(day, NOON), tick=False)


def _meeting(world, held_on=None):
    held_on = held_on or D(2025, 3, 10)
    return SteeringMeeting.objects.create(partnership=world.mou, held_on=held_on)


def _item(meeting, owner, due_on=None, **fields):
    due_on = due_on or D(2025, 6, 1)
    return ActionItem.objects.create(
        meeting=meeting, description="Sammanställ praktikplatserna", owner=owner, due_on=due_on,
        **fields,
    )  # fmt: skip


def _create_url(meeting):
    return reverse("partnerships:action_item_create", args=[meeting.partnership_id, meeting.pk])


def _edit_url(item):
    return reverse(
        "partnerships:action_item_edit",
        args=[item.meeting.partnership_id, item.meeting_id, item.pk],
    )


def _status_url(item):
    return reverse("partnerships:action_item_status", args=[item.meeting.partnership_id, item.pk])


def _form(owner, due_on="2025-06-01", status="open", **extra):
    return {
        "description": "Sammanställ praktikplatserna",
        "owner": owner.pk,
        "due_on": due_on,
        "status": status,
        **extra,
    }


def test_an_action_item_is_given_to_a_person_of_a_party(world, as_user):
    meeting = _meeting(world)
    karin = PersonFactory(organisation=world.kth, name="Karin Berg")
    response = as_user(world.steering).post(_create_url(meeting), _form(karin))
    assert response.status_code == 302
    item = ActionItem.objects.get()
    assert (item.meeting, item.owner, item.due_on, item.status, item.closed_on) == (
        meeting,
        karin,
        D(2025, 6, 1),
        ActionItem.Status.OPEN,
        None,
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "An action item cannot be due before its meeting (2025-03-10)."),
        ("sv", "2025-03-10"),
    ],
)
def test_an_action_item_due_before_its_meeting_is_refused_on_the_field(
    world, as_user, language, message
):
    meeting = _meeting(world)
    karin = PersonFactory(organisation=world.kth)
    response = as_user(world.steering).post(
        _create_url(meeting), _form(karin, due_on="2025-03-09"), HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["due_on"]
    assert len(errors) == 1 and message in errors[0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ActionItem.objects.exists()
    # Due on the meeting's own day is allowed.
    allowed = as_user(world.steering).post(_create_url(meeting), _form(karin, due_on="2025-03-10"))
    assert allowed.status_code == 302


def test_an_owner_not_of_a_party_is_refused_with_a_clear_message(world, as_user):
    meeting = _meeting(world)
    olle = PersonFactory(organisation=world.elsewhere, name="Olle Olsson")
    response = as_user(world.admin).post(_create_url(meeting), _form(olle), **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["owner"] == [
        "Olle Olsson works at Solna stad, which is not a party of this partnership; an action "
        "item's owner must belong to a party."
    ]
    assert not ActionItem.objects.exists()


def test_the_service_checks_the_due_date_against_the_meeting_as_it_is_now(world):
    # The form read the meeting before someone moved it: the service looks again, under lock.
    meeting = _meeting(world)
    item = ActionItem(
        meeting=meeting,
        description="Uppgift",
        owner=PersonFactory(organisation=world.kth),
        due_on=D(2025, 3, 20),
    )
    SteeringMeeting.objects.filter(pk=meeting.pk).update(held_on=D(2025, 4, 1))
    with pytest.raises(steering_services.MeetingError) as refused:
        steering_services.save_action_item(item, expected_version=None, actor=world.steering)
    assert refused.value.field == "due_on"
    assert not ActionItem.objects.exists()


def test_closing_dates_the_item_and_reopening_clears_the_date(world, as_user):
    meeting = _meeting(world)
    item = _item(meeting, PersonFactory(organisation=world.kth))
    client = as_user(world.steering)
    steering_page = reverse("partnerships:steering_group", args=[world.mou.pk])
    with _at(D(2025, 5, 20)):
        response = client.post(
            _status_url(item), {"status": "done", "version": 1, "next": steering_page}
        )
    assert response.status_code == 302 and response["Location"] == steering_page
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.version) == ("done", D(2025, 5, 20), 2)
    # From done to cancelled: still closed on the day it was first closed.
    with _at(D(2025, 5, 25)):
        client.post(_edit_url(item), _form(item.owner, status="cancelled", version=2))
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("cancelled", D(2025, 5, 20))
    with _at(D(2025, 6, 2)):
        client.post(_status_url(item), {"status": "open", "version": 3})
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.version) == ("open", None, 4)
    assert item.is_overdue(D(2025, 6, 2))


def test_a_status_change_to_elsewhere_is_not_followed(world, as_user):
    item = _item(_meeting(world), PersonFactory(organisation=world.kth))
    response = as_user(world.steering).post(
        _status_url(item), {"status": "done", "version": 1, "next": "https://example.org/"}
    )
    assert response["Location"] == reverse(
        "partnerships:meeting_detail", args=[world.mou.pk, item.meeting_id]
    )


def test_two_editors_of_an_action_item_the_second_gets_the_conflict(world, as_user):
    item = _item(_meeting(world), PersonFactory(organisation=world.kth))
    first = as_user(world.coordinator)
    assert (
        first.post(_edit_url(item), _form(item.owner, due_on="2025-07-01", version=1)).status_code
        == 302
    )
    second = as_user(world.coordinator_stad)
    response = second.post(_status_url(item), {"status": "cancelled", "version": 1}, **EN)
    assert response.status_code == 400
    assert response.context["conflict"] is not None
    assert "Someone else saved this record after you opened it." in response.content.decode()
    item.refresh_from_db()
    assert (item.status, item.due_on, item.version) == ("open", D(2025, 7, 1), 2)
    with pytest.raises(EditConflict):
        item.description = "Annat"
        steering_services.save_action_item(item, expected_version=1, actor=world.coordinator)


def test_the_viewer_cannot_change_an_item_and_the_outsider_sees_none(world, as_user):
    meeting = _meeting(world)
    item = _item(meeting, PersonFactory(organisation=world.kth))
    viewer = as_user(world.viewer)
    assert viewer.get(_create_url(meeting)).status_code == 403
    assert viewer.get(_edit_url(item)).status_code == 403
    assert viewer.post(_status_url(item), {"status": "done", "version": 1}).status_code == 403
    outsider = as_user(world.outsider)
    assert outsider.get(_edit_url(item)).status_code == 404
    assert outsider.post(_status_url(item), {"status": "done", "version": 1}).status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


# Moving a meeting past its items' due dates


def _meeting_form(held_on, version):
    return {"held_on": held_on, "place": "", "agenda": "", "minutes": "", "version": version}


@pytest.mark.parametrize("status", ["open", "done", "cancelled"])
def test_a_meeting_cannot_be_moved_after_an_items_due_date(world, as_user, status):
    meeting = _meeting(world)
    _item(meeting, PersonFactory(organisation=world.kth), due_on=D(2025, 4, 1), status=status)
    edit = reverse("partnerships:meeting_edit", args=[world.mou.pk, meeting.pk])
    client = as_user(world.steering)
    response = client.post(edit, _meeting_form("2025-04-02", 1), **EN)
    assert response.status_code == 400
    assert response.context["form"].errors["held_on"] == [
        "The meeting cannot be moved to 2025-04-02: its action item “Sammanställ "
        "praktikplatserna” is due on 2025-04-01, before that. Change the item's due date first."
    ]
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.version) == (D(2025, 3, 10), 1)
    # To the due day itself, or earlier, it may move.
    assert client.post(edit, _meeting_form("2025-04-01", 1)).status_code == 302
    assert client.post(edit, _meeting_form("2025-02-01", 2)).status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == D(2025, 2, 1)


@pytest.mark.parametrize("rows", [2, 10])
def test_the_item_form_runs_a_fixed_number_of_queries(
    world, as_user, django_assert_max_num_queries, rows
):
    meeting = _meeting(world)
    for _n in range(rows):
        item = _item(meeting, PersonFactory(organisation=world.kth))
    client = as_user(world.coordinator)
    with django_assert_max_num_queries(8):
        assert client.get(_edit_url(item)).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(_create_url(meeting)).status_code == 200


HOSTILE = ["", "\x00", "99999999999999999999", "-1", "2025-13-45", "<script>", "x" * 5000]


def test_hostile_input_is_refused_never_a_500(world, as_user, api):
    meeting = _meeting(world)
    item = _item(meeting, PersonFactory(organisation=world.kth))
    client = as_user(world.admin)
    client.raise_request_exception = True
    edit_meeting = reverse("partnerships:meeting_edit", args=[world.mou.pk, meeting.pk])
    for value in HOSTILE:
        fields = {
            "held_on": value,
            "place": value,
            "attendees": [value, value],
            "description": value,
            "owner": value,
            "due_on": value,
            "status": value,
            "version": value,
            "text": value,
        }
        for url in (
            reverse("partnerships:meeting_create", args=[world.mou.pk]),
            edit_meeting,
            _create_url(meeting),
            _edit_url(item),
            _status_url(item),
            reverse("partnerships:meeting_decision_create", args=[world.mou.pk, meeting.pk]),
        ):
            assert client.post(url, fields).status_code in (400, 409), (url, value)
        token = api(world.admin)
        body = {**fields, "attendees": [value]}
        answers = [
            token.post(
                f"/api/v1/partnerships/{world.mou.pk}/steering-group/meetings/", body, format="json"
            ),
            token.patch(f"/api/v1/partnerships/{world.mou.pk}/action-items/{item.pk}/", body,
                        format="json"),
            token.get(f"/api/v1/partnerships/{world.mou.pk}/action-items/", {"status": value}),
        ]  # fmt: skip
        for answer in answers:
            assert 400 <= answer.status_code < 500, (answer.request["PATH_INFO"], value)
    item.refresh_from_db()
    meeting.refresh_from_db()
    assert (item.version, meeting.version, meeting.place) == (1, 1, "")


@pytest.mark.django_db(transaction=True)
def test_moving_a_meeting_and_giving_an_item_at_once_never_leave_an_item_due_before_it(world):
    """On PostgreSQL the two run at the same moment (agreements' `at_once`): the meeting's row
    lock makes one wait for the other, which then sees it and is refused."""
    from samverkan.agreements.tests.test_concurrency import at_once

    meeting = _meeting(world)
    owner = PersonFactory(organisation=world.kth)
    moved = SteeringMeeting.objects.get(pk=meeting.pk)
    moved.held_on = D(2025, 5, 1)
    item = ActionItem(meeting=meeting, description="Uppgift", owner=owner, due_on=D(2025, 4, 1))
    results = at_once(
        [
            lambda: steering_services.save_meeting(
                moved, attendees=[], expected_version=1, actor=world.steering
            ),
            lambda: steering_services.save_action_item(
                item, expected_version=None, actor=world.coordinator
            ),
        ]
    )
    refused = [r for r in results if isinstance(r, steering_services.MeetingError)]
    assert len(refused) == 1, results
    assert refused[0].field in ("held_on", "due_on")
    meeting.refresh_from_db()
    assert not ActionItem.objects.filter(meeting=meeting, due_on__lt=meeting.held_on).exists()

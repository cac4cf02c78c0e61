"""The user's dashboard of reminders at /reminders/ and snoozing from it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samverkan.organisations.tests.factories import PersonFactory
from samverkan.reminders import services
from samverkan.reminders.models import Reminder, Snooze

from .factories import Role, action_item, exchange, in_force, user_for
from .test_daily_pass import _secret_agreement

pytestmark = pytest.mark.django_db

D = datetime.date
URL = "/reminders/"


@pytest.fixture
def owner(world):
    return user_for(
        PersonFactory(organisation=world.kth), role=Role.CONTRIBUTOR, partnership=world.mou
    )


def test_the_dashboard_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_dashboard_shows_ones_own_active_reminders(world, owner, as_user):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    page = as_user(owner).get(URL).content.decode()
    assert "Skriv årsrapporten" in page
    assert "2026-04-05" in page
    assert reverse("reminders:snooze", args=[Reminder.objects.get(user=owner).pk]) in page
    # The coordinators' reminders (the dialogue season) are not the owner's.
    other = Reminder.objects.exclude(user=owner).first()
    assert other is not None
    assert reverse("reminders:snooze", args=[other.pk]) not in page


def test_a_secret_title_is_masked_on_the_dashboard_of_a_user_not_entitled(world, as_user):
    _agreement, _sig_stad, sig_kth = _secret_agreement(world)
    viewer = user_for(sig_kth.person, role=Role.VIEWER, partnership=world.mou)
    services.daily_pass(D(2026, 1, 20))
    page = as_user(viewer).get(URL).content.decode()
    assert "Hemligbolaget" not in page
    assert "Sekretess (OSL 31 kap. 16 §)" in page


def test_snoozing_ones_own_reminder(world, owner, as_user):
    item = action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    until = timezone.localdate() + datetime.timedelta(days=10)
    response = as_user(owner).post(
        reverse("reminders:snooze", args=[reminder.pk]), {f"r{reminder.pk}-until": until}
    )
    assert response.status_code == 302
    snooze = Snooze.objects.get(user=owner)
    assert (snooze.subject_key, snooze.until) == (f"action_item_due:{item.pk}", until)
    page = as_user(owner).get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Snoozed until {until.isoformat()}" in page


def test_a_snooze_in_the_past_is_refused(world, owner, as_user):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    response = as_user(owner).post(
        reverse("reminders:snooze", args=[reminder.pk]), {f"r{reminder.pk}-until": "2020-01-01"}
    )
    assert response.status_code == 400
    assert not Snooze.objects.exists()


def test_snoozing_someone_elses_reminder_answers_404(world, owner, as_user):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    until = timezone.localdate() + datetime.timedelta(days=10)
    response = as_user(world.coordinator).post(
        reverse("reminders:snooze", args=[reminder.pk]), {f"r{reminder.pk}-until": until}
    )
    assert response.status_code == 404
    assert not Snooze.objects.exists()


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_dashboards_queries_do_not_grow_with_its_rows(world, as_user):
    coordinator = world.coordinator
    coordinator_person = PersonFactory(organisation=world.kth)
    coordinator.person = coordinator_person
    coordinator.save()
    client = as_user(coordinator)

    def add_one_of_each(offset):
        in_force(world, ends_on=D(2026, 5, 1) + datetime.timedelta(days=offset), notice_months=1)
        exchange(world, ends_on=D(2026, 5, 1) + datetime.timedelta(days=offset))
        action_item(
            world, due_on=D(2026, 4, 20) + datetime.timedelta(days=offset), owner=coordinator_person
        )

    add_one_of_each(0)
    services.daily_pass(D(2026, 4, 6))
    few = _page_queries(client)
    for offset in range(1, 4):
        add_one_of_each(offset)
    services.daily_pass(D(2026, 4, 6))
    assert Reminder.objects.filter(user=coordinator).active().count() >= 12
    assert _page_queries(client) == few

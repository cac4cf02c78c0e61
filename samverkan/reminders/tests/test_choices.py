"""Choosing which reminders one gets and the e-mail language (page and API), seeing who else
was reminded, and the reminders' API."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samverkan.organisations.tests.factories import PersonFactory
from samverkan.reminders import services
from samverkan.reminders.models import Kind, Reminder, ReminderSettings, Snooze

from .factories import Role, action_item, in_force, user_for
from .test_daily_pass import _secret_agreement

pytestmark = pytest.mark.django_db

D = datetime.date
PAGE = "/reminders/settings/"
DASHBOARD = "/reminders/"
LIST = "/api/v1/reminders/"
SETTINGS = "/api/v1/reminders/settings/"


def _snooze(pk):
    return f"/api/v1/reminders/{pk}/snooze/"


@pytest.fixture
def owner(world):
    return user_for(
        PersonFactory(organisation=world.kth), role=Role.CONTRIBUTOR, partnership=world.mou
    )


# The settings page


def test_the_settings_page_offers_every_kind_ticked_by_default(world, owner, as_user):
    page = as_user(owner).get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for kind in Kind:
        assert f'value="{kind.value}"' in page
    assert page.count("checked") == len(Kind)
    assert "Language of e-mails" in page


def test_switching_a_kind_off_stops_its_reminders_and_hides_it(world, owner, as_user):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    assert "Skriv årsrapporten" in as_user(owner).get(DASHBOARD).content.decode()
    wanted = [kind for kind in Kind.values if kind != Kind.ACTION_ITEM_DUE]
    response = as_user(owner).post(PAGE, {"kinds": wanted, "language": "en"})
    assert response.status_code == 302
    choices = ReminderSettings.objects.get(user=owner)
    assert (choices.muted_kinds, choices.language) == ([Kind.ACTION_ITEM_DUE], "en")
    # The dashboard leaves the kind out, and no pass records or sends it any more.
    assert "Skriv årsrapporten" not in as_user(owner).get(DASHBOARD).content.decode()
    mail.outbox.clear()
    action_item(world, due_on=D(2026, 5, 1), owner=owner.person)
    services.daily_pass(D(2026, 4, 25))
    assert not Reminder.objects.filter(user=owner, due_on=D(2026, 5, 1)).exists()
    assert not [m for m in mail.outbox if m.to == [owner.email]]
    # Ticked again, the page shows it ticked and the next pass reminds.
    as_user(owner).post(PAGE, {"kinds": Kind.values, "language": ""})
    assert ReminderSettings.objects.get(user=owner).muted_kinds == []
    services.daily_pass(D(2026, 4, 25))
    assert Reminder.objects.filter(user=owner, due_on=D(2026, 5, 1)).exists()


def test_the_chosen_language_is_the_language_of_the_e_mails(world, owner, as_user):
    as_user(owner).post(PAGE, {"kinds": Kind.values, "language": "en"})
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 3, 30))
    [message] = [m for m in mail.outbox if m.to == [owner.email]]
    assert "The action item “Skriv årsrapporten” is due on 2026-04-05." in message.body


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Välj ett giltigt alternativ"), ("en", "Select a valid choice")],
)
def test_an_unknown_language_is_refused_on_the_page_in_both_languages(
    world, owner, as_user, language, message
):
    response = as_user(owner).post(
        PAGE, {"kinds": Kind.values, "language": "xx"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'id="id_language_error"' in response.content.decode()
    assert not ReminderSettings.objects.exists()


def test_the_settings_page_needs_a_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/login" in response["Location"]


# Who else was reminded


def test_each_coordinator_sees_who_else_was_reminded_of_a_deadline(world, as_user):
    for user, name in ((world.coordinator, "Kim KTH"), (world.coordinator_stad, "Sam Stad")):
        user.first_name, user.last_name = name.split()
        user.save()
    in_force(world, ends_on=D(2026, 6, 30), notice_months=3)
    services.daily_pass(D(2026, 3, 25))
    page = as_user(world.coordinator).get(DASHBOARD).content.decode()
    assert "Sam Stad" in page
    # The reader is not among the others.
    body = _api_rows(world.coordinator)
    notice = [row for row in body if row["kind"] == Kind.NOTICE_DEADLINE]
    assert notice and all(row["others"] == ["Sam Stad"] for row in notice)


def test_who_else_is_not_shown_for_a_subject_confidential_to_the_reader(world, as_user):
    _agreement, sig_stad, sig_kth = _secret_agreement(world)
    entitled = user_for(sig_stad.person, role=Role.LEADERSHIP, partnership=world.mou)
    viewer = user_for(sig_kth.person, role=Role.VIEWER, partnership=world.mou)
    services.daily_pass(D(2026, 1, 20))
    [masked] = _api_rows(viewer)
    assert masked["others"] is None
    assert "Hemligbolaget" not in masked["sentence"]
    [open_row] = _api_rows(entitled)
    assert open_row["others"] == [str(viewer)]
    page = as_user(viewer).get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Not shown: the subject is confidential" in page
    assert str(entitled) not in page


# The API


def _api_rows(user, language="en"):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    response = client.get(LIST, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.json()


def test_the_api_lists_ones_own_reminders(world, owner, api):
    item = action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    [row] = api(owner).get(LIST).json()
    reminder = Reminder.objects.get(user=owner)
    assert row == {
        "id": reminder.pk,
        "kind": "action_item_due",
        "sentence": "The action item “Skriv årsrapporten” was due on 2026-04-05.",
        "partnership": world.mou.pk,
        "partnership_name": "Stockholms stad–KTH",
        "path": reminder.url,
        "due_on": "2026-04-05",
        "tier": "overdue",
        "state": "sent",
        "sent_at": row["sent_at"],
        "snoozed_until": None,
        "others": [],
    }
    assert row["sent_at"] is not None
    assert reminder.subject_key == f"action_item_due:{item.pk}"
    # In Swedish when asked.
    [swedish] = api(owner, language="sv").get(LIST).json()
    assert swedish["sentence"].startswith("Åtgärdspunkten")
    assert api(None).get(LIST).status_code in (401, 403)


def test_snoozing_through_the_api(world, owner, api):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    until = timezone.localdate() + datetime.timedelta(days=7)
    response = api(owner).post(_snooze(reminder.pk), {"until": until.isoformat()}, format="json")
    assert response.status_code == 200
    assert response.json() == {"reminder": reminder.pk, "until": until.isoformat()}
    assert Snooze.objects.get(user=owner).until == until
    [row] = api(owner).get(LIST).json()
    assert row["snoozed_until"] == until.isoformat()


@pytest.mark.parametrize(
    ("language", "message"),
    [("sv", "Välj dagens datum eller ett senare datum."), ("en", "Choose today or a later day.")],
)
def test_a_snooze_in_the_past_is_refused_by_the_api(world, owner, api, language, message):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    response = api(owner, language=language).post(
        _snooze(reminder.pk), {"until": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["until"])
    assert not Snooze.objects.exists()
    response = api(owner).post(_snooze(reminder.pk), {"until": "not a day"}, format="json")
    assert response.status_code == 400
    assert "until" in response.json()


def test_snoozing_someone_elses_reminder_through_the_api_answers_404(world, owner, api):
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 4, 6))
    reminder = Reminder.objects.get(user=owner)
    until = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = api(world.coordinator).post(_snooze(reminder.pk), {"until": until}, format="json")
    assert response.status_code == 404
    assert not Snooze.objects.exists()


def test_the_settings_through_the_api(world, owner, api):
    client = api(owner)
    assert client.get(SETTINGS).json() == {"kinds": Kind.values, "language": ""}
    wanted = [Kind.NOTICE_DEADLINE, Kind.SIGNATURE_MISSING]
    response = client.put(SETTINGS, {"kinds": wanted, "language": "en"}, format="json")
    assert response.status_code == 200
    assert response.json() == {"kinds": wanted, "language": "en"}
    stored = ReminderSettings.objects.get(user=owner)
    assert set(stored.muted_kinds) == set(Kind.values) - set(wanted)
    # An unknown kind or language: 400 on the field, nothing changed.
    for bad in ({"kinds": ["sometimes"], "language": ""}, {"kinds": [], "language": "xx"}):
        response = client.put(SETTINGS, bad, format="json")
        assert response.status_code == 400
        assert set(response.json()) & {"kinds", "language"}
    assert client.get(SETTINGS).json() == {"kinds": wanted, "language": "en"}
    assert client.put(SETTINGS, ["not", "an", "object"], format="json").status_code == 400


def test_the_api_lists_in_a_fixed_number_of_queries(world, api):
    client = api(world.coordinator)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    in_force(world, ends_on=D(2026, 6, 30), notice_months=3)
    services.daily_pass(D(2026, 3, 25))
    queries()  # the first request of a token also records when it was last used
    few = queries()
    for day in range(1, 6):
        in_force(world, ends_on=D(2026, 6, 30) + datetime.timedelta(days=day), notice_months=3)
    services.daily_pass(D(2026, 3, 25))
    assert Reminder.objects.filter(user=world.coordinator).active().count() >= 6
    assert queries() == few


# The administrators' log


def test_administrators_see_the_reminder_log_with_failures(world, owner, client, settings):
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    _secret_agreement(world)
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    services.daily_pass(D(2026, 1, 20))
    assert Reminder.objects.filter(state=Reminder.State.FAILED).exists()
    client.force_login(world.admin)
    page = client.get("/admin/reminders/reminder/?state=failed").content.decode()
    assert owner.username in page
    assert "SMTP" in page or "Error" in page
    assert "Hemligbolaget" not in page
    reminder = Reminder.objects.filter(state=Reminder.State.FAILED).first()
    detail = client.get(f"/admin/reminders/reminder/{reminder.pk}/change/")
    assert detail.status_code == 200  # shown, read-only
    assert client.post(f"/admin/reminders/reminder/{reminder.pk}/delete/").status_code == 403
    assert client.get("/admin/reminders/reminder/add/").status_code == 403


def test_the_reminder_log_is_for_administrators_only(world, client):
    client.force_login(world.coordinator)
    response = client.get("/admin/reminders/reminder/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

"""The daily pass: recorded once, sent once, failures retried and reported, choices honoured."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import translation

from samverkan.agreements import services as agreement_services
from samverkan.agreements.tests.factories import agreement_between, mark
from samverkan.followup.models import ActionItem, LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.reminders import services, tasks
from samverkan.reminders.models import Kind, Reminder, ReminderSettings, Snooze

from .factories import Role, action_item, user_for

pytestmark = pytest.mark.django_db

D = datetime.date


class FailingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def owner(world):
    return user_for(
        PersonFactory(organisation=world.kth, name="Åsa Ägare"),
        role=Role.CONTRIBUTOR,
        partnership=world.mou,
    )


@pytest.fixture
def item(world, owner):
    # This spring's dialogue is held, so that the action item is the only thing due.
    LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2026, 3, 15), title="Ledningsdialog"
    )
    return action_item(world, due_on=D(2026, 4, 5), owner=owner.person)


def test_a_reminder_is_sent_by_email_with_a_link(world, owner, item):
    report = services.daily_pass(D(2026, 3, 29))
    assert (report.created, report.sent, report.failed) == (1, 1, [])
    [message] = mail.outbox
    assert message.to == [owner.email]
    assert "Skriv årsrapporten" in message.body
    assert "2026-04-05" in message.body
    assert f"https://samverkan.example.org/partnerships/{world.mou.pk}/steering-group/" in (
        message.body
    )
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts, reminder.tier) == ("sent", 1, "7")
    assert reminder.sent_at is not None


def test_running_the_pass_twice_sends_nothing_twice(world, owner, item):
    services.daily_pass(D(2026, 3, 29))
    again = services.daily_pass(D(2026, 3, 29))
    assert (again.created, again.sent) == (0, 0)
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 1


def test_the_next_tier_is_sent_once_and_supersedes_the_earlier(world, owner, item):
    services.daily_pass(D(2026, 3, 1))  # 35 days: the 90-day tier
    services.daily_pass(D(2026, 3, 2))  # still the 90-day tier: nothing new
    services.daily_pass(D(2026, 3, 6))  # 30 days
    assert len(mail.outbox) == 2
    tiers = dict(Reminder.objects.values_list("tier", "resolved_on"))
    assert tiers == {"90": D(2026, 3, 6), "30": None}


def test_overdue_is_sent_once_and_persists_until_the_item_is_done(world, owner, item):
    services.daily_pass(D(2026, 4, 6))
    services.daily_pass(D(2026, 4, 20))
    assert len(mail.outbox) == 1
    overdue = Reminder.objects.get(tier="overdue")
    assert overdue.resolved_on is None
    ActionItem.objects.filter(pk=item.pk).update(status=ActionItem.Status.DONE)
    assert services.daily_pass(D(2026, 4, 21)).resolved == 1
    overdue.refresh_from_db()
    assert overdue.resolved_on == D(2026, 4, 21)


def test_a_failed_send_is_recorded_retried_and_reported(world, owner, item, settings):
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    report = services.daily_pass(D(2026, 3, 29))
    reminder = Reminder.objects.get()
    assert report.sent == 0
    assert report.failed == [(reminder.pk, "ConnectionRefusedError: the mail server is down")]
    assert (reminder.state, reminder.attempts) == ("failed", 1)
    assert "mail server is down" in reminder.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    report = services.daily_pass(D(2026, 3, 30))
    reminder.refresh_from_db()
    assert (report.sent, reminder.state, reminder.attempts, reminder.last_error) == (
        1,
        "sent",
        2,
        "",
    )
    assert len(mail.outbox) == 1


def test_retries_stop_after_the_last_attempt_and_the_failure_stays(world, owner, item, settings):
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    for day in range(29, 31):
        services.daily_pass(D(2026, 3, day))
    services.daily_pass(D(2026, 3, 31))
    assert services.daily_pass(D(2026, 4, 1)).failed == []  # three attempts made: no more
    reminder = Reminder.objects.get()
    assert (reminder.state, reminder.attempts) == ("failed", 3)


def test_the_command_runs_the_pass_and_fails_when_a_send_fails(world, owner, item, settings):
    out = io.StringIO()
    call_command("send_reminders", "--date", "2026-03-29", stdout=out)
    assert "1 sent" in out.getvalue()
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    action_item(world, due_on=D(2026, 4, 6), owner=owner.person)
    with pytest.raises(SystemExit):
        call_command("send_reminders", "--date", "2026-03-30", stdout=out, stderr=io.StringIO())


def test_the_task_runs_the_pass_eagerly_without_a_broker(world, owner, item):
    result = tasks.daily_pass.delay("2026-03-29")
    assert result.get()["sent"] == 1
    assert len(mail.outbox) == 1


def test_a_snoozed_subject_waits_until_the_day_after_the_snooze(world, owner, item):
    Snooze.objects.create(user=owner, subject_key=f"action_item_due:{item.pk}", until=D(2026, 4, 2))
    services.daily_pass(D(2026, 3, 29))
    services.daily_pass(D(2026, 4, 2))
    assert mail.outbox == []
    services.daily_pass(D(2026, 4, 3))
    assert len(mail.outbox) == 1


def test_a_kind_switched_off_is_not_sent(world, owner, item):
    ReminderSettings.objects.create(user=owner, muted_kinds=[Kind.ACTION_ITEM_DUE])
    services.daily_pass(D(2026, 3, 29))
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_pending_reminder_of_a_kind_switched_off_later_is_held_back(world, owner, item, settings):
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    services.daily_pass(D(2026, 3, 29))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ReminderSettings.objects.create(user=owner, muted_kinds=[Kind.ACTION_ITEM_DUE])
    services.daily_pass(D(2026, 3, 30))
    assert mail.outbox == []


def test_the_email_is_in_the_recipients_language(world, owner, item):
    ReminderSettings.objects.create(user=owner, language="en")
    services.daily_pass(D(2026, 4, 6))
    [message] = mail.outbox
    assert message.subject.startswith("Overdue: Action item due")
    assert "was due on 2026-04-05" in message.body


def _secret_agreement(world):
    agreement, (sig_stad, sig_kth) = agreement_between(
        world.mou, [world.party_stad, world.party_kth], title="Förvärv av Hemligbolaget AB"
    )
    agreement.starts_on = D(2026, 2, 1)
    agreement.save()
    mark(agreement, target="title", authority=world.stad, provision="OSL 31 kap. 16 §")
    agreement_services.send_for_signature(agreement, actor=None)
    return agreement, sig_stad, sig_kth


def test_a_secret_title_never_reaches_a_recipient_not_entitled(world):
    _agreement, sig_stad, sig_kth = _secret_agreement(world)
    entitled = user_for(sig_stad.person, role=Role.LEADERSHIP, partnership=world.mou)
    viewer = user_for(sig_kth.person, role=Role.VIEWER, partnership=world.mou)
    ReminderSettings.objects.create(user=viewer, language="en")
    services.daily_pass(D(2026, 1, 20))
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {entitled.email, viewer.email}
    hidden = sent[viewer.email]
    assert "Hemligbolaget" not in hidden.subject + hidden.body
    assert "Secret (OSL 31 kap. 16 §)" in hidden.body
    assert "Förvärv av Hemligbolaget AB" in sent[entitled.email].body


def test_the_masked_title_is_in_the_recipients_language(world):
    _agreement, _sig_stad, sig_kth = _secret_agreement(world)
    viewer = user_for(sig_kth.person, role=Role.VIEWER, partnership=world.mou)
    with translation.override("en"):
        services.daily_pass(D(2026, 1, 20))
    [message] = [m for m in mail.outbox if m.to == [viewer.email]]
    assert "Sekretess (OSL 31 kap. 16 §)" in message.body  # Swedish, the default


def test_a_deadline_falls_on_its_date_in_stockholm_across_summer_time(world, owner, item):
    # 2026-03-28 23:30 UTC is already 29 March in Stockholm: 7 days left, not 8.
    with time_machine.travel(datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC)):
        services.daily_pass()
    assert Reminder.objects.get().tier == "7"
    # Summer time began on 29 March: 22:30 UTC on 5 April is 00:30 on 6 April in Stockholm,
    # the first day after the due date, so the item is overdue.
    with time_machine.travel(datetime.datetime(2026, 4, 5, 22, 30, tzinfo=datetime.UTC)):
        services.daily_pass()
    overdue = Reminder.objects.get(tier="overdue")
    assert overdue.due_on == D(2026, 4, 5)
    # 21:59 UTC on 5 April is 23:59 in Stockholm: still the due day, not overdue.
    Reminder.objects.all().delete()
    with time_machine.travel(datetime.datetime(2026, 4, 5, 21, 59, tzinfo=datetime.UTC)):
        services.daily_pass()
    assert Reminder.objects.get().tier == "7"


def test_a_recipient_who_loses_access_is_not_sent_a_pending_reminder(world, owner, item, settings):
    settings.EMAIL_BACKEND = "samverkan.reminders.tests.test_daily_pass.FailingBackend"
    services.daily_pass(D(2026, 3, 29))
    owner.role_assignments.all().delete()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.daily_pass(D(2026, 3, 30))
    assert mail.outbox == []
    assert Reminder.objects.get().resolved_on == D(2026, 3, 30)


def test_a_user_without_an_email_address_is_reported(world, owner, item):
    owner.email = ""
    owner.save()
    report = services.daily_pass(D(2026, 3, 29))
    assert report.failed and "no e-mail address" in report.failed[0][1]


def test_every_kind_has_a_sentence_in_both_languages(world, owner, item):
    services.daily_pass(D(2026, 3, 29))
    reminder = Reminder.objects.get()
    for kind in Kind:
        reminder.kind = kind
        for tier in ("7", "overdue"):
            reminder.tier = tier
            for language in ("sv", "en"):
                with translation.override(language):
                    assert "2026-04-05" in services.reminder_sentence(reminder, "X")


def test_beat_schedules_the_registered_daily_pass(settings):
    from samverkan.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["daily-reminders"]
    assert entry["task"] in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})
    assert app.conf.timezone == "Europe/Stockholm"

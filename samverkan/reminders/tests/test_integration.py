"""The reminders against real components: an SMTP server on loopback, a Celery worker on Redis."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail

from samverkan.followup.models import LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import PersonFactory
from samverkan.reminders import services, tasks  # noqa: F401 (registers the task)
from samverkan.reminders.models import Reminder

from .factories import Role, action_item, user_for

D = datetime.date


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _owner_with_item(world):
    LeadershipDialogue.objects.create(
        partnership=world.mou, held_on=PartialDate(2026, 3, 15), title="Ledningsdialog"
    )
    owner = user_for(
        PersonFactory(organisation=world.kth, name="Åsa Ägare"),
        role=Role.CONTRIBUTOR,
        partnership=world.mou,
    )
    action_item(world, due_on=D(2026, 4, 5), owner=owner.person)
    return owner


@pytest.mark.django_db
def test_a_reminder_goes_through_a_real_smtp_server(world, settings):
    owner = _owner_with_item(world)
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        report = services.daily_pass(D(2026, 3, 29))
    finally:
        controller.stop()
    assert report.sent == 1
    [envelope] = inbox.envelopes
    assert envelope.rcpt_tos == [owner.email]
    text = envelope.content.decode()
    assert "Subject:" in text
    assert "2026-04-05" in text


@pytest.mark.django_db
def test_an_unreachable_smtp_server_is_a_failure_recorded(world, settings):
    _owner_with_item(world)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 5
    report = services.daily_pass(D(2026, 3, 29))
    assert len(report.failed) == 1
    assert Reminder.objects.get().state == Reminder.State.FAILED


@pytest.fixture
def redis_celery():
    """A Celery app like the project's, with Redis (database 13) as broker and result backend
    instead of running eagerly. A fresh app, so that nothing cached by the eager tests (the
    result backend, the connection pool) carries over."""
    url = "redis://127.0.0.1:6379/13"
    app = Celery("samverkan-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    app.finalize()  # binds the shared tasks (reminders.daily_pass) to this app
    try:
        yield app
    finally:
        app.close()


# The worker runs in a thread with its own database connection: the test's rows must be
# committed for it to see them (PostgreSQL and SQLite alike).
@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_on_redis_runs_the_daily_pass(world, redis_celery, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner = _owner_with_item(world)
    with start_worker(redis_celery, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        result = redis_celery.tasks["reminders.daily_pass"].delay("2026-03-29")
        outcome = result.get(timeout=60)
    assert outcome["sent"] == 1
    assert [message.to for message in mail.outbox] == [[owner.email]]
    assert Reminder.objects.get().state == Reminder.State.SENT

"""Site-wide behaviour: health check, languages, login protection, translations, demo data."""

from pathlib import Path
from unittest import mock

import polib
import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse

from samverkan.accounts.models import User
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

LOCALE = Path(__file__).resolve().parents[1] / "locale"


def test_healthz_names_the_database_state(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(db, client):
    with mock.patch("samverkan.health.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_swedish_is_the_default_and_english_is_one_click_away(world, as_user):
    client = as_user(world.viewer)
    page = client.get(reverse("partnerships:list"))
    assert '<html lang="sv">' in page.content.decode()
    assert "Dina partnerskap" in page.content.decode() or "Partnerskap" in page.content.decode()
    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("partnerships:list")}
    )
    assert response.status_code == 302
    page = client.get(reverse("partnerships:list")).content.decode()
    assert '<html lang="en">' in page
    assert "Your partnerships" in page


def test_urls_are_in_english_whatever_the_language(world, as_user):
    client = as_user(world.viewer)
    client.post(reverse("set_language"), {"language": "sv"})
    assert reverse("partnerships:detail", args=[world.mou.pk]) == f"/partnerships/{world.mou.pk}/"


def test_anonymous_visitors_are_sent_to_the_login(db, client):
    response = client.get(reverse("partnerships:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_failed_logins_are_rate_limited(world, client):
    statuses = [
        client.post(reverse("login"), {"username": "viewer", "password": "wrong"}).status_code
        for _attempt in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # AXES_FAILURE_LIMIT = 5
    locked = client.post(reverse("login"), {"username": "viewer", "password": "secret-password"})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_right_password_logs_in(world, client):
    response = client.post(reverse("login"), {"username": "viewer", "password": "secret-password"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.viewer.pk)


def test_every_swedish_string_is_translated():
    po = polib.pofile(str(LOCALE / "sv" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_the_demo_is_refused_outside_demo_installations(db, settings):
    settings.SAMVERKAN_ALLOW_DEMO = False
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_the_demo_loads_the_partnerships_of_the_sources(db, settings, capsys):
    settings.SAMVERKAN_ALLOW_DEMO = True
    call_command("load_demo")
    call_command("load_demo")  # a second run changes nothing
    output = capsys.readouterr().out
    assert "demo" in output and "outsider" in output
    mou = Partnership.objects.get(kind=Partnership.Kind.MOU)
    assert mou.signed_on.isoformat() == "2014-05"
    assert sorted(p.organisation.organisation_number for p in mou.parties.all()) == [
        "202100-3054",
        "212000-0142",
    ]
    assert sorted(
        (s.person.name, s.title)
        for s in mou.parties.get(organisation__short_name="KTH").signatories.all()
    ) == [("Peter Gudmundson", "Rektor")]
    assert mou.areas.count() == 3
    assert mou.clauses.count() == 6
    network = Partnership.objects.get(kind=Partnership.Kind.NETWORK)
    assert network.lead_unit.name == "KTH Innovation"
    assert {p.organisation.short_name for p in network.parties.all()} == {"KTH", "SU", "MDU", "HHS"}
    assert User.objects.filter(
        username__in=[d.username for d in loader.DEMO_LOGINS]
    ).count() == len(loader.DEMO_LOGINS)
    assert Partnership.objects.visible_to(User.objects.get(username="outsider")).count() == 0


def test_the_web_application_refuses_to_start_without_a_secret_key():
    """Management commands run without one; a production server must not (wsgi.py)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", "import samverkan.wsgi"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_every_visible_to_hides_a_partnerships_records_from_outsiders(world):
    """Each model's visible_to answers the same question as the partnership's."""
    import datetime

    from samverkan.activities.models import PersonnelExchange
    from samverkan.areas.models import CollaborationArea, ContactPerson
    from samverkan.followup.models import (
        ActionItem,
        LeadershipDialogue,
        SteeringGroupMember,
        SteeringMeeting,
    )
    from samverkan.lib.partial_dates import PartialDate
    from samverkan.organisations.models import Unit
    from samverkan.organisations.tests.factories import PersonFactory, UnitFactory
    from samverkan.partnerships.models import Party

    person = PersonFactory(organisation=world.kth)
    area = CollaborationArea.objects.create(
        partnership=world.mou, name="Område", identified_on=PartialDate(2014)
    )
    ContactPerson.objects.create(
        partnership=world.mou, area=area, party=world.party_kth, person=person
    )
    LeadershipDialogue.objects.create(partnership=world.mou, held_on=PartialDate(2016), title="D")
    PersonnelExchange.objects.create(
        partnership=world.mou,
        person=person,
        home_organisation=world.kth,
        host_organisation=world.stad,
        position="Utredare",
        extent_percent=10,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 6, 30),
        area=area,
    )
    meeting = SteeringMeeting.objects.create(
        partnership=world.mou, held_on=datetime.date(2025, 3, 10)
    )
    ActionItem.objects.create(
        meeting=meeting, description="Underlag", owner=person, due_on=datetime.date(2025, 6, 1)
    )
    SteeringGroupMember.objects.create(
        partnership=world.mou,
        party=world.party_kth,
        person=person,
        starts_on=datetime.date(2024, 1, 1),
    )
    UnitFactory(organisation=world.kth)
    for model in (
        Party,
        CollaborationArea,
        ContactPerson,
        LeadershipDialogue,
        PersonnelExchange,
        SteeringMeeting,
        ActionItem,
        SteeringGroupMember,
    ):
        assert model.objects.visible_to(world.viewer).exists(), model
        assert not model.objects.visible_to(world.outsider).exists(), model
    # The register of organisations and units is public to every signed-in user.
    assert Unit.objects.visible_to(world.outsider).exists()


@pytest.mark.parametrize(
    ("variables", "engine", "cache"),
    [
        # No shared cache: each process's own memory must not hold sessions.
        (
            {},
            "django.contrib.sessions.backends.db",
            "django.core.cache.backends.locmem.LocMemCache",
        ),
        (
            {"CACHE_URL": "redis://127.0.0.1:6379/1"},
            "django.contrib.sessions.backends.cached_db",
            "django.core.cache.backends.redis.RedisCache",
        ),
    ],
)
def test_sessions_are_cached_only_in_a_shared_cache(variables, engine, cache):
    """Read in a process of its own, as a server reads them (docs/operations.md)."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "SAMVERKAN_TESTING"}} | {
        "DJANGO_SETTINGS_MODULE": "samverkan.settings",
        **variables,
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE); print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout.split() == [engine, cache]

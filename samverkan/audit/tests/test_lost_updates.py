import threading

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from samverkan.audit.services import EditConflict, save_versioned
from samverkan.organisations.models import Organisation


def _form(organisation, **changes):
    data = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "organisation_number": organisation.organisation_number,
        "description": organisation.description,
        "version": organisation.version,
    }
    data.update(changes)
    return data


def test_the_second_of_two_edits_is_refused_and_shows_what_changed(world, as_user, client):
    url = reverse("organisations:edit", args=[world.kth.pk])
    opened = Organisation.objects.get(pk=world.kth.pk)  # both open the form at version 1
    first = as_user(world.coordinator).post(url, _form(opened, description="Teknisk högskola"))
    assert first.status_code == 302

    second = as_user(world.admin).post(
        url, _form(opened, short_name="KTH Royal"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert second.status_code == 400
    text = second.content.decode()
    assert "Someone else saved this record after you opened it" in text
    assert "Teknisk högskola" in text  # their change, shown beside the field
    assert "coordinator" in text  # who saved it
    assert 'value="KTH Royal"' in text  # what this user typed is kept
    world.kth.refresh_from_db()
    assert world.kth.short_name == "KTH"
    assert world.kth.description == "Teknisk högskola"

    # Having seen the other change, the user saves again: now on top of the current version.
    resubmitted = as_user(world.admin).post(
        url, _form(world.kth, short_name="KTH Royal", description="Teknisk högskola")
    )
    assert resubmitted.status_code == 302
    world.kth.refresh_from_db()
    assert (world.kth.short_name, world.kth.version) == ("KTH Royal", 3)


def test_a_stale_version_is_refused_by_the_service(world):
    stale = Organisation.objects.get(pk=world.kth.pk)
    fresh = Organisation.objects.get(pk=world.kth.pk)
    fresh.name = "KTH"
    save_versioned(fresh, expected_version=1, actor=world.coordinator)
    stale.name = "Kungliga Tekniska Högskolan"
    with translation.override("en"), pytest.raises(EditConflict) as conflict:
        save_versioned(stale, expected_version=1, actor=world.admin)
    assert [c.field for c in conflict.value.changes] == ["name"]
    assert Organisation.objects.get(pk=world.kth.pk).name == "KTH"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_cannot_both_pass(world):
    results: list[str] = []
    barrier = threading.Barrier(2)

    def edit(name):
        from django.db import connection as thread_connection

        copy = Organisation.objects.get(pk=world.kth.pk)
        copy.name = name
        barrier.wait()
        try:
            save_versioned(copy, expected_version=1, actor=None)
            results.append("saved")
        except EditConflict:
            results.append("conflict")
        except OperationalError:
            # SQLite's shared in-memory test database refuses the second writer outright
            # instead of making it wait; refused is as good as a conflict here.
            results.append("refused")
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in ("A", "B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count("saved") == 1
    assert len(results) == 2
    assert Organisation.objects.get(pk=world.kth.pk).version == 2

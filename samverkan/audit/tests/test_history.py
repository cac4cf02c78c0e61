from django.urls import reverse

from samverkan.partnerships.models import Clause


def test_every_change_is_in_the_history_with_who_and_what(world, as_user):
    client = as_user(world.coordinator)
    client.post(
        reverse("partnerships:clause_create", args=[world.mou.pk]),
        {"number": 6, "heading": "Giltighet", "body": "Tre månaders varsel."},
    )
    clause = Clause.objects.get()
    client.post(
        reverse("partnerships:clause_edit", args=[world.mou.pk, clause.pk]),
        {
            "number": 6,
            "heading": "Giltighet",
            "body": "Sex månaders varsel.",
            "version": clause.version,
        },
    )
    url = reverse("partnerships:clause_delete", args=[world.mou.pk, clause.pk])
    # The confirmation page opened at version 1; a removal based on it is refused after the edit.
    stale = client.post(url, {"version": 1}, HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 409
    assert "Sex månaders varsel." in stale.content.decode()
    assert Clause.objects.filter(pk=clause.pk).exists()
    assert client.post(url, {"version": 2}).status_code == 302
    response = as_user(world.viewer).get(
        reverse("partnerships:history", args=[world.mou.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    entries = [e for e in response.context["entries"] if e.record_type == "clause"]
    assert [e.kind for e in entries] == ["-", "~", "+"]
    assert all(e.who == world.coordinator for e in entries)
    change = entries[1].changes[0]
    assert (change.field, change.before, change.after) == (
        "text",
        "Tre månaders varsel.",
        "Sex månaders varsel.",
    )
    assert "Sex månaders varsel." in response.content.decode()


def test_the_history_is_hidden_from_outsiders(world, as_user):
    response = as_user(world.outsider).get(reverse("partnerships:history", args=[world.mou.pk]))
    assert response.status_code == 404

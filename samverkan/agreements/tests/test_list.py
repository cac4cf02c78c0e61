"""The agreements' list: filters, search, order, keyset pages, and exports of exactly the rows
and masked values the user may see."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from samverkan.accounts.tests.factories import UserFactory
from samverkan.activities.models import ActivityParticipant, ActivityParty
from samverkan.agreements import services
from samverkan.agreements.models import Agreement, Regulation
from samverkan.agreements.tests.factories import (
    ActivityFactory,
    agreement_between,
    mark,
    register,
)
from samverkan.areas.models import CollaborationArea
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.tests.factories import UnitFactory

SECRET_TITLE = "Kvantdatorsamarbete"
SECRET_TEXT = "Fusionsreaktorns konstruktionsritningar"
SECRET_SUBJECT = "Hemlig reaktorsak"


def _signer(signatory, username):
    return UserFactory(username=username, person=signatory.person)


def _in_force(agreement, signatories):
    services.send_for_signature(agreement, actor=None)
    for i, signatory in enumerate(signatories):
        services.sign_agreement(
            agreement, signatory=signatory, actor=_signer(signatory, f"{agreement.pk}-{i}")
        )


@pytest.fixture
def register_(world):
    """Four agreements: a secret one of KTH alone, one in force for both parties regulating a
    degree project in an area with a unit taking part, a draft of the city, and one in force
    that expired."""
    secret, _ = agreement_between(world.mou, [world.party_kth], title=SECRET_TITLE)
    Agreement.objects.filter(pk=secret.pk).update(text=SECRET_TEXT)
    register(secret, world.party_kth, "V-2025-0042", subject=SECRET_SUBJECT)
    for target in ("document", "title", "subject"):
        mark(secret, target=target, authority=world.kth)

    area = CollaborationArea.objects.create(
        partnership=world.mou, name="Kompetensförsörjning", identified_on=PartialDate(2014, 5)
    )
    unit = UnitFactory(organisation=world.kth, name="Skolan för arkitektur")
    activity = ActivityFactory(partnership=world.mou, kind="internship", area=area)
    party = ActivityParty.objects.create(activity=activity, party=world.party_kth)
    ActivityParticipant.objects.create(activity=activity, party=party.party, unit=unit, role="värd")
    praktik, signatories = agreement_between(
        world.mou, [world.party_stad, world.party_kth], title="Avtal om praktik"
    )
    Agreement.objects.filter(pk=praktik.pk).update(
        starts_on=datetime.date(2024, 1, 1), ends_on=datetime.date(2040, 12, 31)
    )
    Regulation.objects.create(agreement=praktik, activity=activity)
    register(praktik, world.party_stad, "KS 2024/117")
    _in_force(praktik, signatories)

    draft, _ = agreement_between(world.mou, [world.party_stad], title="Utkast om gästforskare")

    old, signatories = agreement_between(world.mou, [world.party_kth], title="Äldre avtal")
    Agreement.objects.filter(pk=old.pk).update(
        starts_on=datetime.date(2015, 1, 1), ends_on=datetime.date(2016, 12, 31)
    )
    old.refresh_from_db()
    _in_force(old, signatories)
    return {
        "secret": secret,
        "praktik": praktik,
        "draft": draft,
        "old": old,
        "area": area,
        "unit": unit,
    }


def _list_url(world):
    return reverse("agreements:agreement_list", args=[world.mou.pk])


def _titles(client, world, **params):
    response = client.get(_list_url(world), params)
    assert response.status_code == 200
    return [str(row["agreement"].title) for row in response.context["rows"]]


def test_the_list_filters(world, register_, as_user):
    rows = register_
    client = as_user(world.coordinator)
    assert sorted(_titles(client, world)) == sorted(
        [SECRET_TITLE, "Avtal om praktik", "Utkast om gästforskare", "Äldre avtal"]
    )
    assert _titles(client, world, status="in_force") == ["Avtal om praktik"]
    assert _titles(client, world, status="expired") == ["Äldre avtal"]
    assert _titles(client, world, status="draft", organisation=world.stad.pk) == [
        "Utkast om gästforskare"
    ]
    assert sorted(_titles(client, world, organisation=world.stad.pk)) == [
        "Avtal om praktik",
        "Utkast om gästforskare",
    ]
    assert _titles(client, world, kind="internship") == ["Avtal om praktik"]
    assert _titles(client, world, kind="guest_lecture") == []
    assert _titles(client, world, area=rows["area"].pk) == ["Avtal om praktik"]
    assert _titles(client, world, unit=rows["unit"].pk) == ["Avtal om praktik"]
    # Years: the term overlapping it; drafts by the year they were recorded.
    assert _titles(client, world, year=2016) == ["Äldre avtal"]
    assert _titles(client, world, year=2017) == []
    this_year = timezone.localdate().year
    assert "Utkast om gästforskare" in _titles(client, world, year=this_year)
    assert "Utkast om gästforskare" not in _titles(client, world, year=this_year + 1)
    assert "Avtal om praktik" in _titles(client, world, year=2030)
    # An invalid filter is ignored, not refused: a list always shows.
    assert len(_titles(client, world, year="x", organisation="99999999999")) == 4


def test_a_term_that_renews_itself_stays_in_force_past_its_end(world, register_, as_user):
    renewing, signatories = agreement_between(world.mou, [world.party_kth], title="Löpande avtal")
    Agreement.objects.filter(pk=renewing.pk).update(
        starts_on=datetime.date(2019, 1, 1), ends_on=datetime.date(2020, 12, 31), renewal_months=12
    )
    renewing.refresh_from_db()
    _in_force(renewing, signatories)
    client = as_user(world.coordinator)
    assert "Löpande avtal" in _titles(client, world, status="in_force")
    assert "Löpande avtal" not in _titles(client, world, status="expired")
    assert "Löpande avtal" in _titles(client, world, year=timezone.localdate().year)
    assert "Löpande avtal" not in _titles(client, world, year=2018)


def test_the_search_finds_words_and_registration_numbers(world, register_, as_user):
    client = as_user(world.coordinator)
    assert _titles(client, world, q="praktik") == ["Avtal om praktik"]
    assert _titles(client, world, q="KS 2024/117") == ["Avtal om praktik"]
    assert _titles(client, world, q="2025-0042") == [SECRET_TITLE]
    # The entitled find the secret agreement by its secret words.
    assert _titles(client, world, q="Kvantdatorsamarbete") == [SECRET_TITLE]
    assert _titles(client, world, q="Fusionsreaktorns") == [SECRET_TITLE]


def test_the_order_and_the_pages(world, register_, as_user, monkeypatch):
    from samverkan.agreements.views import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    client = as_user(world.coordinator)
    first = client.get(_list_url(world), {"sort": "-title"})
    titles = [str(r["agreement"].title) for r in first.context["rows"]]
    assert titles == ["Äldre avtal", "Utkast om gästforskare"]
    cursor = first.context["page"].next_cursor
    second = client.get(_list_url(world), {"sort": "-title", "after": cursor})
    assert [str(r["agreement"].title) for r in second.context["rows"]] == [
        SECRET_TITLE,
        "Avtal om praktik",
    ]
    assert second.context["page"].next_cursor is None
    newest = client.get(_list_url(world), {"sort": "-created"})
    assert str(newest.context["rows"][0]["agreement"].title) == "Äldre avtal"
    oldest = client.get(_list_url(world), {"sort": "created"})
    assert str(oldest.context["rows"][0]["agreement"].title) == SECRET_TITLE


def _csv(client, world, **params):
    response = client.get(reverse("agreements:agreement_export_csv", args=[world.mou.pk]), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return text, list(csv.reader(io.StringIO(text), delimiter=";"))


def _xlsx(client, world, **params):
    response = client.get(reverse("agreements:agreement_export_xlsx", args=[world.mou.pk]), params)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_exports_hold_exactly_the_filtered_rows(world, register_, as_user):
    client = as_user(world.coordinator)
    _text, rows = _csv(client, world, organisation=world.stad.pk, sort="title")
    assert [row[0] for row in rows[1:]] == ["Avtal om praktik", "Utkast om gästforskare"]
    praktik = rows[1]
    assert praktik[1] == "In force" or praktik[1] == "Gäller"
    assert "KS 2024/117" in praktik[3]
    assert praktik[4:] == ["2024-01-01", "2040-12-31", "2", "2"]
    sheet = _xlsx(client, world, organisation=world.stad.pk, sort="title")
    assert [row[0] for row in sheet[1:]] == ["Avtal om praktik", "Utkast om gästforskare"]
    assert sheet[1][6:] == [2, 2]


# Confidentiality from the outside


@pytest.fixture(params=["third", "coordinator_stad"])
def outside(request, world):
    if request.param == "third":
        return request.getfixturevalue("third")
    return world.coordinator_stad


def test_the_not_entitled_list_and_export_the_register_entry_masked(
    world, register_, as_user, outside
):
    client = as_user(outside)
    response = client.get(_list_url(world), {"sort": "title"})
    body = response.content.decode()
    for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT):
        assert secret not in body
    assert "V-2025-0042" in body  # the register entry is public
    assert "OSL 31 kap. 16 §" in body
    text, rows = _csv(client, world)
    for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT):
        assert secret not in text
    masked = next(row for row in rows if "V-2025-0042" in row[3])
    assert "OSL 31 kap. 16 §" in masked[0]
    sheet = _xlsx(client, world)
    flat = " ".join(str(cell) for row in sheet for cell in row)
    for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_SUBJECT):
        assert secret not in flat
    assert "V-2025-0042" in flat


@pytest.mark.parametrize("word", ["Kvantdatorsamarbete", "Fusionsreaktorns", "kvantdator"])
def test_a_secret_word_finds_nothing_for_the_not_entitled(world, register_, as_user, outside, word):
    client = as_user(outside)
    assert _titles(client, world, q=word) == []
    _text, rows = _csv(client, world, q=word)
    assert rows[1:] == []
    assert _xlsx(client, world, q=word)[1:] == []


def test_a_masked_title_sorts_as_empty_so_its_place_gives_nothing_away(
    world, register_, as_user, outside
):
    titles = _titles(as_user(outside), world, sort="title")
    assert "OSL 31 kap. 16 §" in titles[0]


def test_the_outsider_sees_no_list_and_no_export(world, register_, as_user):
    client = as_user(world.outsider)
    assert client.get(_list_url(world)).status_code == 404
    for name in ("agreement_export_csv", "agreement_export_xlsx"):
        assert client.get(reverse(f"agreements:{name}", args=[world.mou.pk])).status_code == 404


# Queries


def _grow(world, n, start):
    for i in range(start, start + n):
        agreement, _ = agreement_between(
            world.mou, [world.party_stad, world.party_kth], title=f"Avtal {i:03d}", document=False
        )
        register(agreement, world.party_stad, f"KS {i}")
        register(agreement, world.party_kth, f"V {i}")
        if i % 2:
            mark(agreement, target="title", authority=world.kth)
        Regulation.objects.create(
            agreement=agreement, activity=ActivityFactory(partnership=world.mou)
        )


@pytest.mark.parametrize(
    "name", ["agreement_list", "agreement_export_csv", "agreement_export_xlsx"]
)
def test_the_list_and_exports_run_the_same_queries_however_many_rows(world, as_user, name):
    client = as_user(world.coordinator_stad)
    target = reverse(f"agreements:{name}", args=[world.mou.pk])
    counts = []
    for n, start in ((3, 0), (27, 3)):
        _grow(world, n, start)
        for params in ({}, {"q": "Avtal", "year": timezone.localdate().year, "sort": "-title"}):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(target, params).status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]

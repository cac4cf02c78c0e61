"""Journey 2: a coordinator reads the partnerships the sources describe; an outsider sees none."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import assert_accessible, log_in, switch_language, visit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"


def _open_from_list(page: Page, name: str) -> None:
    with page.expect_navigation():
        page.locator("main table").get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    assert_accessible(page)


def _party_row(page: Page, organisation: str):
    return page.locator("section[aria-labelledby=parties-heading] tbody tr").filter(
        has=page.get_by_role("link", name=organisation, exact=True)
    )


def _area(page: Page, name: str):
    return page.locator("section[aria-labelledby=areas-heading] article").filter(
        has=page.get_by_role("heading", name=name, level=3)
    )


def _contacts_of(area, party_short_name: str):
    """The contact-person cell of the party's row in an area's table."""
    row = area.get_by_role("row").filter(
        has=area.page.get_by_role("cell", name=party_short_name, exact=True)
    )
    expect(row).to_have_count(1)
    return row.get_by_role("cell").nth(1)


def test_coordinator_reads_the_mou_in_swedish_and_english(live_server, page: Page) -> None:
    loader.load()
    base = live_server.url
    log_in(page, base, "demo")

    # The list: both partnerships the user takes part in.
    listing = page.locator("main table")
    expect(listing.get_by_role("link", name=MOU, exact=True)).to_be_visible()
    expect(listing.get_by_role("link", name="InterAct", exact=True)).to_be_visible()
    mou_row = listing.locator("tbody tr").filter(has_text=MOU)
    expect(mou_row).to_contain_text("maj 2014")

    _open_from_list(page, MOU)

    # Parties, each with its organisation number and its signatory with the title signed under.
    parties = page.locator("section[aria-labelledby=parties-heading] tbody tr")
    expect(parties).to_have_count(2)
    stad = _party_row(page, "Stockholms stad")
    expect(stad).to_contain_text("212000-0142")
    expect(stad).to_contain_text("Sten Nordin, Finansborgarråd")
    kth = _party_row(page, "Kungliga Tekniska högskolan")
    expect(kth).to_contain_text("202100-3054")
    expect(kth).to_contain_text("Peter Gudmundson, Rektor")

    # Signed in May 2014, the day not known: shown to the month, in Swedish by default.
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#signed-on")).to_have_text("Stockholm, maj 2014")
    expect(kth).to_contain_text("(maj 2014)")

    # The clauses, in the agreement's own language, marked as Swedish.
    clauses = page.locator("section[aria-labelledby=clauses-heading]")
    expect(clauses.get_by_role("heading", level=3)).to_have_count(6)
    validity_clause = clauses.get_by_role("article").filter(
        has=page.get_by_role("heading", name="6. Giltighet")
    )
    expect(validity_clause).to_have_attribute("lang", "sv")
    expect(validity_clause).to_contain_text("tre månaders varsel")
    for heading in ["Inledning", "Kompetensförsörjning och kompetensutveckling", "Personutbyten"]:
        expect(clauses.get_by_role("heading", name=heading)).to_be_visible()

    # Three collaboration areas, named in Swedish.
    areas = page.locator("section[aria-labelledby=areas-heading] article")
    expect(areas).to_have_count(3)
    competence = _area(page, "Kompetensförsörjning och kompetensutveckling")
    research = _area(page, "Forskning och innovationer")
    exchanges = _area(page, "Personutbyten")
    for area in (competence, research, exchanges):
        expect(area).to_have_count(1)

    # Contact persons per area and party; several on one side where the fields differ (R7).
    expect(_contacts_of(competence, "KTH")).to_contain_text("Karin Berg")
    city_competence = _contacts_of(competence, "Stockholms stad")
    expect(city_competence).to_contain_text("Johan Ek")
    expect(city_competence).to_contain_text("Sara Nyström")
    expect(city_competence).to_contain_text("Uppdragsutbildning för stadens medarbetare")
    expect(_contacts_of(research, "KTH")).to_contain_text("Erik Sjöberg")
    expect(_contacts_of(research, "Stockholms stad")).to_contain_text("Maria Holm")
    expect(_contacts_of(exchanges, "KTH")).to_contain_text("Anna Lind")
    expect(_contacts_of(exchanges, "Stockholms stad")).to_contain_text("Sara Nyström")
    # The fictional contacts carry a badge (its Swedish text depends on the translations).
    expect(_contacts_of(competence, "KTH").locator(".badge")).to_have_count(1)

    # In English: the month in English, the areas' English names, the status and the badge.
    switch_language(page, "en")
    expect(page.locator("#signed-on")).to_have_text("Stockholm, May 2014")
    expect(kth).to_contain_text("(May 2014)")
    expect(page.locator("#partnership-status")).to_have_text("In force")
    expect(page.locator("#validity")).to_contain_text("3 months' notice")
    competence_en = _area(page, "Competence supply and development")
    expect(competence_en).to_have_count(1)
    expect(_area(page, "Research and innovation")).to_have_count(1)
    expect(_area(page, "Personnel exchanges")).to_have_count(1)
    karin = _contacts_of(competence_en, "KTH")
    expect(karin).to_contain_text("Karin Berg")
    expect(karin.locator(".badge")).to_have_text("fictional (demo)")
    # Clauses stay in the agreement's language whatever the interface's.
    expect(clauses.get_by_role("heading", name="6. Giltighet")).to_be_visible()

    # And back to Swedish; the choice holds on the next page too.
    switch_language(page, "sv")
    expect(page.locator("#signed-on")).to_have_text("Stockholm, maj 2014")
    visit(page, f"{base}/partnerships/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("main table tbody tr").filter(has_text=MOU)).to_contain_text("maj 2014")


def test_network_page_shows_members_collaborators_and_contact(live_server, page: Page) -> None:
    loader.load()
    base = live_server.url
    log_in(page, base, "demo")
    _open_from_list(page, "InterAct")

    members = page.locator("section[aria-labelledby=parties-heading] tbody tr")
    expect(members).to_have_count(4)
    for name in [
        "Kungliga Tekniska högskolan",
        "Stockholms universitet",
        "Mälardalens universitet",
        "Handelshögskolan i Stockholm",
    ]:
        expect(_party_row(page, name)).to_have_count(1)
    # Stockholm University's own office from 2012 is noted on its membership (R16).
    expect(_party_row(page, "Stockholms universitet")).to_contain_text("2012")

    collaborators = page.locator("section[aria-labelledby=collaborators-heading]")
    expect(
        collaborators.get_by_role("link", name="Uppsala universitet", exact=True)
    ).to_be_visible()
    expect(
        collaborators.get_by_role("link", name="Karolinska Institutet", exact=True)
    ).to_be_visible()

    # The office's named contact person, for the partnership as a whole (R14).
    contact = page.locator("section[aria-labelledby=areas-heading]").get_by_role(
        "link", name="Lisa Ericsson", exact=True
    )
    expect(contact).to_be_visible()
    expect(page.locator("section[aria-labelledby=areas-heading]")).to_contain_text(
        "lisaeric@kth.se"
    )

    # The contact's own page tells what she is the contact for.
    with page.expect_navigation():
        contact.click()
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Lisa Ericsson")
    expect(page.locator("main")).to_contain_text("InterAct")


def test_outsider_sees_no_partnership_and_cannot_open_one(live_server, page: Page) -> None:
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    network = Partnership.objects.get(name="InterAct")

    log_in(page, base, "outsider")
    expect(page.locator("main table")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text(MOU)
    expect(page.locator("main")).not_to_contain_text("InterAct")

    # The MoU's address answers as if it did not exist (its existence is not revealed).
    for partnership in (mou, network):
        visit(page, f"{base}/partnerships/{partnership.pk}/", status=404)
        expect(page.locator("main")).not_to_contain_text(partnership.name)
    visit(page, f"{base}/partnerships/{mou.pk}/history/", status=404)

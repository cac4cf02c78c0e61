"""Journey 4: a coordinator keeps the register: organisations, units, people, partnerships,
the leadership dialogue, the areas it identifies and their contact persons, and reads the history.

The browser asks for English here, so that the assertions may read the interface's messages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import assert_accessible, follow, log_in, submit, tab_to, visit
from samverkan.demo import loader
from samverkan.lib.orgnumbers import InvalidOrganisationNumber, normalise
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

NEW_ORGANISATION = "Södertörns högskola"
ORGANISATION_NUMBER = "202100-4896"
ORGANISATION_NUMBER_TYPO = "202100-4897"  # the last digit mistyped
SCHOOL = "Skolan för elektroteknik och datavetenskap"
CENTRE = "Centrum för klimatneutral stad (exempel)"
PERSON = "Eva Strand"
MOU = "Stockholms stad–KTH"


def test_organisation_number_is_checked_and_register_grows(live_server, en_page: Page) -> None:
    page = en_page
    assert normalise(ORGANISATION_NUMBER) == ORGANISATION_NUMBER
    with pytest.raises(InvalidOrganisationNumber):
        normalise(ORGANISATION_NUMBER_TYPO)
    loader.load()
    base = live_server.url
    log_in(page, base, "demo")

    follow(page, page.get_by_role("navigation").get_by_role("link", name="Organisations"))
    follow(page, page.get_by_role("link", name="New organisation"))
    page.locator("#id_name").fill(NEW_ORGANISATION)
    page.locator("#id_short_name").fill("SH")
    page.locator("#id_kind").select_option("state_university")
    page.locator("#id_organisation_number").fill(ORGANISATION_NUMBER_TYPO)

    # A typo: nothing saved, the reason beside the field, and what was typed kept.
    submit(page, status=400)
    number = page.locator("#id_organisation_number")
    expect(number).to_have_value(ORGANISATION_NUMBER_TYPO)
    expect(number).to_have_attribute("aria-invalid", "true")
    error = page.locator("#id_organisation_number_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("check digit")
    assert "id_organisation_number_error" in (number.get_attribute("aria-describedby") or "")
    expect(page.locator("#form-errors")).to_contain_text("check digit")
    expect(page.locator("#id_name")).to_have_value(NEW_ORGANISATION)

    # Corrected, and typed without the hyphen: saved in the standard form.
    number.fill(ORGANISATION_NUMBER.replace("-", ""))
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW_ORGANISATION)
    expect(page.locator("main")).to_contain_text(ORGANISATION_NUMBER)
    expect(page.locator("main")).to_contain_text("State university or college")

    # Units of KTH, which the user coordinates for: a school, and a centre within it whose
    # work is reported to KTH Innovation (R13).
    visit(page, f"{base}/organisations/")
    follow(page, page.get_by_role("link", name="Kungliga Tekniska högskolan", exact=True))
    follow(page, page.get_by_role("link", name="New unit"))
    page.locator("#id_name").fill(SCHOOL)
    page.locator("#id_kind").select_option("school")
    page.locator("#id_established_on").fill("2018")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kungliga Tekniska högskolan")
    expect(page.get_by_role("status")).to_contain_text("The unit was saved.")

    follow(page, page.get_by_role("link", name="New unit"))
    page.locator("#id_name").fill(CENTRE)
    page.locator("#id_kind").select_option("centre")
    page.locator("#id_parent").select_option(label=SCHOOL)
    page.locator("#id_reports_to").select_option(label="KTH Innovation")
    submit(page)
    units = page.locator("section[aria-labelledby=units-heading] li")
    school = units.filter(has_text=SCHOOL).filter(has_not_text=CENTRE)
    expect(school).to_contain_text("since 2018")
    centre = units.filter(has_text=CENTRE)
    expect(centre).to_have_class(re.compile(r"\bunit-depth-1\b"))  # shown within the school
    expect(centre).to_contain_text("reports to KTH Innovation")
    # Tree order: the centre follows its school.
    names = units.locator("strong").all_inner_texts()
    assert names.index(CENTRE) == names.index(SCHOOL) + 1

    # A person at the centre.
    follow(page, page.get_by_role("link", name="New person"))
    page.locator("#id_name").fill(PERSON)
    page.locator("#id_title").fill("Centrumföreståndare")
    page.locator("#id_unit").select_option(label=CENTRE)
    page.locator("#id_email").fill("eva.strand@example.org")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(PERSON)
    expect(page.locator("main dl")).to_contain_text(CENTRE)
    expect(page.locator("main dl")).to_contain_text("Kungliga Tekniska högskolan")

    # A new partnership between KTH and the new organisation; a coordinator acts for a party.
    visit(page, f"{base}/partnerships/")
    follow(page, page.get_by_role("link", name="New partnership"))
    page.locator("#id_name").fill("KTH–Södertörns högskola")
    page.locator("#id_kind").select_option("mou")
    page.locator("#id_place").fill("Huddinge")
    page.locator("#id_signed_on").fill("2026-10")
    page.locator("#id_organisations").select_option(label=[NEW_ORGANISATION])
    acting_for = page.locator("#id_acting_for")
    expect(acting_for).to_be_visible()
    acting_for.select_option(label="Kungliga Tekniska högskolan")
    # One party is not a partnership.
    submit(page, status=400)
    expect(page.locator("#id_organisations_error")).to_contain_text("at least two parties")
    page.locator("#id_organisations").select_option(
        label=["Kungliga Tekniska högskolan", NEW_ORGANISATION]
    )
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("KTH–Södertörns högskola")
    parties = page.locator("section[aria-labelledby=parties-heading] tbody tr")
    expect(parties).to_have_count(2)
    expect(parties.filter(has_text=NEW_ORGANISATION)).to_contain_text(ORGANISATION_NUMBER)
    expect(parties.filter(has_text="Kungliga Tekniska högskolan")).to_contain_text("202100-3054")
    expect(page.locator("#signed-on")).to_have_text("Huddinge, October 2026")
    expect(page.locator("#partnership-status")).to_have_text("In force")
    expect(page.locator("main dl")).to_contain_text("Coordinator")
    visit(page, f"{base}/partnerships/")
    expect(page.locator("main table tbody tr")).to_have_count(3)


def test_dialogue_area_and_contact_person_with_history(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    log_in(page, base, "demo")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))

    # A leadership dialogue, recorded with the keyboard alone (Tab, type, Enter).
    tab_to(page, page.get_by_role("link", name="Record a leadership dialogue"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a leadership dialogue")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.locator("#id_held_on")).to_be_focused()
    page.keyboard.type("2026-04")
    page.keyboard.press("Tab")
    expect(page.locator("#id_title")).to_be_focused()
    page.keyboard.type("Ledningsdialog våren 2026")
    # The four topics the MoU names, then the summary.
    for field in ("world_around", "trends", "future_challenges", "direction", "summary"):
        page.keyboard.press("Tab")
        expect(page.locator(f"#id_{field}")).to_be_focused()
    page.keyboard.type("Klimatneutral stad identifierades som nytt samarbetsområde.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    dialogue = mou.dialogues.get(title="Ledningsdialog våren 2026")
    assert page.url.split("#")[0] == f"{base}/partnerships/{mou.pk}/dialogues/{dialogue.pk}/"
    expect(page.get_by_role("status")).to_contain_text("The leadership dialogue was saved.")
    visit(page, f"{base}/partnerships/{mou.pk}/")
    first = page.locator("#dialogues tbody tr").first
    expect(first).to_contain_text("April 2026")
    expect(first).to_contain_text("Ledningsdialog våren 2026")

    # A collaboration area identified by that dialogue (R2).
    follow(page, page.get_by_role("link", name="New collaboration area"))
    page.locator("#id_name").fill("Klimatneutral stad")
    page.locator("#id_name_en").fill("Climate-neutral city")
    page.locator("#id_identified_on").fill("2026-04")
    page.locator("#id_identified_by").select_option(label="Ledningsdialog våren 2026")
    submit(page)
    areas = page.locator("section[aria-labelledby=areas-heading] article")
    expect(areas).to_have_count(4)
    area = areas.filter(has=page.get_by_role("heading", name="Climate-neutral city"))
    expect(area).to_contain_text("Identified by Ledningsdialog våren 2026 (April 2026)")

    # A contact person for the area. Someone outside the parties is refused, with the reason.
    follow(page, area.get_by_role("link", name="Add contact person for Climate-neutral city"))
    new_area = mou.areas.get(name="Klimatneutral stad")
    expect(page.locator("#id_area")).to_have_value(str(new_area.pk))  # preselected
    page.locator("#id_person").select_option(label="Oskar Wikström (Stockholms universitet)")
    submit(page, status=400)
    expect(page.locator("#id_person_error")).to_contain_text("not a party of this partnership")
    page.locator("#id_person").select_option(label="Erik Sjöberg (Kungliga Tekniska högskolan)")
    page.locator("#id_field").fill("Forskning om klimatneutral stad")
    submit(page)
    area = page.locator("section[aria-labelledby=areas-heading] article").filter(
        has=page.get_by_role("heading", name="Climate-neutral city")
    )
    kth_row = area.get_by_role("row").filter(has=page.get_by_role("cell", name="KTH", exact=True))
    expect(kth_row).to_contain_text(
        "Erik Sjöberg, Forskningssamordnare — Forskning om klimatneutral stad"
    )
    city_row = area.get_by_role("row").filter(
        has=page.get_by_role("cell", name="Stockholms stad", exact=True)
    )
    expect(city_row).to_contain_text("none named")

    # Edited: the field of collaboration changes.
    follow(page, area.get_by_role("link", name="Edit contact Erik Sjöberg"))
    expect(page.locator("#id_field")).to_have_value("Forskning om klimatneutral stad")
    page.locator("#id_field").fill("Forskning och EU-projekt om klimatneutral stad")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The contact person was saved.")
    expect(kth_row).to_contain_text("Forskning och EU-projekt om klimatneutral stad")

    # The partnership's history tells who changed what, and when.
    follow(page, page.get_by_role("link", name="History"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"History of {MOU}")
    entries = page.locator("main section.card")
    change = entries.filter(has_text="contact person").filter(has_text="changed")
    expect(change).to_have_count(1)
    expect(change).to_contain_text(re.compile(r"Karin Berg|demo"))  # the user, by name
    field_row = change.get_by_role("row").filter(has_text="collaboration field")
    expect(field_row.get_by_role("cell").nth(1)).to_have_text("Forskning om klimatneutral stad")
    expect(field_row.get_by_role("cell").nth(2)).to_have_text(
        "Forskning och EU-projekt om klimatneutral stad"
    )
    created_area = entries.filter(
        has=page.get_by_role("heading", name=re.compile("«Klimatneutral stad» created"))
    )
    expect(created_area).to_have_count(1)
    expect(created_area).to_contain_text("Ledningsdialog våren 2026")  # identified by
    created_dialogue = entries.filter(
        has=page.get_by_role("heading", name=re.compile("«Ledningsdialog våren 2026» created"))
    )
    expect(created_dialogue).to_have_count(1)
    # Newest first: the edit of the contact person heads the list.
    expect(entries.first).to_contain_text("changed")

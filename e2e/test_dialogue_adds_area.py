"""The 2026 leadership dialogue identifies a new collaboration area (R2, R6), and a personnel
exchange in that area becomes approvable (R5).

The demo has no dialogue for 2026. The steering group records it, names a participant and
identifies an area from it; then KTH's coordinator records an exchange in the new area starting
after the dialogue and approves it. The browser asks for English, so that the assertions may
read the interface's messages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from conftest import assert_accessible, follow, log_in, submit
from samverkan.demo import loader
from samverkan.followup.models import LeadershipDialogue
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
AREA = "Klimatneutral stad (exempel)"
AREA_EN = "Climate-neutral city (example)"


def press(page: Page, button: Locator, *, status: int = 200) -> None:
    """Submit one of the page's several forms with its own button; check the answer."""
    with page.expect_navigation() as navigation:
        button.click()
    response = navigation.value
    assert response is not None
    assert response.status == status, page.locator("main").inner_text()
    assert_accessible(page)


def test_the_2026_dialogue_identifies_an_area_that_an_exchange_may_lie_in(
    live_server, new_page
) -> None:
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    assert not LeadershipDialogue.objects.filter(partnership=mou, held_on__startswith="2026")

    # The steering group records the 2026 dialogue from the partnership's page.
    page = new_page("en-GB")
    log_in(page, base, "styrgrupp")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    dialogues = page.locator("#dialogues")
    expect(dialogues).to_contain_text("Ledningsdialog våren 2025 (exempel)")
    expect(dialogues).not_to_contain_text("2026")
    follow(page, page.get_by_role("link", name="Record a leadership dialogue"))
    page.locator("#id_held_on").fill("2026-05-20")
    page.locator("#id_title").fill("Ledningsdialog våren 2026 (exempel)")
    page.locator("#id_trends").fill("Exempel: klimatneutrala städer i EU:s utlysningar.")
    page.locator("#id_direction").fill("Exempel: ett nytt samarbetsområde för klimatet.")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The leadership dialogue was saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ledningsdialog våren 2026 (exempel)")
    expect(page.locator("#dialogue-season")).to_contain_text(
        "Held in the season for the year's dialogue (2026-03-01 to 2026-06-30)."
    )
    expect(page.locator("main")).to_contain_text("Exempel: klimatneutrala städer")

    # A participant for KTH.
    page.locator("#id_participant-person").select_option(
        label="Gunnar Wall (Kungliga Tekniska högskolan)"
    )
    press(page, page.get_by_role("button", name="Add participant"))
    expect(page.get_by_role("status")).to_contain_text("The participant was added.")
    participants = page.get_by_role("region", name="Participants")
    expect(participants).to_contain_text("Gunnar Wall")

    # The dialogue identifies a new collaboration area.
    page.locator("#id_identify-name").fill(AREA)
    page.locator("#id_identify-name_en").fill(AREA_EN)
    page.locator("#id_identify-description").fill("Fiktivt område i demodata.")
    press(page, page.get_by_role("button", name="Identify the area"))
    expect(page.get_by_role("status")).to_contain_text(
        "The collaboration area was identified by the dialogue."
    )
    expect(page.locator("#areas-identified")).to_contain_text(AREA_EN)

    # Retiring an area that does not hold is refused with the reason, nothing saved.
    page.locator("#id_retire-area").select_option(label=AREA_EN)
    press(page, page.get_by_role("button", name="Retire the area"), status=400)
    expect(page.locator("#form-errors")).to_contain_text(
        f"{AREA_EN} was identified by this dialogue; it cannot also retire it."
    )

    # KTH's coordinator records an exchange in the new area, starting after the dialogue.
    coordinator = new_page("en-GB")
    log_in(coordinator, base, "demo")
    follow(coordinator, coordinator.locator("main table").get_by_role("link", name=MOU, exact=True))
    expect(coordinator.locator("#dialogues")).to_contain_text("Ledningsdialog våren 2026 (exempel)")
    follow(coordinator, coordinator.get_by_role("link", name="New exchange"))
    coordinator.locator("#id_person").select_option(
        label="Erik Sjöberg (Kungliga Tekniska högskolan)"
    )
    coordinator.locator("#id_home_organisation").select_option(label="Kungliga Tekniska högskolan")
    coordinator.locator("#id_host_organisation").select_option(label="Stockholms stad")
    coordinator.locator("#id_position").fill("Klimatstrateg (exempel)")
    coordinator.locator("#id_extent_percent").fill("20")
    coordinator.locator("#id_starts_on").fill("2026-09-01")
    coordinator.locator("#id_ends_on").fill("2027-02-28")
    coordinator.locator("#id_area").select_option(label=AREA_EN)
    coordinator.locator("#id_purpose").fill("Bygga upp stadens klimatarbete med KTH:s forskning.")
    coordinator.locator("#id_conditions").fill("Anställd vid KTH; en dag i veckan hos staden.")
    coordinator.locator("#id_benefit_home").fill("Forskningsfrågor från stadens praktik.")
    coordinator.locator("#id_benefit_host").fill("Aktuell forskning i klimatarbetet.")
    submit(coordinator)
    expect(coordinator.get_by_role("status")).to_contain_text("The personnel exchange was saved.")

    # The area holds from the dialogue on: nothing stands in the way of approval.
    expect(coordinator.get_by_role("region", name="Cannot be approved:")).to_have_count(0)
    coordinator.locator("#id_organisation").select_option(label="Kungliga Tekniska högskolan")
    submit(coordinator)
    expect(coordinator.get_by_role("status")).to_contain_text(
        "Kungliga Tekniska högskolan approved the exchange."
    )
    expect(
        coordinator.locator("#approvals tbody tr").filter(has_text="Kungliga Tekniska högskolan")
    ).to_contain_text("Approved by")

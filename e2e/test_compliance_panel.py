"""The compliance panel (issue 5, point 4): the spring's leadership dialogue is missing, the
steering group records it, and the panel shows the obligation kept; the dashboard too.

The demo data has no dialogue of 2026. The panel is looked at on a fixed day after the 2026
season (1 March to 30 June), so that the test does not depend on today's date. The browser asks
for English, so that the assertions may read the interface's texts.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit, visit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
DAY = "2026-09-15"


def test_the_spring_dialogue_is_recorded_and_the_panel_shows_it_kept(
    live_server, en_page: Page
) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    panel = f"{base}/partnerships/{mou.pk}/compliance/?on={DAY}"

    log_in(page, base, "styrgrupp")
    visit(page, panel)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compliance with the MoU")
    dialogue = page.locator("#finding-dialogue_in_season")
    expect(dialogue.get_by_role("heading", level=2)).to_have_text("Leadership dialogue this spring")
    # The state in words beside its icon, not by colour alone.
    expect(dialogue.locator("[data-state]")).to_have_text("✗ Not kept")
    expect(dialogue).to_contain_text("No leadership dialogue was held in this year's season")

    # The steering group may record it: the link to act leads to the dialogue's form.
    follow(page, dialogue.get_by_role("link", name="Record a leadership dialogue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a leadership dialogue")
    page.locator("#id_held_on").fill("2026-05-20")
    page.locator("#id_title").fill("Ledningsdialog våren 2026")
    page.locator("#id_world_around").fill("Omvärlden: kompetensbrist i regionen.")
    page.locator("#id_trends").fill("AI i offentlig förvaltning.")
    page.locator("#id_future_challenges").fill("Klimatomställningen.")
    page.locator("#id_direction").fill("Mer fokus på forskning och innovation.")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The leadership dialogue was saved.")

    visit(page, panel)
    dialogue = page.locator("#finding-dialogue_in_season")
    expect(dialogue.locator("[data-state]")).to_have_text("✓ Kept")
    expect(dialogue).to_contain_text("within this year's season")
    expect(dialogue.get_by_role("link", name="Record a leadership dialogue")).to_have_count(0)
    follow(page, dialogue.get_by_role("link", name="Ledningsdialog våren 2026"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ledningsdialog våren 2026")

    # The leadership's dashboard of 2026 shows the same state in its one line.
    visit(page, f"{base}/partnerships/{mou.pk}/dashboard/?year=2026")
    line = page.locator('[data-finding="dialogue_in_season"]')
    expect(line.locator("[data-state]")).to_have_text("✓ Kept")
    expect(page.locator("#areas-year-over-year")).to_contain_text("Competence supply")
    expect(page.locator("svg#chart-areas-year-over-year")).to_have_attribute("role", "img")


def test_a_reader_without_the_right_to_act_sees_no_link_and_a_bad_day_is_explained(
    live_server, en_page: Page
) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    log_in(page, base, "lasare")
    visit(page, f"{base}/partnerships/{mou.pk}/compliance/?on={DAY}")
    expect(
        page.locator("main").get_by_role("link", name="Record a leadership dialogue")
    ).to_have_count(0)
    visit(page, f"{base}/partnerships/{mou.pk}/compliance/?on=2026-02-30", status=400)
    expect(page.locator("#form-errors")).to_contain_text("Write the day as YYYY-MM-DD")
    visit(page, f"{base}/partnerships/{mou.pk}/dashboard/")

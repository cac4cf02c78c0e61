"""Journey: a coordinator records an activity, names who takes part, and starts it.

A guest lecture needs no agreement (R4), so it may start at once; a degree project recorded in
the same way cannot, and its page says why. The browser asks for English here, so that the
assertions may read the interface's messages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"


def test_record_an_activity_and_start_it(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    log_in(page, base, "demo")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    follow(page, page.locator("#activities-heading + p + a"))
    assert page.url == f"{base}/partnerships/{mou.pk}/activities/"
    follow(page, page.get_by_role("link", name="New activity"))

    page.locator("#id_kind").select_option(label="Guest lecture")
    page.locator("#id_title").fill("Gästföreläsning om klimatanpassad stadsplanering")
    page.locator("#id_starts").fill("2026-11")
    page.locator("#id_participants").fill("60")
    page.locator("#id_hours").fill("2")
    page.locator("#id_parties").select_option(
        label=["Stockholms stad", "Kungliga Tekniska högskolan"]
    )
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The activity was saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gästföreläsning om klimatanpassad stadsplanering"
    )
    expect(page.locator("#activity-status")).to_have_text("Planned")
    expect(page.locator("#start-problems")).to_have_count(0)

    # A figure that does not fit the kind is refused where it was typed, nothing saved.
    follow(page, page.locator("main").get_by_role("link", name="Edit", exact=True))
    page.locator("#id_students").fill("25")
    submit(page, status=400)
    expect(page.locator("#id_students_error")).to_contain_text("does not apply")
    follow(page, page.get_by_role("link", name="Cancel"))

    # The lecturer's unit takes part.
    follow(page, page.get_by_role("link", name="Add a unit or person"))
    page.locator("#id_unit").select_option(index=1)
    page.locator("#id_role").fill("Föreläsare")
    submit(page)
    expect(page.locator("#people")).to_contain_text("Föreläsare")

    # A guest lecture starts without an agreement.
    page.locator("#id_status").select_option(label="Ongoing")
    submit(page)
    expect(page.locator("#activity-status")).to_have_text("Ongoing")

    # The list finds it by a word of its title, and by its kind.
    follow(page, page.get_by_role("link", name="All activities of Stockholms stad–KTH"))
    page.locator("#id_q").fill("klimatanpassad")
    submit(page)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table")).to_contain_text("Gästföreläsning om klimatanpassad")

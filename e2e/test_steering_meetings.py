"""Journey: a steering-group member records a meeting, gives an action item and closes it.

The member (demo user `styrgrupp`, Erik Sjöberg of KTH) records the meeting with attendees of
both parties; an action item due before the meeting is refused on its field; the item is then
given with a proper date and marked done. The browser asks for English here, so that the
assertions may read the interface's messages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import assert_accessible, follow, log_in, submit
from samverkan.demo import loader
from samverkan.followup.models import ActionItem, SteeringMeeting
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
TASK = "Sammanställ stadens praktikplatser inför våren"


def test_record_a_meeting_with_an_action_item_and_close_it(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    log_in(page, base, "styrgrupp")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    follow(page, page.get_by_role("link", name="Members, meetings and action items"))
    assert page.url == f"{base}/partnerships/{mou.pk}/steering-group/"
    follow(page, page.get_by_role("link", name="Record a meeting"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a steering-group meeting")

    page.locator("#id_held_on").fill("2026-11-20")
    page.locator("#id_place").fill("KTH, Campus Valhallavägen")
    page.locator("#id_agenda").fill("1. Uppföljning\n2. Underlag till ledningsdialogen")
    page.locator("#id_attendees").select_option(
        label=["Erik Sjöberg (Kungliga Tekniska högskolan)", "Johan Ek (Stockholms stad)"]
    )
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The meeting was saved.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Steering-group meeting 2026-11-20")
    attendees = page.locator("#attendees tbody tr")
    expect(attendees.filter(has_text="Erik Sjöberg")).to_contain_text("KTH")
    expect(attendees.filter(has_text="Johan Ek")).to_contain_text("Stockholms stad")

    # An action item due before its meeting is refused where the date was typed.
    follow(page, page.get_by_role("link", name="Add an action item"))
    page.locator("#id_description").fill(TASK)
    page.locator("#id_owner").select_option(label="Johan Ek (Stockholms stad)")
    page.locator("#id_due_on").fill("2026-11-01")
    submit(page, status=400)
    expect(page.locator("#id_due_on_error")).to_have_text(
        "An action item cannot be due before its meeting (2026-11-20)."
    )
    expect(page.locator("#id_due_on")).to_have_attribute("aria-invalid", "true")
    assert not ActionItem.objects.filter(description=TASK).exists()

    page.locator("#id_due_on").fill("2026-12-15")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The action item was saved.")
    row = page.locator("#action-items tbody tr").filter(has_text=TASK)
    expect(row).to_contain_text("2026-12-15")
    expect(row).to_contain_text("Open")

    # The steering group's page lists it among the open items, with the meeting.
    follow(page, page.get_by_role("link", name="Back to the steering group"))
    open_row = page.locator("#open-action-items tbody tr").filter(has_text=TASK)
    expect(open_row).to_contain_text("Johan Ek")
    expect(page.locator("#meetings tbody tr").first).to_contain_text("2026-11-20")

    # Marked done from there; the page says so and the item leaves the open list.
    with page.expect_navigation():
        open_row.get_by_role("button", name=re.compile("^Mark done")).click()
    assert_accessible(page)
    expect(page.get_by_role("status")).to_contain_text("is now done")
    expect(page.locator("#open-action-items tbody tr").filter(has_text=TASK)).to_have_count(0)
    item = ActionItem.objects.get(description=TASK)
    assert item.status == ActionItem.Status.DONE and item.closed_on is not None
    assert item.meeting == SteeringMeeting.objects.get(partnership=mou, held_on="2026-11-20")

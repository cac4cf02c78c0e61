"""Reminders and the calendar (issue 7): a coordinator makes a private feed address and reads
their partnership's events from it, finds an action item due on the reminders dashboard (no one
else was reminded of it), snoozes it, and switches that kind of reminder off.

The action item is dated from today, so the test does not depend on the day it runs.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit, visit
from samverkan.accounts.models import User
from samverkan.demo import loader
from samverkan.followup.models import ActionItem, SteeringMeeting
from samverkan.partnerships.models import Partnership
from samverkan.reminders import services

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
TASK = "Sammanställ underlaget till ledningsdialogen"


def test_subscribe_snooze_and_choose_reminders(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    today = timezone.localdate()
    mou = Partnership.objects.get(name=MOU)
    karin = User.objects.get(username="demo")
    meeting = SteeringMeeting.objects.create(
        partnership=mou, held_on=today - datetime.timedelta(days=3), place="KTH Campus"
    )
    item = ActionItem.objects.create(
        meeting=meeting,
        description=TASK,
        owner=karin.person,
        due_on=today + datetime.timedelta(days=5),
    )
    services.daily_pass(today)

    log_in(page, base, "demo")

    # The calendar feed: a private address, shown once, that a calendar program reads.
    visit(page, f"{base}/calendar/")
    submit(page)
    address = page.locator("#feed-url").input_value()
    assert address.startswith(f"{base}/calendar/feed/")
    feed = page.request.get(address)
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    events = {str(event["UID"]): event for event in Calendar.from_ical(feed.body()).walk("VEVENT")}
    due = events[f"action-item-{item.pk}-due@samverkan"]
    assert due["DTSTART"].dt == item.due_on
    assert TASK in str(due["SUMMARY"])
    assert str(events[f"steering-meeting-{meeting.pk}@samverkan"]["LOCATION"]) == "KTH Campus"

    # The dashboard: the item is due in a week; snooze it.
    visit(page, f"{base}/reminders/")
    row = page.locator("tbody tr", has_text=TASK)
    expect(row).to_contain_text(f"is due on {item.due_on.isoformat()}")
    expect(row).to_contain_text("No one else")
    until = today + datetime.timedelta(days=3)
    row.get_by_label("Snooze until").fill(until.isoformat())
    with page.expect_navigation():
        row.get_by_role("button", name="Snooze").click()
    expect(page.get_by_role("status")).to_contain_text(f"Snoozed until {until.isoformat()}")
    row = page.locator("tbody tr", has_text=TASK)
    expect(row).to_contain_text(f"Snoozed until {until.isoformat()}")
    visit(page, f"{base}/reminders/")

    # Switch action items off: the dashboard leaves the item out.
    follow(page, page.get_by_role("link", name="Choose which reminders you get"))
    expect(page.get_by_role("group", name="Remind me of")).to_be_visible()
    page.get_by_label("Action item due").uncheck()
    page.get_by_label("Language of e-mails").select_option("en")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("Your reminder settings were saved.")
    expect(page.get_by_label("Action item due")).not_to_be_checked()
    visit(page, f"{base}/reminders/")
    expect(page.locator("tbody tr", has_text=TASK)).to_have_count(0)

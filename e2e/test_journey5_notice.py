"""Journey 5: the city's leadership gives notice of termination of the MoU, and withdraws it (R9).

The browser asks for English here, so that the assertions may read the interface's messages.
"""

from __future__ import annotations

import datetime
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from conftest import follow, log_in, submit, visit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"


def give_notice(page: Page, on: datetime.date) -> None:
    """From the MoU's page: give notice for Stockholms stad, dated `on`."""
    follow(page, page.get_by_role("link", name="Give notice"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Give notice of termination")
    expect(page.locator("main")).to_contain_text("3 calendar months after the day it is given")
    # The leadership may give notice for its own party only.
    organisation = page.locator("#id_organisation")
    expect(organisation.locator("option:not([value=''])")).to_have_text(["Stockholms stad"])
    organisation.select_option(label="Stockholms stad")
    page.locator("#id_given_on").fill(on.isoformat())
    submit(page)


def test_leadership_gives_notice_and_withdraws_it(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    today = timezone.localdate()
    # A few days ago: the three months' notice still runs.
    given = today - datetime.timedelta(days=5)
    ends = given + relativedelta(months=3)
    assert ends > today

    log_in(page, base, "ledning")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    expect(page.locator("#partnership-status")).to_have_text("In force")
    expect(page.locator("main dl")).to_contain_text("Leadership")

    give_notice(page, given)
    assert page.url.split("#")[0] == f"{base}/partnerships/{mou.pk}/"
    expect(page.get_by_role("status")).to_contain_text(
        f"Notice was recorded. The partnership ends on {ends.isoformat()}."
    )
    # Who gave notice, when, and the day it ends.
    expect(page.locator("#partnership-status")).to_have_text("In force, under notice")
    expect(page.locator("#validity")).to_contain_text(
        f"Stockholms stad gave notice on {given.isoformat()}; "
        f"the partnership ends on {ends.isoformat()}."
    )
    expect(page.get_by_role("link", name="Give notice")).to_have_count(0)
    visit(page, f"{base}/partnerships/")
    expect(page.locator("main table tbody tr").filter(has_text=MOU)).to_contain_text(
        "In force, under notice"
    )

    # Withdrawn today: in force again, the notice kept under earlier notices.
    visit(page, f"{base}/partnerships/{mou.pk}/")
    follow(page, page.get_by_role("link", name="Withdraw notice"))
    expect(page.locator("#id_withdrawn_on")).to_have_value(today.isoformat())
    submit(page)
    expect(page.locator("#partnership-status")).to_have_text("In force")
    expect(page.locator("#validity")).to_contain_text("3 months' notice")
    expect(page.get_by_role("link", name="Give notice")).to_be_visible()
    earlier = page.get_by_role("region", name="Earlier notices")
    expect(earlier).to_contain_text(
        f"Stockholms stad gave notice on {given.isoformat()}, withdrawn on {today.isoformat()}."
    )

    # The history shows both: the notice given and its withdrawal, and by whom.
    follow(page, page.get_by_role("link", name="History"))
    notices = page.locator("main section.card").filter(
        has=page.get_by_role("heading", name=re.compile("^Notice of termination", re.I))
    )
    expect(notices).to_have_count(2)
    withdrawal, giving = notices.nth(0), notices.nth(1)  # newest first
    expect(giving.get_by_role("heading")).to_contain_text("created")
    expect(giving).to_contain_text(re.compile(r"Sten Nordin|ledning"))  # the user who did it
    expect(_after(giving, "given by")).to_have_text("Stockholms stad")
    expect(_after(giving, "notice given")).to_have_text(given.isoformat())
    expect(_after(giving, "ends")).to_have_text(ends.isoformat())
    expect(withdrawal.get_by_role("heading")).to_contain_text("changed")
    expect(withdrawal).to_contain_text(re.compile(r"Sten Nordin|ledning"))
    expect(_after(withdrawal, "withdrawn")).to_have_text(today.isoformat())


def _after(entry: Locator, field: str) -> Locator:
    """The value after the change of `field` in a history entry's table."""
    row = entry.get_by_role("row").filter(
        has=entry.page.get_by_role("cell", name=field, exact=True)
    )
    return row.get_by_role("cell").nth(2)


def test_notice_given_long_ago_has_terminated_the_partnership(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    # 30 November plus three months falls on the last day of February: a leap day in 2020.
    given = datetime.date(2019, 11, 30)
    ends = datetime.date(2020, 2, 29)
    assert given + relativedelta(months=3) == ends

    log_in(page, base, "ledning")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    give_notice(page, given)
    expect(page.locator("#partnership-status")).to_have_text("Terminated")
    expect(page.locator("#validity")).to_contain_text(
        f"Stockholms stad gave notice on {given.isoformat()}; "
        f"the partnership ends on {ends.isoformat()}."
    )
    visit(page, f"{base}/partnerships/")
    expect(page.locator("main table tbody tr").filter(has_text=MOU)).to_contain_text("Terminated")

    # An ended partnership's notice can no longer be withdrawn; the form says why.
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    follow(page, page.get_by_role("link", name="Withdraw notice"))
    submit(page, status=400)
    expect(page.locator("#form-errors")).to_contain_text("already ended")
    follow(page, page.get_by_role("link", name="Cancel"))
    expect(page.locator("#partnership-status")).to_have_text("Terminated")

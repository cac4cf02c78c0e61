"""A personnel exchange (R5): refused approval while a benefit is empty, then approved by KTH.

The browser asks for English here, so that the assertions may read the interface's messages.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
EMPTY_BENEFIT = "The benefit for the host organisation must be clear before it is approved (R5)."


def test_exchange_is_refused_until_both_benefits_are_clear(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    log_in(page, base, "demo")
    follow(page, page.locator("main table").get_by_role("link", name=MOU, exact=True))
    follow(page, page.get_by_role("link", name="Personnel exchanges", exact=True))
    assert page.url == f"{base}/partnerships/{mou.pk}/exchanges/"
    follow(page, page.get_by_role("link", name="New exchange"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New personnel exchange")

    # Anna Lind of KTH to the city, in the MoU's own area, but nothing said of the city's benefit.
    page.locator("#id_person").select_option(label="Anna Lind (Kungliga Tekniska högskolan)")
    page.locator("#id_home_organisation").select_option(label="Kungliga Tekniska högskolan")
    page.locator("#id_host_organisation").select_option(label="Stockholms stad")
    page.locator("#id_position").fill("HR-strateg, kompetensförsörjning")
    page.locator("#id_extent_percent").fill("40")
    page.locator("#id_starts_on").fill("2025-09-01")
    page.locator("#id_ends_on").fill("2026-02-28")
    page.locator("#id_area").select_option(label="Personnel exchanges")
    page.locator("#id_purpose").fill("Utveckla stadens och KTH:s gemensamma kompetensförsörjning.")
    page.locator("#id_conditions").fill("Anställd vid KTH; två dagar i veckan hos staden.")
    page.locator("#id_benefit_home").fill("Kunskap om stadens rekryteringsbehov.")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The personnel exchange was saved.")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna Lind")

    # The page says why it cannot be approved, naming the rule.
    problems = page.get_by_role("region", name="Cannot be approved:")
    expect(problems).to_contain_text(EMPTY_BENEFIT)
    approvals = page.locator("#approvals tbody tr")
    expect(approvals.filter(has_text="Kungliga Tekniska högskolan")).to_contain_text(
        "Awaiting approval"
    )

    # Approving anyway is refused with the rule's message; nothing is approved.
    organisation = page.locator("#id_organisation")
    expect(organisation.locator("option:not([value=''])")).to_have_text(
        ["Kungliga Tekniska högskolan"]
    )
    organisation.select_option(label="Kungliga Tekniska högskolan")
    submit(page, status=400)
    expect(page.locator("#form-errors")).to_contain_text(EMPTY_BENEFIT)
    follow(page, page.get_by_role("link", name="Cancel"))
    expect(page.locator("#approval-state")).to_have_text("Not yet approved by both parties.")

    # Say what the city gains, and KTH's approval is accepted; the city's is awaited.
    follow(page, page.locator("main").get_by_role("link", name="Edit", exact=True))
    page.locator("#id_benefit_host").fill("Forskningsnära kompetens inom HR-analys.")
    submit(page)
    expect(page.get_by_role("region", name="Cannot be approved:")).to_have_count(0)
    page.locator("#id_organisation").select_option(label="Kungliga Tekniska högskolan")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text(
        "Kungliga Tekniska högskolan approved the exchange."
    )
    expect(approvals.filter(has_text="Kungliga Tekniska högskolan")).to_contain_text(
        re.compile(r"Approved by (Karin Berg|demo)")
    )
    expect(approvals.filter(has_text="Stockholms stad")).to_contain_text("Awaiting approval")
    expect(page.locator("#approval-state")).to_have_text("Not yet approved by both parties.")
    # KTH has nothing left to approve.
    expect(page.locator("#id_organisation")).to_have_count(0)

    # The list shows the state at a glance.
    follow(page, page.get_by_role("link", name=re.compile("^All personnel exchanges")))
    row = page.locator("main table tbody tr").filter(has_text="HR-strateg, kompetensförsörjning")
    expect(row).to_contain_text("Approved by KTH")
    expect(row).to_contain_text("Awaiting Stockholms stad")

"""Innovation support (issue 6, done): the Stockholm University advisor opens a case, takes it
from idea to verification with verification funding, and the network's figures change.

The case is opened today, so that it counts in this year's figures (the page's default year).
The browser asks for English, so that the assertions may read the interface's texts.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import log_in, submit, visit
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

NETWORK = "InterAct"
TITLE = "Sensor för tidig upptäckt av sepsis (e2e)"
FUNDING = Decimal("150000")


def _figures(page: Page, url: str) -> dict[str, object]:
    """New cases, cases in verification at year end and verification funding in SEK, as the
    figures page shows them for this year."""
    visit(page, url)
    overview = page.locator("#figures-overview")
    new = overview.locator("tr", has=page.get_by_role("rowheader", name="New cases", exact=True))
    funding = overview.locator(
        "tr", has=page.get_by_role("rowheader", name="Verification funding", exact=True)
    )
    stages = page.locator("#figures-stages")
    verification = stages.locator(
        "tr", has=page.get_by_role("rowheader", name="Verification", exact=True)
    )
    funding_text = funding.locator("td").first.inner_text()
    sek = re.search(r"([\d,]+)\s*SEK", funding_text.replace("\u00a0", " "))
    return {
        "new": int(new.locator("td").first.inner_text().replace(",", "")),
        "verification": int(verification.locator("td").first.inner_text().replace(",", "")),
        "sek": Decimal(sek.group(1).replace(",", "")) if sek else Decimal(0),
    }


def test_an_advisor_takes_a_case_to_verification_and_the_figures_follow(
    live_server, en_page: Page
) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    network = Partnership.objects.get(name=NETWORK)
    figures_url = f"{base}/innovation/networks/{network.pk}/figures/"
    today = timezone.localdate().isoformat()

    log_in(page, base, "radgivare_su")
    before = _figures(page, figures_url)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Innovation support in figures")
    # The advisor may follow Stockholm University's numbers to its (filtered) case list.
    expect(page.locator("#figures-institutions a[href*='/cases/?institution=']")).not_to_have_count(
        0
    )

    # Open the case.
    visit(page, f"{base}/innovation/networks/{network.pk}/cases/new/")
    page.locator("#id_institution").select_option(label="Stockholms universitet")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_description").fill("En ny metod att upptäcka sepsis tidigt.")
    page.locator("#id_origin").select_option("researcher")
    page.locator("#id_opened_on").fill(today)
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The case was opened.")
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)
    case_url = page.url.split("?")[0].rstrip("/")
    assert re.search(r"/cases/[0-9a-f-]{36}$", case_url), case_url

    # From idea to verification.
    visit(page, f"{case_url}/stage/")
    page.locator("#id_to_stage").select_option("verification")
    page.locator("#id_changed_on").fill(today)
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("Verification")

    # Verification funding, with its amount and currency.
    visit(page, f"{case_url}/support/new/")
    page.locator("#id_kind").select_option("verification_funding")
    page.locator("#id_given_on").fill(today)
    page.locator("#id_amount").fill(str(FUNDING))
    page.locator("#id_currency").fill("SEK")
    submit(page)
    expect(page.locator("main")).to_contain_text("Verification funding")

    # The network's figures of this year have moved, and still name no case.
    after = _figures(page, figures_url)
    assert after["new"] == before["new"] + 1
    assert after["verification"] == before["verification"] + 1
    assert after["sek"] == before["sek"] + FUNDING
    expect(page.locator("main")).not_to_contain_text(TITLE)

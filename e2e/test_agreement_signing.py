"""Journey: an agreement taken through signature by two signatories of two parties, after which
the internship it regulates may start (R8).

The demo's internship agreement is out for signature, signed by KTH's vice-president. The
coordinator replaces its document, which voids that signature visibly; then KTH's and the city's
signatories each sign in the application, and the agreement enters into force. The browser asks
for English, so that the assertions may read the interface's messages.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit
from samverkan.demo import loader
from samverkan.lib.pdf import blank_pdf
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
AGREEMENT = "Avtal om praktik i stadens digitaliseringsprogram 2027–2029 (exempel)"
INTERNSHIP = "Praktik i stadens digitaliseringsprogram, vårterminen 2027 (exempel)"


def _open_agreement(page: Page, base: str, username: str, mou: Partnership) -> None:
    log_in(page, base, username)
    page.goto(f"{base}/partnerships/{mou.pk}/agreements/")
    follow(page, page.get_by_role("link", name=AGREEMENT, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(AGREEMENT)


def _sign(page: Page) -> None:
    follow(page, page.locator("main").get_by_role("link", name="Sign", exact=True))
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("Your signature was recorded.")


def test_two_signatures_put_the_agreement_in_force(
    live_server, new_page: Callable[..., Page]
) -> None:
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    # The coordinator sees that the internship cannot start, and why.
    coordinator = new_page("en-GB")
    log_in(coordinator, base, "demo")
    coordinator.goto(f"{base}/partnerships/{mou.pk}/activities/")
    follow(coordinator, coordinator.get_by_role("link", name=INTERNSHIP, exact=True))
    problems = coordinator.locator("#start-problems")
    expect(problems).to_contain_text("needs a specific agreement in force")
    follow(coordinator, problems.get_by_role("link", name=AGREEMENT))
    expect(coordinator.locator("#agreement-status")).to_have_text("Sent for signature")

    # Replacing the document voids the signature already given, visibly.
    follow(coordinator, coordinator.get_by_role("link", name="Replace the document"))
    coordinator.locator("#id_document").set_input_files(
        {"name": "praktikavtal-v2.pdf", "mimeType": "application/pdf", "buffer": blank_pdf(2)}
    )
    submit(coordinator)
    expect(coordinator.locator("#signatures")).to_contain_text("Voided")
    expect(coordinator.locator("#document")).to_contain_text("praktikavtal-v2.pdf")

    # KTH's signatory signs the new document; the city's is still awaited.
    kth = new_page("en-GB")
    _open_agreement(kth, base, "signerare_kth", mou)
    _sign(kth)
    expect(kth.locator("#agreement-status")).to_have_text("Sent for signature")

    # The city's signatory signs; the agreement is in force.
    city = new_page("en-GB")
    _open_agreement(city, base, "signerare_stad", mou)
    _sign(city)
    expect(city.locator("#agreement-status")).to_have_text("In force")

    # The internship may now start.
    coordinator.reload()
    follow(coordinator, coordinator.locator("#activities").get_by_role("link", name=INTERNSHIP))
    expect(coordinator.locator("#start-problems")).to_have_count(0)
    coordinator.locator("#id_status").select_option(label="Ongoing")
    submit(coordinator)
    expect(coordinator.locator("#activity-status")).to_have_text("Ongoing")

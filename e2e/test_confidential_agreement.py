"""Journey: a user of a third organisation in the partnership searches, lists and exports, and
never sees the confidential agreement's document or text (issue 4, point 5).

Region Stockholm takes part in the demo MoU here, with a coordinator: a strong role, but not for
a party of the leak-detection agreement, whose document, title and register subjects the city
has marked secret. The register entry stays public: its registration numbers, parties, dates and
status. KTH's coordinator, a user of one of its parties, finds it by a word of its text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import follow, log_in, submit, visit
from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.agreements.models import Agreement
from samverkan.demo import loader
from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
TITLE = "Avtal om forskning på driftdata från stadens VA-bolag för läckagedetektering (exempel)"
SECRET_WORDS = ("läckage", "Läckage", "ledningsnät", "VA-bolag")
MASK = "Secret (OSL 31 kap. 16 §)"


def _third_party_coordinator(mou: Partnership) -> None:
    region = Organisation.objects.create(name="Region Stockholm", kind=Organisation.Kind.REGION)
    mou.parties.create(organisation=region, role="participant")
    user = User.objects.create_user("region", password=loader.DEMO_PASSWORD)
    RoleAssignment.objects.create(
        user=user, organisation=region, partnership=mou, role=Role.COORDINATOR
    )


def _search(page: Page, words: str) -> None:
    page.locator("#id_q").fill(words)
    submit(page)


def test_a_third_organisation_never_sees_the_secret(
    live_server, new_page: Callable[..., Page]
) -> None:
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    _third_party_coordinator(mou)
    secret = Agreement.objects.get(title=TITLE)  # unmasked: the test's own reference

    page = new_page("en-GB")
    log_in(page, base, "region")
    visit(page, f"{base}/partnerships/{mou.pk}/agreements/")

    # Listed by its public register entry, its title masked.
    row = page.locator("main table tbody tr").filter(has_text="KS 2024/0318")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("V-2024-0212")
    expect(row).to_contain_text(MASK)
    for word in SECRET_WORDS:
        expect(page.locator("main")).not_to_contain_text(word)

    # A word of its text or title finds nothing.
    _search(page, "ledningsnätet")
    expect(page.locator("main")).to_contain_text("No agreements match.")
    _search(page, "läckagedetektering")
    expect(page.locator("main")).to_contain_text("No agreements match.")

    # The export of every agreement holds the register entry, not the secret.
    _search(page, "")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    exported = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "KS 2024/0318" in exported
    assert not any(word in exported for word in SECRET_WORDS)

    # Its page shows the register entry and the markings; neither text nor document.
    follow(page, row.get_by_role("link", name=MASK))
    expect(page.locator("#secrecy-note")).to_be_visible()
    expect(page.locator("#agreement-text")).to_contain_text(MASK)
    expect(page.locator("#registrations")).to_contain_text("KS 2024/0318")
    expect(page.locator("#document").get_by_role("link")).to_have_count(0)
    for word in SECRET_WORDS:
        expect(page.locator("main")).not_to_contain_text(word)
    response = page.goto(f"{base}/partnerships/{mou.pk}/agreements/{secret.uuid}/document/")
    assert response is not None and response.status == 404

    # The activity it regulates is masked too, in the list and its search.
    visit(page, f"{base}/partnerships/{mou.pk}/activities/")
    _search(page, "läckagedetektering")
    expect(page.locator("main")).to_contain_text("No activities match.")

    # KTH's coordinator, of one of its parties, finds it by a word of its text.
    kth = new_page("en-GB")
    log_in(kth, base, "demo")
    visit(kth, f"{base}/partnerships/{mou.pk}/agreements/")
    _search(kth, "ledningsnätet")
    expect(kth.locator("main table tbody tr")).to_have_count(1)
    follow(kth, kth.get_by_role("link", name=TITLE))
    expect(kth.locator("#document").get_by_role("link")).to_have_count(1)


def test_the_registrar_releases_a_copy_with_every_marked_part_masked(
    live_server, new_page: Callable[..., Page]
) -> None:
    """A request for public access: the city's registrar, entitled to the agreement, reads its
    text, and produces a release copy in which every marked part is masked, citing the
    provision, while the public register entry is shown."""
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)

    page = new_page("en-GB")
    log_in(page, base, "registrator")
    visit(page, f"{base}/partnerships/{mou.pk}/agreements/")
    follow(page, page.get_by_role("link", name=TITLE))
    expect(page.locator("#agreement-text")).to_contain_text("ledningsnätet")

    follow(page, page.get_by_role("link", name="Release copy"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Release copy")
    main = page.locator("main")
    expect(main).to_contain_text(MASK)
    expect(main).to_contain_text("KS 2024/0318")
    expect(main).to_contain_text("V-2024-0212")
    for word in SECRET_WORDS:
        expect(main).not_to_contain_text(word)

"""Innovation support (issue 6, done): the city's coordinator, a partner of another partnership
and not in InterAct, sees neither a case nor the network's figures.

`stad` gets 404 on the figures page and on a case's page, and no case title appears on any page
it can reach from its own start page, nor on the innovation office's public pages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from conftest import assert_accessible, log_in, visit
from samverkan.demo import loader
from samverkan.innovation.models import InnovationCase
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

NETWORK = "InterAct"


def test_the_city_sees_neither_the_cases_nor_the_figures(live_server, en_page: Page) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    network = Partnership.objects.get(name=NETWORK)
    # The test reads the register directly, as the demo's owner: every case's title.
    cases = list(InnovationCase.objects.filter(network=network))  # all cases: the test's own check
    assert cases, "the demo has cases in InterAct"
    titles = {case.title for case in cases}
    case = next(c for c in cases if c.institution.short_name in ("SU", "Stockholms universitet"))

    log_in(page, base, "stad")
    visit(page, f"{base}/innovation/networks/{network.pk}/figures/", status=404)
    visit(page, f"{base}/innovation/networks/{network.pk}/figures/?year=2020", status=404)
    visit(page, f"{base}/innovation/networks/{network.pk}/cases/{case.uuid}/", status=404)
    visit(page, f"{base}/innovation/networks/{network.pk}/cases/", status=404)
    response = page.request.get(f"{base}/api/v1/innovation-networks/{network.pk}/figures/")
    assert response.status == 404

    # Every page reachable from the start page and the office's public pages: no case title.
    reached = [f"{base}/partnerships/", f"{base}/innovation/offices/"]
    seen: set[str] = set()
    while reached:
        url = reached.pop()
        if url in seen or len(seen) > 40:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response is not None and response.status in (200, 404), url
        if response.status == 404:  # a link into the network (the office page's): refused
            continue
        assert_accessible(page)
        text = page.locator("body").inner_text()
        for title in titles:
            assert title not in text, f"{title!r} on {url}"
        links = page.locator("main a[href^='/']").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))"
        )
        for href in links:
            inside = href.startswith(("/innovation/", "/partnerships/"))
            if inside and not any(p in href for p in ("/edit", "/new/", "/remove/", "?")):
                reached.append(base + href)

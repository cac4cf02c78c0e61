"""The roll-up (issue 8): the site administrator reads the national roll-up of the demo's
partnerships for 2025 and downloads it as XLSX; a coordinator sees only their own partnerships."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from conftest import follow, log_in, visit
from samverkan.demo import loader

pytestmark = pytest.mark.e2e


def test_the_national_roll_up_and_a_members_view(live_server, en_page: Page, new_page) -> None:
    page = en_page
    loader.load()
    base = live_server.url

    log_in(page, base, "admin")
    follow(page, page.get_by_role("link", name="Roll-up"))
    visit(page, f"{base}/reports/2025/")
    expect(page.get_by_role("heading", level=1)).to_have_text("National roll-up 2025")
    table = page.locator("#rollup")
    expect(table.locator("tbody tr", has_text="Stockholms stad–KTH")).to_have_count(1)
    expect(table.locator("tfoot")).to_contain_text("Total")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as XLSX").click()
    with open(download.value.path(), "rb") as file:
        workbook = load_workbook(io.BytesIO(file.read()))
    names = [row[0] for row in workbook["Partnerships"].iter_rows(min_row=2, values_only=True)]
    assert "Stockholms stad–KTH" in names and names[-1] == "Total"

    member = new_page("en-GB")
    log_in(member, base, "stad")
    visit(member, f"{base}/reports/2025/")
    expect(member.get_by_role("heading", level=1)).to_have_text("Your partnerships in 2025")
    expect(member.locator("#rollup tbody tr", has_text="Stockholms stad–KTH")).to_have_count(1)

"""The annual report: the KTH coordinator reads 2025, writes the steering group's text, downloads
the PDF and issues the report, seeing the SHA-256 of its files.

The browser asks for English here, so that the assertions may read the interface's texts.
"""

from __future__ import annotations

import datetime
import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from conftest import assert_accessible, follow, log_in, submit, visit
from samverkan.activities.models import Activity
from samverkan.demo import loader
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.e2e

MOU = "Stockholms stad–KTH"
YEAR = 2025


def _activities_under_way(partnership, year: int) -> int:
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return sum(
        1
        for a in Activity.objects.filter(partnership=partnership)
        if a.starts.first_day() <= last and (a.ends is None or a.ends.last_day() >= first)
    )


def test_the_coordinator_reads_writes_downloads_and_issues_the_report(
    live_server, en_page: Page
) -> None:
    page = en_page
    loader.load()
    base = live_server.url
    mou = Partnership.objects.get(name=MOU)
    expected = _activities_under_way(mou, YEAR)

    log_in(page, base, "demo")
    visit(page, f"{base}/partnerships/{mou.pk}/reports/{YEAR}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual report {YEAR}: {MOU}")
    summary = page.locator("#summary table")
    expect(summary.get_by_role("row", name=re.compile(r"^Activities \d"))).to_have_text(
        re.compile(rf"Activities\s*{expected}$")
    )
    expect(page.locator("#charts svg[role=img]")).to_have_count(2)

    # The steering group's text, kept with the report.
    follow(page, page.get_by_role("link", name="Write the steering group's text"))
    page.locator("#id_trends").fill("Fler gemensamma forskningsprojekt om klimatanpassning.")
    page.locator("#id_proposals").fill("Ett nytt samarbetsområde för AI i förvaltningen.")
    submit(page)
    expect(page.get_by_role("status")).to_contain_text("The steering group's text was saved.")
    expect(page.locator("#text")).to_contain_text("Fler gemensamma forskningsprojekt")

    # The PDF, in English.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF in English").click()
    download = download_info.value
    assert download.suggested_filename == f"{mou.slug}-{YEAR}-en.pdf"
    data = open(download.path(), "rb").read()  # noqa: PTH123, SIM115
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Fler gemensamma forskningsprojekt" in text

    # Issuing: the issued report's page shows the SHA-256 of each file.
    page.locator("#issue-language").select_option("sv")
    with page.expect_navigation():
        page.get_by_role("button", name="Issue the report").click()
    assert_accessible(page)
    expect(page.get_by_role("status")).to_contain_text("The report was issued.")
    hashes = page.locator("code.sha256")
    expect(hashes).to_have_count(4)
    for index in range(4):
        expect(hashes.nth(index)).to_have_text(re.compile(r"^[0-9a-f]{64}$"))
    expect(page.locator("main table")).to_contain_text("The stored file matches its SHA-256.")

    follow(page, page.get_by_role("link", name="Compare with the register now"))
    expect(page.locator("#unchanged")).to_be_visible()

"""The PDF and the standalone HTML file: laid out for print, self-contained, escaped.

Built from a hand-made report (report_samples.py), so no database is needed.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from samverkan.followup.report.html import render_html
from samverkan.followup.report.pdf import ExternalResourceRefused, refuse_urls, render_pdf
from samverkan.followup.tests.report_samples import (
    AWKWARD_AREA,
    SECRET_ACTIVITY_TITLE,
    SECRET_AGREEMENT_TITLE,
    TRENDS,
    sample_report,
)


@pytest.fixture(scope="module")
def pdf_pages() -> list[str]:
    data = render_pdf(sample_report("en"))
    assert data.startswith(b"%PDF")
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_the_pdf_opens_with_a_title_page(pdf_pages):
    title = pdf_pages[0]
    report = sample_report("en")
    assert "Annual report 2025" in title
    assert report.partnership in title
    for party in report.parties:
        assert party in title
    assert report.generated_at.date().isoformat() in title
    # The title page has no page number.
    assert not re.search(r"\b1 / \d+\b", title)


def test_the_table_of_contents_gives_each_section_its_page(pdf_pages):
    contents = pdf_pages[1]
    assert "Contents" in contents
    entries = dict(re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE))
    for heading in ("Summary", "Per collaboration area", "Agreements", "Open action items"):
        assert heading in entries, contents
    # Each entry's page number is the page its heading is on.
    for heading, page in entries.items():
        assert heading in pdf_pages[int(page) - 1], heading
    assert int(entries["The steering group's assessment"]) >= int(entries["Summary"])


def test_every_page_after_the_title_has_its_number_in_the_footer(pdf_pages):
    count = len(pdf_pages)
    assert count >= 4
    for number, text in enumerate(pdf_pages[1:], start=2):
        assert f"{number} / {count}" in text


def test_the_pdf_shows_masked_lines_never_the_secret_and_keeps_the_text(pdf_pages):
    text = "\n".join(pdf_pages)
    assert SECRET_ACTIVITY_TITLE not in text
    assert SECRET_AGREEMENT_TITLE not in text
    assert "Secret (OSL 31 kap. 16 §)" in text
    assert TRENDS.splitlines()[0] in text


def test_nothing_is_fetched_for_the_pdf():
    with pytest.raises(ExternalResourceRefused):
        refuse_urls("https://example.com/font.woff")
    with pytest.raises(ExternalResourceRefused):
        refuse_urls("file:///etc/passwd")


def test_the_html_file_is_standalone_and_escapes_user_text():
    html = render_html(sample_report("sv")).decode()
    assert html.startswith("<!doctype html>")
    assert '<html lang="sv">' in html
    assert "<style>" in html
    assert "<link" not in html and "<script" not in html.replace("&lt;script", "")
    # Nothing refers outside the file (the SVG namespace is a name, not a reference).
    assert not re.search(r'(src|href|url)\s*[=(]\s*["\']?(https?:|//|file:)', html)
    assert "Digitalisering &lt;script&gt;alert(1)&lt;/script&gt; &amp; AI" in html
    assert AWKWARD_AREA not in html
    # Charts sit beside their data tables.
    assert html.count("<svg") == 2
    assert 'id="chart-areas-data"' in html and 'id="chart-kinds-data"' in html

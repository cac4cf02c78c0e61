"""The annual report as a PDF laid out for print (WeasyPrint).

The same standalone document as the HTML file (report/html.py), printed with the report's print
stylesheet: a title page, a table of contents whose entries carry their page numbers
(`target-counter`), page numbers in every page's footer (`counter(page)`), the charts as inline
SVG, tables that split across pages with their header rows repeated. Fonts are the system's
(DejaVu, Liberation); nothing is fetched: the document has no URL of its own, and any reference
to one is refused by `refuse_urls`.
"""

from __future__ import annotations

from .data import Report
from .html import render_document


class ExternalResourceRefused(ValueError):
    """The report referred to something outside itself; it never should."""


def refuse_urls(url: str, *args, **kwargs):
    """WeasyPrint's url_fetcher: nothing is fetched, local or remote."""
    raise ExternalResourceRefused(url)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes, in the report's language."""
    from weasyprint import HTML

    document = render_document(report, for_print=True)
    return HTML(string=document, url_fetcher=refuse_urls, base_url=None).write_pdf(
        # The PDF/UA profile asks for a tagged PDF: headings and tables that screen readers and
        # text extraction follow.
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )

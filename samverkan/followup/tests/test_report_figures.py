"""The issue's "done": the report's figures for the demo's Stockholms stad–KTH partnership in
2025 (and the change from 2024), recomputed here independently with plain Python over every
Activity row, checked in the JSON, the web page, the PDF text, the DOCX and the XLSX, in
Swedish and English (labels differ, numbers don't)."""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samverkan.accounts.models import User
from samverkan.activities.models import Activity
from samverkan.demo import loader
from samverkan.followup.report.issue import render_file, report_for_everyone
from samverkan.partnerships.models import Partnership

TODAY = datetime.datetime(2026, 11, 22, 12, 0, tzinfo=datetime.UTC)
YEAR = 2025
STATUSES = ("planned", "ongoing", "completed", "cancelled")


@pytest.fixture
def demo(db):
    with time_machine.travel(TODAY, tick=False):
        loader.load()
        yield Partnership.objects.get(slug="stockholms-stad-kth")


def _under_way(activity, year: int) -> bool:
    """Its span overlaps the year: partial dates by their whole span, no end = running."""
    starts = activity.starts
    ends = activity.ends
    return starts.first_day() <= datetime.date(year, 12, 31) and (
        ends is None or ends.last_day() >= datetime.date(year, 1, 1)
    )


def _expected(partnership, year: int) -> dict:
    rows = [a for a in Activity.objects.filter(partnership=partnership) if _under_way(a, year)]
    funding: dict[str, Decimal] = {}
    for a in rows:
        if a.funding_amount is not None:
            funding[a.funding_currency] = funding.get(a.funding_currency, 0) + a.funding_amount
    return {
        "counts": Counter(a.status for a in rows),
        "total": len(rows),
        "students": sum(a.students or 0 for a in rows),
        "participants": sum(a.participants or 0 for a in rows),
        "hours": sum((a.hours or Decimal(0) for a in rows), Decimal(0)),
        "funding": funding,
    }


def _number(value, language: str) -> str:
    """Written as a reader of the language expects, with plain spaces (NBSP normalised)."""
    value = Decimal(value).quantize(Decimal("0.01"), ROUND_HALF_UP)
    whole, _dot, fraction = f"{abs(value):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}"
    if language == "sv":
        text = grouped.replace(",", " ") + ("," + fraction if fraction else "")
    else:
        text = grouped + ("." + fraction if fraction else "")
    return ("−" if value < 0 else "") + text


def _change(current: int, previous: int, language: str) -> str:
    difference = current - previous
    percent = (Decimal(difference) * 100 / previous).quantize(Decimal(1), ROUND_HALF_UP)
    sign = "+" if difference > 0 else ""
    psign = "+" if percent > 0 else ""
    space = " " if language == "sv" else ""
    return f"{sign}{_number(difference, language)} ({psign}{_number(percent, language)}{space}%)"


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_demo_report_s_figures_agree_with_the_register_in_every_format(demo, language, client):
    now = _expected(demo, YEAR)
    before = _expected(demo, YEAR - 1)
    assert now["total"] and before["total"]
    assert len(now["funding"]) >= 1

    with time_machine.travel(TODAY, tick=False):
        # JSON, as the KTH coordinator (entitled) and as every participant: same figures.
        coordinator = User.objects.get(username="demo")
        client.force_login(coordinator)
        api = client.get(
            f"/api/v1/partnerships/{demo.pk}/reports/{YEAR}/?language={language}"
        ).json()
        report = report_for_everyone(demo, YEAR, language=language)
        page = _plain(
            client.get(
                f"/partnerships/{demo.pk}/reports/{YEAR}/", HTTP_ACCEPT_LANGUAGE=language
            ).content.decode()
        )
        files = {fmt: render_file(report, fmt) for fmt in ("pdf", "docx", "xlsx")}

    for totals in (api["totals"], _json_totals(report)):
        assert totals["counts"] == {s: now["counts"].get(s, 0) for s in STATUSES}
        assert totals["previous_counts"] == {s: before["counts"].get(s, 0) for s in STATUSES}
        assert totals["figures"]["students"] == now["students"]
        assert totals["figures"]["participants"] == now["participants"]
        assert Decimal(totals["figures"]["hours"]) == now["hours"]
        assert {k: Decimal(v) for k, v in totals["figures"]["funding"].items()} == now["funding"]
        assert Decimal(totals["previous_figures"]["hours"]) == before["hours"]

    with translation.override(language):
        labels = {
            "activities": _("Activities"),
            "students": _("Students"),
            "participants": _("Participants"),
            "hours": _("Hours"),
            "all": _("All activities"),
            **{s: _(s.capitalize()) for s in STATUSES},
        }
    total_text = _number(now["total"], language)
    change = _change(now["total"], before["total"], language)

    # The web page: the summary, and the totals row with last year and the change.
    for key in ("students", "participants", "hours"):
        assert (
            f'<th scope="row">{labels[key]}</th><td class="num">{_number(now[key], language)}</td>'
        ) in page
    assert f'<th scope="row">{labels["activities"]}</th><td class="num">{total_text}</td>' in page
    totals_row = (
        f'<td class="num">{total_text}</td>'
        f'<td class="num">{_number(before["total"], language)}</td>'
        f'<td class="num">{change}</td>'
    )
    assert totals_row in page
    for currency, amount in now["funding"].items():
        assert f"{_number(amount, language)} {currency}" in page

    # The PDF's text.
    pdf = _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(files["pdf"])).pages))
    for key in ("students", "participants", "hours"):
        assert f"{labels[key]} {_number(now[key], language)}" in pdf
    assert f"{labels['activities']} {total_text}" in pdf
    assert re.search(
        rf"{re.escape(total_text)}\s+{re.escape(_number(before['total'], language))}\s+"
        rf"{re.escape(change)}",
        pdf,
    )

    # The DOCX, read back: the summary table's values.
    document = Document(io.BytesIO(files["docx"]))
    cells = {
        _plain(row.cells[0].text): _plain(row.cells[-1].text)
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 2
    }
    for key in ("students", "participants", "hours"):
        assert cells[labels[key]] == _number(now[key], language)
    assert cells[labels["activities"]] == total_text

    # The XLSX, read back: real numbers, this year beside last year.
    workbook = load_workbook(io.BytesIO(files["xlsx"]))
    summary = workbook.worksheets[0]
    values = {
        row[0]: row[1:3] for row in summary.iter_rows(values_only=True) if isinstance(row[0], str)
    }
    assert tuple(values[labels["activities"]]) == (now["total"], before["total"])
    for status in STATUSES:
        assert tuple(values[labels[status]]) == (
            now["counts"].get(status, 0),
            before["counts"].get(status, 0),
        )
    assert tuple(values[labels["students"]]) == (now["students"], before["students"])
    assert Decimal(str(values[labels["hours"]][0])) == now["hours"]


def _json_totals(report) -> dict:
    from samverkan.followup.report.data import to_json

    return to_json(report)["totals"]

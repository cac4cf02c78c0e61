"""The annual report of an innovation network: its "Innovation support" section in every format,
read back, and never a case's title whoever reads it."""

import datetime
import io
import json
from decimal import Decimal

import pytest
from django.utils import translation
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from samverkan.accounts.models import Role
from samverkan.accounts.tests.factories import RoleFactory, UserFactory
from samverkan.followup.report.data import (
    build_report,
    from_json,
    participant_reader,
    to_json,
)
from samverkan.followup.report.docx import render_docx
from samverkan.followup.report.html import render_html
from samverkan.followup.report.pdf import render_pdf
from samverkan.followup.report.xlsx import render_xlsx
from samverkan.innovation.models import Outcome, Stage
from samverkan.innovation.tests.factories import (
    AdvisorFactory,
    InnovationCaseFactory,
    InnovationOfficeFactory,
    MemberFactory,
    NetworkFactory,
    OutcomeFactory,
    StageChangeFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
TITLE = "Självläkande betong XYZZY"
DESCRIPTION = "Beskrivning PLUGH"


@pytest.fixture
def network():
    office = InnovationOfficeFactory(name="Innovationskontoret", network__name="InterAct")
    network = office.network
    su = MemberFactory(
        partnership=network, organisation__name="Stockholms universitet"
    ).organisation
    case = InnovationCaseFactory(
        network=network,
        institution=su,
        title=TITLE,
        description=DESCRIPTION,
        opened_on=datetime.date(YEAR, 2, 1),
        stage=Stage.VERIFICATION,
        stage_since=datetime.date(YEAR, 4, 1),
    )
    StageChangeFactory(case=case, changed_on=datetime.date(YEAR, 4, 1))
    SupportFactory(case=case, funding=True, amount=Decimal("300000"), given_on=case.stage_since)
    OutcomeFactory(
        case=case,
        kind=Outcome.Kind.FUNDING_RAISED,
        amount=Decimal("1000000"),
        currency="SEK",
        achieved_on=datetime.date(YEAR, 9, 1),
        reference="Bolaget XYZZY AB",
    )
    InnovationCaseFactory(network=network, institution=su, opened_on=datetime.date(YEAR - 1, 5, 1))
    return network


def readers(network):
    advisor = AdvisorFactory(partnership=network).user  # of another member
    member = UserFactory()
    RoleFactory(
        user=member,
        organisation=network.parties.first().organisation,
        partnership=network,
        role=Role.VIEWER,
    )
    return [participant_reader(), advisor, member]


def section(report):
    return {table.key: table for table in report.innovation.tables}


def test_the_report_of_a_network_has_the_innovation_figures(network):
    report = build_report(network, YEAR, user=participant_reader(), language="en")
    tables = section(report)
    overview = {row.label: (row.current, row.previous) for row in tables["overview"].rows}
    assert overview["New cases"] == (1, 1)
    assert overview["Stage changes"] == (1, 0)
    assert overview["Support given"] == (1, 0)
    stages = {row.label: row.current for row in tables["stages"].rows}
    assert stages["Verification"] == 1 and stages["Idea"] == 1
    institutions = {row.label: row.current for row in tables["institutions"].rows}
    assert institutions["Stockholms universitet"] == 1
    money = {m.label: m.current for m in report.innovation.money}
    assert money["Verification funding"] == {"SEK": Decimal("300000")}
    assert money["Funding raised"] == {"SEK": Decimal("1000000")}
    assert report.innovation.offices == ["Innovationskontoret"]
    assert ("New innovation cases", "1") in report.summary


def test_an_mou_or_a_network_without_an_office_has_no_such_section(world):
    assert (
        build_report(world.mou, YEAR, user=participant_reader(), language="en").innovation is None
    )
    bare = NetworkFactory()
    assert build_report(bare, YEAR, user=participant_reader(), language="en").innovation is None


def test_the_section_survives_being_issued_as_json(network):
    report = build_report(network, YEAR, user=participant_reader(), language="sv")
    again = from_json(json.loads(json.dumps(to_json(report))))
    assert again.innovation == report.innovation
    old = to_json(report)
    del old["innovation"]  # a report issued before innovation support existed
    assert from_json(old).innovation is None


def test_html_and_pdf_show_the_section(network):
    report = build_report(network, YEAR, user=participant_reader(), language="en")
    html = render_html(report).decode()
    assert 'id="innovation"' in html
    assert "Innovation support" in html
    assert "300,000\u00a0SEK" in html
    pdf = PdfReader(io.BytesIO(render_pdf(report)))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Innovation support" in text
    assert "Stockholms universitet" in text


def test_docx_has_the_section_with_its_tables(network):
    report = build_report(network, YEAR, user=participant_reader(), language="en")
    document = Document(io.BytesIO(render_docx(report)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Innovation support" in headings
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if table.rows[0].cells[0].text == "Institution"
        for row in table.rows
    ]
    assert ["Stockholms universitet", "1", "1", "0 (0%)"] in rows


def test_xlsx_has_a_sheet_of_the_section(network):
    report = build_report(network, YEAR, user=participant_reader(), language="en")
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))
    sheet = workbook["Innovation support"]
    lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert lines[0][:5] == ["Table", "Figure", "Currency", "2024", "2023"]
    money = [line for line in lines if line[0] == "Money" and line[1] == "Verification funding"]
    assert [tuple(line[:4]) for line in money] == [("Money", "Verification funding", "SEK", 300000)]
    new_cases = [line for line in lines if line[1] == "New cases"][0]
    assert tuple(new_cases[3:5]) == (1, 1)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_no_case_title_in_any_format_for_any_reader(network, language):
    for reader in readers(network):
        report = build_report(network, YEAR, user=reader, language=language)
        with translation.override(language):
            texts = {
                "json": json.dumps(to_json(report), ensure_ascii=False),
                "html": render_html(report).decode(),
                "docx": _docx_text(render_docx(report)),
                "xlsx": "\n".join(
                    str(value)
                    for sheet in load_workbook(io.BytesIO(render_xlsx(report))).worksheets
                    for row in sheet.iter_rows(values_only=True)
                    for value in row
                ),
            }
            pdf = PdfReader(io.BytesIO(render_pdf(report)))
            texts["pdf"] = " ".join(page.extract_text() for page in pdf.pages)
        for name, text in texts.items():
            for secret in ("XYZZY", "PLUGH"):
                assert secret not in text, (name, reader)

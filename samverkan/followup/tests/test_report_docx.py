"""The annual report as DOCX, read back with python-docx (no database needed)."""

import io
import zipfile

import pytest
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn

from samverkan.agreements.confidentiality import Masked
from samverkan.followup.report.docx import render_docx
from samverkan.followup.report.formatting import NO_BREAK_SPACE

from .report_samples import (
    AWKWARD_AREA,
    FORMULA_TITLE,
    PROPOSALS,
    PROVISION,
    SECRET_ACTIVITY_TITLE,
    SECRET_AGREEMENT_TITLE,
    TRENDS,
    sample_report,
)


def _read(report):
    return Document(io.BytesIO(render_docx(report)))


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def _tables_headed(document, first_cell):
    return [t for t in document.tables if t.rows[0].cells[0].text == first_cell]


def _after(document, heading):
    """The paragraphs between a heading and the next heading."""
    found, texts = False, []
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            if found:
                break
            found = paragraph.text == heading
        elif found:
            texts.append(paragraph)
    return texts


def _all_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml")
        )


def test_the_title_page_names_the_partnership_year_parties_and_date():
    document = _read(sample_report("en"))
    first = document.paragraphs[:4]
    assert (first[0].style.name, first[0].text) == ("Title", "Stockholms stad–KTH")
    assert (first[1].style.name, first[1].text) == ("Subtitle", "Annual report 2025")
    assert first[2].text == "Parties: Stockholms stad, Kungliga Tekniska högskolan"
    assert first[3].text == "Generated from the register on 2026-01-15."
    assert document.core_properties.title == "Annual report 2025: Stockholms stad–KTH"
    assert document.core_properties.language == "en-GB"


def test_every_section_is_a_real_heading_in_order():
    document = _read(sample_report("en"))
    assert _headings(document, 1) == [
        "Summary",
        "Activities by area",
        "Activities by kind",
        "Activities of the year",
        "Personnel exchanges",
        "Agreements",
        "Contact persons",
        "Steering group meetings",
        "Open action items",
        "Compliance with the MoU",
        "The steering group's assessment",
    ]
    assert _headings(document, 2) == [
        "Leadership dialogues",
        "Activities by status",
        "Figures",
        "Activities by status",
        "Figures",
        "Signed during the year",
        "In force",
        "Expiring within a year",
        "Under notice or near the notice deadline",
        "Trends",
        "Challenges",
        "Proposals",
    ]


def test_the_contents_is_a_toc_field_word_updates_with_a_line_saying_so():
    content = render_docx(sample_report("en"))
    document = Document(io.BytesIO(content))
    instructions = [element.text for element in document.element.body.iter(qn("w:instrText"))]
    assert instructions == [r' TOC \o "1-3" \h \z \u ']
    begin = next(document.element.body.iter(qn("w:fldChar")))
    assert begin.get(qn("w:fldCharType")) == "begin" and begin.get(qn("w:dirty")) == "true"
    assert document.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"
    contents = [p.text for p in document.paragraphs if p.style.name == "TOC Heading"]
    assert contents == ["Contents"]
    assert any("Update Field" in p.text for p in document.paragraphs)


def test_the_settings_keep_the_schemas_order():
    """Word reports a document as damaged when w:settings is out of order."""
    settings = _read(sample_report("en")).settings.element
    tags = [child.tag for child in settings]
    assert tags.index(qn("w:updateFields")) < tags.index(qn("w:compat"))


def test_the_footer_numbers_the_pages():
    footer = _read(sample_report("en")).sections[0].footer
    xml = footer._element.xml
    assert "Stockholms stad–KTH · Annual report 2025 · Page" in footer.paragraphs[0].text
    assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in xml


def test_the_summary_is_a_table_of_its_values():
    report = sample_report("en")
    (table,) = _tables_headed(_read(report), "Item")
    assert _rows(table)[1:] == [list(pair) for pair in report.summary]
    assert _rows(table)[1] == ["Activities", "17"]


def test_the_tables_by_area_give_counts_last_year_and_change():
    report = sample_report("en")
    document = _read(report)
    by_area, by_kind = _tables_headed(document, "Area")[0], _tables_headed(document, "Kind")[0]
    rows = _rows(by_area)
    assert rows[0] == [
        "Area",
        "Planned",
        "Ongoing",
        "Completed",
        "Cancelled",
        "Total 2025",
        "Total 2024",
        "Change",
    ]
    # Recomputed here from the sample's own rows, not by the renderer's code.
    for line, row in zip(rows[1:], report.by_area, strict=False):
        c, p = row.counts, row.previous_counts
        total, previous = (
            c.planned + c.ongoing + c.completed + c.cancelled,
            sum((p.planned, p.ongoing, p.completed, p.cancelled)),
        )
        assert line[0] == row.label
        assert line[1:7] == [
            str(c.planned),
            str(c.ongoing),
            str(c.completed),
            str(c.cancelled),
            str(total),
            str(previous),
        ]
    assert rows[1][7] == "+4 (+67%)"  # 10 against 6
    assert rows[2][0] == AWKWARD_AREA and rows[2][7] == "new"
    assert rows[3][7] == "\u22123 (\u221250%)"  # 3 against 6
    assert rows[-1] == ["All activities", "4", "6", "6", "1", "17", "12", "+5 (+42%)"]
    assert _rows(by_kind)[-1] == rows[-1]  # the same activities, grouped otherwise


def test_the_figures_tables_give_each_figure_with_its_change():
    report = sample_report("en")
    figures = _tables_headed(_read(report), "Area")[1]
    rows = _rows(figures)
    assert rows[0] == ["Area", "Figure", "2025", "2024", "Change"]
    assert rows[1:5] == [
        ["Hållbar stadsutveckling", "Students", "120", "100", "+20 (+20%)"],
        ["Hållbar stadsutveckling", "Participants", "340", "300", "+40 (+13%)"],
        ["Hållbar stadsutveckling", "Hours", "1,250.5", "1,000", "+250.5 (+25%)"],
        [
            "Hållbar stadsutveckling",
            "Funding",
            f"250,000{NO_BREAK_SPACE}EUR, 1,234,567{NO_BREAK_SPACE}SEK",
            f"1,000,000{NO_BREAK_SPACE}SEK",
            f"EUR{NO_BREAK_SPACE}new, SEK{NO_BREAK_SPACE}+234,567 (+23%)",
        ],
    ]
    totals = {line[1]: line[2] for line in rows if line[0] == "All activities"}
    assert totals == {
        "Students": "195",
        "Participants": "417",
        "Hours": "1,656.75",
        "Funding": f"250,000{NO_BREAK_SPACE}EUR, 1,684,567{NO_BREAK_SPACE}SEK",
    }


def test_swedish_labels_and_numbers():
    document = _read(sample_report("sv"))
    with translation.override("sv"):
        area = translation.gettext("Area")
    assert _rows(_tables_headed(document, area)[0])[0][1:3] == ["Planerad", "Pågående"]
    figures = _rows(_tables_headed(document, area)[1])
    totals = {line[1]: line[2] for line in figures if line[0] == figures[-1][0]}
    nbsp = NO_BREAK_SPACE
    assert totals["Finansiering"] == f"250{nbsp}000{nbsp}EUR, 1{nbsp}684{nbsp}567{nbsp}SEK"
    assert "1 656,75".replace(" ", NO_BREAK_SPACE) in totals.values()
    assert "Personutbyten" in _headings(document, 1)
    assert "Kontaktpersoner" in _headings(document, 1)
    assert document.core_properties.language == "sv-SE"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "sv-SE"


def test_header_rows_repeat_on_every_page():
    document = _read(sample_report("en"))
    assert len(document.tables) > 10
    for table in document.tables:
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) == "true"
        assert all(run.bold for run in table.rows[0].cells[0].paragraphs[0].runs)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_confidential_lines_show_the_mask_and_never_the_secret(language):
    content = render_docx(sample_report(language))
    document = Document(io.BytesIO(content))
    with translation.override(language):
        masked = str(Masked(PROVISION))
        title = translation.gettext("Title")
    activities = _rows(_tables_headed(document, title)[0])
    assert [line[0] for line in activities[1:]] == [
        "Stadsutmaningen 2025",
        masked,
        FORMULA_TITLE,
        "Gästföreläsning om klimatdata",
    ]
    agreements_in_force = _rows(_tables_headed(document, title)[2])
    assert masked in [line[0] for line in agreements_in_force]
    text = _all_text(content)
    assert SECRET_ACTIVITY_TITLE not in text and SECRET_AGREEMENT_TITLE not in text


def test_the_summary_says_how_much_is_counted_but_not_shown():
    document = _read(sample_report("en"))
    texts = [p.text for p in _after(document, "Summary")]
    assert texts == [
        "Confidential activities counted but not shown in detail: 1.",
        "Confidential agreements counted but not shown in detail: 1.",
    ]
    report = sample_report("en")
    report.hidden_activities = report.hidden_agreements = 0
    assert _after(_read(report), "Summary") == []


def test_agreements_come_in_four_groups_and_an_open_end_is_said_in_words():
    document = _read(sample_report("en"))
    groups = [_rows(t) for t in _tables_headed(document, "Title")[1:]]
    assert [len(g) - 1 for g in groups] == [1, 3, 2, 1]
    lab = next(line for line in groups[1] if line[0] == "Avtal om labbplatser")
    assert lab == ["Avtal om labbplatser", "In force", "2023-01-15", "Until further notice", "—"]


def test_exchanges_contacts_actions_and_findings():
    document = _read(sample_report("en"))
    exchanges = _rows(_tables_headed(document, "Person")[0])
    assert exchanges[1] == [
        "Anna Andersson",
        "Stockholms stad",
        "Kungliga Tekniska högskolan",
        "Hållbar stadsutveckling",
        "2025-02-01",
        "2025-07-31",
        "Yes",
    ]
    assert exchanges[2][-1] == "No"
    contacts = _rows(_tables_headed(document, "Area")[-1])
    assert contacts[0] == ["Area", "Party", "Contact persons"]
    assert contacts[1] == ["The partnership as a whole", "Stockholms stad", "Cecilia Ek"]
    assert contacts[3][2] == "Eva Ström, Fredrik Nord"
    assert contacts[4][2] == "None named"
    actions = _rows(_tables_headed(document, "Action")[0])
    assert actions[1] == [
        "Ta fram förslag på nya samverkansområden",
        "David Lind",
        "2025-10-01",
        "2025-05-20",
        "Yes",
    ]
    findings = _rows(_tables_headed(document, "Obligation")[0])
    assert [line[1] for line in findings[1:]] == ["Yes", "No", "No"]
    assert findings[2][2] == "1 pågående aktivitet saknar avtal i kraft.\nStadsutmaningen 2025"


def test_the_steering_groups_text_is_editable_paragraphs_or_a_placeholder():
    document = _read(sample_report("en"))
    trends = _after(document, "Trends")
    assert [p.text for p in trends] == TRENDS.split("\n")
    assert all(p.style.name == "Normal" for p in trends)
    challenges = _after(document, "Challenges")
    assert [p.text for p in challenges] == ["(to be written by the steering group)"]
    assert challenges[0].runs[0].italic
    assert [p.text for p in _after(document, "Proposals")] == [PROPOSALS]


def test_meetings_and_dialogues_are_listed():
    document = _read(sample_report("en"))
    assert [p.text for p in _after(document, "Steering group meetings")] == [
        "2025-05-20: Stadshuset",
        "2025-11-18: KTH Campus",
    ]
    assert [p.text for p in _after(document, "Leadership dialogues")] == [
        "2025-04-10: Ledningsdialog 2025"
    ]


def test_empty_sections_say_none():
    report = sample_report("en")
    report.exchanges = []
    report.open_actions = []
    report.meetings = []
    document = _read(report)
    for heading in ("Personnel exchanges", "Open action items", "Steering group meetings"):
        assert [p.text for p in _after(document, heading)] == ["None."]


def test_the_callers_language_is_left_as_it_was():
    render_docx(sample_report("en"))
    assert translation.get_language() == "sv"

"""The annual report as a Word document the steering group can edit (python-docx).

Every section is a real "Heading 1"/"Heading 2" paragraph, so the document can be restructured
and its table of contents regenerated: the contents is a TOC field that Word and LibreOffice fill
in when fields are updated (the document asks Word to do so on opening). Tables carry the data
(no charts), their header rows repeat on every page. The steering group's text is ordinary
paragraphs under its headings. Page numbers are a PAGE field in the footer. Everything is read
from the `Report`, already masked for its reader: this module never looks anything up.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from .data import STATUSES, AgreementLine, Report, Row
from .formatting import (
    format_change,
    format_date,
    format_funding,
    format_funding_change,
    format_number,
)

TOC_INSTRUCTION = r'TOC \o "1-3" \h \z \u'
LANGUAGE_TAGS = {"sv": "sv-SE", "en": "en-GB"}
TABLE_STYLE = "Table Grid"
# The elements of w:settings that the schema puts after w:updateFields (ECMA-376 CT_Settings).
_AFTER_UPDATE_FIELDS = {qn("m:mathPr")} | {
    qn(f"w:{name}")
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
}


def render_docx(report: Report) -> bytes:
    """The report as DOCX bytes, its labels in `report.language`."""
    with translation.override(report.language):
        document = Document()
        _set_language(document, report.language)
        _set_properties(document, report)
        _title_page(document, report)
        _contents(document)
        _summary(document, report)
        _breakdown(document, report, report.by_area, _("Activities by area"), _("Area"))
        _breakdown(document, report, report.by_kind, _("Activities by kind"), _("Kind"))
        _innovation(document, report)
        _activities(document, report)
        _exchanges(document, report)
        _agreements(document, report)
        _contacts(document, report)
        _meetings(document, report)
        _actions(document, report)
        _findings(document, report)
        _steering_text(document, report)
        _footer(document, report)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _set_language(document, language: str) -> None:
    """Spelling and hyphenation in the report's language for whoever edits it."""
    tag = LANGUAGE_TAGS.get(language, language)
    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = properties.find(qn("w:lang"))
    if lang is None:
        # The last child of w:rPr that python-docx's template ever writes: append is in order.
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)


def _set_properties(document, report: Report) -> None:
    core = document.core_properties
    core.title = _("Annual report %(year)s: %(partnership)s") % {
        "year": report.year,
        "partnership": report.partnership,
    }
    core.language = LANGUAGE_TAGS.get(report.language, report.language)
    core.author = "Samverkan"
    core.created = report.generated_at
    core.modified = report.generated_at
    core.last_modified_by = "Samverkan"
    core.revision = 1


def _title_page(document, report: Report) -> None:
    document.add_paragraph(report.partnership, style="Title")
    document.add_paragraph(_("Annual report %(year)s") % {"year": report.year}, style="Subtitle")
    document.add_paragraph(_("Parties: %(parties)s") % {"parties": ", ".join(report.parties)})
    generated = timezone.localtime(report.generated_at).date()
    document.add_paragraph(
        _("Generated from the register on %(date)s.") % {"date": format_date(generated)}
    )
    _page_break(document)


def _contents(document) -> None:
    document.add_paragraph(_("Contents"), style="TOC Heading")
    paragraph = document.add_paragraph()
    _field(paragraph, TOC_INSTRUCTION, _("The table of contents appears here when updated."))
    note = document.add_paragraph(
        _(
            "To fill in or refresh the table of contents: in Word, right-click it and choose "
            "Update Field; in LibreOffice, choose Tools, Update, Update All."
        )
    )
    note.runs[0].italic = True
    _page_break(document)
    # Word fills in the contents itself when it opens the document, after asking.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    # Word refuses settings out of the schema's order: w:updateFields comes before these.
    later = [child for child in settings if child.tag in _AFTER_UPDATE_FIELDS]
    if later:
        later[0].addprevious(update)
    else:
        settings.append(update)


def _summary(document, report: Report) -> None:
    document.add_heading(_("Summary"), level=1)
    _table(document, [_("Item"), _("Value")], report.summary, numeric=(1,))
    if report.hidden_activities:
        document.add_paragraph(
            _("Confidential activities counted but not shown in detail: %(count)s.")
            % {"count": format_number(report.hidden_activities)}
        )
    if report.hidden_agreements:
        document.add_paragraph(
            _("Confidential agreements counted but not shown in detail: %(count)s.")
            % {"count": format_number(report.hidden_agreements)}
        )
    if report.dialogues:
        document.add_heading(_("Leadership dialogues"), level=2)
        for line in report.dialogues:
            document.add_paragraph(line, style="List Bullet")


def _breakdown(document, report: Report, rows: list[Row], heading: str, first: str) -> None:
    document.add_heading(heading, level=1)
    this_year, last_year = str(report.year), str(report.year - 1)
    document.add_heading(_("Activities by status"), level=2)
    status_labels = {
        "planned": _("Planned"),
        "ongoing": _("Ongoing"),
        "completed": _("Completed"),
        "cancelled": _("Cancelled"),
    }
    header = [first, *(status_labels[s] for s in STATUSES)]
    header += [_("Total %(year)s") % {"year": this_year}]
    header += [_("Total %(year)s") % {"year": last_year}, _("Change")]
    lines = []
    for row in [*rows, report.totals]:
        counts = [format_number(getattr(row.counts, s)) for s in STATUSES]
        lines.append(
            [
                row.label or _("No area"),
                *counts,
                format_number(row.counts.total),
                format_number(row.previous_counts.total),
                format_change(row.counts.total, row.previous_counts.total),
            ]
        )
    table = _table(document, header, lines, numeric=range(1, len(header)))
    _bold_last_row(table)
    document.add_heading(_("Figures"), level=2)
    header = [first, _("Figure"), this_year, last_year, _("Change")]
    lines = []
    for row in [*rows, report.totals]:
        label = row.label or _("No area")
        for name, current, previous in _figure_values(row):
            lines.append([label, name, *_figure_cells(name, current, previous)])
    _table(document, header, lines, numeric=(2, 3, 4))


def _figure_values(row: Row):
    return [
        (_("Students"), row.figures.students, row.previous_figures.students),
        (_("Participants"), row.figures.participants, row.previous_figures.participants),
        (_("Hours"), row.figures.hours, row.previous_figures.hours),
        (_("Funding"), row.figures.funding, row.previous_figures.funding),
    ]


def _figure_cells(name, current, previous) -> list[str]:
    if isinstance(current, dict):
        return [
            format_funding(current),
            format_funding(previous),
            format_funding_change(current, previous),
        ]
    return [format_number(current), format_number(previous), format_change(current, previous)]


def _innovation(document, report: Report) -> None:
    """The network's innovation support (only for a network an innovation office runs)."""
    section = report.innovation
    if section is None:
        return
    document.add_heading(_("Innovation support"), level=1)
    document.add_paragraph(
        _("The cases of the network run by %(offices)s: every case is counted, none is named.")
        % {"offices": ", ".join(section.offices)}
    )
    this_year, last_year = str(report.year), str(report.year - 1)
    for table in section.tables:
        document.add_heading(table.title, level=2)
        header = [table.first, this_year, last_year, _("Change")]
        lines = [
            [
                "\u2003" * row.depth + row.label,
                format_number(row.current),
                format_number(row.previous),
                format_change(row.current, row.previous),
            ]
            for row in table.rows
        ]
        if lines:
            _table(document, header, lines, numeric=(1, 2, 3))
        else:
            document.add_paragraph(_("None."))
    document.add_heading(_("Money of the cases per currency"), level=2)
    lines = [[m.label, *_figure_cells(m.label, m.current, m.previous)] for m in section.money]
    _table(document, [_("Figure"), this_year, last_year, _("Change")], lines, numeric=(1, 2, 3))


def _activities(document, report: Report) -> None:
    document.add_heading(_("Activities of the year"), level=1)
    header = [_("Title"), _("Kind"), _("Area"), _("Status"), _("Starts"), _("Ends")]
    lines = [
        [a.title, a.kind, a.area or "\u2014", a.status, a.starts, a.ends or "\u2014"]
        for a in report.activities
    ]
    _table_or_none(document, header, lines)


def _exchanges(document, report: Report) -> None:
    document.add_heading(_("Personnel exchanges"), level=1)
    header = [_("Person"), _("Home"), _("Host"), _("Area"), _("From"), _("To"), _("Approved")]
    lines = [
        [
            e.person,
            e.home,
            e.host,
            e.area or "\u2014",
            format_date(e.starts_on),
            format_date(e.ends_on),
            _("Yes") if e.approved else _("No"),
        ]
        for e in report.exchanges
    ]
    _table_or_none(document, header, lines)


def _agreements(document, report: Report) -> None:
    document.add_heading(_("Agreements"), level=1)
    groups = [
        (_("Signed during the year"), report.agreements.signed),
        (_("In force"), report.agreements.in_force),
        (_("Expiring within a year"), report.agreements.expiring),
        (_("Under notice or near the notice deadline"), report.agreements.under_notice),
    ]
    header = [_("Title"), _("Status"), _("Signed"), _("Ends"), _("Notice deadline")]
    for heading, lines in groups:
        document.add_heading(heading, level=2)
        _table_or_none(document, header, [_agreement_cells(a) for a in lines])


def _agreement_cells(line: AgreementLine) -> list[str]:
    return [
        line.title,
        line.status,
        format_date(line.signed_on) or "\u2014",
        format_date(line.ends_on) or _("Until further notice"),
        format_date(line.notice_deadline) or "\u2014",
    ]


def _contacts(document, report: Report) -> None:
    document.add_heading(_("Contact persons"), level=1)
    header = [_("Area"), _("Party"), _("Contact persons")]
    lines = [
        [
            c.area or _("The partnership as a whole"),
            c.party,
            ", ".join(c.people) or _("None named"),
        ]
        for c in report.contacts
    ]
    _table_or_none(document, header, lines)


def _meetings(document, report: Report) -> None:
    document.add_heading(_("Steering group meetings"), level=1)
    if not report.meetings:
        document.add_paragraph(_("None."))
    for line in report.meetings:
        document.add_paragraph(line, style="List Bullet")


def _actions(document, report: Report) -> None:
    document.add_heading(_("Open action items"), level=1)
    header = [_("Action"), _("Owner"), _("Due"), _("Meeting"), _("Overdue")]
    lines = [
        [
            a.description,
            a.owner,
            format_date(a.due_on),
            format_date(a.meeting_on),
            _("Yes") if a.overdue else _("No"),
        ]
        for a in report.open_actions
    ]
    _table_or_none(document, header, lines)


def _findings(document, report: Report) -> None:
    document.add_heading(_("Compliance with the MoU"), level=1)
    header = [_("Obligation"), _("Kept"), _("Evidence")]
    lines = []
    for finding in report.findings:
        evidence = [finding.evidence, *(item.label for item in finding.items)]
        lines.append([finding.obligation, _("Yes") if finding.ok else _("No"), "\n".join(evidence)])
    _table_or_none(document, header, lines)


def _steering_text(document, report: Report) -> None:
    document.add_heading(_("The steering group's assessment"), level=1)
    parts = [
        (_("Trends"), report.text.trends),
        (_("Challenges"), report.text.challenges),
        (_("Proposals"), report.text.proposals),
    ]
    for heading, text in parts:
        document.add_heading(heading, level=2)
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
        if not paragraphs:
            placeholder = document.add_paragraph(_("(to be written by the steering group)"))
            placeholder.runs[0].italic = True
        for line in paragraphs:
            document.add_paragraph(line)


def _footer(document, report: Report) -> None:
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = _("Annual report %(year)s") % {"year": report.year}
    paragraph.add_run(f"{report.partnership} \u00b7 {title} \u00b7 {_('Page')} ")
    _field(paragraph, "PAGE", "1")


# Building blocks


def _table_or_none(document, header: Sequence[str], lines: list[list[str]]) -> None:
    if lines:
        _table(document, header, lines)
    else:
        document.add_paragraph(_("None."))


def _table(document, header: Sequence[str], lines, *, numeric: Sequence[int] = ()):
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    heading_row = table.rows[0]
    _repeat_as_header(heading_row)
    for cell, text in zip(heading_row.cells, header, strict=True):
        run = cell.paragraphs[0].add_run(str(text))
        run.bold = True
    numeric = set(numeric)
    for line in lines:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, line, strict=True)):
            _write_cell(cell, str(text))
            if index in numeric:
                for paragraph in cell.paragraphs:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    return table


def _write_cell(cell, text: str) -> None:
    """Lines of the text as paragraphs of the cell (python-docx would keep a raw newline)."""
    lines = text.split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _repeat_as_header(row) -> None:
    """The row repeats at the top of every page the table runs onto (w:tblHeader)."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _bold_last_row(table) -> None:
    for cell in table.rows[-1].cells:
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.bold = True


def _field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, shown result, end), as Word writes it."""

    def char(kind: str, **attributes):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        for name, value in attributes.items():
            element.set(qn(f"w:{name}"), value)
        run._r.append(element)

    char("begin", dirty="true")
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    char("separate")
    paragraph.add_run(placeholder)
    char("end")


def _page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

"""A complete annual report built by hand, for testing renderers without the database.

`sample_report(language)` fills every field of `report.data.Report` the way `build_report`
would for a reader who is not entitled to one confidential activity and one confidential
agreement: they are counted, and their lines carry the masked text. It has several areas (one of
them "no area"), several kinds, funding in two currencies, findings that hold and findings that
don't, and the steering group's text with one part left empty. Its labels come out in
`language`; its names are user text, some chosen to be awkward (markup, a leading "=").

The totals are sums of the rows, so a test can recompute any figure from the rows it reads.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from samverkan.activities.models import Activity, ActivityKind
from samverkan.agreements.confidentiality import Masked
from samverkan.agreements.models import Agreement
from samverkan.followup.report.data import (
    STATUSES,
    ActionLine,
    ActivityLine,
    AgreementLine,
    AgreementSection,
    ContactLine,
    ExchangeLine,
    Figures,
    Finding,
    FindingItem,
    Report,
    Row,
    StatusCounts,
    SteeringText,
)
from samverkan.followup.report.formatting import format_funding, format_number

YEAR = 2025
PROVISION = "OSL 31 kap. 16 §"
# Never in a sample report: the masked lines stand in for records whose titles are these.
SECRET_ACTIVITY_TITLE = "Batterilabb med Northvolt (förhandling pågår)"
SECRET_AGREEMENT_TITLE = "Avtal om testbädd med Företaget AB"
AWKWARD_AREA = "Digitalisering <script>alert(1)</script> & AI"
FORMULA_TITLE = '=HYPERLINK("http://example.invalid","klicka")'
TRENDS = "Fler studenter söker sig till samverkansprojekt.\nEfterfrågan på AI-kompetens ökar."
PROPOSALS = "Ett nytt område för klimatanpassning."


def _figures(students=0, participants=0, hours="0", **funding) -> Figures:
    return Figures(
        students=students,
        participants=participants,
        hours=Decimal(hours),
        funding={code: Decimal(amount) for code, amount in funding.items()},
    )


def _row(key, label, counts, figures, previous_counts, previous_figures) -> Row:
    return Row(
        key=key,
        label=label,
        counts=StatusCounts(*counts),
        figures=figures,
        previous_counts=StatusCounts(*previous_counts),
        previous_figures=previous_figures,
    )


def _sum_rows(rows: list[Row], label: str) -> Row:
    def counts(attr):
        return StatusCounts(
            *(sum(getattr(getattr(row, attr), status) for row in rows) for status in STATUSES)
        )

    def figures(attr):
        total = Figures()
        for row in rows:
            part = getattr(row, attr)
            total.students += part.students
            total.participants += part.participants
            total.hours += part.hours
            for code, amount in part.funding.items():
                total.funding[code] = total.funding.get(code, Decimal(0)) + amount
        return total

    return Row(
        key="",
        label=label,
        counts=counts("counts"),
        figures=figures("figures"),
        previous_counts=counts("previous_counts"),
        previous_figures=figures("previous_figures"),
    )


def sample_report(language: str = "sv") -> Report:
    with translation.override(language):
        return _build(language)


def _build(language: str) -> Report:
    masked = str(Masked(PROVISION))
    by_area = [
        _row(
            "1",
            "Hållbar stadsutveckling",
            (2, 3, 4, 1),
            _figures(120, 340, "1250.5", SEK="1234567", EUR="250000"),
            (1, 2, 3, 0),
            _figures(100, 300, "1000", SEK="1000000"),
        ),
        _row(
            "2",
            AWKWARD_AREA,
            (1, 2, 0, 0),
            _figures(15, 40, "320", SEK="450000"),
            (0, 0, 0, 0),
            _figures(),
        ),
        _row(
            "3",
            "Kompetensförsörjning och livslångt lärande i Stockholmsregionen",
            (0, 1, 2, 0),
            _figures(60, 25, "80.25"),
            (1, 1, 3, 1),
            _figures(70, 30, "95"),
        ),
        _row("", _("No area"), (1, 0, 0, 0), _figures(0, 12, "6"), (0, 0, 0, 0), _figures()),
    ]
    kind = {k: str(k.label) for k in ActivityKind}
    by_kind = [
        _row(
            ActivityKind.STUDENT_CHALLENGE,
            kind[ActivityKind.STUDENT_CHALLENGE],
            (1, 2, 3, 0),
            _figures(140, 200, "900", SEK="684567"),
            (1, 1, 3, 0),
            _figures(120, 180, "700", SEK="600000"),
        ),
        _row(
            ActivityKind.GUEST_LECTURE,
            kind[ActivityKind.GUEST_LECTURE],
            (2, 1, 2, 1),
            _figures(0, 197, "56.75"),
            (1, 1, 2, 1),
            _figures(0, 150, "45"),
        ),
        _row(
            ActivityKind.EU_PROJECT,
            kind[ActivityKind.EU_PROJECT],
            (1, 2, 0, 0),
            _figures(0, 20, "600", SEK="1000000", EUR="250000"),
            (0, 1, 1, 0),
            _figures(0, 0, "350", SEK="400000"),
        ),
        _row(
            ActivityKind.DEGREE_PROJECT,
            kind[ActivityKind.DEGREE_PROJECT],
            (0, 1, 1, 0),
            _figures(55, 0, "100"),
            (0, 0, 0, 0),
            _figures(50, 0, "0"),
        ),
    ]
    totals = _sum_rows(by_area, _("All activities"))
    status = {s: str(s.label) for s in Activity.Status}
    activities = [
        ActivityLine(
            title="Stadsutmaningen 2025",
            kind=kind[ActivityKind.STUDENT_CHALLENGE],
            area="Hållbar stadsutveckling",
            status=status[Activity.Status.ONGOING],
            starts="2025-01",
            ends="2025-12",
            confidential=False,
            url="/activities/1/",
        ),
        ActivityLine(
            title=masked,
            kind=kind[ActivityKind.EU_PROJECT],
            area="Hållbar stadsutveckling",
            status=status[Activity.Status.ONGOING],
            starts="2024",
            ends="2027",
            confidential=True,
            url="",
        ),
        ActivityLine(
            title=FORMULA_TITLE,
            kind=kind[ActivityKind.GUEST_LECTURE],
            area=AWKWARD_AREA,
            status=status[Activity.Status.PLANNED],
            starts="2025-11-12",
            ends="",
            confidential=False,
            url="/activities/3/",
        ),
        ActivityLine(
            title="Gästföreläsning om klimatdata",
            kind=kind[ActivityKind.GUEST_LECTURE],
            area="",
            status=status[Activity.Status.COMPLETED],
            starts="2025-03-04",
            ends="2025-03-04",
            confidential=False,
            url="/activities/4/",
        ),
    ]
    exchanges = [
        ExchangeLine(
            person="Anna Andersson",
            home="Stockholms stad",
            host="Kungliga Tekniska högskolan",
            area="Hållbar stadsutveckling",
            starts_on=datetime.date(2025, 2, 1),
            ends_on=datetime.date(2025, 7, 31),
            approved=True,
        ),
        ExchangeLine(
            person="Bo Berg",
            home="Kungliga Tekniska högskolan",
            host="Stockholms stad",
            area=AWKWARD_AREA,
            starts_on=datetime.date(2025, 9, 1),
            ends_on=datetime.date(2026, 2, 28),
            approved=False,
        ),
    ]
    agreement_status = {s: str(s.label) for s in Agreement.Status}
    framework = AgreementLine(
        title="Ramavtal om uppdragsutbildning",
        status=agreement_status[Agreement.Status.IN_FORCE],
        signed_on=datetime.date(2025, 4, 2),
        ends_on=datetime.date(2026, 4, 1),
        notice_deadline=datetime.date(2026, 1, 1),
        confidential=False,
        url="/agreements/0b7e/",
    )
    secret = AgreementLine(
        title=masked,
        status=agreement_status[Agreement.Status.IN_FORCE],
        signed_on=datetime.date(2024, 6, 1),
        ends_on=datetime.date(2026, 1, 31),
        notice_deadline=datetime.date(2025, 12, 31),
        confidential=True,
        url="",
    )
    lab = AgreementLine(
        title="Avtal om labbplatser",
        status=agreement_status[Agreement.Status.IN_FORCE],
        signed_on=datetime.date(2023, 1, 15),
        ends_on=None,
        notice_deadline=None,
        confidential=False,
        url="/agreements/5c1d/",
    )
    agreements = AgreementSection(
        signed=[framework],
        in_force=[framework, secret, lab],
        expiring=[framework, secret],
        under_notice=[secret],
    )
    contacts = [
        ContactLine(area="", party="Stockholms stad", people=["Cecilia Ek"]),
        ContactLine(area="", party="Kungliga Tekniska högskolan", people=["David Lind"]),
        ContactLine(
            area="Hållbar stadsutveckling",
            party="Stockholms stad",
            people=["Eva Ström", "Fredrik Nord"],
        ),
        ContactLine(area="Hållbar stadsutveckling", party="Kungliga Tekniska högskolan", people=[]),
    ]
    open_actions = [
        ActionLine(
            description="Ta fram förslag på nya samverkansområden",
            owner="David Lind",
            due_on=datetime.date(2025, 10, 1),
            meeting_on=datetime.date(2025, 5, 20),
            overdue=True,
        ),
        ActionLine(
            description="Sammanställa studentstatistik",
            owner="Cecilia Ek",
            due_on=datetime.date(2026, 2, 1),
            meeting_on=datetime.date(2025, 11, 18),
            overdue=False,
        ),
    ]
    findings = [
        Finding(
            key="dialogue_in_season",
            obligation=_("The leadership dialogue is held in this year's season."),
            ok=True,
            evidence="2025-04-10: Ledningsdialog 2025",
        ),
        Finding(
            key="activities_regulated",
            obligation=_(
                "Every ongoing activity is regulated by an agreement in force where its kind "
                "needs one."
            ),
            ok=False,
            evidence="1 pågående aktivitet saknar avtal i kraft.",
            action_url="/partnerships/1/activities/?status=ongoing",
            action_label=_("Attach an agreement"),
            items=[FindingItem(label="Stadsutmaningen 2025", url="/activities/1/")],
        ),
        Finding(
            key="contacts_named",
            obligation=_("Contact persons are named for every area on every side."),
            ok=False,
            evidence="Hållbar stadsutveckling: Kungliga Tekniska högskolan saknar kontaktperson.",
            items=[FindingItem(label="Hållbar stadsutveckling")],
        ),
    ]
    summary = [
        (_("Activities"), format_number(totals.counts.total, language)),
        (_("Students"), format_number(totals.figures.students, language)),
        (_("Participants"), format_number(totals.figures.participants, language)),
        (_("Hours"), format_number(totals.figures.hours, language)),
        (_("Funding"), format_funding(totals.figures.funding, language)),
        (_("Personnel exchanges"), format_number(len(exchanges), language)),
    ]
    return Report(
        partnership_id=1,
        partnership="Stockholms stad–KTH",
        parties=["Stockholms stad", "Kungliga Tekniska högskolan"],
        year=YEAR,
        language=language,
        generated_at=datetime.datetime(2026, 1, 15, 9, 30, tzinfo=datetime.UTC),
        summary=summary,
        totals=totals,
        by_area=by_area,
        by_kind=by_kind,
        activities=activities,
        exchanges=exchanges,
        agreements=agreements,
        contacts=contacts,
        open_actions=open_actions,
        findings=findings,
        dialogues=["2025-04-10: Ledningsdialog 2025"],
        meetings=["2025-05-20: Stadshuset", "2025-11-18: KTH Campus"],
        text=SteeringText(trends=TRENDS, challenges="", proposals=PROPOSALS),
        hidden_activities=1,
        hidden_agreements=1,
    )

"""What an annual report says, as plain data: the contract between the register and renderers.

`build_report` fills it (a fixed number of queries, whatever the number of activities); each
renderer reads only these dataclasses, so the four formats say the same thing. Text that may be
confidential is already masked here: a renderer shows `Masked`-free strings as they are and
never looks anything up itself. `to_json`/`from_json` keep an issued report's content.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The figures an activity can carry (activities.models.FIGURES), in report order.
FIGURE_NAMES = ("students", "participants", "hours", "funding")
STATUSES = ("planned", "ongoing", "completed", "cancelled")


@dataclass
class Figures:
    """Sums over activities. Funding is summed per ISO currency, never across currencies."""

    students: int = 0
    participants: int = 0
    hours: Decimal = Decimal(0)
    funding: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class StatusCounts:
    planned: int = 0
    ongoing: int = 0
    completed: int = 0
    cancelled: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.ongoing + self.completed + self.cancelled


@dataclass
class Row:
    """One line of a breakdown (an area, or an activity kind): this year beside last year."""

    key: str  # area id as text, or the ActivityKind value; "" for activities without an area
    label: str  # in the report's language
    counts: StatusCounts
    figures: Figures
    previous_counts: StatusCounts
    previous_figures: Figures


@dataclass
class ActivityLine:
    """An activity of the year as the reader may see it: `title` is masked text when marked."""

    title: str
    kind: str  # label
    area: str  # label, "" when none
    status: str  # label
    starts: str  # display of the partial date
    ends: str
    confidential: bool  # some part is marked and the reader may not see it
    url: str  # "" when the reader may not open it


@dataclass
class ExchangeLine:
    person: str
    home: str
    host: str
    area: str
    starts_on: datetime.date
    ends_on: datetime.date
    approved: bool


@dataclass
class AgreementLine:
    title: str  # masked text when the reader may not see it
    status: str  # label
    signed_on: datetime.date | None
    ends_on: datetime.date | None
    notice_deadline: datetime.date | None
    confidential: bool
    url: str  # "" when the reader may not open it


@dataclass
class AgreementSection:
    """Agreements counted in four (overlapping) groups; confidential ones counted, not shown."""

    signed: list[AgreementLine]  # entered into force during the year
    in_force: list[AgreementLine]  # in force at the end of the year (or today, this year)
    expiring: list[AgreementLine]  # ending within the next year
    under_notice: list[AgreementLine]  # notice given, or its notice deadline within 90 days


@dataclass
class ContactLine:
    area: str  # "" for the partnership as a whole
    party: str
    people: list[str]  # empty: none named (the compliance panel flags it)


@dataclass
class ActionLine:
    description: str
    owner: str
    due_on: datetime.date
    meeting_on: datetime.date
    overdue: bool


@dataclass
class FindingItem:
    """A record the finding is about (an activity without agreement, an area without contact…),
    named as the reader may see it; `url` is "" when the reader may not open it."""

    label: str
    url: str = ""


@dataclass
class Finding:
    """One obligation of the MoU as the compliance panel judges it, with the link to act."""

    key: str  # stable: "dialogue_in_season", "steering_group", "activities_regulated", …
    obligation: str  # the MoU's obligation, in the report's language
    ok: bool
    evidence: str  # what the register shows, in a sentence
    action_url: str = ""  # where to act ("" when nothing to do or the reader may not act)
    action_label: str = ""
    items: list[FindingItem] = field(default_factory=list)
    # Records at fault that `items` leaves out (a page lists a few: compliance.findings's
    # `limit`); 0 in a report, which lists every one.
    more: int = 0


@dataclass
class SteeringText:
    trends: str = ""
    challenges: str = ""
    proposals: str = ""


@dataclass
class InnovationRow:
    """A figure of the network's innovation support: this year beside last year."""

    label: str
    current: int
    previous: int
    depth: int = 0  # a unit's place on the reporting line (0: reports to no other)


@dataclass
class InnovationTable:
    key: str  # stable: "overview", "stages", "institutions", "units", "support", "outcomes"
    title: str  # in the report's language
    first: str  # the heading of the first column
    rows: list[InnovationRow]


@dataclass
class InnovationMoney:
    """Money of the network's cases per ISO currency, never summed across currencies."""

    label: str
    current: dict[str, Decimal]
    previous: dict[str, Decimal]


@dataclass
class InnovationSection:
    """The figures of an innovation network (innovation/figures.py): counted over every case,
    naming none, the same for every reader."""

    offices: list[str]  # the innovation offices that run the network
    tables: list[InnovationTable]
    money: list[InnovationMoney]


@dataclass
class Report:
    partnership_id: int
    partnership: str
    parties: list[str]
    year: int
    language: str  # "sv" or "en"
    generated_at: datetime.datetime
    summary: list[tuple[str, str]]  # (label, value) pairs, in order
    totals: Row  # every activity of the year
    by_area: list[Row]
    by_kind: list[Row]
    activities: list[ActivityLine]
    exchanges: list[ExchangeLine]
    agreements: AgreementSection
    contacts: list[ContactLine]
    open_actions: list[ActionLine]
    findings: list[Finding]
    dialogues: list[str]  # "date: title" of the year's leadership dialogues
    meetings: list[str]  # "date: place" of the year's steering-group meetings
    text: SteeringText
    hidden_activities: int = 0  # activities counted whose content the reader may not see
    hidden_agreements: int = 0
    # The day "now" is judged on: today for the current year, else 31 December (build.py).
    reference_day: datetime.date | None = None
    # The network's innovation support, for a network that an innovation office runs.
    innovation: InnovationSection | None = None


@dataclass
class Overview:
    """What the dashboard shows of a year: the report's figures (the same `Row`s) and what
    needs attention, without the report's lines (`build_overview`)."""

    year: int
    reference_day: datetime.date  # as the report's
    totals: Row
    by_area: list[Row]
    hidden_activities: int  # as the report's: activities counted whose content is masked
    attention: list[AgreementLine]  # in the report's groups "expiring" or "under notice", once
    open_actions: int
    overdue_actions: int
    findings: list[Finding]


def build_report(partnership, year: int, *, user, language: str, access=None) -> Report:
    """The annual report of `partnership` for `year` as `user` may read it (report/build.py).

    A fixed number of queries; checks no permission (the caller does, and may pass the
    reader's `access`).
    """
    from .build import build_report as build

    return build(partnership, year, user=user, language=language, access=access)


def build_overview(partnership, year: int, *, user, language: str, access=None) -> Overview:
    """The dashboard's figures of `partnership` for `year` as `user` may read them
    (report/build.py). A fixed number of queries; checks no permission (the caller does)."""
    from .build import build_overview as build

    return build(partnership, year, user=user, language=language, access=access)


def participant_reader():
    """The reader a report is issued for: takes part, entitled to nothing secret (build.py)."""
    from .build import participant_reader as reader

    return reader()


def to_json(report: Report) -> dict:
    """The report as JSON-safe data (dates as ISO text, decimals as text)."""
    return _plain(dataclasses.asdict(report))


def from_json(content: dict) -> Report:
    """The `Report` that `to_json` wrote (an issued report's content), typed again."""
    content = dict(content)

    def figures(data: dict) -> Figures:
        return Figures(
            students=data["students"],
            participants=data["participants"],
            hours=Decimal(data["hours"]),
            funding={code: Decimal(amount) for code, amount in data["funding"].items()},
        )

    def row(data: dict) -> Row:
        return Row(
            key=data["key"],
            label=data["label"],
            counts=StatusCounts(**data["counts"]),
            figures=figures(data["figures"]),
            previous_counts=StatusCounts(**data["previous_counts"]),
            previous_figures=figures(data["previous_figures"]),
        )

    def day(text: str | None) -> datetime.date | None:
        return datetime.date.fromisoformat(text) if text else None

    def agreement(data: dict) -> AgreementLine:
        return AgreementLine(
            **{
                **data,
                "signed_on": day(data["signed_on"]),
                "ends_on": day(data["ends_on"]),
                "notice_deadline": day(data["notice_deadline"]),
            }
        )

    agreements = content["agreements"]
    return Report(
        partnership_id=content["partnership_id"],
        partnership=content["partnership"],
        parties=list(content["parties"]),
        year=content["year"],
        language=content["language"],
        generated_at=datetime.datetime.fromisoformat(content["generated_at"]),
        summary=[(label, value) for label, value in content["summary"]],
        totals=row(content["totals"]),
        by_area=[row(r) for r in content["by_area"]],
        by_kind=[row(r) for r in content["by_kind"]],
        activities=[ActivityLine(**a) for a in content["activities"]],
        exchanges=[
            ExchangeLine(**{**e, "starts_on": day(e["starts_on"]), "ends_on": day(e["ends_on"])})
            for e in content["exchanges"]
        ],
        agreements=AgreementSection(
            **{group: [agreement(a) for a in agreements[group]] for group in agreements}
        ),
        contacts=[ContactLine(**c) for c in content["contacts"]],
        open_actions=[
            ActionLine(**{**a, "due_on": day(a["due_on"]), "meeting_on": day(a["meeting_on"])})
            for a in content["open_actions"]
        ],
        findings=[
            Finding(**{**f, "items": [FindingItem(**i) for i in f.get("items", [])]})
            for f in content["findings"]
        ],
        dialogues=list(content["dialogues"]),
        meetings=list(content["meetings"]),
        text=SteeringText(**content["text"]),
        hidden_activities=content.get("hidden_activities", 0),
        hidden_agreements=content.get("hidden_agreements", 0),
        reference_day=day(content.get("reference_day")),
        innovation=_innovation(content.get("innovation")),
    )


def _innovation(data: dict | None) -> InnovationSection | None:
    if not data:
        return None

    def money(amounts: dict) -> dict[str, Decimal]:
        return {code: Decimal(amount) for code, amount in amounts.items()}

    return InnovationSection(
        offices=list(data["offices"]),
        tables=[
            InnovationTable(
                key=t["key"],
                title=t["title"],
                first=t["first"],
                rows=[InnovationRow(**row) for row in t["rows"]],
            )
            for t in data["tables"]
        ],
        money=[
            InnovationMoney(m["label"], money(m["current"]), money(m["previous"]))
            for m in data["money"]
        ],
    )


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value

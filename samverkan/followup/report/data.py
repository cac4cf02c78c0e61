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


@dataclass
class SteeringText:
    trends: str = ""
    challenges: str = ""
    proposals: str = ""


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


def to_json(report: Report) -> dict:
    """The report as JSON-safe data (dates as ISO text, decimals as text)."""
    return _plain(dataclasses.asdict(report))


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

"""An issued report beside a fresh build of the same report: what has changed in the register.

Both are read at the same level (every participant, decision 0007), so a difference is a change
in the register, not in who reads. Compared: the summary's values; each row's counts and
figures (per area, per kind, all activities); and the lines (activities, exchanges, agreements,
open action items, dialogues, meetings) added or gone, as text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext as _

from samverkan.followup.models import IssuedReport

from .data import STATUSES, Report, Row, from_json
from .formatting import format_funding, format_number
from .issue import report_for_everyone


@dataclass
class ValueChange:
    label: str
    issued: str
    current: str


@dataclass
class RowChange:
    section: str  # "Per collaboration area", …
    label: str  # the row
    changes: list[ValueChange]


@dataclass
class LineChanges:
    section: str
    added: list[str]
    removed: list[str]


@dataclass
class Comparison:
    issued: Report
    current: Report
    summary: list[ValueChange] = field(default_factory=list)
    rows: list[RowChange] = field(default_factory=list)
    lines: list[LineChanges] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.summary or self.rows or self.lines)


def compare_issued(issued: IssuedReport) -> Comparison:
    """The issued report beside the report as the register gives it now (same language)."""
    current = report_for_everyone(issued.partnership, issued.year, language=issued.language)
    return compare(from_json(issued.content), current)


def compare(old: Report, new: Report) -> Comparison:
    with translation.override(new.language):
        comparison = Comparison(issued=old, current=new)
        comparison.summary = _summary(old, new)
        for section, old_rows, new_rows in (
            (_("All activities"), [old.totals], [new.totals]),
            (_("Per collaboration area"), old.by_area, new.by_area),
            (_("Per kind of activity"), old.by_kind, new.by_kind),
        ):
            comparison.rows += _rows(section, old_rows, new_rows, new.language)
        for section, old_lines, new_lines in (
            (_("Activities of the year"), _activities(old), _activities(new)),
            (_("Personnel exchanges"), _exchanges(old), _exchanges(new)),
            (_("Agreements"), _agreements(old), _agreements(new)),
            (_("Open action items"), _actions(old), _actions(new)),
            (_("Leadership dialogues"), old.dialogues, new.dialogues),
            (_("Steering-group meetings"), old.meetings, new.meetings),
        ):
            change = _lines(section, old_lines, new_lines)
            if change.added or change.removed:
                comparison.lines.append(change)
        return comparison


def _summary(old: Report, new: Report) -> list[ValueChange]:
    before = dict(old.summary)
    changes = []
    for label, value in new.summary:
        if before.get(label, "") != value:
            changes.append(ValueChange(label, before.get(label, "—"), value))
    return changes


def _values(row: Row | None, language: str) -> dict[str, str]:
    if row is None:
        return {}
    values = {
        str(label): format_number(getattr(row.counts, status), language)
        for status, label in zip(STATUSES, _status_labels(), strict=True)
    }
    values[_("Total")] = format_number(row.counts.total, language)
    values[_("Students")] = format_number(row.figures.students, language)
    values[_("Participants")] = format_number(row.figures.participants, language)
    values[_("Hours")] = format_number(row.figures.hours, language)
    values[_("Funding")] = format_funding(row.figures.funding, language)
    return values


def _status_labels() -> list[str]:
    return [_("Planned"), _("Ongoing"), _("Completed"), _("Cancelled")]


def _rows(section: str, old_rows: list[Row], new_rows: list[Row], language) -> list[RowChange]:
    old_by_key = {row.key: row for row in old_rows}
    new_by_key = {row.key: row for row in new_rows}
    keys = list(new_by_key) + [key for key in old_by_key if key not in new_by_key]
    changes = []
    for key in keys:
        before = _values(old_by_key.get(key), language)
        after = _values(new_by_key.get(key), language)
        differing = [
            ValueChange(name, before.get(name, "—"), after.get(name, "—"))
            for name in list(after) + [n for n in before if n not in after]
            if before.get(name) != after.get(name)
        ]
        if differing:
            label = (new_by_key.get(key) or old_by_key[key]).label
            changes.append(RowChange(section, label, differing))
    return changes


def _lines(section: str, old: list[str], new: list[str]) -> LineChanges:
    before, after = Counter(old), Counter(new)
    return LineChanges(
        section,
        added=sorted((after - before).elements()),
        removed=sorted((before - after).elements()),
    )


def _activities(report: Report) -> list[str]:
    return [f"{a.title} ({a.kind}, {a.status})" for a in report.activities]


def _exchanges(report: Report) -> list[str]:
    return [f"{e.person}: {e.home} → {e.host} ({e.area})" for e in report.exchanges]


def _agreements(report: Report) -> list[str]:
    lines = []
    groups = report.agreements
    for name, group in (
        (_("signed"), groups.signed),
        (_("in force"), groups.in_force),
        (_("ending within twelve months"), groups.expiring),
        (_("notice deadline within 90 days"), groups.under_notice),
    ):
        lines += [f"{a.title} ({name}, {a.status})" for a in group]
    return lines


def _actions(report: Report) -> list[str]:
    return [f"{a.description} ({a.owner}, {a.due_on.isoformat()})" for a in report.open_actions]

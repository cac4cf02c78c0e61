"""The roll-up: one year's figures of every partnership the reader takes part in, side by side,
with totals — for the site administrator, every partnership of the installation (the national
roll-up). Counted in SQL, in a fixed number of queries whatever the number of partnerships or
records (issue 8).

Only counts and sums: no record's title, so nothing marked secret can show; a confidential
activity or agreement is counted like any other, as in the partnership's annual report. The
definitions are the annual report's (decision 0007): an activity belongs to a year when its span
overlaps it; an agreement is signed in the year it entered into force, and in force on the
reference day by the agreements' own `in_force` queryset — the register's rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from samverkan.activities.models import Activity, ActivityKind, PersonnelExchange
from samverkan.agreements.models import Agreement
from samverkan.followup.models import LeadershipDialogue, SteeringMeeting
from samverkan.partnerships.models import Partnership

from .report.build import activities_in_year, reference_day

FIGURES = (
    "activities",
    "previous_activities",
    "students",
    "participants",
    "hours",
    "agreements_signed",
    "agreements_in_force",
    "exchanges",
    "meetings",
)


@dataclass
class RollupRow:
    partnership_id: int
    name: str
    kind: str
    activities: int = 0
    previous_activities: int = 0
    students: int = 0
    participants: int = 0
    hours: Decimal = Decimal(0)
    agreements_signed: int = 0
    agreements_in_force: int = 0
    exchanges: int = 0
    meetings: int = 0
    dialogue_held: bool = False


@dataclass
class KindRow:
    kind: str
    label: str
    activities: int
    previous_activities: int


@dataclass
class Rollup:
    year: int
    on: datetime.date
    rows: list[RollupRow]
    totals: RollupRow
    kinds: list[KindRow] = field(default_factory=list)

    @property
    def dialogues_held(self) -> int:
        return sum(row.dialogue_held for row in self.rows)


def build_rollup(user, year: int, *, today: datetime.date | None = None) -> Rollup:
    on = reference_day(year, today)
    partnerships = Partnership.objects.visible_to(user)
    rows = {
        pk: RollupRow(pk, name, kind)
        for pk, name, kind in partnerships.order_by("name", "pk").values_list("pk", "name", "kind")
    }
    ids = partnerships.values("pk")
    this_year, last_year = activities_in_year(year), activities_in_year(year - 1)
    activities = (
        Activity.objects.filter(partnership__in=ids)  # unmasked: counted, never shown
        .filter(this_year | last_year)
        .values("partnership")
        .annotate(
            activities=Count("pk", filter=this_year),
            previous_activities=Count("pk", filter=last_year),
            students=Coalesce(Sum("students", filter=this_year), 0),
            participants=Coalesce(Sum("participants", filter=this_year), 0),
            hours=Coalesce(
                Sum("hours", filter=this_year),
                Value(Decimal(0)),
                output_field=DecimalField(max_digits=15, decimal_places=1),
            ),
        )
        .order_by()
    )
    for figures in activities:
        row = rows[figures.pop("partnership")]
        for name, value in figures.items():
            setattr(row, name, value if name == "hours" else int(value))
    _count_into(
        rows,
        "agreements_signed",
        Agreement.objects.filter(  # unmasked: counted
            partnership__in=ids, entered_into_force_on__year=year
        ),
    )
    _count_into(
        rows,
        "agreements_in_force",
        Agreement.objects.in_force(on).filter(partnership__in=ids),  # unmasked: counted
    )
    _count_into(
        rows,
        "exchanges",
        PersonnelExchange.objects.filter(
            partnership__in=ids,
            starts_on__lte=datetime.date(year, 12, 31),
            ends_on__gte=datetime.date(year, 1, 1),
        ),
    )
    _count_into(
        rows, "meetings", SteeringMeeting.objects.filter(partnership__in=ids, held_on__year=year)
    )
    held = LeadershipDialogue.objects.filter(
        partnership__in=ids, held_on__startswith=str(year)
    ).values_list("partnership", flat=True)
    for pk in set(held):
        rows[pk].dialogue_held = True
    kinds = _kinds(ids, this_year, last_year)
    return Rollup(year=year, on=on, rows=list(rows.values()), totals=_totals(rows), kinds=kinds)


def _count_into(rows: dict[int, RollupRow], name: str, queryset) -> None:
    for pk, count in (
        queryset.values("partnership")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("partnership", "n")
    ):
        setattr(rows[pk], name, count)


def _kinds(ids, this_year: Q, last_year: Q) -> list[KindRow]:
    counted = {
        kind: (now, before)
        for kind, now, before in Activity.objects.filter(partnership__in=ids)  # unmasked: counted
        .filter(this_year | last_year)
        .values("kind")
        .annotate(now=Count("pk", filter=this_year), before=Count("pk", filter=last_year))
        .order_by()
        .values_list("kind", "now", "before")
    }
    return [
        KindRow(kind.value, str(kind.label), *counted[kind.value])
        for kind in ActivityKind
        if kind.value in counted
    ]


def _totals(rows: dict[int, RollupRow]) -> RollupRow:
    totals = RollupRow(0, "", "")
    for row in rows.values():
        for name in FIGURES:
            setattr(totals, name, getattr(totals, name) + getattr(row, name))
    return totals

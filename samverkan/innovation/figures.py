"""The figures of an innovation network: cases, stages, support and outcomes, counted in SQL.

`network_figures(network, year)` counts over EVERY case of the network (the figures are the
network's, whoever reads them) and returns plain dataclasses that name no case: no id, no
title, no link. Small counts are shown as they are; what keeps a case's content from a reader
who may not see it is that no figure carries it, and that the page links a figure to the case
list only for a reader entitled to that institution's cases (figures_views.py).

What counts, for a year Y (and the same for Y − 1):

- in stage: the cases opened by 31 December of Y, by the stage they were in on that day (the
  last stage change on or before it; before any change, the stage the case was opened in);
- new cases: the cases opened during Y;
- stage changes: the changes dated in Y, by the stage moved to;
- outcomes: those achieved in Y, by kind; funding raised summed per currency, never across;
- support: that given in Y, by kind; verification funding summed per currency.

Every query groups by the case's institution and handling unit; the totals per institution,
per unit and for the whole network are added up here. Units roll up along the reporting line
(R13): a unit reports to `reports_to` where set, else to its `parent`; a unit's subtotal is its
own cases and those of every unit reporting to it, up to the innovation unit (KTH Innovation).

A fixed number of queries whatever the number of cases, changes, support and outcomes (tested).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from samverkan.organisations.models import Organisation, Unit
from samverkan.partnerships.models import Party

from .models import InnovationCase, Outcome, Stage, StageChange, Support

# The years a figure can be asked for (the page's and the API's year chooser).
FIRST_YEAR = 1990
LAST_YEAR = 2100

Key = tuple[int, int | None]  # (institution id, unit id or None)


@dataclass
class Tally:
    """The figures of one slice (the network, an institution, a unit) in one year."""

    in_stage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Stage.values, 0))
    new_cases: int = 0
    stage_changes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Stage.values, 0))
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Outcome.Kind.values, 0))
    funding_raised: dict[str, Decimal] = field(default_factory=dict)
    support: dict[str, int] = field(default_factory=lambda: dict.fromkeys(Support.Kind.values, 0))
    verification_funding: dict[str, Decimal] = field(default_factory=dict)

    @property
    def cases(self) -> int:
        """Cases opened by the end of the year, in any stage."""
        return sum(self.in_stage.values())

    @property
    def open_cases(self) -> int:
        """Cases not closed at the end of the year."""
        return self.cases - self.in_stage[Stage.CLOSED]

    @property
    def stage_change_count(self) -> int:
        return sum(self.stage_changes.values())

    @property
    def outcome_count(self) -> int:
        return sum(self.outcomes.values())

    @property
    def support_count(self) -> int:
        return sum(self.support.values())

    def add(self, other: Tally) -> None:
        for name in ("in_stage", "stage_changes", "outcomes", "support"):
            mine = getattr(self, name)
            for key, count in getattr(other, name).items():
                mine[key] = mine.get(key, 0) + count
        self.new_cases += other.new_cases
        for name in ("funding_raised", "verification_funding"):
            mine = getattr(self, name)
            for code, amount in getattr(other, name).items():
                mine[code] = mine.get(code, Decimal(0)) + amount


@dataclass
class Line:
    """One row of a breakdown: this year's figures beside last year's."""

    key: str  # the organisation's or unit's id as text; "" for the whole network or "no unit"
    label: str
    current: Tally
    previous: Tally
    organisation_id: int | None = None  # the institution (for a link to its case list)


@dataclass
class UnitLine(Line):
    """A unit on the reporting line with the subtotal of every unit reporting to it."""

    depth: int = 0  # 0: a unit reporting to no other
    own_current: Tally = field(default_factory=Tally)  # its own cases only, this year


@dataclass
class NetworkFigures:
    network_id: int
    network: str
    year: int
    total: Line
    by_institution: list[Line]
    by_unit: list[UnitLine]

    @property
    def previous_year(self) -> int:
        return self.year - 1


def network_figures(network, year: int) -> NetworkFigures:
    """The figures of `network` (a partnership of kind network) for `year` and the year before.

    Counts every case; checks no permission (the caller has: the reader takes part in the
    network). Six queries, whatever the number of rows.
    """
    years = (year, year - 1)
    tallies: dict[int, dict[Key, Tally]] = {y: defaultdict(Tally) for y in years}
    _count_cases(network, year, tallies)  # 1 query
    _count_changes(network, years, tallies)  # 1
    _count_outcomes(network, years, tallies)  # 1
    _count_support(network, years, tallies)  # 1
    institutions = _institutions(network)  # 1
    units = _units(network)  # 1

    total = Line("", _("The whole network"), Tally(), Tally())
    by_institution = []
    for organisation in institutions:
        line = Line(str(organisation.pk), _name(organisation), Tally(), Tally(), organisation.pk)
        for key, tally in tallies[year].items():
            if key[0] == organisation.pk:
                line.current.add(tally)
        for key, tally in tallies[year - 1].items():
            if key[0] == organisation.pk:
                line.previous.add(tally)
        total.current.add(line.current)
        total.previous.add(line.previous)
        by_institution.append(line)
    return NetworkFigures(
        network_id=network.pk,
        network=network.name,
        year=year,
        total=total,
        by_institution=by_institution,
        by_unit=_roll_up(units, tallies, year),
    )


def _year_end(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _stage_on(day: datetime.date):
    """The stage a case was in on `day`: the last change on or before it; before any change,
    the stage it was opened in (the first change's `from_stage`); with no change, its stage."""
    changes = StageChange.objects.filter(case=OuterRef("pk"))  # all cases: counted in SQL
    last = changes.filter(changed_on__lte=day).order_by("-changed_on", "-pk").values("to_stage")
    first = changes.order_by("changed_on", "pk").values("from_stage")
    return Coalesce(Subquery(last[:1]), Subquery(first[:1]), F("stage"))


def _count_cases(network, year: int, tallies) -> None:
    end, previous_end = _year_end(year), _year_end(year - 1)
    rows = (
        InnovationCase.objects.filter(network=network, opened_on__lte=end)  # all cases: counted
        .annotate(
            opened=ExtractYear("opened_on"), now=_stage_on(end), before=_stage_on(previous_end)
        )
        .values("institution_id", "unit_id", "opened", "now", "before")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        key = (row["institution_id"], row["unit_id"])
        current = tallies[year][key]
        current.in_stage[row["now"]] += row["n"]
        if row["opened"] == year:
            current.new_cases += row["n"]
        elif row["opened"] <= year - 1:
            previous = tallies[year - 1][key]
            previous.in_stage[row["before"]] += row["n"]
            if row["opened"] == year - 1:
                previous.new_cases += row["n"]


def _grouped(model, date_field: str, network, years, *fields, amounts: bool = False):
    """Rows of `model` (a case's change, outcome or support) dated in `years`, counted (and
    their amounts summed) per institution, unit, year and `fields`."""
    dated = {f"{date_field}__year__in": list(years)}
    queryset = (
        model.objects.filter(case__network=network, **dated)  # all cases: counted
        .annotate(
            year=ExtractYear(date_field),
            institution_id=F("case__institution_id"),
            unit_id=F("case__unit_id"),
        )
        .values("institution_id", "unit_id", "year", *fields)
        .order_by()
    )
    if amounts:
        return queryset.annotate(n=Count("pk"), amount=Sum("amount"))
    return queryset.annotate(n=Count("pk"))


def _count_changes(network, years, tallies) -> None:
    for row in _grouped(StageChange, "changed_on", network, years, "to_stage"):
        tally = tallies[row["year"]][(row["institution_id"], row["unit_id"])]
        tally.stage_changes[row["to_stage"]] += row["n"]


def _count_outcomes(network, years, tallies) -> None:
    for row in _grouped(Outcome, "achieved_on", network, years, "kind", "currency", amounts=True):
        tally = tallies[row["year"]][(row["institution_id"], row["unit_id"])]
        tally.outcomes[row["kind"]] += row["n"]
        if row["kind"] == Outcome.Kind.FUNDING_RAISED and row["amount"] is not None:
            _add_money(tally.funding_raised, row["currency"], row["amount"])


def _count_support(network, years, tallies) -> None:
    for row in _grouped(Support, "given_on", network, years, "kind", "currency", amounts=True):
        tally = tallies[row["year"]][(row["institution_id"], row["unit_id"])]
        tally.support[row["kind"]] += row["n"]
        if row["kind"] == Support.Kind.VERIFICATION_FUNDING and row["amount"] is not None:
            _add_money(tally.verification_funding, row["currency"], row["amount"])


def _add_money(sums: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    sums[currency] = sums.get(currency, Decimal(0)) + Decimal(amount)


def _institutions(network) -> list[Organisation]:
    """The network's parties, and any other institution with cases in it (a former member)."""
    queryset = Organisation.objects.filter(
        Q(pk__in=Party.objects.filter(partnership=network).values("organisation"))
        | Q(
            pk__in=InnovationCase.objects.filter(network=network).values("institution")
        )  # all cases: ids
    )
    return sorted(queryset, key=lambda o: (_name(o).casefold(), o.pk))


def _name(organisation) -> str:
    return organisation.short_name or organisation.name


def _units(network) -> dict[int, Unit]:
    """The units of the network's member organisations and of its offices' hosts."""
    return {
        unit.pk: unit
        for unit in Unit.objects.filter(
            Q(organisation__parties__partnership=network)
            | Q(organisation__innovation_offices__network=network)
        )
        .distinct()
        .only("pk", "name", "organisation_id", "parent_id", "reports_to_id")
    }


def reporting_parent(unit: Unit) -> int | None:
    """The unit `unit` reports to: `reports_to` where set, else the unit it is part of."""
    return unit.reports_to_id or unit.parent_id


def _roll_up(units: dict[int, Unit], tallies, year: int) -> list[UnitLine]:
    """Each unit with cases in its reporting subtree, parents before children, with subtotals."""
    own: dict[int | None, tuple[Tally, Tally]] = defaultdict(lambda: (Tally(), Tally()))
    for offset, which in ((0, year), (1, year - 1)):
        for (_institution, unit_id), tally in tallies[which].items():
            key = unit_id if unit_id in units else None
            own[key][offset].add(tally)

    children: dict[int | None, list[int]] = defaultdict(list)
    for unit in units.values():
        parent = reporting_parent(unit)
        children[parent if parent in units else None].append(unit.pk)

    lines: list[UnitLine] = []

    def visit(unit_id: int, depth: int, seen: frozenset) -> tuple[Tally, Tally] | None:
        unit = units[unit_id]
        line = UnitLine(
            str(unit_id), unit.name, Tally(), Tally(), unit.organisation_id, depth=depth
        )
        position = len(lines)
        lines.append(line)
        mine = own.get(unit_id)
        if mine:
            line.own_current.add(mine[0])
            line.current.add(mine[0])
            line.previous.add(mine[1])
        for child in sorted(children.get(unit_id, []), key=lambda pk: (units[pk].name, pk)):
            if child in seen:  # a cycle in the register: Unit.clean refuses them, stop anyway
                continue
            sub = visit(child, depth + 1, seen | {child})
            if sub:
                line.current.add(sub[0])
                line.previous.add(sub[1])
        if not _has_any(line.current) and not _has_any(line.previous):
            del lines[position:]
            return None
        return line.current, line.previous

    for root in sorted(children.get(None, []), key=lambda pk: (units[pk].name, pk)):
        visit(root, 0, frozenset({root}))
    if None in own and (_has_any(own[None][0]) or _has_any(own[None][1])):
        current, previous = own[None]
        lines.append(
            UnitLine("", _("No handling unit"), current, previous, None, own_current=current)
        )
    return lines


def _has_any(tally: Tally) -> bool:
    return bool(
        tally.cases
        or tally.new_cases
        or tally.stage_change_count
        or tally.outcome_count
        or tally.support_count
    )


__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Line",
    "NetworkFigures",
    "Tally",
    "UnitLine",
    "network_figures",
    "reporting_parent",
]

"""The floor of the national roll-up: hand-written SQL that computes what `build_rollup`
(samverkan/followup/rollup.py) computes for the site administrator, who sees every partnership.

`FLOOR` is the statements a hand-coded roll-up of one year would run: the partnerships in the
page's order; per partnership, the activities overlapping the year and the year before with
their students, participants and hours (one GROUP BY), the agreements signed in the year and
those in force on the reference day, the personnel exchanges overlapping the year, the
steering-group meetings held in it and whether a leadership dialogue was; and the activities
per kind. Its time is executing them all and fetching every row, through the database driver
(`report_floor.time_floor`).

`figures_of` folds the rows into the roll-up's figures and `rollup_figures` reads the same of a
`Rollup`, so that `report_floor.differences` catches a floor that counts otherwise.
"""

# ruff: noqa: S608 - the statements are put together from this module's constant fragments;
# every value is a bound parameter.

from __future__ import annotations

import datetime
from typing import Any

from samverkan.followup.rollup import FIGURES, Rollup

from .report_floor import AGREEMENT_IN_FORCE, cents

# Partial dates are ISO text (see report_floor): within the two years read, an activity counts
# this year unless it ended before it, and last year if it started before this year.
IN_EITHER_YEAR = "a.starts < %(next_year)s AND (a.ends IS NULL OR a.ends >= %(last_year)s)"
THIS_YEAR = "(a.ends IS NULL OR a.ends >= %(year)s)"
LAST_YEAR = "a.starts < %(year)s"

FLOOR: dict[str, str] = {
    "partnerships": """
        SELECT id, name, kind FROM partnerships_partnership ORDER BY name, id""",
    "activities": f"""
        SELECT a.partnership_id,
            SUM(CASE WHEN {THIS_YEAR} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {LAST_YEAR} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {THIS_YEAR} THEN a.students END),
            SUM(CASE WHEN {THIS_YEAR} THEN a.participants END),
            SUM(CASE WHEN {THIS_YEAR} THEN a.hours END)
        FROM activities_activity a
        WHERE {IN_EITHER_YEAR}
        GROUP BY a.partnership_id""",
    "kinds": f"""
        SELECT a.kind,
            SUM(CASE WHEN {THIS_YEAR} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {LAST_YEAR} THEN 1 ELSE 0 END)
        FROM activities_activity a
        WHERE {IN_EITHER_YEAR}
        GROUP BY a.kind""",
    "agreements_signed": """
        SELECT g.partnership_id, COUNT(*) FROM agreements_agreement g
        WHERE g.entered_into_force_on BETWEEN %(first_day)s AND %(last_day)s
        GROUP BY g.partnership_id""",
    "agreements_in_force": f"""
        SELECT g.partnership_id, COUNT(*) FROM agreements_agreement g
        WHERE {AGREEMENT_IN_FORCE}
        GROUP BY g.partnership_id""",
    "exchanges": """
        SELECT e.partnership_id, COUNT(*) FROM activities_personnelexchange e
        WHERE e.starts_on <= %(last_day)s AND e.ends_on >= %(first_day)s
        GROUP BY e.partnership_id""",
    "meetings": """
        SELECT m.partnership_id, COUNT(*) FROM followup_steeringmeeting m
        WHERE m.held_on BETWEEN %(first_day)s AND %(last_day)s
        GROUP BY m.partnership_id""",
    "dialogues": """
        SELECT DISTINCT d.partnership_id FROM followup_leadershipdialogue d
        WHERE d.held_on >= %(year)s AND d.held_on < %(next_year)s""",
}

COUNTED = ("agreements_signed", "agreements_in_force", "exchanges", "meetings")


def parameters(*, year: int, on: datetime.date) -> dict:
    return {
        "year": str(year),
        "next_year": str(year + 1),
        "last_year": str(year - 1),
        "first_day": datetime.date(year, 1, 1),
        "last_day": datetime.date(year, 12, 31),
        "on": on,
    }


def _line(figures: dict[str, Any], dialogue_held: bool) -> tuple:
    return (*(cents(v) if n == "hours" else v for n, v in figures.items()), dialogue_held)


def figures_of(rows: dict[str, list[tuple]]) -> dict[str, Any]:
    """The roll-up's figures from the floor's rows: each partnership's line, in order, each
    kind's counts, and the totals."""
    lines = {pk: dict.fromkeys(FIGURES, 0) for pk, _name, _kind in rows["partnerships"]}
    for pk, this, last, students, participants, hours in rows["activities"]:
        lines[pk].update(
            activities=this,
            previous_activities=last,
            students=students or 0,
            participants=participants or 0,
            hours=cents(hours),
        )
    for name in COUNTED:
        for pk, count in rows[name]:
            lines[pk][name] = count
    held = {pk for (pk,) in rows["dialogues"]}
    figures: dict[str, Any] = {
        "order": [(pk, name, kind) for pk, name, kind in rows["partnerships"]],
        "dialogues_held": len(held),
        **{f"total {name}": sum(line[name] for line in lines.values()) for name in FIGURES},
        **{f"kind {kind}": (this, last) for kind, this, last in rows["kinds"]},
        **{f"partnership {pk}": _line(line, pk in held) for pk, line in lines.items()},
    }
    figures["total hours"] = cents(figures["total hours"])
    return figures


def rollup_figures(rollup: Rollup) -> dict[str, Any]:
    """The same figures, as the roll-up itself holds them."""
    return {
        "order": [(row.partnership_id, row.name, row.kind) for row in rollup.rows],
        "dialogues_held": rollup.dialogues_held,
        **{
            f"total {name}": cents(value) if name == "hours" else value
            for name in FIGURES
            for value in [getattr(rollup.totals, name)]
        },
        **{f"kind {k.kind}": (k.activities, k.previous_activities) for k in rollup.kinds},
        **{
            f"partnership {row.partnership_id}": _line(
                {name: getattr(row, name) for name in FIGURES}, row.dialogue_held
            )
            for row in rollup.rows
        },
    }

"""The floor of the annual report: hand-written SQL that reads what `build_report`
(samverkan/followup/report/build.py) reads and computes its figures in the database.

`FLOOR` is the statements a hand-coded report of one partnership and year would run, as the
reader sees it: the activity figures per area, kind, status and currency for the year and the
one before (GROUP BY); the activity lines of the year with what is masked for the reader; the
agreements with their groups (signed in the year, in force on the reference day); exchanges,
contacts, open action items, dialogues, meetings and the steering group's text; and each
obligation of the compliance panel. The floor's time is executing them all and fetching every
row, through the database driver.

`figures_of` folds the fetched rows into the report's figures, and `differences` compares them
with the report's own, so a floor that counts something else than the report is caught rather
than believed. (The innovation figures of a network are not in the floor: for such a partnership
the floor is lighter than the report, never heavier.)
"""

# ruff: noqa: S608 - the statements are put together from this module's constant fragments;
# every value is a bound parameter.

from __future__ import annotations

import datetime
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection

from samverkan.agreements.confidentiality import ACTIVITY_FIELDS, AGREEMENT_FIELDS
from samverkan.followup.report.data import STATUSES, Report

CONFIDENTIAL_ROLES = "('coordinator', 'leadership', 'registrar')"
WITHOUT_AGREEMENT = "('guest_lecture', 'student_recruitment')"


def _targets(fields_by_target: dict) -> str:
    """The marking targets that mask the record itself, as an SQL list (our own constants)."""
    return "(" + ", ".join(f"'{target}'" for target in fields_by_target) + ")"


# Whether the reader may see what is marked on activity `a` / agreement `g` (decision 0006).
# Only the targets that mask the record itself count, as in the report: a marking of the people
# taking part, or of a register entry's correspondent, leaves the activity's or agreement's
# own line unmasked.
ACTIVITY_MASKED = f"""
    EXISTS (SELECT 1 FROM agreements_secrecymarking m
            WHERE m.activity_id = a.id AND m.target IN {_targets(ACTIVITY_FIELDS)})
    AND NOT EXISTS (
        SELECT 1 FROM accounts_roleassignment r
        JOIN partnerships_party pa ON pa.organisation_id = r.organisation_id
        JOIN activities_activityparty ap ON ap.party_id = pa.id
        WHERE r.user_id = %(user)s AND r.role IN {CONFIDENTIAL_ROLES}
          AND r.partnership_id = a.partnership_id AND ap.activity_id = a.id)
    AND NOT EXISTS (
        SELECT 1 FROM agreements_accessgrant ag
        JOIN agreements_regulation rg ON rg.agreement_id = ag.agreement_id
        WHERE ag.user_id = %(user)s AND rg.activity_id = a.id)"""
AGREEMENT_MASKED = f"""
    EXISTS (SELECT 1 FROM agreements_secrecymarking m
            WHERE m.agreement_id = g.id AND m.target IN {_targets(AGREEMENT_FIELDS)})
    AND NOT EXISTS (
        SELECT 1 FROM accounts_roleassignment r
        JOIN partnerships_party pa ON pa.organisation_id = r.organisation_id
        JOIN agreements_agreementparty gp ON gp.party_id = pa.id
        WHERE r.user_id = %(user)s AND r.role IN {CONFIDENTIAL_ROLES}
          AND r.partnership_id = g.partnership_id AND gp.agreement_id = g.id)
    AND NOT EXISTS (
        SELECT 1 FROM agreements_accessgrant ag
        WHERE ag.user_id = %(user)s AND ag.agreement_id = g.id)"""
AGREEMENT_IN_FORCE = """
    g.status = 'in_force'
    AND (g.starts_on IS NULL OR g.starts_on <= %(on)s)
    AND (g.ends_on IS NULL OR g.ends_on >= %(on)s OR g.renewal_months IS NOT NULL)"""
# Partial dates are ISO text: within the two years read, an activity counts this year unless
# it ended before it, and last year if it started before this year.
THIS_YEAR = "(a.ends IS NULL OR a.ends >= %(year)s)"
LAST_YEAR = "a.starts < %(year)s"
IN_EITHER_YEAR = """
    a.partnership_id = %(partnership)s AND a.starts < %(next_year)s
    AND (a.ends IS NULL OR a.ends >= %(last_year)s)"""


def _sums(condition: str, prefix: str) -> str:
    return f"""
        SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS {prefix}_count,
        SUM(CASE WHEN {condition} THEN COALESCE(a.students, 0) ELSE 0 END) AS {prefix}_students,
        SUM(CASE WHEN {condition} THEN COALESCE(a.participants, 0) ELSE 0 END)
            AS {prefix}_participants,
        SUM(CASE WHEN {condition} THEN COALESCE(a.hours, 0) ELSE 0 END) AS {prefix}_hours,
        SUM(CASE WHEN {condition} THEN a.funding_amount END) AS {prefix}_funding"""


FLOOR: dict[str, str] = {
    "parties": """
        SELECT pa.id, pa.role, o.name, o.short_name
        FROM partnerships_party pa JOIN organisations_organisation o ON o.id = pa.organisation_id
        WHERE pa.partnership_id = %(partnership)s ORDER BY pa.id""",
    "areas": """
        SELECT id, name, name_en, identified_on, retired_on FROM areas_collaborationarea
        WHERE partnership_id = %(partnership)s""",
    "activity_figures": f"""
        SELECT a.area_id, a.kind, a.status, a.funding_currency,
            {_sums(THIS_YEAR, "this")},
            {_sums(LAST_YEAR, "last")}
        FROM activities_activity a
        WHERE {IN_EITHER_YEAR}
        GROUP BY a.area_id, a.kind, a.status, a.funding_currency""",
    "activity_lines": f"""
        SELECT a.id, a.title, a.kind, a.area_id, a.status, a.starts, a.ends,
            (SELECT m.provision FROM agreements_secrecymarking m
             WHERE m.activity_id = a.id AND m.target = 'title' ORDER BY m.id LIMIT 1),
            {ACTIVITY_MASKED} AS masked
        FROM activities_activity a
        WHERE {IN_EITHER_YEAR} AND {THIS_YEAR}
        ORDER BY a.starts, a.id""",
    "agreements": f"""
        SELECT g.id, g.uuid, g.title, g.status, g.starts_on, g.ends_on, g.notice_months,
            g.renewal_months, g.entered_into_force_on,
            (SELECT m.provision FROM agreements_secrecymarking m
             WHERE m.agreement_id = g.id AND m.target = 'title' ORDER BY m.id LIMIT 1),
            {AGREEMENT_MASKED} AS masked,
            CASE WHEN g.entered_into_force_on BETWEEN %(first_day)s AND %(last_day)s
                THEN 1 ELSE 0 END AS signed,
            CASE WHEN {AGREEMENT_IN_FORCE} THEN 1 ELSE 0 END AS in_force
        FROM agreements_agreement g
        WHERE g.partnership_id = %(partnership)s
        ORDER BY g.title, g.id""",
    "exchanges": """
        SELECT e.id, p.name, home.name, home.short_name, host.name, host.short_name,
            ar.name, ar.name_en, e.starts_on, e.ends_on,
            (SELECT COUNT(*) FROM activities_exchangeapproval x WHERE x.exchange_id = e.id)
        FROM activities_personnelexchange e
        JOIN organisations_person p ON p.id = e.person_id
        JOIN organisations_organisation home ON home.id = e.home_organisation_id
        JOIN organisations_organisation host ON host.id = e.host_organisation_id
        JOIN areas_collaborationarea ar ON ar.id = e.area_id
        WHERE e.partnership_id = %(partnership)s
          AND e.starts_on <= %(last_day)s AND e.ends_on >= %(first_day)s
        ORDER BY e.starts_on, e.id""",
    "contacts": """
        SELECT c.area_id, c.party_id, p.name, c.field
        FROM areas_contactperson c JOIN organisations_person p ON p.id = c.person_id
        WHERE c.partnership_id = %(partnership)s ORDER BY p.name, c.id""",
    "open_actions": """
        SELECT i.description, p.name, i.due_on, m.held_on
        FROM followup_actionitem i
        JOIN followup_steeringmeeting m ON m.id = i.meeting_id
        JOIN organisations_person p ON p.id = i.owner_id
        WHERE m.partnership_id = %(partnership)s AND i.status = 'open'
        ORDER BY i.due_on, i.id""",
    "dialogues": """
        SELECT d.held_on, d.title, s.dialogue_season_starts, s.dialogue_season_ends
        FROM followup_leadershipdialogue d
        JOIN partnerships_partnership s ON s.id = d.partnership_id
        WHERE d.partnership_id = %(partnership)s
          AND d.held_on >= %(year)s AND d.held_on < %(next_year)s
        ORDER BY d.held_on, d.id""",
    "meetings": """
        SELECT held_on, place FROM followup_steeringmeeting
        WHERE partnership_id = %(partnership)s AND held_on BETWEEN %(first_day)s AND %(last_day)s
        ORDER BY held_on, id""",
    "text": """
        SELECT trends, challenges, proposals FROM followup_reporttext
        WHERE partnership_id = %(partnership)s AND year = %(year_number)s""",
    # The compliance panel's obligations, judged on the reference day.
    "steering_members": """
        SELECT party_id, COUNT(*) FROM followup_steeringgroupmember
        WHERE partnership_id = %(partnership)s AND starts_on <= %(on)s
          AND (ends_on IS NULL OR ends_on >= %(on)s)
        GROUP BY party_id""",
    "last_meeting": """
        SELECT MAX(held_on) FROM followup_steeringmeeting
        WHERE partnership_id = %(partnership)s AND held_on <= %(on)s""",
    "unregulated": f"""
        SELECT a.id, a.title, a.kind, {ACTIVITY_MASKED} AS masked
        FROM activities_activity a
        WHERE a.partnership_id = %(partnership)s AND a.status = 'ongoing'
          AND COALESCE(
              (SELECT s.needs_agreement FROM activities_activitykindsetting s
               WHERE s.partnership_id = a.partnership_id AND s.kind = a.kind),
              a.kind NOT IN {WITHOUT_AGREEMENT})
          AND NOT EXISTS (
              SELECT 1 FROM agreements_regulation rg
              JOIN agreements_agreement g ON g.id = rg.agreement_id
              WHERE rg.activity_id = a.id AND {AGREEMENT_IN_FORCE})
        ORDER BY a.starts, a.id""",
    "exchanges_at_fault": """
        SELECT e.id, p.name, e.position
        FROM activities_personnelexchange e
        JOIN organisations_person p ON p.id = e.person_id
        JOIN areas_collaborationarea ar ON ar.id = e.area_id
        WHERE e.partnership_id = %(partnership)s AND e.ends_on >= %(on)s
          AND (ar.partnership_id <> e.partnership_id
               OR ar.identified_on > CAST(e.starts_on AS TEXT)
               OR ar.retired_on <= CAST(e.starts_on AS TEXT)
               OR TRIM(e.purpose) = '' OR TRIM(e.conditions) = ''
               OR TRIM(e.benefit_home) = '' OR TRIM(e.benefit_host) = '')
        ORDER BY e.starts_on, e.id""",
    "contact_gaps": """
        SELECT ar.id, pa.id
        FROM areas_collaborationarea ar
        JOIN partnerships_party pa
          ON pa.partnership_id = ar.partnership_id AND pa.role <> 'participant'
        WHERE ar.partnership_id = %(partnership)s AND ar.identified_on <= %(on_text)s
          AND (ar.retired_on IS NULL OR ar.retired_on > %(on_text)s)
          AND NOT EXISTS (
              SELECT 1 FROM areas_contactperson c
              WHERE c.area_id = ar.id AND c.party_id = pa.id)""",
    "agreement_deadlines": f"""
        SELECT g.id, g.title, g.ends_on, g.notice_months, g.renewal_months,
            {AGREEMENT_MASKED} AS masked
        FROM agreements_agreement g
        WHERE g.partnership_id = %(partnership)s AND {AGREEMENT_IN_FORCE}
        ORDER BY g.ends_on, g.id""",
}


def parameters(*, partnership_id: int, year: int, on: datetime.date, user_id: int) -> dict:
    return {
        "partnership": partnership_id,
        "user": user_id,
        "year": str(year),
        "year_number": year,
        "next_year": str(year + 1),
        "last_year": str(year - 1),
        "first_day": datetime.date(year, 1, 1),
        "last_day": datetime.date(year, 12, 31),
        "on": on,
        "on_text": on.isoformat(),
    }


def run_floor(params: dict, statements: dict[str, str] = FLOOR) -> dict[str, list[tuple]]:
    """Every statement of the floor (this report's, or `statements`), each executed and
    fetched to its last row."""
    rows = {}
    with connection.cursor() as cursor:
        for name, sql in statements.items():
            cursor.execute(sql, params)
            rows[name] = cursor.fetchall()
    return rows


@dataclass
class FloorTiming:
    median_ms: float
    runs_ms: list[float] = field(default_factory=list)


def time_floor(
    params: dict, *, repeat: int, statements: dict[str, str] = FLOOR
) -> tuple[FloorTiming, dict[str, list[tuple]]]:
    """The floor run `repeat` times after one unmeasured run; the median and each run."""
    rows = run_floor(params, statements)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        rows = run_floor(params, statements)
        runs.append((time.perf_counter() - started) * 1000)
    return FloorTiming(median_ms=statistics.median(runs), runs_ms=runs), rows


# Hours have one decimal and funding two: compared to the cent, as SQLite sums them in floating
# point (40890.8000000000004 for 40890.8).
CENT = Decimal("0.01")


def cents(value: Any) -> Decimal:
    return (Decimal(str(value)) if value is not None else Decimal(0)).quantize(CENT)


def figures_of(rows: dict[str, list[tuple]]) -> dict[str, Any]:
    """The report's figures from the floor's rows (what `report_figures` reads of a report)."""
    totals: dict[str, Any] = {status: 0 for status in STATUSES}
    totals.update(previous=0, students=0, participants=0, hours=Decimal(0))
    funding: dict[str, Decimal] = defaultdict(Decimal)
    by_area: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for area_id, kind, status, currency, *sums in rows["activity_figures"]:
        this_count, students, participants, hours, this_funding, last_count = sums[:6]
        totals[status] += this_count
        totals["previous"] += last_count
        totals["students"] += students
        totals["participants"] += participants
        totals["hours"] += cents(hours)
        if this_funding is not None:
            funding[currency] += cents(this_funding)
        area = "" if area_id is None else str(area_id)
        for breakdown, key in ((by_area, area), (by_kind, kind)):
            breakdown[key][0] += this_count
            breakdown[key][1] += last_count
    agreements = rows["agreements"]
    return {
        **totals,
        "funding": {currency: amount for currency, amount in funding.items() if amount},
        "by_area": {key: tuple(counts) for key, counts in by_area.items() if any(counts)},
        "by_kind": {key: tuple(counts) for key, counts in by_kind.items() if any(counts)},
        "activity_lines": len(rows["activity_lines"]),
        "hidden_activities": sum(1 for row in rows["activity_lines"] if row[-1]),
        "agreements_signed": sum(row[-2] for row in agreements),
        "agreements_in_force": sum(row[-1] for row in agreements),
        "exchanges": len(rows["exchanges"]),
        "open_actions": len(rows["open_actions"]),
        "dialogues": len(rows["dialogues"]),
        "meetings": len(rows["meetings"]),
    }


def report_figures(report: Report) -> dict[str, Any]:
    """The same figures, as the report itself holds them."""
    totals = report.totals
    return {
        **{status: getattr(totals.counts, status) for status in STATUSES},
        "previous": totals.previous_counts.total,
        "students": totals.figures.students,
        "participants": totals.figures.participants,
        "hours": cents(totals.figures.hours),
        "funding": {c: cents(a) for c, a in totals.figures.funding.items() if a},
        "by_area": {
            row.key: (row.counts.total, row.previous_counts.total)
            for row in report.by_area
            if row.counts.total or row.previous_counts.total
        },
        "by_kind": {
            row.key: (row.counts.total, row.previous_counts.total)
            for row in report.by_kind
            if row.counts.total or row.previous_counts.total
        },
        "activity_lines": len(report.activities),
        "hidden_activities": report.hidden_activities,
        "agreements_signed": len(report.agreements.signed),
        "agreements_in_force": len(report.agreements.in_force),
        "exchanges": len(report.exchanges),
        "open_actions": len(report.open_actions),
        "dialogues": len(report.dialogues),
        "meetings": len(report.meetings),
    }


def differences(floor: dict[str, Any], report: dict[str, Any]) -> list[str]:
    """Each figure on which the floor and the report disagree, as "name: floor ≠ report"."""
    return [
        f"{name}: {floor.get(name)!r} ≠ {report.get(name)!r}"
        for name in sorted(set(floor) | set(report))
        if floor.get(name) != report.get(name)
    ]

"""`build_report`: the register of one partnership and year, read into a `Report`.

What counts (docs/decisions/0007-annual-report.md):

- An activity belongs to a year when its span overlaps the year: a start known to the month or
  the year counts from its first day, an end from its last, and no end means still running. It
  is counted under its current status; the figures are the activity's own, summed over every
  activity counted (funding per currency, never mixed). `previous_*` are the same for year − 1.
- `by_area`: one row per area in force at some time of the year, and per area (retired
  earlier) that has activities counted this year, so that the rows add up to the totals; plus a
  row "no area" when any activity has none. `by_kind`: one row per activity kind with
  activities in either year. `totals`: every activity.
- The reference day is 31 December of the year, or today for the current year: agreements in
  force, expiring and under notice, overdue action items, contacts and the compliance findings
  are judged on it.
- Agreements: signed = entered into force during the year; in force = in force on the reference
  day; expiring = in force, with the current term (renewals counted) ending within twelve months
  after it; under notice = in force, with the last day to give notice within 90 days of it. An
  agreement has no "notice given" state of its own in the register (`terminate_agreement`
  records the day it ended, never a future one), so the deadline is what there is to watch.
  Each agreement's own methods (`effective_status`, `is_in_force`, `current_end`,
  `notice_deadline`) decide, so the report agrees with the agreement's page and the reminders.
- Confidentiality: activities and agreements are read through `for_user(user)` only (decision
  0006). A record with a part the reader may not see is counted in every row and total; its line
  shows the masked text, `confidential=True` and no link; `hidden_*` count those of the year.

The number of queries is fixed: it does not grow with the number of activities, agreements,
exchanges, areas, contacts or action items (tested).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ExchangeApproval,
    PersonnelExchange,
)
from samverkan.agreements.models import Agreement
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.followup.models import ActionItem, LeadershipDialogue, ReportText, SteeringMeeting
from samverkan.lib.calendar_months import add_months
from samverkan.lib.partial_dates import PartialDate

from .data import (
    STATUSES,
    ActionLine,
    ActivityLine,
    AgreementLine,
    AgreementSection,
    ContactLine,
    ExchangeLine,
    Figures,
    InnovationMoney,
    InnovationRow,
    InnovationSection,
    InnovationTable,
    Report,
    Row,
    StatusCounts,
    SteeringText,
)
from .formatting import format_funding, format_number

# Agreements whose term ends within this many months of the reference day are "expiring".
EXPIRING_MONTHS = 12
# Agreements whose last day to give notice falls within this many days are "under notice".
NOTICE_WINDOW_DAYS = 90


def reference_day(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day the report judges what holds "now": today for the current year, otherwise the
    last day of the year (a future year too: what is known of it so far)."""
    today = today or timezone.localdate()
    return today if year == today.year else datetime.date(year, 12, 31)


def participant_reader():
    """A reader who takes part in every partnership and is entitled to nothing marked secret:
    the level at which a report is issued and the command writes it (decision 0007).

    It is the site administrator as such, who sees every partnership but whom secrecy binds
    (decision 0006), with no grant by name: an unsaved user whose id no row can have, so that
    the entitlement subqueries (`RoleAssignment`, `AccessGrant` of this user) find nothing.
    Never saved; used only to read through `for_user`.
    """
    from samverkan.accounts.models import User

    # Ids start at 1 on every database we run on; 0 names nobody.
    return User(pk=0, username="", is_superuser=True, is_active=True)


def build_report(partnership, year: int, *, user, language: str) -> Report:
    """The annual report of `partnership` for `year` as `user` may read it, in `language`.

    Reads only; checks no permission (the caller has: the reader takes part in the
    partnership). A fixed number of queries, whatever the size of the register.
    """
    with translation.override(language):
        return _Builder(partnership, year, user=user, language=language).build()


def _overlaps(starts: PartialDate, ends: PartialDate | None, year: int) -> bool:
    return starts.first_day().year <= year and (ends is None or ends.last_day().year >= year)


def _sum_into(figures: Figures, activity: Any) -> None:
    figures.students += activity.students or 0
    figures.participants += activity.participants or 0
    figures.hours += activity.hours or Decimal(0)
    if activity.funding_amount is not None:
        currency = activity.funding_currency
        figures.funding[currency] = figures.funding.get(currency, Decimal(0)) + (
            activity.funding_amount
        )


def _count_into(counts: StatusCounts, status: str) -> None:
    setattr(counts, status, getattr(counts, status) + 1)


def _is_masked(obj: Any) -> bool:
    return bool(getattr(obj, "_masked", False))


class _Builder:
    def __init__(self, partnership, year: int, *, user, language: str) -> None:
        self.partnership = partnership
        self.year = year
        self.user = user
        self.language = language
        self.today = timezone.localdate()
        self.on = reference_day(year, self.today)

    def build(self) -> Report:
        parties = list(self.partnership.parties.select_related("organisation"))  # 1 query
        areas = list(CollaborationArea.objects.filter(partnership=self.partnership))  # 1
        activities = self._activities()  # 1
        this_year = [a for a in activities if _overlaps(a.starts, a.ends, self.year)]
        last_year = [a for a in activities if _overlaps(a.starts, a.ends, self.year - 1)]
        by_area = self._by_area(areas, this_year, last_year)
        by_kind = self._by_kind(this_year, last_year)
        totals = self._row("", _("All activities"), this_year, last_year)
        agreements, hidden_agreements = self._agreements()  # 1
        exchanges = self._exchanges()  # 2
        contacts = self._contacts(parties, areas)  # 1
        actions = self._open_actions()  # 1
        dialogues = self._dialogues()  # 1
        meetings = self._meetings()  # 1
        text = self._text()  # 1
        findings = self._findings()
        innovation = innovation_section(self.partnership, self.year)  # 0, or 1 + 6 for a network
        report = Report(
            partnership_id=self.partnership.pk,
            partnership=self.partnership.name,
            parties=[_party_name(p) for p in parties],
            year=self.year,
            language=self.language,
            generated_at=timezone.now(),
            summary=[],
            totals=totals,
            by_area=by_area,
            by_kind=by_kind,
            activities=[self._activity_line(a, areas) for a in this_year],
            exchanges=exchanges,
            agreements=agreements,
            contacts=contacts,
            open_actions=actions,
            findings=findings,
            dialogues=dialogues,
            meetings=meetings,
            text=text,
            hidden_activities=sum(1 for a in this_year if _is_masked(a)),
            hidden_agreements=hidden_agreements,
            reference_day=self.on,
            innovation=innovation,
        )
        report.summary = summary_of(report)
        return report

    # Activities

    def _activities(self) -> list[Any]:
        """This year's and last year's activities, masked for the reader, oldest first."""
        first = str(self.year - 1)
        following = str(self.year + 1)
        # Partial dates are ISO text: "2024", "2024-05" and "2024-05-12" all sort at or after
        # "2024" and before "2025"; an open end runs on (as ActivityQuerySet.matching).
        queryset = (
            Activity.objects.for_user(self.user)
            .filter(partnership=self.partnership)
            .filter(starts__lt=following)
            .filter(Q(ends__isnull=True) | Q(ends__gte=first))
            # The report shows no parties or people of an activity: no need to fetch them.
            .prefetch_related(None)
            .order_by("starts", "pk")
        )
        return list(queryset)

    def _row(self, key: str, label: str, this_year: Iterable, last_year: Iterable) -> Row:
        row = Row(key, label, StatusCounts(), Figures(), StatusCounts(), Figures())
        for activity in this_year:
            _count_into(row.counts, activity.status)
            _sum_into(row.figures, activity)
        for activity in last_year:
            _count_into(row.previous_counts, activity.status)
            _sum_into(row.previous_figures, activity)
        return row

    def _by_area(self, areas: list, this_year: list, last_year: list) -> list[Row]:
        first_day = PartialDate(self.year, 1, 1)
        last_day = PartialDate(self.year, 12, 31)
        used = {a.area_id for a in this_year}
        rows = []
        for area in sorted(areas, key=lambda a: (a.identified_on.isoformat(), a.name, a.pk)):
            in_force = area.identified_on <= last_day and (
                area.retired_on is None or area.retired_on > first_day
            )
            if not in_force and area.pk not in used:
                continue
            rows.append(
                self._row(
                    str(area.pk),
                    area.display_name,
                    [a for a in this_year if a.area_id == area.pk],
                    [a for a in last_year if a.area_id == area.pk],
                )
            )
        if any(a.area_id is None for a in this_year + last_year):
            rows.append(
                self._row(
                    "",
                    _("No collaboration area"),
                    [a for a in this_year if a.area_id is None],
                    [a for a in last_year if a.area_id is None],
                )
            )
        return rows

    def _by_kind(self, this_year: list, last_year: list) -> list[Row]:
        rows = []
        for kind in ActivityKind:
            now = [a for a in this_year if a.kind == kind.value]
            before = [a for a in last_year if a.kind == kind.value]
            if now or before:
                rows.append(self._row(kind.value, str(kind.label), now, before))
        return rows

    def _activity_line(self, activity: Any, areas: list) -> ActivityLine:
        names = {area.pk: area.display_name for area in areas}
        confidential = _is_masked(activity)
        url = ""
        if not confidential:
            url = reverse("activities:activity_detail", args=[self.partnership.pk, activity.pk])
        return ActivityLine(
            title=str(activity.title),
            kind=str(ActivityKind(activity.kind).label),
            area=names.get(activity.area_id, ""),
            status=str(Activity.Status(activity.status).label),
            starts=activity.starts.display(),
            ends=activity.ends.display() if activity.ends else "",
            confidential=confidential,
            url=url,
        )

    # Agreements

    def _agreements(self) -> tuple[AgreementSection, int]:
        queryset = (
            Agreement.objects.for_user(self.user)
            .filter(partnership=self.partnership)
            # Register entries are not part of the report.
            .prefetch_related(None)
            .order_by("title", "pk")
        )
        on = self.on
        expiring_until = add_months(on, EXPIRING_MONTHS)
        notice_until = on + datetime.timedelta(days=NOTICE_WINDOW_DAYS)
        section = AgreementSection(signed=[], in_force=[], expiring=[], under_notice=[])
        shown: set[int] = set()
        hidden: set[int] = set()
        for agreement in queryset:
            entered = agreement.entered_into_force_on
            in_force = agreement.is_in_force(on)
            end = agreement.current_end(on)
            deadline = agreement.notice_deadline(on)
            groups = []
            if entered and entered.year == self.year:
                groups.append(section.signed)
            if in_force:
                groups.append(section.in_force)
                if end is not None and on <= end <= expiring_until:
                    groups.append(section.expiring)
                if deadline is not None and on <= deadline <= notice_until:
                    groups.append(section.under_notice)
            if not groups:
                continue
            line = self._agreement_line(agreement, end, deadline)
            for group in groups:
                group.append(line)
            shown.add(agreement.pk)
            if line.confidential:
                hidden.add(agreement.pk)
        return section, len(hidden)

    def _agreement_line(self, agreement: Any, end, deadline) -> AgreementLine:
        confidential = _is_masked(agreement)
        url = ""
        if not confidential:
            url = reverse("agreements:agreement_detail", args=[self.partnership.pk, agreement.uuid])
        return AgreementLine(
            title=str(agreement.title),
            status=str(Agreement.Status(agreement.effective_status(self.on)).label),
            signed_on=agreement.entered_into_force_on,
            ends_on=end,
            notice_deadline=deadline,
            confidential=confidential,
            url=url,
        )

    # Exchanges, contacts, the steering group

    def _exchanges(self) -> list[ExchangeLine]:
        queryset = (
            PersonnelExchange.objects.filter(partnership=self.partnership)
            .matching(year=self.year)
            .select_related("person", "home_organisation", "host_organisation", "area")
            .prefetch_related(
                Prefetch("approvals", queryset=ExchangeApproval.objects.select_related("party"))
            )
            .order_by("starts_on", "pk")
        )
        return [
            ExchangeLine(
                person=str(exchange.person),
                home=_organisation_name(exchange.home_organisation),
                host=_organisation_name(exchange.host_organisation),
                area=exchange.area.display_name,
                starts_on=exchange.starts_on,
                ends_on=exchange.ends_on,
                approved=exchange.is_approved,
            )
            for exchange in queryset
        ]

    def _contacts(self, parties: list, areas: list) -> list[ContactLine]:
        named: dict[tuple[int | None, int], list[str]] = defaultdict(list)
        queryset = (
            ContactPerson.objects.filter(partnership=self.partnership)
            .select_related("person")
            .order_by("person__name", "pk")
        )
        for contact in queryset:
            text = str(contact.person)
            if contact.field:
                text = f"{text} ({contact.field})"
            named[(contact.area_id, contact.party_id)].append(text)
        lines = []
        # The partnership as a whole: only where a party has named someone.
        for party in parties:
            if named.get((None, party.pk)):
                lines.append(ContactLine("", _party_name(party), named[(None, party.pk)]))
        on = PartialDate.from_date(self.on)
        for area in sorted(areas, key=lambda a: (a.identified_on.isoformat(), a.name, a.pk)):
            if not (area.identified_on <= on and (area.retired_on is None or area.retired_on > on)):
                continue
            for party in parties:
                people = named.get((area.pk, party.pk), [])
                lines.append(ContactLine(area.display_name, _party_name(party), list(people)))
        return lines

    def _open_actions(self) -> list[ActionLine]:
        queryset = (
            ActionItem.objects.open()
            .filter(meeting__partnership=self.partnership)
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        )
        return [
            ActionLine(
                description=item.description,
                owner=str(item.owner),
                due_on=item.due_on,
                meeting_on=item.meeting.held_on,
                overdue=item.due_on < self.on,
            )
            for item in queryset
        ]

    def _dialogues(self) -> list[str]:
        queryset = LeadershipDialogue.objects.filter(
            partnership=self.partnership,
            held_on__gte=str(self.year),
            held_on__lt=str(self.year + 1),
        ).order_by("held_on", "pk")
        return [
            _("%(date)s: %(title)s") % {"date": d.held_on.display(), "title": d.title}
            for d in queryset
        ]

    def _meetings(self) -> list[str]:
        queryset = SteeringMeeting.objects.filter(
            partnership=self.partnership, held_on__year=self.year
        ).order_by("held_on", "pk")
        lines = []
        for meeting in queryset:
            date = meeting.held_on.isoformat()
            if meeting.place:
                lines.append(_("%(date)s: %(place)s") % {"date": date, "place": meeting.place})
            else:
                lines.append(date)
        return lines

    def _text(self) -> SteeringText:
        text = ReportText.objects.filter(partnership=self.partnership, year=self.year).first()
        if text is None:
            return SteeringText()
        return SteeringText(
            trends=text.trends, challenges=text.challenges, proposals=text.proposals
        )

    def _findings(self) -> list:
        from samverkan.followup import compliance

        return compliance.findings(self.partnership, user=self.user, on=self.on)


def innovation_section(partnership, year: int) -> InnovationSection | None:
    """The innovation-support figures of a network partnership that an innovation office runs
    (innovation/figures.py), for the report of `year`; None for any other partnership (no
    query for an MoU). The figures count every case and name none: the same for every reader.
    """
    from samverkan.innovation.figures import network_figures
    from samverkan.innovation.models import InnovationOffice, Outcome, Stage, Support

    if partnership.kind != partnership.Kind.NETWORK:
        return None
    offices = [o.name for o in InnovationOffice.objects.filter(network=partnership)]
    if not offices:
        return None
    figures = network_figures(partnership, year)
    now, before = figures.total.current, figures.total.previous

    def counts(current: dict, previous: dict, kinds) -> list[InnovationRow]:
        return [InnovationRow(str(k.label), current[k], previous[k]) for k in kinds]

    tables = [
        InnovationTable(
            "overview",
            _("Innovation support in the network"),
            _("Figure"),
            [
                InnovationRow(_("New cases"), now.new_cases, before.new_cases),
                InnovationRow(_("Cases open at year end"), now.open_cases, before.open_cases),
                InnovationRow(
                    _("Stage changes"), now.stage_change_count, before.stage_change_count
                ),
                InnovationRow(_("Support given"), now.support_count, before.support_count),
                InnovationRow(_("Outcomes"), now.outcome_count, before.outcome_count),
            ],
        ),
        InnovationTable(
            "stages",
            _("Cases per stage at year end"),
            _("Stage"),
            counts(now.in_stage, before.in_stage, Stage),
        ),
        InnovationTable(
            "institutions",
            _("New cases per institution"),
            _("Institution"),
            [
                InnovationRow(line.label, line.current.new_cases, line.previous.new_cases)
                for line in figures.by_institution
            ],
        ),
        InnovationTable(
            "units",
            _("New cases along the reporting lines (subtotals)"),
            _("Unit"),
            [
                InnovationRow(
                    line.label, line.current.new_cases, line.previous.new_cases, line.depth
                )
                for line in figures.by_unit
            ],
        ),
        InnovationTable(
            "support",
            _("Support given by kind"),
            _("Kind of support"),
            counts(now.support, before.support, Support.Kind),
        ),
        InnovationTable(
            "outcomes",
            _("Outcomes by kind"),
            _("Kind of outcome"),
            counts(now.outcomes, before.outcomes, Outcome.Kind),
        ),
    ]
    money = [
        InnovationMoney(
            _("Verification funding"), now.verification_funding, before.verification_funding
        ),
        InnovationMoney(_("Funding raised"), now.funding_raised, before.funding_raised),
    ]
    return InnovationSection(offices=offices, tables=tables, money=money)


def _organisation_name(organisation) -> str:
    return organisation.short_name or organisation.name


def _party_name(party) -> str:
    return _organisation_name(party.organisation)


def summary_of(report: Report) -> list[tuple[str, str]]:
    """The summary's (label, value) pairs, in the report's language (active when called)."""
    totals = report.totals
    language = report.language
    pairs = [
        (_("Activities"), format_number(totals.counts.total, language)),
        (_("of which planned"), format_number(totals.counts.planned, language)),
        (_("of which ongoing"), format_number(totals.counts.ongoing, language)),
        (_("of which completed"), format_number(totals.counts.completed, language)),
        (_("of which cancelled"), format_number(totals.counts.cancelled, language)),
        (_("Activities the year before"), format_number(totals.previous_counts.total, language)),
        (_("Students"), format_number(totals.figures.students, language)),
        (_("Participants"), format_number(totals.figures.participants, language)),
        (_("Hours"), format_number(totals.figures.hours, language)),
        (_("Funding"), format_funding(totals.figures.funding, language)),
        (_("Personnel exchanges"), format_number(len(report.exchanges), language)),
        (_("Agreements signed"), format_number(len(report.agreements.signed), language)),
        (_("Agreements in force"), format_number(len(report.agreements.in_force), language)),
        (_("Leadership dialogues"), format_number(len(report.dialogues), language)),
        (_("Steering-group meetings"), format_number(len(report.meetings), language)),
        (_("Open action items"), format_number(len(report.open_actions), language)),
    ]
    if report.innovation is not None:
        overview = report.innovation.tables[0].rows
        pairs.append((_("New innovation cases"), format_number(overview[0].current, language)))
    if report.findings:
        kept = sum(1 for f in report.findings if f.ok)
        pairs.append(
            (
                _("Obligations kept"),
                _("%(kept)s of %(all)s")
                % {
                    "kept": format_number(kept, language),
                    "all": format_number(len(report.findings), language),
                },
            )
        )
    return pairs


__all__ = ["STATUSES", "build_report", "participant_reader", "reference_day", "summary_of"]

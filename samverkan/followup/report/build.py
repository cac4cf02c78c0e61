"""`build_report`: the register of one partnership and year, read into a `Report`;
`build_overview`: the same figures for the dashboard, without the report's lines.

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
  `notice_deadline`) decide, so the report agrees with the agreement's page and the reminders;
  SQL only narrows the agreements read to those that can fall in a group.
- Confidentiality: what is shown of activities and agreements is read through `for_user(user)`
  only (decision 0006). A record with a part the reader may not see is counted in every row and
  total; its line shows the masked text, `confidential=True` and no link; `hidden_*` count those
  of the year.
- The figures are counted in SQL, in one query grouped by area, kind, status and currency (as
  the roll-up counts): numbers only, the same for every reader, so they are read unmasked. Only
  the lines shown are read into Python: the activities of the year (not of the year before),
  and the agreements that can fall in a group.

The number of queries is fixed: it does not grow with the number of activities, agreements,
exchanges, areas, contacts or action items (tested).
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Prefetch, Q, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ExchangeApproval,
    PersonnelExchange,
)
from samverkan.agreements.confidentiality import ACTIVITY_FIELDS
from samverkan.agreements.models import Agreement, SecrecyMarking
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
    Finding,
    InnovationMoney,
    InnovationRow,
    InnovationSection,
    InnovationTable,
    Overview,
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
# A sum over a whole register can outgrow the digits of one activity's hours or funding.
HOURS_SUM = DecimalField(max_digits=18, decimal_places=1)
FUNDING_SUM = DecimalField(max_digits=20, decimal_places=2)
# What a line of the report reads of an activity and of an agreement (its own methods included).
ACTIVITY_LINE_FIELDS = ("title", "kind", "area", "status", "starts", "ends")
AGREEMENT_LINE_FIELDS = (
    "uuid",
    "title",
    "status",
    "starts_on",
    "ends_on",
    "notice_months",
    "renewal_months",
    "entered_into_force_on",
)
# Stand-ins for a record's key in a URL reversed once for many records (`_detail_urls`).
ID_PLACEHOLDER = 999_999_999_999_999_999
UUID_PLACEHOLDER = uuid.UUID(int=0)


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


def build_report(partnership, year: int, *, user, language: str, access=None) -> Report:
    """The annual report of `partnership` for `year` as `user` may read it, in `language`.

    Reads only; checks no permission (the caller has: the reader takes part in the
    partnership; it may pass the reader's `access` it holds, to spare reading the roles again).
    A fixed number of queries, whatever the size of the register.
    """
    with translation.override(language):
        return _Builder(partnership, year, user=user, access=access).build(language)


def build_overview(partnership, year: int, *, user, language: str, access=None) -> Overview:
    """The dashboard's view of `year`: the report's figures, the agreements needing attention,
    the open action items counted and the compliance findings, as `user` may read them. Reads
    no line of an activity. Checks no permission, like `build_report`.
    """
    with translation.override(language):
        return _Builder(partnership, year, user=user, access=access).overview()


def activities_in_year(year: int) -> Q:
    """Activities whose span overlaps `year`. Partial dates are ISO text: "2024", "2024-05" and
    "2024-05-12" all sort at or after "2024" and before "2025"; an open end runs on (as
    `ActivityQuerySet.matching`)."""
    return Q(starts__lt=str(year + 1)) & (Q(ends__isnull=True) | Q(ends__gte=str(year)))


def _sums(condition: Q, prefix: str) -> dict[str, Any]:
    """The aggregates of the activities meeting `condition`, named `<prefix>_<figure>`."""
    return {
        f"{prefix}_count": Count("pk", filter=condition),
        f"{prefix}_students": Sum("students", filter=condition),
        f"{prefix}_participants": Sum("participants", filter=condition),
        f"{prefix}_hours": Sum("hours", filter=condition, output_field=HOURS_SUM),
        f"{prefix}_funding": Sum("funding_amount", filter=condition, output_field=FUNDING_SUM),
    }


def _add_group(counts: StatusCounts, figures: Figures, group: dict[str, Any], prefix: str) -> None:
    """Add a group of activities (one area, kind, status and currency: a row of `_figures`'s
    query) to one year of a row."""
    count = group[f"{prefix}_count"]
    if not count:
        return
    status = group["status"]
    setattr(counts, status, getattr(counts, status) + count)
    figures.students += group[f"{prefix}_students"] or 0
    figures.participants += group[f"{prefix}_participants"] or 0
    figures.hours += group[f"{prefix}_hours"] or Decimal(0)
    funding = group[f"{prefix}_funding"]
    if funding is not None:
        currency = group["funding_currency"]
        figures.funding[currency] = figures.funding.get(currency, Decimal(0)) + funding


def _empty_row(key: str = "", label: str = "") -> Row:
    return Row(key, label, StatusCounts(), Figures(), StatusCounts(), Figures())


def _is_masked(obj: Any) -> bool:
    return bool(getattr(obj, "_masked", False))


def _detail_urls(name: str, partnership_id: int, placeholder: Any) -> Callable[[Any], str]:
    """The URL of a record's page under the partnership, as a function of its key (id or UUID).

    `reverse` walks the URL patterns on every call (tens of µs: over half a second for the
    20,000 lines of a large year), so it runs once, with `placeholder` where the key goes; each
    record's key then takes the placeholder's place.
    """
    url = reverse(name, args=[partnership_id, placeholder])
    before, _placeholder, after = url.rpartition(str(placeholder))
    return lambda key: f"{before}{key}{after}"


def _in_order(areas: list) -> list:
    """Areas in the order the report lists them: as identified, then by name."""
    return sorted(areas, key=lambda a: (a.identified_on.isoformat(), a.name, a.pk))


class _Builder:
    def __init__(self, partnership, year: int, *, user, access) -> None:
        self.partnership = partnership
        self.year = year
        self.user = user
        self.access = access
        self.today = timezone.localdate()
        self.on = reference_day(year, self.today)
        self.expiring_until = add_months(self.on, EXPIRING_MONTHS)
        self.notice_until = self.on + datetime.timedelta(days=NOTICE_WINDOW_DAYS)
        self.shown_dates: dict[PartialDate, str] = {}
        # Looked up once for the thousands of lines (built in the report's language).
        self.agreement_url = _detail_urls(
            "agreements:agreement_detail", partnership.pk, UUID_PLACEHOLDER
        )
        self.agreement_statuses = {status.value: str(status.label) for status in Agreement.Status}

    def build(self, language: str) -> Report:
        parties = list(self.partnership.parties.select_related("organisation"))  # 1 query
        areas = list(CollaborationArea.objects.filter(partnership=self.partnership))  # 1
        totals, by_area, by_kind = self._figures(areas)  # 1
        activities = self._activity_lines(areas)  # 1
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
            language=language,
            generated_at=timezone.now(),
            summary=[],
            totals=totals,
            by_area=by_area,
            by_kind=by_kind,
            activities=activities,
            exchanges=exchanges,
            agreements=agreements,
            contacts=contacts,
            open_actions=actions,
            findings=findings,
            dialogues=dialogues,
            meetings=meetings,
            text=text,
            hidden_activities=sum(1 for line in activities if line.confidential),
            hidden_agreements=hidden_agreements,
            reference_day=self.on,
            innovation=innovation,
        )
        report.summary = summary_of(report)
        return report

    def overview(self) -> Overview:
        areas = list(CollaborationArea.objects.filter(partnership=self.partnership))  # 1 query
        totals, by_area, _by_kind = self._figures(areas)  # 1
        open_actions, overdue_actions = self._action_counts()  # 1
        return Overview(
            year=self.year,
            reference_day=self.on,
            totals=totals,
            by_area=by_area,
            hidden_activities=self._hidden_activities(),  # 1
            attention=self._agreements_needing_attention(),  # 1
            open_actions=open_actions,
            overdue_actions=overdue_actions,
            # The dashboard names no record at fault: one line per obligation.
            findings=self._findings(limit=0),
        )

    # Activities

    def _figures(self, areas: list) -> tuple[Row, list[Row], list[Row]]:
        """The totals, the rows per area and the rows per kind, this year beside last."""
        this_year, last_year = activities_in_year(self.year), activities_in_year(self.year - 1)
        groups = (
            Activity.objects.filter(partnership=self.partnership)  # unmasked: counted, not shown
            .filter(this_year | last_year)
            .values("area", "kind", "status", "funding_currency")
            .annotate(**_sums(this_year, "now"), **_sums(last_year, "before"))
            .order_by()
        )
        totals = _empty_row("", _("All activities"))
        per_area: dict[int | None, Row] = defaultdict(_empty_row)
        per_kind: dict[str, Row] = defaultdict(_empty_row)
        for group in groups:
            for row in (totals, per_area[group["area"]], per_kind[group["kind"]]):
                _add_group(row.counts, row.figures, group, "now")
                _add_group(row.previous_counts, row.previous_figures, group, "before")
        return totals, self._by_area(areas, per_area), _by_kind(per_kind)

    def _by_area(self, areas: list, counted: dict[int | None, Row]) -> list[Row]:
        """`counted` (rows by area id, None for no area) in the report's order and terms."""
        first_day = PartialDate(self.year, 1, 1)
        last_day = PartialDate(self.year, 12, 31)
        rows = []
        for area in _in_order(areas):
            in_force = area.identified_on <= last_day and (
                area.retired_on is None or area.retired_on > first_day
            )
            row = counted.get(area.pk) or _empty_row()
            if in_force or row.counts.total:
                rows.append(dataclasses.replace(row, key=str(area.pk), label=area.display_name))
        if None in counted:
            rows.append(dataclasses.replace(counted[None], label=_("No collaboration area")))
        return rows

    def _activity_lines(self, areas: list) -> list[ActivityLine]:
        """The activities of the year, masked for the reader, oldest first."""
        queryset = (
            Activity.objects.for_user(self.user, people=False)
            .filter(partnership=self.partnership)
            .filter(activities_in_year(self.year))
            # A line shows these (masking writes over the others without reading them); the
            # rest of a row would be most of the time spent on a large year.
            .only(*ACTIVITY_LINE_FIELDS)
            # The report shows no parties or people of an activity: no need to fetch them.
            .prefetch_related(None)
            .order_by("starts", "pk")
        )
        names = {area.pk: area.display_name for area in areas}
        kinds = {kind.value: str(kind.label) for kind in ActivityKind}
        statuses = {status.value: str(status.label) for status in Activity.Status}
        url_of = _detail_urls("activities:activity_detail", self.partnership.pk, ID_PLACEHOLDER)
        lines = []
        for activity in queryset:
            confidential = _is_masked(activity)
            lines.append(
                ActivityLine(
                    title=str(activity.title),
                    kind=kinds[activity.kind],
                    area=names.get(activity.area_id, ""),
                    status=statuses[activity.status],
                    starts=self._display(activity.starts),
                    ends=self._display(activity.ends) if activity.ends else "",
                    confidential=confidential,
                    url="" if confidential else url_of(activity.pk),
                )
            )
        return lines

    def _display(self, date: PartialDate) -> str:
        """`date.display()`, formatted once per date: the lines of a year share a few hundred
        dates, and formatting one in the report's language takes tens of µs."""
        shown = self.shown_dates.get(date)
        if shown is None:
            shown = self.shown_dates[date] = date.display()
        return shown

    def _hidden_activities(self) -> int:
        """How many activities of the year the reader may not see in full, counted without
        reading them: those the report shows masked (`confidentiality.mask_instance`), where
        the title, the description or the outcomes are marked and the reader is not entitled."""
        marked = SecrecyMarking.objects.filter(
            activity__partnership=self.partnership, target__in=list(ACTIVITY_FIELDS)
        ).values("activity")
        return (
            Activity.objects.for_user(self.user, people=False)
            .filter(partnership=self.partnership)
            .filter(activities_in_year(self.year))
            .filter(pk__in=marked, entitled=False)
            .count()
        )

    # Agreements

    def _agreements(self) -> tuple[AgreementSection, int]:
        # What can fall in a group: signed during the year, or in force on the day by the
        # register's rule (which admits every agreement that `is_in_force` does, and more).
        in_force = Agreement.objects.in_force(self.on)  # unmasked: narrows what for_user reads
        signed = Agreement.objects.filter(  # unmasked: narrows what for_user reads
            entered_into_force_on__year=self.year
        )
        section = AgreementSection(signed=[], in_force=[], expiring=[], under_notice=[])
        hidden = 0
        for agreement in self._agreements_read(in_force | signed):
            groups, end, deadline = self._groups_of(agreement)
            if not groups:
                continue
            line = self._agreement_line(agreement, end, deadline)
            for group in groups:
                getattr(section, group).append(line)
            hidden += line.confidential
        return section, hidden

    def _agreements_needing_attention(self) -> list[AgreementLine]:
        """The agreements that are expiring or under notice (the report's groups), each once."""
        # Without an end there is neither; without renewal or notice, the end is `ends_on`.
        candidates = (
            Agreement.objects.in_force(self.on)  # unmasked: narrows what for_user reads
            .filter(ends_on__isnull=False)
            .filter(
                Q(renewal_months__isnull=False)
                | Q(notice_months__isnull=False)
                | Q(ends_on__lte=self.expiring_until)
            )
        )
        lines = []
        for agreement in self._agreements_read(candidates):
            groups, end, deadline = self._groups_of(agreement)
            if "expiring" in groups or "under_notice" in groups:
                lines.append(self._agreement_line(agreement, end, deadline))
        return lines

    def _agreements_read(self, candidates) -> Any:
        """The partnership's agreements among `candidates`, masked for the reader, by title."""
        return (
            candidates.for_user(self.user)
            .filter(partnership=self.partnership)
            .only(*AGREEMENT_LINE_FIELDS)
            # Register entries are not part of the report.
            .prefetch_related(None)
            .order_by("title", "pk")
        )

    def _groups_of(self, agreement: Any) -> tuple[list[str], Any, Any]:
        """The groups of `AgreementSection` the agreement falls in, by its own methods, with
        the end of its current term and its last day to give notice."""
        on = self.on
        entered = agreement.entered_into_force_on
        end = agreement.current_end(on)
        deadline = agreement.notice_deadline(on)
        groups = []
        if entered and entered.year == self.year:
            groups.append("signed")
        if agreement.is_in_force(on):
            groups.append("in_force")
            if end is not None and on <= end <= self.expiring_until:
                groups.append("expiring")
            if deadline is not None and on <= deadline <= self.notice_until:
                groups.append("under_notice")
        return groups, end, deadline

    def _agreement_line(self, agreement: Any, end, deadline) -> AgreementLine:
        confidential = _is_masked(agreement)
        return AgreementLine(
            title=str(agreement.title),
            status=self.agreement_statuses[agreement.effective_status(self.on)],
            signed_on=agreement.entered_into_force_on,
            ends_on=end,
            notice_deadline=deadline,
            confidential=confidential,
            url="" if confidential else self.agreement_url(agreement.uuid),
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
        for area in _in_order(areas):
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

    def _action_counts(self) -> tuple[int, int]:
        """The open action items and, of those, the overdue ones (as `_open_actions` marks)."""
        counts = (
            ActionItem.objects.open()
            .filter(meeting__partnership=self.partnership)
            .aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=self.on)))
        )
        return counts["open"], counts["overdue"]

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

    def _findings(self, limit: int | None = None) -> list[Finding]:
        """The compliance findings on the reference day, each naming at most `limit` records
        at fault (None: every one, as the report does)."""
        from samverkan.followup import compliance

        return compliance.findings(
            self.partnership, user=self.user, on=self.on, access=self.access, limit=limit
        )


def _by_kind(counted: dict[str, Row]) -> list[Row]:
    """`counted` (rows by kind) in the order of the kinds, each kind with activities in either
    year."""
    return [
        dataclasses.replace(counted[kind.value], key=kind.value, label=str(kind.label))
        for kind in ActivityKind
        if kind.value in counted
    ]


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

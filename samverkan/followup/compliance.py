"""The compliance panel: each obligation of the MoU beside the evidence that it is kept.

`findings(partnership, user=..., on=...)` judges the register as it stands for one day and
returns one `Finding` per obligation, in the MoU's order, with stable keys (KEYS). It runs a
fixed number of queries whatever the number of activities, exchanges, areas or agreements.
What a partnership holds by the thousand (activities, agreements) is counted or narrowed in
SQL, and only the records a finding lists are read whole: every one for the annual report, the
first `limit` for a page (PANEL_ITEMS), the evidence giving the totals and `more` the rest.

What names an activity or an agreement is read through `for_user(user)`, so an item the reader
is not entitled to shows its masked label and no link (decision 0006): the count of records at
fault is the same for every reader, their content is not. The link to act is given only to a
reader whose role allows the act. Permissions to read are the caller's (the partnership must be
one the user takes part in); this module does not check them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, ExtractMonth, ExtractYear, NullIf
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.urls import reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from samverkan.activities.models import Activity, PersonnelExchange, needs_agreement
from samverkan.activities.services import approval_problems
from samverkan.agreements.models import Agreement, Regulation
from samverkan.agreements.permissions import TERMINATE_AGREEMENTS, can_draft_agreements
from samverkan.areas.models import CollaborationArea, ContactPerson
from samverkan.lib.calendar_months import add_months
from samverkan.lib.partial_dates import Precision
from samverkan.partnerships.models import Partnership, Party
from samverkan.partnerships.permissions import PartnershipAccess, access_for

from .models import LeadershipDialogue, SteeringGroupMember, SteeringMeeting
from .report.data import Finding, FindingItem

KEYS = (
    "dialogue_in_season",
    "steering_group",
    "activities_regulated",
    "exchanges_valid",
    "contacts_named",
    "agreements_deadlines",
)
# Each obligation's name in a word or two, for headings (the finding's `obligation` is the
# MoU's sentence).
TITLES = {
    "dialogue_in_season": _lazy("Leadership dialogue this spring"),
    "steering_group": _lazy("Steering group"),
    "activities_regulated": _lazy("Activities under agreements"),
    "exchanges_valid": _lazy("Personnel exchanges"),
    "contacts_named": _lazy("Contact persons"),
    "agreements_deadlines": _lazy("Agreements' ends and notice deadlines"),
}
# Findings that call for attention without the MoU being broken: an agreement nearing its end
# or its notice deadline is kept, only soon to need a decision.
WARNINGS = frozenset({"agreements_deadlines"})
# How far ahead an agreement's end or notice deadline calls for attention.
DEADLINE_DAYS = 90
# "Met": a steering-group meeting within this many months before the day.
MEETING_MONTHS = 12
# A finding's state: kept, not kept, or a warning that is not a breach.
STATES = ("kept", "not_kept", "attention")
# How many records a page lists under a finding: the largest partnership has thousands of
# activities without an agreement; the evidence gives the totals, `more` the rest's number.
PANEL_ITEMS = 20


def state(finding: Finding) -> str:
    """ "kept", "not_kept" or "attention" (a warning that is not a breach), for pages and API."""
    if finding.ok:
        return "kept"
    return "attention" if finding.key in WARNINGS else "not_kept"


def title(finding: Finding) -> str:
    """The obligation's short name, in the active language."""
    return str(TITLES.get(finding.key, finding.key))


def findings(
    partnership: Partnership,
    *,
    user: Any,
    on: datetime.date,
    access: PartnershipAccess | None = None,
    limit: int | None = None,
) -> list[Finding]:
    """Every obligation of the MoU as the register shows it on `on`, as `user` may read it,
    each listing at most `limit` records at fault (None: every one, as the annual report does).

    The caller has checked that the user takes part in the partnership (and may pass the
    user's `access` it holds, to spare reading the roles again).
    """
    access = access or access_for(user, partnership)
    sides, figures = _sides(partnership, on)
    return [
        _dialogue_in_season(partnership, access, on, limit),
        _steering_group(partnership, access, sides, on, figures["last_meeting"], limit),
        _activities_regulated(partnership, access, user, on, limit),
        _exchanges_valid(partnership, access, on, limit),
        _contacts_named(partnership, access, sides, on, limit),
        _agreements_deadlines(partnership, access, user, on, figures["in_force"], limit),
    ]


def _sides(partnership: Partnership, on: datetime.date) -> tuple[list[Party], dict[str, Any]]:
    """The sides of the agreement, each with `seated`, its number of current steering-group
    members; and the partnership's figures (`_figures`), in the same statement.

    Each side's row carries the figures (subqueries that do not depend on the row, which the
    database computes once); a partnership without sides reads them alone. An organisation
    that only takes part beside the members of a network (Party.Role.PARTICIPANT) names no
    steering-group member or contact of its own."""
    members = SteeringGroupMember.objects.filter(
        partnership=partnership, party=OuterRef("pk")
    ).current(on=on)
    figures = _figures(partnership, on)
    sides = list(
        Party.objects.filter(partnership=partnership)
        .exclude(role=Party.Role.PARTICIPANT)
        .select_related("organisation")
        .annotate(seated=_count(members), **figures)
    )
    if sides:
        return sides, {name: getattr(sides[0], name) for name in figures}
    return sides, Partnership.objects.filter(pk=partnership.pk).values(**figures).get()


def _figures(partnership: Partnership, on: datetime.date) -> dict[str, Any]:
    """What two obligations count, as subqueries: the day of the steering group's last
    meeting and the number of agreements in force.

    The activities are counted in a statement of their own (`_activities_regulated`): nested
    in this one, PostgreSQL hashes every regulation of the installation instead of looking up
    each activity's (2.5 times slower on the national data)."""
    return {
        "last_meeting": Subquery(
            SteeringMeeting.objects.filter(partnership=partnership, held_on__lte=on)
            .order_by("-held_on", "-pk")
            .values("held_on")[:1]
        ),
        "in_force": _count(_in_force(partnership, on)),
    }


def _count(queryset: QuerySet) -> Subquery:
    """The number of rows of `queryset` as a scalar subquery, so that one statement reads
    several counts (COUNT as a plain function: no GROUP BY, one row even when none match)."""
    return Subquery(
        queryset.order_by().values(n=Func(F("pk"), function="COUNT")),
        output_field=IntegerField(),
    )


def _day(value: datetime.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _url(name: str, *args: Any, query: dict | None = None) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _first(records: list, limit: int | None) -> tuple[list, int]:
    """The first `limit` of `records` (every one when None) and how many are left out."""
    shown = records if limit is None else records[:limit]
    return shown, len(records) - len(shown)


# 1. The leadership dialogue, each spring (MoU, "Årlig uppföljning": "på våren varje år").


def _dialogue_in_season(
    partnership: Partnership, access: PartnershipAccess, on: datetime.date, limit: int | None
) -> Finding:
    season_first, season_last = partnership.dialogue_season(on.year)
    season = {"first": _day(season_first), "last": _day(season_last)}
    # Partial dates are ISO text: every date of the year sorts at or after "2026", before "2027".
    dialogues = [
        d
        for d in LeadershipDialogue.objects.filter(
            partnership=partnership, held_on__gte=str(on.year), held_on__lt=str(on.year + 1)
        )
        .select_related("partnership")  # its season
        .order_by("held_on", "pk")
        # A dialogue dated after the day had not been held on it.
        if d.held_on.first_day() <= on
    ]
    finding = Finding(
        key="dialogue_in_season",
        obligation=_(
            "The leaderships discuss and follow up the activities each spring: the world "
            "around, trends, future challenges and adjustments of direction."
        ),
        ok=False,
        evidence="",
    )
    if access.can_record_dialogues:
        finding.action_url = _url("partnerships:dialogue_create", partnership.pk)
        finding.action_label = _("Record a leadership dialogue")

    def within(d: LeadershipDialogue) -> bool:
        # The dialogue's own judgement: a date known to the month counts by its whole span; a
        # bare year cannot tell (None), and so does not count.
        return d.held_in_season() is True

    held = next((d for d in dialogues if within(d)), None)
    if held is not None:
        finding.ok = True
        finding.action_url = finding.action_label = ""
        if held.held_on.precision is Precision.DAY:
            finding.evidence = _(
                "The leadership dialogue was held on %(held)s, within this year's season "
                "(%(first)s to %(last)s)."
            ) % {"held": held.held_on.display(), **season}
        else:
            finding.evidence = _(
                "The leadership dialogue was held in %(held)s, a date known to the month only; "
                "the whole month lies within this year's season (%(first)s to %(last)s)."
            ) % {"held": held.held_on.display(), **season}
        shown, finding.more = _first([held], limit)
        finding.items = [_dialogue_item(d, access) for d in shown]
        return finding

    shown, finding.more = _first(dialogues, limit)
    finding.items = [_dialogue_item(d, access) for d in shown]
    if any(d.held_on.precision is Precision.YEAR for d in dialogues):
        finding.evidence = _(
            "A leadership dialogue of %(year)s is recorded, but its date is known to the year "
            "only, so it cannot be shown to lie within the season (%(first)s to %(last)s). "
            "Give its month or day."
        ) % {"year": on.year, **season}
    elif dialogues:
        finding.evidence = _(
            "The leadership dialogues recorded for %(year)s do not lie wholly within the "
            "season (%(first)s to %(last)s)."
        ) % {"year": on.year, **season}
    elif on <= season_last:
        finding.evidence = (
            _("Not yet held this year: due by %(last)s (the season runs from %(first)s).") % season
        )
    else:
        finding.evidence = (
            _("No leadership dialogue was held in this year's season (%(first)s to %(last)s).")
            % season
        )
    return finding


def _dialogue_item(dialogue: LeadershipDialogue, access: PartnershipAccess) -> FindingItem:
    # Everyone taking part reads a dialogue's page.
    return FindingItem(
        label=_("%(held)s: %(title)s") % {"held": dialogue.held_on.display(), "title": dialogue},
        url=_url("partnerships:dialogue_detail", access.partnership.pk, dialogue.pk),
    )


# 2. The joint steering group: constituted from every party, and meeting ("tillsätts en
# gemensam styrgrupp med uppdrag att utveckla samarbetet ... följa upp ... bereda underlag").


def _steering_group(
    partnership: Partnership,
    access: PartnershipAccess,
    sides: list[Party],
    on: datetime.date,
    last_meeting: datetime.date | None,
    limit: int | None,
) -> Finding:
    since = add_months(on, -MEETING_MONTHS)
    missing = [party for party in sides if not party.seated]
    met = last_meeting is not None and last_meeting >= since
    sentences = []
    if missing:
        sentences.append(
            _("No current member for %(parties)s.")
            % {"parties": ", ".join(str(p.organisation) for p in missing)}
        )
    else:
        sentences.append(
            _("Current members from every party: %(parties)s.")
            % {"parties": ", ".join(f"{party.organisation} ({party.seated})" for party in sides)}
        )
    if last_meeting is None:
        sentences.append(_("No meeting of the steering group is recorded."))
    elif met:
        sentences.append(_("It last met on %(date)s.") % {"date": _day(last_meeting)})
    else:
        sentences.append(
            _("It last met on %(date)s, more than %(months)s months before %(on)s.")
            % {"date": _day(last_meeting), "months": MEETING_MONTHS, "on": _day(on)}
        )
    shown, more = _first(missing, limit)
    finding = Finding(
        key="steering_group",
        obligation=_(
            "A joint steering group develops the collaboration, follows it up and prepares the "
            "material for the leadership dialogue."
        ),
        ok=not missing and met,
        evidence=" ".join(sentences),
        items=[
            FindingItem(label=_("No member for %(party)s") % {"party": party.organisation})
            for party in shown
        ],
        more=more,
    )
    if not finding.ok and access.can_record_dialogues:
        if missing:
            finding.action_url = _url("partnerships:steering_member_create", partnership.pk)
            finding.action_label = _("Add a steering-group member")
        else:
            finding.action_url = _url("partnerships:steering_group", partnership.pk)
            finding.action_label = _("Go to the steering group")
    return finding


# 3. Activities regulated by specific agreements ("När konkreta aktiviteter definieras ska
# dessa regleras i särskilda avtal, undertecknade av båda Parterna").


def _ongoing(activities: QuerySet, partnership: Partnership) -> QuerySet:
    """The ongoing activities of kinds that need an agreement, among `activities`."""
    return activities.filter(
        needs_agreement(partnership.pk), partnership=partnership, status=Activity.Status.ONGOING
    )


def _in_force(partnership: Partnership, on: datetime.date) -> QuerySet:
    """The partnership's agreements in force on the day, as the agreements' own rule says."""
    return Agreement.objects.filter(partnership=partnership).in_force(on)  # unmasked: counted


def _regulated(partnership: Partnership, on: datetime.date) -> Exists:
    """The SQL condition "an agreement in force on the day regulates the activity"."""
    return Exists(
        Regulation.objects.filter(
            activity=OuterRef("pk"), agreement__in=_in_force(partnership, on).values("pk")
        )
    )


def _activities_regulated(
    partnership: Partnership,
    access: PartnershipAccess,
    user: Any,
    on: datetime.date,
    limit: int | None,
) -> Finding:
    regulated = _regulated(partnership, on)
    # Both counts in one pass over the activities; NOT EXISTS as a per-row filter of the count
    # (not a WHERE) keeps PostgreSQL from hashing every regulation of the installation.
    counts = _ongoing(Activity.objects.all(), partnership).aggregate(  # unmasked: counted
        total=Count("pk"), unregulated=Count("pk", filter=~regulated)
    )
    total, unregulated = counts["total"], counts["unregulated"]
    finding = Finding(
        key="activities_regulated",
        obligation=_(
            "Concrete activities are regulated in specific agreements signed by the parties."
        ),
        ok=not unregulated,
        evidence="",
    )
    if not total:
        finding.evidence = _("No ongoing activity of a kind that needs an agreement.")
        return finding
    if not unregulated:
        finding.evidence = ngettext(
            "The %(count)s ongoing activity of a kind that needs an agreement is regulated by "
            "an agreement in force on %(on)s.",
            "All %(count)s ongoing activities of kinds that need an agreement are regulated by "
            "an agreement in force on %(on)s.",
            total,
        ) % {"count": total, "on": _day(on)}
        return finding
    finding.evidence = ngettext(
        "%(count)s of %(total)s ongoing activities of kinds that need an agreement is not "
        "regulated by an agreement in force on %(on)s.",
        "%(count)s of %(total)s ongoing activities of kinds that need an agreement are not "
        "regulated by an agreement in force on %(on)s.",
        unregulated,
    ) % {"count": unregulated, "total": total, "on": _day(on)}
    if can_draft_agreements(access):
        finding.action_url = _url("agreements:agreement_create", partnership.pk)
        finding.action_label = _("Record an agreement")
    if limit != 0:
        listed = (
            _ongoing(Activity.objects.for_user(user), partnership)
            .filter(~regulated)
            # Only the title and kind are shown: no parties or people to fetch.
            .prefetch_related(None)
            .order_by("starts", "pk")
        )
        finding.items = [_activity_item(a, access) for a in listed[:limit]]
    # Counted and listed in two statements: a record changed in between may not tally.
    finding.more = max(unregulated - len(finding.items), 0)
    return finding


def _activity_item(activity: Activity, access: PartnershipAccess) -> FindingItem:
    label = _("%(title)s (%(kind)s)") % {
        "title": activity.title,
        "kind": activity.get_kind_display(),
    }
    if getattr(activity, "_masked", False):
        # Some part is marked secret and the reader is not entitled: the title as masked (if
        # it is), and no way in from here.
        return FindingItem(label=label)
    return FindingItem(
        label=label, url=_url("activities:activity_detail", access.partnership.pk, activity.pk)
    )


# 4. Personnel exchanges within the areas, with purpose, conditions and both benefits clear
# ("Positioner och områden för personutbyten ska ligga inom de samarbetsområden som
# identifierats i ledningsdialogen. Syfte ..., villkoren och dess nytta för båda ...").


def _exchanges_valid(
    partnership: Partnership, access: PartnershipAccess, on: datetime.date, limit: int | None
) -> Finding:
    exchanges = list(
        PersonnelExchange.objects.filter(partnership=partnership, ends_on__gte=on)
        .select_related("person", "area")
        .order_by("starts_on", "pk")
    )
    at_fault = []
    for exchange in exchanges:
        problems = approval_problems(exchange)
        if problems:
            at_fault.append((exchange, problems))
    shown, more = _first(at_fault, limit)
    finding = Finding(
        key="exchanges_valid",
        obligation=_(
            "Every personnel exchange lies within a collaboration area identified in the "
            "leadership dialogue, with its purpose, conditions and benefit for both "
            "organisations clear."
        ),
        ok=not at_fault,
        evidence="",
        items=[
            FindingItem(
                label=_("%(person)s, %(position)s: %(problems)s")
                % {
                    "person": exchange.person.name,
                    "position": exchange.position,
                    "problems": " ".join(str(p.message) for p in problems),
                },
                url=_url("activities:exchange_detail", partnership.pk, exchange.pk),
            )
            for exchange, problems in shown
        ],
        more=more,
    )
    if not exchanges:
        finding.evidence = _("No personnel exchange under way or to come on %(on)s.") % {
            "on": _day(on)
        }
    elif not at_fault:
        finding.evidence = ngettext(
            "The %(count)s exchange under way or to come lies within an area, with purpose, "
            "conditions and both benefits stated.",
            "All %(count)s exchanges under way or to come lie within an area, with purpose, "
            "conditions and both benefits stated.",
            len(exchanges),
        ) % {"count": len(exchanges)}
    else:
        finding.evidence = ngettext(
            "%(count)s of %(total)s exchanges under way or to come does not meet the rule.",
            "%(count)s of %(total)s exchanges under way or to come do not meet the rule.",
            len(at_fault),
        ) % {"count": len(at_fault), "total": len(exchanges)}
        if access.can_edit:
            finding.action_url = _url("activities:exchange_list", partnership.pk)
            finding.action_label = _("Go to the personnel exchanges")
    return finding


# 5. Contact persons on every side for every area ("genom av Parterna utsedda
# kontaktpersoner, som kan vara flera såväl hos KTH som hos Stockholms stad beroende på
# samarbetsfält").


def _contacts_named(
    partnership: Partnership,
    access: PartnershipAccess,
    sides: list[Party],
    on: datetime.date,
    limit: int | None,
) -> Finding:
    # Each area read with, for each side, whether that side names a contact for it.
    named = {
        f"named_{party.pk}": Exists(
            ContactPerson.objects.filter(partnership=partnership, area=OuterRef("pk"), party=party)
        )
        for party in sides
    }
    areas = list(
        CollaborationArea.objects.filter(partnership=partnership)
        .in_force(on=on)
        .annotate(**named)
        .order_by("identified_on", "name", "pk")
    )
    gaps = [
        (area, party) for area in areas for party in sides if not getattr(area, f"named_{party.pk}")
    ]
    shown, more = _first(gaps, limit)
    finding = Finding(
        key="contacts_named",
        obligation=_(
            "Communication goes through contact persons named by the parties, for every "
            "collaboration area on every side."
        ),
        ok=not gaps,
        evidence="",
        items=[
            FindingItem(
                label=_("%(area)s: no contact person for %(party)s")
                % {"area": area.display_name, "party": party.organisation},
                url=(
                    _url("partnerships:contact_create", partnership.pk, query={"area": area.pk})
                    if access.can_edit
                    else ""
                ),
            )
            for area, party in shown
        ],
        more=more,
    )
    if not areas:
        finding.evidence = _("No collaboration area is in force on %(on)s.") % {"on": _day(on)}
    elif not gaps:
        finding.evidence = ngettext(
            "The %(count)s area in force has a contact person on every side.",
            "Every one of the %(count)s areas in force has a contact person on every side.",
            len(areas),
        ) % {"count": len(areas)}
    else:
        finding.evidence = ngettext(
            "%(count)s contact person is missing in the %(areas)s areas in force.",
            "%(count)s contact persons are missing in the %(areas)s areas in force.",
            len(gaps),
        ) % {"count": len(gaps), "areas": len(areas)}
        if access.can_edit:
            finding.action_url = _url("partnerships:contact_create", partnership.pk)
            finding.action_label = _("Add a contact person")
    return finding


# 6. Agreements nearing their end or their notice deadline: a warning, so that the parties
# decide in time whether to renew, give notice or let them end.


def _agreements_deadlines(
    partnership: Partnership,
    access: PartnershipAccess,
    user: Any,
    on: datetime.date,
    in_force: int,
    limit: int | None,
) -> Finding:
    near = _coming_due(partnership, on) if in_force else []
    shown, more = _first(near, limit)
    # Only the agreements listed are read whole, as the reader may see them.
    readable = {
        agreement.pk: agreement
        for agreement in Agreement.objects.for_user(user)
        .filter(pk__in=[agreement.pk for agreement, _end, _deadline in shown])
        .prefetch_related(None)  # no register entries are shown
    }
    finding = Finding(
        key="agreements_deadlines",
        obligation=_(
            "Agreements nearing their end or their notice deadline are renewed, given notice "
            "or let end in time."
        ),
        ok=not near,
        evidence="",
        items=[
            _agreement_item(readable[agreement.pk], end, deadline, access)
            for agreement, end, deadline in shown
            if agreement.pk in readable  # not deleted since
        ],
        more=more,
    )
    if not in_force:
        finding.evidence = _("No agreement is in force on %(on)s.") % {"on": _day(on)}
    elif not near:
        finding.evidence = ngettext(
            "None of the %(count)s agreement in force ends or reaches its notice deadline "
            "within %(days)s days.",
            "None of the %(count)s agreements in force ends or reaches its notice deadline "
            "within %(days)s days.",
            in_force,
        ) % {"count": in_force, "days": DEADLINE_DAYS}
    else:
        finding.evidence = ngettext(
            "%(count)s agreement ends or reaches its notice deadline within %(days)s days. "
            "This is a reminder to decide in time, not a breach of the MoU.",
            "%(count)s agreements end or reach their notice deadline within %(days)s days. "
            "This is a reminder to decide in time, not a breach of the MoU.",
            len(near),
        ) % {"count": len(near), "days": DEADLINE_DAYS}
        if access.roles.has(*TERMINATE_AGREEMENTS):
            finding.action_url = _url("agreements:agreement_list", partnership.pk)
            finding.action_label = _("Go to the agreements")
    return finding


def _coming_due(
    partnership: Partnership, on: datetime.date
) -> list[tuple[Agreement, datetime.date | None, datetime.date | None]]:
    """The agreements in force whose term ends, or whose notice deadline falls, within
    DEADLINE_DAYS of the day, soonest first, each with those of its two days that do.

    SQL narrows the agreements to those that may (`_may_come_due`); each agreement's own
    methods judge them, so that the panel says what the agreement's page says. Only the dates
    are read: the ones listed are read again through `for_user`."""
    horizon = on + datetime.timedelta(days=DEADLINE_DAYS)
    candidates = (
        _in_force(partnership, on)
        .filter(_may_come_due(on, horizon))
        .only("ends_on", "notice_months", "renewal_months")
        .order_by("ends_on", "pk")
    )
    near = []
    for agreement in candidates:
        end = agreement.current_end(on)
        deadline = agreement.notice_deadline(on)
        soon_end = end if end is not None and on <= end <= horizon else None
        soon_deadline = deadline if deadline is not None and on <= deadline <= horizon else None
        if soon_end or soon_deadline:
            near.append((agreement, soon_end, soon_deadline))
    near.sort(key=lambda row: min(d for d in row[1:] if d is not None))
    return near


def _may_come_due(on: datetime.date, horizon: datetime.date) -> Q:
    """A condition in SQL that every agreement whose running term ends, or whose notice
    deadline falls, from `on` to `horizon` meets (and few others do).

    It counts whole months (year × 12 + month), which calendar arithmetic keeps exact however
    it shortens a day to fit a month: a term ending in month E has its notice deadline in month
    E − notice_months, and a term renewed k times ends in month `ends_on` + k × renewal_months.
    So the running term of an agreement coming due ends from the day's month to the horizon's
    month plus the notice months; for one that renews itself, the last of its term ends up to
    that month must not fall before the day's month.
    """
    ends = _month_number("ends_on")
    first = on.year * 12 + on.month
    last = horizon.year * 12 + horizon.month + Coalesce("notice_months", 0)
    renewal = NullIf("renewal_months", 0)
    last_term_end = ends + (last - ends) / renewal * renewal
    once = Q(renewal_months__isnull=True) | Q(renewal_months=0)
    return LessThanOrEqual(ends, last) & (
        (once & GreaterThanOrEqual(ends, first)) | GreaterThanOrEqual(last_term_end, first)
    )


def _month_number(field: str) -> Any:
    """The date's year × 12 + month, as an integer (PostgreSQL extracts numerics)."""
    return Cast(ExtractYear(field), IntegerField()) * 12 + Cast(ExtractMonth(field), IntegerField())


def _agreement_item(
    agreement: Agreement,
    end: datetime.date | None,
    deadline: datetime.date | None,
    access: PartnershipAccess,
) -> FindingItem:
    if end and deadline:
        when = _("notice by %(deadline)s, ends on %(end)s") % {
            "deadline": _day(deadline),
            "end": _day(end),
        }
    elif deadline:
        when = _("notice by %(deadline)s") % {"deadline": _day(deadline)}
    else:
        when = _("ends on %(end)s") % {"end": _day(end)}  # type: ignore[arg-type]
    label = _("%(title)s: %(when)s") % {"title": agreement.title, "when": when}
    if getattr(agreement, "_masked", False):
        # Some part is marked secret and the reader is not entitled: no way in from here.
        return FindingItem(label=label)
    return FindingItem(
        label=label,
        url=_url("agreements:agreement_detail", access.partnership.pk, agreement.uuid),
    )

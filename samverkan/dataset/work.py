"""Each framework agreement's specific agreements (R8) and activities (R3, R4).

The rules the services hold are kept here by construction:

- an agreement's parties are the partnership's, each with required signatories of its own
  organisation (its head, often its deputy too); only they sign, in the application for
  themselves, after it was sent; it entered into force on the day of the last signature;
  one that is still out for signature lacks at least one, a draft has none;
- every agreement is registered by each party (a registration number unique per party);
  one in ten is confidential, marked with the provision, date and authority;
- an activity of a kind that needs an agreement and that has started (ongoing, completed)
  started while an agreement regulating it was in force: on or after the agreement's entry
  into force and the start of its term, before its end or termination;
- every activity lies within its partnership's validity, and its figures fit its kind.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid
from collections import defaultdict
from decimal import Decimal
from itertools import zip_longest

from samverkan.activities.models import (
    FIGURES_BY_KIND,
    KINDS_WITHOUT_AGREEMENT,
    Activity,
    ActivityKind,
    ActivityParty,
)
from samverkan.agreements.models import Agreement, Registration, SecrecyMarking, Signature
from samverkan.lib.partial_dates import PartialDate

from . import tables as t
from .accounts import Accounts
from .context import Generation, Plan, Side, day_between, days, stamp
from .scales import AS_OF
from .text import BENEFITS, DESCRIPTIONS, OUTCOMES, ROLES, TOPICS, ascii_word, sentence

S = Agreement.Status
A = Activity.Status
KINDS = [kind.value for kind in ActivityKind]
KIND_WEIGHTS = {
    ActivityKind.STUDENT_RECRUITMENT: 6,
    ActivityKind.ADVISORY_GROUP: 4,
    ActivityKind.STUDENT_CHALLENGE: 10,
    ActivityKind.GUEST_LECTURE: 16,
    ActivityKind.INTERNSHIP: 14,
    ActivityKind.DEGREE_PROJECT: 18,
    ActivityKind.CONTRACT_EDUCATION: 8,
    ActivityKind.RESEARCH_COLLABORATION: 12,
    ActivityKind.EU_PROJECT: 4,
    ActivityKind.OTHER: 8,
}
CUMULATIVE = [sum(KIND_WEIGHTS[ActivityKind(k)] for k in KINDS[: n + 1]) for n in range(len(KINDS))]
NEEDS_AGREEMENT = {kind for kind in KINDS if kind not in KINDS_WITHOUT_AGREEMENT}
# How long an activity of each kind lasts, in days (from, to); None: it may run on with no end.
DURATION = {
    ActivityKind.STUDENT_RECRUITMENT: (0, 30),
    ActivityKind.ADVISORY_GROUP: None,
    ActivityKind.STUDENT_CHALLENGE: (30, 120),
    ActivityKind.GUEST_LECTURE: (0, 0),
    ActivityKind.INTERNSHIP: (60, 180),
    ActivityKind.DEGREE_PROJECT: (120, 180),
    ActivityKind.CONTRACT_EDUCATION: (30, 365),
    ActivityKind.RESEARCH_COLLABORATION: (365, 1460),
    ActivityKind.EU_PROJECT: (730, 1825),
    ActivityKind.OTHER: (0, 365),
}
TITLES = {
    ActivityKind.STUDENT_RECRUITMENT: "Studentrekrytering till {place}: {topic}",
    ActivityKind.ADVISORY_GROUP: "Referensgrupp för {topic}",
    ActivityKind.STUDENT_CHALLENGE: "Studentutmaning om {topic} i {place}",
    ActivityKind.GUEST_LECTURE: "Gästföreläsning om {topic}",
    ActivityKind.INTERNSHIP: "Praktik inom {topic} i {place}",
    ActivityKind.DEGREE_PROJECT: "Examensarbete om {topic}",
    ActivityKind.CONTRACT_EDUCATION: "Uppdragsutbildning i {topic} för {place}",
    ActivityKind.RESEARCH_COLLABORATION: "Forskningssamarbete om {topic}",
    ActivityKind.EU_PROJECT: "{acronym}: {topic} i europeiska städer",
    ActivityKind.OTHER: "Gemensam workshop om {topic}",
}
# Ranges of each figure: students, participants, hours (tenths), funding (thousands).
FIGURE_RANGES = {
    "students": (1, 60),
    "participants": (2, 300),
    "hours": (10, 20_000),
    "funding_amount": (20, 8_000),
}
AGREEMENT_TITLES = (
    "Avtal om praktik och examensarbeten inom {topic}",
    "Samarbetsavtal om forskning om {topic}",
    "Avtal om uppdragsutbildning i {topic}",
    "Avtal om studentutmaningar om {topic}",
    "Avtal om datadelning för {topic}",
    "Avtal om gemensamt utvecklingsprojekt om {topic}",
)
PROVISIONS = ("OSL 31 kap. 16 §", "OSL 19 kap. 1 §", "OSL 24 kap. 8 §", "OSL 30 kap. 23 §")
DRAFT, SENT, SIGNED = "draft", "sent", "signed"


class Made:
    """An agreement as its activities need it: when it could regulate a start."""

    __slots__ = ("id", "drafted", "lo", "hi")

    def __init__(self, agreement: int, drafted: datetime.date) -> None:
        self.id = agreement
        self.drafted = drafted
        # The days it was in force (an activity regulated by it may have started then).
        self.lo: datetime.date | None = None
        self.hi: datetime.date | None = None


def generate_work(gen: Generation) -> None:
    accounts = gen.accounts
    for plan in gen.plans:
        rng = gen.rng("work", plan.id)
        made = [_agreement(gen, accounts, rng, plan, first=n == 0) for n in range(plan.agreements)]
        Activities(gen, rng, plan, made).generate()


def _agreement(gen: Generation, accounts: Accounts, rng, plan: Plan, *, first: bool) -> Made:
    agreement = gen.ids.next(t.AGREEMENT)
    chance = rng.random()
    mode = SIGNED if first or chance >= 0.08 else (DRAFT if chance < 0.04 else SENT)
    if first:
        drafted = day_between(rng, plan.first_day, min(plan.first_day + days(60), plan.last_day))
    elif mode == SIGNED:
        drafted = day_between(rng, plan.first_day, plan.last_day - days(40))
    else:
        drafted = day_between(rng, max(plan.first_day, plan.last_day - days(200)), plan.last_day)
    sent = drafted + days(rng.randint(2, 20))
    if sent > plan.last_day:
        mode = DRAFT
    signers = [
        (side, person, title)
        for side in plan.sides
        for person, title in zip(
            side.org.officers[: 2 if rng.random() < 0.3 else 1], side.org.head_titles, strict=False
        )
    ]
    signing_days = sorted(sent + days(rng.randint(0, 25)) for _ in signers)
    if mode == SIGNED and signing_days[-1] > plan.last_day:
        mode = SENT
    if mode == SENT:
        signed_count = rng.randrange(len(signers))
        signing_days = [d for d in signing_days[:signed_count] if d <= plan.last_day]
    elif mode == DRAFT:
        signing_days = []
    made = Made(agreement, drafted)
    term = _term(rng, plan, made, mode, signing_days, first=first)
    topic = rng.choice(TOPICS)
    title = rng.choice(AGREEMENT_TITLES).format(topic=topic)
    has_document = mode != DRAFT or rng.random() < 0.5
    uid = uuid.UUID(int=rng.getrandbits(128), version=4)
    sha = hashlib.sha256(f"{gen.seed}:{agreement}".encode()).hexdigest() if has_document else ""
    last_event = term.pop("last_event")
    gen.add(
        t.AGREEMENT,
        id=agreement,
        uuid=uid,
        partnership_id=plan.id,
        title=title,
        text=(
            f"{' och '.join(side.org.name for side in plan.sides)} reglerar här sitt samarbete "
            f"om {topic}. Var part bär sina egna kostnader om inte annat avtalas."
        ),
        document=f"agreements/{uid}.pdf" if has_document else "",
        document_name=f"avtal-{agreement}.pdf" if has_document else "",
        document_size=rng.randint(40_000, 900_000) if has_document else None,
        document_sha256=sha,
        version=1 + has_document + (mode != DRAFT) + bool(term["entered_into_force_on"]),
        created_at=stamp(drafted),
        updated_at=stamp(last_event),
        **term,
    )
    for n, side in enumerate(plan.sides):
        gen.add(
            t.AGREEMENT_PARTY,
            id=gen.ids.next(t.AGREEMENT_PARTY),
            agreement_id=agreement,
            party_id=side.party,
            at=stamp(drafted),
        )
        _register(gen, rng, plan, agreement, side, n, drafted, title)
    for (side, person, title_when_signing), day in zip_longest(signers, signing_days):
        signatory = gen.ids.next(t.REQUIRED_SIGNATORY)
        gen.add(
            t.REQUIRED_SIGNATORY,
            id=signatory,
            agreement_id=agreement,
            party_id=side.party,
            person_id=person,
            title=title_when_signing,
            at=stamp(drafted),
        )
        if day is not None:
            signed_at = stamp(day, hour=rng.randint(7, 14))
            gen.add(
                t.SIGNATURE,
                id=gen.ids.next(t.SIGNATURE),
                agreement_id=agreement,
                signatory_id=signatory,
                party_id=side.party,
                signed_at=signed_at,
                method=Signature.Method.IN_APP.value,
                recorded_by_id=accounts.signer(person),
                document_sha256=sha,
                at=signed_at,
            )
    if rng.random() < 0.1:
        side = rng.choice(plan.sides)
        targets = [SecrecyMarking.Target.TITLE]
        targets += [SecrecyMarking.Target.DOCUMENT] if rng.random() < 0.5 else []
        targets += [SecrecyMarking.Target.SUBJECT] if rng.random() < 0.3 else []
        for target in targets:
            gen.add(
                t.MARKING,
                id=gen.ids.next(t.MARKING),
                agreement_id=agreement,
                target=target.value,
                provision=rng.choice(PROVISIONS),
                marked_on=drafted,
                authority_id=side.org.id,
                marked_by_id=side.coordinator,
                at=stamp(drafted),
            )
    return made


def _term(rng, plan: Plan, made: Made, mode: str, signing_days, *, first: bool) -> dict:
    """The agreement's term, status and the days it was in force (set on `made`)."""
    term = {
        "starts_on": None,
        "ends_on": None,
        "notice_months": rng.choice((3, 3, 6, None)),
        "renewal_months": None,
        "entered_into_force_on": None,
        "terminated_on": None,
        "status": {DRAFT: S.DRAFT, SENT: S.SENT}.get(mode, S.IN_FORCE).value,
        "last_event": max([made.drafted, *signing_days]),
    }
    if mode != SIGNED:
        if rng.random() < 0.8:
            starts = made.drafted + days(rng.randint(30, 90))
            ends = starts + days(730)
            if plan.ends_on:
                ends = min(ends, plan.ends_on)
            if ends >= starts:
                term.update(starts_on=starts, ends_on=ends)
        return term
    in_force = signing_days[-1]
    starts = None if rng.random() < 0.2 else min(in_force + days(rng.randint(0, 45)), plan.last_day)
    begin = starts or in_force
    if plan.ends_on:
        ends = min(begin + days(rng.randint(365, 1825)), plan.ends_on)
    elif first or rng.random() < 0.15:
        ends = None
    else:
        ends = begin + days(rng.randint(365, 1825))
    renewal = rng.choice((12, 24)) if ends and not plan.ends_on and rng.random() < 0.2 else None
    term.update(
        starts_on=starts, ends_on=ends, renewal_months=renewal, entered_into_force_on=in_force
    )
    last = plan.last_day
    if ends and not renewal:
        last = min(last, ends)
    if not first and rng.random() < 0.04 and in_force + days(30) < last:
        terminated = day_between(rng, in_force + days(30), last)
        term.update(status=S.TERMINATED.value, terminated_on=terminated, last_event=terminated)
        last = terminated
    elif ends and not renewal and ends < AS_OF:
        term.update(status=S.EXPIRED.value, last_event=ends)
    if begin <= last:
        made.lo, made.hi = begin, last
    return term


def _register(gen: Generation, rng, plan: Plan, agreement: int, side: Side, n: int, drafted, title):
    """The agreement's entry in the party's register: drawn up by the first party, received
    by the others."""
    gen.registrations[side.party] = number = gen.registrations.get(side.party, 0) + 1
    registered = min(drafted + days(rng.randint(0, 7)), plan.last_day)
    prefix = side.org.registration_prefix
    gen.add(
        t.REGISTRATION,
        id=gen.ids.next(t.REGISTRATION),
        agreement_id=agreement,
        party_id=side.party,
        registration_number=f"{prefix} {registered.year}/{number:05d}",
        registered_on=registered,
        direction=(
            Registration.Direction.DRAWN_UP if n == 0 else Registration.Direction.RECEIVED
        ).value,
        correspondent=plan.sides[1 if n == 0 else 0].org.name,
        subject=title[:300],
        at=stamp(registered),
    )


class Activities:
    """A partnership's activities with their parties, participants, regulations and markings."""

    def __init__(self, gen: Generation, rng, plan: Plan, made: list[Made]) -> None:
        self.gen, self.rng, self.plan = gen, rng, plan
        self.in_force = [m for m in made if m.lo is not None]
        # The agreements in force at some time in each month: activities start on days spread
        # evenly over the partnership's years, each under one of the agreements in force then.
        self.by_month: dict[tuple[int, int], list[Made]] = defaultdict(list)
        for agreement in self.in_force:
            month = agreement.lo.replace(day=1)  # type: ignore[union-attr]
            while month <= agreement.hi:  # type: ignore[operator]
                self.by_month[month.year, month.month].append(agreement)
                month = (month + days(31)).replace(day=1)
        self.pending = [m for m in made if m.lo is None]
        self.places = [side.org.short for side in plan.sides]

    def generate(self) -> None:
        for _ in range(self.plan.activities):
            self.activity()

    def activity(self) -> None:
        rng, plan = self.rng, self.plan
        kind = rng.choices(KINDS, cum_weights=CUMULATIVE)[0]
        regulated_by, planned = None, False
        if kind in NEEDS_AGREEMENT and not self.in_force:
            kind = ActivityKind.GUEST_LECTURE.value
        if kind in NEEDS_AGREEMENT:
            if self.pending and rng.random() < 0.02:
                regulated_by, planned = rng.choice(self.pending), True
                start = min(regulated_by.drafted + days(rng.randint(30, 200)), plan.last_day)
                earliest = regulated_by.drafted
            else:
                regulated_by, start = self._under_agreement()
                earliest = regulated_by.lo
        else:
            start = day_between(rng, plan.first_day, plan.last_day)
            earliest = plan.first_day
        end = self._end(kind, start)
        starts = start.isoformat()
        if rng.random() < 0.15 and datetime.date(start.year, start.month, 1) >= earliest:
            starts = starts[:7]
        ends = end.isoformat() if end else None
        if end and rng.random() < 0.15:
            month = PartialDate(end.year, end.month)
            if plan.ends_on is None or month.last_day() <= plan.ends_on:
                ends, end = ends[:7], month.last_day()
        if planned:
            status = A.PLANNED
        elif end is not None and end < AS_OF:
            status = A.COMPLETED if rng.random() < 0.95 else A.CANCELLED
        else:
            status = A.ONGOING if rng.random() < 0.9 else A.PLANNED
        self._write(kind, start, end, starts, ends, status, regulated_by)

    def _under_agreement(self) -> tuple[Made, datetime.date]:
        """A day in the partnership's years and an agreement in force on it. Before its first
        agreement entered into force no day has one: after a few tries, a day of any."""
        rng, plan = self.rng, self.plan
        for _ in range(8):
            day = day_between(rng, plan.first_day, plan.last_day)
            month = self.by_month.get((day.year, day.month), ())
            candidates = [m for m in month if m.lo <= day <= m.hi]  # type: ignore[operator]
            if candidates:
                return rng.choice(candidates), day
        agreement = rng.choice(self.in_force)
        return agreement, day_between(rng, agreement.lo, agreement.hi)  # type: ignore[arg-type]

    def _end(self, kind: str, start: datetime.date) -> datetime.date | None:
        duration = DURATION[kind]
        if duration is None:
            if self.plan.ends_on is None and self.rng.random() < 0.3:
                return None
            duration = (365, 1825)
        end = start + days(self.rng.randint(*duration))
        return min(end, self.plan.ends_on) if self.plan.ends_on else end

    def _write(self, kind, start, end, starts, ends, status, regulated_by) -> None:
        rng, plan, gen = self.rng, self.plan, self.gen
        activity = gen.ids.next(t.ACTIVITY)
        topic = rng.choice(TOPICS) if rng.random() < 0.7 else plan.topic
        sides = plan.sides if rng.random() < 0.8 else [rng.choice(plan.sides)]
        a, b = sides[0].org.name, sides[-1].org.name
        acronym = ascii_word(topic.replace(" ", ""))[: rng.randint(4, 7)].upper()
        values = {
            "title": TITLES[kind].format(
                topic=topic, place=rng.choice(self.places), acronym=acronym
            ),
            "description": " ".join(
                sentence(rng, DESCRIPTIONS, a=a, b=b, topic=topic) for _ in range(2)
            ),
            "outcomes": sentence(rng, OUTCOMES, b=b, topic=topic)
            if status == A.COMPLETED and rng.random() < 0.6
            else "",
        }
        for figure in FIGURES_BY_KIND[kind]:
            if rng.random() < 0.7:
                low, high = FIGURE_RANGES[figure]
                value = rng.randint(low, high)
                if figure == "hours":
                    values[figure] = Decimal(value).scaleb(-1)
                elif figure == "funding_amount":
                    values[figure] = Decimal(value * 1_000)
                    values["funding_currency"] = "EUR" if kind == ActivityKind.EU_PROJECT else "SEK"
                else:
                    values[figure] = value
        if kind == ActivityKind.EU_PROJECT:
            programme = (
                Activity.Programme.HORIZON_2020
                if start.year < 2021
                else Activity.Programme.HORIZON_EUROPE
            )
            values.update(
                programme=programme.value,
                project_number=str(rng.randint(700_000, 101_999_999)),
                acronym=acronym,
            )
        on_record = min(start, AS_OF)
        gen.add(
            t.ACTIVITY,
            id=activity,
            partnership_id=plan.id,
            kind=kind,
            area_id=self._area(start),
            starts=starts,
            ends=ends,
            status=status.value,
            version={A.PLANNED: 1, A.ONGOING: 2}.get(status, 3),
            created_at=stamp(on_record),
            updated_at=stamp(min(end, AS_OF) if end and status != A.ONGOING else on_record),
            **values,
        )
        for n, side in enumerate(sides):
            gen.add(
                t.ACTIVITY_PARTY,
                id=gen.ids.next(t.ACTIVITY_PARTY),
                activity_id=activity,
                party_id=side.party,
                eu_role=(
                    (
                        ActivityParty.EuRole.COORDINATOR
                        if n == 0
                        else ActivityParty.EuRole.BENEFICIARY
                    ).value
                    if kind == ActivityKind.EU_PROJECT
                    else ""
                ),
                benefit=sentence(rng, BENEFITS, topic=topic) if rng.random() < 0.5 else "",
                at=stamp(on_record),
            )
        if rng.random() < 0.35:
            for _ in range(rng.randint(1, 2)):
                side = rng.choice(sides)
                unit = side.org.unit(rng) if rng.random() < 0.7 else None
                person = side.org.someone(rng) if unit is None or rng.random() < 0.6 else None
                gen.add(
                    t.PARTICIPANT,
                    id=gen.ids.next(t.PARTICIPANT),
                    activity_id=activity,
                    party_id=side.party,
                    unit_id=unit,
                    person_id=person,
                    role=rng.choice(ROLES),
                    at=stamp(on_record),
                )
        if regulated_by is not None:
            gen.add(
                t.REGULATION,
                id=gen.ids.next(t.REGULATION),
                agreement_id=regulated_by.id,
                activity_id=activity,
                at=stamp(max(on_record, regulated_by.drafted)),
            )
        if rng.random() < 0.01:
            side = sides[0]
            gen.add(
                t.MARKING,
                id=gen.ids.next(t.MARKING),
                activity_id=activity,
                target=rng.choice(SecrecyMarking.ACTIVITY_TARGETS).value,
                provision=rng.choice(PROVISIONS),
                marked_on=on_record,
                authority_id=side.org.id,
                marked_by_id=side.coordinator,
                at=stamp(on_record),
            )

    def _area(self, start: datetime.date) -> int | None:
        """An area in force when the activity starts (one in ten has none)."""
        if self.rng.random() < 0.1:
            return None
        current = [area for area in self.plan.areas if area.in_force(start)]
        return self.rng.choice(current).id if current else None

"""The framework agreements (MoUs): parties, signatories, clauses, notices, and their ten years
of follow-up: leadership dialogues, the collaboration areas they identify and retire, contact
persons, the steering group and its meetings.

Every date lies within the partnership's validity as the models judge it: from its signing
(a signing known to the month or year counts from its last day here, so that no part of a
span precedes it) to the end of its notice, if any, and never after the dataset's day.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.utils.text import slugify

from samverkan.followup.models import ActionItem, SteeringGroupMember
from samverkan.lib.calendar_months import add_months
from samverkan.lib.partial_dates import PartialDate
from samverkan.partnerships.models import Partnership, Party

from . import tables as t
from .accounts import Accounts
from .context import Area, Generation, Org, Plan, Side, day_between, days, stamp
from .scales import AS_OF, FIRST_YEAR, LAST_YEAR
from .text import ACTIONS, AREAS, CLAUSES, DECISIONS, TOPICS, sentence

TEN_YEARS_BEGIN = datetime.date(FIRST_YEAR, 1, 1)
SIGNING_YEARS = list(range(2008, 2022))
SIGNING_WEIGHTS = [8 if year < FIRST_YEAR else 6 for year in SIGNING_YEARS]
NOTICE_SHARE = 0.02
# The first partnership is a big city's MoU with a university, signed before the ten years and
# never given notice, holding this share of all activities, agreements and exchanges: at
# national scale, an export of 100,000 activities (issue 8) is one partnership's list.
BIG_CITY = "Stockholms kommun"
LARGEST_SHARE = 0.1


def generate_partnerships(gen: Generation) -> None:
    """Every MoU with its follow-up; gen.plans gets what the later parts need of each."""
    accounts = gen.accounts
    rng = gen.rng("partnerships")
    # Some universities take part in many more partnerships than others.
    weights = [rng.uniform(1, 6) for _ in gen.universities]
    by_county: dict[str, list[Org]] = {}
    for municipality in gen.municipalities:
        by_county.setdefault(municipality.county, []).append(municipality)
    regions = {region.county: region for region in gen.regions}
    [big_city] = [org for org in gen.municipalities if org.name == BIG_CITY]
    pairs: Counter[tuple[int, ...]] = Counter()
    sizes = []
    count = gen.scale.partnerships
    noticed = set(rng.sample(range(count), max(1, round(count * NOTICE_SHARE))))
    for n in range(count):
        university = rng.choices(gen.universities, weights)[0]
        if rng.random() < 0.6:
            municipality = rng.choice(by_county[university.county])
        else:
            municipality = rng.choice(gen.municipalities)
        shape = rng.random()
        if shape < 0.55:
            orgs = [municipality, university]
        elif shape < 0.75:
            orgs = [regions[university.county], university]
        elif shape < 0.87:
            orgs = [municipality, regions[municipality.county], university]
        elif shape < 0.95:
            orgs = [municipality, university, rng.choice(gen.actors)]
        else:
            other = rng.choice([u for u in gen.universities if u is not university])
            orgs = [municipality, university, other]
        largest = n == 0
        if largest:  # drawn as the others are, so that their draws stay as they were
            orgs = [big_city, gen.universities[0]]
        key = tuple(org.id for org in orgs)
        pairs[key] += 1
        plan = _partnership(gen, accounts, n, orgs, pairs[key], notice=n in noticed and not largest)
        gen.plans.append(plan)
        # How much work it has: a spread of small and large, in proportion to its years.
        years = max(1, (plan.last_day - plan.first_day).days) / 365
        sizes.append(rng.lognormvariate(0, 1.0) * years)
    # The largest partnership takes its share; the others share the rest by their sizes.
    rest = sum(sizes[1:])
    shares = [LARGEST_SHARE] + [(1 - LARGEST_SHARE) * size / rest for size in sizes[1:]]
    scale = gen.scale
    for plan, share in zip(gen.plans, shares, strict=True):
        plan.activities = round(scale.activities * share)
        plan.agreements = max(1, round(scale.agreements * share))
        plan.exchanges = round(scale.exchanges * share)


def _signing(rng, *, early: bool = False) -> PartialDate:
    """A signing date of record; `early`: before the dataset's ten years."""
    year = rng.choices(SIGNING_YEARS, SIGNING_WEIGHTS)[0]
    if early:
        year = min(year, FIRST_YEAR - 1)
    day = day_between(rng, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    precision = rng.random()
    if precision < 0.05:
        return PartialDate(year)
    if precision < 0.25:
        return PartialDate(year, day.month)
    return PartialDate.from_date(day)


def _partnership(
    gen: Generation, accounts: Accounts, n: int, orgs: list[Org], nth: int, *, notice: bool
) -> Plan:
    rng = gen.rng("partnership", n)
    partnership = gen.ids.next(t.PARTNERSHIP)
    signed = _signing(rng, early=n == 0)
    first_day = max(signed.last_day(), TEN_YEARS_BEGIN)
    name = "–".join(org.name for org in orgs) + ("" if nth == 1 else f" ({nth})")
    topic = rng.choice(TOPICS)
    notice_months = rng.choices([3, 6, 12], [80, 15, 5])[0]
    gen.add(
        t.PARTNERSHIP,
        id=partnership,
        name=name,
        slug=f"{slugify(name)[:60]}-{partnership}",
        kind=Partnership.Kind.MOU.value,
        description=(
            f"Avsiktsförklaring om samverkan mellan {', '.join(org.name for org in orgs)}, "
            f"med särskild inriktning på {topic}."
        ),
        place=orgs[0].short,
        signed_on=signed.isoformat(),
        notice_months=notice_months,
        at=stamp(signed.last_day()),
    )
    sides = []
    for org in orgs:
        party = gen.ids.next(t.PARTY)
        gen.add(
            t.PARTY,
            id=party,
            partnership_id=partnership,
            organisation_id=org.id,
            role=Party.Role.PARTY.value,
            at=stamp(signed.last_day()),
        )
        coordinator = accounts.coordinator(
            org, party=party, partnership=partnership, on=signed.last_day()
        )
        accounts.signers(org, partnership=partnership, on=signed.last_day())
        gen.add(
            t.SIGNATORY,
            id=gen.ids.next(t.SIGNATORY),
            party_id=party,
            person_id=org.officers[0],
            title=org.head_titles[0],
            signed_on=signed.isoformat(),
            at=stamp(signed.last_day()),
        )
        sides.append(Side(party, org, coordinator))
    for number, heading in enumerate(CLAUSES[: rng.randint(6, len(CLAUSES))], start=1):
        gen.add(
            t.CLAUSE,
            id=gen.ids.next(t.CLAUSE),
            partnership_id=partnership,
            number=number,
            heading=heading,
            body=(
                f"{heading}. Parterna, {' och '.join(org.name for org in orgs)}, är överens om "
                f"att samverka inom de områden som identifieras i ledningsdialogen, med "
                f"särskild inriktning på {topic}."
            ),
            at=stamp(signed.last_day()),
        )
    ends_on = None
    if notice and first_day + days(760) < AS_OF:
        given = day_between(rng, first_day + days(730), AS_OF - days(30))
        ends_on = add_months(given, notice_months)
        side = rng.choice(sides)
        gen.add(
            t.NOTICE,
            id=gen.ids.next(t.NOTICE),
            partnership_id=partnership,
            party_id=side.party,
            given_on=given,
            ends_on=ends_on,
            recorded_by_id=side.coordinator,
            at=stamp(given),
        )
    plan = Plan(
        id=partnership,
        name=name,
        topic=topic,
        sides=sides,
        signed_on=signed,
        first_day=first_day,
        last_day=min(ends_on, AS_OF) if ends_on else AS_OF,
        ends_on=ends_on,
    )
    dialogues = _dialogues(gen, rng, plan)
    _areas(gen, rng, plan, dialogues)
    _contacts(gen, rng, plan)
    _steering_group(gen, rng, plan)
    return plan


def _dialogues(gen: Generation, rng, plan: Plan) -> list[tuple[int, str, datetime.date]]:
    """One spring dialogue a year (a few years missed), with participants and decisions."""
    held = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        day = day_between(rng, datetime.date(year, 3, 1), datetime.date(year, 6, 30))
        if not plan.first_day <= day <= plan.last_day or rng.random() < 0.05:
            continue
        text = day.isoformat()
        month = PartialDate(year, day.month)
        if (
            rng.random() < 0.1
            and month.first_day() >= plan.first_day
            and month.last_day() <= plan.last_day
        ):
            text = month.isoformat()
        dialogue = gen.ids.next(t.DIALOGUE)
        topic = rng.choice(TOPICS)
        gen.add(
            t.DIALOGUE,
            id=dialogue,
            partnership_id=plan.id,
            held_on=text,
            title=f"Ledningsdialog våren {year}",
            summary=f"Ledningarna följde upp samarbetet {year - 1} och diskuterade {topic}.",
            world_around=f"Omvärldsanalys inför {year}: {rng.choice(TOPICS)}.",
            trends=f"Ökat intresse för {topic}.",
            future_challenges=f"Kompetensförsörjningen inom {rng.choice(TOPICS)}.",
            direction=rng.choice(("Oförändrade samarbetsområden.", f"Ökad inriktning på {topic}.")),
            at=stamp(day),
        )
        for side in plan.sides:
            for person in {side.org.officers[0], side.org.someone(rng)}:
                gen.add(
                    t.DIALOGUE_PARTICIPANT,
                    id=gen.ids.next(t.DIALOGUE_PARTICIPANT),
                    dialogue_id=dialogue,
                    person_id=person,
                    party_id=side.party,
                )
        for _ in range(rng.randint(1, 2)):
            gen.add(
                t.DIALOGUE_DECISION,
                id=gen.ids.next(t.DIALOGUE_DECISION),
                dialogue_id=dialogue,
                text=sentence(rng, DECISIONS, topic=topic),
                at=stamp(day),
            )
        held.append((dialogue, text, day))
    return held


def _areas(gen: Generation, rng, plan: Plan, dialogues) -> None:
    """The MoU's own three areas, and areas later dialogues identified (some retired by a still
    later one, never by the one that identified them); some adjusted by a dialogue."""
    signed = plan.signed_on.isoformat()
    chosen = [(AREAS[n], None) for n in range(3)]
    if len(dialogues) > 1:
        extra = rng.sample(AREAS[3:], rng.randint(0, 3))
        chosen += [(names, rng.randrange(len(dialogues) - 1)) for names in extra]
    for (name, name_en), by in chosen:
        area = gen.ids.next(t.AREA)
        identified = signed if by is None else dialogues[by][1]
        retired = None
        values = {}
        if by is not None:
            values["identified_by_id"] = dialogues[by][0]
            if rng.random() < 0.15:
                later = rng.randrange(by + 1, len(dialogues))
                retired = dialogues[later][1]
                values["retired_by_id"] = dialogues[later][0]
        gen.add(
            t.AREA,
            id=area,
            partnership_id=plan.id,
            name=name,
            name_en=name_en,
            description=f"{name} inom samarbetet, med inriktning på {plan.topic}.",
            identified_on=identified,
            retired_on=retired,
            at=stamp(plan.first_day if by is None else dialogues[by][2]),
            **values,
        )
        plan.areas.append(Area(area, identified, retired))
    for dialogue, held, day in dialogues:
        if rng.random() < 0.25:
            current = [
                a
                for a in plan.areas
                if a.identified_on < held and (a.retired_on is None or a.retired_on > held)
            ]
            if current:
                gen.add(
                    t.AREA_ADJUSTMENT,
                    id=gen.ids.next(t.AREA_ADJUSTMENT),
                    area_id=rng.choice(current).id,
                    dialogue_id=dialogue,
                    description=f"Tyngdpunkten flyttas mot {rng.choice(TOPICS)}.",
                    at=stamp(day),
                )


def _contacts(gen: Generation, rng, plan: Plan) -> None:
    """For each area and each party one or two contact persons, and one for the whole."""
    for area in [*plan.areas, None]:
        for side in plan.sides:
            count = 2 if area is not None and rng.random() < 0.3 else 1
            for n, person in enumerate(side.org.several(rng, count)):
                gen.add(
                    t.CONTACT,
                    id=gen.ids.next(t.CONTACT),
                    partnership_id=plan.id,
                    area_id=area.id if area else None,
                    party_id=side.party,
                    person_id=person,
                    field=f"Särskilt {rng.choice(TOPICS)}" if n else "",
                    at=stamp(plan.first_day),
                )


def _steering_group(gen: Generation, rng, plan: Plan) -> None:
    """Two seats per party, some changing hands; about three meetings a year, with who came,
    decisions and action items (done, cancelled or still open, some overdue)."""
    members = []  # (person, party, from, until)
    for n, side in enumerate(plan.sides):
        people = side.org.several(rng, 4)
        for seat in range(2):
            if seat * 2 >= len(people):
                break
            role = SteeringGroupMember.Role.MEMBER
            if n == 0 and seat == 0:
                role = SteeringGroupMember.Role.CHAIR
            elif n == len(plan.sides) - 1 and seat == 1:
                role = SteeringGroupMember.Role.SECRETARY
            changes = plan.first_day + days(365) < plan.last_day - days(60)
            if seat * 2 + 1 < len(people) and changes and rng.random() < 0.3:
                change = day_between(rng, plan.first_day + days(365), plan.last_day - days(60))
                periods = [
                    (people[seat * 2], plan.first_day, change),
                    (people[seat * 2 + 1], change + days(1), plan.ends_on),
                ]
            else:
                periods = [(people[seat * 2], plan.first_day, plan.ends_on)]
            for person, starts, ends in periods:
                gen.add(
                    t.STEERING_MEMBER,
                    id=gen.ids.next(t.STEERING_MEMBER),
                    partnership_id=plan.id,
                    party_id=side.party,
                    person_id=person,
                    role=role.value,
                    starts_on=starts,
                    ends_on=ends,
                    at=stamp(starts),
                )
                members.append((person, side.party, starts, ends))
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month, day in ((2, 10), (5, 20), (10, 15)):
            held = datetime.date(year, month, day) + days(rng.randint(0, 20))
            if plan.first_day <= held <= plan.last_day:
                _meeting(gen, rng, plan, held, members)


def _meeting(gen: Generation, rng, plan: Plan, held: datetime.date, members) -> None:
    meeting = gen.ids.next(t.MEETING)
    topic = rng.choice(TOPICS)
    gen.add(
        t.MEETING,
        id=meeting,
        partnership_id=plan.id,
        held_on=held,
        place=rng.choice(plan.sides).org.short,
        agenda=f"1. Föregående protokoll\n2. Aktiviteter under året\n3. {topic.capitalize()}",
        minutes=f"Styrgruppen gick igenom årets aktiviteter och diskuterade {topic}.",
        at=stamp(held),
    )
    present = [m for m in members if m[2] <= held and (m[3] is None or m[3] >= held)]
    for person, party, _starts, _ends in present:
        if rng.random() < 0.9:
            gen.add(
                t.ATTENDEE,
                id=gen.ids.next(t.ATTENDEE),
                meeting_id=meeting,
                person_id=person,
                party_id=party,
            )
    for _ in range(rng.randint(1, 2)):
        gen.add(
            t.MEETING_DECISION,
            id=gen.ids.next(t.MEETING_DECISION),
            meeting_id=meeting,
            text=sentence(rng, DECISIONS, topic=topic),
            at=stamp(held),
        )
    for _ in range(rng.randint(0, 3) if present else 0):
        due = held + days(rng.randint(14, 120))
        status, closed = ActionItem.Status.OPEN, None
        if due < AS_OF:
            outcome = rng.random()
            if outcome < 0.9:
                status = ActionItem.Status.DONE if outcome < 0.85 else ActionItem.Status.CANCELLED
                closed = day_between(rng, held, min(due + days(20), AS_OF))
        gen.add(
            t.ACTION_ITEM,
            id=gen.ids.next(t.ACTION_ITEM),
            meeting_id=meeting,
            description=sentence(rng, ACTIONS, topic=topic),
            owner_id=rng.choice(present)[0],
            due_on=due,
            status=status.value,
            closed_on=closed,
            at=stamp(held),
        )

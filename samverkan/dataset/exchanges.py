"""Personnel exchanges (R5) with their approvals, and the readers who only look.

An exchange is between two parties of its partnership, for a person of the home organisation,
in an area in force on its first day (as `approval_problems` judges it). Most have purpose,
conditions and both benefits and are approved by both parties' coordinators; one in twenty
lacks one of them and is approved by nobody, as `approve_exchange` would refuse it.
"""

from __future__ import annotations

from samverkan.accounts.models import Role

from . import tables as t
from .context import Generation, day_between, days, stamp
from .text import TOPICS

POSITIONS = ("Utredare", "Projektledare", "Forskare", "Verksamhetsutvecklare", "Analytiker")
TEXTS = ("purpose", "conditions", "benefit_home", "benefit_host")
READER_PARTNERSHIPS = 5


def generate_exchanges(gen: Generation) -> None:
    for plan in gen.plans:
        rng = gen.rng("exchanges", plan.id)
        for _ in range(plan.exchanges):
            home, host = rng.sample(plan.sides, 2)
            starts = day_between(rng, plan.first_day, plan.last_day - days(30))
            ends = starts + days(rng.randint(30, 365))
            if plan.ends_on:
                ends = min(ends, plan.ends_on)
            areas = [area for area in plan.areas if area.in_force(starts)]
            topic = rng.choice(TOPICS)
            texts = {
                "purpose": f"Att utveckla arbetet med {topic} hos {host.org.name}.",
                "conditions": "Anställningen hos hemorganisationen består; lönen betalas av den.",
                "benefit_home": f"Erfarenhet av {topic} förs tillbaka till {home.org.name}.",
                "benefit_host": f"Tillgång till kompetens om {topic}.",
            }
            complete = rng.random() >= 0.05
            if not complete:
                texts[rng.choice(TEXTS)] = ""
            exchange = gen.ids.next(t.EXCHANGE)
            gen.add(
                t.EXCHANGE,
                id=exchange,
                partnership_id=plan.id,
                person_id=home.org.someone(rng),
                home_organisation_id=home.org.id,
                home_unit_id=home.org.unit(rng),
                host_organisation_id=host.org.id,
                host_unit_id=host.org.unit(rng) if rng.random() < 0.7 else None,
                position=f"{rng.choice(POSITIONS)}, {topic}",
                extent_percent=rng.choice((10, 20, 25, 50, 75, 100)),
                starts_on=starts,
                ends_on=ends,
                area_id=rng.choice(areas).id,
                at=stamp(starts - days(30)),
                **texts,
            )
            approving = {0: [], 1: [home]}.get(int(rng.random() * 20), [home, host])
            for side in approving if complete else []:
                gen.add(
                    t.APPROVAL,
                    id=gen.ids.next(t.APPROVAL),
                    exchange_id=exchange,
                    party_id=side.party,
                    approved_by_id=side.coordinator,
                    at=stamp(starts - days(rng.randint(1, 25))),
                )


def generate_readers(gen: Generation) -> None:
    accounts = gen.accounts
    """Users who read a few partnerships of one organisation (role viewer), as a colleague
    following the work would."""
    rng = gen.rng("readers")
    by_org: dict[int, list] = {}
    for plan in gen.plans:
        for side in plan.sides:
            by_org.setdefault(side.org.id, []).append((plan, side))
    busiest = sorted(by_org.values(), key=len, reverse=True)
    for n in range(gen.scale.readers):
        taking_part = busiest[n % len(busiest)]
        org = taking_part[0][1].org
        first = min(plan.first_day for plan, _side in taking_part)
        user = accounts.user(f"lasare-{n + 1}", org=org, person=org.next_account_person(), on=first)
        for plan, _side in rng.sample(taking_part, min(READER_PARTNERSHIPS, len(taking_part))):
            accounts.role(user, org=org, partnership=plan.id, role=Role.VIEWER.value, on=first)

"""Innovation offices, the networks they run, and the networks' innovation-support cases.

Each office is at a host university (R10), merged into its innovation unit, and runs a network
partnership of several universities with dated memberships (R11, R16), some of which ended or
were handed over within a year, as Stockholm University's was in 2012. A case is opened only
for an institution that is a member on its opening day (as `case_services.is_member_on` judges
it); its stages move forward in `STAGE_ORDER` (a move back gives its reason), and support and
outcomes come with the stages, every amount with its currency.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from samverkan.accounts.models import Role
from samverkan.innovation.models import CasePerson, InnovationCase, Outcome, Stage, Support
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation
from samverkan.partnerships.models import Collaborator, Partnership, Party

from . import tables as t
from .accounts import Accounts
from .context import Generation, Org, day_between, days, stamp
from .scales import AS_OF, FIRST_YEAR
from .text import INNOVATION_TECH, LAST_NAMES, TOPICS

MANDATE = "Propositionen Ett lyft för forskning och innovation"
NETWORKS_FORMED = datetime.date(2010, 1, 1)
FORWARD = (Stage.IDEA, Stage.VERIFICATION, Stage.PROTECTION, Stage.FUNDING, Stage.COMMERCIALISATION)
STAY = (  # days in each forward stage before moving on, from-to
    (30, 120),
    (120, 360),
    (90, 300),
    (120, 400),
    (180, 500),
)
BACKWARD_REASON = "Nyhetsgranskningen visade en tidigare känd lösning; mer verifiering behövs."
COLLABORATOR_KINDS = {
    Organisation.Kind.INCUBATOR: Collaborator.Kind.INCUBATOR,
    Organisation.Kind.RESEARCH_INSTITUTE: Collaborator.Kind.RESEARCH_INSTITUTE,
    Organisation.Kind.OTHER: Collaborator.Kind.REGIONAL_PARTNER,
}


class Network:
    """A network as its cases need it: the members' periods and their advisors."""

    def __init__(self, partnership: int, host: Org) -> None:
        self.partnership = partnership
        self.host = host
        self.periods: list[tuple[Org, datetime.date, datetime.date]] = []
        self.advisors: dict[int, int | None] = {}  # institution id -> advisor's person

    def members_on(self, day: datetime.date) -> list[Org]:
        """The members on `day` (once each: a handover year is in two periods)."""
        members = {org.id: org for org, first, last in self.periods if first <= day <= last}
        return list(members.values())


def generate_innovation(gen: Generation) -> None:
    accounts = gen.accounts
    rng = gen.rng("innovation")
    hosts = rng.sample(gen.universities, min(gen.scale.networks, len(gen.universities)))
    networks = [_network(gen, accounts, rng, host, hosts) for host in hosts]
    weights = [len(network.periods) for network in networks]
    incubators = [org for org in gen.actors if org.kind == Organisation.Kind.INCUBATOR] or hosts
    for n in range(gen.scale.cases):
        network = rng.choices(networks, weights)[0]
        _case(
            gen,
            gen.rng("case", n),
            network,
            incubators,
            [h for h in hosts if h is not network.host],
        )


def _network(gen: Generation, accounts: Accounts, rng, host: Org, hosts: list[Org]) -> Network:
    partnership = gen.ids.next(t.PARTNERSHIP)
    name = f"Innovationsnätverket kring {host.name}"
    gen.add(
        t.PARTNERSHIP,
        id=partnership,
        name=name,
        slug=f"innovationsnatverket-{partnership}",
        kind=Partnership.Kind.NETWORK.value,
        description=(
            f"Nätverk för innovationsstöd som leds av {host.short} Innovation, för att bredda, "
            "fördjupa och effektivisera innovationsstödet vid medlemmarna."
        ),
        lead_unit_id=host.innovation_unit,
        at=stamp(NETWORKS_FORMED),
    )
    network = Network(partnership, host)
    others = [u for u in gen.universities if u is not host]
    members = [host, *rng.sample(others, min(len(others), rng.randint(2, 5)))]
    for n, org in enumerate(members):
        party = gen.ids.next(t.PARTY)
        role = Party.Role.MEMBER if n == 0 or rng.random() < 0.8 else Party.Role.PARTICIPANT
        gen.add(
            t.PARTY,
            id=party,
            partnership_id=partnership,
            organisation_id=org.id,
            role=role.value,
            at=stamp(NETWORKS_FORMED),
        )
        accounts.coordinator(org, party=party, partnership=partnership, on=NETWORKS_FORMED)
        for starts, ends, note in _periods(rng, first=n == 0):
            gen.add(
                t.MEMBERSHIP,
                id=gen.ids.next(t.MEMBERSHIP),
                party_id=party,
                starts_on=starts.isoformat(),
                ends_on=ends.isoformat() if ends else None,
                note=note,
                at=stamp(starts.first_day()),
            )
            network.periods.append(
                (org, starts.first_day(), ends.last_day() if ends else datetime.date.max)
            )
        gen.add(
            t.CONTACT,
            id=gen.ids.next(t.CONTACT),
            partnership_id=partnership,
            party_id=party,
            person_id=org.someone(rng),
            at=stamp(NETWORKS_FORMED),
        )
        # An advisor of the host's office for the cases of each member (decision 0008).
        person = host.next_account_person()
        user = accounts.user(
            f"radgivare-{partnership}-{org.id}", org=host, person=person, on=NETWORKS_FORMED
        )
        accounts.role(
            user, org=org, partnership=partnership, role=Role.ADVISOR.value, on=NETWORKS_FORMED
        )
        network.advisors[org.id] = person
    partners = [org for org in gen.actors if org.kind in COLLABORATOR_KINDS]
    offices = [h for h in hosts if all(h is not m for m in members)]
    for org in rng.sample(partners, min(len(partners), rng.randint(2, 4))):
        _collaborator(gen, partnership, org, COLLABORATOR_KINDS[org.kind])
    for org in offices[:1]:
        _collaborator(gen, partnership, org, Collaborator.Kind.INNOVATION_OFFICE)
    gen.add(
        t.OFFICE,
        id=gen.ids.next(t.OFFICE),
        name=f"Innovationskontoret vid {host.name}",
        host_id=host.id,
        unit_id=host.innovation_office,
        merged_into_id=host.innovation_unit,
        mandate=MANDATE,
        mandate_reference="2008/09:50",
        established_on="2010",
        head_id=host.officers[1],
        contact_id=host.someone(rng),
        network_id=partnership,
        description=f"Innovationskontoret är införlivat i {host.short} Innovations verksamhet.",
        at=stamp(NETWORKS_FORMED),
    )
    return network


def _periods(rng, *, first: bool):
    """A member's membership periods: the host from the start; others joining later, a few
    leaving, a few handing over to a new period within a year (R16)."""
    if first:
        return [(PartialDate(2010), None, "Värdlärosäte.")]
    joined = PartialDate(rng.randint(2010, 2019))
    fate = rng.random()
    if fate < 0.15:
        left = PartialDate(rng.randint(joined.year + 1, 2023))
        return [(joined, left, "Lämnade nätverket.")]
    if fate < 0.3:
        change = PartialDate(rng.randint(joined.year + 1, 2023))
        return [
            (joined, change, "Innovationsstöd genom nätverket."),
            (change, None, "Eget innovationskontor; samarbetet har fortsatt."),
        ]
    return [(joined, None, "")]


def _collaborator(gen: Generation, partnership: int, org: Org, kind: Collaborator.Kind) -> None:
    gen.add(
        t.COLLABORATOR,
        id=gen.ids.next(t.COLLABORATOR),
        partnership_id=partnership,
        organisation_id=org.id,
        kind=kind.value,
        description=org.name,
        at=stamp(NETWORKS_FORMED),
    )


def _case(gen: Generation, rng, network: Network, incubators, offices) -> None:
    while True:
        opened = day_between(rng, datetime.date(FIRST_YEAR, 1, 1), AS_OF - days(7))
        members = network.members_on(opened)
        if members:
            break
    institution = rng.choice(members)
    case = gen.ids.next(t.CASE)
    origin = rng.choice(InnovationCase.Origin.values)
    unit = institution.innovation_unit if rng.random() < 0.5 else network.host.innovation_office
    stages = _stages(rng, opened)
    _from, stage, since = stages[-1]
    gen.add(
        t.CASE,
        id=case,
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        network_id=network.partnership,
        institution_id=institution.id,
        unit_id=unit,
        title=f"{rng.choice(INNOVATION_TECH).capitalize()} för {rng.choice(TOPICS)}",
        description="Idé från lärosätets forskare, studenter eller medarbetare.",
        origin=origin,
        opened_on=opened,
        stage=stage.value,
        stage_since=since,
        at=stamp(opened),
    )
    for person in institution.several(rng, rng.randint(1, 2)):
        gen.add(
            t.CASE_PERSON,
            id=gen.ids.next(t.CASE_PERSON),
            case_id=case,
            person_id=person,
            role=CasePerson.Role.INVENTOR.value,
        )
    advisor = network.advisors.get(institution.id)
    if advisor is not None:
        gen.add(
            t.CASE_PERSON,
            id=gen.ids.next(t.CASE_PERSON),
            case_id=case,
            person_id=advisor,
            role=CasePerson.Role.ADVISOR.value,
        )
    _support(gen, case, Support.Kind.MEETING, opened, note="Första mötet.")
    for from_stage, to_stage, day in stages[1:]:
        gen.add(
            t.STAGE_CHANGE,
            id=gen.ids.next(t.STAGE_CHANGE),
            case_id=case,
            from_stage=from_stage.value,
            to_stage=to_stage.value,
            changed_on=day,
            reason=BACKWARD_REASON
            if to_stage == Stage.VERIFICATION and from_stage == Stage.PROTECTION
            else "",
            at=stamp(day),
        )
        _stage_support(gen, rng, case, to_stage, day, incubators, offices)


def _stages(rng, opened: datetime.date) -> list[tuple[Stage | None, Stage, datetime.date]]:
    """The case's moves: (from, to, day), the first being its opening in the idea stage."""
    moves: list[tuple[Stage | None, Stage, datetime.date]] = [(None, Stage.IDEA, opened)]
    goal = rng.choices(range(len(FORWARD)), weights=[30, 25, 20, 12, 13])[0]
    position, since, went_back = 0, opened, False
    while True:
        low, high = STAY[position]
        day = since + days(rng.randint(low, high))
        if day > AS_OF:
            return moves
        stage = FORWARD[position]
        if position >= goal:
            if stage != Stage.COMMERCIALISATION or rng.random() < 0.5:
                moves.append((stage, Stage.CLOSED, day))
            return moves
        if stage == Stage.PROTECTION and not went_back and rng.random() < 0.1:
            moves.append((stage, Stage.VERIFICATION, day))
            position, since, went_back = 1, day, True
            continue
        moves.append((stage, FORWARD[position + 1], day))
        position, since = position + 1, day


def _support(gen: Generation, case: int, kind, day, **values) -> None:
    gen.add(
        t.SUPPORT,
        id=gen.ids.next(t.SUPPORT),
        case_id=case,
        kind=kind.value,
        given_on=day,
        at=stamp(day),
        **values,
    )


def _outcome(gen: Generation, case: int, kind, day, **values) -> None:
    gen.add(
        t.OUTCOME,
        id=gen.ids.next(t.OUTCOME),
        case_id=case,
        kind=kind.value,
        achieved_on=day,
        at=stamp(day),
        **values,
    )


def _stage_support(gen: Generation, rng, case: int, stage, day, incubators, offices) -> None:
    """The support and outcomes that come with entering a stage."""
    if stage == Stage.VERIFICATION:
        _support(
            gen,
            case,
            Support.Kind.VERIFICATION_FUNDING,
            day,
            amount=Decimal(rng.randrange(5, 31) * 10_000),
            currency="SEK",
            note="Verifieringsmedel.",
        )
        if offices and rng.random() < 0.15:
            _support(
                gen, case, Support.Kind.OFFICE_REFERRAL, day, referred_to_id=rng.choice(offices).id
            )
    elif stage == Stage.PROTECTION:
        _outcome(
            gen,
            case,
            Outcome.Kind.PATENT_APPLICATION,
            day,
            reference=f"SE{day.year}{rng.randrange(100_000, 999_999)}",
        )
    elif stage == Stage.FUNDING:
        _outcome(
            gen,
            case,
            Outcome.Kind.FUNDING_RAISED,
            day,
            amount=Decimal(rng.randrange(2, 40) * 50_000),
            currency="SEK",
            reference="Innovationsbidrag",
        )
    elif stage == Stage.COMMERCIALISATION:
        if rng.random() < 0.6:
            _support(
                gen,
                case,
                Support.Kind.INCUBATOR_REFERRAL,
                day,
                referred_to_id=rng.choice(incubators).id,
            )
            _outcome(
                gen,
                case,
                Outcome.Kind.COMPANY,
                day,
                reference=f"{rng.choice(LAST_NAMES)} Innovation AB",
            )
        else:
            _outcome(
                gen,
                case,
                Outcome.Kind.LICENCE,
                day,
                reference="Licens till ett svenskt industriföretag",
            )

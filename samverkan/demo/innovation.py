"""The demo's innovation office at KTH, its network InterAct and its innovation-support cases.

The office is as the source describes it (R10–R16): set up after the bill "Ett lyft för
forskning och innovation" (prop. 2008/09:50), merged into KTH Innovation, headed by Lisa
Ericsson, running InterAct. Everything else is fictional and says so: the advisors, the
inventors, the cases ("(exempel)") and the support to regional partners.

The cases are drawn from a generator with a fixed seed, so every load gives the same ones; each
keeps the rules the application enforces: opened while its institution is a member of the
network, no stage before the case was opened and none after today, a move backwards with its
reason, every amount with its currency.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from samverkan.activities import services as activity_services
from samverkan.activities.models import Activity, ActivityKind, ActivityKindSetting, ActivityParty
from samverkan.audit.services import create_record
from samverkan.innovation.models import (
    STAGE_ORDER,
    CasePerson,
    InnovationCase,
    InnovationOffice,
    Outcome,
    Stage,
    StageChange,
    Support,
)
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import Membership, Partnership, Party

from .replay import on

D = datetime.date
SEED = 20080950  # after the bill: any fixed number gives the same demo on every load
CASES_PER_INSTITUTION = 40
FIRST_YEAR, LAST_YEAR = 2014, 2026
MANDATE = "Propositionen Ett lyft för forskning och innovation"

FIRST_NAMES = [
    "Alva", "Axel", "Elsa", "Hugo", "Ida", "Leo", "Maja", "Nils", "Saga", "Viktor",
    "Wilma", "Oscar", "Tilda", "Emil", "Agnes", "Filip", "Klara", "Isak", "Ebba", "Ludvig",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Bergström", "Carlsson", "Dahlberg", "Eklund", "Fransson", "Gustavsson",
    "Hellström", "Isaksson", "Jansson", "Karlberg", "Lundgren", "Mattsson", "Nordström",
    "Olofsson", "Persson", "Sundberg", "Törnqvist", "Wallin", "Åkesson",
]  # fmt: skip
TITLES = [
    "Sensor för tidig upptäckt av lagerskador",
    "Självläkande betong med bakterier",
    "Batterimaterial utan kobolt",
    "AI-stöd för granskning av röntgenbilder",
    "Biologiskt nedbrytbar förpackningsfilm",
    "Energisnål kyla för datacenter",
    "Algoritm för planering av kollektivtrafik",
    "App för språkinlärning för nyanlända",
    "Vätgaslagring i metallhydrider",
    "Mätmetod för mikroplast i vatten",
    "Digital tvilling för fjärrvärmenät",
    "Trähus med förbättrad ljudisolering",
    "Snabbtest för antibiotikaresistens",
    "Plattform för delad mobilitet",
    "Lågkostnadsspektrometer för skolor",
    "Robotgripdon för mjuka föremål",
    "Återvinning av sällsynta jordartsmetaller",
    "Verktyg för klimatdeklaration av byggnader",
    "Kvantsäker krypteringsmodul",
    "Solcellsbeläggning för fasader",
    "Prediktivt underhåll av tåg",
    "Läromedel i programmering för lågstadiet",
    "Fiberbaserad ersättning för plast",
    "Drönare för inspektion av kraftledningar",
    "Biomarkör för tidig diagnos av sepsis",
    "Ljudbaserad diagnostik av maskiner",
    "Smart styrning av laddning för elbilar",
    "Rening av läkemedelsrester i avloppsvatten",
    "Tjänst för hållbara inköp i kommuner",
    "Tunn film för effektivare lysdioder",
    "Verktyg för tillgänglighetsgranskning av webbplatser",
    "Metod för koldioxidinfångning i cementindustrin",
    "Bärbar sensor för luftkvalitet",
    "Simulering av folkmassor vid evenemang",
    "Enzym för nedbrytning av textilfibrer",
    "Stöd för beslut i primärvården",
    "Isolering av återvunnen cellulosa",
    "Navigering inomhus för synskadade",
    "Modell för prognos av elpriser",
    "Kompakt vattenrening för landsbygden",
    "Spel för träning efter stroke",
    "Mjukvara för tolkning av satellitbilder",
]
BACKWARD_REASONS = [
    "Nyhetsgranskningen visade en tidigare känd lösning; mer verifiering behövs.",
    "Finansiären krävde fler försöksdata innan beslut.",
    "Patentansökan drogs tillbaka efter föreläggande; idén verifieras på nytt.",
]
# How long a case stays in a stage before it moves on (days, from-to).
STAY = {
    Stage.IDEA: (30, 120),
    Stage.VERIFICATION: (120, 360),
    Stage.PROTECTION: (90, 300),
    Stage.FUNDING: (120, 400),
    Stage.COMMERCIALISATION: (180, 500),
}
FORWARD = [Stage.IDEA, Stage.VERIFICATION, Stage.PROTECTION, Stage.FUNDING, Stage.COMMERCIALISATION]


@dataclass(frozen=True)
class Side:
    """A member institution with the unit that handles its cases and the advisor named on them."""

    organisation: Organisation
    unit: Unit | None
    advisor: Person
    # Part of the work is carried out in a department reporting to KTH Innovation (R13).
    also_unit: Unit | None = None


def _save(obj, *, day: datetime.date | None = None):
    if day is None:
        return create_record(obj, actor=None)
    with on(day):
        return create_record(obj, actor=None)


def load_office(
    *, kth: Organisation, kth_innovation: Unit, head: Person, interact: Partnership
) -> InnovationOffice:
    """The innovation office of KTH as the source describes it (R10, R14)."""
    office_unit = Unit.objects.get(organisation=kth, kind=Unit.Kind.INNOVATION_OFFICE)
    return _save(
        InnovationOffice(
            name="Innovationskontoret vid KTH",
            host=kth,
            unit=office_unit,
            merged_into=kth_innovation,
            mandate=MANDATE,
            mandate_reference="2008/09:50",
            established_on=PartialDate(2009),
            head=head,
            contact=head,
            network=interact,
            description=(
                "KTH fick i propositionen ”Ett lyft för forskning och innovation” (prop. "
                "2008/09:50) möjlighet att utveckla ett innovationskontor, i nära samarbete med "
                "andra lärosäten i regionen. Kontoret är införlivat i KTH Innovations verksamhet "
                "och bildade partnerskapet InterAct."
            ),
        )
    )


def is_member(party: Party, day: datetime.date) -> bool:
    """Whether the party's membership periods cover `day` (an unknown start or end is open)."""
    for period in Membership.objects.filter(party=party):
        starts = period.starts_on.first_day() if period.starts_on else D.min
        ends = period.ends_on.last_day() if period.ends_on else D.max
        if starts <= day <= ends:
            return True
    return False


def load_cases(
    *,
    interact: Partnership,
    sides: list[Side],
    incubator: Organisation,
    partner_offices: list[Organisation],
) -> list[InnovationCase]:
    """About forty fictional cases per member institution, opened 2014 to today."""
    rng = random.Random(SEED)  # noqa: S311 - a repeatable demo, not a secret
    today = timezone.localdate()
    cases = []
    for side in sides:
        party = Party.objects.get(partnership=interact, organisation=side.organisation)
        for n in range(CASES_PER_INSTITUTION):
            year = FIRST_YEAR + n * (LAST_YEAR - FIRST_YEAR + 1) // CASES_PER_INSTITUTION
            opened = D(year, 1, 1) + datetime.timedelta(days=rng.randrange(0, 360))
            if opened > today - datetime.timedelta(days=7) or not is_member(party, opened):
                continue
            cases.append(
                _load_case(
                    rng,
                    interact=interact,
                    side=side,
                    title=TITLES[(n + 7 * len(cases)) % len(TITLES)],
                    opened=opened,
                    today=today,
                    incubator=incubator,
                    partner_offices=partner_offices,
                )
            )
    return cases


def _load_case(
    rng: random.Random,
    *,
    interact: Partnership,
    side: Side,
    title: str,
    opened: datetime.date,
    today: datetime.date,
    incubator: Organisation,
    partner_offices: list[Organisation],
) -> InnovationCase:
    origin = rng.choice(list(InnovationCase.Origin))
    unit = side.also_unit if side.also_unit and rng.random() < 0.2 else side.unit
    case = _save(
        InnovationCase(
            network=interact,
            institution=side.organisation,
            unit=unit,
            title=f"{title} (exempel)",
            description="Fiktivt ärende i demodata.",
            origin=origin,
            opened_on=opened,
            stage=Stage.IDEA,
            stage_since=opened,
        ),
        day=opened,
    )
    inventor = _save(
        Person(
            organisation=side.organisation,
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            title={"researcher": "Forskare", "student": "Student", "staff": "Forskningsingenjör"}[
                origin
            ],
            is_fictional=True,
        ),
        day=opened,
    )
    with on(opened):
        CasePerson.objects.create(case=case, person=inventor, role=CasePerson.Role.INVENTOR)
        CasePerson.objects.create(case=case, person=side.advisor, role=CasePerson.Role.ADVISOR)
    _save(
        Support(case=case, kind=Support.Kind.MEETING, given_on=opened, note="Första mötet."),
        day=opened,
    )
    # How far the case gets: most ideas stop early, a few become companies or licences.
    goal = rng.choices(range(len(FORWARD)), weights=[30, 25, 20, 12, 13])[0]
    stage, since = Stage.IDEA, opened
    backwards_done = False
    while True:
        low, high = STAY[stage]
        day = since + datetime.timedelta(days=rng.randrange(low, high))
        if day > today:
            break
        order = FORWARD.index(stage) if stage in FORWARD else -1
        if order >= goal:
            # Done with it: closed after a while unless still being commercialised.
            if stage != Stage.COMMERCIALISATION or rng.random() < 0.5:
                _change(case, stage, Stage.CLOSED, day, reason="")
                stage, since = Stage.CLOSED, day
            break
        if stage == Stage.PROTECTION and not backwards_done and rng.random() < 0.15:
            _change(case, stage, Stage.VERIFICATION, day, reason=rng.choice(BACKWARD_REASONS))
            stage, since, backwards_done = Stage.VERIFICATION, day, True
            continue
        following = FORWARD[order + 1]
        _change(case, stage, following, day, reason="")
        _give(rng, case, following, day, incubator=incubator, partner_offices=partner_offices)
        stage, since = following, day
    if stage != case.stage:
        case.stage, case.stage_since = stage, since
        case.version += 1
        with on(since):
            case.save(update_fields=["stage", "stage_since", "version", "updated_at"])
    return case


def _change(case, from_stage, to_stage, day, *, reason: str) -> None:
    assert (STAGE_ORDER[to_stage] > STAGE_ORDER[from_stage]) or reason  # noqa: S101
    _save(
        StageChange(
            case=case, from_stage=from_stage, to_stage=to_stage, changed_on=day, reason=reason
        ),
        day=day,
    )


def _give(rng, case, stage, day, *, incubator, partner_offices) -> None:
    """The support and outcomes that come with entering a stage."""
    if stage == Stage.VERIFICATION:
        amount = Decimal(rng.randrange(5, 31) * 10_000)
        _save(
            Support(
                case=case,
                kind=Support.Kind.VERIFICATION_FUNDING,
                given_on=day,
                amount=amount,
                currency="SEK",
                note="Verifieringsmedel (exempel).",
            ),
            day=day,
        )
        if rng.random() < 0.15:
            _save(
                Support(
                    case=case,
                    kind=Support.Kind.OFFICE_REFERRAL,
                    given_on=day,
                    referred_to=rng.choice(partner_offices),
                    note="Hänvisat till ett partnerkontor med rätt kompetens (exempel).",
                ),
                day=day,
            )
    elif stage == Stage.PROTECTION:
        _save(
            Outcome(
                case=case,
                kind=Outcome.Kind.PATENT_APPLICATION,
                achieved_on=day,
                reference=f"SE{day.year}{rng.randrange(100000, 999999)} (exempel)",
            ),
            day=day,
        )
    elif stage == Stage.FUNDING:
        _save(
            Outcome(
                case=case,
                kind=Outcome.Kind.FUNDING_RAISED,
                achieved_on=day,
                amount=Decimal(rng.randrange(2, 40) * 50_000),
                currency="SEK",
                reference="Innovationsbidrag (exempel)",
            ),
            day=day,
        )
    elif stage == Stage.COMMERCIALISATION:
        if rng.random() < 0.6:
            _save(
                Support(
                    case=case,
                    kind=Support.Kind.INCUBATOR_REFERRAL,
                    given_on=day,
                    referred_to=incubator,
                ),
                day=day,
            )
            _save(
                Outcome(
                    case=case,
                    kind=Outcome.Kind.COMPANY,
                    achieved_on=day,
                    reference=f"{rng.choice(LAST_NAMES)} Innovation AB (exempel)",
                ),
                day=day,
            )
        else:
            _save(
                Outcome(
                    case=case,
                    kind=Outcome.Kind.LICENCE,
                    achieved_on=day,
                    reference="Licens till ett svenskt industriföretag (exempel)",
                ),
                day=day,
            )


# Two, not three: the MoU's demo activities plus these stay within the 25–40 that
# demo/tests/test_demo_data.py expects of the whole demo.
REGIONAL_SUPPORT = [
    (
        "2016-03",
        "2016-11",
        "Innovationsstöd till ett regionalt lärosäte (exempel)",
        "Rådgivare från InterAct handledde ett mindre lärosäte i regionen i att bygga upp sitt "
        "innovationsstöd.",
    ),
    (
        "2019-09",
        "2020-06",
        "Workshopserie för regionens inkubatorer (exempel)",
        "Gemensamma workshoppar om verifiering och immaterialrätt för regionens inkubatorer.",
    ),
]


def load_regional_support(*, interact: Partnership, kth: Organisation, actor) -> list[Activity]:
    """Support to regional partners (R15), recorded as completed activities of InterAct.

    Such support needs no specific agreement in this network (a setting of its own)."""
    _save(
        ActivityKindSetting(partnership=interact, kind=ActivityKind.OTHER, needs_agreement=False),
        day=D(2016, 1, 1),
    )
    party = Party.objects.get(partnership=interact, organisation=kth)
    activities = []
    for starts, ends, title, description in REGIONAL_SUPPORT:
        start, end = PartialDate.parse(starts), PartialDate.parse(ends)
        activity = _save(
            Activity(
                partnership=interact,
                kind=ActivityKind.OTHER,
                title=title,
                description=description,
                starts=start,
                ends=end,
                outcomes="Fiktiv post i demodata.",
            ),
            day=start.first_day(),
        )
        _save(
            ActivityParty(activity=activity, party=party, benefit="Stärkt regionalt nätverk."),
            day=start.first_day(),
        )
        with on(start.first_day()):
            activity_services.change_activity_status(
                activity, status=Activity.Status.ONGOING, actor=actor
            )
        with on(end.last_day()):
            activity_services.change_activity_status(
                activity, status=Activity.Status.COMPLETED, actor=actor
            )
        activities.append(activity)
    return activities

"""The demo data: the partnerships the two source documents describe, and demo users.

Everything the sources name is here as they name it; everything else (contact persons, the
dialogues, a few organisations) is fictional, and says so. Demo users exist only here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.audit.services import create_record
from samverkan.followup.models import DialogueDecision, DialogueParticipant, LeadershipDialogue
from samverkan.lib.partial_dates import PartialDate
from samverkan.organisations.models import Organisation, Person, Unit
from samverkan.partnerships.models import (
    Clause,
    Collaborator,
    Membership,
    Partnership,
    Party,
    Signatory,
)

from . import sources
from .activities import load_activities
from .agreements import end_agreements, load_agreements
from .exchanges import load_exchanges
from .innovation import Side, load_cases, load_office, load_regional_support
from .meetings import load_steering_group
from .replay import Cast

DEMO_PASSWORD = "demo"  # noqa: S105 - demo users exist only in demo installations


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str


DEMO_LOGINS = [
    DemoLogin("demo", "coordinator of the Stockholms stad–KTH partnership for KTH; sees InterAct"),
    DemoLogin("stad", "coordinator of the Stockholms stad–KTH partnership for Stockholms stad"),
    DemoLogin("styrgrupp", "steering group member (KTH) of the Stockholms stad–KTH partnership"),
    DemoLogin("ledning", "leadership of Stockholms stad in the partnership (may give notice)"),
    DemoLogin("registrator", "registrar of Stockholms stad in the partnership"),
    DemoLogin("lasare", "viewer of the Stockholms stad–KTH partnership"),
    DemoLogin("signerare_stad", "signs agreements for Stockholms stad (viewer of the partnership)"),
    DemoLogin("signerare_kth", "signs agreements for KTH (viewer of the partnership)"),
    DemoLogin("innovation", "coordinator of the InterAct network for KTH"),
    DemoLogin(
        "radgivare_kth",
        "innovation advisor in InterAct for KTH, Mälardalens universitet and Handelshögskolan "
        "(the members without an office of their own): sees their cases",
    ),
    DemoLogin("radgivare_su", "innovation advisor in InterAct for Stockholms universitet"),
    DemoLogin("outsider", "viewer at Solna stad, outside every partnership"),
    DemoLogin("admin", "site administrator"),
]


def _save(obj):
    return create_record(obj, actor=None)


def _org(name, kind, *, short="", number="", description="", fictional=False) -> Organisation:
    return _save(
        Organisation(
            name=name,
            short_name=short,
            kind=kind,
            organisation_number=number,
            description=description,
            is_fictional=fictional,
        )
    )


def _unit(org, name, kind, *, parent=None, reports_to=None, established=None, description=""):
    return _save(
        Unit(
            organisation=org,
            name=name,
            kind=kind,
            parent=parent,
            reports_to=reports_to,
            established_on=PartialDate.parse(established) if established else None,
            description=description,
        )
    )


def _person(org, name, title, *, unit=None, email="", fictional=True) -> Person:
    return _save(
        Person(
            organisation=org, unit=unit, name=name, title=title, email=email, is_fictional=fictional
        )
    )


# The yearly leadership dialogues (R6), all fictional: the sources name none. Each is held in
# the spring season (1 March to 30 June) and dated to the day; 2025's is known to the month
# only (created in load()). None is recorded for 2026, whose dialogue is still missing.
DIALOGUES = [
    ("2015-05-21", "digitaliseringen av stadens tjänster", "kompetensförsörjning för lärare"),
    ("2016-04-14", "bostadsbyggandet", "fler praktikplatser i staden"),
    ("2017-05-11", "smart mobilitet", "gemensamma examensarbeten om trafik"),
    ("2018-04-19", "klimatanpassning", "ett gemensamt labb för urbana data"),
    ("2019-05-16", "öppna data", "uppdragsutbildning i dataanalys"),
    ("2020-06-04", "pandemin och distansarbete", "digitala gästföreläsningar"),
    ("2021-05-27", "återhämtningen efter pandemin", "fler personutbyten"),
    ("2022-04-21", "energiomställningen", "EU-projekt inom Horisont Europa"),
    ("2023-05-11", "kompetensbristen inom teknik", "studentrekrytering till staden"),
    ("2024-04-25", "AI i offentlig sektor", "utbildning i AI för stadens chefer"),
]


def _load_dialogues(mou, latest, *, parties, people) -> None:
    """The dialogues of 2015–2024 and the participants and decisions of every dialogue.

    The participants are fictional people of the demo (never the real signatories), each for
    their own organisation's party.
    """
    dialogues = []
    for held, trend, decision in DIALOGUES:
        year = held[:4]
        dialogues.append(
            (
                _save(
                    LeadershipDialogue(
                        partnership=mou,
                        held_on=PartialDate.parse(held),
                        title=f"Ledningsdialog våren {year} (exempel)",
                        summary="Fiktiv post i demodata.",
                        world_around=f"Exempel: omvärldsanalys inför {year}.",
                        trends=f"Exempel: {trend}.",
                        future_challenges="Exempel: att behålla samarbetet i låg- och "
                        "högkonjunktur.",
                        direction="Exempel: oförändrade samarbetsområden.",
                    )
                ),
                f"Exempel: {decision}.",
            )
        )
    dialogues.append((latest, "Exempel: inriktningen för forskning och innovation justeras."))
    for dialogue, decision in dialogues:
        for party, person in [
            ("stad", "ryden"),
            ("stad", "holmgren"),
            ("kth", "wall"),
            ("kth", "erik"),
        ]:
            _save(
                DialogueParticipant(dialogue=dialogue, person=people[person], party=parties[party])
            )
        _save(DialogueDecision(dialogue=dialogue, text=decision))


def is_loaded() -> bool:
    return User.objects.filter(username="demo").exists()


@transaction.atomic
def load() -> None:
    kind = Organisation.Kind
    stad = _org("Stockholms stad", kind.MUNICIPALITY, short="Stockholms stad", number="212000-0142")
    kth = _org(
        "Kungliga Tekniska högskolan", kind.STATE_UNIVERSITY, short="KTH", number="202100-3054"
    )
    su = _org("Stockholms universitet", kind.STATE_UNIVERSITY, short="SU")
    mdu = _org(
        "Mälardalens universitet",
        kind.STATE_UNIVERSITY,
        short="MDU",
        description="Mälardalens högskola när InterAct bildades.",
    )
    hhs = _org("Handelshögskolan i Stockholm", kind.UNIVERSITY, short="HHS")
    uu = _org("Uppsala universitet", kind.STATE_UNIVERSITY, short="UU")
    ki = _org("Karolinska Institutet", kind.STATE_UNIVERSITY, short="KI")
    institute = _org(
        "Exempelinstitutet",
        kind.RESEARCH_INSTITUTE,
        description="Källan nämner ”flera forskningsinstitut” i regionen utan namn.",
        fictional=True,
    )
    incubator = _org(
        "Exempelinkubatorn",
        kind.INCUBATOR,
        description="Källan nämner ”inkubatorer i regionen” utan namn.",
        fictional=True,
    )
    solna = _org("Solna stad", kind.MUNICIPALITY)

    u = Unit.Kind
    slk = _unit(stad, "Stadsledningskontoret", u.ADMINISTRATION)
    units = {
        "slk": slk,
        "utbildning": _unit(stad, "Utbildningsförvaltningen", u.ADMINISTRATION),
        "trafik": _unit(stad, "Trafikkontoret", u.ADMINISTRATION),
        "stadsbyggnad": _unit(stad, "Stadsbyggnadskontoret", u.ADMINISTRATION),
        "miljo": _unit(stad, "Miljöförvaltningen", u.ADMINISTRATION),
        "exploatering": _unit(stad, "Exploateringskontoret", u.ADMINISTRATION),
    }
    abe = _unit(kth, "Skolan för arkitektur och samhällsbyggnad", u.SCHOOL)
    units["abe"] = abe
    units["livein"] = _unit(kth, "KTH Live-In Lab", u.LABORATORY, parent=abe)
    units["mobility"] = _unit(
        kth,
        "Centrum för smart mobilitet (exempel)",
        u.CENTRE,
        parent=abe,
        established="2016",
        description="Fiktivt centrum i demodata.",
    )
    units["datalab"] = _unit(
        kth,
        "Laboratoriet för urbana data (exempel)",
        u.LABORATORY,
        established="2019",
        description="Fiktivt laboratorium i demodata.",
    )
    units["itm"] = _unit(kth, "Skolan för industriell teknik och management", u.SCHOOL)
    kth_innovation = _unit(kth, "KTH Innovation", u.INNOVATION_UNIT)
    _unit(
        kth,
        "Innovationskontoret",
        u.INNOVATION_OFFICE,
        parent=kth_innovation,
        description=(
            "Inrättat efter propositionen ”Ett lyft för forskning och innovation” "
            "(prop. 2008/09:50); införlivat i KTH Innovations verksamhet."
        ),
    )
    _unit(
        kth,
        "Avdelningen för … (namnet saknas i källan)",
        u.DEPARTMENT,
        reports_to=kth_innovation,
        description=(
            "En mindre del av innovationskontorets verksamhet som rör samverkan genomförs här; "
            "verksamheten rapporteras till KTH Innovation. Källan lämnar avdelningens namn tomt."
        ),
    )
    _unit(
        su,
        "Innovationskontoret vid Stockholms universitet",
        u.INNOVATION_OFFICE,
        established="2012",
    )
    _unit(uu, "Innovationskontoret vid Uppsala universitet", u.INNOVATION_OFFICE)
    _unit(ki, "Innovationskontoret vid Karolinska Institutet", u.INNOVATION_OFFICE)

    nordin = _person(stad, "Sten Nordin", "Finansborgarråd", fictional=False)
    gudmundson = _person(kth, "Peter Gudmundson", "Rektor", fictional=False)
    ericsson = _person(
        kth,
        "Lisa Ericsson",
        "Avdelningschef KTH Innovation, verksamhetsansvarig innovationskontoret",
        unit=kth_innovation,
        email="lisaeric@kth.se",
        fictional=False,
    )
    karin = _person(kth, "Karin Berg", "Samverkansansvarig, grundutbildning", unit=abe)
    erik = _person(kth, "Erik Sjöberg", "Forskningssamordnare", unit=abe)
    anna = _person(kth, "Anna Lind", "HR-specialist")
    johan = _person(stad, "Johan Ek", "Strateg, kompetensförsörjning", unit=slk)
    maria = _person(stad, "Maria Holm", "Utvecklingsledare, forskning och innovation", unit=slk)
    sara = _person(stad, "Sara Nyström", "HR-strateg", unit=slk)
    oskar = _person(su, "Oskar Wikström", "Innovationsrådgivare")
    # Signatories of the specific agreements, and people taking part in the activities.
    ryden = _person(stad, "Helena Rydén", "Biträdande stadsdirektör", unit=slk)
    wall = _person(kth, "Gunnar Wall", "Vicerektor för samverkan")
    people = {
        "karin": karin,
        "erik": erik,
        "johan": johan,
        "sara": sara,
        "ryden": ryden,
        "wall": wall,
    }
    for key, org, name, title, unit in [
        ("holmgren", stad, "Birgitta Holmgren", "HR-direktör", "slk"),
        ("rask", stad, "Ulrika Rask", "Avdelningschef", "slk"),
        ("karimi", stad, "Ahmed Karimi", "Utvecklingsledare, digitalisering", "slk"),
        ("wiren", stad, "Anders Wirén", "Utbildningsdirektör", "utbildning"),
        ("bjork", stad, "Linnea Björk", "Enhetschef, gymnasieskolor", "utbildning"),
        ("lager", stad, "Torbjörn Lager", "Trafikdirektör", "trafik"),
        ("lundqvist", stad, "Per Lundqvist", "Trafikplanerare", "trafik"),
        ("almgren", stad, "Sofia Almgren", "Planarkitekt", "stadsbyggnad"),
        ("sandberg", stad, "Eva Sandberg", "Miljöstrateg", "miljo"),
        ("falk", stad, "Jonas Falk", "Projektledare", "exploatering"),
        ("dahl", kth, "Henrik Dahl", "Professor i transportsystem", "mobility"),
        ("forsberg", kth, "Lena Forsberg", "Docent i hållbar stadsutveckling", "abe"),
        ("ring", kth, "Tobias Ring", "EU-projektledare", "abe"),
        ("stromberg", kth, "Elin Strömberg", "Forskare", "livein"),
        ("oberg", kth, "Mats Öberg", "Universitetslektor i datavetenskap", "datalab"),
        ("hedlund", kth, "Petra Hedlund", "Programansvarig, uppdragsutbildning", "itm"),
    ]:
        people[key] = _person(org, name, title, unit=units[unit])
    _person(solna, "Olle Utanför", "Handläggare")

    mou = _save(
        Partnership(
            name="Stockholms stad–KTH",
            kind=Partnership.Kind.MOU,
            description=sources.MOU_DESCRIPTION,
            place="Stockholm",
            signed_on=PartialDate.parse("2014-05"),
            notice_months=3,
        )
    )
    mou_stad = _save(Party(partnership=mou, organisation=stad, role=Party.Role.PARTY))
    mou_kth = _save(Party(partnership=mou, organisation=kth, role=Party.Role.PARTY))
    _save(
        Signatory(
            party=mou_stad,
            person=nordin,
            title="Finansborgarråd",
            signed_on=PartialDate.parse("2014-05"),
        )
    )
    _save(
        Signatory(
            party=mou_kth, person=gudmundson, title="Rektor", signed_on=PartialDate.parse("2014-05")
        )
    )
    for number, (heading, body) in enumerate(sources.MOU_CLAUSES, start=1):
        _save(Clause(partnership=mou, number=number, heading=heading, body=body))

    dialogue = _save(
        LeadershipDialogue(
            partnership=mou,
            held_on=PartialDate.parse("2025-04"),
            title="Ledningsdialog våren 2025 (exempel)",
            summary=(
                "Fiktiv post i demodata: omvärld och trender, klimatomställningen som framtida "
                "utmaning, justerad inriktning för forskning och innovation."
            ),
            world_around="Exempel: osäkert konjunkturläge och ökade krav på klimatomställning.",
            trends="Exempel: fler EU-utlysningar om klimatneutrala städer.",
            future_challenges="Exempel: kompetensförsörjningen inom samhällsbyggnad.",
            direction="Exempel: forskning och innovation inriktas mot Horisont Europa.",
        )
    )
    competence = _save(
        CollaborationArea(
            partnership=mou,
            name="Kompetensförsörjning och kompetensutveckling",
            name_en="Competence supply and development",
            identified_on=PartialDate.parse("2014-05"),
        )
    )
    research = _save(
        CollaborationArea(
            partnership=mou,
            name="Forskning och innovationer",
            name_en="Research and innovation",
            identified_on=PartialDate.parse("2014-05"),
        )
    )
    exchanges = _save(
        CollaborationArea(
            partnership=mou,
            name="Personutbyten",
            name_en="Personnel exchanges",
            identified_on=PartialDate.parse("2014-05"),
        )
    )
    _save(
        AreaAdjustment(
            area=research,
            dialogue=dialogue,
            description="Exempel: tyngdpunkt på klimatneutral stad inom Horisont Europa.",
        )
    )
    _load_dialogues(mou, dialogue, parties={"stad": mou_stad, "kth": mou_kth}, people=people)
    for area, party, person, field in [
        (competence, mou_kth, karin, "Praktik, examensarbeten och studentutmaningar"),
        (competence, mou_stad, johan, "Praktik och studentrekrytering"),
        (competence, mou_stad, sara, "Uppdragsutbildning för stadens medarbetare"),
        (research, mou_kth, erik, ""),
        (research, mou_stad, maria, ""),
        (exchanges, mou_kth, anna, ""),
        (exchanges, mou_stad, sara, ""),
    ]:
        _save(ContactPerson(partnership=mou, area=area, party=party, person=person, field=field))

    interact = _save(
        Partnership(
            name="InterAct",
            kind=Partnership.Kind.NETWORK,
            description=sources.INTERACT_DESCRIPTION,
            lead_unit=kth_innovation,
        )
    )
    members = {}
    for org, role in [
        (kth, Party.Role.MEMBER),
        (su, Party.Role.MEMBER),
        (mdu, Party.Role.MEMBER),
        (hhs, Party.Role.PARTICIPANT),
    ]:
        members[org.pk] = _save(Party(partnership=interact, organisation=org, role=role))
    _save(Membership(party=members[kth.pk], note="Värdlärosäte; arbetet leds av KTH Innovation."))
    # The source dates one change: Stockholm University got its own innovation office in 2012
    # and stayed in InterAct. The start of the partnership is not dated there.
    _save(
        Membership(
            party=members[su.pk],
            ends_on=PartialDate(2012),
            note="Innovationsstöd genom partnerskapet, utan eget innovationskontor.",
        )
    )
    _save(
        Membership(
            party=members[su.pk],
            starts_on=PartialDate(2012),
            note="Eget innovationskontor från 2012 (propositionen 2012); samarbetet har fortsatt.",
        )
    )
    _save(
        Membership(party=members[mdu.pk], note="Mälardalens högskola när partnerskapet bildades.")
    )
    _save(Membership(party=members[hhs.pk], note="Ingår även i samarbetet."))
    for org, kind_, description in [
        (uu, Collaborator.Kind.INNOVATION_OFFICE, "Innovationskontoret vid Uppsala universitet"),
        (ki, Collaborator.Kind.INNOVATION_OFFICE, "Innovationskontoret vid Karolinska Institutet"),
        (institute, Collaborator.Kind.RESEARCH_INSTITUTE, ""),
        (incubator, Collaborator.Kind.INCUBATOR, ""),
    ]:
        _save(
            Collaborator(
                partnership=interact, organisation=org, kind=kind_, description=description
            )
        )
    _save(ContactPerson(partnership=interact, area=None, party=members[kth.pk], person=ericsson))
    _save(ContactPerson(partnership=interact, area=None, party=members[su.pk], person=oskar))
    kth_advisor = _person(kth, "Johanna Wik", "Innovationsrådgivare", unit=kth_innovation)

    # Hashed once for every demo user: hashing is slow by design.
    password = make_password(DEMO_PASSWORD)

    def user(username, first, last, *, person=None, superuser=False):
        account = User(
            username=username,
            first_name=first,
            last_name=last,
            person=person,
            is_superuser=superuser,
            is_staff=superuser,
            password=password,
        )
        account.save()
        return account

    def role(account, org, partnership, role_):
        _save(RoleAssignment(user=account, organisation=org, partnership=partnership, role=role_))

    demo = user("demo", "Karin", "Berg", person=karin)
    role(demo, kth, mou, Role.COORDINATOR)
    role(demo, kth, interact, Role.VIEWER)
    role(user("stad", "Johan", "Ek", person=johan), stad, mou, Role.COORDINATOR)
    role(user("styrgrupp", "Erik", "Sjöberg", person=erik), kth, mou, Role.STEERING_GROUP)
    role(user("ledning", "Sten", "Nordin", person=nordin), stad, mou, Role.LEADERSHIP)
    role(user("registrator", "Maria", "Holm", person=maria), stad, mou, Role.REGISTRAR)
    role(user("lasare", "Anna", "Lind", person=anna), kth, mou, Role.VIEWER)
    # The signatories sign the agreements of their party in the application, for themselves.
    role(user("signerare_stad", "Helena", "Rydén", person=ryden), stad, mou, Role.VIEWER)
    role(user("signerare_kth", "Gunnar", "Wall", person=wall), kth, mou, Role.VIEWER)
    innovation = user("innovation", "Lisa", "Ericsson", person=ericsson)
    role(innovation, kth, interact, Role.COORDINATOR)
    # The advisors of the network: each is entitled to the cases of the members they advise.
    radgivare_kth = user("radgivare_kth", "Johanna", "Wik", person=kth_advisor)
    for org in (kth, mdu, hhs):
        role(radgivare_kth, org, interact, Role.ADVISOR)
    role(user("radgivare_su", "Oskar", "Wikström", person=oskar), su, interact, Role.ADVISOR)
    role(user("outsider", "Olle", "Utanför"), solna, None, Role.VIEWER)
    user("admin", "Site", "Administrator", superuser=True)

    # The work of the partnership, fictional: specific agreements, the activities they
    # regulate and personnel exchanges, replayed from 2014 to 2026.
    cast = Cast(
        partnership=mou,
        parties={"stad": mou_stad, "kth": mou_kth},
        units=units,
        people=people,
        users={account.username: account for account in User.objects.all()},
        areas={"competence": competence, "research": research, "exchanges": exchanges},
    )
    agreements = load_agreements(cast)
    load_activities(cast, agreements)
    end_agreements(cast, agreements)
    load_exchanges(cast)
    load_steering_group(cast)

    # The innovation office (R10, R14), the network's cases and its support to regional
    # partners (R15).
    load_office(kth=kth, kth_innovation=kth_innovation, head=ericsson, interact=interact)
    kth_office = Unit.objects.get(organisation=kth, kind=Unit.Kind.INNOVATION_OFFICE)
    load_cases(
        interact=interact,
        sides=[
            Side(
                kth,
                kth_office,
                kth_advisor,
                also_unit=Unit.objects.get(organisation=kth, reports_to=kth_innovation),
            ),
            Side(su, Unit.objects.get(organisation=su, kind=Unit.Kind.INNOVATION_OFFICE), oskar),
            Side(mdu, kth_office, kth_advisor),
        ],
        incubator=incubator,
        partner_offices=[uu, ki],
    )
    load_regional_support(interact=interact, kth=kth, actor=innovation)

"""The demo data: the partnerships the two source documents describe, and demo users.

Everything the sources name is here as they name it; everything else (contact persons, the
dialogues, a few organisations) is fictional, and says so. Demo users exist only here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from samverkan.accounts.models import Role, RoleAssignment, User
from samverkan.activities.models import ExchangeApproval, PersonnelExchange
from samverkan.areas.models import AreaAdjustment, CollaborationArea, ContactPerson
from samverkan.audit.services import create_record
from samverkan.followup.models import LeadershipDialogue
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
    DemoLogin("innovation", "coordinator of the InterAct network for KTH"),
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
    _unit(stad, "Utbildningsförvaltningen", u.ADMINISTRATION)
    abe = _unit(kth, "Skolan för arkitektur och samhällsbyggnad", u.SCHOOL)
    _unit(kth, "KTH Live-In Lab", u.LABORATORY, parent=abe)
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

    def user(username, first, last, *, person=None, superuser=False):
        account = User(
            username=username,
            first_name=first,
            last_name=last,
            person=person,
            is_superuser=superuser,
            is_staff=superuser,
        )
        account.set_password(DEMO_PASSWORD)
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
    innovation = user("innovation", "Lisa", "Ericsson", person=ericsson)
    role(innovation, kth, interact, Role.COORDINATOR)
    role(user("outsider", "Olle", "Utanför"), solna, None, Role.VIEWER)
    user("admin", "Site", "Administrator", superuser=True)

    # Personnel exchanges (R5), fictional: one approved by both parties, one still lacking
    # the benefit for its host, which the exchange's page names as the reason it cannot be
    # approved.
    approved = _save(
        PersonnelExchange(
            partnership=mou,
            person=sara,
            home_organisation=stad,
            home_unit=slk,
            host_organisation=kth,
            host_unit=abe,
            position="Gästforskare, kompetensförsörjning (exempel)",
            extent_percent=50,
            starts_on=datetime.date(2019, 9, 1),
            ends_on=datetime.date(2020, 6, 30),
            area=exchanges,
            purpose="Fördjupa stadens kunskap om rekrytering av ingenjörer.",
            conditions="Staden betalar lönen; KTH ger arbetsplats och handledning.",
            benefit_home="Underlag för stadens kompetensförsörjningsplan.",
            benefit_host="Praktiknära frågor till forskningen om arbetsmarknaden.",
        )
    )
    for party, approver in ((mou_stad, "ledning"), (mou_kth, "demo")):
        _save(
            ExchangeApproval(
                exchange=approved, party=party, approved_by=User.objects.get(username=approver)
            )
        )
    _save(
        PersonnelExchange(
            partnership=mou,
            person=erik,
            home_organisation=kth,
            home_unit=abe,
            host_organisation=stad,
            host_unit=slk,
            position="Utredare, forskning och innovation (exempel)",
            extent_percent=20,
            starts_on=datetime.date(2025, 1, 15),
            ends_on=datetime.date(2025, 12, 31),
            area=research,
            purpose="Stödja stadens ansökningar inom Horisont Europa.",
            conditions="KTH betalar lönen; arbetet sker två dagar i veckan i stadshuset.",
            benefit_home="Nya forskningsfrågor om stadens klimatomställning.",
            benefit_host="",
        )
    )

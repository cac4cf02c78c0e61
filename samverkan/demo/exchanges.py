"""The demo's personnel exchanges (R5) under the Stockholms stad–KTH MoU, 2016–2027.

Fictional, each position titled "(exempel)": in the collaboration areas identified with the MoU,
with purpose, conditions and each party's benefit, approved by each party's coordinator or
leadership through the service the pages use, on the days this story gives them. One still lacks
the city's benefit and cannot be approved; one awaits KTH's approval.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from samverkan.activities import services
from samverkan.activities.models import PersonnelExchange
from samverkan.audit.services import create_record

from .replay import Cast, on

D = datetime.date


@dataclass(frozen=True)
class Exchange:
    person: str
    home: str  # party key
    home_unit: str
    host_unit: str
    position: str
    extent_percent: int
    starts_on: datetime.date
    ends_on: datetime.date
    area: str
    purpose: str
    conditions: str
    benefit_home: str
    benefit_host: str
    approved: tuple[tuple[str, datetime.date], ...] = ()  # (party, day)


# Approvals by each party's coordinator or leadership (R5).
APPROVERS = {"stad": "ledning", "kth": "demo"}

EXCHANGES = [
    Exchange(
        person="lundqvist",
        home="stad",
        home_unit="trafik",
        host_unit="abe",
        position="Gästforskare, trafikplanering (exempel)",
        extent_percent=30,
        starts_on=D(2016, 1, 15),
        ends_on=D(2016, 12, 15),
        area="research",
        purpose="Pröva forskningens modeller för trafikflöden på stadens planeringsfrågor.",
        conditions="Staden betalar lönen; KTH ger arbetsplats och handledning en dag i veckan.",
        benefit_home="Nya metoder i trafikplaneringen.",
        benefit_host="Forskningsfrågor och data från stadens planering.",
        approved=(("stad", D(2015, 11, 20)), ("kth", D(2015, 11, 26))),
    ),
    Exchange(
        person="forsberg",
        home="kth",
        home_unit="abe",
        host_unit="stadsbyggnad",
        position="Adjungerad expert, hållbar stadsutveckling (exempel)",
        extent_percent=20,
        starts_on=D(2018, 2, 1),
        ends_on=D(2018, 7, 31),
        area="research",
        purpose="Stödja stadsbyggnadskontoret i arbetet med hållbarhetskrav i detaljplaner.",
        conditions="KTH betalar lönen; en dag i veckan på stadsbyggnadskontoret.",
        benefit_home="Meritering och forskningsfrågor från planeringens vardag.",
        benefit_host="Forskningsbaserat stöd i arbetet med hållbarhetskrav.",
        approved=(("kth", D(2018, 1, 10)), ("stad", D(2018, 1, 15))),
    ),
    Exchange(
        person="sara",
        home="stad",
        home_unit="slk",
        host_unit="abe",
        position="Gästforskare, kompetensförsörjning (exempel)",
        extent_percent=50,
        starts_on=D(2019, 9, 1),
        ends_on=D(2020, 6, 30),
        area="exchanges",
        purpose="Fördjupa stadens kunskap om rekrytering av ingenjörer.",
        conditions="Staden betalar lönen; KTH ger arbetsplats och handledning.",
        benefit_home="Underlag för stadens kompetensförsörjningsplan.",
        benefit_host="Praktiknära frågor till forskningen om arbetsmarknaden.",
        approved=(("stad", D(2019, 8, 12)), ("kth", D(2019, 8, 19))),
    ),
    Exchange(
        person="karimi",
        home="stad",
        home_unit="slk",
        host_unit="datalab",
        position="Adjungerad utvecklingsledare, digitalisering (exempel)",
        extent_percent=40,
        starts_on=D(2021, 9, 1),
        ends_on=D(2022, 8, 31),
        area="competence",
        purpose=(
            "Föra in stadens frågor om digitalisering i laboratoriets forskning och i KTH:s kurser."
        ),
        conditions="Staden betalar lönen; KTH står för kostnaderna för undervisningen.",
        benefit_home="Karriärsteg för medarbetaren och kontakt med blivande IT-specialister.",
        benefit_host="Undervisning med erfarenhet från en stor offentlig verksamhet.",
        approved=(("stad", D(2021, 6, 7)), ("kth", D(2021, 6, 14))),
    ),
    Exchange(
        person="oberg",
        home="kth",
        home_unit="datalab",
        host_unit="slk",
        position="Gästexpert, dataanalys (exempel)",
        extent_percent=20,
        starts_on=D(2023, 3, 1),
        ends_on=D(2024, 2, 29),
        area="exchanges",
        purpose="Stödja stadens analys av öppna data och ta fram nya forskningsfrågor.",
        conditions="KTH betalar lönen; en dag i veckan i stadshuset.",
        benefit_home="Meritering i samverkan och nya forskningsfrågor.",
        benefit_host="Analyskompetens i arbetet med öppna data.",
        approved=(("kth", D(2023, 1, 16)), ("stad", D(2023, 1, 23))),
    ),
    Exchange(
        person="erik",
        home="kth",
        home_unit="abe",
        host_unit="slk",
        position="Utredare, forskning och innovation (exempel)",
        extent_percent=20,
        starts_on=D(2025, 1, 15),
        ends_on=D(2025, 12, 31),
        area="research",
        purpose="Stödja stadens ansökningar inom Horisont Europa.",
        conditions="KTH betalar lönen; arbetet sker två dagar i veckan i stadshuset.",
        benefit_home="Nya forskningsfrågor om stadens klimatomställning.",
        # The city's benefit is not yet stated: the exchange cannot be approved (R5).
        benefit_host="",
    ),
    Exchange(
        person="sandberg",
        home="stad",
        home_unit="miljo",
        host_unit="abe",
        position="Adjungerad miljöstrateg, klimatanpassning (exempel)",
        extent_percent=25,
        starts_on=D(2026, 9, 1),
        ends_on=D(2027, 6, 30),
        area="research",
        purpose="Bidra till forskningen om värmeböljor och förbereda ett gemensamt projekt.",
        conditions=(
            "Staden betalar lönen; KTH ger arbetsplats i skolan för arkitektur och samhällsbyggnad."
        ),
        benefit_home="Forskningsbaserat underlag till stadens plan för klimatanpassning.",
        benefit_host="Kunskap om stadens behov inför ett gemensamt forskningsprojekt.",
        # Approved by the city; KTH's approval is awaited.
        approved=(("stad", D(2026, 8, 17)),),
    ),
]


def load_exchanges(cast: Cast) -> None:
    for spec in EXCHANGES:
        home, host = (spec.home, "kth" if spec.home == "stad" else "stad")
        first_approval = min((day for _party, day in spec.approved), default=spec.starts_on)
        with on(first_approval - datetime.timedelta(days=21)):
            exchange = PersonnelExchange(
                partnership=cast.partnership,
                person=cast.people[spec.person],
                home_organisation=cast.organisation(home),
                home_unit=cast.units[spec.home_unit],
                host_organisation=cast.organisation(host),
                host_unit=cast.units[spec.host_unit],
                position=spec.position,
                extent_percent=spec.extent_percent,
                starts_on=spec.starts_on,
                ends_on=spec.ends_on,
                area=cast.areas[spec.area],
                purpose=spec.purpose,
                conditions=spec.conditions,
                benefit_home=spec.benefit_home,
                benefit_host=spec.benefit_host,
            )
            exchange.full_clean()
            create_record(exchange, actor=cast.users[APPROVERS[home]])
        for party, day in spec.approved:
            with on(day):
                services.approve_exchange(
                    exchange,
                    organisation=cast.organisation(party),
                    actor=cast.users[APPROVERS[party]],
                )

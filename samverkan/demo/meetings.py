"""The demo's steering group (R6) of the Stockholms stad–KTH MoU: members, meetings 2015–2026.

Fictional, and the minutes say so: the joint steering group meets twice a year, in February to
prepare the material (underlag) for the leaderships' spring dialogue and in September to follow
up the year. Each meeting has its attendees (the members of the day), an agenda, minutes, a
decision or two and action items. Recorded through the services the pages use, on the days this
story gives them (replay.on): most items were done, two were cancelled, three are still open,
one of them overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from samverkan.audit.services import create_record
from samverkan.followup import steering_services as services
from samverkan.followup.models import (
    ActionItem,
    MeetingDecision,
    SteeringGroupMember,
    SteeringMeeting,
)

from .replay import Cast, on, pdf

D = datetime.date
Status = ActionItem.Status


@dataclass(frozen=True)
class Member:
    person: str
    party: str
    role: str
    starts_on: datetime.date
    ends_on: datetime.date | None = None


MEMBERS = [
    Member("ryden", "stad", SteeringGroupMember.Role.CHAIR, D(2014, 9, 1)),
    Member("johan", "stad", SteeringGroupMember.Role.SECRETARY, D(2014, 9, 1)),
    Member("holmgren", "stad", SteeringGroupMember.Role.MEMBER, D(2014, 9, 1), D(2020, 12, 31)),
    Member("rask", "stad", SteeringGroupMember.Role.MEMBER, D(2021, 1, 1)),
    Member("wall", "kth", SteeringGroupMember.Role.MEMBER, D(2014, 9, 1)),
    Member("erik", "kth", SteeringGroupMember.Role.MEMBER, D(2014, 9, 1)),
    Member("forsberg", "kth", SteeringGroupMember.Role.MEMBER, D(2014, 9, 1), D(2016, 12, 31)),
    Member("karin", "kth", SteeringGroupMember.Role.MEMBER, D(2017, 1, 1)),
]


@dataclass(frozen=True)
class Item:
    description: str
    owner: str
    due_on: datetime.date
    status: str = Status.DONE
    closed_on: datetime.date | None = None  # for done and cancelled: the day it was closed


@dataclass(frozen=True)
class Meeting:
    held_on: datetime.date
    theme: str
    decisions: tuple[str, ...]
    items: tuple[Item, ...] = ()
    absent: tuple[str, ...] = ()
    minutes_pdf: bool = False


SPRING_AGENDA = (
    "1. Mötets öppnande och föregående protokoll\n"
    "2. Uppföljning av aktiviteterna per samarbetsområde\n"
    "3. {theme}\n"
    "4. Underlag till vårens ledningsdialog\n"
    "5. Åtgärdspunkter och nästa möte"
)
AUTUMN_AGENDA = (
    "1. Mötets öppnande och föregående protokoll\n"
    "2. Ledningsdialogens beslut och justerad inriktning\n"
    "3. {theme}\n"
    "4. Avtal som löper ut eller ska sägas upp\n"
    "5. Åtgärdspunkter och nästa möte"
)


def _spring(year: int, theme: str, decisions: tuple[str, ...], *items: Item, **kw) -> Meeting:
    return Meeting(D(year, 2, 12), theme, decisions, items, **kw)


def _autumn(year: int, theme: str, decisions: tuple[str, ...], *items: Item, **kw) -> Meeting:
    return Meeting(D(year, 9, 17), theme, decisions, items, **kw)


MEETINGS = [
    _spring(
        2015,
        "Samarbetets första år: praktik och examensarbeten",
        ("Styrgruppen fastställer sin arbetsordning: två möten om året.",),
        Item(
            "Sammanställ stadens praktikplatser för KTH:s studenter",
            "johan",
            D(2015, 4, 15),
            closed_on=D(2015, 4, 10),
        ),
        Item(
            "Ta fram en mall för uppföljning per samarbetsområde",
            "erik",
            D(2015, 3, 31),
            closed_on=D(2015, 3, 27),
        ),
    ),
    _autumn(
        2015,
        "Gemensamma ansökningar till Horisont 2020",
        ("KTH och staden bevakar gemensamt utlysningar om smarta städer.",),
        Item(
            "Kartlägg pågående EU-ansökningar där staden kan delta",
            "forsberg",
            D(2015, 11, 30),
            closed_on=D(2015, 11, 25),
        ),
    ),
    _spring(
        2016,
        "Personutbyten: erfarenheter från det första utbytet",
        ("Personutbyten redovisas i underlaget till ledningsdialogen.",),
        Item(
            "Beskriv villkoren för personutbyten i en gemensam vägledning",
            "holmgren",
            D(2016, 5, 31),
            closed_on=D(2016, 5, 20),
        ),
    ),
    _autumn(
        2016,
        "Centrum för smart mobilitet och stadens trafikfrågor",
        ("Trafikkontoret bjuds in till centrumets referensgrupp.",),
        Item(
            "Föreslå stadens representant i referensgruppen",
            "johan",
            D(2016, 10, 31),
            closed_on=D(2016, 10, 14),
        ),
    ),
    _spring(
        2017,
        "Uppdragsutbildning för stadens medarbetare",
        ("En kurs i dataanalys för stadens planerare tas fram.",),
        Item(
            "Inventera stadens behov av uppdragsutbildning",
            "holmgren",
            D(2017, 4, 30),
            closed_on=D(2017, 4, 28),
        ),
        Item("Ta fram kursupplägg och budget", "karin", D(2017, 6, 15), closed_on=D(2017, 6, 12)),
        absent=("wall",),
    ),
    _autumn(
        2017,
        "Studentutmaningar i grundutbildningen",
        ("Studentutmaningar blir en stående punkt i uppföljningen.",),
        Item(
            "Samla stadens förslag på utmaningar till vårterminen",
            "johan",
            D(2017, 11, 30),
            closed_on=D(2017, 11, 29),
        ),
    ),
    _spring(
        2018,
        "Uppföljningen av avtalen om praktik",
        ("Varje praktik regleras i ett särskilt avtal innan den startar.",),
        Item(
            "Gå igenom avtalsmallen för praktik med stadens jurister",
            "ryden",
            D(2018, 4, 30),
            closed_on=D(2018, 4, 23),
        ),
    ),
    _autumn(
        2018,
        "Forskningssamarbete om hållbar stadsutveckling",
        ("KTH Live-In Lab används för gemensamma försök.",),
        Item(
            "Ordna ett seminarium om försöksverksamheten i Live-In Lab",
            "erik",
            D(2018, 12, 14),
            status=Status.CANCELLED,
            closed_on=D(2018, 11, 20),
        ),
    ),
    _spring(
        2019,
        "Laboratoriet för urbana data",
        ("Staden och KTH utreder en gemensam policy för öppna data.",),
        Item(
            "Ta fram ett utkast till policy för datadelning",
            "karin",
            D(2019, 6, 14),
            closed_on=D(2019, 6, 10),
        ),
    ),
    _autumn(
        2019,
        "Fem år med avsiktsförklaringen: vad har samarbetet gett?",
        ("En utvärdering av de första fem åren görs till våren.",),
        Item(
            "Sammanställ nyckeltal 2014–2019 till utvärderingen",
            "erik",
            D(2020, 1, 31),
            closed_on=D(2020, 1, 29),
        ),
    ),
    _spring(
        2020,
        "Utvärderingen av de första fem åren",
        ("Utvärderingen läggs fram för ledningsdialogen.",),
        Item(
            "Redigera utvärderingen till underlaget",
            "johan",
            D(2020, 3, 31),
            closed_on=D(2020, 3, 30),
        ),
    ),
    _autumn(
        2020,
        "Samarbetet på distans under pandemin",
        ("Styrgruppen möts digitalt tills vidare.",),
        Item(
            "Planera en fysisk studentmässa våren 2021",
            "karin",
            D(2021, 1, 31),
            status=Status.CANCELLED,
            closed_on=D(2020, 12, 10),
        ),
        absent=("holmgren",),
    ),
    _spring(
        2021,
        "Ny ledamot för staden; kompetensförsörjning efter pandemin",
        ("Ulrika Rask (exempel) välkomnas som ny ledamot för staden.",),
        Item(
            "Uppdatera kontaktpersonerna per samarbetsområde",
            "rask",
            D(2021, 4, 30),
            closed_on=D(2021, 4, 22),
        ),
    ),
    _autumn(
        2021,
        "Klimatneutral stad: gemensamma forskningsfrågor",
        ("Klimatomställningen blir en tyngdpunkt i underlaget till 2022.",),
        Item(
            "Formulera tre gemensamma forskningsfrågor om klimatneutral stad",
            "erik",
            D(2021, 12, 15),
            closed_on=D(2021, 12, 13),
        ),
    ),
    _spring(
        2022,
        "Horisont Europa och uppdraget om klimatneutrala städer",
        ("Staden och KTH söker gemensamt inom Horisont Europa.",),
        Item("Utse kontaktpersoner för ansökan", "ryden", D(2022, 3, 31), closed_on=D(2022, 3, 18)),
    ),
    _autumn(
        2022,
        "Examensarbeten i stadens förvaltningar",
        ("Stadens förvaltningar erbjuder examensarbeten varje termin.",),
        Item(
            "Publicera stadens förslag på examensarbeten",
            "rask",
            D(2022, 11, 15),
            closed_on=D(2022, 11, 10),
        ),
    ),
    _spring(
        2023,
        "Personutbyten inom forskning och innovation",
        ("Utbyten ska alltid ange syfte, villkor och nytta för båda parter.",),
        Item(
            "Se över vägledningen för personutbyten",
            "sara",
            D(2023, 5, 31),
            closed_on=D(2023, 5, 26),
        ),
    ),
    _autumn(
        2023,
        "Avtal som löper ut 2024",
        ("Avtal som löper ut förnyas eller avslutas i god tid före uppsägningsdagen.",),
        Item(
            "Gå igenom avtal som löper ut inom ett år",
            "johan",
            D(2023, 12, 15),
            closed_on=D(2023, 12, 11),
        ),
    ),
    _spring(
        2024,
        "Tio år med avsiktsförklaringen",
        ("Tioårsjubileet uppmärksammas vid ledningsdialogen.",),
        Item(
            "Ta fram en jubileumsskrift (exempel)", "karin", D(2024, 5, 15), closed_on=D(2024, 5, 8)
        ),
    ),
    _autumn(
        2024,
        "Digitalisering i stadens verksamheter",
        ("En studentutmaning om AI i stadens service genomförs 2025.",),
        Item(
            "Förbered studentutmaningen om AI", "karimi", D(2025, 1, 31), closed_on=D(2025, 1, 24)
        ),
    ),
    _spring(
        2025,
        "Underlag till ledningsdialogen 2025",
        (
            "Underlaget till ledningsdialogen fastställs.",
            "Forskning och innovation föreslås få tyngdpunkt på klimatneutral stad.",
        ),
        Item(
            "Skicka underlaget till båda ledningarna",
            "johan",
            D(2025, 3, 14),
            closed_on=D(2025, 3, 12),
        ),
        minutes_pdf=True,
    ),
    _autumn(
        2025,
        "Ledningsdialogens justerade inriktning",
        ("Aktiviteterna inom forskning och innovation följs upp mot den nya inriktningen.",),
        Item(
            "Stäm av pågående forskningssamarbeten mot inriktningen",
            "erik",
            D(2025, 12, 12),
            closed_on=D(2025, 12, 5),
        ),
    ),
    _spring(
        2026,
        "Underlag till ledningsdialogen 2026",
        ("Underlaget till ledningsdialogen 2026 fastställs.",),
        Item(
            "Skicka underlaget till båda ledningarna",
            "johan",
            D(2026, 3, 13),
            closed_on=D(2026, 3, 11),
        ),
        Item(
            "Föreslå mått för uppföljningen av klimatsamarbetet",
            "karin",
            D(2026, 12, 15),
            status=Status.OPEN,
        ),
        minutes_pdf=True,
    ),
    _autumn(
        2026,
        "Kompetensförsörjning 2027 och avtalen som löper ut",
        ("Stadens behov av uppdragsutbildning 2027 inventeras.",),
        Item(
            "Gå igenom avtal som löper ut under 2027", "johan", D(2026, 10, 31), status=Status.OPEN
        ),
        Item(
            "Inventera behoven av uppdragsutbildning 2027",
            "rask",
            D(2027, 2, 15),
            status=Status.OPEN,
        ),
    ),
]


def _members_on(day: datetime.date) -> list[Member]:
    return [m for m in MEMBERS if m.starts_on <= day and (m.ends_on is None or m.ends_on >= day)]


@transaction.atomic
def load_steering_group(cast: Cast) -> None:
    """Name the steering group and record its meetings, decisions and action items.

    The secretary (the city's coordinator, demo user `stad`) and a KTH member (`styrgrupp`)
    record them in turn.
    """
    partnership = cast.partnership
    for member in MEMBERS:
        with on(member.starts_on):
            record = SteeringGroupMember(
                partnership=partnership,
                party=cast.parties[member.party],
                person=cast.people[member.person],
                role=member.role,
                starts_on=member.starts_on,
                ends_on=member.ends_on,
            )
            record.full_clean()
            create_record(record, actor=cast.users["stad"])
    for number, plan in enumerate(MEETINGS):
        actor = cast.users["stad" if number % 2 else "styrgrupp"]
        _record_meeting(cast, plan, actor)


def _record_meeting(cast: Cast, plan: Meeting, actor) -> None:
    spring = plan.held_on.month < 7
    attendees = [
        cast.people[m.person] for m in _members_on(plan.held_on) if m.person not in plan.absent
    ]
    place = "Stadshuset, Stockholm" if plan.held_on.year % 2 else "KTH, Campus Valhallavägen"
    if plan.held_on.year in (2020, 2021):
        place = "Digitalt möte"
    agenda = (SPRING_AGENDA if spring else AUTUMN_AGENDA).format(theme=plan.theme)
    minutes = (
        f"Fiktivt protokoll i demodata. Styrgruppen gick igenom {plan.theme.lower()}. "
        + " ".join(plan.decisions)
    )
    with on(plan.held_on):
        meeting = SteeringMeeting(
            partnership=cast.partnership,
            held_on=plan.held_on,
            place=place,
            agenda=agenda,
            minutes=minutes,
        )
        services.save_meeting(meeting, attendees=attendees, expected_version=None, actor=actor)
        for text in plan.decisions:
            create_record(MeetingDecision(meeting=meeting, text=text), actor=actor)
        if plan.minutes_pdf:
            name = f"Protokoll styrgruppen {plan.held_on.isoformat()} (exempel).pdf"
            services.attach_minutes_document(
                meeting, upload=pdf(name, f"Fiktivt protokoll {plan.held_on}"), actor=actor
            )
        items = []
        for planned in plan.items:
            item = ActionItem(
                meeting=meeting,
                description=planned.description,
                owner=cast.people[planned.owner],
                due_on=planned.due_on,
            )
            item.full_clean()
            items.append(services.save_action_item(item, expected_version=None, actor=actor))
    for planned, item in zip(plan.items, items, strict=True):
        if planned.status == Status.OPEN:
            continue
        with on(planned.closed_on or planned.due_on):
            item.status = planned.status
            services.save_action_item(item, expected_version=item.version, actor=actor)

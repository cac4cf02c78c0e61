"""The demo's activities (R3, R4) and personnel exchanges (R5) under the Stockholms stad–KTH MoU.

Fictional, each titled "(exempel)": every kind the MoU names, 2014–2026, in its collaboration
areas, with units and people of both parties. Each is recorded and moved through its statuses by
the services the application uses, on the days this story gives them (see `replay`): an activity
of a kind that needs an agreement starts only while an agreement regulating it is in force.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from samverkan.activities import services
from samverkan.activities.models import (
    Activity,
    ActivityKind,
    ActivityKindSetting,
    ActivityParticipant,
    ActivityParty,
)
from samverkan.agreements.models import Agreement, Regulation, SecrecyMarking
from samverkan.agreements.services import mark_secret
from samverkan.audit.services import create_record
from samverkan.lib.partial_dates import PartialDate

from .agreements import SECRECY_PROVISION
from .replay import Cast, on

D = datetime.date
K = ActivityKind
S = Activity.Status
EU_ROLE = ActivityParty.EuRole
MOU_SIGNED = D(2014, 5, 31)  # "den    maj 2014": nothing is recorded before the end of May
# How long before its start an activity is recorded, unless the story says otherwise.
PLANNED_AHEAD = datetime.timedelta(days=30)
# The city's units: an activity whose first participant is one of them is recorded by the city.
CITY_UNITS = {"slk", "utbildning", "trafik", "stadsbyggnad", "miljo", "exploatering"}


@dataclass(frozen=True)
class Taking:
    """A unit and/or a person (keys) taking part, with their role."""

    unit: str | None
    person: str | None
    role: str


@dataclass(frozen=True)
class Eu:
    programme: str
    number: str
    acronym: str
    stad: str  # each party's role in the EU project
    kth: str


@dataclass(frozen=True)
class Spec:
    kind: str
    title: str
    area: str
    starts: str
    ends: str | None
    status: str
    description: str
    outcomes: str
    benefit_stad: str
    benefit_kth: str
    taking_part: tuple[Taking, ...]
    agreement: str | None = None
    students: int | None = None
    participants: int | None = None
    hours: int | None = None
    funding: tuple[int, str] | None = None
    eu: Eu | None = None
    # Cancelled: on which day, and whether it had started by then.
    cancelled: datetime.date | None = None
    cancelled_after_start: bool = False
    secret: bool = False


def _t(unit: str | None, person: str | None, role: str) -> Taking:
    return Taking(unit, person, role)


ACTIVITIES = [
    # Student recruitment (needs no agreement)
    Spec(
        kind=K.STUDENT_RECRUITMENT,
        title="Stockholms stad på KTH:s arbetsmarknadsdagar 2015 (exempel)",
        area="competence",
        starts="2015-11",
        ends="2015-11",
        status=S.COMPLETED,
        description=(
            "Stadens tekniska förvaltningar presenterade sig som arbetsgivare för blivande "
            "ingenjörer och arkitekter under KTH:s arbetsmarknadsdagar."
        ),
        outcomes="Omkring 450 samtal med studenter och 35 ansökningar till stadens traineeprogram.",
        benefit_stad="Kontakt med blivande ingenjörer inför stora pensionsavgångar.",
        benefit_kth="Studenterna möter en offentlig arbetsgivare med breda tekniska uppdrag.",
        taking_part=(
            _t("slk", "johan", "Samordnare för stadens monter"),
            _t("trafik", "lundqvist", "Berättar om arbetet som trafikplanerare"),
            _t("abe", "karin", "Kontaktperson vid KTH"),
        ),
        students=450,
        participants=8,
        hours=16,
    ),
    Spec(
        kind=K.STUDENT_RECRUITMENT,
        title="Sommarjobb för KTH-studenter i stadens tekniska förvaltningar 2019 (exempel)",
        area="competence",
        starts="2019-06",
        ends="2019-08",
        status=S.COMPLETED,
        description=(
            "Sommarjobb för studenter i samhällsbyggnad och miljöteknik inom trafik, "
            "stadsbyggnad och miljö, som ett steg mot rekrytering efter examen."
        ),
        outcomes=(
            "24 studenter anställdes över sommaren; sex gjorde senare examensarbete hos staden."
        ),
        benefit_stad="Förstärkning under semesterperioden och kontakt med framtida medarbetare.",
        benefit_kth="Arbetslivserfarenhet som knyter an till utbildningen.",
        taking_part=(
            _t("trafik", None, "Tar emot sommarjobbare"),
            _t("miljo", None, "Tar emot sommarjobbare"),
            _t("abe", "karin", "Sprider annonserna till studenterna"),
        ),
        students=24,
        hours=7680,
    ),
    Spec(
        kind=K.STUDENT_RECRUITMENT,
        title="Teknikdag på KTH för elever i stadens gymnasieskolor (exempel)",
        area="competence",
        starts="2023-03-14",
        ends="2023-03-14",
        status=S.COMPLETED,
        description=(
            "Elever från stadens gymnasieskolor besökte KTH för workshoppar om hållbar stad och "
            "mötte studenter från civilingenjörsprogrammen."
        ),
        outcomes=(
            "180 elever deltog; i utvärderingen kunde tre av fyra tänka sig en teknisk utbildning."
        ),
        benefit_stad="Eleverna får se vad naturvetenskaps- och teknikprogrammen leder till.",
        benefit_kth="Studentrekrytering från gymnasieskolor med få sökande till KTH.",
        taking_part=(
            _t("utbildning", "bjork", "Samordnar skolornas deltagande"),
            _t("abe", "karin", "Ansvarig för dagens program"),
        ),
        students=180,
        participants=14,
        hours=6,
    ),
    Spec(
        kind=K.STUDENT_RECRUITMENT,
        title="Studentambassadörer för stadens traineeprogram 2026/27 (exempel)",
        area="competence",
        starts="2026-09",
        ends="2027-05",
        status=S.ONGOING,
        description=(
            "Sex KTH-studenter som har gjort praktik hos staden berättar om stadens traineeprogram "
            "för ingenjörer på campus och i sociala medier."
        ),
        outcomes="Hittills fyra lunchträffar på campus.",
        benefit_stad="Fler sökande med teknisk examen till traineeprogrammet.",
        benefit_kth="Studenterna får se en bredare arbetsmarknad efter examen.",
        taking_part=(
            _t("slk", "johan", "Ansvarig för traineeprogrammet"),
            _t("itm", None, "Sprider information till studenterna"),
        ),
        students=6,
        participants=40,
        hours=300,
    ),
    # Advisory groups and centres (this partnership lets them start without an agreement)
    Spec(
        kind=K.ADVISORY_GROUP,
        title=(
            "Stockholms stad i programrådet för civilingenjörsutbildningen i samhällsbyggnad "
            "(exempel)"
        ),
        area="competence",
        starts="2014-09",
        ends=None,
        status=S.ONGOING,
        description=(
            "Staden har en plats i programrådet och deltar i diskussionerna om utbildningens "
            "inriktning, som avsiktsförklaringen ger staden möjlighet till."
        ),
        outcomes=(
            "En kurs i trafikplanering fick en projektuppgift från staden 2017; större inslag av "
            "digitala planeringsverktyg från 2020."
        ),
        benefit_stad="Inflytande över vilken kompetens de framtida medarbetarna får.",
        benefit_kth="Kunskap om arbetsgivarnas behov inför förändringar av programmet.",
        taking_part=(
            _t("stadsbyggnad", "almgren", "Ledamot i programrådet"),
            _t("abe", "karin", "Sekreterare i programrådet"),
        ),
        participants=2,
        hours=240,
    ),
    Spec(
        kind=K.ADVISORY_GROUP,
        title="Stadens ledamot i rådet för Centrum för smart mobilitet (exempel)",
        area="research",
        starts="2017-03",
        ends="2022-12",
        status=S.COMPLETED,
        description=(
            "Trafikdirektören satt i centrumets råd och förde fram stadens forskningsbehov."
        ),
        outcomes="Två av centrumets projekt utgick från frågor som staden förde in.",
        benefit_stad="Forskningen tar upp frågor som staden behöver svar på.",
        benefit_kth="Förankring hos en av centrumets viktigaste användare.",
        taking_part=(
            _t("trafik", "lager", "Ledamot i rådet"),
            _t("mobility", "dahl", "Centrumföreståndare"),
        ),
        participants=1,
        hours=90,
    ),
    Spec(
        kind=K.ADVISORY_GROUP,
        title="Gemensam referensgrupp för IT-kompetens i staden (exempel)",
        area="competence",
        starts="2020-04",
        ends=None,
        status=S.CANCELLED,
        description=(
            "En planerad referensgrupp om stadens behov av IT-kompetens och KTH:s utbildningar "
            "inom datateknik."
        ),
        outcomes="Inställd under pandemin; frågorna togs i stället upp i styrgruppen.",
        benefit_stad="",
        benefit_kth="",
        taking_part=(
            _t("slk", "karimi", "Sammankallande"),
            _t("datalab", "oberg", "Ledamot"),
        ),
        cancelled=D(2020, 3, 20),
    ),
    # Student challenges
    Spec(
        kind=K.STUDENT_CHALLENGE,
        title="Studentutmaning: Slussen som knutpunkt för gående och cyklister (exempel)",
        area="competence",
        starts="2016-09",
        ends="2016-12",
        status=S.COMPLETED,
        description=(
            "Trafikkontoret gav studenterna i en projektkurs i uppdrag att föreslå hur gående och "
            "cyklister kan ta sig fram genom Slussen under ombyggnaden."
        ),
        outcomes="Nio förslag; två av dem prövades i trafikkontorets skyltning under 2017.",
        benefit_stad="Nya idéer och underlag till trafikplaneringen under ombyggnaden.",
        benefit_kth="En verklig uppgift med en verklig beställare i kursen.",
        taking_part=(
            _t("trafik", "lundqvist", "Formulerar utmaningen och deltar vid slutredovisningen"),
            _t("abe", "forsberg", "Kursansvarig"),
        ),
        agreement="student_challenges",
        students=45,
        participants=6,
        hours=320,
    ),
    Spec(
        kind=K.STUDENT_CHALLENGE,
        title="Studentutmaning: Cirkulära byggmaterial i Norra Djurgårdsstaden (exempel)",
        area="competence",
        starts="2018-01",
        ends="2018-05",
        status=S.COMPLETED,
        description=(
            "Hur kan material från rivningar återbrukas i nya kvarter? Exploateringskontoret "
            "formulerade utmaningen och delade ut ett pris till det bästa förslaget."
        ),
        outcomes="Förslagen användes i kraven på återbruk vid markanvisningar från 2019.",
        benefit_stad="Underlag till krav på återbruk i stadsutvecklingsområdet.",
        benefit_kth="Studenterna arbetar med en aktuell fråga i stadsutvecklingen.",
        taking_part=(
            _t("exploatering", "falk", "Beställare och jurymedlem"),
            _t("abe", "forsberg", "Kursansvarig"),
        ),
        agreement="student_challenges",
        students=32,
        participants=5,
        hours=280,
        funding=(40000, "SEK"),
    ),
    Spec(
        kind=K.STUDENT_CHALLENGE,
        title="Studentutmaning: Klimatsmarta skolmåltider (exempel)",
        area="competence",
        starts="2021-09",
        ends="2021-12",
        status=S.COMPLETED,
        description=(
            "Studenter i en kurs i hållbar produktutveckling föreslog hur stadens skolkök kan "
            "minska matsvinnet och klimatavtrycket, i samarbete med utbildningsförvaltningen."
        ),
        outcomes="Ett verktyg för att mäta matsvinn prövades i fyra skolor våren 2022.",
        benefit_stad="Konkreta förslag för att nå stadens mål om minskat matsvinn.",
        benefit_kth="En utmaning med mätbara resultat för kursens projekt.",
        taking_part=(
            _t("utbildning", "bjork", "Beställare"),
            _t("itm", None, "Kursen i hållbar produktutveckling"),
        ),
        agreement="student_challenges",
        students=28,
        participants=4,
        hours=200,
    ),
    Spec(
        kind=K.STUDENT_CHALLENGE,
        title="Studentutmaning: AI-stöd i stadens kontaktcenter (exempel)",
        area="competence",
        starts="2026-09",
        ends="2027-01",
        status=S.ONGOING,
        description=(
            "Hur kan AI hjälpa handläggarna i stadens kontaktcenter att svara snabbare och "
            "rättssäkert? Studenterna arbetar med avidentifierade exempelfrågor."
        ),
        outcomes="",
        benefit_stad="Prototyper och en bedömning av vad som är möjligt inom gällande regler.",
        benefit_kth="Studenterna prövar AI-metoder på en offentlig verksamhets villkor.",
        taking_part=(
            _t("slk", "karimi", "Beställare"),
            _t("datalab", "oberg", "Kursansvarig"),
        ),
        agreement="student_challenges",
        students=36,
        participants=5,
        hours=250,
    ),
    # Internships (praktik)
    Spec(
        kind=K.INTERNSHIP,
        title="Praktik på trafikkontoret för studenter i samhällsbyggnad, våren 2015 (exempel)",
        area="competence",
        starts="2015-01",
        ends="2015-06",
        status=S.COMPLETED,
        description=(
            "Sex studenter gjorde tio veckors praktik på trafikkontorets planeringsavdelning."
        ),
        outcomes="Två av studenterna anställdes av trafikkontoret efter examen.",
        benefit_stad="Rekryteringsunderlag och hjälp med trafikräkningar.",
        benefit_kth="Praktik som ger högskolepoäng och erfarenhet av planering.",
        taking_part=(
            _t("trafik", "lundqvist", "Handledare"),
            _t("abe", "karin", "Praktiksamordnare"),
        ),
        agreement="internships_2015",
        students=6,
        hours=2400,
    ),
    Spec(
        kind=K.INTERNSHIP,
        title="Praktik på stadsbyggnadskontoret, hösten 2017 (exempel)",
        area="competence",
        starts="2017-09",
        ends="2017-12",
        status=S.COMPLETED,
        description="Fyra arkitektstudenter gjorde praktik i detaljplanearbetet.",
        outcomes="Studenterna bidrog till två samrådsutställningar.",
        benefit_stad="Förstärkning i planarbetet och kontakt med blivande arkitekter.",
        benefit_kth="Erfarenhet av detaljplanering för arkitektstudenterna.",
        taking_part=(
            _t("stadsbyggnad", "almgren", "Handledare"),
            _t("abe", "karin", "Praktiksamordnare"),
        ),
        agreement="internships_2015",
        students=4,
        hours=1600,
    ),
    Spec(
        kind=K.INTERNSHIP,
        title="Praktik på miljöförvaltningen, våren 2019 (exempel)",
        area="competence",
        starts="2019-01",
        ends="2019-06",
        status=S.COMPLETED,
        description=(
            "Tre studenter i miljöteknik gjorde praktik i arbetet med luft- och bullermätningar."
        ),
        outcomes="En sammanställning av bullermätningar längs Essingeleden.",
        benefit_stad="Hjälp med mätningar och analyser.",
        benefit_kth="Praktik i myndighetsarbete för miljöteknikstudenterna.",
        taking_part=(
            _t("miljo", "sandberg", "Handledare"),
            _t("abe", "karin", "Praktiksamordnare"),
        ),
        agreement="internships_2018",
        students=3,
        hours=1200,
    ),
    Spec(
        kind=K.INTERNSHIP,
        title="Praktikplatser i stadens förvaltningar läsåret 2026/27 (exempel)",
        area="competence",
        starts="2026-08",
        ends="2027-06",
        status=S.ONGOING,
        description=(
            "Fjorton praktikplatser i fem förvaltningar, samordnade av stadsledningskontoret."
        ),
        outcomes="",
        benefit_stad="Förstärkning och rekryteringsunderlag i fem förvaltningar.",
        benefit_kth="Praktikplatser för studenter i flera program.",
        taking_part=(
            _t("slk", "johan", "Samordnar praktikplatserna"),
            _t("trafik", None, "Tar emot praktikanter"),
            _t("abe", "karin", "Praktiksamordnare"),
        ),
        agreement="internships_2018",
        students=14,
        hours=5600,
    ),
    Spec(
        kind=K.INTERNSHIP,
        title="Praktik i stadens digitaliseringsprogram, vårterminen 2027 (exempel)",
        area="competence",
        starts="2027-01",
        ends="2027-06",
        status=S.PLANNED,
        description=(
            "Tolv studenter i datateknik och medieteknik gör praktik i stadens arbete med "
            "e-tjänster, öppna data och AI-stöd i handläggningen."
        ),
        outcomes="",
        benefit_stad="Kompetens inom data och AI i digitaliseringsprogrammet.",
        benefit_kth="Praktik i offentlig digitalisering för datateknikstudenterna.",
        taking_part=(
            _t("slk", "karimi", "Handledare"),
            _t("datalab", "oberg", "Praktiksamordnare"),
        ),
        agreement="digital_internships",
        students=12,
        hours=4800,
    ),
    # Degree projects (examensarbeten)
    Spec(
        kind=K.DEGREE_PROJECT,
        title="Examensarbeten om dagvattenhantering på Årstafältet (exempel)",
        area="research",
        starts="2016-01",
        ends="2016-06",
        status=S.COMPLETED,
        description=(
            "Tre examensarbeten om öppna dagvattenlösningar i det nya stadsutvecklingsområdet."
        ),
        outcomes="Tre godkända examensarbeten; ett av dem citeras i områdets dagvattenutredning.",
        benefit_stad="Underlag till dagvattenutredningen för Årstafältet.",
        benefit_kth="Examensarbeten med tillgång till stadens underlag och handledning.",
        taking_part=(
            _t("exploatering", "falk", "Handledare hos staden"),
            _t("abe", "forsberg", "Handledare vid KTH"),
        ),
        agreement="internships_2015",
        students=3,
        hours=2400,
    ),
    Spec(
        kind=K.DEGREE_PROJECT,
        title="Examensarbeten om cykelinfrastruktur och trafikdata (exempel)",
        area="research",
        starts="2019-03-14",
        ends="2019-08",
        status=S.COMPLETED,
        description="Två examensarbeten om hur cykelräkningar kan kombineras med GPS-data.",
        outcomes="En metod för att skatta cykelflöden som trafikkontoret har börjat använda.",
        benefit_stad="Bättre underlag för prioriteringar i cykelplanen.",
        benefit_kth="Examensarbeten på verkliga data.",
        taking_part=(
            _t("trafik", "lundqvist", "Handledare hos staden"),
            _t("mobility", "dahl", "Handledare vid KTH"),
        ),
        agreement="internships_2018",
        students=2,
        hours=1600,
    ),
    Spec(
        kind=K.DEGREE_PROJECT,
        title="Examensarbeten om energieffektivisering i stadens skolbyggnader (exempel)",
        area="research",
        starts="2022-01",
        ends="2022-06",
        status=S.COMPLETED,
        description="Fyra examensarbeten om ventilation och uppvärmning i äldre skolbyggnader.",
        outcomes=(
            "Förslag som beräknas minska energianvändningen med 15–20 % i de studerade skolorna."
        ),
        benefit_stad="Underlag för energiplanen för stadens skolbyggnader.",
        benefit_kth="Mätdata från verkliga byggnader till forskningen.",
        taking_part=(
            _t("utbildning", None, "Ger tillgång till skolbyggnaderna"),
            _t("livein", "stromberg", "Handledare vid KTH"),
        ),
        agreement="internships_2018",
        students=4,
        hours=3200,
    ),
    Spec(
        kind=K.DEGREE_PROJECT,
        title="Examensarbeten om digitala tvillingar för stadsplanering (exempel)",
        area="research",
        starts="2026-01",
        ends="2026-06",
        status=S.COMPLETED,
        description=(
            "Tre examensarbeten om hur stadens 3D-modell kan användas för att pröva planförslag "
            "mot dagsljus, buller och vind."
        ),
        outcomes="En prototyp som stadsbyggnadskontoret prövar i två detaljplaner.",
        benefit_stad="Ny kunskap om vad stadens 3D-modell kan användas till.",
        benefit_kth="Examensarbeten med stadens data och modeller.",
        taking_part=(
            _t("stadsbyggnad", "almgren", "Handledare hos staden"),
            _t("datalab", "oberg", "Handledare vid KTH"),
        ),
        agreement="internships_2018",
        students=3,
        hours=2400,
    ),
    Spec(
        kind=K.DEGREE_PROJECT,
        title="Examensarbete om parkeringsdata och beläggningsgrad (exempel)",
        area="research",
        starts="2020-04",
        ends="2020-08",
        status=S.CANCELLED,
        description="Ett planerat examensarbete om beläggningen i stadens parkeringshus.",
        outcomes="Inställt: fältstudierna kunde inte genomföras under pandemin.",
        benefit_stad="",
        benefit_kth="",
        taking_part=(
            _t("trafik", None, "Skulle ge tillgång till parkeringsdata"),
            _t("mobility", "dahl", "Handledare vid KTH"),
        ),
        agreement="internships_2018",
        students=1,
        cancelled=D(2020, 3, 25),
    ),
    # Contract education (uppdragsutbildning)
    Spec(
        kind=K.CONTRACT_EDUCATION,
        title="Uppdragsutbildning: Digitalt ledarskap för stadens chefer (exempel)",
        area="competence",
        starts="2020-01-20",
        ends="2020-06",
        status=S.CANCELLED,
        description="En utbildning om 7,5 högskolepoäng i tre moduler för 30 av stadens chefer.",
        outcomes=(
            "Den första modulen genomfördes. De två andra ställdes in under pandemin, och "
            "parterna avslutade avtalet i förtid."
        ),
        benefit_stad="Chefer som kan leda verksamhetens digitalisering.",
        benefit_kth="Kontakt med stadens chefer och ersättning för utbildningen.",
        taking_part=(
            _t("slk", "sara", "Beställare"),
            _t("itm", "hedlund", "Programansvarig"),
        ),
        agreement="digital_leadership",
        participants=30,
        hours=24,
        funding=(450000, "SEK"),
        cancelled=D(2020, 4, 15),
        cancelled_after_start=True,
    ),
    Spec(
        kind=K.CONTRACT_EDUCATION,
        title="Uppdragsutbildning: Klimatomställning i planering och byggande, omgång 1 (exempel)",
        area="competence",
        starts="2022-10",
        ends="2023-05",
        status=S.COMPLETED,
        description="Kurs för planerare, projektledare och miljöstrateger i stadens förvaltningar.",
        outcomes="28 deltagare fullföljde kursen; snittbetyg 4,5 av 5 i kursvärderingen.",
        benefit_stad="Gemensam kunskap om klimatkrav i planering och byggande.",
        benefit_kth="Erfarenheter från praktiken till utbildning och forskning.",
        taking_part=(
            _t("miljo", "sandberg", "Beställare"),
            _t("stadsbyggnad", None, "Deltagande förvaltning"),
            _t("abe", "forsberg", "Kursledare"),
        ),
        agreement="climate_education",
        participants=28,
        hours=60,
        funding=(620000, "SEK"),
    ),
    Spec(
        kind=K.CONTRACT_EDUCATION,
        title="Uppdragsutbildning: Klimatomställning i planering och byggande, omgång 2 (exempel)",
        area="competence",
        starts="2024-02",
        ends="2024-11",
        status=S.COMPLETED,
        description="Andra omgången, med ett nytt avsnitt om klimatanpassning.",
        outcomes="31 deltagare fullföljde kursen.",
        benefit_stad="Fler medarbetare med kunskap om klimatkrav.",
        benefit_kth="Kursen utvecklad med deltagarnas erfarenheter.",
        taking_part=(
            _t("miljo", "sandberg", "Beställare"),
            _t("exploatering", None, "Deltagande förvaltning"),
            _t("abe", "forsberg", "Kursledare"),
        ),
        agreement="climate_education",
        participants=31,
        hours=60,
        funding=(650000, "SEK"),
    ),
    Spec(
        kind=K.CONTRACT_EDUCATION,
        title="Uppdragsutbildning: Cirkulärt byggande för stadens projektledare (exempel)",
        area="competence",
        starts="2026-09",
        ends="2027-03",
        status=S.ONGOING,
        description="Kurs om återbruk, materialval och klimatberäkningar i byggprojekt.",
        outcomes="",
        benefit_stad="Projektledare som kan ställa och följa upp krav på cirkulärt byggande.",
        benefit_kth="Fallstudier från stadens byggprojekt till undervisningen.",
        taking_part=(
            _t("exploatering", "falk", "Beställare"),
            _t("itm", "hedlund", "Programansvarig"),
        ),
        agreement="climate_education",
        participants=24,
        hours=45,
        funding=(540000, "SEK"),
    ),
    # Research collaborations through a unit
    Spec(
        kind=K.RESEARCH_COLLABORATION,
        title="Forskningssamarbete om trafikdata och smart mobilitet, etapp 1 (exempel)",
        area="research",
        starts="2017-03",
        ends="2020-12",
        status=S.COMPLETED,
        description=(
            "Centrum för smart mobilitet och trafikkontoret utvecklade modeller för restider och "
            "trafikflöden med stadens trafikdata."
        ),
        outcomes=(
            "Två doktorsavhandlingar och en öppen modell för restidsprognoser som trafikkontoret "
            "använder i planeringen."
        ),
        benefit_stad="Bättre prognoser för trafikplaneringen.",
        benefit_kth="Tillgång till unika data för forskningen.",
        taking_part=(
            _t("trafik", "lundqvist", "Kontaktperson för data"),
            _t("mobility", "dahl", "Projektledare"),
        ),
        agreement="mobility",
        participants=9,
        hours=6400,
        funding=(4200000, "SEK"),
    ),
    Spec(
        kind=K.RESEARCH_COLLABORATION,
        title=(
            "Forskningssamarbete om smart mobilitet, etapp 2: Stockholm som testbädd för "
            "uppkopplade transporter (exempel)"
        ),
        area="research",
        starts="2021-01",
        ends="2027-02",
        status=S.ONGOING,
        description=(
            "Försök med uppkopplade trafiksignaler och självkörande leveransfordon i två "
            "stadsdelar, med staden som testbädd."
        ),
        outcomes="Delrapport 2024: kortare väntetider för bussar i de uppkopplade korsningarna.",
        benefit_stad="Erfarenhet av ny teknik innan den upphandlas i stor skala.",
        benefit_kth="Försök i verklig stadsmiljö.",
        taking_part=(
            _t("trafik", "lundqvist", "Kontaktperson för testbädden"),
            _t("mobility", "dahl", "Projektledare"),
            _t("datalab", "oberg", "Forskare, dataanalys"),
        ),
        agreement="mobility",
        participants=12,
        hours=9000,
        funding=(6500000, "SEK"),
    ),
    Spec(
        kind=K.RESEARCH_COLLABORATION,
        title="Läckagedetektering med maskininlärning på driftdata från stadens VA-bolag (exempel)",
        area="research",
        starts="2024-04",
        ends="2026-12",
        status=S.ONGOING,
        description=(
            "Modeller som upptäcker läckor i ledningsnätet tidigt, tränade på tryck- och "
            "flödesdata från stadens VA-bolag. Uppgifterna om ledningsnätet lämnas under "
            "sekretess."
        ),
        outcomes="Delrapport till bolaget 2025 om vilka delar av nätet modellerna täcker.",
        benefit_stad="Tidigare upptäckt av läckor och lägre kostnader för bolaget.",
        benefit_kth="Forskning på driftdata som sällan är tillgängliga.",
        taking_part=(
            _t("slk", "rask", "Kontaktperson hos staden"),
            _t("datalab", "oberg", "Projektledare"),
        ),
        agreement="leak_detection",
        participants=5,
        hours=3800,
        funding=(1900000, "SEK"),
        secret=True,
    ),
    Spec(
        kind=K.RESEARCH_COLLABORATION,
        title="Värmeböljor och klimatanpassning i stadsmiljö (exempel)",
        area="research",
        starts="2027-03",
        ends="2029-12",
        status=S.PLANNED,
        description=(
            "Hur påverkar värmeböljor stadens utemiljöer, skolgårdar och äldreboenden, och vilka "
            "åtgärder ger mest effekt?"
        ),
        outcomes="",
        benefit_stad="Underlag till stadens plan för klimatanpassning.",
        benefit_kth="Mätningar i stadsmiljö för forskningen om urbant klimat.",
        taking_part=(
            _t("miljo", "sandberg", "Kontaktperson hos staden"),
            _t("abe", "forsberg", "Projektledare"),
        ),
        agreement="heat_waves",
        participants=6,
        funding=(2400000, "SEK"),
    ),
    # EU projects
    Spec(
        kind=K.EU_PROJECT,
        title="GREENQUARTER: gröna och klimatsmarta kvarter (exempel)",
        area="research",
        starts="2017-06",
        ends="2021-05",
        status=S.COMPLETED,
        description=(
            "Fiktivt Horisont 2020-projekt: gröna tak, dagvattenlösningar och energimätning i ett "
            "demonstrationskvarter i staden, med partner i fem länder."
        ),
        outcomes=(
            "Demonstrationskvarteret står kvar; riktlinjer för gröna tak som staden har tagit in i "
            "sina markanvisningar."
        ),
        benefit_stad="Beprövade lösningar för klimatanpassning och EU-finansiering av dem.",
        benefit_kth="Koordinatorskap i ett EU-projekt och mätdata från ett verkligt kvarter.",
        taking_part=(
            _t("exploatering", "falk", "Ansvarig för demonstrationsområdet"),
            _t("abe", "ring", "Projektkoordinator"),
            _t("livein", "stromberg", "Forskare, mätningar"),
        ),
        agreement="greenquarter",
        participants=14,
        hours=12500,
        funding=(1850000, "EUR"),
        eu=Eu(
            Activity.Programme.HORIZON_2020,
            "999001",
            "GREENQUARTER",
            stad=EU_ROLE.BENEFICIARY,
            kth=EU_ROLE.COORDINATOR,
        ),
    ),
    Spec(
        kind=K.EU_PROJECT,
        title="NETZERO-STHLM: klimatneutrala stadsdelar (exempel)",
        area="research",
        starts="2023-01",
        ends="2026-12",
        status=S.ONGOING,
        description=(
            "Fiktivt Horisont Europa-projekt: tre stadsdelar prövar vägar till klimatneutralitet "
            "med invånare, fastighetsägare och företag; KTH följer upp och utvärderar."
        ),
        outcomes="Klimatfärdplaner för tre stadsdelar; utvärderingsrapport under 2026.",
        benefit_stad="EU-finansiering och metoder för stadens klimatomställning.",
        benefit_kth="Forskning om omställning i stor skala, nära beslutsfattarna.",
        taking_part=(
            _t("miljo", "sandberg", "Projektkoordinator"),
            _t("abe", "ring", "Ansvarig för arbetspaketet om utvärdering"),
        ),
        agreement="netzero",
        participants=20,
        hours=15000,
        funding=(2400000, "EUR"),
        eu=Eu(
            Activity.Programme.HORIZON_EUROPE,
            "101999001",
            "NETZERO-STHLM",
            stad=EU_ROLE.COORDINATOR,
            kth=EU_ROLE.BENEFICIARY,
        ),
    ),
    Spec(
        kind=K.EU_PROJECT,
        title="Ansökan om smarta energinät i Hjorthagen (exempel)",
        area="research",
        starts="2017",
        ends=None,
        status=S.CANCELLED,
        description="En gemensam ansökan till Horisont 2020 om smarta energinät i en ny stadsdel.",
        outcomes="Ansökan beviljades inte; delar av idén togs vidare i GREENQUARTER.",
        benefit_stad="",
        benefit_kth="",
        taking_part=(
            _t("exploatering", "falk", "Skrev stadens del av ansökan"),
            _t("abe", "ring", "Samordnade ansökan"),
        ),
        eu=Eu(
            Activity.Programme.HORIZON_2020,
            "",
            "HJORTGRID",
            stad=EU_ROLE.COORDINATOR,
            kth=EU_ROLE.BENEFICIARY,
        ),
        cancelled=D(2016, 5, 10),
    ),
    # Guest lectures (need no agreement)
    Spec(
        kind=K.GUEST_LECTURE,
        title="Gästföreläsning: Stockholms översiktsplan i kursen i samhällsplanering (exempel)",
        area="competence",
        starts="2014-10-07",
        ends="2014-10-07",
        status=S.COMPLETED,
        description=(
            "En planarkitekt från stadsbyggnadskontoret berättade om arbetet med översiktsplanen."
        ),
        outcomes="Studenterna använde översiktsplanen i kursens projektuppgift.",
        benefit_stad="Stadens planering blir känd bland blivande planerare.",
        benefit_kth="Praktikens perspektiv i undervisningen.",
        taking_part=(
            _t("stadsbyggnad", "almgren", "Föreläsare"),
            _t("abe", "karin", "Kursansvarig"),
        ),
        participants=120,
        hours=2,
    ),
    Spec(
        kind=K.GUEST_LECTURE,
        title="Gästföreläsningsserie: Stadens klimatarbete (exempel)",
        area="competence",
        starts="2018",
        ends="2018",
        status=S.COMPLETED,
        description=(
            "Sex föreläsningar under året om stadens klimatmål, klimatbudget och uppföljning."
        ),
        outcomes="Föreläsningarna spelades in och används i två kurser.",
        benefit_stad="Stadens klimatarbete når blivande ingenjörer.",
        benefit_kth="Aktuella exempel i undervisningen om hållbar utveckling.",
        taking_part=(
            _t("miljo", "sandberg", "Föreläsare"),
            _t("abe", "forsberg", "Värd för serien"),
        ),
        participants=310,
        hours=12,
    ),
    Spec(
        kind=K.GUEST_LECTURE,
        title="Gästföreläsning: Trafiksäkerhet och nollvisionen i stadsplaneringen (exempel)",
        area="competence",
        starts="2021-02-11",
        ends="2021-02-11",
        status=S.COMPLETED,
        description=(
            "Föreläsning på distans om hur staden arbetar med trafiksäkerhet i planeringen."
        ),
        outcomes="",
        benefit_stad="Stadens arbetssätt blir känt bland blivande trafikplanerare.",
        benefit_kth="Praktikens perspektiv i kursen i trafikplanering.",
        taking_part=(
            _t("trafik", "lager", "Föreläsare"),
            _t("mobility", "dahl", "Kursansvarig"),
        ),
        participants=85,
        hours=2,
    ),
    Spec(
        kind=K.GUEST_LECTURE,
        title="Gästföreläsning: Informationssäkerhet i kommunala system (exempel)",
        area="competence",
        starts="2026-12-03",
        ends="2026-12-03",
        status=S.PLANNED,
        description="Föreläsning i kursen i datasäkerhet om hur staden skyddar sina system.",
        outcomes="",
        benefit_stad="Kontakt med blivande IT-säkerhetsspecialister.",
        benefit_kth="Verkliga exempel i kursen i datasäkerhet.",
        taking_part=(
            _t("slk", "karimi", "Föreläsare"),
            _t("datalab", "oberg", "Kursansvarig"),
        ),
        participants=90,
        hours=2,
    ),
    # Other
    Spec(
        kind=K.OTHER,
        title="Gemensam konferens: Stockholm som testbädd för smart mobilitet (exempel)",
        area="research",
        starts="2019-10-08",
        ends="2019-10-08",
        status=S.COMPLETED,
        description=(
            "En dags konferens för forskare, förvaltningar och företag om stadens testbäddar."
        ),
        outcomes="220 deltagare; tre nya projektidéer som ledde till ansökningar.",
        benefit_stad="Kontakter med forskare och företag inför nya försök.",
        benefit_kth="Spridning av forskningen och nya samarbetspartner.",
        taking_part=(
            _t("trafik", "lager", "Talare"),
            _t("mobility", "dahl", "Arrangör"),
        ),
        agreement="mobility",
        participants=220,
        hours=8,
    ),
    Spec(
        kind=K.OTHER,
        title="Gemensam katalog över stadens öppna data för forskning (exempel)",
        area="research",
        starts="2021-05",
        ends="2022-12",
        status=S.COMPLETED,
        description="En katalog som beskriver stadens öppna data och hur forskare kan använda dem.",
        outcomes="Katalogen publicerades på stadens webbplats med 140 beskrivna datamängder.",
        benefit_stad="Stadens data kommer till användning i forskningen.",
        benefit_kth="Forskare hittar och kan använda stadens data.",
        taking_part=(
            _t("slk", "karimi", "Ansvarig för stadens öppna data"),
            _t("mobility", "dahl", "Representerar forskarna"),
        ),
        agreement="mobility",
        participants=6,
        hours=800,
    ),
]


def load_activities(cast: Cast, agreements: dict[str, Agreement]) -> list[Activity]:
    """Record the activities and move each through its statuses on its days.

    Advisory groups and centres need no agreement in this partnership (a setting of its own):
    the city's seat in a programme council is taken without one.
    """
    with on(MOU_SIGNED):
        create_record(
            ActivityKindSetting(
                partnership=cast.partnership, kind=K.ADVISORY_GROUP, needs_agreement=False
            ),
            actor=cast.users["demo"],
        )
    return [_load(cast, spec, agreements.get(spec.agreement or "")) for spec in ACTIVITIES]


def _load(cast: Cast, spec: Spec, agreement: Agreement | None) -> Activity:
    starts = PartialDate.parse(spec.starts)
    ends = PartialDate.parse(spec.ends) if spec.ends else None
    recorded = max(starts.first_day() - PLANNED_AHEAD, MOU_SIGNED)
    if spec.cancelled:
        recorded = min(recorded, spec.cancelled - datetime.timedelta(days=14))
    if agreement is not None:
        recorded = max(recorded, agreement.created_at.date())
    recorder = cast.users["stad" if spec.taking_part[0].unit in CITY_UNITS else "demo"]
    with on(recorded):
        activity = _create(cast, spec, starts, ends, recorder)
        if agreement is not None:
            create_record(Regulation(agreement=agreement, activity=activity), actor=recorder)
        if spec.secret:
            _mark_secret(cast, activity, recorded)
    started = spec.status in (S.ONGOING, S.COMPLETED) or spec.cancelled_after_start
    if started:
        with on(starts.first_day()):
            services.change_activity_status(activity, status=S.ONGOING, actor=recorder)
    if spec.status == S.COMPLETED:
        assert ends is not None
        with on(ends.last_day()):
            services.change_activity_status(activity, status=S.COMPLETED, actor=recorder)
    if spec.status == S.CANCELLED:
        assert spec.cancelled is not None
        with on(spec.cancelled):
            services.change_activity_status(activity, status=S.CANCELLED, actor=recorder)
    return activity


def _create(cast: Cast, spec: Spec, starts, ends, recorder) -> Activity:
    funding_amount, currency = spec.funding or (None, "")
    activity = Activity(
        partnership=cast.partnership,
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        area=cast.areas[spec.area],
        starts=starts,
        ends=ends,
        students=spec.students,
        participants=spec.participants,
        hours=Decimal(spec.hours) if spec.hours is not None else None,
        funding_amount=Decimal(funding_amount) if funding_amount is not None else None,
        funding_currency=currency,
        outcomes=spec.outcomes,
        programme=spec.eu.programme if spec.eu else "",
        project_number=spec.eu.number if spec.eu else "",
        acronym=spec.eu.acronym if spec.eu else "",
    )
    activity.full_clean()
    create_record(activity, actor=recorder)
    for party, benefit in (("stad", spec.benefit_stad), ("kth", spec.benefit_kth)):
        activity_party = ActivityParty(
            activity=activity,
            party=cast.parties[party],
            benefit=benefit,
            eu_role=getattr(spec.eu, party) if spec.eu else "",
        )
        activity_party.full_clean()
        create_record(activity_party, actor=recorder)
    for taking in spec.taking_part:
        services.save_participant(
            ActivityParticipant(
                activity=activity,
                unit=cast.units[taking.unit] if taking.unit else None,
                person=cast.people[taking.person] if taking.person else None,
                role=taking.role,
            ),
            actor=recorder,
        )
    return activity


def _mark_secret(cast: Cast, activity: Activity, day: datetime.date) -> None:
    """The city marks what would reveal the company's operating conditions, as on the
    agreement that regulates the activity."""
    for target in (
        SecrecyMarking.Target.TITLE,
        SecrecyMarking.Target.DESCRIPTION,
        SecrecyMarking.Target.OUTCOMES,
    ):
        mark_secret(
            activity=activity,
            target=target,
            provision=SECRECY_PROVISION,
            marked_on=day,
            authority=cast.organisation("stad"),
            actor=cast.users["registrator"],
        )

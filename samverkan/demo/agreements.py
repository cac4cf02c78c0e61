"""The demo's specific agreements (R8) under the Stockholms stad–KTH MoU, 2014–2026.

Fictional, each titled "(exempel)": the sources name no specific agreement. Each is drafted,
registered by both parties (KTH's "V-2019-0123", the city's "KS 2019/0456"), given its document,
sent and signed through the services the application uses, on the days this story gives them:
in the application by the signatory (the demo users `signerare_kth`, `signerare_stad`), or on
paper with the scan registered by the city's registrar (`registrator`). One is confidential
(OSL 31 kap. 16 §); one expired; one was terminated; one awaits the city's signature; one is a
draft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.text import slugify

from samverkan.agreements import services
from samverkan.agreements.models import (
    Agreement,
    AgreementParty,
    Registration,
    RequiredSignatory,
    SecrecyMarking,
    Signature,
)
from samverkan.audit.services import create_record

from .replay import Cast, on, pdf

D = datetime.date
SCAN = Signature.Method.SCAN

# The confidential agreement: the city's secrecy marking and its provision (information on a
# company's business and operating conditions, here a company of the city's).
SECRECY_PROVISION = "OSL 31 kap. 16 §"
KTH_CORRESPONDENT = "Kungliga Tekniska högskolan"
CITY_CORRESPONDENT = "Stockholms stad, stadsledningskontoret"


@dataclass(frozen=True)
class Entry:
    """A register entry: the party's registration number, the day, and how it came."""

    party: str
    number: str
    on: datetime.date
    direction: str  # Registration.Direction


@dataclass(frozen=True)
class Signing:
    """A required signatory (person key) of a party; signed on a day, or not yet."""

    party: str
    person: str
    title: str
    on: datetime.date | None = None


@dataclass(frozen=True)
class Spec:
    key: str
    title: str
    text: str
    subject: str  # what it concerns, in brief, in the register entries
    drafted: datetime.date
    drafted_by: str  # username of the coordinator recording it
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    notice_months: int | None = None
    renewal_months: int | None = None
    entries: tuple[Entry, ...] = ()
    signatories: tuple[Signing, ...] = ()
    sent: datetime.date | None = None
    terminated: datetime.date | None = None
    confidential: bool = False


DRAWN_UP = Registration.Direction.DRAWN_UP
RECEIVED = Registration.Direction.RECEIVED
VICE_PRESIDENT = "Vicerektor för samverkan"
DEPUTY_CITY_MANAGER = "Biträdande stadsdirektör"

AGREEMENTS = [
    Spec(
        key="internships_2015",
        title="Avtal om praktik och examensarbeten vid stadens förvaltningar 2015–2017 (exempel)",
        text=(
            "Stockholms stads förvaltningar tar emot KTH:s studenter för praktik och "
            "examensarbeten. Staden ger handledning på arbetsplatsen; KTH svarar för den "
            "akademiska handledningen och examinationen. Studenterna är försäkrade genom "
            "Kammarkollegiets studentförsäkring och får ingen lön. Avtalet gäller 2015-01-01–"
            "2017-12-31 med tre månaders uppsägningstid."
        ),
        subject="Avtal om praktik och examensarbeten 2015–2017",
        drafted=D(2014, 11, 24),
        drafted_by="demo",
        starts_on=D(2015, 1, 1),
        ends_on=D(2017, 12, 31),
        notice_months=3,
        entries=(
            Entry("kth", "V-2014-0871", D(2014, 11, 28), DRAWN_UP),
            Entry("stad", "KS 2014/1532", D(2014, 12, 2), RECEIVED),
        ),
        signatories=(
            Signing("stad", "holmgren", "HR-direktör", D(2014, 12, 10)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2014, 12, 15)),
        ),
        sent=D(2014, 12, 3),
    ),
    Spec(
        key="student_challenges",
        title="Avtal om studentutmaningar och projektkurser med stadens förvaltningar (exempel)",
        text=(
            "Stadens förvaltningar formulerar utmaningar ur sin verksamhet för KTH:s "
            "projektkurser och deltar vid start och slutredovisning. KTH ansvarar för kurserna "
            "och examinationen. Resultaten får användas fritt av båda parterna. Avtalet gäller "
            "2016-08-15–2027-12-31 och förlängs därefter med två år i taget, om ingen part säger "
            "upp det senast sex månader före periodens slut."
        ),
        subject="Avtal om studentutmaningar och projektkurser",
        drafted=D(2016, 6, 13),
        drafted_by="demo",
        starts_on=D(2016, 8, 15),
        ends_on=D(2027, 12, 31),
        notice_months=6,
        renewal_months=24,
        entries=(
            Entry("kth", "V-2016-0702", D(2016, 6, 20), DRAWN_UP),
            Entry("stad", "KS 2016/0988", D(2016, 6, 23), RECEIVED),
        ),
        signatories=(
            Signing("stad", "wiren", "Utbildningsdirektör", D(2016, 8, 8)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2016, 8, 10)),
        ),
        sent=D(2016, 6, 27),
    ),
    Spec(
        key="mobility",
        title="Samarbetsavtal om forskning om smart mobilitet och trafikdata (exempel)",
        text=(
            "Trafikkontoret och KTH:s Centrum för smart mobilitet samarbetar om forskning på "
            "stadens trafikdata. Staden lämnar ut aggregerade och avidentifierade data; "
            "resultaten publiceras öppet. Var part bär sina egna kostnader om inte annat avtalas "
            "för ett delprojekt. Avtalet gäller 2017-03-01–2027-02-28 med sex månaders "
            "uppsägningstid."
        ),
        subject="Samarbetsavtal om forskning om smart mobilitet och trafikdata",
        drafted=D(2017, 1, 23),
        drafted_by="stad",
        starts_on=D(2017, 3, 1),
        ends_on=D(2027, 2, 28),
        notice_months=6,
        entries=(
            Entry("stad", "KS 2017/0187", D(2017, 1, 30), DRAWN_UP),
            Entry("kth", "V-2017-0142", D(2017, 2, 2), RECEIVED),
        ),
        signatories=(
            Signing("stad", "lager", "Trafikdirektör", D(2017, 2, 15)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2017, 2, 20)),
        ),
        sent=D(2017, 2, 6),
    ),
    Spec(
        key="greenquarter",
        title="Samarbetsavtal för Horisont 2020-projektet GREENQUARTER (exempel)",
        text=(
            "Avtalet kompletterar projektets konsortieavtal och reglerar parternas arbete i "
            "stadens demonstrationsområde: tillträde till platser och data, ansvar för "
            "mätutrustning och fördelning av EU-bidraget mellan parterna. KTH koordinerar "
            "projektet. Avtalet gäller tills parternas åtaganden i projektet har fullgjorts, med "
            "tre månaders uppsägningstid."
        ),
        subject="Samarbetsavtal för EU-projektet GREENQUARTER",
        drafted=D(2017, 4, 18),
        drafted_by="demo",
        starts_on=D(2017, 6, 1),
        notice_months=3,
        entries=(
            Entry("kth", "V-2017-0511", D(2017, 4, 25), DRAWN_UP),
            Entry("stad", "KS 2017/0733", D(2017, 4, 28), RECEIVED),
        ),
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER, D(2017, 5, 10)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2017, 5, 12)),
        ),
        sent=D(2017, 5, 2),
    ),
    Spec(
        key="internships_2018",
        title="Avtal om praktik och examensarbeten från 2018 (exempel)",
        text=(
            "Fortsättning på avtalet om praktik och examensarbeten 2015–2017, utvidgat till "
            "samtliga förvaltningar. Staden ger handledning på arbetsplatsen; KTH svarar för "
            "den akademiska handledningen och examinationen. Avtalet gäller till och med "
            "2027-06-30 och förlängs därefter med ett år i taget, om ingen part säger upp det "
            "senast tre månader före periodens slut."
        ),
        subject="Avtal om praktik och examensarbeten från 2018",
        drafted=D(2017, 10, 30),
        drafted_by="stad",
        starts_on=D(2018, 1, 1),
        ends_on=D(2027, 6, 30),
        notice_months=3,
        renewal_months=12,
        entries=(
            Entry("stad", "KS 2017/1874", D(2017, 11, 6), DRAWN_UP),
            Entry("kth", "V-2017-1093", D(2017, 11, 9), RECEIVED),
        ),
        signatories=(
            Signing("stad", "holmgren", "HR-direktör", D(2017, 11, 20)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2017, 11, 27)),
        ),
        sent=D(2017, 11, 13),
    ),
    Spec(
        key="digital_leadership",
        title="Avtal om uppdragsutbildning i digitalt ledarskap för stadens chefer (exempel)",
        text=(
            "KTH genomför en uppdragsutbildning om 7,5 högskolepoäng i digitalt ledarskap för "
            "upp till 30 av stadens chefer, i tre moduler under våren 2020, enligt förordningen "
            "(2002:760) om uppdragsutbildning vid universitet och högskolor. Ersättning: "
            "450 000 kronor. Avtalet gäller 2019-10-01–2021-06-30 med en månads uppsägningstid."
        ),
        subject="Avtal om uppdragsutbildning i digitalt ledarskap",
        drafted=D(2019, 8, 26),
        drafted_by="demo",
        starts_on=D(2019, 10, 1),
        ends_on=D(2021, 6, 30),
        notice_months=1,
        entries=(
            Entry("kth", "V-2019-0823", D(2019, 8, 30), DRAWN_UP),
            Entry("stad", "KS 2019/0456", D(2019, 9, 3), RECEIVED),
        ),
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER, D(2019, 9, 12)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2019, 9, 16)),
        ),
        sent=D(2019, 9, 5),
        # The parties ended it early when the course was called off during the pandemic.
        terminated=D(2020, 4, 30),
    ),
    Spec(
        key="climate_education",
        title=(
            "Avtal om uppdragsutbildning i klimatomställning för planering och byggande (exempel)"
        ),
        text=(
            "KTH ger uppdragsutbildning i klimatomställning för stadens medarbetare inom "
            "planering, exploatering och byggande. Varje kursomgång beställs skriftligt med pris "
            "och antal platser. Avtalet gäller tills vidare med tre månaders uppsägningstid."
        ),
        subject="Avtal om uppdragsutbildning i klimatomställning",
        drafted=D(2022, 8, 8),
        drafted_by="demo",
        starts_on=D(2022, 9, 1),
        notice_months=3,
        entries=(
            Entry("kth", "V-2022-0954", D(2022, 8, 12), DRAWN_UP),
            Entry("stad", "KS 2022/1120", D(2022, 8, 16), RECEIVED),
        ),
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER, D(2022, 8, 22)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2022, 8, 24)),
        ),
        sent=D(2022, 8, 17),
    ),
    Spec(
        key="netzero",
        title="Samarbetsavtal för Horisont Europa-projektet NETZERO-STHLM (exempel)",
        text=(
            "Avtalet kompletterar projektets konsortieavtal. Stockholms stad koordinerar "
            "projektet; KTH leder arbetspaketet om uppföljning och utvärdering av stadsdelarnas "
            "klimatomställning. Parterna delar mätdata och resultat inom projektet. Avtalet "
            "gäller tills parternas åtaganden i projektet har fullgjorts, med tre månaders "
            "uppsägningstid."
        ),
        subject="Samarbetsavtal för EU-projektet NETZERO-STHLM",
        drafted=D(2022, 11, 14),
        drafted_by="stad",
        starts_on=D(2023, 1, 1),
        notice_months=3,
        entries=(
            Entry("stad", "KS 2022/1693", D(2022, 11, 21), DRAWN_UP),
            Entry("kth", "V-2022-1418", D(2022, 11, 24), RECEIVED),
        ),
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER, D(2022, 12, 5)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2022, 12, 8)),
        ),
        sent=D(2022, 11, 28),
    ),
    Spec(
        key="leak_detection",
        title=(
            "Avtal om forskning på driftdata från stadens VA-bolag för läckagedetektering (exempel)"
        ),
        text=(
            "SEKRETESS enligt 31 kap. 16 § offentlighets- och sekretesslagen (2009:400).\n\n"
            "Stockholms stad ställer driftdata från ett av stadens bolag (tryck, flöden och larm "
            "i ledningsnätet) till förfogande för KTH:s forskning om läckagedetektering med "
            "maskininlärning. Uppgifterna rör bolagets affärs- och driftförhållanden och får "
            "användas endast i projektet; de förvaras i KTH:s skyddade forskningsmiljö och "
            "gallras när projektet avslutas. Publicering sker efter granskning, så att inga "
            "uppgifter om ledningsnätets svaga punkter röjs. Avtalet gäller 2024-03-15–"
            "2026-12-31 med tre månaders uppsägningstid."
        ),
        subject="Avtal om forskning på driftdata från stadens VA-bolag för läckagedetektering",
        drafted=D(2024, 2, 19),
        drafted_by="stad",
        starts_on=D(2024, 3, 15),
        ends_on=D(2026, 12, 31),
        notice_months=3,
        entries=(
            Entry("stad", "KS 2024/0318", D(2024, 2, 26), DRAWN_UP),
            Entry("kth", "V-2024-0212", D(2024, 2, 29), RECEIVED),
        ),
        signatories=(
            Signing("stad", "rask", "Avdelningschef, stadsledningskontoret", D(2024, 3, 11)),
            Signing("kth", "wall", VICE_PRESIDENT, D(2024, 3, 14)),
        ),
        sent=D(2024, 3, 4),
        confidential=True,
    ),
    Spec(
        key="digital_internships",
        title="Avtal om praktik i stadens digitaliseringsprogram 2027–2029 (exempel)",
        text=(
            "Stadsledningskontoret tar emot upp till tolv KTH-studenter per termin för praktik i "
            "stadens digitaliseringsprogram: e-tjänster, öppna data och AI-stöd i "
            "handläggningen. Staden ger handledning; KTH svarar för kursen och examinationen. "
            "Avtalet gäller från undertecknandet till och med 2029-12-31 med tre månaders "
            "uppsägningstid."
        ),
        subject="Avtal om praktik i stadens digitaliseringsprogram 2027–2029",
        drafted=D(2026, 10, 19),
        drafted_by="demo",
        ends_on=D(2029, 12, 31),
        notice_months=3,
        entries=(
            Entry("kth", "V-2026-1187", D(2026, 11, 2), DRAWN_UP),
            Entry("stad", "KS 2026/1562", D(2026, 11, 4), RECEIVED),
        ),
        # KTH has signed; the city's signatory (the demo user `signerare_stad`) has not yet.
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER),
            Signing("kth", "wall", VICE_PRESIDENT, D(2026, 11, 10)),
        ),
        sent=D(2026, 11, 5),
    ),
    Spec(
        key="heat_waves",
        title=(
            "Avtal om forskningssamarbete om värmeböljor och klimatanpassning i stadsmiljö "
            "(exempel)"
        ),
        text=(
            "Utkast. Miljöförvaltningen och KTH:s skola för arkitektur och samhällsbyggnad "
            "studerar hur värmeböljor påverkar stadens utemiljöer, skolgårdar och äldreboenden, "
            "och vilka åtgärder för grönska, skugga och vatten som ger mest effekt. Avtalet ska "
            "gälla 2027-03-01–2029-12-31 med sex månaders uppsägningstid."
        ),
        subject="Avtal om forskningssamarbete om värmeböljor och klimatanpassning",
        drafted=D(2026, 11, 16),
        drafted_by="demo",
        starts_on=D(2027, 3, 1),
        ends_on=D(2029, 12, 31),
        notice_months=6,
        signatories=(
            Signing("stad", "ryden", DEPUTY_CITY_MANAGER),
            Signing("kth", "wall", VICE_PRESIDENT),
        ),
    ),
]

# Who signs in the application: the signatory's own demo user. Others sign on paper, and the
# city's registrar registers the scan.
SIGNING_USERS = {"wall": "signerare_kth", "ryden": "signerare_stad"}


def load_agreements(cast: Cast) -> dict[str, Agreement]:
    """Record every agreement up to where its story stands (ends come later: `end_agreements`,
    once the activities they regulate have run their course)."""
    return {spec.key: _load(cast, spec) for spec in AGREEMENTS}


def _load(cast: Cast, spec: Spec) -> Agreement:
    drafter = cast.users[spec.drafted_by]
    with on(spec.drafted):
        agreement = Agreement(
            partnership=cast.partnership,
            title=spec.title,
            text=spec.text,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            notice_months=spec.notice_months,
            renewal_months=spec.renewal_months,
        )
        agreement.full_clean()
        create_record(agreement, actor=drafter)
        for party in ("stad", "kth"):
            create_record(
                AgreementParty(agreement=agreement, party=cast.parties[party]), actor=drafter
            )
        signatories = {}
        for signing in spec.signatories:
            signatory = RequiredSignatory(
                agreement=agreement,
                party=cast.parties[signing.party],
                person=cast.people[signing.person],
                title=signing.title,
            )
            signatory.full_clean()
            signatories[signing] = create_record(signatory, actor=drafter)
        services.replace_document(
            agreement,
            upload=pdf(_file_name(spec), _document_text(spec)),
            actor=drafter,
        )
    for entry in spec.entries:
        _register(cast, agreement, spec, entry)
    if spec.confidential:
        _mark_confidential(cast, agreement, spec)
    if spec.sent:
        with on(spec.sent):
            services.send_for_signature(agreement, actor=drafter)
    for signing in sorted((s for s in spec.signatories if s.on), key=lambda s: (s.on, s.party)):
        _sign(cast, agreement, signatories[signing], signing)
    return agreement


def _file_name(spec: Spec) -> str:
    return f"{slugify(spec.subject.replace('–', '-'))}.pdf"


def _document_text(spec: Spec) -> str:
    if spec.confidential:
        return f"SEKRETESS ({SECRECY_PROVISION}) – {spec.title}"
    return spec.title


def _register(cast: Cast, agreement: Agreement, spec: Spec, entry: Entry) -> None:
    """The party's register entry, recorded by its registrar or, lacking one, its coordinator."""
    actor = cast.users["registrator" if entry.party == "stad" else "demo"]
    with on(entry.on):
        registration = Registration(
            agreement=agreement,
            party=cast.parties[entry.party],
            registration_number=entry.number,
            registered_on=entry.on,
            direction=entry.direction,
            correspondent=CITY_CORRESPONDENT if entry.party == "kth" else KTH_CORRESPONDENT,
            subject=spec.subject,
        )
        registration.full_clean()
        create_record(registration, actor=actor)


def _mark_confidential(cast: Cast, agreement: Agreement, spec: Spec) -> None:
    """The city's registrar marks the document, the title and the register entries' subject
    secret when the agreement is registered; KTH's coordinator gives KTH's signatory, who holds
    no role entitling them to it, access by name to read what they are to sign."""
    city_entry = next(e for e in spec.entries if e.party == "stad")
    with on(city_entry.on):
        for target in (
            SecrecyMarking.Target.DOCUMENT,
            SecrecyMarking.Target.TITLE,
            SecrecyMarking.Target.SUBJECT,
        ):
            services.mark_secret(
                agreement=agreement,
                target=target,
                provision=SECRECY_PROVISION,
                marked_on=city_entry.on,
                authority=cast.organisation("stad"),
                actor=cast.users["registrator"],
            )
    with on(spec.sent or spec.drafted):
        services.grant_access(
            agreement,
            user=cast.users["signerare_kth"],
            reason=(
                "Undertecknar avtalet för KTH och behöver läsa handlingen innan hen undertecknar."
            ),
            actor=cast.users["demo"],
        )


def _sign(cast: Cast, agreement: Agreement, signatory: RequiredSignatory, signing: Signing):
    username = SIGNING_USERS.get(signing.person)
    with on(signing.on):
        if username:
            services.sign_agreement(agreement, signatory=signatory, actor=cast.users[username])
        else:
            scan = pdf(
                f"underskrift-{slugify(signatory.person.name)}.pdf",
                f"Underskrivet original, skannat: {signatory.person.name}",
            )
            services.sign_agreement(
                agreement,
                signatory=signatory,
                actor=cast.users["registrator"],
                method=SCAN,
                scan=scan,
            )


def end_agreements(cast: Cast, agreements: dict[str, Agreement]) -> None:
    """Terminate those the parties ended early (their activities have been wound up by then)."""
    for spec in AGREEMENTS:
        if spec.terminated:
            with on(spec.terminated):
                services.terminate_agreement(
                    agreements[spec.key], on=spec.terminated, actor=cast.users["stad"]
                )

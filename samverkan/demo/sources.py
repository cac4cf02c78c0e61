"""The source documents' own words, for the demo's clauses (public documents, in Swedish)."""

MOU_TITLE = "Memorandum of Understanding mellan Stockholms stad och KTH"
MOU_DESCRIPTION = (
    "Ett strategiskt partnerskap som bidrar till utveckling av innovationsförmåga hos både "
    "Stockholms stad och KTH."
)

MOU_CLAUSES = [
    (
        "Inledning",
        "I en omvärld under snabb förändring främjar långsiktiga partnerskap att en kontinuerlig "
        "dialog på ledningsnivå förs som skapar stabilitet i så väl låg- som högkonjunktur. "
        "Kungliga Tekniska Högskolan och Stockholms stad, tillsammans ”Parterna” ger härmed "
        "uttryck för sin avsikt att stärka sitt långsiktiga och strategiska samarbete avseende "
        "kompetens, personutbyten, utbildning och forskning som leder till stärkt "
        "innovationsförmåga.\n\n"
        "Parterna skall utveckla samarbetsområden efter de behov som identifieras i årlig dialog "
        "mellan KTH:s och Stockholms stads ledning. Dessa samarbeten skall leda till långsiktig "
        "och gemensam utveckling av kunskap och innovationsförmåga, vilket bidrar till nytta för "
        "båda Parterna.",
    ),
    (
        "Kompetensförsörjning och kompetensutveckling",
        "En förutsättning för stockholmsregionens fortsatta positiva utveckling är god tillgång "
        "på relevant kompetens. KTH och Stockholms stad skall därför fördjupa samarbetet för "
        "såväl kompetensförsörjning till Stockholms stad som för studentrekrytering till KTH. "
        "Stockholms stad skall även kunna medverka i diskussioner om inriktningen av högre "
        "utbildning i relevanta rådgivande grupper och centrumbildningar. Stockholms stads "
        "medverkan i KTH:s grundutbildning genom utmaningar till studenter samt gästföreläsningar "
        "är uppskattad och välkommen. Fler studenter som genomför olika former av praktik, "
        "examensarbeten och liknande kan välkomnas i staden. Vidare kan kompetensutveckling och "
        "vidareutbildning av Stockholms stads medarbetare utvecklas och genomföras genom KTH, "
        "t ex i form av uppdragsutbildning.",
    ),
    (
        "Forskning och innovationer",
        "Det finns en rad etablerade bilaterala samarbeten mellan KTH och Stockholms stad som "
        "fungerar väl och som kan förstärkas ytterligare. Dessa koordineras bland annat genom "
        "KTH:s centrumbildningar och laboratorier. Samarbeten kan även vidareutvecklas på "
        "EU-nivå, genom till exempel Horisont 2020, i syfte att integrera utbildning, forskning "
        "och innovation.",
    ),
    (
        "Personutbyten",
        "Personutbyten är ett viktigt instrument för fördjupad samverkan. Genom strategiska "
        "överväganden kan nyttan av sådant personutbyte öka. Till exempel kan dessa utbyten "
        "utgöra en karriärtrappa för Stockholms stads medarbetare och meritering för KTH:s "
        "forskare och lärare.\n\n"
        "Positioner och områden för personutbyten ska ligga inom de samarbetsområden som "
        "identifierats i ledningsdialogen. Syfte med varje personutbyte, villkoren och dess "
        "nytta för båda organisationerna bör vara tydligt.",
    ),
    (
        "Årlig uppföljning",
        "Aktiviteter som görs inom ramen för detta Memorandum of Understanding diskuteras och "
        "följs upp av Stockholms stad och KTH:s ledning på våren varje år. I denna ledningsdialog "
        "ska omvärld, trender, framtida utmaningar och eventuella justeringar av inriktning på "
        "samarbeten diskuteras. Vidare tillsätts en gemensam styrgrupp med uppdrag att utveckla "
        "samarbetet mellan Parterna, följa upp dessa och bereda underlag till årlig "
        "ledningsdialog.\n\n"
        "Kommunikation med anledning av denna avsiktsförklaring bör kontinuerligt ske genom av "
        "Parterna utsedda kontaktpersoner, som kan vara flera såväl hos KTH som hos Stockholms "
        "stad beroende på samarbetsfält. När konkreta aktiviteter definieras ska dessa regleras "
        "i särskilda avtal, undertecknade av båda Parterna, inklusive eventuella "
        "sekretessbestämmelser.",
    ),
    (
        "Giltighet",
        "Detta Memorandum of Understanding skall gälla från undertecknandet till dess att det "
        "sägs upp av endera parten med tre månaders varsel.",
    ),
]

INTERACT_DESCRIPTION = (
    "”InterAct” är ett partnerskap som utifrån en stark region målinriktat arbetar tillsammans "
    "för att åstadkomma konkreta resultat på en internationell marknad. Arbetet leds av KTH "
    "Innovation och verkar för att – med existerande verksamheter som bas – bredda, fördjupa "
    "och effektivisera innovationsstödet vid lärosätena."
)

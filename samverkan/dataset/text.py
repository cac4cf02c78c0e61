"""Words for generated names and texts: Swedish, as the register's own records are.

Titles and descriptions are put together from these so that full-text search finds realistic
words (and stems) in realistic numbers; nothing here names a real person.
"""

from __future__ import annotations

import random
import unicodedata

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Kerstin", "Emma", "Ingrid", "Malin",
    "Linnea", "Elin", "Johanna", "Sofia", "Helena", "Marie", "Ulrika", "Petra", "Camilla", "Jenny",
    "Hanna", "Frida", "Ida", "Amanda", "Klara", "Astrid", "Elsa", "Maja", "Nora", "Alice", "Lars",
    "Anders", "Johan", "Karl", "Erik", "Per", "Mikael", "Peter", "Jan", "Hans", "Magnus",
    "Fredrik", "Daniel", "Mats", "Henrik", "Jonas", "Niklas", "Oskar", "Gustav", "Viktor", "Axel",
    "Emil", "Filip", "Ali", "Mohammed", "Ahmed", "Yusuf", "Omar", "Leo", "Hugo"
)  # fmt: skip

LAST_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
    "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson",
    "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist",
    "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
    "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg",
    "Wallin", "Engström", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman",
    "Gunnarsson", "Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström",
    "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson",
    "Nordström", "Mårtensson", "Lundström", "Ali", "Mohammadi", "Hussein", "Nguyen", "Kaya",
    "Yilmaz", "Rahimi", "Haddad"
)  # fmt: skip

TOPICS = (
    "hållbar stadsutveckling",
    "klimatanpassning",
    "digitala välfärdstjänster",
    "öppna data",
    "skolans digitalisering",
    "äldreomsorg",
    "vattenrening",
    "kollektivtrafik",
    "cirkulär ekonomi",
    "energieffektivisering",
    "artificiell intelligens i offentlig sektor",
    "folkhälsa",
    "integration och etablering",
    "bostadsbyggande",
    "biologisk mångfald",
    "trafiksäkerhet",
    "dagvattenhantering",
    "smarta elnät",
    "minskat matsvinn",
    "cykelinfrastruktur",
    "lärarutbildning",
    "socialtjänstens utveckling",
    "vård i hemmet",
    "psykisk hälsa bland unga",
    "fossilfria transporter",
    "avfallshantering",
    "informationssäkerhet",
    "krisberedskap",
    "besöksnäring",
    "kulturarv",
    "landsbygdsutveckling",
    "livsmedelsförsörjning",
    "skogsbruk och bioekonomi",
    "batteriteknik",
    "vätgas",
    "materialåtervinning",
    "byggnadsvård",
    "trä i byggandet",
    "inomhusmiljö",
    "bullerminskning",
    "luftkvalitet",
    "grönytor i staden",
    "arbetsmarknadsinsatser",
    "entreprenörskap",
    "innovationsupphandling",
    "geografiska informationssystem",
    "medborgardialog",
    "jämställdhet",
    "tillgänglighet",
    "idrott och rörelse",
    "förskolepedagogik",
    "matematikundervisning",
    "språkutveckling",
    "e-hälsa",
    "läkemedelsanvändning",
    "vårdens kompetensförsörjning",
    "sjöfart och hamnar",
    "rennäring",
    "fjärrvärme",
    "solenergi",
)

AREAS = (
    ("Kompetensförsörjning och kompetensutveckling", "Competence supply and development"),
    ("Forskning och innovationer", "Research and innovation"),
    ("Personutbyten", "Personnel exchanges"),
    ("Hållbar samhällsbyggnad", "Sustainable urban development"),
    ("Digitalisering", "Digitalisation"),
    ("Hälsa och välfärd", "Health and welfare"),
    ("Skola och lärande", "School and learning"),
    ("Klimat och energi", "Climate and energy"),
    ("Mobilitet och transporter", "Mobility and transport"),
    ("Kultur och kreativa näringar", "Culture and creative industries"),
    ("Näringsliv och entreprenörskap", "Business and entrepreneurship"),
    ("Trygghet och beredskap", "Safety and preparedness"),
)

CLAUSES = (
    "Bakgrund",
    "Syfte",
    "Samarbetsområden",
    "Organisation och uppföljning",
    "Kontaktpersoner",
    "Specifika avtal",
    "Ekonomi",
    "Giltighet",
)

ROLES = ("handledare", "föreläsare", "projektledare", "värd", "kursansvarig", "expert", "mentor")

UNIT_SUBJECTS = (
    "datavetenskap",
    "samhällsbyggnad",
    "miljövetenskap",
    "medicin",
    "pedagogik",
    "ekonomi",
    "juridik",
    "fysik",
    "kemi",
    "biologi",
    "matematik",
    "psykologi",
    "sociologi",
    "statsvetenskap",
    "historia",
    "språk",
    "energiteknik",
    "maskinteknik",
    "elektroteknik",
    "vårdvetenskap",
)

INNOVATION_TECH = (
    "sensor",
    "algoritm",
    "material",
    "app",
    "diagnostikmetod",
    "process",
    "plattform",
    "läkemedelskandidat",
    "mätinstrument",
    "robot",
    "tjänst",
    "batteri",
)


def ascii_word(text: str) -> str:
    """`text` lower-cased with å, ä, ö (and any other accent) made plain: for e-mail names."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c in ".-")


def sentence(rng: random.Random, options: tuple[str, ...], **names: str) -> str:
    return rng.choice(options).format(**names)


DESCRIPTIONS = (
    "{a} och {b} samarbetar om {topic}.",
    "Syftet är att pröva nya arbetssätt inom {topic} tillsammans med {b}.",
    "Aktiviteten bygger på erfarenheter från tidigare samarbete om {topic}.",
    "Deltagare från {a} och {b} träffas regelbundet under perioden.",
    "Arbetet följs upp i styrgruppen och redovisas i årsrapporten.",
    "Resultaten ska kunna användas i {b}s verksamhet.",
    "Studenter och medarbetare arbetar i blandade grupper med verkliga frågor om {topic}.",
)

OUTCOMES = (
    "Resultaten presenterades vid ett gemensamt seminarium.",
    "En rapport om {topic} publicerades och spreds inom {b}.",
    "Arbetet ledde till en ansökan om fortsatt finansiering.",
    "Två nya arbetssätt infördes i verksamheten.",
    "Deltagarna rekommenderade att samarbetet om {topic} fortsätter.",
)

BENEFITS = (
    "Tillgång till aktuell kunskap om {topic}.",
    "Kompetensutveckling för medarbetarna.",
    "Verklighetsnära uppgifter för studenterna.",
    "Underlag för verksamhetsutveckling inom {topic}.",
)

DECISIONS = (
    "Styrgruppen fastställde verksamhetsplanen för året.",
    "Uppföljningen av samarbetet om {topic} godkändes.",
    "Ett nytt samarbete om {topic} ska utredas.",
    "Underlaget till ledningsdialogen fastställdes.",
    "Samarbetsområdena ses över inför nästa år.",
    "Parterna avsätter gemensamma medel för {topic}.",
)

ACTIONS = (
    "Ta fram ett förslag om {topic}.",
    "Sammanställa årets aktiviteter inför ledningsdialogen.",
    "Bjuda in berörda förvaltningar till ett möte om {topic}.",
    "Uppdatera listan över kontaktpersoner.",
    "Följa upp personutbytena under året.",
)

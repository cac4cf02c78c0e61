"""The register: organisations, their units and their people.

The 21 counties (as the regions) and 290 municipalities are the real ones, from the reference
data in `geodata/` (CC0). Universities and innovation actors (incubators, science parks,
research institutes) are made up, seated in real municipalities, and marked fictional; so are
all units and people.
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from samverkan.organisations.models import Organisation, Unit

from . import tables as t
from .context import Generation, Org, person_name, stamp
from .text import TOPICS, UNIT_SUBJECTS, ascii_word

GEODATA = Path(__file__).parent / "geodata"
SET_UP = datetime.date(2015, 12, 1)  # the day the register was filled in

K = Organisation.Kind
U = Unit.Kind

MUNICIPAL_UNITS = (
    "Kommunledningskontoret",
    "Utbildningsförvaltningen",
    "Socialförvaltningen",
    "Stadsbyggnadskontoret",
    "Miljöförvaltningen",
    "Tekniska förvaltningen",
    "Kulturförvaltningen",
    "Arbetsmarknadsförvaltningen",
)
REGIONAL_UNITS = (
    "Regionledningskontoret",
    "Hälso- och sjukvårdsförvaltningen",
    "Regional utveckling",
    "Kollektivtrafikförvaltningen",
    "Kulturförvaltningen",
    "Folktandvården",
    "Primärvården",
    "Länssjukhuset",
)
ACTOR_UNITS = ("Verksamhetsledning", "Affärsutveckling", "Program och nätverk")

TITLES = {
    K.STATE_UNIVERSITY: (
        "Professor",
        "Universitetslektor",
        "Forskare",
        "Doktorand",
        "Samverkansrådgivare",
        "Innovationsrådgivare",
        "Forskningssamordnare",
        "Studievägledare",
        "Kommunikatör",
    ),
    K.MUNICIPALITY: (
        "Utvecklingsledare",
        "Strateg",
        "Handläggare",
        "Enhetschef",
        "Projektledare",
        "HR-specialist",
    ),
    K.REGION: ("Utvecklingsstrateg", "Verksamhetschef", "Läkare", "Sjuksköterska", "Projektledare"),
    K.INCUBATOR: ("Affärscoach", "Projektledare", "Analytiker"),
}
HEADS = {
    K.STATE_UNIVERSITY: ("Rektor", "Prorektor"),
    K.MUNICIPALITY: ("Kommundirektör", "Biträdande kommundirektör"),
    K.REGION: ("Regiondirektör", "Biträdande regiondirektör"),
    K.INCUBATOR: ("Verkställande direktör", "Vice verkställande direktör"),
}
PREFIXES = {K.STATE_UNIVERSITY: "V", K.MUNICIPALITY: "KS", K.REGION: "RS", K.INCUBATOR: "Dnr"}


def _family(kind: str) -> str:
    """The kind whose titles and registers an organisation of `kind` uses."""
    if kind in (K.STATE_UNIVERSITY, K.UNIVERSITY):
        return K.STATE_UNIVERSITY
    if kind in (K.MUNICIPALITY, K.REGION):
        return kind
    return K.INCUBATOR


def _read(name: str) -> list[dict[str, str]]:
    with (GEODATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def generate_register(gen: Generation) -> None:
    """Every organisation with its units and people; fills gen's lists of organisations."""
    rng = gen.rng("register")
    counties = _read("counties.csv")
    municipalities = _read("municipalities.csv")
    county_names = {row["county_code"]: row["county_name"] for row in counties}

    def org(kind, name, short, county, description, *, fictional) -> Org:
        organisation = Org(
            id=gen.ids.next(t.ORGANISATION),
            kind=kind,
            name=name,
            short=short,
            county=county,
            domain=f"{ascii_word(short.replace(' ', ''))}.se",
            registration_prefix=PREFIXES[_family(kind)],
            head_titles=HEADS[_family(kind)],
        )
        gen.add(
            t.ORGANISATION,
            id=organisation.id,
            name=name,
            short_name=short,
            kind=kind,
            description=description,
            is_fictional=fictional,
            at=stamp(SET_UP),
        )
        return organisation

    for row in counties:
        gen.regions.append(
            org(
                K.REGION.value,
                row["county_name"],
                row["county_name_short"],
                row["county_code"],
                f"Regionen i {row['county_name']} (länskod {row['county_code']}).",
                fictional=False,
            )
        )
    for row in municipalities:
        gen.municipalities.append(
            org(
                K.MUNICIPALITY.value,
                row["municipality_name"],
                row["municipality_name_short"],
                row["county_code"],
                f"Kommunkod {row['municipality_code']}, {county_names[row['county_code']]}.",
                fictional=False,
            )
        )
    seats = rng.sample(gen.municipalities, gen.scale.universities + gen.scale.actors)
    for n, seat in enumerate(seats[: gen.scale.universities]):
        kind, name, short = [
            (K.STATE_UNIVERSITY, f"{seat.short} universitet", f"{seat.short} U"),
            (K.STATE_UNIVERSITY, f"Högskolan i {seat.short}", f"Hi {seat.short}"),
            (K.STATE_UNIVERSITY, f"{seat.short} tekniska högskola", f"{seat.short} TH"),
            (K.UNIVERSITY, f"Stiftelsehögskolan i {seat.short}", f"SH {seat.short}"),
        ][n % 4]
        description = "Påhittat lärosäte i genererade data."
        gen.universities.append(
            org(kind.value, name, short, seat.county, description, fictional=True)
        )
    for n, seat in enumerate(seats[gen.scale.universities :]):
        topic = TOPICS[n % len(TOPICS)]
        kind, name, short = [
            (K.INCUBATOR, f"Inkubatorn i {seat.short}", f"Inkubator {seat.short}"),
            (K.OTHER, f"{seat.short} Science Park", f"{seat.short} SP"),
            (K.RESEARCH_INSTITUTE, f"Institutet för {topic}", f"Inst {n}"),
        ][n % 3]
        description = "Påhittad innovationsaktör i genererade data."
        gen.actors.append(org(kind.value, name, short, seat.county, description, fictional=True))

    scale = gen.scale
    for group, units, people in (
        (gen.regions, REGIONAL_UNITS[: scale.units_per_region], scale.people_per_region),
        (
            gen.municipalities,
            MUNICIPAL_UNITS[: scale.units_per_municipality],
            scale.people_per_municipality,
        ),
        (gen.universities, None, scale.people_per_university),
        (gen.actors, ACTOR_UNITS[: scale.units_per_actor], scale.people_per_actor),
    ):
        for organisation in group:
            if units is None:
                _university_units(gen, rng, organisation, scale.units_per_university)
            else:
                _plain_units(gen, organisation, units)
            _people(gen, rng, organisation, people)


def _unit(gen: Generation, org: Org, name: str, kind: str, **values) -> int:
    unit_id = gen.ids.next(t.UNIT)
    gen.add(
        t.UNIT,
        id=unit_id,
        organisation_id=org.id,
        name=name,
        kind=kind,
        at=stamp(SET_UP),
        **values,
    )
    return unit_id


def _plain_units(gen: Generation, org: Org, names: tuple[str, ...]) -> None:
    kind = U.ADMINISTRATION if org.kind in (K.MUNICIPALITY, K.REGION) else U.OTHER
    made = [_unit(gen, org, name, kind.value) for name in names]
    org.units = range(made[0], made[-1] + 1) if made else range(0)


def _university_units(gen: Generation, rng, org: Org, count: int) -> None:
    """Schools, departments, centres and laboratories; the innovation unit and its office, and
    a department whose innovation work reports to the innovation unit (R13)."""
    innovation = _unit(gen, org, f"{org.short} Innovation", U.INNOVATION_UNIT.value)
    first = innovation
    office = _unit(
        gen,
        org,
        f"Innovationskontoret vid {org.name}",
        U.INNOVATION_OFFICE.value,
        parent_id=innovation,
        established_on="2010",
        description="Inrättat efter propositionen 2008/09:50.",
    )
    org.innovation_unit, org.innovation_office = innovation, office
    schools = [
        _unit(gen, org, f"Fakulteten för {subject}", U.SCHOOL.value)
        for subject in rng.sample(UNIT_SUBJECTS, max(1, min(len(UNIT_SUBJECTS), count // 20)))
    ]
    departments: list[int] = []
    unit_id = schools[-1]
    for n in range(count - 2 - len(schools)):
        kind = (U.DEPARTMENT, U.DEPARTMENT, U.DEPARTMENT, U.CENTRE, U.LABORATORY)[n % 5]
        if kind == U.DEPARTMENT:
            a, b = rng.sample(UNIT_SUBJECTS, 2)
            values = {
                "name": f"Institutionen för {a} och {b}",
                "parent_id": rng.choice(schools),
                # One department carries part of the innovation work (R13).
                "reports_to_id": innovation if n == 0 else None,
            }
        else:
            word = "Centrum" if kind == U.CENTRE else "Laboratoriet"
            values = {
                "name": f"{word} för {rng.choice(TOPICS)}",
                "parent_id": rng.choice(departments or schools),
                "established_on": str(rng.randint(2000, 2020)),
            }
        unit_id = _unit(gen, org, kind=kind.value, **values)
        if kind == U.DEPARTMENT:
            departments.append(unit_id)
    org.units = range(first, unit_id + 1)


def _people(gen: Generation, rng, org: Org, count: int) -> None:
    block = gen.ids.block(t.PERSON, count)
    org.people = block
    titles = TITLES[_family(org.kind)]
    for n, person_id in enumerate(block):
        first, last = person_name(gen.seed, person_id)
        title = org.head_titles[n] if n < 2 else rng.choice(titles)
        gen.add(
            t.PERSON,
            id=person_id,
            organisation_id=org.id,
            unit_id=org.unit(rng) if rng.random() < 0.9 else None,
            name=f"{first} {last}",
            title=title,
            email=f"{ascii_word(first)}.{ascii_word(last)}@{org.domain}",
            phone=f"0{rng.randint(10, 99)}-{rng.randint(100_000, 999_999)}"
            if rng.random() < 0.5
            else "",
            is_fictional=True,
            at=stamp(SET_UP),
        )

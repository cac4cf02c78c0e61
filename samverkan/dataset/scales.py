"""How much the generator makes at each scale.

`national` is issue 8's picture of every Swedish university and municipality running their
partnerships on one installation for ten years. `small` has the same shape at about a
thousandth (but every county and municipality) for tests; `medium` is a tenth, for development.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The ten years of work the dataset covers, and the day it is "as of": every date of record lies
# on or before it, so the same seed gives the same rows whatever day it is generated.
FIRST_YEAR = 2016
LAST_YEAR = 2025
AS_OF = datetime.date(LAST_YEAR, 12, 31)


@dataclass(frozen=True)
class Scale:
    name: str
    universities: int
    actors: int  # incubators, science parks and research institutes
    units_per_university: int
    units_per_region: int
    units_per_municipality: int
    units_per_actor: int
    people_per_university: int
    people_per_region: int
    people_per_municipality: int
    people_per_actor: int
    partnerships: int  # framework agreements (MoUs); the innovation networks come on top
    activities: int
    agreements: int
    exchanges: int
    networks: int  # innovation offices, each running a network
    cases: int
    readers: int


SCALES = {
    scale.name: scale
    for scale in (
        Scale(
            name="small",
            universities=6,
            actors=6,
            units_per_university=12,
            units_per_region=1,
            units_per_municipality=1,
            units_per_actor=1,
            people_per_university=40,
            people_per_region=3,
            people_per_municipality=4,
            people_per_actor=3,
            partnerships=12,
            activities=1_000,
            agreements=150,
            exchanges=20,
            networks=2,
            cases=50,
            readers=2,
        ),
        Scale(
            name="medium",
            universities=30,
            actors=30,
            units_per_university=30,
            units_per_region=3,
            units_per_municipality=2,
            units_per_actor=2,
            people_per_university=300,
            people_per_region=40,
            people_per_municipality=12,
            people_per_actor=10,
            partnerships=200,
            activities=100_000,
            agreements=15_000,
            exchanges=2_000,
            networks=6,
            cases=5_000,
            readers=10,
        ),
        Scale(
            name="national",
            universities=50,
            actors=60,
            units_per_university=118,
            units_per_region=8,
            units_per_municipality=6,
            units_per_actor=3,
            people_per_university=1_210,
            people_per_region=300,
            people_per_municipality=100,
            people_per_actor=70,
            partnerships=2_000,
            activities=1_000_000,
            agreements=150_000,
            exchanges=20_000,
            networks=16,
            cases=50_000,
            readers=50,
        ),
    )
}

"""What every part of the generator shares: the seed's random streams, the spool, the ids, and
the few facts of earlier parts that later ones need (organisations, partnerships' plans).

Everything kept here is small (one entry per organisation or partnership); rows themselves go
straight to the spool.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from samverkan.lib.partial_dates import PartialDate

from .scales import Scale
from .spool import Ids, Spool
from .text import FIRST_NAMES, LAST_NAMES

if TYPE_CHECKING:
    from .accounts import Accounts


def stamp(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """The moment a record made on `day` was saved: in working hours, the same day in Sweden."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    """A day from `first` to `last`, both included (`first` when the span is empty)."""
    span = (last - first).days
    return first + datetime.timedelta(days=rng.randint(0, span)) if span > 0 else first


def days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def person_name(seed: int, person_id: int) -> tuple[str, str]:
    """A person's first and last name, a pure function of the seed and the id: the users made
    for people later carry the same names without the generator keeping them all."""
    mixed = (person_id * 2_654_435_761 + seed * 40_503) % 4_294_967_291
    return (
        FIRST_NAMES[mixed % len(FIRST_NAMES)],
        LAST_NAMES[(mixed // len(FIRST_NAMES)) % len(LAST_NAMES)],
    )


@dataclass(eq=False)
class Org:
    """An organisation as later parts of the generator need it (its people and units are
    blocks of consecutive ids; the first two people are its officers, who sign for it)."""

    id: int
    kind: str
    name: str
    short: str
    county: str
    domain: str
    registration_prefix: str
    head_titles: tuple[str, str]
    units: range = range(0)
    people: range = range(0)
    innovation_unit: int | None = None
    innovation_office: int | None = None
    # The next person to give a user account to (a person has at most one; the officers get
    # theirs as signatories).
    _next_account: int = 2

    @property
    def officers(self) -> tuple[int, ...]:
        """The people who sign for the organisation: its head and deputy."""
        return tuple(self.people[:2])

    def someone(self, rng: random.Random) -> int:
        """A person of the organisation other than its officers, where it has any."""
        if len(self.people) <= 2:
            return self.people[rng.randrange(len(self.people))]
        return self.people[rng.randrange(2, len(self.people))]

    def several(self, rng: random.Random, count: int) -> list[int]:
        """Up to `count` different people of the organisation, other than its officers where
        it has any."""
        pool = self.people[2:] if len(self.people) > 2 else self.people
        return rng.sample(pool, min(count, len(pool)))

    def unit(self, rng: random.Random) -> int | None:
        return self.units[rng.randrange(len(self.units))] if self.units else None

    def next_account_person(self) -> int | None:
        """A person who has no user account yet (None once everyone has one)."""
        if self._next_account >= len(self.people):
            return None
        person = self.people[self._next_account]
        self._next_account += 1
        return person


@dataclass
class Side:
    """A party of a partnership: its row, its organisation and its coordinator's account."""

    party: int
    org: Org
    coordinator: int


@dataclass
class Area:
    id: int
    identified_on: str  # ISO text, as stored
    retired_on: str | None

    def in_force(self, day: datetime.date) -> bool:
        """As `CollaborationArea.is_in_force` judges it: ISO text compared as text."""
        text = day.isoformat()
        return self.identified_on <= text and (self.retired_on is None or self.retired_on > text)


@dataclass
class Plan:
    """A framework agreement's facts that its agreements, activities and exchanges need."""

    id: int
    name: str
    topic: str
    sides: list[Side]
    signed_on: PartialDate
    first_day: datetime.date  # of its work in the dataset's ten years
    last_day: datetime.date  # the dataset's day, or its end after notice
    ends_on: datetime.date | None  # after notice of termination
    areas: list[Area] = field(default_factory=list)
    activities: int = 0
    agreements: int = 0
    exchanges: int = 0


@dataclass
class Generation:
    seed: int
    scale: Scale
    spool: Spool
    ids: Ids
    regions: list[Org] = field(default_factory=list)
    municipalities: list[Org] = field(default_factory=list)
    universities: list[Org] = field(default_factory=list)
    actors: list[Org] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    # The last registration number each party gave (numbers are unique per party).
    registrations: dict[int, int] = field(default_factory=dict)

    @cached_property
    def accounts(self) -> Accounts:
        from .accounts import Accounts

        return Accounts(self)

    def rng(self, *names: object) -> random.Random:
        """A random stream of its own for each part (and each partnership), so that a change to
        one part leaves the rows of the others as they were."""
        return random.Random(":".join(str(name) for name in (self.seed, *names)))  # noqa: S311

    @property
    def organisations(self) -> list[Org]:
        return [*self.regions, *self.municipalities, *self.universities, *self.actors]

    def add(self, table, **values) -> None:
        self.spool.add(table, **values)

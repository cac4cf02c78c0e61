"""The national roll-up's SQL floor computes the roll-up's own figures on the generated small
data set, for a year at each end of its ten and one between, on SQLite and PostgreSQL alike."""

import pytest
from django.db import transaction
from django.utils import timezone

from bench import rollup_floor
from bench.report_floor import differences, run_floor, time_floor
from samverkan.accounts.models import User
from samverkan.dataset.generate import generate
from samverkan.dataset.scales import FIRST_YEAR, LAST_YEAR, SCALES
from samverkan.followup.report.build import reference_day
from samverkan.followup.rollup import build_rollup
from samverkan.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def quietly(message: str) -> None:
    pass


@pytest.fixture(scope="module")
def admin(django_db_setup, django_db_blocker):
    """The site administrator, over the generated small data set: made once for the module,
    in a transaction rolled back after it (each test's own is a savepoint within it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        generate(SCALES["small"], 1, say=quietly)
        yield User.objects.create_superuser("rollup-admin", email="", password=None)
        transaction.set_rollback(True)


def floor_and_rollup(admin, year):
    params = rollup_floor.parameters(year=year, on=reference_day(year))
    floor = rollup_floor.figures_of(run_floor(params, rollup_floor.FLOOR))
    rollup = rollup_floor.rollup_figures(build_rollup(admin, year))
    return floor, rollup


def test_the_floor_computes_the_roll_up_s_figures_in_every_year(admin):
    for year in (FIRST_YEAR, 2020, LAST_YEAR, timezone.localdate().year):
        floor, rollup = floor_and_rollup(admin, year)

        assert differences(floor, rollup) == [], year
        assert len(floor["order"]) == Partnership.objects.count()
    floor, _rollup = floor_and_rollup(admin, LAST_YEAR)
    assert floor["total activities"] > floor["total agreements_in_force"] > 0
    assert floor["total hours"] > 0 and floor["dialogues_held"] > 0


def test_a_floor_that_counts_otherwise_is_caught(admin):
    floor, rollup = floor_and_rollup(admin, LAST_YEAR)
    [first] = [key for key in floor if key.startswith("partnership ")][:1]
    floor[first] = (floor[first][0] + 1, *floor[first][1:])
    floor["total activities"] += 1

    assert differences(floor, rollup) == [
        f"{first}: {floor[first]!r} ≠ {rollup[first]!r}",
        f"total activities: {floor['total activities']!r} ≠ {rollup['total activities']!r}",
    ]


def test_the_floor_is_timed_over_the_runs_asked_for(admin):
    params = rollup_floor.parameters(year=LAST_YEAR, on=reference_day(LAST_YEAR))

    timing, rows = time_floor(params, repeat=3, statements=rollup_floor.FLOOR)

    assert len(timing.runs_ms) == 3
    assert set(rows) == set(rollup_floor.FLOOR)

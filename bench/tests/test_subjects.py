"""What the benchmark measures is chosen by queries: the partnership with the most activities,
one of its coordinators, the cursor a reader holds on its list's last page, a word the search
finds, a superuser for the admin baseline."""

import pytest
from django.http import QueryDict

from bench.subjects import choose
from samverkan.accounts.models import User
from samverkan.activities.activity_views import filter_form, page_of, select_activities
from samverkan.agreements.tests.factories import ActivityFactory
from samverkan.partnerships.tests.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activities(world):
    ActivityFactory.create_batch(3, partnership=PartnershipFactory())
    return ActivityFactory.create_batch(
        120, partnership=world.mou, title="Examensarbete om energi", starts="2024-03"
    )


@pytest.mark.usefixtures("activities")
def test_the_partnership_with_most_activities_is_measured_as_its_coordinator(world):
    subjects = choose()

    assert subjects.partnership == world.mou
    assert subjects.coordinator in {world.coordinator, world.coordinator_stad}
    assert (subjects.activities, subjects.year, subjects.kind) == (120, 2024, "degree_project")


@pytest.mark.usefixtures("activities")
def test_the_cursor_read_leads_to_the_last_page_a_reader_would_reach(world):
    subjects = choose()
    rows, descending = select_activities(
        subjects.coordinator, world.mou, filter_form(QueryDict(""), world.mou)
    )

    page = page_of(rows, cursor=subjects.last_page_cursor, descending=descending)

    assert (len(page.rows), page.next_cursor) == (20, None)  # 120 = 50 + 50 + 20
    clicked, cursor = [], None
    while True:
        step = page_of(rows, cursor=cursor, descending=descending)
        clicked.append(step)
        if step.next_cursor is None:
            break
        cursor = step.next_cursor
    assert [row.pk for row in clicked[-1].rows] == [row.pk for row in page.rows]


@pytest.mark.usefixtures("activities")
def test_the_search_word_is_one_the_titles_use_and_the_search_finds():
    assert choose().search_word in {"examensarbete", "energi"}


@pytest.mark.usefixtures("activities")
def test_a_superuser_is_made_for_the_admin_baseline_only_when_there_is_none(world):
    existing = choose()
    assert (existing.admin, existing.admin_created, existing.admin_last_page) == (
        world.admin,
        False,
        2,
    )

    User.objects.filter(is_superuser=True).delete()
    made = choose()

    assert made.admin_created
    assert made.admin.is_superuser and made.admin.username == "bench-admin"

"""Keyset pages in either direction: every row once, in order, whatever the ties."""

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat

from samverkan.lib.keyset import paginate
from samverkan.organisations.models import Organisation
from samverkan.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    # Ties on the name: the id decides between them, in the same direction.
    names = ["Borås", "Arvika", "Cederberg", "Arvika", "Borås", "Dals-Ed", "Arvika"]
    return [OrganisationFactory(name=name) for name in names]


def _walk(queryset, *, field, size, descending):
    rows, cursor, pages = [], None, 0
    while True:
        page = paginate(queryset, field=field, cursor=cursor, size=size, descending=descending)
        rows.extend(page.rows)
        pages += 1
        if page.next_cursor is None:
            return rows, pages
        cursor = page.next_cursor


@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
@pytest.mark.parametrize("descending", [False, True])
def test_every_row_once_in_order(organisations, size, descending):
    rows, pages = _walk(Organisation.objects.all(), field="name", size=size, descending=descending)
    expected = sorted(organisations, key=lambda o: (o.name, o.pk), reverse=descending)
    assert rows == expected
    assert pages == max(1, -(-len(organisations) // size))


def test_ascending_is_still_the_default(organisations):
    page = paginate(Organisation.objects.all(), field="name", cursor=None, size=3)
    assert [o.name for o in page.rows] == ["Arvika", "Arvika", "Arvika"]
    assert [o.pk for o in page.rows] == sorted(o.pk for o in page.rows)


def test_an_annotation_can_be_the_key(organisations):
    queryset = Organisation.objects.annotate(key=Concat(F("name"), Value("!")))
    rows, _pages = _walk(queryset, field="key", size=2, descending=True)
    assert [o.key for o in rows] == sorted((o.name + "!" for o in organisations), reverse=True)


def test_an_unreadable_cursor_starts_from_the_beginning(organisations):
    page = paginate(
        Organisation.objects.all(), field="name", cursor="not-a-cursor", size=2, descending=True
    )
    assert [o.name for o in page.rows] == ["Dals-Ed", "Cederberg"]

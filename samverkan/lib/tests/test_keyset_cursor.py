"""Keyset cursors name a row, never its value: nothing of what a list shows travels in URLs."""

import base64
import json

import pytest

from samverkan.lib.keyset import paginate
from samverkan.organisations.models import Organisation
from samverkan.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    return [OrganisationFactory(name=f"Hemlig förvaltning {n:02d}") for n in range(5)]


def test_the_cursor_holds_the_id_and_no_value(organisations):
    page = paginate(Organisation.objects.all(), field="name", cursor=None, size=2)
    assert page.next_cursor is not None
    decoded = base64.urlsafe_b64decode(page.next_cursor).decode()
    assert "Hemlig" not in decoded
    assert json.loads(decoded) == ["", page.rows[-1].pk]


def test_every_row_comes_once_page_after_page(organisations):
    seen, cursor = [], None
    for _ in range(5):
        page = paginate(Organisation.objects.all(), field="name", cursor=cursor, size=2)
        seen += [o.name for o in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted(o.name for o in organisations)


def test_a_cursor_whose_row_is_gone_gives_an_empty_page(organisations):
    page = paginate(Organisation.objects.all(), field="name", cursor=None, size=2)
    page.rows[-1].delete()
    after = paginate(Organisation.objects.all(), field="name", cursor=page.next_cursor, size=2)
    assert after.rows == []

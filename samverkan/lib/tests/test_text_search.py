"""Full-text search: stemming on PostgreSQL, every word on SQLite; only the given text."""

import pytest
from django.db import connection
from django.db.models import F

from samverkan.lib.text_search import clean_query, search
from samverkan.organisations.models import Organisation
from samverkan.organisations.tests.factories import OrganisationFactory


@pytest.fixture
def organisations(db):
    return [
        OrganisationFactory(name="Trafikkontoret", description="Avtal om elektriska bussar"),
        OrganisationFactory(name="Miljöförvaltningen", description="Climate agreements"),
        OrganisationFactory(name="Skolverket", description="Praktik för elever"),
    ]


def _names(text, fields=("name", "description")):
    found = search(Organisation.objects.all(), [F(f) for f in fields], text)
    return sorted(o.name for o in found)


def test_every_word_must_match(organisations):
    assert _names("bussar avtal") == ["Trafikkontoret"]
    assert _names("bussar praktik") == []


def test_an_empty_search_finds_everything(organisations):
    assert len(_names("   ")) == 3


def test_only_the_given_expressions_are_searched(organisations):
    assert _names("bussar", fields=("name",)) == []


def test_case_does_not_matter(organisations):
    assert _names("TRAFIKKONTORET") == ["Trafikkontoret"]


def test_stemming_on_postgresql_and_words_within_words_on_sqlite(organisations):
    if connection.vendor == "postgresql":
        assert _names("bussen") == ["Trafikkontoret"]  # Swedish: bussen, bussar → buss
        assert _names("avtalen") == ["Trafikkontoret"]  # avtalen → avtal
        assert _names("agreement") == ["Miljöförvaltningen"]  # English: agreements → agreement
        assert _names("avt") == []  # whole words, not fragments
    else:
        assert _names("bussen") == []  # no stemming on SQLite
        assert _names("agreement") == ["Miljöförvaltningen"]  # a word within a word
        assert _names("avt") == ["Trafikkontoret"]


def test_the_query_is_bounded_and_cleaned():
    assert clean_query("a\x00b") == "ab"
    assert len(clean_query("x" * 500)) == 100
    assert clean_query(None) == ""

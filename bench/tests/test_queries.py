"""Which statements count a whole table: the "no unfiltered COUNT(*)" target reads these."""

import pytest

from bench.queries import TableSizes, count_queries, unfiltered_count_tables


def test_a_count_without_where_names_its_table():
    statements = [
        'SELECT COUNT(*) AS "__count" FROM "activities_activity"',
        'SELECT "activities_activity"."id" FROM "activities_activity" LIMIT 51',
    ]
    assert unfiltered_count_tables(statements) == ["activities_activity"]


def test_a_count_with_a_where_is_not_unfiltered():
    statements = [
        'SELECT COUNT(*) AS "__count" FROM "activities_activity" '
        'WHERE "activities_activity"."partnership_id" = 1'
    ]
    assert unfiltered_count_tables(statements) == []


def test_a_count_of_a_subquery_names_the_table_after_the_count():
    statements = ['SELECT COUNT(*) FROM (SELECT 1 FROM "agreements_signature") subquery']
    assert unfiltered_count_tables(statements) == ["agreements_signature"]


@pytest.mark.django_db
def test_a_request_s_own_queries_are_counted(client):
    counted = count_queries(client, "/healthz", TableSizes())

    assert (counted.status, counted.queries) == (200, 1)  # its SELECT 1


@pytest.mark.django_db
def test_the_default_admin_changelist_counts_its_whole_table(client, world, monkeypatch):
    monkeypatch.setattr("bench.queries.LARGE_TABLE_ROWS", 0)
    client.force_login(world.admin)

    counted = count_queries(client, "/admin/organisations/organisation/", TableSizes())

    assert counted.status == 200
    # The page's count and the "(n total)" count: both read the whole table.
    assert counted.unfiltered_counts == [("organisations_organisation", 3)] * 2

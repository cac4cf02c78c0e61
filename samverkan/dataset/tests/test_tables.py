"""Rows for bulk loads: every NOT NULL column filled, by the generator or by the model's default,
since neither COPY nor executemany applies Django's defaults."""

import datetime

import pytest

from samverkan.dataset import tables as t
from samverkan.dataset.tables import MissingValue


def test_a_row_without_a_value_for_a_not_null_column_without_default_is_refused():
    with pytest.raises(MissingValue, match="kind"):
        t.ORGANISATION.row(id=1, name="Exempelstad")


def test_a_row_naming_a_column_the_table_lacks_is_refused():
    with pytest.raises(MissingValue, match="colour"):
        t.ORGANISATION.row(id=1, name="Exempelstad", kind="municipality", colour="blue")


def test_the_models_defaults_fill_what_the_generator_leaves_out():
    at = datetime.datetime(2020, 1, 1, 9, tzinfo=datetime.UTC)
    row = dict(
        zip(
            t.PARTNERSHIP.columns,
            t.PARTNERSHIP.row(id=7, name="Exempel", slug="exempel-7", at=at),
            strict=True,
        )
    )
    assert row["version"] == 1
    assert row["kind"] == "mou" and type(row["kind"]) is str
    assert row["dialogue_season_starts"] == "03-01"
    assert row["description"] == "" and row["signed_on"] is None
    assert row["created_at"] == row["updated_at"] == at

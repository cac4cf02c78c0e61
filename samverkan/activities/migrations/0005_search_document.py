"""The activity's text as a stored search vector, on PostgreSQL (issue 8; lib/text_search.py).

A generated column with a GIN index, not a model field: PostgreSQL computes it on every insert and update from
the title, description and outcomes, in the two configurations the search reads (Swedish and
English), so a search matches the stored vector of every row whose text the reader may see in
full instead of computing `to_tsvector` over the partnership's text on every request. Rows with
a text marked secret are still searched by the reader's own expression (what they may see).
SQLite, the embedded default, has no such vectors: there the search reads the text as before.
"""

from django.db import migrations

# The text exactly as lib.text_search's `SearchVector(title, description, outcomes)` joins it.
DOCUMENT = (
    "coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(outcomes, '')"
)
ADD = (
    "ALTER TABLE activities_activity ADD COLUMN search_document tsvector GENERATED ALWAYS AS ("
    f"to_tsvector('swedish'::regconfig, {DOCUMENT}) || "
    f"to_tsvector('english'::regconfig, {DOCUMENT})) STORED"
)
# Finds the few rows holding a word without reading the partnership's every row.
INDEX = "CREATE INDEX activity_search_document ON activities_activity USING gin (search_document)"
DROP = "ALTER TABLE activities_activity DROP COLUMN search_document"


def add(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ADD)
        schema_editor.execute(INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("activities", "0004_list_index")]

    operations = [migrations.RunPython(add, drop, elidable=False)]

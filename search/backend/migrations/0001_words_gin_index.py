"""A GIN index on the title and body vectors of the search index together (PostgreSQL only).

The project's backend (``search.backend.postgres``) matches every query word against
``title || body``: one index lookup finds the rows holding each word in either vector, where
the two indexes of the index table need one lookup per vector and a bitmap OR. ``fastupdate``
is off so that what update_index writes goes straight into the index: a long pending list,
read in full by every search until a vacuum clears it, made searches slow after a bulk load.
The table is analysed at once: until then the planner has no statistics for the expression.

Databases migrated before the backend owned this index got it from ``search.0002`` under the
same name: ``IF NOT EXISTS`` leaves it as it is.
"""

from django.db import migrations

INDEX_NAME = "search_indexentry_words_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON {table} "
        "USING gin ((title || body)) WITH (fastupdate = off)"
    )
    schema_editor.execute(f"ANALYZE {table}")


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("search", "0002_index_entry_words_gin"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]

"""Kept so that migration history stays the same everywhere: this migration added the GIN
index of the search index table, which is now the search backend's own
(``search_backend.0001_words_gin_index``, same index name, created only if missing).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]

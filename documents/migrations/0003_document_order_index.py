"""An index in the documents' list order (newest first, undated last, then slug).

SQLite refuses ``NULLS LAST`` in an index (and sorts NULLs first when descending, which is
the order it already uses for ``DESC``), so the index is written per database.
"""

from django.db import migrations


def create_index(apps, schema_editor):
    nulls = " NULLS LAST" if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS document_date_slug_idx "
        f'ON documents_document ("date" DESC{nulls}, "slug")'
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS document_date_slug_idx")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

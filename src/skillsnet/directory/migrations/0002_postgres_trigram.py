"""PostgreSQL only: a trigram index on the organisations' search text, so that substring search over
names in any script stays fast. Other databases skip it (the model has no PostgreSQL-only fields)."""
from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS directory_organisation_search_trgm "
                          "ON directory_organisation USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_organisation_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

"""An index in the activities' own order (start descending with undated last, title, id) on PostgreSQL, so that a
list page with filters reads the first rows in order instead of sorting every matching activity. SQLite cannot
declare NULLS LAST in an index (and sorts these pages from its (start, end) index well enough)."""
from django.db import migrations

NAME = "activities_activity_list_order"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS {NAME} ON activities_activity '
                              f'("start" DESC NULLS LAST, "title", "id")')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_scope_indexes")]
    operations = [migrations.RunPython(create, drop)]

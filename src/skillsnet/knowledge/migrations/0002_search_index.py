"""Speed-ups for substring search in any script, per database:

- SQLite >= 3.34: an FTS5 virtual table with the trigram tokenizer mirroring SearchEntry.title_text and
  .text (external content, kept in sync by triggers). Older SQLite: nothing (search falls back to LIKE).
- PostgreSQL: pg_trgm GIN indexes on the same columns (LIKE '%...%' uses them).
"""
import sqlite3

from django.db import migrations

FTS = "knowledge_searchentry_fts"
TABLE = "knowledge_searchentry"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(title_text, text, content='{TABLE}', content_rowid='id', "
    "tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, title_text, text) VALUES (new.id, new.title_text, new.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title_text, text) VALUES ('delete', old.id, old.title_text, old.text); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_au AFTER UPDATE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, title_text, text) VALUES ('delete', old.id, old.title_text, old.text); "
    f"INSERT INTO {FTS}(rowid, title_text, text) VALUES (new.id, new.title_text, new.text); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [f"DROP TRIGGER IF EXISTS {TABLE}_ai", f"DROP TRIGGER IF EXISTS {TABLE}_ad",
                   f"DROP TRIGGER IF EXISTS {TABLE}_au", f"DROP TABLE IF EXISTS {FTS}"]


def _sqlite_has_trigram(connection):
    version = connection.Database.sqlite_version_info if hasattr(connection.Database, "sqlite_version_info") \
        else sqlite3.sqlite_version_info
    return tuple(version) >= (3, 34, 0)


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        if not _sqlite_has_trigram(connection):
            return
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in ("title_text", "text"):
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_{column}_trgm "
                                  f"ON {TABLE} USING gin ({column} gin_trgm_ops)")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)
    elif connection.vendor == "postgresql":
        for column in ("title_text", "text"):
            schema_editor.execute(f"DROP INDEX IF EXISTS {TABLE}_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]

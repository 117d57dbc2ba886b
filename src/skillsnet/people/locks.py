"""Serialising the writers of one person's derived data (PostgreSQL).

Two transactions writing what one person's derived rows are built from (the results facts and cells, the scope
copies, the job-seeker profile's match features) each compute those rows from what they can see, which is not the
other's uncommitted write: the second would count the person again in a cell, keep a copy computed without the
first's change, or leave both transactions' feature rows. Each post-write
step that recomputes a person's derived rows first takes the person's row lock FOR NO KEY UPDATE, in the order of
the ids: the second writer waits for the first's commit, then reads it (READ COMMITTED: each statement sees what
was committed before it began). NO KEY UPDATE, not UPDATE: foreign-key checks of other writers (FOR KEY SHARE,
taken at their commit) do not wait for it. Every step takes the same mode, so no transaction upgrades a weaker lock
it shares with another (the classic deadlock). SQLite needs nothing: one writer at a time holds the database."""
from django.apps import apps
from django.db import connection

CHUNK = 1000
PERSON_LOCK = "FOR NO KEY UPDATE"  # the clause of every SELECT of persons that must serialise like lock_persons


def lock_persons(person_ids):
    """Lock these persons' rows until the end of the transaction (PostgreSQL; elsewhere nothing)."""
    if connection.vendor != "postgresql":
        return
    ids = sorted({pk for pk in person_ids if pk is not None})
    if not ids:
        return
    table = connection.ops.quote_name(apps.get_model("people", "Person")._meta.db_table)
    with connection.cursor() as cursor:
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            cursor.execute(f"SELECT id FROM {table} WHERE id IN ({', '.join(['%s'] * len(part))}) ORDER BY id "
                           f"{PERSON_LOCK}", part)


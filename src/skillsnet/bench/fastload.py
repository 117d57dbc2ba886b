"""Writing synthetic rows fast: COPY on PostgreSQL, bulk_create elsewhere; then ANALYZE what was loaded.

Rows go in raw, like a restore: no signals, no change log (the data is synthetic and labelled so).
"""
from django.db import DatabaseError, connection, transaction
from django.db.models import JSONField
from django.utils import timezone

BATCH = 5000


def _columns(model, given):
    """Concrete columns of `model` except an auto primary key; those not in `given` get their default."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type().endswith("AutoField"))]
    constants = {}
    now = timezone.now()
    for f in fields:
        if f.attname in given:
            continue
        value = now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default()
        constants[f.attname] = f.get_db_prep_save(value, connection)
    return fields, constants


def insert_rows(model, attnames, rows):
    """Insert `rows` (tuples in the order of `attnames`, plain Python values); returns how many."""
    if connection.vendor == "postgresql":
        return _copy(model, attnames, rows)
    count, batch = 0, []
    for row in rows:
        batch.append(model(**dict(zip(attnames, row))))
        if len(batch) >= BATCH:
            model.objects.bulk_create(batch)
            count, batch = count + len(batch), []
    if batch:
        model.objects.bulk_create(batch)
    return count + len(batch)


def insert_objects(model, objs):
    """Insert unsaved model instances (their field values as set); returns how many."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=BATCH)
        return len(objs)
    fields, _constants = _columns(model, set())
    names = [f.attname for f in fields]
    json_fields = [i for i, f in enumerate(fields) if isinstance(f, JSONField)]

    def rows():
        for obj in objs:
            row = [f.pre_save(obj, True) for f in fields]
            for i in json_fields:
                row[i] = fields[i].get_db_prep_save(row[i], connection)
            yield row
    return _copy(model, names, rows(), fill=False)


def _copy(model, attnames, rows, fill=True):
    fields, constants = _columns(model, set(attnames)) if fill else ([], {})
    columns = [*attnames, *constants]
    tail = tuple(constants.values())
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quoted = ", ".join(connection.ops.quote_name(by_attname[a].column) for a in columns)
    count = 0
    with connection.cursor() as cursor:
        _skip_reference_checks(cursor)
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((*row, *tail))
                count += 1
    return count


def _skip_reference_checks(cursor):
    """Like `pg_restore --disable-triggers`: the rows refer to ids just read from the database, and checking
    10,000,000 foreign keys at COMMIT (Django's constraints are deferred) takes longer than writing the rows.
    Needs a superuser; without one the checks run as usual."""
    if not connection.in_atomic_block:
        return
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass


def analyse():
    """Fresh planner statistics (and, on PostgreSQL, the visibility map) for every table: a bulk load leaves
    none, and plans made without them are slow (144 ms instead of 72-80 ms for a list page)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # VACUUM also sets the visibility map (index-only scans)
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

"""Inserting many rows fast inside a short write transaction: COPY on PostgreSQL, one executemany on SQLite.

The values are converted for the database BEFORE the transaction (`prepare_rows`); inside it `write_rows` only
draws the primary keys (PostgreSQL: from the sequence; SQLite: after the largest id, the write lock being held)
and sends the rows. Like bulk_create: no save(), no signals (the importer writes the change log and runs the
post-write steps itself).
"""
import datetime
import decimal
import json
import queue
import threading

from django.db import connection, connections
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import DateField, DecimalField, Field, IntegerField, JSONField
from django.db.models.fields import AutoFieldMixin


# get_db_prep_value methods that leave an int as it is on PostgreSQL and SQLite (AutoFieldMixin's only checks
# MySQL's zero primary keys): a foreign key to an auto primary key is written as the int it holds
_PLAIN_PREP = (IntegerField.get_db_prep_value, AutoFieldMixin.get_db_prep_value)


def _real_connection():
    """The connection itself: `django.db.connection` is a proxy that looks it up on every attribute access,
    which get_db_prep_save does several times per value (a large share of the time of 100,000 values)."""
    return connections[connection.alias] if hasattr(connection, "alias") else connection


_UNSET = object()


_encode_json = json.JSONEncoder().encode  # what json.dumps(value) returns, without its argument checks


class _JsonText:
    """get_db_prep_save of a JSONField without its own encoder or preparation: the JSON text itself, which
    PostgreSQL (jsonb) and SQLite (text) take as the driver would have sent the adapted value, without psycopg's
    per-value Jsonb wrapper and dumper lookup. Anything else (None: SQL NULL, expressions) goes the usual way."""
    __slots__ = ("field", "primary_key")

    def __init__(self, field):
        self.field, self.primary_key = field, False

    def get_db_prep_save(self, value, connection):
        if type(value) in _JSON_CONTAINERS:
            return _encode_json(value)
        return self.field.get_db_prep_save(value, connection)


_JSON_CONTAINERS = frozenset({dict, list})


def _json_text(f):
    return (isinstance(f, JSONField) and f.encoder is None and type(f).get_prep_value is JSONField.get_prep_value
            and type(f).get_db_prep_save is JSONField.get_db_prep_save
            and type(f).get_db_prep_value is JSONField.get_db_prep_value
            and connection.vendor in ("postgresql", "sqlite"))


class _AsIs:
    """get_db_prep_save of a DateField (PostgreSQL) or DecimalField (PostgreSQL, SQLite) of Django's own: a value
    of exactly the field's Python type comes out of it as it went in (to_python keeps it, the backend's adapt_*
    returns it), so it is taken as it is; anything else goes the usual way."""
    __slots__ = ("field", "primary_key", "kind")

    def __init__(self, field, kind):
        self.field, self.primary_key, self.kind = field, False, kind

    def get_db_prep_save(self, value, connection):
        if type(value) is self.kind and (self.kind is not decimal.Decimal or value.is_finite()):
            return value
        return self.field.get_db_prep_save(value, connection)


def _as_is(f):
    ops = type(connection.ops)
    if type(f) is DecimalField and ops.adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value \
            and connection.vendor in ("postgresql", "sqlite"):
        return _AsIs(f, decimal.Decimal)
    if type(f) is DateField and connection.vendor == "postgresql" and not (f.auto_now or f.auto_now_add):
        return _AsIs(f, datetime.date)
    return None


def _prep(f):
    """What prepares the field's values: None when the driver takes the Python value as it is."""
    if _plain(f):
        return None
    return _JsonText(f) if _json_text(f) else (_as_is(f) or f)


def _plain(f):
    if f.is_relation:
        return f.many_to_one and _plain(f.target_field)
    return (f.get_internal_type() in PLAIN_TYPES and type(f).get_db_prep_save is Field.get_db_prep_save
            and type(f).get_db_prep_value in (Field.get_db_prep_value,) + _PLAIN_PREP)


class Prepared:
    def __init__(self, model, objs, fields, rows, pk_index, instances=True):
        self.model, self.objs, self.fields, self.rows, self.pk_index = model, objs, fields, rows, pk_index
        self.instances = instances  # False: rows from dicts (prepare_dicts), no model instance to update

    def slice(self, start, stop):
        return Prepared(self.model, self.objs[start:stop], self.fields, self.rows[start:stop], self.pk_index,
                        self.instances)


def prepare_rows(model, objs, *, need_pks=True):
    pk = model._meta.pk
    auto = pk.get_internal_type().endswith("AutoField")
    fields = [f for f in model._meta.concrete_fields if not (auto and f.primary_key and not need_pks)]
    pk_index = next((i for i, f in enumerate(fields) if f.primary_key), None) if auto else None
    conn = _real_connection()
    columns = []  # column by column: one comprehension per field rather than a loop over fields per row
    for f in fields:
        attname = f.attname
        stamp = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        prep = f if stamp else _prep(f)
        if prep is None:  # the driver takes the Python value as it is
            columns.append([getattr(obj, attname) for obj in objs])
        elif prep.primary_key and auto:
            columns.append([obj.pk for obj in objs])  # None: drawn when written
        else:
            values = [f.pre_save(obj, True) for obj in objs] if stamp else [getattr(obj, attname) for obj in objs]
            columns.append(_prepared(prep, values, conn))
    rows = [list(row) for row in zip(*columns)] if objs else []
    return Prepared(model, objs, fields, rows, pk_index)


def _prepared(prep, values, conn):
    """get_db_prep_save of each value, once per run of the same object (the one `now`, the same content type)."""
    if type(prep) is _JsonText:
        encode, containers = _encode_json, _JSON_CONTAINERS
        return [encode(v) if type(v) in containers else prep.get_db_prep_save(v, conn) for v in values]
    out = []
    last = prepared = _UNSET
    for value in values:
        if value is not last:
            last, prepared = value, prep.get_db_prep_save(value, conn)
        out.append(prepared)
    return out


def prepare_dicts(model, dicts):
    """prepare_rows from {attname: value} dicts, without building a model instance per row (the rows a writer
    computes itself: change-log entries, search entries, results facts). The primary key is drawn by the
    database; an attribute left out takes the field's default (auto_now / auto_now_add: now)."""
    from django.utils import timezone

    pk = model._meta.pk
    fields = [f for f in model._meta.concrete_fields if f is not pk]
    dicts = list(dicts)
    conn = _real_connection()
    now = timezone.now()
    columns = []
    for f in fields:
        attname = f.attname
        stamp = getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False)
        values = [d[attname] if attname in d else (now if stamp else f.get_default()) for d in dicts]
        prep = _prep(f)
        columns.append(values if prep is None else _prepared(prep, values, conn))
    rows = [list(row) for row in zip(*columns)] if dicts else []
    return Prepared(model, dicts, fields, rows, None, instances=False)


PLAIN_TYPES = {"CharField", "TextField", "IntegerField", "PositiveIntegerField", "PositiveSmallIntegerField",
               "SmallIntegerField", "BigIntegerField", "BooleanField", "ForeignKey", "AutoField", "BigAutoField",
               "EmailField", "URLField", "SlugField"}


def write_rows(prepared):
    """Insert prepared rows (call inside the write transaction); sets the objects' primary keys."""
    model, objs, fields, rows = prepared.model, prepared.objs, prepared.fields, prepared.rows
    if not objs:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    pk_index = prepared.pk_index
    with connection.cursor() as cursor:
        if pk_index is not None and any(row[pk_index] is None for row in rows):
            ids = iter(_draw_ids(cursor, model, len(objs)))
            for obj, row in zip(objs, rows):
                if row[pk_index] is None:
                    row[pk_index] = obj.pk = next(ids)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
    if not prepared.instances:
        return
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def draw_ids(model, count):
    """Primary keys for `count` new rows, drawn before the write transaction. On SQLite they are the ids after
    the largest one: `ids_still_free` checks inside the transaction that nobody took them meanwhile."""
    with connection.cursor() as cursor:
        return _draw_ids(cursor, model, count)


def ids_still_free(model, first_id):
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} >= %s", [first_id])
        return cursor.fetchone()[0] == 0


def _draw_ids(cursor, model, count):
    table = model._meta.db_table
    column = model._meta.pk.column
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [connection.ops.quote_name(table), column, count])
        return [r[0] for r in cursor.fetchall()]
    if connection.vendor == "sqlite":  # the write lock is held: nobody else draws ids meanwhile
        cursor.execute(f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM "
                       f"{connection.ops.quote_name(table)}")
        top = cursor.fetchone()[0]
        try:
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            top = max(top, row[0] if row else 0)
        except Exception:  # noqa: BLE001 - no AUTOINCREMENT table
            pass
        return list(range(top + 1, top + 1 + count))
    raise NotImplementedError(connection.vendor)


GIN_PENDING_LIST = "256MB"


def large_gin_pending_list():
    """PostgreSQL, inside the write transaction: the trigram (GIN) indexes of the search text take the new rows
    into their pending list and merge them in one sorted pass, not one merge per 4 MB (the default limit);
    `clean_gin_pending_lists` merges them right after the commit, so that nobody else's save pays for it."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL gin_pending_list_limit = '{GIN_PENDING_LIST}'")


def clean_gin_pending_lists(*models):
    """After the commit: merge the pending lists of the GIN indexes of the tables an import wrote (the model's,
    the search index's), which searches would otherwise scan."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in models] + ["knowledge_searchentry"]
    from django.db import transaction

    try:
        with transaction.atomic():  # a failure must not break a transaction the caller holds
            _clean_pending(tables)
    except Exception:  # noqa: BLE001 - only a speed-up: autovacuum merges them anyway
        import logging

        logging.getLogger("skillsnet.import").exception("merging the GIN pending lists failed")


def _clean_pending(tables):
    with connection.cursor() as cursor:
        cursor.execute("SELECT i.indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                       "JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gin' AND i.indrelid::regclass::text = "
                       "ANY(%s)", [tables])
        for (index,) in cursor.fetchall():
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [index])


def insert_dicts(model, dicts):
    """prepare_dicts + write_rows; on other databases bulk_create."""
    if connection.vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_create([model(**d) for d in dicts], batch_size=2000)
        return
    write_rows(prepare_dicts(model, dicts))


def fast_insert(model, objs, *, need_pks=True):
    """prepare_rows + write_rows; on other databases bulk_create."""
    if connection.vendor not in ("postgresql", "sqlite"):
        model._default_manager.bulk_create(objs, batch_size=2000)
        return
    write_rows(prepare_rows(model, objs, need_pks=need_pks))


def ids_sql(column, ids):
    """SQL for `column` among the integer `ids`, in ONE parameter whatever their number: (sql, params).
    PostgreSQL: `= ANY(array)`; SQLite: the values of a JSON array. A list of 20,000 ids in `pk__in` costs a
    placeholder each, to build, send and (psycopg) convert; this costs one. Other databases: None."""
    ids = [int(i) for i in ids]
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    if connection.vendor == "sqlite":
        return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]
    return None


class BackgroundCopy:
    """PostgreSQL: COPY prepared rows from a thread of its own, on the same connection and in the same transaction,
    while the calling thread goes on computing the next rows (an import's change log, its search entries): the
    database's work on the records overlaps Python's on what follows, instead of each waiting for the other.

        copy = BackgroundCopy()        # inside the write transaction
        copy.put(prepared_records)     # rows whose primary keys are known
        ...compute...                  # nothing may use the connection meanwhile
        copy.put(prepared_log)
        copy.join()                    # waits; raises what the COPY raised (the transaction then rolls back)

    psycopg's connection lock makes a query from the calling thread wait while a COPY runs: never interleaved."""

    def __init__(self):
        self.raw = _real_connection().connection
        self.queue = queue.Queue()
        self.error = None
        self.done = []
        self.thread = threading.Thread(target=self._run, name="import-copy", daemon=True)
        self.thread.start()

    @staticmethod
    def available():
        return connection.vendor == "postgresql"

    def put(self, prepared):
        if prepared.pk_index is not None and any(row[prepared.pk_index] is None for row in prepared.rows):
            raise ValueError("BackgroundCopy takes rows whose primary keys are drawn")
        table = connection.ops.quote_name(prepared.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in prepared.fields)
        self.queue.put((f"COPY {table} ({columns}) FROM STDIN", prepared))

    def merge_gin_pending(self, model):
        """Queue the merge of the pending lists of the GIN indexes of the model's table (the rows copied so far;
        see large_gin_pending_list), done by the database while this thread computes."""
        self.queue.put((_MERGE_PENDING, model._meta.db_table))

    def _run(self):
        while True:
            item = self.queue.get()
            if item is None:
                return
            if self.error is not None:
                continue
            statement, prepared = item
            try:
                if statement is _MERGE_PENDING:
                    with self.raw.cursor() as cursor:
                        cursor.execute(_MERGE_PENDING_SQL, [prepared])
                    continue
                with self.raw.cursor() as cursor, cursor.copy(statement) as copy:
                    for row in prepared.rows:
                        copy.write_row(row)
                self.done.append(prepared)
            except BaseException as exc:  # noqa: BLE001 - handed to the calling thread by join()
                self.error = exc

    def join(self, raise_error=True):
        """Wait for the queued statements; raise what a COPY raised (unless `raise_error` is false: the caller
        is already failing with an error of its own)."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None and not raise_error:
            return
        if self.error is not None:
            with _real_connection().wrap_database_errors:  # as Django's own cursor would raise it
                raise self.error
        for prepared in self.done:
            if prepared.instances:
                for obj in prepared.objs:
                    obj._state.adding = False
                    obj._state.db = connection.alias


_MERGE_PENDING = object()
_MERGE_PENDING_SQL = ("SELECT gin_clean_pending_list(i.indexrelid::regclass) FROM pg_index i "
                      "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                      "WHERE a.amname = 'gin' AND i.indrelid = %s::regclass")

"""The scope of participations, copied onto each row so that the permission filter tests indexed columns of the
row itself: the countries of a country coordinator (Participation.scope_person_country and scope_host_country) and
the organisations of a focal point (scope_person_organisation and scope_host_organisation).

A participation is in a country's scope when the person's organisation or the activity's host is in that country,
and in an organisation's scope when it is the person's organisation or the activity's host (accounts.rules:
`own_countries` / `own_organisations` over Participation.scope_country_path / scope_organisation_path). The copies
follow every write that can change them, as post-write steps (core.derived) of participations (new rows, a person or
activity changed), persons (moved to another organisation), activities (another host) and organisations (another
country), and are recomputed whole after a restore (`rebuild`). Each refresh is one set-based UPDATE per chunk of
keys that writes only the rows whose copies differ from the records. `stale()` lists rows whose copies are wrong: a
wrong copy is a wrong permission answer, so tests and `skillsnet check`-style tools compare them with the records.
"""
from django.apps import apps
from django.db import connection

from .locks import PERSON_LOCK

CHUNK = 500
# copy column -> what it copies (an expression over _computed_sql's joins); people/0006 added the countries and
# fills them alone (COUNTRIES), people/0008 the organisations
COPIES = {"scope_person_country": "po.country_id", "scope_host_country": "ho.country_id",
          "scope_person_organisation": "pe.organisation_id", "scope_host_organisation": "ac.host_id"}
COUNTRIES = ("scope_person_country", "scope_host_country")


def _tables():
    Participation = apps.get_model("people", "Participation")
    Person = apps.get_model("people", "Person")
    Activity = apps.get_model("activities", "Activity")
    Organisation = apps.get_model("directory", "Organisation")
    return {"part": Participation._meta.db_table, "person": Person._meta.db_table,
            "activity": Activity._meta.db_table, "org": Organisation._meta.db_table}


def _computed_sql(columns=tuple(COPIES)):
    """SELECT id and the `columns`' values (as c0, c1 …) of every participation (LEFT JOINs: an organisation, a host
    or a country may be missing)."""
    t = _tables()
    values = ", ".join(f"{COPIES[c]} AS c{i}" for i, c in enumerate(columns))
    return (f'SELECT pa.id AS id, {values} FROM {t["part"]} pa '
            f'LEFT JOIN {t["person"]} pe ON pe.id = pa.person_id '
            f'LEFT JOIN {t["org"]} po ON po.id = pe.organisation_id '
            f'LEFT JOIN {t["activity"]} ac ON ac.id = pa.activity_id '
            f'LEFT JOIN {t["org"]} ho ON ho.id = ac.host_id')


def _differs(a, b):
    return f"{a} IS DISTINCT FROM {b}" if connection.vendor == "postgresql" else f"{a} IS NOT {b}"


def _lock_sources(where, params):
    """PostgreSQL: lock (to the end of the transaction: the persons as people/locks.py says, the activities and
    organisations FOR SHARE) the rows the copies of the participations matching `where` are computed from, before
    computing them.

    Two transactions touching one chain at once (a person moved to an organisation while that organisation's
    country changes; a participation recorded while its person moves) would otherwise each compute the copies
    without the other's uncommitted write, and the copy would stay wrong: a wrong coordinator's view. A writer holds
    its changed row FOR UPDATE (services.update_object), which FOR SHARE waits for: the refresh that comes second
    waits for the first transaction's commit and then reads it (READ COMMITTED: the next statement sees it); the
    writer that comes second waits for the refresh's commit before changing the row, and its own refresh reads the
    rows that refresh committed. SQLite needs nothing: one writer at a time holds the whole database."""
    if connection.vendor != "postgresql" or not where:
        return
    t = _tables()
    rows = f'SELECT pa.person_id, pa.activity_id FROM {t["part"]} pa WHERE {where}'
    persons = f'SELECT p.person_id FROM ({rows}) p'
    activities = f'SELECT a.activity_id FROM ({rows}) a'
    with connection.cursor() as cursor:
        # the persons in the mode every person-derived step takes (people/locks.py): the results step that follows
        # in the same transaction must not upgrade a FOR SHARE another writer holds too (a deadlock)
        cursor.execute(f'SELECT pe.id FROM {t["person"]} pe WHERE pe.id IN ({persons}) ORDER BY pe.id '
                       f'{PERSON_LOCK}', params)
        cursor.execute(f'SELECT ac.id FROM {t["activity"]} ac WHERE ac.id IN ({activities}) ORDER BY ac.id '
                       f'FOR SHARE', params)
        # one IN over a UNION: an OR of two INs scanned every organisation (2.4 ms at 5,000; this: index lookups)
        cursor.execute(f'SELECT o.id FROM {t["org"]} o WHERE o.id IN (SELECT organisation_id FROM {t["person"]} '
                       f'WHERE id IN ({persons}) UNION SELECT host_id FROM {t["activity"]} WHERE id IN '
                       f'({activities})) ORDER BY o.id FOR SHARE', params * 2)


def _update(where, params, columns=tuple(COPIES)):
    """Bring the copies (`columns`) of the participations matching `where` (over pa.*) in line; returns rows
    written."""
    _lock_sources(where, params)
    t = _tables()
    part = t["part"]
    sets = ", ".join(f"{c} = s.c{i}" for i, c in enumerate(columns))
    differ = " OR ".join(_differs(f"{part}.{c}", f"s.c{i}") for i, c in enumerate(columns))
    sql = (f"UPDATE {part} SET {sets} "
           f"FROM ({_computed_sql(columns)}{' WHERE ' + where if where else ''}) s "
           f"WHERE {part}.id = s.id AND ({differ})")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _in(column, values):
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def _chunks(values):
    values = list(dict.fromkeys(v for v in values if v is not None))
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def refresh(participations=(), persons=(), activities=(), organisations=()):
    """Recompute the copies of the participations given, of the given persons and activities, and of the persons
    and activities of the given organisations. Returns how many rows changed."""
    t = _tables()
    changed = 0
    for column, keys in (("pa.id", participations), ("pa.person_id", persons), ("pa.activity_id", activities)):
        for part in _chunks(keys):
            changed += _update(*_in(column, part))
    for part in _chunks(organisations):
        marks = ", ".join(["%s"] * len(part))
        changed += _update(f'pa.person_id IN (SELECT id FROM {t["person"]} WHERE organisation_id IN ({marks}))', part)
        changed += _update(f'pa.activity_id IN (SELECT id FROM {t["activity"]} WHERE host_id IN ({marks}))', part)
    return changed


def rebuild(batch=None, columns=tuple(COPIES)):
    """Recompute every participation's copies (after a restore or a raw load); returns how many changed.

    `batch`: the rows of each UPDATE, by ranges of ids, each in its own transaction (an upgrade of a large
    database: one UPDATE of ten million rows would hold their row locks, and grow the write-ahead log, until the
    end). Without it, one UPDATE in the caller's transaction (a restore, which is all or nothing). `columns`: the
    copies a migration adds (people/0006: the countries, before the organisations' columns exist)."""
    if not batch:
        return _update("", [], columns)
    from django.db import transaction

    t = _tables()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT MIN(id), MAX(id) FROM {t["part"]}')
        low, high = cursor.fetchone()
    changed = 0
    if low is None:
        return changed
    for start in range(low, high + 1, batch):
        with transaction.atomic():
            changed += _update("pa.id >= %s AND pa.id < %s", [start, start + batch], columns)
    return changed


def stale(limit=100):
    """[(participation id, (stored copies …), (computed …))] of rows whose copies are wrong, in COPIES' order
    (person's country, host's country, person's organisation, host)."""
    t = _tables()
    columns = tuple(COPIES)
    stored = ", ".join(f"pa.{c}" for c in columns)
    computed = ", ".join(f"s.c{i}" for i in range(len(columns)))
    differ = " OR ".join(_differs(f"pa.{c}", f"s.c{i}") for i, c in enumerate(columns))
    sql = (f"SELECT pa.id, {stored}, {computed} FROM {t['part']} pa "
           f"JOIN ({_computed_sql(columns)}) s ON s.id = pa.id WHERE {differ} ORDER BY pa.id LIMIT %s")
    n = len(columns)
    with connection.cursor() as cursor:
        cursor.execute(sql, [limit])
        return [(row[0], tuple(row[1:1 + n]), tuple(row[1 + n:])) for row in cursor.fetchall()]


# ---------------------------------------------------------------- post-write steps (registered in apps.py)
def _moved(model, pks, action, before, attname):
    """The keys among `pks` whose `attname` (the link the copies are computed from) may have changed: for an update
    with the rows' snapshots before the write, only those whose current value differs (renaming an organisation or
    correcting a person's e-mail changes no copy, and costs no refresh); for any other write, all of them."""
    pks = [pk for pk in pks if pk is not None]
    if action != "update" or not before or not all(pk in before and attname in before[pk] for pk in pks):
        return pks
    now = dict(model._base_manager.filter(pk__in=pks).values_list("pk", attname))
    return [pk for pk in pks if pk not in now or now[pk] != before[pk][attname]]


def participations_written(model, pks, action, before):
    if action == "delete":
        return
    # a new row (or a bulk write) has no copies yet: _moved gives all its keys
    moved = set(_moved(model, pks, action, before, "person_id")) | set(_moved(model, pks, action, before,
                                                                               "activity_id"))
    refresh(participations=[pk for pk in pks if pk in moved])


def persons_written(model, pks, action, before):
    if action != "create":  # a new person has no participations yet
        refresh(persons=_moved(model, pks, action, before, "organisation_id"))


def activities_written(model, pks, action, before):
    if action != "create":
        refresh(activities=_moved(model, pks, action, before, "host_id"))


def organisations_written(model, pks, action, before):
    if action != "create":
        refresh(organisations=_moved(model, pks, action, before, "country_id"))


STEPS = {
    "people.participation": participations_written,
    "people.person": persons_written,
    "activities.activity": activities_written,
    "directory.organisation": organisations_written,
}


def register():
    from skillsnet.core import derived

    for label, step in STEPS.items():
        step.early = True  # copies on the rows that a writer's scope check reads (core.derived.after_write)
        derived.register(label, step)
    derived.register_rebuild(rebuild)

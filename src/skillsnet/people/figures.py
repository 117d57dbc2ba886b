"""Every activity's figures (people.ActivityFigures), kept in step with its participations.

An activity's pages show its people, how many registered, attended and completed, and its people by role
(activities.queries.registration_counts counts them from the participations). Figures that add activities up — a
year's participants in the participation summary, a year's completions on the results dashboard, an indicator's
total — must not give back what a page hides (people.queries, results.privacy), so they need EVERY activity's
figures at once: counted from the participations that is seconds at a million of them, after every write. Here
they are kept per activity instead: a post-write step of every write of participations (core.derived: the
services, imports, merges) recomputes the figures of the activities written (one small aggregate over each
activity's participations), and `rebuild()` recomputes the table whole after a raw load (a restore, the bench's
COPY). `skillsnet results check` compares the table with the participations (results.check), independently of
this code.

Two transactions writing participations of one activity each count what they can see, not the other's
uncommitted rows: on PostgreSQL the step first takes a transaction lock per activity (advisory, in the order of
the ids, before any person's lock: it is registered before the other steps), so the second waits for the first's
commit and then counts both (READ COMMITTED: each statement sees what was committed before it began). SQLite has
one writer at a time.
"""
from django.apps import apps
from django.db import connection, transaction

CHUNK = 500
LOCK_SPACE = 0x5EF1  # pg_advisory_xact_lock(LOCK_SPACE, activity id): this table's locks, apart from any other's
FLAGS = ("registered", "attended", "completed")


def _tables():
    quote = connection.ops.quote_name
    part = apps.get_model("people", "Participation")
    figures = apps.get_model("people", "ActivityFigures")
    return quote(part._meta.db_table), quote(figures._meta.db_table)


def fill_sql(part, figures, where="1 = 1"):
    """INSERT the figures of the activities whose participations `where` selects (a condition on `part`'s
    columns): a person counts once per activity whatever its roles (one row per (activity, person) first, with
    its flags, then per activity); per role a person is one participation (unique), so COUNT(*)."""
    flags = ", ".join(f"MAX(CASE WHEN {f} THEN 1 ELSE 0 END) AS {f}" for f in FLAGS)
    sums = ", ".join(f"SUM({f})" for f in FLAGS)
    role_sums = ", ".join(f"SUM(CASE WHEN {f} THEN 1 ELSE 0 END)" for f in FLAGS)
    return (f"INSERT INTO {figures} (activity_id, role, people, {', '.join(FLAGS)}) "
            f"SELECT activity_id, '', COUNT(*), {sums} FROM ("
            f"SELECT activity_id, {flags} FROM {part} WHERE {where} GROUP BY activity_id, person_id) per_person "
            f"GROUP BY activity_id "
            f"UNION ALL "
            f"SELECT activity_id, role, COUNT(*), {role_sums} FROM {part} WHERE {where} GROUP BY activity_id, role")


def _lock(activity_ids):
    if connection.vendor != "postgresql":
        return
    # in the order of the ids: two writers of the same activities take their locks in one order (an id beyond
    # 2**31 shares its lock with another activity: a wait, never a wrong figure)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(pg_advisory_xact_lock(%s, (a %% 2147483647)::int)) FROM "
                       "(SELECT a FROM unnest(%s::bigint[]) AS a ORDER BY a) AS ids", [LOCK_SPACE, list(activity_ids)])


def refresh(activity_ids):
    """Recompute the figures of these activities (inside the writer's transaction)."""
    ids = sorted({int(pk) for pk in activity_ids if pk is not None})
    if not ids:
        return
    part, figures = _tables()
    # no savepoint of its own: a step runs inside its writer's transaction, and one that fails fails the write
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        _lock(ids)
        for at in range(0, len(ids), CHUNK):
            chunk = ids[at:at + CHUNK]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {figures} WHERE activity_id IN ({marks})", chunk)
            cursor.execute(fill_sql(part, figures, f"activity_id IN ({marks})"), chunk + chunk)


def rebuild():
    """Recompute the whole table from the participations (a restore, a raw load: no post-write step ran)."""
    part, figures = _tables()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {figures}")
        cursor.execute(fill_sql(part, figures))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {figures}")


def participations_written(model, pks, action, before, prepared=None):
    """Post-write step of people.Participation: the activities the written rows were in (before) and are in."""
    activities = {b.get("activity_id") for b in before.values() if b}
    if prepared is not None:
        activities |= prepared
    elif action != "delete":
        pks = list(pks)
        for at in range(0, len(pks), CHUNK):
            activities |= set(model._base_manager.filter(pk__in=pks[at:at + CHUNK]).order_by()
                              .values_list("activity_id", flat=True).distinct())
    refresh(activities)


def _prepare(model, objs, action):
    """The activities of the objects written, from memory (an import: core.derived.prepare; a service's write:
    core.derived.after_write's `objs`)."""
    return {o.activity_id for o in objs}


_prepare.from_objects = True
participations_written.prepare = _prepare


def read():
    """{activity id: ({"people", "registered", "attended", "completed"}, [(role, people), ...] in role order)} of
    every activity with participations."""
    _part, figures = _tables()
    out = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT activity_id, role, people, {', '.join(FLAGS)} FROM {figures} "
                       f"ORDER BY activity_id, role")
        for pk, role, people, *flags in cursor.fetchall():
            if role == "":
                out[pk] = ({"people": people, **dict(zip(FLAGS, flags))}, [])
            elif pk in out:
                out[pk][1].append((role, people))
    return out


def register():
    from skillsnet.core import derived

    derived.register("people.participation", participations_written)
    derived.register_rebuild(rebuild)

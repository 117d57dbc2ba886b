"""Aggregates kept in step with the records: CompletionFact (one row per participation a person enrolled in,
its dimensions, status flags and projects copied in) and CompletionCell (per project, scope, year and person
dimensions: distinct persons who completed, enrolled, were assessed, passed; completions and hours), so that
"distinct completers by sex × country × year" of a project is a SUM over a small table.

No model signals: the writers call `core.derived.after_write` inside their transaction (core.services for every
create, update and delete, including rows deleted or set to NULL along with a deleted record; merges, imports
and other bulk writers themselves), and `steps.py` registers what to do per model. Everything here is keyed by
person: `resync_persons(ids)` recomputes those persons' facts from the records and applies the difference to
the cells (a person counts once in a cell, so replacing all of a person's facts keeps distinct counts exact).
Raw loads (backup restore, the bench's synthetic data) call `rebuild_all()` (`skillsnet results rebuild`);
`skillsnet results check` (check.py) recomputes every cell from the raw records and lists the differences.
"""
from collections import defaultdict
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Q

from .models import Attribution, CompletionCell, CompletionFact, partial_bounds

PERSON_DIMS = ("sex", "country", "participant_kind", "age_group", "disability", "disadvantaged_youth",
               "organisation_kind")
CELL_KEY = ("project_id", "scope", "year", *PERSON_DIMS)
CELL_COUNTS = ("persons", "completions", "hours", "enrolled", "assessed", "passed")
AGE_GROUPS = [("under_15", 0, 14), ("15_24", 15, 24), ("25_34", 25, 34), ("35_54", 35, 54), ("55_plus", 55, 200)]
AGE_GROUP_CODES = [c for c, _lo, _hi in AGE_GROUPS] + ["unknown"]
NETWORK = 0  # the project id of the network-wide cells
CHUNK = 500


def age_group(year, birth_year):
    if not year or not birth_year:
        return "unknown"
    age = year - birth_year
    for code, low, high in AGE_GROUPS:
        if low <= age <= high:
            return code
    return "unknown"


def activity_field_attr():
    """The activity's field-of-training column, if the activities app has one (else no field dimension)."""
    Activity = apps.get_model("activities", "Activity")
    for name in ("field", "isced_field"):
        try:
            field = Activity._meta.get_field(name)
        except Exception:
            continue
        if field.many_to_one:
            return field.attname
    return None


def activity_when(activity):
    """(year, date_from, date_to) of an activity's completion: its end (or start) date, else its partial period."""
    day = activity.end or activity.start
    if day:
        return day.year, day, day
    period = getattr(activity, "period", "") or ""
    if period:
        return int(period[:4]), partial_bounds(period), partial_bounds(period, end=True)
    return None, None, None


def enrolled_q(prefix=""):
    """The participations that count as an enrolment: registered, attended or completed."""
    return Q(**{f"{prefix}registered": True}) | Q(**{f"{prefix}attended": True}) | Q(**{f"{prefix}completed": True})


def projects_key(project_ids):
    return ",".join(str(p) for p in sorted(set(project_ids)))


def project_list(key):
    return [int(p) for p in key.split(",") if p] if key else []


def scopes_of(fact):
    out = ["all", f"kind:{fact['activity_kind']}"]
    if fact["initiative_id"]:
        out.append(f"initiative:{fact['initiative_id']}")
    if fact["field"]:
        out.append(f"field:{fact['field']}")
    return out


# ---------------------------------------------------------------- facts from the records
class _When:
    def __init__(self, row):
        self.start, self.end, self.period = row["activity__start"], row["activity__end"], row["activity__period"]


FACT_SOURCE = ("pk", "person_id", "activity_id", "completed", "hours", "assessment", "person__sex",
               "person__nationality_id", "person__kind", "person__birth_year", "person__has_disability",
               "person__disadvantaged_youth", "person__organisation_id", "person__organisation__kind",
               "person__organisation__country_id", "activity__kind", "activity__initiative_id", "activity__start",
               "activity__end", "activity__period")


def _fact(row, field, projects):
    year, date_from, date_to = activity_when(_When(row))
    return {
        "participation_id": row["pk"], "person_id": row["person_id"], "activity_id": row["activity_id"],
        "year": year, "date_from": date_from, "date_to": date_to,
        "sex": row["person__sex"] or "unknown",
        "country": row["person__nationality_id"] or row["person__organisation__country_id"] or "",
        "participant_kind": row["person__kind"] or "other",
        "age_group": age_group(year, row["person__birth_year"]),
        "disability": bool(row["person__has_disability"]),
        "disadvantaged_youth": bool(row["person__disadvantaged_youth"]),
        "organisation_kind": row["person__organisation__kind"] or "",
        "organisation_id": row["person__organisation_id"],
        "field": (row.get("field") or "") if field else "",
        "activity_kind": row["activity__kind"],
        "initiative_id": row["activity__initiative_id"],
        "hours": (row["hours"] or Decimal("0")) if row["completed"] else Decimal("0"),
        "completed": bool(row["completed"]),
        "passed": row["assessment"] == "passed",
        "assessed": row["assessment"] in ("passed", "failed"),
        "projects": projects_key(projects.get(row["activity_id"], ())),
    }


def _facts_for(person_ids):
    """{participation id: fact} of every enrolment of these persons, computed from the records."""
    Participation = apps.get_model("people", "Participation")
    field_attr = activity_field_attr()
    source = FACT_SOURCE + ((f"activity__{field_attr}",) if field_attr else ())
    person_ids = list(person_ids)
    rows = []
    for i in range(0, len(person_ids), CHUNK):
        rows += list(Participation.objects.filter(enrolled_q(), person_id__in=person_ids[i:i + CHUNK])
                     .order_by().values(*source))
    if field_attr:
        for r in rows:
            r["field"] = r.pop(f"activity__{field_attr}")
    projects = defaultdict(list)
    activity_ids = list({r["activity_id"] for r in rows})
    for i in range(0, len(activity_ids), CHUNK):
        for activity_id, project_id in Attribution.objects.filter(
                activity_id__in=activity_ids[i:i + CHUNK]).order_by().values_list("activity_id", "project_id"):
            projects[activity_id].append(project_id)
    return {r["pk"]: _fact(r, field_attr, projects) for r in rows}


FACT_FIELDS = ["participation_id", "person_id", "activity_id", "year", "date_from", "date_to", *PERSON_DIMS,
               "organisation_id", "field", "activity_kind", "initiative_id", "hours", "completed", "passed",
               "assessed", "projects"]


def _norm(fact):
    return tuple(Decimal(fact[k]).quantize(Decimal("0.01")) if k == "hours" else fact[k] for k in FACT_FIELDS)


# ---------------------------------------------------------------- cells from facts
def cell_counts(facts):
    """{cell key: [persons, completions, hours, enrolled, assessed, passed]} for the given facts."""
    counts = defaultdict(lambda: [0, 0, Decimal("0"), 0, 0, 0])
    seen = set()
    for f in facts:
        if f["year"] is None:
            continue
        dims = tuple(f[d] for d in PERSON_DIMS)
        person = f["person_id"]
        for project in [NETWORK, *project_list(f["projects"])]:
            for scope in scopes_of(f):
                key = (project, scope, f["year"], *dims)
                c = counts[key]
                c[1] += 1 if f["completed"] else 0
                c[2] += Decimal(f["hours"] or 0)
                for index, flag in ((0, f["completed"]), (3, True), (4, f["assessed"]), (5, f["passed"])):
                    if flag and (key, index, person) not in seen:
                        seen.add((key, index, person))
                        c[index] += 1
    return counts


def _net(old, new):
    """The per-cell difference new - old, without the cells that do not change."""
    out = {}
    for key in set(old) | set(new):
        a, b = old.get(key), new.get(key)
        diff = [(b[i] if b else 0) - (a[i] if a else 0) for i in range(len(CELL_COUNTS))]
        if any(diff):
            out[key] = diff
    return out


def _apply(net):
    """Add the differences to the cells in one upsert (new cells are created), then delete, in one statement,
    the cells this write decreased and left empty (never a scan of the whole table)."""
    if not net:
        return
    table = connection.ops.quote_name(CompletionCell._meta.db_table)
    key_cols = ", ".join(connection.ops.quote_name(c) for c in CELL_KEY)
    count_cols = ", ".join(CELL_COUNTS)
    row = "(" + ", ".join(["%s"] * (len(CELL_KEY) + len(CELL_COUNTS))) + ")"
    items = list(net.items())
    with connection.cursor() as cur:
        for i in range(0, len(items), 200):
            part = items[i:i + 200]
            params = [v for key, diff in part for v in (*key, *diff)]
            cur.execute(
                f"INSERT INTO {table} ({key_cols}, {count_cols}) VALUES {', '.join([row] * len(part))} "
                f"ON CONFLICT ({key_cols}) DO UPDATE SET "
                + ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in CELL_COUNTS), params)
        emptied = [key for key, diff in items if any(d < 0 for d in diff)]
        match = "(" + " AND ".join(f"{connection.ops.quote_name(c)} = %s" for c in CELL_KEY) + ")"
        for i in range(0, len(emptied), 50):
            part = emptied[i:i + 50]
            cur.execute(f"DELETE FROM {table} WHERE persons <= 0 AND completions <= 0 AND enrolled <= 0 AND ("
                        + " OR ".join([match] * len(part)) + ")", [v for key in part for v in key])


def resync_persons(person_ids, moves=True):
    """Bring the facts and cells of these persons in line with their participations (no-op when equal).
    `moves=False` when no participation can have come from another person (a new participation)."""
    from skillsnet.people.locks import lock_persons

    person_ids = {p for p in person_ids if p is not None}
    if not person_ids:
        return
    lock_persons(person_ids)  # another writer of these persons' facts commits first (people/locks.py)
    new = _facts_for(person_ids)
    # Participations moved from another person (a merge) take that person along.
    moved = set()
    ids = list(new) if moves else []
    for i in range(0, len(ids), CHUNK):
        moved |= set(CompletionFact.objects.filter(participation_id__in=ids[i:i + CHUNK])
                     .exclude(person_id__in=person_ids).values_list("person_id", flat=True))
    if moved:
        lock_persons(moved)
        person_ids |= moved
        new.update(_facts_for(moved))
    old = []
    people = list(person_ids)
    for i in range(0, len(people), CHUNK):
        old += list(CompletionFact.objects.filter(person_id__in=people[i:i + CHUNK]).values(*FACT_FIELDS))
    old_by, new_by = defaultdict(list), defaultdict(list)
    for f in old:
        old_by[f["person_id"]].append(f)
    for f in new.values():
        new_by[f["person_id"]].append(f)
    changed = [p for p in person_ids if sorted(map(_norm, old_by[p])) != sorted(map(_norm, new_by[p]))]
    if not changed:
        return
    old_facts = [f for p in changed for f in old_by[p]]
    new_facts = [f for p in changed for f in new_by[p]]
    _apply(_net(cell_counts(old_facts), cell_counts(new_facts)))
    for i in range(0, len(changed), CHUNK):
        CompletionFact.objects.filter(person_id__in=changed[i:i + CHUNK]).delete()
    from skillsnet.core.imports_bulk import insert_dicts

    insert_dicts(CompletionFact, new_facts)  # COPY on PostgreSQL: no model instance per fact


# ---------------------------------------------------------------- full rebuild (raw loads, repair)
def _year_sql(expr):
    if connection.vendor == "sqlite":
        return f"CAST(strftime('%%Y', {expr}) AS INTEGER)"
    return f"CAST(EXTRACT(YEAR FROM {expr}) AS INTEGER)"


def _projects_sql(attribution):
    if connection.vendor == "sqlite":
        return (f"(SELECT group_concat(project_id, ',') FROM (SELECT project_id FROM {attribution} "
                f"WHERE activity_id = a.id ORDER BY project_id))")
    return (f"(SELECT string_agg(CAST(project_id AS VARCHAR(20)), ',' ORDER BY project_id) FROM {attribution} "
            f"WHERE activity_id = a.id)")


def _facts_sql(tables, where="", params=()):
    """INSERT ... SELECT of the facts of the enrolments (registered, attended or completed) matching `where` (SQL
    over the participation `p`), computed as `_fact` does: the dates of activities known only by a partial period
    are set by `_partial_periods` afterwards."""
    Participation, Person, Activity, Organisation = (apps.get_model(*m.split(".")) for m in (
        "people.Participation", "people.Person", "activities.Activity", "directory.Organisation"))
    t = {m: m._meta.db_table for m in (Participation, Person, Activity, Organisation)}
    field_attr = activity_field_attr()
    field_sql = f"COALESCE(a.{field_attr}, '')" if field_attr else "''"
    day = 'COALESCE(a."end", a.start)'
    period_year = "CAST(SUBSTR(a.period, 1, 4) AS INTEGER)" if connection.vendor == "sqlite" else \
        "CAST(NULLIF(SUBSTR(a.period, 1, 4), '') AS INTEGER)"
    year = f"COALESCE({_year_sql(day)}, CASE WHEN a.period <> '' THEN {period_year} END)"
    age = ("CASE WHEN pe.birth_year IS NULL OR pe.birth_year = 0 OR {y} IS NULL OR {y} = 0 THEN 'unknown' "
           + " ".join(f"WHEN {{y}} - pe.birth_year BETWEEN {lo} AND {hi} THEN '{code}'" for code, lo, hi in AGE_GROUPS)
           + " ELSE 'unknown' END").format(y=year)
    false = "FALSE" if connection.vendor == "postgresql" else "0"
    sql = f"""
        INSERT INTO {tables['fact']} (participation_id, person_id, activity_id, year, date_from, date_to, sex,
            country, participant_kind, age_group, disability, disadvantaged_youth, organisation_kind, organisation_id,
            field, activity_kind, initiative_id, hours, completed, passed, assessed, projects)
        SELECT p.id, p.person_id, p.activity_id, {year}, {day}, {day}, COALESCE(NULLIF(pe.sex, ''), 'unknown'),
            COALESCE(NULLIF(pe.nationality_id, ''), NULLIF(o.country_id, ''), ''),
            COALESCE(NULLIF(pe.kind, ''), 'other'), {age}, COALESCE(pe.has_disability, {false}),
            COALESCE(pe.disadvantaged_youth, {false}), COALESCE(o.kind, ''), o.id, {field_sql}, a.kind,
            a.initiative_id, CASE WHEN p.completed THEN COALESCE(p.hours, 0) ELSE 0 END, p.completed,
            COALESCE(p.assessment = 'passed', {false}), COALESCE(p.assessment IN ('passed', 'failed'), {false}),
            COALESCE({_projects_sql(tables['attribution'])}, '')
        FROM {t[Participation]} p
        JOIN {t[Person]} pe ON pe.id = p.person_id
        JOIN {t[Activity]} a ON a.id = p.activity_id
        LEFT JOIN {t[Organisation]} o ON o.id = pe.organisation_id
        WHERE (p.registered = %s OR p.attended = %s OR p.completed = %s){' AND ' + where if where else ''}"""
    return sql, [True, True, True, *params]


def _partial_periods(activities=None, params=()):
    """The dates of the facts of activities known only by a partial period: the period's bounds (as
    activity_when does). `activities`: SQL over the activity `a` to limit it to (None: all)."""
    Activity = apps.get_model("activities", "Activity")
    table = connection.ops.quote_name(Activity._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(f"SELECT a.id, a.period FROM {table} a WHERE a.start IS NULL AND a.\"end\" IS NULL AND "
                    f"a.period <> ''" + (f" AND {activities}" if activities else ""), list(params))
        found = cur.fetchall()
    for pk, period in found:
        CompletionFact.objects.filter(activity_id=pk).update(
            date_from=partial_bounds(period), date_to=partial_bounds(period, end=True))


def _insert_facts(cur, tables):
    cur.execute(*_facts_sql(tables))
    _partial_periods()


def _cell_selects(tables, where="", sign=1, source=None):
    """The SELECTs of the cells (one per project grouping and scope) of the facts `f` matching `where` (of the
    table or common table expression `source`, else the facts' table), their counts multiplied by `sign` (-1:
    the share of these facts, to take off)."""
    source = source or tables["fact"]
    dims = ", ".join(PERSON_DIMS)
    true = "TRUE" if connection.vendor == "postgresql" else "1"
    m = "" if sign == 1 else "-"
    counts = (f"{m}COUNT(DISTINCT CASE WHEN f.completed = {true} THEN f.person_id END), "
              f"{m}SUM(CASE WHEN f.completed = {true} THEN 1 ELSE 0 END), {m}SUM(f.hours), "
              f"{m}COUNT(DISTINCT f.person_id), "
              f"{m}COUNT(DISTINCT CASE WHEN f.assessed = {true} THEN f.person_id END), "
              f"{m}COUNT(DISTINCT CASE WHEN f.passed = {true} THEN f.person_id END)")
    fdims = ", ".join(f"f.{d}" for d in PERSON_DIMS)
    extra = f" AND {where}" if where else ""
    out = []
    for project_sql, join in [("0", ""), ("at.project_id", f"JOIN {tables['attribution']} at ON at.activity_id = "
                                                          "f.activity_id")]:
        group_project = "" if project_sql == "0" else "at.project_id, "
        for scope_sql, group, cond in [
                ("'all'", "", ""), ("'kind:' || f.activity_kind", "f.activity_kind, ", ""),
                ("'initiative:' || CAST(f.initiative_id AS VARCHAR(20))", "f.initiative_id, ",
                 "AND f.initiative_id IS NOT NULL"),
                ("'field:' || f.field", "f.field, ", "AND f.field <> ''")]:
            out.append(f"""
                SELECT {project_sql} AS project_id, {scope_sql} AS scope, f.year AS year, {fdims}, {counts}
                FROM {source} f {join} WHERE f.year IS NOT NULL {cond}{extra}
                GROUP BY {group_project}{group}f.year, {fdims}""")
    return out, dims


def _insert_cells(cur, tables):
    selects, dims = _cell_selects(tables)
    for select in selects:
        cur.execute(f"""
            INSERT INTO {tables['cell']} (project_id, scope, year, {dims}, persons, completions, hours, enrolled,
                assessed, passed) {select}""")


def _upsert_cells(cur, tables, where, params, sign):
    """Add (sign 1) or take off (sign -1) the share of the facts matching `where` in the cells, in one statement:
    those facts read once (a common table expression), grouped per project and scope."""
    selects, dims = _cell_selects(tables, sign=sign, source="touched")
    table = connection.ops.quote_name(tables["cell"])
    key_cols = ", ".join(connection.ops.quote_name(c) for c in CELL_KEY)
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    cur.execute(
        f"WITH touched AS {materialized}(SELECT * FROM {tables['fact']} WHERE year IS NOT NULL AND {where}) "
        f"INSERT INTO {table} ({key_cols}, {', '.join(CELL_COUNTS)}) SELECT * FROM ("
        + " UNION ALL ".join(selects) + ") u WHERE 1 = 1 "  # WHERE: SQLite's upsert after a SELECT needs one
        f"ON CONFLICT ({key_cols}) DO UPDATE SET "
        + ", ".join(f"{c} = {table}.{c} + EXCLUDED.{c}" for c in CELL_COUNTS), list(params))


FEW = 20  # new participations up to which add_enrolments touches only the cells of their facts' keys


def add_enrolments(participation_ids, persons=None):
    """The facts and cells of NEW participations, set-based (an import of thousands): the cells lose the share of
    the persons' facts as it was, the new facts are inserted (INSERT ... SELECT from the records), and the cells gain
    the share of the persons' facts again — for a few rows, only of the facts in the cells the new ones fall in. A
    person counts once per cell: the share of a person in a cell is all of their facts in it, so the difference is
    exact (persons are disjoint across the GROUP BY). Only
    PostgreSQL and SQLite; elsewhere, or when a fact already exists for one of them, resync_persons. `persons`:
    the participations' persons where the caller has them in memory (else read from the rows)."""
    ids = [pk for pk in participation_ids if pk is not None]
    if not ids:
        return
    Participation = apps.get_model("people", "Participation")
    tables = {"fact": CompletionFact._meta.db_table, "cell": CompletionCell._meta.db_table,
              "attribution": Attribution._meta.db_table}
    from skillsnet.core.imports_bulk import ids_sql

    part = connection.ops.quote_name(Participation._meta.db_table)
    found = ids_sql("participation_id", ids)
    with connection.cursor() as cur:
        if found is not None:
            cur.execute(f"SELECT 1 FROM {tables['fact']} WHERE {found[0]} LIMIT 1", found[1])
        if found is None or cur.fetchone() is not None:
            persons = set()
            for i in range(0, len(ids), CHUNK):
                persons |= set(Participation._base_manager.filter(pk__in=ids[i:i + CHUNK]).order_by()
                               .values_list("person_id", flat=True))
            resync_persons(persons, moves=False)
            return
        new_sql, new_params = ids_sql("id", ids)
        if persons is None:
            cur.execute(f"SELECT DISTINCT person_id FROM {part} WHERE {new_sql}", new_params)
            person_ids = [r[0] for r in cur.fetchall()]
        else:
            person_ids = sorted({pk for pk in persons if pk is not None})
        from skillsnet.people.locks import lock_persons

        # the share of these persons taken off and added back must be of facts no other writer is changing
        lock_persons(person_ids)
        persons, persons_params = ids_sql("person_id", person_ids)
        if len(ids) > FEW:  # an import: every fact of the persons (most are new ones, without facts before)
            _upsert_cells(cur, tables, persons, persons_params, -1)
            cur.execute(*_facts_sql(tables, "p." + new_sql, new_params))
            _upsert_cells(cur, tables, persons, persons_params, 1)
        else:
            # A few rows (a service's write): only the cells a new fact falls in change, and a cell's key holds its
            # facts' year and person dimensions (whatever its project and scope), so the persons' facts with the
            # key of a new fact are all that any such cell holds of them. Their share without the new facts is
            # taken off and with them added back: in the other cells these facts fall in, the two are equal.
            cur.execute(*_facts_sql(tables, "p." + new_sql, new_params))
            key = ", ".join(("person_id", "year", *PERSON_DIMS))
            same = f"{persons} AND ({key}) IN (SELECT {key} FROM {tables['fact']} WHERE {found[0]})"
            _upsert_cells(cur, tables, f"{same} AND NOT ({found[0]})", [*persons_params, *found[1], *found[1]], -1)
            _upsert_cells(cur, tables, same, [*persons_params, *found[1]], 1)
        _partial_periods(f"a.id IN (SELECT activity_id FROM {part} WHERE {new_sql})", new_params)


def rebuild_all():
    """Recompute every fact and cell with set-based SQL (after raw loads: restores, synthetic data)."""
    tables = {"fact": CompletionFact._meta.db_table, "cell": CompletionCell._meta.db_table,
              "attribution": Attribution._meta.db_table}
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"DELETE FROM {tables['cell']}")
        cur.execute(f"DELETE FROM {tables['fact']}")
        _insert_facts(cur, tables)
        _insert_cells(cur, tables)
        from skillsnet.core import keep

        keep.data_changed()  # written without post-write steps: what is kept under the data's version is stale
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(f"ANALYZE {tables['fact']}")
            cur.execute(f"ANALYZE {tables['cell']}")
    return CompletionFact.objects.count()

"""`skillsnet results check`: recompute every aggregate from the raw records and list every difference.

Deliberately independent of the code that maintains the aggregates (facts.py): one plain SQL statement over
the raw tables (participations, persons, activities, organisations, attributions) groups the cells, another
lists the enrolments; neither reads CompletionFact or CompletionCell. Only then are the maintained tables read
and compared, cell by cell and fact by fact.
"""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.db import connection

from .models import Attribution, CompletionCell, CompletionFact, partial_bounds

DIMS = ("sex", "country", "participant_kind", "age_group", "disability", "disadvantaged_youth", "organisation_kind")
COUNTS = ("persons", "completions", "hours", "enrolled", "assessed", "passed")
FACT_COLUMNS = ("person_id", "activity_id", "year", "date_from", "date_to", *DIMS, "organisation_id",
                "activity_kind", "initiative_id", "hours", "completed", "passed", "assessed", "projects")
# Age bands as the results framework defines them (years of age at the activity).
BANDS = (("under_15", 0, 14), ("15_24", 15, 24), ("25_34", 25, 34), ("35_54", 35, 54), ("55_plus", 55, 200))


@dataclass
class Difference:
    table: str  # "cell", "fact" or "activity" (an activity's figures)
    key: tuple
    stored: object
    expected: object

    def __str__(self):
        return f"{self.table} {self.key}: stored {self.stored}, records give {self.expected}"


def _tables():
    names = {"p": ("people", "Participation"), "pe": ("people", "Person"), "a": ("activities", "Activity"),
             "o": ("directory", "Organisation")}
    out = {k: apps.get_model(*v)._meta.db_table for k, v in names.items()}
    out["at"] = Attribution._meta.db_table
    return out


def _enrolments_sql():
    """One row per enrolment (registered, attended or completed), its dimensions computed from the records."""
    t = _tables()
    if connection.vendor == "sqlite":
        year_of_day = "CAST(strftime('%%Y', COALESCE(a.\"end\", a.start)) AS INTEGER)"
        period_year = "CAST(SUBSTR(a.period, 1, 4) AS INTEGER)"
    else:
        year_of_day = "CAST(EXTRACT(YEAR FROM COALESCE(a.\"end\", a.start)) AS INTEGER)"
        period_year = "CAST(NULLIF(SUBSTR(a.period, 1, 4), '') AS INTEGER)"
    yr = f"(CASE WHEN COALESCE(a.\"end\", a.start) IS NOT NULL THEN {year_of_day} " \
         f"WHEN a.period <> '' THEN {period_year} END)"
    bands = " ".join(f"WHEN {yr} - pe.birth_year >= {lo} AND {yr} - pe.birth_year <= {hi} THEN '{code}'"
                     for code, lo, hi in BANDS)
    return f"""
        SELECT p.id AS pid, p.person_id, p.activity_id, {yr} AS yr, a.start AS a_start, a."end" AS a_end,
               a.period AS a_period, CASE WHEN pe.sex = '' THEN 'unknown' ELSE pe.sex END AS sex,
               COALESCE(pe.nationality_id, o.country_id, '') AS country, pe.kind AS participant_kind,
               CASE WHEN pe.birth_year IS NULL THEN 'unknown' {bands} ELSE 'unknown' END AS age_group,
               pe.has_disability AS disability, pe.disadvantaged_youth AS disadvantaged_youth,
               COALESCE(o.kind, '') AS organisation_kind, pe.organisation_id AS organisation_id,
               a.kind AS activity_kind, a.initiative_id AS initiative_id,
               CASE WHEN p.completed THEN COALESCE(p.hours, 0) ELSE 0 END AS hours,
               p.completed AS completed, p.assessment AS assessment
        FROM {t['p']} p JOIN {t['pe']} pe ON pe.id = p.person_id JOIN {t['a']} a ON a.id = p.activity_id
        LEFT JOIN {t['o']} o ON o.id = pe.organisation_id
        WHERE p.registered OR p.attended OR p.completed"""


def expected_cells():
    """{(project, scope, year, *dims): (persons, completions, hours, enrolled, assessed, passed)} from the records."""
    t = _tables()
    dims = ", ".join(DIMS)
    sql = f"""
        WITH e AS ({_enrolments_sql()}),
        ep AS (SELECT e.*, 0 AS project FROM e
               UNION ALL SELECT e.*, at.project_id AS project FROM e JOIN {t['at']} at ON at.activity_id = e.activity_id),
        es AS (SELECT ep.*, 'all' AS scope FROM ep
               UNION ALL SELECT ep.*, 'kind:' || activity_kind AS scope FROM ep
               UNION ALL SELECT ep.*, 'initiative:' || CAST(initiative_id AS VARCHAR(20)) AS scope FROM ep
                         WHERE initiative_id IS NOT NULL)
        SELECT project, scope, yr, {dims},
               COUNT(DISTINCT CASE WHEN completed THEN person_id END),
               SUM(CASE WHEN completed THEN 1 ELSE 0 END),
               SUM(hours),
               COUNT(DISTINCT person_id),
               COUNT(DISTINCT CASE WHEN assessment IN ('passed', 'failed') THEN person_id END),
               COUNT(DISTINCT CASE WHEN assessment = 'passed' THEN person_id END)
        FROM es WHERE yr IS NOT NULL
        GROUP BY project, scope, yr, {dims}"""
    out = {}
    with connection.cursor() as cur:
        cur.execute(sql, [])
        for row in cur.fetchall():
            key = _key(row[:3 + len(DIMS)])
            out[key] = _counts(row[3 + len(DIMS):])
    return out


def _key(values):
    project, scope, year, *dims = values
    return (int(project), scope, int(year), *[bool(v) if i in (4, 5) else v for i, v in enumerate(dims)])


def _counts(values):
    persons, completions, hours, enrolled, assessed, passed = values
    return (int(persons or 0), int(completions or 0), Decimal(str(hours or 0)).quantize(Decimal("0.01")),
            int(enrolled or 0), int(assessed or 0), int(passed or 0))


def stored_cells():
    out = {}
    for c in CompletionCell.objects.values_list("project_id", "scope", "year", *DIMS, *COUNTS):
        out[_key(c[:3 + len(DIMS)])] = _counts(c[3 + len(DIMS):])
    return out


def expected_facts():
    """{participation id: {column: value}} from the records."""
    projects = defaultdict(list)
    for activity_id, project_id in Attribution.objects.values_list("activity_id", "project_id"):
        projects[activity_id].append(project_id)
    out = {}
    with connection.cursor() as cur:
        cur.execute(_enrolments_sql(), [])
        names = [c[0] for c in cur.description]
        for values in cur.fetchall():
            r = dict(zip(names, values))
            day = r["a_end"] or r["a_start"]
            if day:
                first = last = day
            else:
                first, last = partial_bounds(r["a_period"]), partial_bounds(r["a_period"], end=True)
            out[r["pid"]] = _fact_row({
                **r, "year": r["yr"], "date_from": first, "date_to": last, "passed": r["assessment"] == "passed",
                "assessed": r["assessment"] in ("passed", "failed"),
                "projects": ",".join(str(p) for p in sorted(projects.get(r["activity_id"], [])))})
    return out


def _fact_row(r):
    out = {}
    for name in FACT_COLUMNS:
        value = r[name]
        if name in ("disability", "disadvantaged_youth", "completed", "passed", "assessed"):
            value = bool(value)
        elif name == "hours":
            value = Decimal(str(value or 0)).quantize(Decimal("0.01"))
        elif name in ("date_from", "date_to") and value is not None and not hasattr(value, "isoformat"):
            value = partial_bounds(str(value)[:10])
        out[name] = value
    return out


def stored_facts():
    return {f["participation_id"]: _fact_row(f) for f in
            CompletionFact.objects.values("participation_id", *FACT_COLUMNS)}


def _figures_row(counts, roles):
    return (tuple(int(counts[k] or 0) for k in ("people", "registered", "attended", "completed")),
            tuple((role, int(n)) for role, n in roles))


def expected_activity_figures():
    """Every activity's figures as its pages count them (activities.queries._activity_figures: COUNT DISTINCT
    through the ORM), not people/figures.py's SQL."""
    from skillsnet.activities.queries import _activity_figures

    Participation = apps.get_model("people", "Participation")
    return {pk: _figures_row(*row) for pk, row in _activity_figures(Participation.objects.all()).items()}


def stored_activity_figures():
    from skillsnet.people import figures

    return {pk: _figures_row(*row) for pk, row in figures.read().items()}


def differences(limit=None):
    """Every cell, fact and activity's figures (people.ActivityFigures) that differs from what the records give
    (an empty list: all consistent)."""
    out = []
    for table, expected, stored in (("cell", expected_cells(), stored_cells()),
                                    ("fact", expected_facts(), stored_facts()),
                                    ("activity", expected_activity_figures(), stored_activity_figures())):
        for key in sorted(set(expected) | set(stored), key=str):
            a, b = stored.get(key), expected.get(key)
            if a != b:
                out.append(Difference(table, key if isinstance(key, tuple) else (key,), a, b))
                if limit and len(out) >= limit:
                    return out
    return out

"""`skillsnet bench`: synthetic data, then timings of the results framework against DuckDB over the same rows.

DuckDB is fed from Python (pyarrow tables read through the Django connection): its sqlite/postgres scanner
extensions download at run time and are not used. No test asserts a time; a test runs this at a tiny scale
and checks that the ORM and DuckDB agree on every aggregate.
"""
import statistics
import time
from decimal import Decimal

from django.core.management.base import CommandError
from django.db import connection

from . import generate as gen
from . import load, roles

DEFAULTS = {"orgs": 5000, "persons": 200_000, "participations": 1_000_000, "activities": 20_000}
YEAR = 2024
BUDGET_FRAMEWORK_MS, BUDGET_ONE_MS, BUDGET_RATIO = 2000, 200, 3.0
BUDGET_LIST_ONE_CLIENT_MS = 30


def add_arguments(parser):
    parser.add_argument("--orgs", type=int, default=DEFAULTS["orgs"])
    parser.add_argument("--persons", type=int, default=DEFAULTS["persons"])
    parser.add_argument("--participations", type=int, default=DEFAULTS["participations"])
    parser.add_argument("--activities", type=int, default=DEFAULTS["activities"])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size, e.g. 0.01 for a quick run")
    parser.add_argument("--yes", action="store_true", help="write into a database that already holds data")
    parser.add_argument("--reuse", action="store_true", help="time the synthetic data already loaded")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the median is shown)")
    load.add_arguments(parser)
    from .imports import add_arguments as imports_arguments

    imports_arguments(parser)
    from .results_writes import add_arguments as results_arguments

    results_arguments(parser)
    from .employment import add_arguments as employment_arguments

    employment_arguments(parser)


def _timed(func, repeat):
    times, result = [], None
    for _i in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


# ---------------------------------------------------------------- the framework under test
def bench_project(network):
    from skillsnet.activities.models import Initiative
    from skillsnet.results.facts import rebuild_all
    from skillsnet.results.models import Indicator, Period, ResultNode

    from .results_writes import bench_project as attributed_project

    project, attributed = attributed_project(network, gen.PREFIX)  # every synthetic activity counts for it
    if attributed:
        rebuild_all()
    project.nodes.all().delete()
    project.periods.all().delete()
    period = Period(project=project, kind="year", year=YEAR)
    period.full_clean()
    period.save()
    node = ResultNode.objects.create(project=project, code="1", title=f"{gen.PREFIX} output", level="output")
    programme = Initiative.objects.filter(name__startswith=gen.PREFIX).order_by("pk").first()
    specs = [
        ("B1", "persons_completed", {}, ["sex", "country", "age_group"], "number", None),
        ("B2", "persons_completed", {"participant_kind": ["teacher"]}, ["sex", "country"], "number", None),
        ("B3", "persons_completed", {"activity_kind": ["training_of_trainers"]},
         ["sex", "disability", "disadvantaged_youth"], "number", None),
        ("B4", "completions", {}, ["participant_kind", "organisation_kind"], "number", None),
        ("B5", "training_hours", {}, ["country"], "number", None),
        ("B6", "persons_completed", {"initiative": programme.pk}, ["sex"], "number", None),
        ("B7", "persons_completed", {"sex": ["female"]}, ["country"], "percentage", ("persons_completed", {})),
        ("B8", "active_members", {"network": network.pk}, ["country", "organisation_kind"], "number", None),
        ("B9", "activities", {}, ["country"], "number", None),
    ]
    for code, measure, filters, dims, unit, denominator in specs:
        Indicator.objects.create(node=node, code=code, name=f"{gen.PREFIX} {code}", measure=measure, filters=filters,
                                 disaggregations=dims, unit=unit,
                                 denominator_measure=denominator[0] if denominator else "",
                                 denominator_filters=denominator[1] if denominator else {})
    return project, period


# ---------------------------------------------------------------- DuckDB over the same rows
def _arrow(sql, names):
    import pyarrow as pa

    columns = [[] for _n in names]
    with connection.cursor() as cur:
        cur.execute(sql)
        while True:
            chunk = cur.fetchmany(50_000)
            if not chunk:
                break
            for row in chunk:
                for i, v in enumerate(row):
                    columns[i].append(float(v) if isinstance(v, Decimal) else v)
    return pa.table({n: pa.array(c) for n, c in zip(names, columns)})


def duckdb_session():
    import duckdb

    from skillsnet.activities.models import Activity
    from skillsnet.directory.models import Membership, Organisation
    from skillsnet.people.models import Participation, Person

    t = {m: m._meta.db_table for m in (Participation, Person, Activity, Organisation, Membership)}
    db = duckdb.connect()
    tables = {
        "participation": (f"SELECT person_id, activity_id, completed, hours FROM {t[Participation]}",
                          ["person_id", "activity_id", "completed", "hours"]),
        "person": (f"SELECT id, sex, kind, birth_year, nationality_id, organisation_id, has_disability, "
                   f"disadvantaged_youth FROM {t[Person]}",
                   ["id", "sex", "kind", "birth_year", "nationality_id", "organisation_id", "has_disability",
                    "disadvantaged_youth"]),
        "activity": (f'SELECT id, kind, start, "end", initiative_id, country_id FROM {t[Activity]}',
                     ["id", "kind", "start", "end_", "initiative_id", "country_id"]),
        "organisation": (f"SELECT id, kind, country_id FROM {t[Organisation]}", ["id", "kind", "country_id"]),
        "membership": (f"SELECT network_id, member_id, joined_on, left_on FROM {t[Membership]}",
                       ["network_id", "member_id", "joined_on", "left_on"]),
    }
    for name, (sql, names) in tables.items():
        db.register(f"{name}_arrow", _arrow(sql, names))
        db.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
    from skillsnet.results.facts import AGE_GROUPS

    age = ("CASE WHEN pe.birth_year IS NULL THEN 'unknown' "
           + " ".join(f"WHEN y - pe.birth_year BETWEEN {lo} AND {hi} THEN '{c}'" for c, lo, hi in AGE_GROUPS)
           + " ELSE 'unknown' END")
    db.execute(f"""CREATE VIEW c AS SELECT *, {age.replace('y -', 'yr -')} AS age_group FROM (
        SELECT p.person_id, p.hours, year(COALESCE(a.end_, a.start)) AS yr, pe.birth_year,
               pe.sex, pe.kind AS participant_kind, COALESCE(pe.nationality_id, o.country_id, '') AS country,
               pe.has_disability AS disability, pe.disadvantaged_youth, COALESCE(o.kind, '') AS organisation_kind,
               a.kind AS activity_kind, a.initiative_id
        FROM participation p JOIN person pe ON pe.id = p.person_id JOIN activity a ON a.id = p.activity_id
        LEFT JOIN organisation o ON o.id = pe.organisation_id WHERE p.completed) pe""")
    return db


def _where(filters):
    parts = [f"yr = {YEAR}"]
    for name, value in filters.items():
        column = {"activity_kind": "activity_kind", "initiative": "initiative_id", "participant_kind":
                  "participant_kind", "sex": "sex", "country": "country"}[name]
        if isinstance(value, list):
            parts.append(f"{column} IN ({', '.join(repr(v) for v in value)})")
        else:
            parts.append(f"{column} = {value!r}")
    return " AND ".join(parts)


AGG = {"persons_completed": "COUNT(DISTINCT person_id)", "completions": "COUNT(*)", "training_hours": "SUM(hours)"}


def duck_measure(db, measure, filters, dims):
    if measure in AGG:
        where = _where(filters)
        total = db.execute(f"SELECT {AGG[measure]} FROM c WHERE {where}").fetchone()[0] or 0
        rows = {}
        if dims:
            cols = ", ".join(dims)
            rows = {tuple(r[:-1]): r[-1] for r in db.execute(
                f"SELECT {cols}, {AGG[measure]} FROM c WHERE {where} GROUP BY {cols}").fetchall()}
        return total, rows
    if measure == "active_members":
        day = f"{YEAR}-12-31"
        sql = f"""SELECT {{cols}} COUNT(DISTINCT m.member_id) FROM membership m JOIN organisation o ON o.id = m.member_id
                  WHERE m.network_id = {filters['network']} AND (m.joined_on = '' OR m.joined_on <= '{day}')
                  AND (m.left_on = '' OR m.left_on || '-12-31' >= '{day}') {{group}}"""
        total = db.execute(sql.format(cols="", group="")).fetchone()[0]
        mapped = {"country": "COALESCE(o.country_id, '')", "organisation_kind": "o.kind"}
        cols = ", ".join(mapped[d] for d in dims)
        rows = {tuple(r[:-1]): r[-1] for r in db.execute(
            sql.format(cols=cols + ",", group="GROUP BY " + cols)).fetchall()} if dims else {}
        return total, rows
    if measure == "activities":
        where = f"year(COALESCE(end_, start)) = {YEAR}"
        total = db.execute(f"SELECT COUNT(*) FROM activity WHERE {where}").fetchone()[0]
        rows = {(r[0],): r[1] for r in db.execute(
            f"SELECT COALESCE(country_id, ''), COUNT(*) FROM activity WHERE {where} GROUP BY 1").fetchall()}
        return total, rows
    raise ValueError(measure)


def duck_indicator(db, ind):
    total, rows = duck_measure(db, ind.measure, ind.filters, ind.disaggregations)
    if ind.unit != "percentage":
        return total, rows
    d_total, d_rows = duck_measure(db, ind.denominator_measure, ind.denominator_filters, ind.disaggregations)
    from skillsnet.results.queries import pct

    return pct(total, d_total), {k: pct(rows.get(k, 0), d_rows.get(k, 0)) for k in set(rows) | set(d_rows)}


def _same(a, b):
    if a is None or b is None:
        return a == b
    return abs(Decimal(str(a)) - Decimal(str(b))) <= Decimal("0.01")


def compare(orm_actual, duck_result):
    d_total, d_rows = duck_result
    if not _same(orm_actual.total, d_total):
        return False
    orm_rows = {tuple(r["dims"][d] for d in orm_actual.dims): r["value"] for r in orm_actual.rows}
    keys = set(orm_rows) | {k for k, v in d_rows.items() if v}
    return all(_same(orm_rows.get(k, 0) or 0, d_rows.get(k, 0) or 0) for k in keys)


# ---------------------------------------------------------------- main
def main(opts, out):
    if opts.get("imports"):
        from .imports import main as imports_main

        return imports_main(opts, out)
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=120, force_terminal=False, markup=False)
    scale = opts.get("scale") or 1.0
    sizes = {k: max(1, int(round((opts.get(k) or DEFAULTS[k]) * scale))) for k in DEFAULTS}
    from skillsnet.directory.models import Country

    if not Country.objects.exists():
        from skillsnet.directory.management.commands.load_reference import load_reference

        load_reference()
    if opts.get("employment"):
        from .employment import main as employment_main

        return employment_main(opts, console)
    existing = gen.existing_synthetic()
    if not opts.get("reuse"):
        if (existing or gen.anything_else()) and not opts.get("yes"):
            raise CommandError(
                f"The database ({connection.settings_dict.get('NAME')}) is not empty"
                + (f": it already holds {existing} SYNTHETIC organisations" if existing else "")
                + ". Synthetic rows (named SYNTHETIC ...) would be written into it; earlier synthetic rows are "
                  "replaced. Run again with --yes to go ahead, or point DATABASE_URL at an empty database.")
        console.print(f"[bench] WARNING: writing synthetic data into {connection.vendor} database "
                      f"{connection.settings_dict.get('NAME')}; earlier SYNTHETIC rows are replaced.")
        gen.remove_synthetic()
        t0 = time.perf_counter()
        t_generate = t0
        summary = gen.generate(sizes["orgs"], sizes["persons"], sizes["participations"], sizes["activities"],
                               progress=lambda what: console.print(f"[bench] {what} written "
                                                                   f"({time.perf_counter() - t0:.1f} s)"))
        network = summary["network"]
    else:
        from skillsnet.directory.models import Organisation

        network = Organisation.objects.get(name=f"{gen.PREFIX} Network")
        summary = {}
    console.print(f"[bench] data: {', '.join(f'{k} {v}' for k, v in summary.items() if k != 'network')}")
    if summary:
        console.print(f"[bench] data generation time: {time.perf_counter() - t_generate:.1f} s "
                      f"({connection.vendor}: {'COPY' if connection.vendor == 'postgresql' else 'bulk_create'})")
    if opts.get("load"):
        return load.main(opts, console)

    from skillsnet.results.models import CompletionCell
    from skillsnet.results.queries import actual, framework

    project, period = bench_project(network)
    indicators = list(project.nodes.get().indicators.order_by("code"))
    repeat = opts.get("repeat") or 3

    t_framework, fw = _timed(lambda: framework(project, period), repeat)
    one = indicators[0]
    t_one, one_actual = _timed(lambda: actual(one, period), repeat)
    t_cube, cube = _timed(lambda: {(r["sex"], r["country"], r["year"]): r["n"] for r in
                                   CompletionCell.objects.filter(project_id=0, scope="all").values("sex", "country", "year")
                                   .annotate(n=__import__("django.db.models", fromlist=["Sum"]).Sum("persons"))
                                   .order_by()}, repeat)

    t_load = time.perf_counter()
    db = duckdb_session()
    load_s = time.perf_counter() - t_load
    t_duck_fw, duck_fw = _timed(lambda: {ind.code: duck_indicator(db, ind) for ind in indicators}, repeat)
    t_duck_one, duck_one = _timed(lambda: duck_indicator(db, one), repeat)
    t_duck_cube, duck_cube = _timed(lambda: {tuple(r[:3]): r[3] for r in db.execute(
        "SELECT sex, country, yr, COUNT(DISTINCT person_id) FROM c WHERE yr IS NOT NULL GROUP BY 1, 2, 3").fetchall()},
        repeat)

    # consistency: every aggregate the ORM computed, against DuckDB over the raw rows
    checks = []
    orm_by_code = {item["indicator"].code: item["actual"] for block in fw for item in block["indicators"]}
    for ind in indicators:
        checks.append((f"{ind.code} {ind.measure} by {' × '.join(ind.disaggregations)}",
                       orm_by_code[ind.code].total, duck_fw[ind.code][0], compare(orm_by_code[ind.code], duck_fw[ind.code])))
    checks.append(("distinct completers by sex × country × year", sum(cube.values()), sum(duck_cube.values()),
                   {k: v for k, v in cube.items() if v} == {k: v for k, v in duck_cube.items() if v}))

    timings = Table(title=f"skillsnet bench — {connection.vendor}, year {YEAR}")
    for col in ("operation", "skillsnet ms", "DuckDB ms", "ratio", "budget", "within budget"):
        timings.add_column(col, justify="right" if col != "operation" else "left")

    def row(name, ms, duck_ms=None, budget_ms=None, ratio_budget=None):
        ratio = ms / duck_ms if duck_ms else None
        ok = (budget_ms is None or ms <= budget_ms) and (ratio_budget is None or ratio is None or ratio <= ratio_budget)
        budget = " and ".join(b for b in (f"≤ {budget_ms} ms" if budget_ms else "",
                                          f"≤ {ratio_budget}× DuckDB" if ratio_budget else "") if b) or "—"
        timings.add_row(name, f"{ms:.1f}", f"{duck_ms:.1f}" if duck_ms else "—", f"{ratio:.2f}" if ratio else "—",
                        budget, "yes" if ok else "NO")
        return {"ms": ms, "duckdb_ms": duck_ms, "ratio": ratio, "ok": ok}

    results = {
        "framework": row(f"whole framework ({len(indicators)} indicators, all disaggregations)", t_framework,
                         t_duck_fw, BUDGET_FRAMEWORK_MS, BUDGET_RATIO),
        "one_indicator": row("one indicator × 3 disaggregations (sex × country × age group)", t_one, t_duck_one,
                             BUDGET_ONE_MS),
        "cube": row("distinct completers by sex × country × year", t_cube, t_duck_cube, BUDGET_ONE_MS),
    }
    try:
        from skillsnet.matching.queries import rank_partners
    except ImportError:
        rank_partners = None
    user = _bench_user()
    if rank_partners is not None:
        from skillsnet.directory.models import Organisation

        target = Organisation.objects.filter(name__startswith=f"{gen.PREFIX} Organisation").order_by("pk").first()
        try:
            # computed every time: the ranking's own cost, not the one kept for the suggestions page (rankcache)
            t_rank, _r = _timed(lambda: list(rank_partners(user, target, limit=20, keep=False)), repeat)
            results["rank_partners"] = row("partner ranking for one institution", t_rank, None, 200)
        except Exception as exc:  # another app's function: report, do not fail the bench
            console.print(f"[bench] partner ranking failed: {exc!r}")
    else:
        timings.add_row("partner ranking", "not available (skillsnet.matching.queries.rank_partners)", "", "", "", "")
    results["list_api"] = row("list API page (50 rows, 2 filters), superuser", _time_api(user, repeat), None,
                              BUDGET_LIST_ONE_CLIENT_MS)
    from .results_writes import time_writes

    results.update(time_writes(user, opts, row, console, gen.PREFIX))
    console.print(timings)
    results["list_api_roles"] = roles.list_page_times(roles.bench_users(), repeat)
    roles.print_list_page_times(console, results["list_api_roles"], BUDGET_LIST_ONE_CLIENT_MS)

    consistency = Table(title="the same aggregates: skillsnet (ORM) and DuckDB")
    for col in ("aggregate", "skillsnet total", "DuckDB total", "agree"):
        consistency.add_column(col)
    for name, a, b, ok in checks:
        consistency.add_row(name, str(a), str(b), "yes" if ok else "MISMATCH")
    console.print(consistency)
    agreeing = sum(1 for c in checks if c[3])
    console.print(f"[bench] DuckDB fed from Python (pyarrow) in {load_s:.1f} s; consistency: {agreeing} of "
                  f"{len(checks)} aggregates agree")
    results["consistency"] = checks
    return results


def _bench_user():
    from skillsnet.accounts.models import User

    user, created = User.objects.get_or_create(username="synthetic-bench", defaults={"is_superuser": True})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _time_api(user, repeat):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    url = "/api/people/participations/?page_size=50&completed=true&role=participant"

    def call():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
    ms, _r = _timed(call, repeat)
    return ms

"""`skillsnet bench --imports`: the importer side by side with django-import-export and PostgreSQL COPY.

The same N rows of organisations and of participations are imported three ways, each into the same starting
state (the rows of the previous way are removed first):

- skillsnet's importer (core.importer.run_import, commit): mapping, values by name, matching, validation, the
  change log and the post-write steps (search index, results aggregates) included;
- django-import-export: a plain ModelResource on the same model (`import_data`, not a dry run);
- COPY (PostgreSQL only) of the same columns into a bare table: no validation, no log, the ceiling.

Rows are labelled SYNTHETIC. Goals (DESIGN.md): ≥ 5,000 rows/s on PostgreSQL, ≥ 10× django-import-export,
≥ 1/5 of COPY.
"""
import io
import time

from django.db import connection, transaction

from skillsnet.accounts.rules import ADMIN_ROLE

PREFIX = "SYNTHETIC import"


def add_arguments(parser):
    parser.add_argument("--imports", action="store_true",
                        help="time imports: skillsnet vs django-import-export vs COPY (see --rows)")
    parser.add_argument("--rows", type=int, default=100_000, help="rows per import for --imports")
    parser.add_argument("--die-rows", type=int, default=None,
                        help="rows for django-import-export (default --rows; it is slow: its rate is per row)")


def _admin():
    from django.contrib.auth import get_user_model

    from skillsnet.accounts.services import create_user

    User = get_user_model()
    user = User.objects.filter(username="bench-importer").first()
    return user or create_user(None, "bench-importer", "bench-importer-not-a-login-0",
                               roles=[(ADMIN_ROLE, None, None)], is_superuser=True)


def _org_rows(n):
    return [[f"{PREFIX} organisation {i:07d}", "LA" if i % 2 else "KH", "tvet_institute", "Vientiane"]
            for i in range(n)]


ORG_HEADER = ["name", "country", "kind", "city"]
PART_HEADER = ["person", "activity", "role", "attended", "completed", "hours"]


def _people_and_activities(n):
    """Enough persons x activities for n distinct participations."""
    import datetime

    from skillsnet.activities.models import Activity
    from skillsnet.core.imports_bulk import fast_insert
    from skillsnet.people.models import Person

    from skillsnet.people.models import Participation

    persons = max(1, min(n, 1000))
    activities = -(-n // persons)
    _clear(Participation)  # left by an interrupted run
    Person.objects.filter(name__startswith=PREFIX).delete()
    Activity.objects.filter(title__startswith=PREFIX).delete()
    with transaction.atomic():
        people = [Person(name=f"{PREFIX} person {i:05d}", search_text="") for i in range(persons)]
        acts = [Activity(title=f"{PREFIX} activity {i:05d}", kind="training", start=datetime.date(2024, 1, 1),
                         search_text="") for i in range(activities)]
        fast_insert(Person, people)
        fast_insert(Activity, acts)
    return [p.pk for p in people], [a.pk for a in acts]


def _part_rows(n, person_ids, activity_ids):
    rows = []
    for i in range(n):
        rows.append([person_ids[i % len(person_ids)], activity_ids[i // len(person_ids)], "participant", "true",
                     "true" if i % 3 else "false", "8"])
    return rows


def _clear(model):
    from django.contrib.contenttypes.models import ContentType

    from skillsnet.core.models import ChangeLogEntry

    ct = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        if model._meta.label_lower == "directory.organisation":
            qs = model._base_manager.filter(name__startswith=PREFIX)
        else:
            qs = model._base_manager.filter(person__name__startswith=PREFIX)
        ids = list(qs.values_list("pk", flat=True))
        for i in range(0, len(ids), 5000):
            part = ids[i:i + 5000]
            ChangeLogEntry.objects.filter(content_type=ct, object_id__in=[str(p) for p in part]).delete()
            try:
                from skillsnet.knowledge.models import SearchEntry

                SearchEntry.objects.filter(content_type=ct, object_id__in=part).delete()
            except ImportError:
                pass
            model._base_manager.filter(pk__in=part).delete()
        if model._meta.label_lower == "people.participation":
            from skillsnet.people import figures
            from skillsnet.results.facts import rebuild_all

            rebuild_all()
            figures.rebuild()


def _time_skillsnet(model, header, rows, user):
    from skillsnet.core import importer
    from skillsnet.core.changelog import change_context
    from skillsnet.core.tabular import write_csv

    data = write_csv(header, rows)
    t0 = time.perf_counter()
    with change_context("import"):
        result = importer.run_import(user, model, data, "bench.csv", commit=True)
    seconds = time.perf_counter() - t0
    if not result.committed:
        raise RuntimeError(f"skillsnet import failed: {[str(e) for e in result.errors[:5]]}")
    return seconds


def _time_die(model, header, rows):
    import tablib
    from import_export import resources

    meta = type("Meta", (), {"model": model, "fields": ("id", *header), "import_id_fields": ("id",)})
    resource = type(f"{model.__name__}BenchResource", (resources.ModelResource,), {"Meta": meta})()
    dataset = tablib.Dataset(headers=["id", *header])
    for row in rows:
        dataset.append(["", *row])
    t0 = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    seconds = time.perf_counter() - t0
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError("django-import-export failed")
    return seconds


def _time_copy(model, header, rows):
    """COPY of the same columns into a bare table (no constraints, no index): PostgreSQL only."""
    if connection.vendor != "postgresql":
        return None
    columns = []
    for name in header:
        f = model._meta.get_field(name)
        columns.append((f.column, f.db_type(connection).replace("serial", "integer")))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_bare")
        cursor.execute("CREATE UNLOGGED TABLE bench_import_bare (%s)" % ", ".join(f'"{c}" {t}' for c, t in columns))
    t0 = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        buffer = io.StringIO()
        for row in rows:
            buffer.write("\t".join(str(v) for v in row) + "\n")
        buffer.seek(0)
        with cursor.cursor.copy("COPY bench_import_bare (%s) FROM STDIN" % ", ".join(f'"{c}"' for c, _t in columns)) \
                as copy:
            copy.write(buffer.getvalue())
    seconds = time.perf_counter() - t0
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_bare")
    return seconds


def main(opts, out):
    from rich.console import Console
    from rich.table import Table

    from skillsnet.directory.models import Country, Organisation
    from skillsnet.people.models import Participation

    console = Console(file=out, width=120, force_terminal=False, markup=False)
    if not Country.objects.exists():
        from skillsnet.directory.management.commands.load_reference import load_reference

        load_reference()
    n = opts.get("rows") or 100_000
    die_n = opts.get("die_rows") or n
    user = _admin()
    console.print(f"[bench] imports of {n:,} rows on {connection.vendor} ({connection.settings_dict.get('NAME')}); "
                  f"django-import-export on {die_n:,} rows")
    person_ids, activity_ids = _people_and_activities(max(n, die_n))
    table = Table(title=f"Imports, {connection.vendor}: rows per second (higher is better)")
    for column in ("model", "rows", "skillsnet", "django-import-export", "COPY (bare table)", "× d-i-e",
                   "share of COPY"):
        table.add_column(column, justify="right" if column != "model" else "left")
    for model, header, make in [
        (Organisation, ORG_HEADER, lambda k: _org_rows(k)),
        (Participation, PART_HEADER, lambda k: _part_rows(k, person_ids, activity_ids)),
    ]:
        label = model._meta.verbose_name_plural
        _clear(model)
        rows = make(n)
        ours = n / _time_skillsnet(model, header, rows, user)
        console.print(f"[bench] {label}: skillsnet {ours:,.0f} rows/s")
        _clear(model)
        die = die_n / _time_die(model, header, make(die_n))
        console.print(f"[bench] {label}: django-import-export {die:,.0f} rows/s")
        _clear(model)
        copy_seconds = _time_copy(model, header, rows)
        copy = n / copy_seconds if copy_seconds else None
        if copy:
            console.print(f"[bench] {label}: COPY {copy:,.0f} rows/s")
        table.add_row(str(label), f"{n:,}", f"{ours:,.0f}", f"{die:,.0f}", f"{copy:,.0f}" if copy else "—",
                      f"{ours / die:.1f}×", f"{ours / copy:.1%}" if copy else "—")
    _clear(Participation)
    _clear(Organisation)
    console.print(table)
    console.print("[bench] goals: ≥ 5,000 rows/s on PostgreSQL, ≥ 10× django-import-export, ≥ 0.20 of COPY. "
                  "skillsnet's rate includes mapping, values by name, matching, validation, the change log and the "
                  "post-write steps (search index, results aggregates).")

"""The results side of `skillsnet bench`: the synthetic activities attributed to the bench project (so that its
figures are a project's, read from project cells), and the cost of one participation write through its
service with the change log and every aggregate kept (p50/p95 over many writes; budget p95 ≤ 20 ms on
PostgreSQL), then the same rows deleted again through the service. Optionally `results check` afterwards."""
import random
import statistics
import time

from django.db import connection

BUDGET_WRITE_P95_MS = 20
PROJECT_CODE = "synthetic-bench"


def add_arguments(parser):
    parser.add_argument("--writes", type=int, default=1000,
                        help="participation writes timed through the service (0: skip)")
    parser.add_argument("--check", action="store_true",
                        help="run `results check` (every aggregate against the raw records) after the writes")


def bench_project(network, prefix):
    """The bench project (kept between runs with --reuse) with every synthetic activity attributed to it, so that
    its figures equal the network's and DuckDB over the raw rows checks them. Returns (project, created)."""
    from skillsnet.activities.models import Activity
    from skillsnet.results.models import Attribution, Project

    project = Project.objects.filter(code=PROJECT_CODE).first()
    created = project is None
    if created:
        project = Project.objects.create(code=PROJECT_CODE, title=f"{prefix} benchmark project", network=network)
    if not Attribution.objects.filter(project=project).exists():
        ids = Activity.objects.filter(title__startswith=prefix).values_list("pk", flat=True)
        Attribution.objects.bulk_create([Attribution(activity_id=pk, project=project) for pk in ids],
                                        batch_size=5000)
        created = True
    return project, created


def remove_attributions(activities):
    """Raw delete of the synthetic activities' attributions (before the activities themselves go)."""
    from skillsnet.results.models import Attribution

    Attribution.objects.filter(activity__in=activities)._raw_delete(connection.alias)


def _pairs(n, prefix, seed=7):
    """n (person, activity) pairs of synthetic records that have no participation yet."""
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Participation, Person

    persons = list(Person.objects.filter(name__startswith=prefix).values_list("pk", flat=True))
    activities = list(Activity.objects.filter(title__startswith=prefix).values_list("pk", flat=True))
    if not persons or not activities:
        return []
    rnd = random.Random(seed)
    wanted = {}
    while len(wanted) < n * 2 and len(wanted) < len(persons) * len(activities):
        pair = (rnd.choice(persons), rnd.choice(activities))
        wanted[pair] = True
    taken = set(Participation.objects.filter(person_id__in={p for p, _a in wanted},
                                             activity_id__in={a for _p, a in wanted})
                .values_list("person_id", "activity_id"))
    return [pair for pair in wanted if pair not in taken][:n]


def _percentiles(times):
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)] if ordered else 0.0
    return (statistics.median(ordered) if ordered else 0.0), p95


def time_writes(user, opts, row, console, prefix):
    """Time `--writes` participation writes and their deletes; add the rows to the timings table."""
    from skillsnet.core import services as core
    from skillsnet.core.changelog import change_context
    from skillsnet.people.models import Participation
    from skillsnet.people.services import record_participation

    n = opts.get("writes", 1000)
    if not n:
        return {}
    pairs = _pairs(n, prefix)
    writes, deletes, made = [], [], []
    with change_context("task", "bench-writes"):
        for person_id, activity_id in pairs:
            t0 = time.perf_counter()
            p = record_participation(user, person_id, activity_id, registered=True, attended=True, completed=True,
                                     hours=8, reason="bench")
            writes.append((time.perf_counter() - t0) * 1000)
            made.append(p.pk)
        for pk in made:
            t0 = time.perf_counter()
            core.delete_object(user, Participation, pk, reason="bench",
                               expected_version=Participation.objects.get(pk=pk).version)
            deletes.append((time.perf_counter() - t0) * 1000)
    budget = BUDGET_WRITE_P95_MS if connection.vendor == "postgresql" else None
    w50, w95 = _percentiles(writes)
    d50, d95 = _percentiles(deletes)
    out = {
        "write_p50": row(f"participation write p50 ({len(writes)} writes)", w50),
        "write_p95": row(f"participation write p95 ({len(writes)} writes)", w95, None, budget),
        "delete_p95": row(f"participation delete p95 ({len(deletes)})", d95),
    }
    out["write_p50"]["delete_p50_ms"] = d50
    if opts.get("check"):
        from skillsnet.results.check import differences

        t0 = time.perf_counter()
        found = differences(limit=20)
        console.print(f"[bench] results check: {len(found)} differences between the aggregates and the records "
                      f"({time.perf_counter() - t0:.1f} s)")
        for difference in found:
            console.print(f"[bench]   {difference}")
        out["check_differences"] = len(found)
    return out

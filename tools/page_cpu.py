"""CPU per request of one page for every role, on the bench data (`skillsnet bench` first).

    DATABASE_URL=postgres://... SKILLSNET_DATA_DIR=... PYTHONPATH=src python tools/page_cpu.py [--orgs 20]
        [--url /directory/organisations/{pk}/] [--profile FILE] [--repeat 1]

Production settings (SKILLSNET_PRODUCTION=1: DEBUG off, the production cache; run `skillsnet collectstatic` into the
data directory once), Django's test client signed in as each role (bench users, scoped as `skillsnet bench` scopes
them) and anonymous. Per role: a few warm-up requests on other organisations, then one request per organisation
(a first visit, as in the load mix), `time.process_time()` of each; the median, and the number of SQL queries.
CPU time, not wall time: the machine is shared.
"""
import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("SKILLSNET_PRODUCTION", "1")
os.environ.setdefault("SKILLSNET_SECRET_KEY", "page-cpu-measure-only-" + "x" * 40)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsnet.settings")
ROLES = ["secretariat_admin", "country_coordinator", "focal_point", "viewer", "anonymous"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=20)
    parser.add_argument("--url", default="/directory/organisations/{pk}/")
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--repeat", type=int, default=1, help="visits of each organisation (medians over all)")
    parser.add_argument("--profile", help="write a cProfile of the measured requests of the first role here")
    parser.add_argument("--home", action="store_true", help="also the focal point's own organisation")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from skillsnet.bench import generate as gen
    from skillsnet.bench.roles import bench_users, scope_organisation
    from skillsnet.directory.models import Organisation

    ids = list(Organisation.objects.filter(name__startswith=f"{gen.PREFIX} Organisation")
               .order_by("pk").values_list("pk", flat=True))
    if not ids:
        sys.exit("no bench data: run `skillsnet bench --writes 0` first")
    step = max(1, len(ids) // (args.orgs + 3))
    spread = ids[::step]
    warm, measured = spread[:3], spread[3:3 + args.orgs]
    if args.home:
        measured.append(scope_organisation().pk)
    users = bench_users(password="x")
    print(f"{len(measured)} organisations, url {args.url}, load average {os.getloadavg()[0]:.2f}")
    print(f"{'role':22} {'CPU ms median':>13} {'min':>7} {'max':>7} {'queries':>9} {'bytes':>8}")
    profiled = False
    for role in args.roles.split(","):
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        for pk in warm:
            client.get(args.url.format(pk=pk))
        times, queries, sizes = [], [], []
        profiler = None
        if args.profile and not profiled:
            import cProfile

            profiler = cProfile.Profile()
            profiled = True
        for _visit in range(args.repeat):
            for pk in measured:
                with CaptureQueriesContext(connection) as captured:
                    if profiler:
                        profiler.enable()
                    t0 = time.process_time()
                    response = client.get(args.url.format(pk=pk))
                    times.append((time.process_time() - t0) * 1000)
                    if profiler:
                        profiler.disable()
                assert response.status_code in (200, 302, 403), (role, pk, response.status_code)
                queries.append(len(captured.captured_queries))
                sizes.append(len(response.content))
        if profiler:
            profiler.dump_stats(args.profile)
        print(f"{role:22} {statistics.median(times):13.1f} {min(times):7.1f} {max(times):7.1f} "
              f"{statistics.median(queries):9.0f} {statistics.median(sizes):8.0f}")
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

"""CPU per request of the load mix (`skillsnet bench --load`), per endpoint and role, on the bench data.

    DATABASE_URL=postgres://... SKILLSNET_DATA_DIR=... PYTHONPATH=src python tools/mix_cpu.py [--n 20]
        [--roles secretariat_admin,viewer] [--endpoints "list API participations,organisation search"]
        [--profile DIR] [--seed 1]

The method of the ninth session (README, *Wave 2*): production settings (SKILLSNET_PRODUCTION=1: DEBUG off, the
production cache; run `skillsnet collectstatic` into the data directory once), Django's test client signed in as each
bench role (`bench.roles.bench_users`, scoped as `skillsnet bench --load` scopes them), the load mix's own URLs
(`bench.load.request_for`, seeded), gzip asked for as the load client asks, three warm-up requests per endpoint and
role, then `--n` measured ones: `time.process_time()` of each (CPU of this process, so Python and the driver, not
PostgreSQL's), the median, and the median number of SQL queries. The list API's two lists are measured apart; "mix"
is the medians weighted as the load mix weighs its endpoints (each list counts half of the list API's weight). CPU
time, not wall time: the machine is shared; to compare two versions of the code, run them alternately, several
rounds each. `--profile DIR` writes a cProfile (CPU time) of the measured requests of each (role, endpoint) into DIR.
"""
import argparse
import os
import random
import statistics
import sys
import time

os.environ.setdefault("SKILLSNET_PRODUCTION", "1")
os.environ.setdefault("SKILLSNET_SECRET_KEY", "mix-cpu-measure-only-" + "x" * 40)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skillsnet.settings")
os.environ.setdefault("SKILLSNET_LOG_LEVEL", "ERROR")

ENDPOINTS = ["list API participations", "list API activities", "organisation search", "organisation page",
             "results dashboard", "partner suggestions"]


def url_for(endpoint, rnd, targets):
    from skillsnet.bench import load

    if endpoint.startswith("list API"):
        want = "participations" if endpoint.endswith("participations") else "activities"
        while True:  # the load mix picks one of the two lists at random
            url = load.request_for("list API", rnd, targets)
            if want in url:
                return url
    return load.request_for(endpoint, rnd, targets)


def weight(endpoint):
    from skillsnet.bench import load

    if endpoint.startswith("list API"):
        return load.MIX["list API"][0] / 2
    return load.MIX[endpoint][0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20, help="measured requests per endpoint and role")
    parser.add_argument("--warm", type=int, default=3, help="warm-up requests per endpoint and role")
    parser.add_argument("--roles", help="comma-separated (default: every bench role)")
    parser.add_argument("--endpoints", help="comma-separated (default: the whole mix)")
    parser.add_argument("--profile", help="a directory: one cProfile file per (role, endpoint)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from skillsnet.bench import load
    from skillsnet.bench.roles import bench_users

    targets = load.targets()
    if not targets["organisations"]:
        sys.exit("no bench data: run `skillsnet bench --writes 0` first")
    users = bench_users(password="x")
    roles = args.roles.split(",") if args.roles else list(users)
    endpoints = args.endpoints.split(",") if args.endpoints else ENDPOINTS
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
    print(f"load average {os.getloadavg()[0]:.2f}; CPU ms per request (median of {args.n}), queries (median)")
    print(f"{'role':22} " + " ".join(f"{e[:16]:>16}" for e in endpoints) + f" {'mix':>6}")
    for role in roles:
        client = Client(HTTP_ACCEPT_ENCODING="gzip")  # as the load client asks: the server compresses
        client.force_login(users[role])
        rnd = random.Random(args.seed)
        cells, mix, weights = [], 0.0, 0.0
        for endpoint in endpoints:
            for _i in range(args.warm):
                client.get(url_for(endpoint, rnd, targets))
            times, queries = [], []
            profiler = None
            if args.profile:
                import cProfile

                profiler = cProfile.Profile(time.process_time)  # CPU, not wall time
            for _i in range(args.n):
                url = url_for(endpoint, rnd, targets)
                with CaptureQueriesContext(connection) as captured:
                    if profiler:
                        profiler.enable()
                    t0 = time.process_time()
                    response = client.get(url)
                    times.append((time.process_time() - t0) * 1000)
                    if profiler:
                        profiler.disable()
                assert response.status_code in (200, 403), (role, url, response.status_code)
                queries.append(len(captured.captured_queries))
            if profiler:
                profiler.dump_stats(os.path.join(args.profile, f"{role}-{endpoint.replace(' ', '_')}.prof"))
            median = statistics.median(times)
            mix += median * weight(endpoint)
            weights += weight(endpoint)
            cells.append(f"{median:8.1f} ({statistics.median(queries):3.0f}q)")
        print(f"{role:22} " + " ".join(f"{c:>16}" for c in cells) + f" {mix / weights:6.1f}", flush=True)
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

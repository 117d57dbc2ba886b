"""`skillsnet bench --load`: the production server (`skillsnet serve`) on the bench database, driven by a bounded
number of concurrent clients (asyncio + httpx), signed in as each role in turn, over a fixed mix of requests.

Prints requests/s, p50/p95/p99 and errors per endpoint and role, and the server's memory (RSS and PSS of the
master and its workers) after the warm-up and at the end. Traffic goes to 127.0.0.1 only; every loop stops at
its deadline. The clients run on the same machine as the server and the database: they take CPU from them.
"""
import asyncio
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

from . import generate as gen
from . import roles as bench_roles

BUDGET_API_P95_MS, BUDGET_HTML_P95_MS, BUDGET_MEMORY_GROWTH = 100, 300, 0.10
# endpoint: (weight, kind). The mix the issue names: list API with filters, organisation search, organisation
# page, results dashboard, partner suggestions.
MIX = {
    "list API": (4, "api"),
    "organisation search": (2, "html"),
    "organisation page": (2, "html"),
    "results dashboard": (1, "html"),
    "partner suggestions": (1, "html"),
}


def add_arguments(parser):
    parser.add_argument("--load", action="store_true",
                        help="start the production server on this database and drive it with concurrent clients")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (--load)")
    parser.add_argument("--duration", type=float, default=600,
                        help="seconds of measured load in all, split evenly between the roles (--load)")
    parser.add_argument("--warmup", type=float, default=30, help="seconds of load before measuring (--load)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a client waits between two requests, like a person reading the page "
                             "(uniform between half and one and a half of it); 0: each client sends its next "
                             "request at once (a closed loop: latency = clients / throughput) (--load)")
    parser.add_argument("--server-workers", type=int, help="gunicorn workers (default: serve's own default)")
    parser.add_argument("--server-threads", type=int, help="threads per gunicorn worker")


# ---------------------------------------------------------------- the server
def _database_url():
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s.get("USER") or "") + (f":{quote(s['PASSWORD'])}" if s.get("PASSWORD") else "")
    host = s.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}{'@' if auth else ''}{host}:{s.get('PORT') or 5432}/{s['NAME']}"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`skillsnet serve` in a subprocess, on the bench database."""

    def __init__(self, workers=None, threads=None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DATABASE_URL=_database_url(), SKILLSNET_PRODUCTION="1",
                   SKILLSNET_ALLOWED_HOSTS="127.0.0.1", SKILLSNET_SECURE_COOKIES="0")
        env.setdefault("SKILLSNET_SECRET_KEY", secrets.token_urlsafe(50))
        args = [sys.executable, "-m", "skillsnet.cli", "serve", "--bind", f"127.0.0.1:{self.port}"]
        args += ["--workers", str(workers)] if workers else []
        args += ["--threads", str(threads)] if threads else []
        self.log = tempfile.NamedTemporaryFile("w+", prefix="skillsnet-bench-serve-", suffix=".log", delete=False)
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout=180):
        import httpx

        deadline = time.monotonic() + timeout
        said = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server stopped ({self.proc.returncode}); log: {self.log.name}")
            try:
                answer = httpx.get(self.url + "/readyz", timeout=5)
                if answer.status_code == 200:
                    return
                said = answer.text[:300]  # e.g. migrations not applied: run `skillsnet migrate` on the bench database
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the server was not ready after {timeout} s ({said or 'no answer'}); log: {self.log.name}")

    def memory(self):
        """(RSS, PSS) in MiB of the master and its workers."""
        pids = [self.proc.pid, *_children(self.proc.pid)]
        return (sum(_status_kb(pid, "VmRSS:") for pid in pids) / 1024,
                sum(_rollup_kb(pid, "Pss:") for pid in pids) / 1024, len(pids) - 1)

    def stop(self, timeout=90):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


def _children(pid):
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _status_kb(pid, key):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _rollup_kb(pid, key):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- what the clients ask for
def targets():
    """Data the mix needs: organisation ids, search terms, countries."""
    from skillsnet.directory.models import Organisation

    synthetic = Organisation.objects.filter(name__startswith=f"{gen.PREFIX} Organisation")
    ids = list(synthetic.order_by("pk").values_list("pk", flat=True))
    countries = sorted({c for c in synthetic.values_list("country_id", flat=True) if c})
    home = bench_roles.scope_organisation()
    return {"organisations": ids, "countries": countries or ["LA"], "home": home.pk,
            "terms": [f"{gen.PREFIX} Organisation {i:05d}"[:-2] for i in range(0, max(1, len(ids)), 97)][:50]}


def request_for(endpoint, rnd, t):
    if endpoint == "list API":
        if rnd.random() < 0.5:
            return (f"/api/people/participations/?page_size=50&completed=true&role=participant"
                    f"&country={rnd.choice(t['countries'])}&cursor=")
        return "/api/activities/activities/?page_size=50&kind=training_programme&mode=in_person&cursor="
    if endpoint == "organisation search":
        return f"/directory/organisations/?q={quote(rnd.choice(t['terms']))}"
    if endpoint == "organisation page":
        return f"/directory/organisations/{rnd.choice(t['organisations'])}/"
    if endpoint == "results dashboard":
        return "/results/dashboard/"
    return f"/matching/organisations/{rnd.choice([t['home'], *t['organisations'][:20]])}/suggestions/"


# ---------------------------------------------------------------- the clients
async def _sign_in(client, username, password):
    await client.get("/accounts/login/")
    response = await client.post("/accounts/login/", data={
        "username": username, "password": password, "csrfmiddlewaretoken": client.cookies.get("csrftoken", "")},
        headers={"Referer": str(client.base_url) + "/"})
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not sign in ({response.status_code})")


def mix_cycle():
    """The mix as a fixed sequence, every endpoint once in the first len(MIX) steps, then the rest by weight."""
    cycle = list(MIX)
    for endpoint, (weight, _kind) in MIX.items():
        cycle += [endpoint] * (weight - 1)
    return cycle


class Connection:
    """One client's keep-alive HTTP/1.1 connection for the measured requests: GET with the signed-in session's
    cookies, the whole answer read (Content-Length, chunked or up to the close), gzip asked for like a browser (the
    server compresses as it would for one; the body is not unpacked, which is the browser's work, not the server's).
    httpx, which signs in, cost about 3.5 ms of CPU per request on the two cores the server shares; this about a
    tenth of it, left to the server."""

    def __init__(self, base_url, cookies, timeout=60):
        from urllib.parse import urlsplit

        parts = urlsplit(base_url)
        self.host, self.port, self.timeout = parts.hostname, parts.port or 80, timeout
        cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
        self.head = (f"Host: {parts.netloc}\r\nUser-Agent: skillsnet-bench\r\nAccept: */*\r\n"
                     f"Accept-Encoding: gzip\r\n" + (f"Cookie: {cookie}\r\n" if cookie else "") + "\r\n").encode()
        self.reader = self.writer = None
        self.answered = False

    async def get(self, path):
        """The answer's status code (the body is read and dropped)."""
        return await asyncio.wait_for(self._get(path), self.timeout)

    async def _get(self, path):
        reused = self.writer is not None
        self.answered = False
        try:
            return await self._exchange(path)
        except (ConnectionError, asyncio.IncompleteReadError):
            self.close()
            if not reused or self.answered:
                raise
            return await self._exchange(path)  # the server had closed the idle kept-alive connection: once, anew

    async def _exchange(self, path):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(b"GET " + path.encode("ascii") + b" HTTP/1.1\r\n" + self.head)
        await self.writer.drain()
        line = await self.reader.readuntil(b"\r\n")
        status = int(line.split(None, 2)[1])
        self.answered = True
        length, chunked, close = None, False, line.startswith(b"HTTP/1.0")
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _sep, value = line.partition(b":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding":
                chunked = b"chunked" in value
            elif name == b"connection":
                close = value == b"close"
        if chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(size + 2)  # the chunk and its CRLF
                if size == 0:
                    break
        elif length is not None:
            await self.reader.readexactly(length)
        else:
            await self.reader.read()  # up to the close
            close = True
        if close:
            self.close()
        return status

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _client_loop(client, number, rnd, t, deadline, record, think=0.0):
    cycle = mix_cycle()
    step = number  # client n starts at the n-th endpoint: a few clients already cover the whole mix
    if think:
        await asyncio.sleep(rnd.uniform(0, think))  # the clients do not all start at the same instant
    while time.monotonic() < deadline:
        endpoint = cycle[step % len(cycle)]
        step += 1
        url = request_for(endpoint, rnd, t)
        t0 = time.perf_counter()
        try:
            status = await client.get(url)
        except Exception as exc:  # noqa: BLE001 (a failed request is a measured error)
            status = type(exc).__name__
        if record is not None:
            record(endpoint, status, (time.perf_counter() - t0) * 1000)
        if think:
            await asyncio.sleep(min(rnd.uniform(0.5 * think, 1.5 * think), max(0.0, deadline - time.monotonic())))


async def _phase(server_url, username, password, clients, seconds, t, seed, record, think=0.0):
    import httpx

    async with httpx.AsyncClient(base_url=server_url, timeout=60) as client:
        await _sign_in(client, username, password)
        cookies = dict(client.cookies.items())
    connections = [Connection(server_url, cookies) for _i in range(clients)]
    deadline = time.monotonic() + seconds
    try:
        await asyncio.gather(*[_client_loop(connection, i, random.Random(seed * 1000 + i), t, deadline, record,
                                            think) for i, connection in enumerate(connections)])
    finally:
        for connection in connections:
            connection.close()


def _percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


# ---------------------------------------------------------------- main
def main(opts, console):
    clients = max(1, opts.get("clients") or 50)
    duration = max(1.0, float(opts.get("duration") or 600))
    warmup = max(0.0, float(opts.get("warmup") or 0))
    think = max(0.0, float(opts.get("think") or 0))
    password = secrets.token_urlsafe(16)
    users = bench_roles.bench_users(password)
    t = targets()
    from django.db import connections

    connections.close_all()  # the server's workers use the database from now on
    server = Server(opts.get("server_workers"), opts.get("server_threads"))
    console.print(f"[bench] load: starting skillsnet serve on {server.url} (log {server.log.name})")
    try:
        server.wait_ready()
        return _drive(server, users, password, t, clients, duration, warmup, think, console)
    finally:
        code = server.stop()
        console.print(f"[bench] load: server stopped with SIGTERM, exit status {code}")


def _drive(server, users, password, t, clients, duration, warmup, think, console):
    per_role = duration / len(users)
    first = next(iter(users.values()))
    console.print(f"[bench] load: each client waits {think:.1f} s on average between two requests"
                  + (f" (at most {clients / think:.0f} requests/s offered)" if think else " (closed loop)"))
    if warmup:
        console.print(f"[bench] load: warm-up {warmup:.0f} s with {clients} clients")
        asyncio.run(_phase(server.url, first.username, password, clients, warmup, t, 0, None, think))
    before = server.memory()
    samples = defaultdict(list)
    phase_seconds = {}
    for n, (role, user) in enumerate(users.items(), start=1):
        console.print(f"[bench] load: {clients} clients signed in as {role} for {per_role:.0f} s")
        t0 = time.perf_counter()
        asyncio.run(_phase(server.url, user.username, password, clients, per_role, t, n,
                           lambda endpoint, status, ms, role=role: samples[(role, endpoint)].append((status, ms)),
                           think))
        phase_seconds[role] = time.perf_counter() - t0
    after = server.memory()
    return report(console, samples, phase_seconds, before, after, clients)


def _summary(rows, seconds):
    ok = [ms for status, ms in rows if isinstance(status, int) and status < 400]
    refused = sum(1 for status, _ms in rows if status in (401, 403))
    errors = len(rows) - len(ok) - refused
    return {"requests": len(rows), "rps": len(rows) / seconds if seconds else 0, "errors": errors,
            "refused": refused, "p50": _percentile(ok, 50), "p95": _percentile(ok, 95), "p99": _percentile(ok, 99)}


def report(console, samples, phase_seconds, before, after, clients):
    from rich.table import Table

    table = Table(title=f"load: {clients} concurrent clients per role, production server (ms)")
    for column in ("role", "endpoint", "requests", "req/s", "p50", "p95", "p99", "errors", "refused (403)"):
        table.add_column(column, justify="left" if column in ("role", "endpoint") else "right",
                         no_wrap=column in ("role", "endpoint"))
    results = {"endpoints": {}, "roles": {}}
    for (role, endpoint), rows in samples.items():
        s = _summary(rows, phase_seconds[role])
        results["roles"][(role, endpoint)] = s
        table.add_row(role, endpoint, str(s["requests"]), f"{s['rps']:.1f}", *(_ms(s[q]) for q in ("p50", "p95", "p99")),
                      str(s["errors"]), str(s["refused"]))
    total_seconds = sum(phase_seconds.values())
    for endpoint, (_w, kind) in MIX.items():
        rows = [r for (role, e), rs in samples.items() if e == endpoint for r in rs]
        s = _summary(rows, total_seconds)
        budget = BUDGET_API_P95_MS if kind == "api" else BUDGET_HTML_P95_MS
        s["within_budget"] = s["p95"] is not None and s["p95"] <= budget and s["errors"] == 0
        results["endpoints"][endpoint] = s
        table.add_row("all roles", endpoint, str(s["requests"]), f"{s['rps']:.1f}", *(_ms(s[q]) for q in ("p50", "p95", "p99")),
                      str(s["errors"]), str(s["refused"]))
    console.print(table)
    everything = [r for rs in samples.values() for r in rs]
    total = _summary(everything, total_seconds)
    growth = (after[0] - before[0]) / before[0] if before[0] else 0
    results.update(total=total, memory_before=before, memory_after=after, memory_growth=growth)
    kinds = Counter(str(status) for status, _ms in everything if not (isinstance(status, int) and status < 400)
                    and status not in (401, 403))
    console.print(f"[bench] load: {total['requests']} requests in {total_seconds:.0f} s = {total['rps']:.1f} req/s, "
                  f"{total['errors']} errors{' (' + ', '.join(f'{n} {k}' for k, n in kinds.most_common()) + ')' if kinds else ''}"
                  f", {total['refused']} refused")
    results["error_kinds"] = dict(kinds)
    console.print(f"[bench] load: server memory after warm-up {before[0]:.0f} MiB RSS ({before[1]:.0f} MiB PSS, "
                  f"master + {before[2]} workers), at the end {after[0]:.0f} MiB RSS ({after[1]:.0f} MiB PSS): "
                  f"growth {growth * 100:+.1f}% (budget ≤ {BUDGET_MEMORY_GROWTH * 100:.0f}%)")
    for endpoint, s in results["endpoints"].items():
        budget = BUDGET_API_P95_MS if MIX[endpoint][1] == "api" else BUDGET_HTML_P95_MS
        console.print(f"[bench] load: {endpoint}: p95 {_ms(s['p95'])} ms (budget ≤ {budget} ms), {s['errors']} errors: "
                      f"{'within budget' if s['within_budget'] else 'NOT within budget'}")
    return results


def _ms(value):
    return "—" if value is None else f"{value:.1f}"

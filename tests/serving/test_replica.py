"""A real streaming replica: dashboards, reports, exports and search read from it; writes and a writer's next reads
go to the primary. The test makes its own primary cluster and a replica of it (`pg_basebackup -R`) on other ports,
serves skillsnet on them with `skillsnet serve`, and pauses the replica's replay so that every read shows which
database answered it. Skipped where no PostgreSQL server binaries exist."""
import os
import time

import httpx
import psycopg
import pytest

from . import pgcluster
from .helpers import SECRET, Server, env_for, free_port, run

pytestmark = [
    pytest.mark.skipif(not pgcluster.available(), reason="no PostgreSQL server binaries (initdb, pg_ctl)"),
    # its own clusters, whatever the suite's database: run it once per `make test`, in the PostgreSQL pass
    pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="runs in the PostgreSQL pass of the suite (DATABASE_URL=postgres://...)"),
]
PIN_SECONDS = 3


def _sql(url, query):
    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(query)
        return cursor.fetchone() if cursor.description else None


@pytest.fixture
def clusters():
    base = pgcluster.make_base()
    made = []
    try:
        primary = pgcluster.Cluster(base, "primary", free_port()).initdb().start()
        made.append(primary)
        _sql(primary.url("postgres"), "CREATE DATABASE skillsnet")
        replica = primary.replica("replica", free_port())
        made.append(replica)
        yield primary, replica
    finally:
        pgcluster.remove(base, reversed(made))


def _caught_up(primary, replica):
    target = _sql(primary.url("skillsnet"), "SELECT pg_current_wal_lsn()")[0]
    return pgcluster.wait_until(lambda: _sql(replica.url("skillsnet"), f"SELECT pg_last_wal_replay_lsn() >= '{target}'")[0])


def _names(response):
    assert response.status_code == 200, response.text[:500]
    return response.text


def test_reports_exports_and_search_read_the_replica_and_writers_read_the_primary(clusters, tmp_path):
    primary, replica = clusters
    env = env_for(tmp_path / "data", DATABASE_URL=primary.url("skillsnet"),
                  DATABASE_REPLICA_URL=replica.url("skillsnet"), SKILLSNET_REPLICA_PIN_SECONDS=PIN_SECONDS,
                  SKILLSNET_SECRET_KEY=SECRET, SKILLSNET_ALLOWED_HOSTS="127.0.0.1")
    run(["migrate", "--noinput", "-v", "0"], env, timeout=600)
    run(["shell", "--no-imports", "-c", "from skillsnet.accounts.models import User\n"
         "for name in ('writer', 'reader'): User.objects.create_superuser(name, password='long test password 9')"],
        env)
    tokens = {name: run(["token", name], env).stdout.strip().split()[-1] for name in ("writer", "reader")}
    port = free_port()
    server = Server(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "2"], env, port, tmp_path / "serve.log")
    try:
        server.wait_ready("/readyz")
        assert _caught_up(primary, replica)
        _sql(replica.url("skillsnet"), "SELECT pg_wal_replay_pause()")  # from now on the replica lags

        def client(name):
            return httpx.Client(base_url=server.url, timeout=60, headers={"Authorization": f"Token {tokens[name]}"})

        export = "/directory/organisations/?export=csv"
        with client("writer") as writer, client("reader") as reader:
            created = writer.post("/api/directory/organisations/", json={"name": "Replica Probe Institute",
                                                                          "kind": "tvet_institute"})
            assert created.status_code == 201, created.text  # the write went to the primary (the replica is read-only)
            assert created.cookies.get("skillsnet_primary") == "1"

            # the writer reads what it wrote, even from pages served by the replica (pinned to the primary)
            assert "Replica Probe Institute" in _names(writer.get(export))
            with client("writer") as same_token_without_cookie:  # API clients are pinned by their token
                assert "Replica Probe Institute" in _names(same_token_without_cookie.get(export))
            # anyone else: exports and reports come from the (paused) replica, other pages from the primary
            assert "Replica Probe Institute" not in _names(reader.get(export))
            assert "Replica Probe Institute" in _names(reader.get("/directory/organisations/?q=Replica"))
            assert "Replica Probe Institute" in _names(reader.get("/api/directory/organisations/?q=Replica"))
            with httpx.Client(base_url=server.url, timeout=60) as browser:  # a signed-in browser on a dashboard
                browser.get("/accounts/login/")
                signed_in = browser.post("/accounts/login/", data={
                    "username": "reader", "password": "long test password 9",
                    "csrfmiddlewaretoken": browser.cookies["csrftoken"]}, headers={"Referer": server.url + "/"})
                assert signed_in.status_code == 302
                browser.cookies.delete("skillsnet_primary")  # signing in wrote: forget the pin
                assert browser.get("/results/dashboard/").status_code == 200

            time.sleep(PIN_SECONDS + 0.5)  # the pin ends: the writer is back on the replica
            writer.cookies.clear()
            assert "Replica Probe Institute" not in _names(writer.get(export))

            _sql(replica.url("skillsnet"), "SELECT pg_wal_replay_resume()")
            assert _caught_up(primary, replica)
            assert "Replica Probe Institute" in _names(reader.get(export))
    finally:
        code = server.stop()
    assert code == 0, server.output()[-3000:]

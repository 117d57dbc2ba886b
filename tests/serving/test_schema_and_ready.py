"""The OpenAPI document under concurrent first requests on a fresh server, and /readyz's answers."""
import concurrent.futures

import httpx
import pytest

from .helpers import Server, env_for, free_port, migrated_copy


def test_simultaneous_first_schema_requests_on_a_fresh_server_all_succeed(migrated_template, tmp_path):
    """drf-spectacular raced when two threads built the schema at once (7 of 8 answered 500). The development
    server (threaded, no warm-up, as `skillsnet demo` runs it) must answer all eight with the same document."""
    data_dir = migrated_copy(migrated_template, tmp_path / "data")
    port = free_port()
    server = Server(["runserver", f"127.0.0.1:{port}", "--noreload"], env_for(data_dir), port, tmp_path / "rs.log")
    try:
        server.wait_ready()

        def fetch(_i):
            response = httpx.get(f"{server.url}/api/schema/?format=json", timeout=120)
            return response.status_code, response.content

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(fetch, range(16)))
    finally:
        server.stop()
    assert [status for status, _body in answers] == [200] * 16, server.output()[-3000:]
    assert len({body for _status, body in answers}) == 1


@pytest.mark.django_db
def test_readyz_is_ready_when_migrated_and_names_unapplied_migrations(client):
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from skillsnet.web import views

    views._MIGRATIONS_CHECKED["until"] = 0
    response = client.get("/readyz")
    assert (response.status_code, response.content) == (200, b"ready")

    from django.db.migrations.loader import MigrationLoader

    (app, latest), = MigrationLoader(connection).graph.leaf_nodes("directory")
    MigrationRecorder(connection).record_unapplied(app, latest)
    views._MIGRATIONS_CHECKED["until"] = 0  # the clean answer above is trusted for 30 s
    response = client.get("/readyz")
    assert response.status_code == 503
    assert f"directory.{latest}".encode() in response.content and b"skillsnet migrate" in response.content
    assert client.get("/healthz").content == b"ok"  # liveness is not readiness


def test_the_schema_is_built_once_however_many_requests_ask_at_once(monkeypatch):
    """Eight threads ask a process that has no schema yet: one builds it (slowly), the others wait and reuse it."""
    import threading
    import time

    from django.test import RequestFactory

    from skillsnet.core import schema

    builds = []

    class SlowGenerator(schema.CachedSchemaView.generator_class):
        def get_schema(self, request=None, public=False):
            builds.append(threading.get_ident())
            time.sleep(0.3)  # a wide window for a second builder to enter
            return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}

    monkeypatch.setattr(schema.CachedSchemaView, "generator_class", SlowGenerator)
    schema.clear()
    view = schema.CachedSchemaView.as_view()
    factory = RequestFactory()
    answers = []

    def ask():
        response = view(factory.get("/api/schema/?format=json"))
        response.render()
        answers.append((response.status_code, response.content))

    threads = [threading.Thread(target=ask) for _i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    schema.clear()
    assert len(builds) == 1
    assert [status for status, _body in answers] == [200] * 8 and len({body for _s, body in answers}) == 1

"""A large import does not block other writers on SQLite; imports run as background jobs with progress."""
import contextlib
import sqlite3
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection, connections

from skillsnet.core import importer, jobs, services
from skillsnet.core.models import Job
from skillsnet.core.tabular import write_csv
from skillsnet.directory.models import Organisation

from ..conftest import make_org


def run_worker():
    """`skillsnet worker --batch`: runs every queued job. On PostgreSQL the worker closes the database connection
    between tasks, which would end the test's transaction: there the queued jobs' task runs in this process."""
    if connection.vendor == "sqlite":
        call_command("worker", "--batch")
        return
    for job in Job.objects.filter(status=Job.Status.QUEUED):
        jobs.run_job.call(job.pk)


@contextlib.contextmanager
def file_database(path):
    """Run the block on a copy of the test database in a file (the test database lives in memory, where SQLite
    locks tables instead of waiting for the writer like a database file does)."""
    source = connection
    source.ensure_connection()
    target = sqlite3.connect(path)
    source.connection.backup(target)
    target.close()
    memory = source.connection  # kept open: the in-memory test database lives as long as a connection to it
    source.connection = None
    original = connections.settings["default"]["NAME"]
    connections.settings["default"]["NAME"] = source.settings_dict["NAME"] = str(path)
    try:
        source.ensure_connection()
        assert source.is_in_memory_db() is False
        yield
    finally:
        source.close()
        connections.settings["default"]["NAME"] = source.settings_dict["NAME"] = original
        source.connection = memory


# Another user's saves, from a process of its own as in production (each server worker is a process): a thread of
# the test's process would also wait for Python's interpreter lock while the import computes, and time that too.
WRITER = r"""
import json, os, sys, time
import django
django.setup()
from skillsnet.accounts.models import User
from skillsnet.core import services
from skillsnet.directory.models import Organisation

org_pk, user_pk, ready, stop, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
actor = User.objects.get(pk=user_pk)
waits = []
while not os.path.exists(stop):
    started = time.perf_counter()
    current = Organisation.objects.get(pk=org_pk)
    services.update_object(actor, Organisation, org_pk, {"city": f"city {len(waits)}"},
                           expected_version=current.version)
    waits.append(time.perf_counter() - started)
    if len(waits) == 3:
        open(ready, "w").close()
    time.sleep(0.01)
with open(out, "w") as f:
    json.dump(waits, f)
"""


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_is_not_blocked_during_a_large_import(reference, system_user, tmp_path):
    """Another user saves an organisation every few milliseconds, from another process, while 6,000 rows are
    imported: no save waits more than a second (the importer prepares everything before its one short write
    transaction; the importer before it held the lock for the whole import, over a minute for 10,000 rows)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    org = make_org(system_user, "Busy Institute", "LA")
    rows = [[f"Concurrent School {i:05d}", "KH" if i % 2 else "Laos", "TVET institute"] for i in range(6_000)]
    data = write_csv(["name", "country", "kind"], rows)
    live = tmp_path / "live.sqlite3"
    ready, stop, out = tmp_path / "ready", tmp_path / "stop", tmp_path / "waits.json"
    src = Path(__file__).resolve().parents[2] / "src"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{live}", "DJANGO_SETTINGS_MODULE": "skillsnet.settings",
           "PYTHONPATH": os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])}
    with file_database(live):  # as in production: a database file in WAL mode
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(org.pk), str(system_user.pk), str(ready),
                                   str(stop), str(out)], env=env)
        try:
            deadline = time.monotonic() + 120
            while not ready.exists():
                assert writer.poll() is None, "the writer process stopped before saving"
                assert time.monotonic() < deadline, "the writer process did not start saving"
                time.sleep(0.05)
            result = importer.run_import(system_user, Organisation, data, "big.csv", commit=True)
            time.sleep(0.2)  # a few saves after the import's commit too
        finally:
            stop.touch()
            writer.wait(timeout=60)
        imported = Organisation.objects.filter(name__startswith="Concurrent School").count()
        saved = Organisation.objects.get(pk=org.pk)
    assert writer.returncode == 0
    waits = json.loads(out.read_text())
    assert result.committed and imported == 6_000
    assert len(waits) > 20 and saved.city == f"city {len(waits) - 1}"  # the other user kept saving throughout
    print(f"{len(waits)} saves during the import, longest wait {max(waits):.2f} s")
    assert max(waits) < 1.0, f"a save waited {max(waits):.2f} s"


def test_an_import_job_shows_progress_and_its_result(client, orgs, users):
    admin = users["secretariat_admin"]
    client.force_login(admin)
    rows = [[f"Job School {i:04d}", "Cambodia", "TVET institute"] for i in range(1_200)]
    job = jobs.start_import(admin, Organisation, write_csv(["Institution", "Country", "Type"], rows), "job.csv",
                            commit=True)
    assert job.status == Job.Status.QUEUED
    page = client.get(f"/background-jobs/{job.pk}/")
    text = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 1s"' in text and "queued" in text
    seen = []
    original = jobs._Progress.__call__

    def watch(self, done, total, stage=""):
        seen.append((done, total))
        return original(self, done, total, stage)

    jobs._Progress.__call__ = watch
    try:
        run_worker()
    finally:
        jobs._Progress.__call__ = original
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["committed"] and job.result["summary"]["create"] == 1_200
    assert (job.done, job.total) == (1_200, 1_200) and seen[0][0] == 0 and seen[-1] == (1_200, 1_200)
    assert Organisation.objects.filter(name__startswith="Job School").count() == 1_200
    partial = client.get(f"/background-jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "1200 created" in partial and "every 1s" not in partial and "<html" not in partial
    # someone else's job is not shown
    client.force_login(users["viewer"])
    assert client.get(f"/background-jobs/{job.pk}/").status_code == 404


def test_a_failed_import_job_lists_its_errors(client, orgs, users):
    admin = users["secretariat_admin"]
    job = jobs.start_import(admin, Organisation, write_csv(["name", "country"], [["X School", "Atlantis"]]),
                            "bad.csv", commit=True)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and "Atlantis" in job.errors[0]["reason"]
    client.force_login(admin)
    assert "Unknown country: Atlantis" in client.get(f"/background-jobs/{job.pk}/").content.decode()
    assert not Organisation.objects.filter(name="X School").exists()


def test_large_web_import_runs_as_a_job(client, orgs, users, settings):
    import io

    settings.SKILLSNET_IMPORT_BACKGROUND_ROWS = 5
    client.force_login(users["secretariat_admin"])
    f = io.BytesIO(write_csv(["name", "country"], [[f"Web Job School {i}", "KH"] for i in range(10)]))
    f.name = "w.csv"
    url = client.post("/directory/organisations/import/", {"file": f})["Location"]
    preview = client.post(url, {"map_0": "name", "map_1": "country"})
    assert preview.status_code == 302 and preview["Location"].startswith(url + "preview/")  # the dry run: a job
    run_worker()
    assert "10 to create" in client.get(preview["Location"]).content.decode()
    response = client.post(url + "commit/", {})
    assert response.status_code == 302 and response["Location"].startswith("/background-jobs/")
    run_worker()
    assert Organisation.objects.filter(name__startswith="Web Job School").count() == 10


def test_an_import_job_that_loses_to_another_writer_says_so_and_writes_nothing(client, orgs, users, monkeypatch):
    """A deadlock (PostgreSQL) or a held write lock (SQLite) during the import's one write transaction: the job's
    page says the database was busy and to start it again, in the starter's language, not a driver's message."""
    from ..core.test_write_conflicts import _conflict

    def lose(*args, **kwargs):
        raise _conflict()

    monkeypatch.setattr(importer, "_write_bulk", lose)
    monkeypatch.setattr(importer, "_write_each", lose)
    admin = users["secretariat_admin"]
    rows = [["Busy Day Technical School", "LA"]]
    job = jobs.start_import(admin, Organisation, write_csv(["name", "country"], rows), "busy.csv", commit=True)
    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    reason = job.errors[0]["reason"]
    assert reason.startswith("The database was busy with another write") and "Start it again." in reason
    assert "OperationalError" not in reason and "deadlock" not in reason and "locked" not in reason
    assert not Organisation.objects.filter(name="Busy Day Technical School").exists()
    client.force_login(admin)
    assert "The database was busy" in client.get(f"/background-jobs/{job.pk}/").content.decode()

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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single write lock")
@pytest.mark.django_db(transaction=True)
def test_a_second_writer_is_not_blocked_during_a_large_import(reference, system_user, tmp_path):
    """Another user saves an organisation every few milliseconds while 6,000 rows are imported: no save waits
    more than a second (the importer prepares everything before its one short write transaction; the importer
    before it held the lock for the whole import, over a minute for 10,000 rows)."""
    org = make_org(system_user, "Busy Institute", "LA")
    rows = [[f"Concurrent School {i:05d}", "KH" if i % 2 else "Laos", "TVET institute"] for i in range(6_000)]
    data = write_csv(["name", "country", "kind"], rows)
    stop, waits, saves = threading.Event(), [], []

    def writer():
        try:
            while not stop.is_set():
                started = time.perf_counter()
                while True:
                    try:
                        current = Organisation.objects.get(pk=org.pk)
                        services.update_object(system_user, Organisation, org.pk, {"city": f"city {len(saves)}"},
                                               expected_version=current.version)
                        break
                    except OperationalError as exc:  # shared-cache test database: "table is locked"
                        if "locked" not in str(exc) or time.perf_counter() - started > 30:
                            raise
                        time.sleep(0.005)
                waits.append(time.perf_counter() - started)
                saves.append(1)
                time.sleep(0.01)
        finally:
            connection.close()

    with file_database(tmp_path / "live.sqlite3"):  # as in production: a database file in WAL mode
        thread = threading.Thread(target=writer)
        thread.start()
        try:
            result = importer.run_import(system_user, Organisation, data, "big.csv", commit=True)
        finally:
            stop.set()
            thread.join()
        imported = Organisation.objects.filter(name__startswith="Concurrent School").count()
    assert result.committed and imported == 6_000
    assert len(saves) > 20  # the other user kept saving throughout the import
    print(f"{len(saves)} saves during the import, longest wait {max(waits):.2f} s")
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

"""The dry run (preview) of a large file is a background job too: its page shows the job's progress (htmx
polling), then the same preview as an inline dry run (per-row actions, diffs, near-duplicates, errors), from
which the user commits; only the job's owner sees it; failures show their errors, never a server error."""
import io
import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from skillsnet.core import importer, jobs
from skillsnet.core.models import ChangeLogEntry, ImportDraft, Job
from skillsnet.core.tabular import write_csv
from skillsnet.directory.models import Organisation

from .test_concurrency_and_jobs import run_worker

IMPORT = "/directory/organisations/import/"
NEW = [[f"Savannakhet Skills Centre {i}", "LA", "Savannakhet"] for i in range(8)]


@pytest.fixture
def large(settings):
    settings.SKILLSNET_IMPORT_BACKGROUND_ROWS = 5  # more rows than this: the dry run is a job


def upload(client, rows, name="big.csv"):
    f = io.BytesIO(write_csv(["name", "country", "city"], rows))
    f.name = name
    response = client.post(IMPORT, {"file": f})
    assert response.status_code == 302
    return response["Location"]


def dry_run(client, mapping_url):
    response = client.post(mapping_url, {"map_0": "name", "map_1": "country", "map_2": "city"})
    assert response.status_code == 302
    return response["Location"]


def file_rows():
    # rows 2-9 new, row 10 updates LGTC's city, row 11 is Lao Polytechnic College as it is, row 12 is a
    # near-duplicate of it
    return [*NEW, ["Lao-German Technical College", "LA", "Vientiane"], ["Lao Polytechnic College", "LA", ""],
            ["Polytechnic College", "LA", "Vientiane"]]


def test_large_dry_run_is_a_job_then_the_preview_then_the_commit(client, orgs, users, large):
    owner = users["country_coordinator"]
    client.force_login(owner)
    mapping_url = upload(client, file_rows())
    token = mapping_url.rstrip("/").rsplit("/", 1)[1]
    preview_url = dry_run(client, mapping_url)
    job = Job.objects.get()
    assert preview_url == f"{mapping_url}preview/{job.pk}/"
    assert (job.kind, job.owner, job.status, job.params["commit"]) == ("import", owner, Job.Status.QUEUED, False)
    assert not Organisation.objects.filter(name__startswith="Savannakhet").exists()

    # while the job runs: its progress, polled by htmx from this page; the partial alone when polled
    page = client.get(preview_url)
    text = page.content.decode()
    assert page.status_code == 200 and 'hx-trigger="every 1s"' in text and f'hx-get="{preview_url}"' in text
    assert "11 rows" in text and "to create" not in text
    partial = client.get(preview_url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()
    assert "HX-Redirect" not in partial and "every 1s" in partial.content.decode()
    # committing before the preview is ready leads back to it
    early = client.post(mapping_url + "commit/", {"job": job.pk})
    assert early.status_code == 302 and early["Location"] == preview_url and Job.objects.count() == 1

    run_worker()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and not job.result["committed"]
    assert job.result["summary"] == {"create": 8, "update": 1, "unchanged": 1, "conflict": 0, "duplicate": 1,
                                     "skip": 0, "errors": 0}
    # polled once done: htmx is sent to the whole page
    partial = client.get(preview_url, HTTP_HX_REQUEST="true")
    assert partial["HX-Redirect"] == preview_url and "every 1s" not in partial.content.decode()

    # the preview kept next to the upload: what the commit holds to, for every row, not in the job row
    kept = jobs.preview_path(job.params["path"], job.pk)
    assert kept.parent == Path(django_settings.DATA_DIR) / "imports"
    assert len(json.loads(kept.read_text())["rows"]) == 10
    expected = json.loads(jobs.expected_path(job.params["path"], job.pk).read_text())
    assert sorted(expected, key=int) == [str(n) for n in range(2, 13)]
    assert expected["10"][:2] == ["update", str(orgs["own"].pk)] and expected["11"][0] == "unchanged"
    assert "expected" not in json.dumps(job.result) and "expected" not in ImportDraft.objects.get(token=token).entry

    page = client.get(preview_url)
    text = page.content.decode()
    assert page.status_code == 200 and "hx-trigger" not in text
    assert "8 to create, 1 to update, 1 unchanged, 0 conflicts, 1 possible duplicates, 0 errors." in text
    # a new row shows the fields it sets, as inline
    assert "<td>2</td>\n<td>create</td>" in text and "<code>name</code>, <code>country</code>" in text
    assert "<td>10</td>" in text and "<del>—</del> → <ins>Vientiane</ins>" in text and "same name" in text
    assert "<td>11</td>" not in text  # unchanged rows are not listed
    assert "<td>12</td>" in text and "possible duplicate" in text and "Lao Polytechnic College" in text
    assert "similar name, score" in text and 'name="decide_12"' in text
    assert f'name="job" value="{job.pk}"' in text and "Import now" in text
    # the job's page leads back to it (the job list is how one finds it again)
    assert f'<a href="{preview_url}">Show the preview</a>' in client.get(f"/background-jobs/{job.pk}/").content.decode()

    # commit from it: a job, which writes the records, with the decision taken on the near-duplicate
    response = client.post(mapping_url + "commit/", {"job": job.pk, "decide_12": "create", "reason": "Big list"})
    assert response.status_code == 302
    commit = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"/background-jobs/{commit.pk}/"
    assert commit.params["expected_from"] == job.pk and commit.params["expected"] is None
    run_worker()
    commit.refresh_from_db()
    assert commit.status == Job.Status.DONE and commit.result["committed"], commit.errors
    assert commit.result["summary"]["create"] == 9 and commit.result["summary"]["update"] == 1
    assert Organisation.objects.filter(name__startswith="Savannakhet Skills Centre").count() == 8
    assert Organisation.objects.filter(name="Polytechnic College").count() == 1
    assert Organisation.objects.get(pk=orgs["own"].pk).city == "Vientiane"
    log = ChangeLogEntry.objects.filter(request_id=f"job-{commit.pk}")
    assert log.filter(action="create").count() == 9 and log.filter(action="update").count() == 1
    assert set(log.values_list("reason", flat=True)) == {"Big list"} and {e.actor for e in log} == {owner}
    # the upload and its preview are gone with the import, and so is the import on its way
    assert not Path(job.params["path"]).exists() and not kept.exists()
    assert not list(kept.parent.glob(Path(job.params["path"]).stem + "*"))
    assert not ImportDraft.objects.filter(token=token).exists()
    assert client.get(preview_url).status_code == 404


def test_the_commit_holds_to_the_preview_the_job_kept(client, orgs, users, large):
    client.force_login(users["secretariat_admin"])
    mapping_url = upload(client, file_rows())
    preview_url = dry_run(client, mapping_url)
    run_worker()
    job = Job.objects.get()
    assert client.get(preview_url).status_code == 200
    # someone changes the matched record meanwhile
    from skillsnet.core import services

    lgtc = Organisation.objects.get(pk=orgs["own"].pk)
    services.update_object(users["focal_point"], Organisation, lgtc.pk, {"city": "Luang Prabang"},
                           expected_version=lgtc.version)
    client.post(mapping_url + "commit/", {"job": job.pk, "decide_12": "skip"})
    run_worker()
    commit = Job.objects.exclude(pk=job.pk).get()
    assert commit.status == Job.Status.FAILED and not commit.result["committed"]
    assert any("changed since the preview" in e["reason"] and e["row"] == 10 for e in commit.errors)
    assert not Organisation.objects.filter(name__startswith="Savannakhet").exists()
    # a commit whose preview is gone by the time it runs does nothing and says so
    jobs.expected_path(job.params["path"], job.pk).unlink()
    again = jobs.start_import(users["secretariat_admin"], Organisation, None, "big.csv", commit=True,
                              mapping={0: "name", 1: "country", 2: "city"}, expected_from=job.pk,
                              path=job.params["path"])
    run_worker()
    again.refresh_from_db()
    assert again.status == Job.Status.FAILED and again.errors == [
        {"reason": "The preview of this file is gone; preview it again."}]
    assert not Organisation.objects.filter(name__startswith="Savannakhet").exists()


def test_only_the_owner_sees_the_preview_of_a_dry_run_job(client, orgs, users, large):
    client.force_login(users["country_coordinator"])
    mapping_url = upload(client, file_rows())
    preview_url = dry_run(client, mapping_url)
    run_worker()
    job = Job.objects.get()
    assert client.get(preview_url).status_code == 200
    # another user who may import: not through the owner's address (not their upload) ...
    client.force_login(users["focal_point"])
    response = client.get(preview_url)
    assert response.status_code == 404 and "Savannakhet" not in response.content.decode()
    # ... nor through an upload of their own
    own_map = upload(client, [["Focal School", "LA", ""]], name="mine.csv")
    response = client.get(f"{own_map}preview/{job.pk}/")
    assert response.status_code == 404 and "Savannakhet" not in response.content.decode()
    assert client.get(f"/background-jobs/{job.pk}/").status_code == 404
    # ... nor by committing their own upload with the owner's job: no preview of theirs, back to the columns
    response = client.post(f"{own_map}commit/", {"job": job.pk})
    assert response.status_code == 302 and response["Location"] == own_map and Job.objects.count() == 1
    assert not Organisation.objects.filter(name__startswith="Savannakhet").exists()
    # the secretariat sees the job's page, but not a way into someone else's import
    client.force_login(users["secretariat_admin"])
    page = client.get(f"/background-jobs/{job.pk}/").content.decode()
    assert "Dry run of big.csv" in page and "Show the preview" not in page
    assert client.get(preview_url).status_code == 404
    # someone who may not import at all is refused
    client.force_login(users["viewer"])
    assert client.get(preview_url).status_code in (403, 404)


def test_a_bad_row_shows_its_errors_on_the_preview(client, orgs, users, large):
    client.force_login(users["secretariat_admin"])
    rows = file_rows()
    rows[3][1] = "Atlantis"  # row 5
    mapping_url = upload(client, rows)
    preview_url = dry_run(client, mapping_url)
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    response = client.get(preview_url)
    text = response.content.decode()
    assert response.status_code == 400 and "Errors: nothing will be saved until they are fixed" in text
    assert '<table class="list errors"' in text
    assert "<tr><td>5</td><td>country</td><td>Atlantis</td><td>Unknown country: Atlantis" in text
    assert "1 errors." in text and "possible duplicate" in text  # the rows still show what they would do
    # the job's page is as before
    assert "Unknown country: Atlantis" in client.get(f"/background-jobs/{job.pk}/").content.decode()
    # fixing the columns (here: leaving country out) runs a new dry run; the old preview leads to the new one
    response = client.post(mapping_url, {"map_0": "name", "map_1": "", "map_2": "city"})
    newer = Job.objects.exclude(pk=job.pk).get()
    assert response["Location"] == f"{mapping_url}preview/{newer.pk}/"
    assert client.get(preview_url)["Location"] == response["Location"]
    stale = client.post(mapping_url + "commit/", {"job": job.pk})
    assert stale.status_code == 302 and stale["Location"] == response["Location"]
    assert Job.objects.count() == 2


def test_a_dry_run_that_failed_without_a_preview_and_a_gone_upload(client, orgs, users, large, monkeypatch):
    client.force_login(users["secretariat_admin"])
    mapping_url = upload(client, file_rows())
    preview_url = dry_run(client, mapping_url)

    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer, "run_import", broken)
    run_worker()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and not jobs.has_preview(job)
    response = client.get(preview_url)
    assert response.status_code == 400 and "RuntimeError: disk on fire" in response.content.decode()
    # nothing to commit from: back to the preview, no job started
    response = client.post(mapping_url + "commit/", {"job": job.pk})
    assert response.status_code == 302 and response["Location"] == preview_url and Job.objects.count() == 1
    # the upload gone: a page that says so
    Path(job.params["path"]).unlink()
    response = client.get(preview_url)
    assert response.status_code == 410 and "Upload the file again" in response.content.decode()
    assert client.get(preview_url, HTTP_HX_REQUEST="true")["HX-Redirect"] == preview_url  # polled: the whole page
    # an import this session does not hold (expired, or someone else's): says so too
    response = client.get(preview_url.replace(mapping_url.rstrip("/").rsplit("/", 1)[1], "0" * 32))
    assert response.status_code == 404 and "Upload the file again" in response.content.decode()


def test_a_small_file_is_still_previewed_in_the_request(client, orgs, users, large):
    client.force_login(users["secretariat_admin"])
    mapping_url = upload(client, file_rows()[7:])  # 4 rows
    response = client.post(mapping_url, {"map_0": "name", "map_1": "country", "map_2": "city"})
    text = response.content.decode()
    assert response.status_code == 200 and "1 to create, 1 to update, 1 unchanged, 0 conflicts, 1 possible" in text
    assert not Job.objects.exists() and 'name="job"' not in text
    assert "<td>2</td>\n<td>create</td>" in text and "<code>name</code>, <code>country</code>" in text
    assert "<del>—</del> → <ins>Vientiane</ins>" in text and 'name="decide_5"' in text
    assert client.post(mapping_url + "commit/", {"decide_5": "skip"}).status_code == 302
    assert Organisation.objects.get(pk=orgs["own"].pk).city == "Vientiane"
    assert Organisation.objects.filter(name="Savannakhet Skills Centre 7").exists()

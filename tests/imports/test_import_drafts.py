"""An import on its way (uploaded, columns confirmed, previewed) is kept for the one who uploaded it, not in the
browser session: signed in anew, or from another device, they find it on the upload page and finish it; nobody
else can reach it by its address; after a week it is gone with its file."""
import datetime

import pytest
from django.test import Client

from skillsnet.core import jobs
from skillsnet.core.models import ImportDraft, Job
from skillsnet.directory.models import Organisation

from ..conftest import PASSWORD
from .test_dry_run_jobs import IMPORT, dry_run, file_rows, large, upload  # noqa: F401 (large: a fixture)

pytestmark = pytest.mark.django_db
ROWS = [["Attapeu Skills Centre", "LA", "Attapeu"], ["Sekong Skills Centre", "LA", "Sekong"]]


def _signed_in(username):
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_signed_in_anew_the_uploader_finds_the_import_and_finishes_it(orgs, users):
    first = _signed_in("coord_la")
    mapping_url = upload(first, ROWS, name="ministry list.csv")
    first.logout()  # the session that uploaded it is gone

    again = _signed_in("coord_la")  # another sign-in, another device
    page = again.get(IMPORT).content.decode()
    assert "Imports you have not finished" in page
    assert f'<a href="{mapping_url}">ministry list.csv</a> — 2 rows' in page
    preview = again.post(mapping_url, {"map_0": "name", "map_1": "country", "map_2": "city"})
    assert preview.status_code == 200 and "2 to create" in preview.content.decode()
    assert "(previewed)" in again.get(IMPORT).content.decode()
    done = again.post(mapping_url + "commit/", {"reason": "Ministry list"})
    assert done.status_code == 302
    assert set(Organisation.objects.filter(name__in=["Attapeu Skills Centre", "Sekong Skills Centre"])
               .values_list("city", flat=True)) == {"Attapeu", "Sekong"}
    assert not ImportDraft.objects.exists()
    assert "Imports you have not finished" not in again.get(IMPORT).content.decode()
    assert again.get(mapping_url).status_code == 404  # imported: its address has expired


def test_nobody_else_reaches_an_import_by_its_address(orgs, users):
    owner = _signed_in("coord_la")
    mapping_url = upload(owner, ROWS)
    owner.post(mapping_url, {"map_0": "name", "map_1": "country", "map_2": "city"})
    other = _signed_in("admin1")  # may import organisations too, and sees every job: not this upload
    assert "Imports you have not finished" not in other.get(IMPORT).content.decode()
    assert other.get(mapping_url).status_code == 404
    assert other.post(mapping_url, {"map_0": "name", "map_1": "country", "map_2": "city"}).status_code == 404
    assert other.post(mapping_url + "commit/", {"reason": "not mine"}).status_code == 404
    assert not Organisation.objects.filter(name__endswith="Skills Centre").exists()
    draft = ImportDraft.objects.get()
    assert draft.owner == users["country_coordinator"] and draft.entry["mapping"] == {"0": "name", "1": "country",
                                                                                       "2": "city"}


def test_a_large_files_preview_job_is_found_again_from_the_upload_page(orgs, users, large):
    first = _signed_in("coord_la")
    preview_url = dry_run(first, upload(first, file_rows(), name="big.csv"))
    job = Job.objects.get()
    again = _signed_in("coord_la")
    page = again.get(IMPORT).content.decode()
    assert f'<a href="{preview_url}">big.csv</a> — 11 rows' in page and "(previewed)" in page
    assert again.get(preview_url).status_code == 200
    assert f'<a href="{preview_url}">Show the preview</a>' in again.get(f"/background-jobs/{job.pk}/").content.decode()
    # the secretariat sees the job, but the import on its way is the uploader's
    assert "Show the preview" not in _signed_in("admin1").get(f"/background-jobs/{job.pk}/").content.decode()


def test_after_a_week_the_import_is_gone_with_its_file(orgs, users):
    client = _signed_in("coord_la")
    mapping_url = upload(client, ROWS)
    draft = ImportDraft.objects.get()
    ImportDraft.objects.filter(pk=draft.pk).update(
        created_at=draft.created_at - datetime.timedelta(days=jobs.UPLOAD_DAYS, minutes=1))
    assert "Imports you have not finished" not in client.get(IMPORT).content.decode()
    gone = client.get(mapping_url)
    assert gone.status_code == 404
    jobs.store_upload(b"name\nX\n", "next.csv")  # any new upload purges what is older than a week
    assert not ImportDraft.objects.exists()

"""Uploads left at the preview and never committed do not pile up: a new upload deletes those older than a week,
with their previews, unless a queued or running job still reads them."""
import os
import time

import pytest

from skillsnet.core import jobs
from skillsnet.core.models import Job

pytestmark = pytest.mark.django_db


def _age(path, days):
    old = time.time() - days * 86400
    os.utime(path, (old, old))


def test_a_new_upload_deletes_stale_ones_but_not_those_a_job_still_reads():
    stale = jobs.store_upload(b"name\nA\n", "old.csv")
    stale_preview = jobs.preview_path(stale, 41)
    stale_preview.write_text("{}")
    queued = jobs.store_upload(b"name\nB\n", "queued.xlsx")
    recent = jobs.store_upload(b"name\nC\n", "recent.csv")
    orphan = stale.with_name("0123456789abcdef.expected-7.json")  # a preview whose upload is long gone
    orphan.write_text("{}")
    for path in (stale, stale_preview, queued, orphan):
        _age(path, 8)
    _age(recent, 6)
    Job.objects.create(kind="import", status=Job.Status.QUEUED, params={"path": str(queued)})
    Job.objects.create(kind="import", status=Job.Status.DONE, params={"path": str(stale)})  # finished: no hold
    new = jobs.store_upload(b"name\nD\n", "new.csv")
    assert not stale.exists() and not stale_preview.exists() and not orphan.exists()
    assert queued.exists() and recent.exists() and new.exists()
    assert jobs.purge_stale_uploads(days=5) == 1 and not recent.exists() and queued.exists()

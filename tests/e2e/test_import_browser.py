"""In a real browser: a large file's preview is a background job; its page follows the job's progress (htmx
polling) and turns into the preview by itself when the job is done; the user decides on a near-duplicate and
imports from there."""
import pytest

from skillsnet.core.models import Job
from skillsnet.directory.models import Organisation

from ..conftest import login
from ..imports.test_concurrency_and_jobs import run_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_file_is_previewed_by_a_job_then_imported(page, live_server, orgs, users, settings):
    settings.SKILLSNET_IMPORT_BACKGROUND_ROWS = 5
    rows = [f"Champasak Skills Centre {i},LA,Pakse" for i in range(8)] + ["Polytechnic College,LA,Vientiane"]
    login(page, live_server, "admin1")
    page.goto(f"{live_server.url}/directory/organisations/import/")
    page.set_input_files("#file", {"name": "big.csv", "mimeType": "text/csv",
                                   "buffer": ("name,country,city\n" + "\n".join(rows) + "\n").encode()})
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("main form button[type=submit]").first.click()  # the columns as proposed
    page.wait_for_url("**/preview/*/")
    assert page.locator("#job-progress progress").count() == 1 and "to create" not in page.inner_text("main")

    run_worker()  # the worker runs the dry run; the page, polling, shows the preview
    page.wait_for_selector("text=8 to create", timeout=15000)
    assert "hx-get" not in page.content()
    assert "possible duplicate" in page.inner_text("main") and "Lao Polytechnic College" in page.inner_text("main")
    page.select_option("select[name=decide_10]", "create")
    page.fill("#reason", "Champasak list")
    page.get_by_role("button", name="Import now").click()
    page.wait_for_url("**/background-jobs/*/")
    assert Job.objects.filter(params__commit=True).count() == 1

    run_worker()  # the commit job; its page, polling, says it is saved
    page.wait_for_selector("text=Saved.", timeout=15000)
    assert Organisation.objects.filter(name__startswith="Champasak Skills Centre", city="Pakse").count() == 8
    assert Organisation.objects.filter(name="Polytechnic College").count() == 1

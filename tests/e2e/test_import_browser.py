"""In a real browser: a large file's preview is a background job; its page follows the job's progress (htmx
polling) and turns into the preview by itself when the job is done; the user decides on a near-duplicate and
imports from there. Each page passes the journeys' checks (axe-core, no console error, no overflow at 360 px)."""
import pytest

from skillsnet.core.models import Job
from skillsnet.directory.models import Organisation

from ..conftest import login
from ..imports.test_concurrency_and_jobs import run_worker
from .test_journeys import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang,width", [("en", 1280), ("lo", 360)])
def test_a_large_file_is_previewed_by_a_job_then_imported(browser, live_server, orgs, users, settings, lang, width):
    settings.SKILLSNET_IMPORT_BACKGROUND_ROWS = 5
    rows = [f"Champasak Skills Centre {i},LA,Pakse" for i in range(8)] + ["Polytechnic College,LA,Vientiane"]
    j = Journey(browser, live_server, lang, width)
    page = j.page
    login(page, live_server, "admin1")
    page.goto(f"{live_server.url}/directory/organisations/import/")
    page.set_input_files("#file", {"name": "big.csv", "mimeType": "text/csv",
                                   "buffer": ("name,country,city\n" + "\n".join(rows) + "\n").encode()})
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    page.locator("main form button[type=submit]").first.click()  # the columns as proposed
    page.wait_for_url("**/preview/*/")
    j.check("import-dry-run-progress")
    assert page.locator("#job-progress[hx-get] progress").count() == 1 and page.locator("table").count() == 0

    run_worker()  # the worker runs the dry run; the page, polling, turns into the preview
    page.wait_for_selector("select[name=decide_10]", timeout=15000)
    j.check("import-dry-run-preview")
    assert page.locator("#job-progress").count() == 0 and page.locator("main table tbody tr").count() == 9
    assert "Lao Polytechnic College" in page.inner_text("main")
    page.select_option("select[name=decide_10]", "create")
    page.fill("#reason", "Champasak list")
    page.locator("main form[action$='/commit/'] button[type=submit]").click()
    page.wait_for_url("**/background-jobs/*/")
    assert Job.objects.filter(params__commit=True).count() == 1

    run_worker()  # the commit job; its page, polling, says it is done
    page.wait_for_selector("#job-progress:not([hx-get])", timeout=15000)
    j.check("import-dry-run-done")
    assert Organisation.objects.filter(name__startswith="Champasak Skills Centre", city="Pakse").count() == 8
    assert Organisation.objects.filter(name="Polytechnic College").count() == 1
    j.close()

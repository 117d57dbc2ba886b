"""In a real browser: a filter over more records than a dropdown can hold is a search box; typing shows matches,
choosing one filters the list (htmx), clearing the box clears the filter. The page passes the journeys' checks
(axe-core, no console error, no overflow at 360 px)."""
import pytest

from skillsnet.activities import services as activity_services
from skillsnet.core import pickers

from ..conftest import login
from .test_journeys import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang,width", [("en", 1280), ("lo", 360)])
def test_choosing_a_host_in_the_picker_filters_the_activities(browser, live_server, orgs, users, system_user,
                                                              monkeypatch, lang, width):
    monkeypatch.setattr(pickers, "MAX_CHOICES", 3)  # the live server runs in this process
    activity_services.create_activity(system_user, {"title": "Welding workshop", "kind": "training_programme",
                                                    "host": orgs["own"]})
    activity_services.create_activity(system_user, {"title": "Tianjin visit", "kind": "exchange_visit",
                                                    "host": orgs["cn"]})
    j = Journey(browser, live_server, lang, width)
    page = j.page
    login(page, live_server, "admin1")
    j.goto("/activities/activities/")
    page.locator("details.filters-box summary").click()
    box = page.locator("input[name=host__search]")
    assert page.locator("select[name=host]").count() == 0 and box.count() == 1
    box.fill("Tianjin")
    option = page.locator("[data-pick-value]")
    option.first.wait_for()
    assert option.count() == 1 and "Tianjin Electronic Information Technician College" in option.first.inner_text()
    j.check("picker-matches")
    with page.expect_response(lambda r: "host=" in r.url and "/activities/activities/" in r.url):
        option.first.click()
    page.wait_for_function("() => !document.querySelector('#results').innerText.includes('Welding workshop')")
    results = page.inner_text("#results")
    assert "Tianjin visit" in results and "Welding workshop" not in results
    assert page.locator("input[name=host]").input_value() == str(orgs["cn"].pk)
    assert f"host={orgs['cn'].pk}" in page.url  # the filter is in the address (htmx push)
    j.check("picker-chosen")
    with page.expect_response(lambda r: "/activities/activities/" in r.url and "host=&" in r.url + "&"):
        box.fill("")
    page.wait_for_function("() => document.querySelector('#results').innerText.includes('Welding workshop')")
    j.close()

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


@pytest.mark.parametrize("lang,width", [("en", 1280), ("km", 360)])
def test_without_javascript_a_host_is_chosen_from_the_listed_matches(browser, live_server, orgs, users, monkeypatch,
                                                                    lang, width):
    """A browser that runs no script (blocked, or a page still loading on a slow link): the typed name comes back
    with the matching records as radio buttons; choosing one saves it."""
    from skillsnet.activities.models import Activity

    monkeypatch.setattr(pickers, "MAX_CHOICES", 3)
    j = Journey(browser, live_server, lang, width, javascript=False)
    page = j.page
    login(page, live_server, "admin1")
    j.goto("/activities/activities/add/")
    assert page.locator("select[name=host]").count() == 0
    page.fill("input[name=title]", "Chosen without a script")
    page.select_option("select[name=kind]", "training_programme")
    page.fill("input[name=host__search]", "Lao")
    page.click("form.edit button[type=submit]")
    page.wait_for_load_state()
    radios = page.locator("input[type=radio][name=host]")
    assert radios.count() == 2
    assert page.locator("input[name=host__search]").input_value() == "Lao"
    j.check("picker-no-script-choices", form_error=True)
    page.locator("label", has_text="Lao Polytechnic College").locator("input[type=radio]").check()
    page.click("form.edit button[type=submit]")
    page.wait_for_load_state()
    assert Activity.objects.get(title="Chosen without a script").host == orgs["other_la"]
    j.close()

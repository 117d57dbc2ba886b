"""In a real browser: a focal point edits their own institution and is refused on another; the search
box finds an organisation by its Lao-script name and by its Chinese name."""
import pytest

from ..conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_focal_point_edits_own_institution_and_is_refused_on_another(page, live_server, orgs, users):
    own, other = orgs["own"], orgs["cn"]
    login(page, live_server, "focal_lgtc")
    page.goto(f"{live_server.url}/directory/organisations/{own.pk}/")
    page.get_by_role("link", name="Edit").click()
    page.fill("input[name=city]", "Vientiane")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/directory/organisations/{own.pk}/")
    assert "Vientiane" in page.inner_text("dl.fields")
    assert "focal_lgtc" in page.inner_text("section.history")

    page.goto(f"{live_server.url}/directory/organisations/{other.pk}/")
    assert page.get_by_role("link", name="Edit").count() == 0
    response = page.goto(f"{live_server.url}/directory/organisations/{other.pk}/edit/")
    assert response.status == 403
    assert "may not change" in page.inner_text("main")
    other.refresh_from_db()
    assert other.city == ""


@pytest.mark.parametrize("query,expected", [
    ("ວິທະຍາໄລເຕັກນິກລາວ", "Lao-German Technical College"),
    ("天津电子信息技师学院", "Tianjin Electronic Information Technician College"),
])
def test_search_box_finds_by_lao_and_chinese_names(page, live_server, orgs, query, expected):
    page.goto(live_server.url)
    page.fill("#global-search", query)
    page.press("#global-search", "Enter")
    page.wait_for_url("**/search/**")
    results = page.locator("ul.results li")
    assert results.count() >= 1
    assert expected in results.first.inner_text()

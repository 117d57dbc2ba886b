"""A choice among more records than a <select> can sensibly hold is a search box (core.pickers): the page stays
small, the matches are only records the user may view, and the chosen key filters or saves as before."""
import re

import pytest

from skillsnet.core import pickers
from skillsnet.people.models import Participation, Person

from ..conftest import make_org
from ..people.conftest import make_person, participate

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(pickers, "MAX_CHOICES", 3)


def _selects(html):
    return {name: inner.count("<option") for name, inner in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>',
                                                                       html, re.S)}


def _results(html):
    return html[html.index('id="results"'):]


def _pickers(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)" data-pick-key>', html))


def _workshop_of_two_colleges(system_user, orgs):
    """A welding workshop hosted by the focal point's college, one trainee of it and one of another college (and
    three more of its own, so that persons are a picker); returns the two named trainees."""
    from skillsnet.activities import services as activity_services

    workshop = activity_services.create_activity(system_user, {"title": "Welding workshop", "kind": "training_programme",
                                                               "host": orgs["own"]})
    own = make_person(system_user, "Khamsavay Gnommilavong", orgs["own"])
    other = make_person(system_user, "Khamla Phommachanh", orgs["other_la"])
    for i in range(3):
        make_person(system_user, f"Trainee {i}", orgs["own"])
    participate(system_user, own, workshop)
    participate(system_user, other, workshop)
    return own, other


def test_a_long_choice_is_a_search_box_and_a_short_one_a_select(client, users, orgs, small_limit):
    client.force_login(users["secretariat_admin"])
    page = client.get("/activities/activities/").content.decode()
    assert "host" in _pickers(page) and "host" not in _selects(page)  # 4 organisations > 3
    assert _selects(page)["kind"] > 3  # choices of a field are not records
    pickers.MAX_CHOICES = 10
    page = client.get("/activities/activities/").content.decode()
    assert "host" not in _pickers(page)
    options = re.search(r'<select name="host"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert options.count("<option") == 5 and "Lao-German Technical College" in options  # empty + 4


def test_the_matches_are_found_by_name_in_any_script_and_by_key(client, users, orgs):
    client.force_login(users["secretariat_admin"])
    found = client.get("/pick/directory/organisation/", {"host__search": "Polytechnic"}).content.decode()
    assert re.findall(r'data-pick-label="([^"]+)"', found) == ["Lao Polytechnic College"]
    chinese = client.get("/pick/directory/organisation/", {"q": "天津电子"}).content.decode()
    assert f'data-pick-value="{orgs["cn"].pk}"' in chinese
    assert f'data-pick-value="{orgs["own"].pk}"' in client.get(
        "/pick/directory/organisation/", {"q": str(orgs["own"].pk)}).content.decode()
    assert "Nothing found." in client.get("/pick/directory/organisation/", {"q": "zzzz"}).content.decode()
    assert client.get("/pick/directory/organisation/", {"q": ""}).content == b""


def test_matches_are_only_records_the_user_may_view(client, users, orgs, system_user):
    own = make_person(system_user, "Khamsavay Gnommilavong", orgs["own"])
    other = make_person(system_user, "Khamla Phommachanh", orgs["other_la"])
    client.force_login(users["focal_point"])
    found = client.get("/pick/people/person/", {"q": "Kham"}).content.decode()
    assert f'data-pick-value="{own.pk}"' in found and f'data-pick-value="{other.pk}"' not in found
    assert "Phommachanh" not in found
    client.force_login(users["viewer"])  # no personal data: no person at all
    assert client.get("/pick/people/person/", {"q": "Kham"}).status_code == 403
    client.logout()
    assert client.get("/pick/people/person/", {"q": "Kham"}).status_code in (302, 403)
    client.force_login(users["secretariat_admin"])
    assert client.get("/pick/nosuch/model/", {"q": "x"}).status_code == 404
    assert client.get("/pick/sessions/session/", {"q": "x"}).status_code == 404  # not a record of the platform


def test_the_chosen_key_filters_and_shows_its_name_but_never_a_hidden_one(client, users, orgs, system_user,
                                                                          small_limit):
    from skillsnet.activities import services as activity_services

    for i in range(3):
        make_org(system_user, f"Champasak Skills Centre {i}", "LA")
    activity_services.create_activity(system_user, {"title": "Tianjin visit", "kind": "exchange_visit",
                                                    "host": orgs["cn"]})
    own, other = _workshop_of_two_colleges(system_user, orgs)
    client.force_login(users["secretariat_admin"])
    page = client.get("/activities/activities/", {"host": orgs["own"].pk}).content.decode()
    assert "Welding workshop" in _results(page) and "Tianjin visit" not in _results(page)
    assert _pickers(page)["host"] == str(orgs["own"].pk)
    assert re.search(r'name="host__search" value="Lao-German Technical College"', page)
    # a focal point's participation list: persons are a picker over its own people only
    client.force_login(users["focal_point"])
    page = client.get("/people/participations/", {"person": own.pk}).content.decode()
    assert _pickers(page)["person"] == str(own.pk) and "Khamsavay" in _results(page)
    hidden = client.get("/people/participations/", {"person": other.pk}).content.decode()
    assert "Phommachanh" not in hidden  # neither as a row nor as the picker's label
    assert Participation.objects.filter(person=other).count() == 1 and Person.objects.count() == 5


def test_an_edit_form_offers_a_picker_and_saves_the_chosen_record(client, users, orgs, system_user, small_limit):
    from skillsnet.activities.models import Activity

    client.force_login(users["secretariat_admin"])
    form = client.get("/activities/activities/add/").content.decode()
    assert "host" in _pickers(form) and "Type a few letters of the name" in form
    response = client.post("/activities/activities/add/", {"title": "Picked host", "kind": "training_programme",
                                                           "host": orgs["cn"].pk, "mode": "in_person"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.get(title="Picked host").host == orgs["cn"]


def test_a_model_without_a_pick_address_keeps_its_select(client, users, orgs, small_limit):
    """Platform users (who approved a period) have no pick/ address: the filter stays a <select> of them."""
    client.force_login(users["secretariat_admin"])
    page = client.get("/results/period-approvals/").content.decode()
    assert "approved_by" in _selects(page) and "approved_by" not in _pickers(page)


# ---------------------------------------------------------------- without JavaScript
def _rows(html):
    body = re.search(r"<tbody>(.*?)</tbody>", _results(html), re.S)
    return body.group(1) if body else ""


def _radios(html, name):
    return dict((label.strip(), key) for key, label in re.findall(
        rf'<input type="radio" name="{name}" value="(\d+)"> ([^<]+)</label>', html))


def test_without_javascript_a_name_typed_that_names_one_record_is_saved(client, users, orgs, small_limit):
    """The box is sent as typed, the hidden key empty: the only visible match is the choice."""
    from skillsnet.activities.models import Activity

    client.force_login(users["secretariat_admin"])
    response = client.post("/activities/activities/add/", {
        "title": "Typed host", "kind": "training_programme", "mode": "in_person", "host": "",
        "host__search": "tianjin electronic"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.get(title="Typed host").host == orgs["cn"]


def test_without_javascript_an_ambiguous_name_comes_back_with_the_matches_to_choose_from(client, users, orgs,
                                                                                      small_limit):
    from skillsnet.activities.models import Activity

    client.force_login(users["secretariat_admin"])
    data = {"title": "Two Lao colleges", "kind": "training_programme", "mode": "in_person", "host": "",
            "host__search": "Lao"}
    page = client.post("/activities/activities/add/", data)
    assert page.status_code == 400  # the form again, with its errors
    html = page.content.decode()
    assert "does not name exactly one record you may see" in html
    assert 'name="host__search" value="Lao"' in html  # what was typed is kept
    # both Lao colleges are offered; nothing else ("Lao" is in neither other name)
    assert _radios(html, "host") == {"Lao-German Technical College": str(orgs["own"].pk),
                                     "Lao Polytechnic College": str(orgs["other_la"].pk)}
    assert not Activity.objects.filter(title="Two Lao colleges").exists()
    # the browser sends the hidden key (empty) and then the chosen radio button
    from django.utils.datastructures import MultiValueDict  # noqa: F401 - the test client sends lists as repeats

    response = client.post("/activities/activities/add/", {**data, "host": ["", str(orgs["other_la"].pk)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Activity.objects.get(title="Two Lao colleges").host == orgs["other_la"]


def test_without_javascript_the_whole_name_wins_and_nothing_found_is_said(client, users, orgs, system_user,
                                                                          small_limit):
    from skillsnet.activities.models import Activity

    make_org(system_user, "Lao Polytechnic College Annex", "LA")
    client.force_login(users["secretariat_admin"])
    base = {"kind": "training_programme", "mode": "in_person", "host": ""}
    # two records hold the text, but it is the whole name of one of them
    response = client.post("/activities/activities/add/", {**base, "title": "Whole name",
                                                           "host__search": "lao polytechnic college"})
    assert response.status_code == 302
    assert Activity.objects.get(title="Whole name").host == orgs["other_la"]
    html = client.post("/activities/activities/add/", {**base, "title": "No such", "host__search": "Zzyzx"}
                       ).content.decode()
    assert "Nothing found." in html and "does not name exactly one record" in html
    assert not Activity.objects.filter(title="No such").exists()


def test_without_javascript_an_edited_box_replaces_the_key_it_was_shown_with(client, users, orgs, small_limit):
    """A form shown with a chosen record, its box then retyped without a script: the text, not the stale key,
    is the choice."""
    from skillsnet.activities.models import Activity

    client.force_login(users["secretariat_admin"])
    response = client.post("/activities/activities/add/", {
        "title": "Retyped", "kind": "training_programme", "mode": "in_person", "host": str(orgs["own"].pk),
        "host__search": "Tianjin"})
    assert response.status_code == 302
    assert Activity.objects.get(title="Retyped").host == orgs["cn"]
    # the box unchanged (the record's own name): the key stands
    response = client.post("/activities/activities/add/", {
        "title": "Kept", "kind": "training_programme", "mode": "in_person", "host": str(orgs["own"].pk),
        "host__search": "Lao-German Technical College"})
    assert response.status_code == 302
    assert Activity.objects.get(title="Kept").host == orgs["own"]


def test_without_javascript_a_filter_resolves_typed_text_among_visible_records_only(client, users, orgs,
                                                                                   system_user, small_limit):
    _workshop_of_two_colleges(system_user, orgs)
    client.force_login(users["secretariat_admin"])
    page = client.get("/activities/activities/", {"host": "", "host__search": "Tianjin"}).content.decode()
    assert "Welding workshop" not in _results(page)
    page = client.get("/activities/activities/", {"host": "", "host__search": "LGTC"}).content.decode()
    assert "Welding workshop" in _results(page) and _pickers(page)["host"] == str(orgs["own"].pk)
    # a focal point typing another institution's trainee: no match, no name shown, no row
    client.force_login(users["focal_point"])
    page = client.get("/people/participations/", {"person": "", "person__search": "Phommachanh"}).content.decode()
    assert "Phommachanh" in page.split('name="person__search"')[1][:200]  # only the text it typed, in its box
    assert "does not name exactly one record you may see" in page and "Nothing found." in page
    assert "Phommachanh" not in _rows(page) and "Khamsavay" not in _rows(page)  # a filter in error lists nothing
    assert not _radios(page, "person")
    page = client.get("/people/participations/", {"person": "", "person__search": "Kham"}).content.decode()
    assert "Khamsavay" in _rows(page) and "Phommachanh" not in page

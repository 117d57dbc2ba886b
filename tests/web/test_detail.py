"""Detail pages: a header with badges and actions, tabs with their own URLs, empty sections as one Add
action, empty fields left out."""
import re

import pytest
from django.test import Client

from skillsnet.activities.models import Activity
from skillsnet.core import services

from ..conftest import PASSWORD


@pytest.fixture
def page(users, orgs, system_user):
    services.create_object(system_user, Activity, {"title": "Welding workshop", "kind": "peer_to_peer_workshop",
                                                   "host": orgs["own"]})
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert c.login(username="admin1", password=PASSWORD)
    return lambda query="": c.get(f"/directory/organisations/{orgs['own'].pk}/{query}").content.decode()


def tabs(html):
    return re.findall(r'role="tab" id="tab-([\w-]+)"', html)


def test_tabs_each_with_its_own_url(page):
    html = page()
    assert tabs(html)[0] == "overview" and tabs(html)[-1] == "history"
    assert "activities" in tabs(html) and "contacts" not in tabs(html)  # no contact: no tab
    assert '<span class="badge">TVET institute</span>' in html or "TVET institute</span>" in html
    activities = page("?tab=activities")
    assert re.search(r'id="tab-activities"[^>]*aria-selected="true"', activities)
    assert "Welding workshop" in activities and 'id="panel-activities"' in activities
    assert 'id="panel-contacts"' not in activities
    history = page("?tab=history")
    assert "Welding workshop" not in history.split('id="tab-panel"')[1]


def test_empty_sections_are_add_actions_and_empty_fields_are_left_out(page):
    html = page()
    menu = html[html.index('class="add-menu"'):html.index("</details>", html.index('class="add-menu"'))]
    assert "Contacts" in menu and "/directory/contacts/add/" in menu
    assert "None recorded" not in html
    overview = html.split('id="tab-panel"')[1]
    assert "Website" not in overview  # an empty field is not listed
    assert "Lao-German Technical College" in overview


def test_lists_show_organisation_names_in_the_users_language(users, orgs):
    c = Client(HTTP_ACCEPT_LANGUAGE="lo")
    assert c.login(username="admin1", password=PASSWORD)
    html = c.get("/directory/organisations/").content.decode()
    rows = html[html.index("<tbody"):]
    assert "ວິທະຍາໄລເຕັກນິກລາວ-ເຢຍລະມັນ" in rows
    assert "Lao Polytechnic College" in rows  # no Lao name recorded: the fallback
    c = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert c.login(username="admin1", password=PASSWORD)
    rows = c.get("/directory/organisations/").content.decode()
    assert "Lao-German Technical College" in rows[rows.index("<tbody"):]

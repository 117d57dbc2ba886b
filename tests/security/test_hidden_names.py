"""A record a user may read can be about a person that user may not read: the participation of another
institute's trainee in a workshop the focal point's institute hosts, the affiliation of another institute's
teacher with the focal point's institute, the user who approved a period. The record's own text (page titles,
the API's `display`, pickers, messages), a text search and a sort through that link must not tell the name."""
import datetime

import pytest

from skillsnet.accounts.services import create_user
from skillsnet.activities.models import Activity
from skillsnet.core import services
from skillsnet.people.models import Affiliation, Participation, Person

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db
HIDDEN = "Zhao Hiddenname"


@pytest.fixture
def world(orgs, system_user):
    workshop = services.create_object(system_user, Activity, {
        "title": "Welding workshop at LGTC", "kind": "peer_to_peer_workshop", "host": orgs["own"],
        "start": datetime.date(2024, 5, 6)})
    guest = services.create_object(system_user, Person, {"name": HIDDEN, "organisation": orgs["cn"]})
    own = services.create_object(system_user, Person, {"name": "Bounmy Own-Teacher", "organisation": orgs["own"]})
    return {
        "workshop": workshop, "guest": guest, "own": own,
        "participation": services.create_object(system_user, Participation, {
            "person": guest, "activity": workshop, "role": "participant", "attended": True}),
        "own_participation": services.create_object(system_user, Participation, {
            "person": own, "activity": workshop, "role": "trainer", "attended": True}),
        "affiliation": services.create_object(system_user, Affiliation, {
            "person": guest, "organisation": orgs["own"], "title": "Visiting lecturer"}),
    }


def _text(response):
    return response.content.decode()


def test_the_hosts_focal_point_reads_the_participation_without_the_guests_name(client, api_as, users, world):
    part, affiliation = world["participation"], world["affiliation"]
    client.force_login(users["focal_point"])
    for url in (f"/people/participations/{part.pk}/", f"/people/participations/{part.pk}/history/",
                f"/people/participations/{part.pk}/edit/", f"/people/participations/{part.pk}/delete/",
                f"/people/titles-and-affiliations/{affiliation.pk}/",
                f"/people/titles-and-affiliations/{affiliation.pk}/history/",
                "/pick/people/participation/?q=Welding", "/pick/people/affiliation/?q=Visiting"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Hiddenname" not in _text(response), url
    page = _text(client.get(f"/people/participations/{part.pk}/"))
    assert "Welding workshop at LGTC" in page and "not shown" in page
    api = api_as("focal_point")
    for url in ("/api/people/participations/", f"/api/people/participations/{part.pk}/",
                f"/api/people/participations/{part.pk}/history/",
                "/api/people/titles-and-affiliations/", f"/api/people/titles-and-affiliations/{affiliation.pk}/",
                f"/api/people/titles-and-affiliations/{affiliation.pk}/history/"):
        response = api.get(url)
        assert response.status_code == 200 and "Hiddenname" not in _text(response), url
    assert api.get(f"/api/people/participations/{part.pk}/").json()["display"] == \
        "not shown — Welding workshop at LGTC (participant)"
    # the history keeps the record's text of each change: shown as the user may read it
    assert [e["object_repr"] for e in api.get(f"/api/people/participations/{part.pk}/history/").json()["results"]] \
        == ["not shown — Welding workshop at LGTC (participant)"]
    # its own teacher's participation keeps the name
    assert "Bounmy Own-Teacher" in api.get(f"/api/people/participations/{world['own_participation'].pk}/").json()[
        "display"]
    # and the secretariat reads everything
    secretariat = api_as("secretariat_admin")
    assert HIDDEN in secretariat.get(f"/api/people/participations/{part.pk}/").json()["display"]
    assert HIDDEN in secretariat.get(f"/api/people/participations/{part.pk}/history/").json()["results"][0][
        "object_repr"]
    client.force_login(users["secretariat_admin"])
    assert HIDDEN in _text(client.get(f"/people/participations/{part.pk}/"))


def test_a_search_through_a_hidden_person_finds_nothing(client, api_as, users, world):
    """Searched letter by letter, the count of matches would spell the name out."""
    api = api_as("focal_point")
    for base in ("/api/people/participations/", "/api/people/titles-and-affiliations/"):
        assert api.get(base + "?q=Hiddenname").json()["count"] == 0, base
        assert api.get(base + "?q=Zhao").json()["count"] == 0, base
    assert api.get("/api/people/participations/?q=Bounmy").json()["count"] == 1  # its own teacher: found
    assert api.get("/api/people/participations/?q=Welding").json()["count"] == 2  # the activity's title: both
    assert api_as("secretariat_admin").get("/api/people/participations/?q=Hiddenname").json()["count"] == 1
    client.force_login(users["focal_point"])
    assert "Welding" not in _text(client.get("/pick/people/participation/?q=Hiddenname"))


def test_no_sort_by_a_hidden_person(client, api_as, users, world):
    api = api_as("focal_point")
    for sort in ("person", "-person"):
        response = api.get(f"/api/people/participations/?sort={sort}")
        assert response.status_code in (200, 400)
        if response.status_code == 200:  # an unknown sort matches nothing: the order tells nothing
            assert response.json()["count"] == 0
    client.force_login(users["focal_point"])
    assert 'value="person"' not in _text(client.get("/people/participations/"))
    client.force_login(users["secretariat_admin"])
    assert 'value="person"' in _text(client.get("/people/participations/"))
    names = [r["display"] for r in api_as("secretariat_admin").get("/api/people/participations/?sort=-person")
             .json()["results"]]
    assert names[0].startswith(HIDDEN)


def test_period_approvals_cannot_be_sorted_by_who_approved_them(client, api_as, users, orgs, system_user):
    """Sorted by approver, two approvals would tell whether one person approved both (and in which order their
    accounts were made). The OpenAPI document, written first, builds the filters' form fields once for every
    list: the sorts a user may not use are left out all the same."""
    assert api_as("viewer").get("/api/schema/?format=json").status_code == 200
    from skillsnet.results import services as results
    from skillsnet.results.models import Period, Project

    project = services.create_object(system_user, Project, {
        "code": "p-sort", "title": "Sort project", "reporting_org": orgs["network"], "status": "2",
        "start": "2021-01-01", "end": "2026-12-31"})
    approvers = [create_user(None, name, PASSWORD, roles=[("secretariat_admin", None, None)])
                 for name in ("approver.b", "approver.a")]
    for year, approver in zip((2023, 2024), approvers):
        period = services.create_object(system_user, Period, {"project": project, "kind": "year", "year": year})
        results.submit_period(approver, period.pk)
        results.approve_period(approver, period.pk)
    for role in ("viewer", "focal_point", "country_coordinator"):
        client.force_login(users[role])
        page = _text(client.get("/results/period-approvals/"))
        assert 'value="approved_by"' not in page and 'value="-approved_by"' not in page, role
        response = api_as(role).get("/api/results/period-approvals/?sort=-approved_by")
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert response.json()["count"] == 0, role
        assert api_as(role).get("/api/results/period-approvals/").json()["count"] == 2
    client.force_login(users["secretariat_admin"])
    assert 'value="approved_by"' in _text(client.get("/results/period-approvals/"))
    rows = api_as("secretariat_admin").get("/api/results/period-approvals/?sort=-approved_by").json()["results"]
    assert [r["approved_by"] for r in rows] == sorted((a.pk for a in approvers), reverse=True)

"""Counts without re-identification: for roles without personal data, a count of people below five shows as
"< 5" (activity pages, the participation summary page and API); five and more, and every count for roles with
personal data, show exactly. Zero stays zero."""
import datetime

import pytest

from skillsnet.core import services
from skillsnet.people.services import record_participation


pytestmark = pytest.mark.django_db


def _activity(system_user, orgs, title, completers):
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Person

    activity = services.create_object(system_user, Activity, {
        "title": title, "kind": "training_programme", "host": orgs["own"], "start": datetime.date(2024, 3, 4)})
    for n in range(completers):
        person = services.create_object(system_user, Person, {"name": f"Trainee {title} {n}",
                                                              "organisation": orgs["own"]})
        record_participation(system_user, person.pk, activity.pk, registered=True, attended=True, completed=True)
    return activity


def _login(client, users, role):
    if role != "anonymous":
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ["anonymous", "viewer"])
def test_small_counts_show_as_less_than_five_without_personal_data(client, users, system_user, orgs, role):
    small = _activity(system_user, orgs, "Welding basics", 3)
    big = _activity(system_user, orgs, "Robotics", 6)
    _login(client, users, role)
    page = client.get(f"/activities/activities/{small.pk}/").content.decode()
    assert "&lt; 5 registered, &lt; 5 attended, &lt; 5 completed" in page
    assert "3 registered" not in page
    page = client.get(f"/activities/activities/{big.pk}/").content.decode()
    assert "6 registered, 6 attended, 6 completed" in page
    if role == "viewer":
        data = client.get(f"/api/people/summary/?activity={small.pk}").json()
        assert data["people"] == "< 5" and data["completed"] == "< 5"
        assert all(row["people"] == "< 5" for row in data["by_activity"])
        data = client.get(f"/api/people/summary/?activity={big.pk}").json()
        assert data["people"] == 6
        html = client.get(f"/people/summary/?activity={small.pk}").content.decode()
        assert "&lt; 5" in html


@pytest.mark.parametrize("role", ["secretariat_admin", "focal_point"])
def test_roles_with_personal_data_see_exact_counts(client, users, system_user, orgs, role):
    small = _activity(system_user, orgs, "Welding basics", 3)
    _login(client, users, role)
    page = client.get(f"/activities/activities/{small.pk}/").content.decode()
    assert "3 registered, 3 attended, 3 completed" in page
    data = client.get(f"/api/people/summary/?activity={small.pk}").json()
    assert data["people"] == 3

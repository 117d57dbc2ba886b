"""Counts without re-identification: for roles without personal data, a count of people below five shows as
"< 5" (activity pages, the participation summary page and API); five and more, and every count for roles that
view every person, show exactly. Zero stays zero. A role whose personal data is scoped (a focal point, a country
coordinator) reads the rest of the network without personal data: it sees exact small counts only of people it may
view itself."""
import datetime

import pytest

from skillsnet.core import services
from skillsnet.people.services import record_participation


pytestmark = pytest.mark.django_db


def _activity(system_user, orgs, title, completers, host="own"):
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Person

    activity = services.create_object(system_user, Activity, {
        "title": title, "kind": "training_programme", "host": orgs[host], "start": datetime.date(2024, 3, 4)})
    for n in range(completers):
        person = services.create_object(system_user, Person, {"name": f"Trainee {title} {n}",
                                                              "organisation": orgs[host]})
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


@pytest.mark.parametrize("role", ["focal_point", "country_coordinator"])
def test_scoped_roles_see_other_institutions_small_counts_masked(client, users, system_user, orgs, role):
    # the focal point's (LGTC) and the Lao coordinator's own: 3 trainees of LGTC; elsewhere: 2 Chinese trainees
    # at a Chinese college, whom neither may view
    own = _activity(system_user, orgs, "Welding basics", 3)
    other = _activity(system_user, orgs, "Mechatronics", 2, host="cn")
    _login(client, users, role)
    page = client.get(f"/activities/activities/{other.pk}/").content.decode()
    assert "&lt; 5 registered, &lt; 5 attended, &lt; 5 completed" in page
    assert "2 registered" not in page
    page = client.get(f"/activities/activities/{own.pk}/").content.decode()
    assert "3 registered, 3 attended, 3 completed" in page

    data = client.get(f"/api/people/summary/?activity={other.pk}").json()
    assert (data["participations"], data["people"], data["completed"]) == ("< 5", "< 5", "< 5")
    assert client.get(f"/api/people/summary/?activity={own.pk}").json()["people"] == 3
    # the whole network: the total mixes both institutions (5 people: not small); per activity and per country
    # only the own group is exact
    # (whose 5 would tell, minus the own 3, the other group's 2: it shows as "≥ 5")
    data = client.get("/api/people/summary/").json()
    assert data["people"] == "≥ 5" and data["participations"] == "≥ 5"
    assert {row["label"]: row["people"] for row in data["by_activity"]} == {"Welding basics": 3,
                                                                           "Mechatronics": "< 5"}
    assert {row["key"]: row["people"] for row in data["by_country"]} == {"LA": 3, "CN": "< 5"}
    # the export: rows only of the participations the role may view (its own three), never the other two
    response = client.get("/people/summary/?export=csv")
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 3 and not any("Mechatronics" in line for line in lines)


def test_secretariat_sees_every_small_count(client, users, system_user, orgs):
    other = _activity(system_user, orgs, "Mechatronics", 2, host="cn")
    _login(client, users, "secretariat_admin")
    assert "2 registered, 2 attended, 2 completed" in client.get(f"/activities/activities/{other.pk}/").content.decode()
    data = client.get("/api/people/summary/").json()
    assert {row["key"]: row["people"] for row in data["by_country"]} == {"CN": 2}


def test_a_masked_count_cannot_be_worked_out_by_subtraction(client, users, system_user, orgs):
    """A viewer sees the total (8) beside the breakdown: with 6 shown and "< 5", 8 − 6 would give the small group's
    2. The smallest count still shown is hidden too, as "≥ 5", in the page, the export and the API alike."""
    _activity(system_user, orgs, "Robotics", 6)
    _activity(system_user, orgs, "Welding basics", 2)
    _login(client, users, "viewer")
    data = client.get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == (8, 8)
    assert {row["label"]: (row["participations"], row["people"]) for row in data["by_activity"]} == {
        "Robotics": ("≥ 5", "≥ 5"), "Welding basics": ("< 5", "< 5")}
    assert {row["key"]: row["people"] for row in data["by_country"]} == {"LA": 8}  # one group: nothing masked
    export = client.get("/people/summary/?export=csv").content.decode("utf-8-sig")
    assert "Robotics,≥ 5,≥ 5" in export and "Welding basics,< 5,< 5" in export and ",6," not in export
    page = client.get("/people/summary/").content.decode()
    assert "≥ 5" in page and ">6<" not in page
    # three groups: 6, 2 and 7 — hiding the 6 leaves 2 + 6 = 8 hidden (≥ 5) and the 7 shown
    _activity(system_user, orgs, "Solar", 7)
    rows = {row["label"]: row["people"] for row in client.get("/api/people/summary/").json()["by_activity"]}
    assert rows == {"Robotics": "≥ 5", "Welding basics": "< 5", "Solar": 7}

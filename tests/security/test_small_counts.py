"""Counts without re-identification: for roles without personal data, a count of people below five shows as
"< 5" (activity pages, the participation summary page and API); five and more, and every count for roles that
view every person, show exactly. Zero stays zero. A role whose personal data is scoped (a focal point, a country
coordinator) reads the rest of the network without personal data: it sees exact small counts only of people it may
view itself."""
import datetime

import pytest

from skillsnet.core import services
from skillsnet.people.services import record_participation
from tests.conftest import make_course


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
        # under a filter: the filter's row of the unfiltered summary as protected there, and nothing else (its
        # breakdowns and cards would be cells of a second dimension)
        data = client.get(f"/api/people/summary/?activity={small.pk}").json()
        assert (data["participations"], data["people"], data["completed"]) == ("< 5", "< 5", None)
        assert data["withheld"] is True and data["by_activity"] == [] and data["by_sex"] == []
        # Robotics' 6 is on its page: the unfiltered summary shows it, and hides the total (9 - 6 would give
        # Welding's 3); its filter answers the same row
        summary = client.get("/api/people/summary/").json()
        assert {row["key"]: row["people"] for row in summary["by_activity"]} == {big.pk: 6, small.pk: "< 5"}
        assert summary["people"] == "≥ 5"
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
    assert (data["participations"], data["people"], data["completed"]) == ("< 5", "< 5", None)
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
    """A viewer sees the total beside the breakdown by activity, and each activity's count on its own public page
    (Robotics: 6): with the total 8 shown, 8 − 6 would give Welding's 2. Hiding Robotics' 6 in the breakdown would
    protect nothing (its page shows it), so the total is what is hidden ("≥ 5"), and every other breakdown, which
    would add up to it, hides a count too (here the only country), in the page, the export and the API alike."""
    robotics = _activity(system_user, orgs, "Robotics", 6)
    _activity(system_user, orgs, "Welding basics", 2)
    _login(client, users, "viewer")
    assert "6 registered, 6 attended, 6 completed" in client.get(f"/activities/activities/{robotics.pk}/").content.decode()
    data = client.get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == ("≥ 5", "≥ 5")
    assert {row["label"]: (row["participations"], row["people"]) for row in data["by_activity"]} == {
        "Robotics": (6, 6), "Welding basics": ("< 5", "< 5")}
    assert {row["key"]: row["people"] for row in data["by_country"]} == {"LA": "≥ 5"}  # it would be the total
    export = client.get("/people/summary/?export=csv").content.decode("utf-8-sig")
    assert "Robotics,6,6" in export and "Welding basics,< 5,< 5" in export and ",8," not in export
    page = client.get("/people/summary/").content.decode()
    assert "≥ 5" in page and ">8<" not in page
    # three activities: 6, 2 and 3 — the two small ones are hidden together (5): nothing else needs to be
    _activity(system_user, orgs, "Solar", 3)
    data = client.get("/api/people/summary/").json()
    assert {row["label"]: row["people"] for row in data["by_activity"]} == {
        "Robotics": 6, "Welding basics": "< 5", "Solar": "< 5"}
    assert (data["people"], {row["key"]: row["people"] for row in data["by_country"]}) == (11, {"LA": 11})


def _people(system_user, orgs, activity, sexes, org="own"):
    from skillsnet.people.models import Person

    for n, sex in enumerate(sexes):
        person = services.create_object(system_user, Person, {"name": f"Trainee {activity.title} {sex} {n}",
                                                              "organisation": orgs[org], "sex": sex})
        record_participation(system_user, person.pk, activity.pk, registered=True, attended=True, completed=True)


def test_a_filter_gives_back_no_count_the_unfiltered_summary_hides(api_as, client, users, system_user, orgs):
    """18 trainees: a 2024 course of 6 women and 7 men; two 2023 courses, one of 2 trainees of unknown sex from
    another college, one of 3 men. The unfiltered summary shows the unknown sex as "< 5" and hides the women's 6 as
    "≥ 5" (18 - 10 - 6 would give the 2). Filtering by sex=female used to answer 6, and 18 - 10 - 6 = 2 all the same;
    now a filter answers its row of the unfiltered breakdown as protected there, also for a filter the summary shows
    no breakdown of (the trainee's organisation: 16 and 2). Two filters at once are refused to a viewer (a two-way
    table's cell); the secretariat reads every figure."""
    from skillsnet.activities.models import Activity

    def course(title, year):
        return services.create_object(system_user, Activity, {
            "title": title, "kind": "training_programme", "host": orgs["own"], "start": datetime.date(year, 5, 2)})
    _people(system_user, orgs, course("New course", 2024), ["female"] * 6 + ["male"] * 7)
    _people(system_user, orgs, course("Guest course", 2023), ["unknown"] * 2, org="other_la")
    _people(system_user, orgs, course("Old course", 2023), ["male"] * 3)
    viewer = api_as("viewer")
    data = viewer.get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == (18, 18)
    assert {row["key"]: row["people"] for row in data["by_sex"]} == {"female": "≥ 5", "male": 10, "unknown": "< 5"}
    assert viewer.get("/api/people/summary/?sex=female").json()["people"] == "≥ 5"
    assert viewer.get("/api/people/summary/?sex=male").json()["people"] == 10
    assert viewer.get("/api/people/summary/?sex=unknown").json()["people"] == "< 5"
    assert viewer.get(f"/api/people/summary/?organisation={orgs['own'].pk}").json()["participations"] == "≥ 5"
    assert viewer.get(f"/api/people/summary/?organisation={orgs['other_la'].pk}").json()["participations"] == "< 5"
    assert viewer.get("/api/people/summary/?year=2024").json()["participations"] == 13  # 2023: 5, not small
    refused = viewer.get("/api/people/summary/?sex=female&year=2024")
    assert refused.status_code == 400 and "one thing at a time" in str(refused.json()["detail"])
    assert viewer.get("/api/people/summary/?sex=female&year=2024&export=csv").status_code == 400
    client.force_login(users["viewer"])
    page = client.get("/people/summary/?year=2024&sex=female")
    assert page.status_code == 400 and "one thing at a time" in page.content.decode()
    page = client.get("/people/summary/?sex=male").content.decode()
    assert "Under a filter you see its total only" in page and "By country of organisation" not in page
    exact = api_as("secretariat_admin")
    assert exact.get("/api/people/summary/?sex=female&year=2024").json()["people"] == 6
    assert {row["key"]: row["people"] for row in exact.get("/api/people/summary/").json()["by_sex"]} == {
        "female": 6, "male": 10, "unknown": 2}


def test_a_scoped_role_own_counts_are_never_hidden_to_protect_others(client, users, system_user, orgs):
    """A focal point counts its own institution's trainees in its own lists: hiding its own 6 as "≥ 5" beside the
    exact total 8 would not protect the other institution's 2 (8 - 6). The own row stays exact and the total is what
    is hidden."""
    own = _activity(system_user, orgs, "Robotics", 6)
    other = _activity(system_user, orgs, "Mechatronics", 2, host="cn")
    _login(client, users, "focal_point")
    data = client.get("/api/people/summary/").json()
    assert {row["key"]: row["people"] for row in data["by_activity"]} == {own.pk: 6, other.pk: "< 5"}
    assert (data["participations"], data["people"]) == ("≥ 5", "≥ 5")
    assert client.get(f"/api/people/summary/?activity={own.pk}").json()["people"] == 6
    assert client.get(f"/api/people/summary/?activity={other.pk}").json()["people"] == "< 5"


def test_a_sum_of_activities_gives_back_no_count_their_pages_hide(api_as, client, system_user, orgs):
    """Each activity's people are on its public page: Robotics 7, Welding "< 5" (2), both in 2023; Solar 9 in 2024.
    The summary's year 2023 (9 participations) minus Robotics' 7 would give Welding's 2, so the year is hidden, and
    with it the total (2023 = total − 2024, and 2024 is Solar's own figure); every other breakdown that adds these
    activities up (host, kind, programme, country) hides its row too. With a second small course in 2023 (3), the
    two hidden courses add up to 5 and neither can be pinned down: 2023 shows again (12), and so does the total."""
    robotics = make_course(system_user, orgs["own"], "Robotics", datetime.date(2023, 3, 4), 7)
    make_course(system_user, orgs["own"], "Welding", datetime.date(2023, 3, 4), 2)
    make_course(system_user, orgs["own"], "Solar", datetime.date(2024, 3, 4), 9)
    viewer = api_as("viewer")
    assert "7 people in roles" in client.get(f"/activities/activities/{robotics.pk}/").content.decode()
    data = viewer.get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == ("≥ 5", "≥ 5")
    assert {row["label"]: row["people"] for row in data["by_activity"]} == {
        "Robotics": 7, "Welding": "< 5", "Solar": 9}
    assert {row["key"]: row["people"] for row in data["by_country"]} == {"LA": "≥ 5"}
    for query in ("year=2023", f"host={orgs['own'].pk}", "activity_kind=training_programme"):
        assert viewer.get(f"/api/people/summary/?{query}").json()["participations"] == "≥ 5", query
    assert viewer.get("/api/people/summary/?year=2024").json()["participations"] == 9
    exact = api_as("secretariat_admin").get("/api/people/summary/?year=2023").json()
    assert (exact["participations"], exact["people"]) == (9, 9)

    make_course(system_user, orgs["own"], "Pumps", datetime.date(2023, 3, 4), 3)
    data = viewer.get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == (21, 21)
    assert viewer.get("/api/people/summary/?year=2023").json()["participations"] == 12


def test_the_summary_hides_an_activity_count_its_page_hides(api_as, client, users, system_user, orgs):
    """Pumps: 6 people, 5 attended. Its page cannot show the 6 beside the attended hidden as "≥ 5": 6 − 5 would
    give the one who did not attend, so it shows "≥ 5" for both — and the summary, whose rows are the same
    activities, may not answer 6 for it either. Robotics (7, all attended) shows whole everywhere."""
    pumps = make_course(system_user, orgs["own"], "Pumps", datetime.date(2024, 3, 4), 6, attended=5)
    robotics = make_course(system_user, orgs["own"], "Robotics", datetime.date(2024, 3, 4), 7)
    viewer = api_as("viewer")
    client.force_login(users["viewer"])
    page = client.get(f"/activities/activities/{pumps.pk}/").content.decode()
    assert "≥ 5 people in roles: 6 registered, ≥ 5 attended, ≥ 5 completed" in page
    registration = client.get(f"/activities/activities/{pumps.pk}/registration/").content.decode()
    assert "People in any role</dt><dd>≥ 5</dd>" in registration and "<li>Participant: ≥ 5</li>" in registration
    by_activity = {row["label"]: row["people"] for row in viewer.get("/api/people/summary/").json()["by_activity"]}
    assert by_activity["Pumps"] == "≥ 5" and by_activity["Robotics"] == 7
    assert viewer.get(f"/api/people/summary/?activity={pumps.pk}").json()["people"] == "≥ 5"
    assert viewer.get(f"/api/people/summary/?activity={robotics.pk}").json()["people"] == 7
    client.force_login(users["secretariat_admin"])
    assert "6 people in roles: 6 registered, 5 attended, 5 completed" in client.get(
        f"/activities/activities/{pumps.pk}/").content.decode()

import pytest
from django.apps import apps

from .conftest import day

pytestmark = pytest.mark.skipif(not apps.is_installed("skillsnet.people"), reason="people app not installed")


def test_registration_page_records_and_counts(client, users, orgs, system_user, make_activity):
    from skillsnet.core.services import create_object

    person = create_object(system_user, apps.get_model("people", "Person"),
                           {"name": "Test Trainee", "organisation": orgs["own"]})
    activity = make_activity("Training week", kind="training_programme", host=orgs["own"], start=day("2024-02-01"))
    url = f"/activities/activities/{activity.pk}/registration/"
    client.force_login(users["focal_point"])
    response = client.post(url, {"person": person.pk, "role": "participant", "registered": "on", "attended": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    page = client.get(url).content.decode()  # anonymous visitors see counts, not names
    assert "Test Trainee" not in page
    assert activity.participations.filter(person=person, registered=True, attended=True).count() == 1
    detail = client.get(f"/activities/activities/{activity.pk}/").content.decode()
    assert "&lt; 5 registered, &lt; 5 attended, 0 completed" in detail  # small counts masked for visitors


def test_registration_refused_outside_scope(client, users, orgs, make_activity):
    activity = make_activity("Their training", kind="training_programme", host=orgs["cn"])
    client.force_login(users["focal_point"])
    response = client.post(f"/activities/activities/{activity.pk}/registration/", {"role": "participant"})
    assert response.status_code == 403


def test_register_a_new_person_or_a_pasted_list_in_one_step(client, users, orgs, make_activity):
    Person = apps.get_model("people", "Person")
    activity = make_activity("Welding workshop", kind="peer_to_peer_workshop", host=orgs["own"], start=day("2024-03-01"))
    url = f"/activities/activities/{activity.pk}/registration/"
    client.force_login(users["focal_point"])
    # a new person typed in the same form: created and registered
    response = client.post(url, {"new_name": "Souk Phommachanh", "organisation": orgs["own"].pk,
                                 "role": "participant", "registered": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    souk = Person.objects.get(name="Souk Phommachanh")
    assert souk.organisation == orgs["own"]
    # a pasted list: Souk is reused (same name, same organisation), Noy is new; all attended and completed
    response = client.post(url, {"action": "paste", "names": "Souk Phommachanh\n\n  Noy  Keomany \n",
                                 "organisation": orgs["own"].pk, "role": "participant",
                                 "attended": "on", "completed": "on"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Person.objects.filter(name__in=["Souk Phommachanh", "Noy Keomany"]).count() == 2
    done = activity.participations.filter(registered=True, attended=True, completed=True)
    assert set(done.values_list("person__name", flat=True)) == {"Souk Phommachanh", "Noy Keomany"}
    # registering Souk again (registered only) keeps her attendance and completion
    response = client.post(url, {"person": souk.pk, "role": "participant", "registered": "on"})
    assert response.status_code == 302
    assert activity.participations.get(person=souk).completed is True
    # neither a person nor a name: a clear error, nothing created
    response = client.post(url, {"role": "participant", "registered": "on"})
    assert response.status_code == 400 and "type a new person" in response.content.decode()


def test_a_large_host_registers_through_a_search_box(client, users, orgs, system_user, make_activity, monkeypatch):
    """Hundreds of staff and students: the registration form's person is a picker (core.pickers), not a <select>
    of every one; the chosen key registers as before."""
    from skillsnet.core import pickers
    from skillsnet.core.services import create_object

    monkeypatch.setattr(pickers, "MAX_CHOICES", 2)
    Person = apps.get_model("people", "Person")
    people = [create_object(system_user, Person, {"name": f"Trainee {i}", "organisation": orgs["own"]})
              for i in range(3)]
    activity = make_activity("Training week", kind="training_programme", host=orgs["own"], start=day("2024-02-01"))
    url = f"/activities/activities/{activity.pk}/registration/"
    client.force_login(users["focal_point"])
    page = client.get(url).content.decode()
    assert 'name="person__search"' in page and '<select name="person"' not in page
    response = client.post(url, {"person": people[2].pk, "role": "participant", "registered": "on"})
    assert response.status_code == 302
    assert activity.participations.filter(person=people[2]).count() == 1


def test_counts_by_role_give_no_masked_count_back_to_visitors(client, users, orgs, system_user, make_activity):
    """Six participants and one trainer: 7 people. A visitor sees the trainer as "< 5" and, since 7 - 6 would give
    that one back, the participants as "≥ 5"; a focal point of the host institution sees every count exactly."""
    import re

    from skillsnet.people import services as people_services

    activity = make_activity("Mechatronics course", kind="training_programme", host=orgs["own"],
                             start=day("2024-04-01"))
    for i, role in enumerate(["participant"] * 6 + ["trainer"]):
        person = people_services.create_person(system_user, {"name": f"Person {i}", "organisation": orgs["own"]})
        people_services.record_participation(system_user, person.pk, activity.pk, role=role, registered=True)
    url = f"/activities/activities/{activity.pk}/registration/"

    def shown(page):
        return (re.search(r"People in any role</dt><dd>([^<]*)</dd>", page).group(1),
                dict(re.findall(r"<li>(\w+): ([^<]*)</li>", page)))
    assert shown(client.get(url).content.decode()) == ("7", {"Participant": "≥ 5", "Trainer": "&lt; 5"})
    client.force_login(users["focal_point"])
    assert shown(client.get(url).content.decode()) == ("7", {"Participant": "6", "Trainer": "1"})


@pytest.mark.parametrize("people, attended, completed, expected", [
    # 7 people. 6 attended: the one who did not is a small count (7 - 6), so "attended" is hidden as "≥ 5".
    (7, 6, 0, ("≥ 5", "0")),
    # 5 completed and 2 did not: the same for "completed"; attended 7 leaves no one out (0 is no small count).
    (7, 7, 5, ("7", "≥ 5")),
    # 3 attended: "< 5" itself; its complement (4) is hidden with it, and the two add up to 7 ≥ 5: nothing more.
    (7, 3, 0, ("&lt; 5", "0")),
    # 12 people, 7 attended (5 did not), 5 completed (7 did not): but 2 attended and did not complete, and a
    # completion needs attendance, so 7 - 5 is a small count as well: "completed" hidden.
    (12, 7, 5, ("7", "≥ 5")),
    # 6 people, 5 attended: "≥ 5" beside 6 would leave the one who did not attend pinned down (6 - 5), so the
    # number of people is hidden too (and with it completed, 5 of the attended, for the same reason)
    (6, 5, 5, ("≥ 5", "≥ 5")),
])
def test_a_complement_of_the_people_is_a_small_count_too(client, users, orgs, system_user, make_activity,
                                                          people, attended, completed, expected):
    """An activity's page shows the number of people beside how many registered, attended and completed: the people
    who did NOT attend are that number minus the attended, so a visitor may not read them exactly when they are
    1–4; the host's focal point reads every count."""
    import re

    from skillsnet.people import services as people_services

    activity = make_activity("Welding course", kind="training_programme", host=orgs["own"], start=day("2024-05-01"))
    for i in range(people):
        person = people_services.create_person(system_user, {"name": f"Welder {i}", "organisation": orgs["own"]})
        people_services.record_participation(system_user, person.pk, activity.pk, role="participant",
                                             registered=True, attended=i < attended, completed=i < completed)
    detail = f"/activities/activities/{activity.pk}/"
    registration = f"/activities/activities/{activity.pk}/registration/"

    def on_detail(page):
        return re.search(r"([^\s>]+(?: 5)?) people in roles: (\S+(?: 5)?) registered, (\S+(?: 5)?) attended, "
                         r"(\S+(?: 5)?) completed", page).groups()

    def on_registration(page):
        return tuple(re.search(rf"{label}</dt><dd>([^<]*)</dd>", page).group(1)
                     for label in ("People in any role", "Registered", "Attended", "Completed"))
    shown_attended, shown_completed = expected
    shown_people = "≥ 5" if (people, attended) == (6, 5) else str(people)
    visitor = (shown_people, str(people), shown_attended, shown_completed)
    assert on_detail(client.get(detail).content.decode()) == visitor
    assert on_registration(client.get(registration).content.decode()) == visitor
    client.force_login(users["focal_point"])
    exact = (str(people), str(people), str(attended), str(completed))
    assert on_detail(client.get(detail).content.decode()) == exact
    assert on_registration(client.get(registration).content.decode()) == exact


def test_every_activity_figures_count_a_person_once_whatever_its_roles(users, orgs, system_user, make_activity):
    """One person in two roles of a course counts once among its people (and once as attended); per role once in
    each: the figures for every activity (one SQL pass, activities.queries.every_activity_figures) and those of the
    course's own page agree with these hand-counted ones."""
    from skillsnet.activities import queries
    from skillsnet.people import services as people_services

    course = make_activity("Pumps course", kind="training_programme", host=orgs["own"], start=day("2024-06-01"))
    ana = people_services.create_person(system_user, {"name": "Ana", "organisation": orgs["own"]})
    bo = people_services.create_person(system_user, {"name": "Bo", "organisation": orgs["own"]})
    people_services.record_participation(system_user, ana.pk, course.pk, role="participant", registered=True,
                                         attended=True, completed=True)
    people_services.record_participation(system_user, ana.pk, course.pk, role="trainer", registered=True)
    people_services.record_participation(system_user, bo.pk, course.pk, role="participant", registered=True)
    expected = {"people": 2, "registered": 2, "attended": 1, "completed": 1}
    exact, _public = queries.every_activity_figures()
    assert exact[course.pk] == expected
    assert queries.participant_counts(course, None) == expected
    assert [n for _role, n in queries.registration_counts(course, None)[1]] == [2, 1]  # participant, trainer

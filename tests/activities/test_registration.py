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

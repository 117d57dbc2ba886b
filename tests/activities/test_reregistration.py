"""Registering someone who is already registered never resets what was recorded."""
from decimal import Decimal

from django.apps import apps

from skillsnet.core import services

from .conftest import day


def test_registering_again_keeps_attendance_completion_and_hours(client, users, orgs, system_user, make_activity):
    Person, Participation = apps.get_model("people", "Person"), apps.get_model("people", "Participation")
    person = services.create_object(system_user, Person, {"name": "Kept Trainee", "organisation": orgs["own"]})
    activity = make_activity("Welding course", kind="training_programme", host=orgs["own"], start=day("2024-03-01"))
    done = services.create_object(system_user, Participation, {
        "person": person, "activity": activity, "role": "participant", "registered": True, "attended": True,
        "completed": True, "hours": Decimal("40"), "notes": "passed the practical test"})
    client.force_login(users["focal_point"])
    url = f"/activities/activities/{activity.pk}/registration/"
    # the form's defaults: registered ticked, attended and completed not
    response = client.post(url, {"person": person.pk, "role": "participant", "registered": "on"})
    assert response.status_code == 302
    after = Participation.objects.get(pk=done.pk)
    assert (after.registered, after.attended, after.completed) == (True, True, True)
    assert after.hours == Decimal("40") and after.notes == "passed the practical test"
    assert after.version == done.version  # nothing changed, nothing written

    fresh = services.create_object(system_user, Person, {"name": "New Trainee", "organisation": orgs["own"]})
    client.post(url, {"person": fresh.pk, "role": "participant", "registered": "on"})
    client.post(url, {"person": fresh.pk, "role": "participant", "registered": "on", "attended": "on"})
    row = Participation.objects.get(person=fresh, activity=activity)
    assert (row.registered, row.attended, row.completed) == (True, True, False)

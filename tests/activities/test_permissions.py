from .conftest import day


def test_focal_point_of_host_can_edit(api_as, orgs, make_activity):
    mine = make_activity("Our workshop", host=orgs["own"], start=day("2024-01-10"))
    response = api_as("focal_point").patch(f"/api/activities/activities/{mine.pk}/",
                                           {"title": "Our renamed workshop", "version": mine.version}, format="json")
    assert response.status_code == 200, response.content
    mine.refresh_from_db()
    assert mine.title == "Our renamed workshop"


def test_focal_point_of_partner_can_edit(api_as, orgs, make_activity, system_user):
    from skillsnet.activities.services import add_organisation_to_activity

    theirs = make_activity("Joint workshop", host=orgs["cn"])
    add_organisation_to_activity(system_user, theirs.pk, orgs["own"], "partner")
    response = api_as("focal_point").patch(f"/api/activities/activities/{theirs.pk}/",
                                           {"description": "Notes", "version": theirs.version}, format="json")
    assert response.status_code == 200, response.content


def test_focal_point_of_unrelated_organisation_cannot_edit(api_as, client, users, orgs, make_activity):
    theirs = make_activity("Their workshop", host=orgs["cn"], start=day("2024-01-10"))
    response = api_as("focal_point").patch(f"/api/activities/activities/{theirs.pk}/",
                                           {"title": "Hijacked", "version": theirs.version}, format="json")
    assert response.status_code in (403, 404)
    theirs.refresh_from_db()
    assert theirs.title == "Their workshop"
    client.force_login(users["focal_point"])
    assert client.get(f"/activities/activities/{theirs.pk}/edit/").status_code == 403


def test_focal_point_cannot_move_activity_to_another_host(api_as, orgs, make_activity):
    mine = make_activity("Our workshop", host=orgs["own"])
    response = api_as("focal_point").patch(f"/api/activities/activities/{mine.pk}/",
                                           {"host": orgs["cn"].pk, "version": mine.version}, format="json")
    assert response.status_code in (403, 404)
    mine.refresh_from_db()
    assert mine.host_id == orgs["own"].pk


def test_follow_ups_are_not_public(client, orgs, make_activity):
    assert client.get("/api/activities/follow-up-actions/").status_code in (401, 403)
    assert client.get("/api/activities/activities/").status_code == 200

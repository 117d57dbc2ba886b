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
    assert response.status_code in (400, 403, 404)  # 400: only those who keep an organisation name it as host
    mine.refresh_from_db()
    assert mine.host_id == orgs["own"].pk


def test_follow_ups_are_not_public(client, orgs, make_activity):
    assert client.get("/api/activities/follow-up-actions/").status_code in (401, 403)
    assert client.get("/api/activities/activities/").status_code == 200


def test_api_list_page_shows_links_as_keys_without_reading_the_linked_rows(api_as, orgs, make_activity, system_user,
                                                                            django_assert_num_queries):
    """An activity's text is its title: an API list page writes its host, country, programme and parent as keys,
    with no query for those rows (before: one each, for the page's rows), in every language."""
    from skillsnet.activities.models import Initiative
    from skillsnet.core import services as core_services

    programme = core_services.create_object(system_user, Initiative, {"name": "Skills programme", "lead": orgs["cn"]})
    from skillsnet.directory.models import Country

    parent = make_activity("Summit", host=orgs["cn"], country=Country.objects.get(pk="CN"))
    make_activity("Workshop", title_zh_hans="研讨会", host=orgs["own"], country=Country.objects.get(pk="LA"),
                  initiative=programme, parent=parent, start=day("2024-03-01"))
    client = api_as("viewer")
    client.get("/api/activities/activities/?page_size=50&cursor=")  # the first request of a client builds caches
    with django_assert_num_queries(3):  # token with its user, roles, the keyset page (no count): none for the links
        rows = client.get("/api/activities/activities/?page_size=50&cursor=").json()["results"]
    workshop = next(r for r in rows if r["title"] == "Workshop")
    assert workshop["display"] == "Workshop"
    assert (workshop["host"], workshop["country"], workshop["initiative"], workshop["parent"]) == (
        orgs["own"].pk, "LA", programme.pk, parent.pk)
    assert next(r for r in client.get("/api/activities/activities/?cursor=", HTTP_ACCEPT_LANGUAGE="zh-hans")
                .json()["results"] if r["title"] == "Workshop")["display"] == "研讨会"

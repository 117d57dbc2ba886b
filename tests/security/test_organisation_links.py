"""A focal point may name other institutions in its records (partners, an owner of a follow-up), but it may not
say that another institution did something (an activity's host, a programme's lead), take a record away from the
institution that did it, or hang rows of its own under another institution's activity or programme — each of
those would put its records on the other institution's page as if that institution did them, or (a role in an
activity, a site of a programme widens their scope) give it the other institution's activity, its agenda, its
follow-ups and the participations of its trainees."""
import datetime

import pytest

from skillsnet.activities.models import Activity, ActivityOrganisation, FollowUpAction, Initiative, InitiativeSite
from skillsnet.core import services
from skillsnet.people.models import Participation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs, system_user):
    """The Chinese college's workshop with one of its trainees; the Lao focal point's own workshop."""
    theirs = services.create_object(system_user, Activity, {
        "title": "Tianjin robotics workshop", "kind": "peer_to_peer_workshop", "host": orgs["cn"],
        "start": datetime.date(2024, 5, 6)})
    trainee = services.create_object(system_user, Person, {"name": "Li Trainee-Of-Tianjin", "organisation": orgs["cn"]})
    services.create_object(system_user, Participation, {"person": trainee, "activity": theirs, "role": "participant",
                                                        "attended": True, "completed": True, "hours": 16})
    mine = services.create_object(system_user, Activity, {
        "title": "Vientiane welding workshop", "kind": "peer_to_peer_workshop", "host": orgs["own"],
        "start": datetime.date(2024, 6, 6)})
    programme = services.create_object(system_user, Initiative, {"name": "Tianjin workshops abroad", "lead": orgs["cn"]})
    return {"theirs": theirs, "mine": mine, "trainee": trainee, "programme": programme}


def _participations_seen(api):
    return api.get("/api/people/participations/").json()["count"]


def test_focal_point_cannot_add_its_institution_to_another_institutions_activity(api_as, orgs, world):
    api = api_as("focal_point")
    before = _participations_seen(api)
    refused = api.post("/api/activities/organisations-in-activities/", {
        "activity": world["theirs"].pk, "organisation": orgs["own"].pk, "role": "partner"}, format="json")
    assert refused.status_code in (400, 403), refused.content
    assert not ActivityOrganisation.objects.filter(activity=world["theirs"]).exists()
    # so it still cannot edit that activity, nor take over its host, nor read its trainees' participations
    edit = api.patch(f"/api/activities/activities/{world['theirs'].pk}/", {"host": orgs["own"].pk,
                                                                          "version": world["theirs"].version},
                     format="json")
    assert edit.status_code in (403, 404)
    world["theirs"].refresh_from_db()
    assert world["theirs"].host_id == orgs["cn"].pk
    assert _participations_seen(api) == before


def test_a_partner_cannot_take_the_activity_over_or_give_it_to_someone_else(api_as, orgs, world, system_user):
    from skillsnet.activities.services import add_organisation_to_activity

    theirs = world["theirs"]
    add_organisation_to_activity(system_user, theirs.pk, orgs["own"], "partner")  # a real partner, added by the host
    api = api_as("focal_point")
    ok = api.patch(f"/api/activities/activities/{theirs.pk}/", {"description": "Our notes", "version": theirs.version},
                   format="json")
    assert ok.status_code == 200, ok.content  # partners keep the activity up to date
    theirs.refresh_from_db()
    for host in (orgs["own"], orgs["other_la"], None):
        refused = api.patch(f"/api/activities/activities/{theirs.pk}/", {
            "host": host.pk if host else None, "version": theirs.version}, format="json")
        assert refused.status_code == 400, (host, refused.content)
        assert "host" in refused.json()
    theirs.refresh_from_db()
    assert theirs.host_id == orgs["cn"].pk
    assert Participation.objects.filter(activity=theirs).count() == 1
    assert api.get(f"/api/people/participations/?activity={theirs.pk}").json()["count"] == 0


def test_focal_point_cannot_say_another_institution_hosts_or_leads_its_records(api_as, client, users, orgs, world):
    api = api_as("focal_point")
    refused = api.post("/api/activities/activities/", {"title": "Said to be Tianjin's", "kind": "peer_to_peer_workshop",
                                                       "host": orgs["cn"].pk}, format="json")
    assert refused.status_code in (400, 403) and not Activity.objects.filter(title="Said to be Tianjin's").exists()
    # with its own institution as a partner, the record would stay in its scope: still refused
    refused = api.post("/api/activities/programmes/", {
        "name": "Said to be led by Tianjin", "lead": orgs["cn"].pk, "partners": [orgs["own"].pk]}, format="json")
    assert refused.status_code == 400 and "lead" in refused.json(), refused.content
    assert not Initiative.objects.filter(name="Said to be led by Tianjin").exists()
    mine = world["mine"]
    moved = api.patch(f"/api/activities/activities/{mine.pk}/", {"host": orgs["other_la"].pk, "version": mine.version},
                      format="json")
    assert moved.status_code in (400, 403)
    # the page's form says why, and names the field
    client.force_login(users["focal_point"])
    page = client.post("/activities/programmes/add/", {"name": "Form programme", "lead": orgs["cn"].pk,
                                                       "partners": [orgs["own"].pk]})
    assert page.status_code == 400 and not Initiative.objects.filter(name="Form programme").exists()
    # naming its own institution, or a partner, is what focal points do
    ok = api.post("/api/activities/programmes/", {"name": "Our programme", "lead": orgs["own"].pk,
                                                   "partners": [orgs["cn"].pk]}, format="json")
    assert ok.status_code == 201, ok.content
    ok = api.post("/api/activities/organisations-in-activities/", {
        "activity": mine.pk, "organisation": orgs["cn"].pk, "role": "partner"}, format="json")
    assert ok.status_code == 201, ok.content


def test_focal_point_cannot_add_a_site_to_another_institutions_programme(api_as, orgs, world):
    programme = world["programme"]
    api = api_as("focal_point")
    refused = api.post("/api/activities/programme-sites/", {"initiative": programme.pk, "organisation": orgs["own"].pk,
                                                            "country": "LA"}, format="json")
    assert refused.status_code in (400, 403), refused.content
    assert not InitiativeSite.objects.filter(initiative=programme).exists()
    edit = api.patch(f"/api/activities/programmes/{programme.pk}/", {"lead": orgs["own"].pk,
                                                                     "version": programme.version}, format="json")
    assert edit.status_code in (403, 404)


def test_focal_point_cannot_move_its_rows_under_another_institutions_activity(api_as, orgs, world, system_user):
    """Its own follow-up and its own role (in its own workshop) moved to the other institution's workshop."""
    mine, theirs = world["mine"], world["theirs"]
    api = api_as("focal_point")
    made = api.post("/api/activities/follow-up-actions/", {"activity": mine.pk, "what": "Send the report",
                                                           "owner_organisation": orgs["own"].pk}, format="json")
    assert made.status_code == 201, made.content
    follow_up = FollowUpAction.objects.get(pk=made.json()["id"])
    moved = api.patch(f"/api/activities/follow-up-actions/{follow_up.pk}/", {"activity": theirs.pk,
                                                                             "version": follow_up.version}, format="json")
    assert moved.status_code in (400, 403), moved.content
    role = services.create_object(system_user, ActivityOrganisation, {"activity": mine, "organisation": orgs["own"],
                                                                      "role": "organiser"})
    moved = api.patch(f"/api/activities/organisations-in-activities/{role.pk}/", {"activity": theirs.pk,
                                                                                  "version": role.version}, format="json")
    assert moved.status_code in (400, 403), moved.content
    assert not ActivityOrganisation.objects.filter(activity=theirs).exists()
    assert not FollowUpAction.objects.filter(activity=theirs).exists()
    # a follow-up on its own workshop owned by a partner institution is an ordinary action item
    ok = api.post("/api/activities/follow-up-actions/", {"activity": mine.pk, "what": "Share the curriculum",
                                                         "owner_organisation": orgs["cn"].pk}, format="json")
    assert ok.status_code == 201, ok.content


def test_the_secretariat_and_the_coordinator_of_the_country_still_correct_a_host(api_as, orgs, world):
    mine = world["mine"]
    coordinator = api_as("country_coordinator")  # Laos: both Lao institutes are its own
    ok = coordinator.patch(f"/api/activities/activities/{mine.pk}/", {"host": orgs["other_la"].pk,
                                                                      "version": mine.version}, format="json")
    assert ok.status_code == 200, ok.content
    mine.refresh_from_db()
    ok = api_as("secretariat_admin").patch(f"/api/activities/activities/{mine.pk}/", {
        "host": orgs["cn"].pk, "version": mine.version}, format="json")
    assert ok.status_code == 200, ok.content


def test_an_import_cannot_do_what_the_forms_refuse(orgs, world, users):
    """The same escalations through a CSV import (the bulk path writes without the services): a focal point's rows
    adding its institution to another institution's activity, or naming another institution as a host, are
    refused with their row, and nothing is written."""
    from skillsnet.core.importer import run_import

    actor = users["focal_point"]
    roles = f"activity,organisation,role\n{world['theirs'].pk},{orgs['own'].pk},partner\n".encode()
    for commit in (False, True):
        result = run_import(actor, ActivityOrganisation, roles, "roles.csv", commit=commit)
        assert not result.ok and result.errors and result.errors[0].row == 2, result.errors
    assert not ActivityOrganisation.objects.filter(activity=world["theirs"]).exists()
    hosted = (f"title,kind,host,start\nA workshop said to be Tianjin's,peer_to_peer_workshop,{orgs['cn'].pk},"
              f"2024-07-01\n").encode()
    for commit in (False, True):
        result = run_import(actor, Activity, hosted, "activities.csv", commit=commit)
        assert not result.ok and result.errors, result.errors
    assert not Activity.objects.filter(title="A workshop said to be Tianjin's").exists()

"""Linking a record in a write requires that the actor may see it (issue 11: "a focal point can attach ANY
person by id to an activity it hosts"), and the importer never names records outside the user's scope."""
import datetime

import pytest

from skillsnet.activities.models import Activity, AgendaItem
from skillsnet.core import services
from skillsnet.core.importer import run_import
from skillsnet.people.models import Participation, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(orgs, system_user):
    activity = services.create_object(system_user, Activity, {
        "title": "Welding workshop", "kind": "peer_to_peer_workshop", "host": orgs["own"],
        "start": datetime.date(2024, 5, 6)})
    return {
        "activity": activity,
        "mine": services.create_object(system_user, Person, {"name": "Vilay Own-Institute", "organisation": orgs["own"]}),
        "theirs": services.create_object(system_user, Person, {"name": "Wang Elsewhere", "organisation": orgs["cn"]}),
        "item": services.create_object(system_user, AgendaItem, {"activity": activity, "title": "Opening"}),
    }


def test_focal_point_cannot_attach_a_person_it_may_not_see(api_as, world):
    api = api_as("focal_point")
    refused = api.post("/api/people/participations/", {"person": world["theirs"].pk, "activity": world["activity"].pk,
                                                       "role": "participant"}, format="json")
    assert refused.status_code == 400
    assert "Wang" not in refused.content.decode()
    assert not Participation.objects.filter(person=world["theirs"]).exists()
    ok = api.post("/api/people/participations/", {"person": world["mine"].pk, "activity": world["activity"].pk,
                                                  "role": "participant"}, format="json")
    assert ok.status_code == 201, ok.content


def test_speaker_must_be_a_person_the_editor_may_see(api_as, world):
    item = world["item"]
    api = api_as("focal_point")
    refused = api.patch(f"/api/activities/agenda-items/{item.pk}/", {"speaker": world["theirs"].pk,
                                                                      "version": item.version}, format="json")
    assert refused.status_code == 400
    item.refresh_from_db()
    assert item.speaker_id is None and item.version == 1
    ok = api.patch(f"/api/activities/agenda-items/{item.pk}/", {"speaker": world["mine"].pk, "version": item.version},
                   format="json")
    assert ok.status_code == 200, ok.content


def test_form_choices_list_only_people_the_user_may_see(client, users, world):
    client.force_login(users["focal_point"])
    page = client.get(f"/activities/agenda-items/{world['item'].pk}/edit/").content.decode()
    assert "Vilay Own-Institute" in page and "Wang Elsewhere" not in page


def test_import_dry_run_names_nothing_outside_the_scope(users, world):
    theirs = world["theirs"]
    data = f"id,name,organisation\n{theirs.pk},Renamed,{theirs.organisation_id}\n".encode()
    result = run_import(users["focal_point"], Person, data, "people.csv", commit=False)
    messages = " ".join(str(e) for e in result.errors)
    assert not result.ok and "Wang" not in messages
    theirs.refresh_from_db()
    assert theirs.name == "Wang Elsewhere"


def test_list_masks_each_rows_links_with_one_query_per_linked_model(api_as, orgs, system_user, world):
    """A coordinator of Lao PDR lists the participations of a Lao activity: the Chinese participant's link is
    masked (null), the Lao one's shown, and the masking asks the database once for the page, not once per row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    activity = world["activity"]

    def add(n, org, prefix):
        for i in range(n):
            person = services.create_object(system_user, Person, {"name": f"{prefix} {i}", "organisation": org})
            services.create_object(system_user, Participation, {"person": person, "activity": activity,
                                                                "role": "participant"})

    add(2, orgs["own"], "Lao trainee")
    add(2, orgs["cn"], "Chinese trainee")
    api = api_as("country_coordinator")

    def listing():
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/people/participations/?activity={activity.pk}&page_size=50")
        assert response.status_code == 200, response.content
        return response.json()["results"], len(queries)

    rows, few = listing()
    persons = {p.pk: p.organisation_id for p in Person.objects.filter(participations__activity=activity)}
    assert len(rows) == 4
    for row in rows:
        assert row["person"] is None if persons[Participation.objects.get(pk=row["id"]).person_id] == orgs["cn"].pk \
            else row["person"] is not None
    assert sum(row["person"] is None for row in rows) == 2
    add(8, orgs["own"], "More Lao")
    add(8, orgs["cn"], "More Chinese")
    rows, many = listing()
    assert len(rows) == 20 and sum(row["person"] is None for row in rows) == 10
    assert many <= few  # the first call also warms per-process caches

"""Joint curricula: versions frozen once published, the diff of two versions, adoptions by country,
the "Curricula" panel on the organisation page, and scoping to the co-authoring organisations."""
import pytest
from django.core.exceptions import PermissionDenied

from skillsnet.core import services as core
from skillsnet.core.errors import LockedRecord
from skillsnet.curricula import queries, services
from skillsnet.curricula.models import Adoption, Curriculum, Module


@pytest.fixture
def curriculum(system_user, orgs):
    cur = core.create_object(system_user, Curriculum, {"title": "Test joint curriculum",
                                                       "co_authors": [orgs["own"], orgs["cn"]]})
    v1 = services.create_version(system_user, {"curriculum": cur, "notes": "first"})
    services.create_module(system_user, {"curriculum_version": v1, "code": "M1", "title": "Safety", "hours": 40,
                                         "learning_outcomes": ["Work safely"]})
    services.create_module(system_user, {"curriculum_version": v1, "code": "M2", "title": "Measuring",
                                         "hours": 20})
    return cur, v1


def test_version_diff_shows_added_module_and_changed_hours(system_user, curriculum):
    cur, v1 = curriculum
    v1 = services.publish_version(system_user, v1.pk, v1.version)
    v2 = services.start_next_version(system_user, cur.pk, notes="second")
    assert v2.number == 2 and not v2.published and v2.modules.count() == 2
    m2 = v2.modules.get(code="M2")
    services.update_module(system_user, m2.pk, {"hours": 30}, m2.version)
    services.create_module(system_user, {"curriculum_version": v2, "code": "M3", "title": "Diagnostics",
                                         "hours": 30, "kind": Module.Kind.TOP_UP})
    diff = queries.diff_versions(v1, v2)
    assert [m.code for m in diff.added] == ["M3"] and diff.removed == []
    assert len(diff.changed) == 1 and diff.changed[0].code == "M2"
    assert [(c.field, c.before, c.after) for c in diff.changed[0].changes] == [("hours", 20, 30)]
    assert (diff.hours_old, diff.hours_new, diff.hours_delta, diff.unchanged) == (60, 100, 40, 1)
    data = diff.as_dict()
    assert data["added"][0]["code"] == "M3" and data["hours"] == {"old": 60, "new": 100, "delta": 40}


def test_published_version_is_frozen(system_user, curriculum):
    _, v1 = curriculum
    v1 = services.publish_version(system_user, v1.pk, v1.version)
    m1 = v1.modules.get(code="M1")
    with pytest.raises(LockedRecord):
        services.update_module(system_user, m1.pk, {"hours": 41}, m1.version)
    with pytest.raises(LockedRecord):
        services.create_module(system_user, {"curriculum_version": v1, "code": "M9", "title": "Late", "hours": 1})
    with pytest.raises(LockedRecord):
        services.delete_module(system_user, m1.pk, m1.version)
    with pytest.raises(LockedRecord):
        services.update_version(system_user, v1.pk, {"notes": "changed"}, v1.version)


def test_diff_page_and_api(client, api_as, system_user, users, curriculum):
    cur, v1 = curriculum
    v2 = services.start_next_version(system_user, cur.pk)
    m2 = v2.modules.get(code="M2")
    services.update_module(system_user, m2.pk, {"hours": 25}, m2.version)
    services.create_module(system_user, {"curriculum_version": v2, "code": "M3", "title": "Diagnostics", "hours": 5})
    client.force_login(users["viewer"])
    html = client.get("/curricula/diff/", {"old": v1.pk, "new": v2.pk}).content.decode()
    assert "Modules added" in html and "M3" in html and "Diagnostics" in html
    assert "<td>20</td><td>25</td>" in html.replace("\n", "")
    response = api_as("viewer").get(f"/api/curricula/diff/{v1.pk}/{v2.pk}/")
    assert response.status_code == 200 and response.json()["hours"]["delta"] == 10
    assert client.get("/curricula/diff/", {"old": v1.pk, "new": 999999}).status_code == 404


def test_adoption_by_country_and_organisation_panel(client, api_as, system_user, users, orgs, curriculum):
    cur, v1 = curriculum
    v1 = services.publish_version(system_user, v1.pk, v1.version)
    core.create_object(system_user, Adoption, {"organisation": orgs["other_la"], "curriculum_version": v1,
                                               "kind": "adopted", "date": "2025", "trainees": 12})
    core.create_object(system_user, Adoption, {"organisation": orgs["own"], "curriculum_version": v1,
                                               "kind": "piloted", "trainees": 8})
    rows = queries.adoption_by_country(users["viewer"])
    assert [(r["country"], r["organisations"], r["piloted"], r["adopted"], r["trainees"]) for r in rows] == [
        ("LA", 2, 1, 1, 20)]
    assert api_as("viewer").get("/api/curricula/adoptions-by-country/").json()["results"][0]["trainees"] == 20
    client.force_login(users["viewer"])
    assert "Lao" in client.get("/curricula/adoption-map/").content.decode()
    page = client.get(f"/directory/organisations/{orgs['other_la'].pk}/").content.decode()
    assert "Curricula" in page and "Test joint curriculum" in page  # adopted, not co-authored


def test_adopting_a_draft_is_refused_but_piloting_is_allowed(system_user, orgs, curriculum):
    from django.core.exceptions import ValidationError

    _, v1 = curriculum
    with pytest.raises(ValidationError):
        core.create_object(system_user, Adoption, {"organisation": orgs["own"], "curriculum_version": v1,
                                                   "kind": "adopted"})
    core.create_object(system_user, Adoption, {"organisation": orgs["own"], "curriculum_version": v1,
                                               "kind": "piloted"})


def test_co_authors_focal_point_edits_modules_others_cannot(system_user, users, orgs, curriculum):
    cur, v1 = curriculum
    services.create_module(users["focal_point"], {"curriculum_version": v1, "code": "M4", "title": "By focal point",
                                                  "hours": 8})
    other = core.create_object(system_user, Curriculum, {"title": "Other", "co_authors": [orgs["cn"]]})
    ov = services.create_version(system_user, {"curriculum": other})
    with pytest.raises(PermissionDenied):
        services.create_module(users["focal_point"], {"curriculum_version": ov, "code": "X", "title": "No",
                                                      "hours": 1})
    with pytest.raises(PermissionDenied):
        services.create_module(users["viewer"], {"curriculum_version": v1, "code": "Y", "title": "No", "hours": 1})


def test_generic_pages(client, system_user, users, curriculum):
    cur, v1 = curriculum
    client.force_login(users["focal_point"])
    assert client.get(f"/curricula/curricula/{cur.pk}/").status_code == 200
    html = client.get(f"/curricula/curriculum-versions/{v1.pk}/").content.decode()
    assert "Publish this version" in html and "60" in html
    response = client.post(f"/curricula/curriculum-versions/{v1.pk}/publish/", {"version": v1.version})
    assert response.status_code == 302
    v1.refresh_from_db()
    assert v1.published
    assert client.get("/curricula/modules/", {"export": "csv"}).status_code == 200

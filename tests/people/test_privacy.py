import csv
import io

from skillsnet.people.queries import pseudonym

from .conftest import make_person, participate


def _setup(system_user, orgs, activity):
    own = make_person(system_user, "Khamsavay Gnommilavong", orgs["own"], sex="male", birth_year=1975)
    cn = make_person(system_user, "Zhang Lifang", orgs["cn"], sex="female", birth_year=1990)
    la = make_person(system_user, "Lamphone Seangsavang", orgs["other_la"])
    participate(system_user, own, activity, attended=True, completed=True)
    participate(system_user, cn, activity, role="speaker", attended=True)
    participate(system_user, la, activity)
    return own, cn, la


def test_viewer_sees_no_person_rows_in_api(api_as, system_user, orgs, activity):
    own, _cn, _la = _setup(system_user, orgs, activity)
    viewer = api_as("viewer")
    for url in ("/api/people/people/", f"/api/people/people/{own.pk}/", "/api/people/participations/",
                "/api/people/titles-and-affiliations/", "/api/people/people/?export=csv"):
        response = viewer.get(url)
        assert response.status_code in (403, 404) or response.json()["count"] == 0, url
        assert "Khamsavay" not in response.content.decode()


def test_viewer_sees_no_person_rows_in_pages(client, users, system_user, orgs, activity):
    _setup(system_user, orgs, activity)
    client.force_login(users["viewer"])
    for url in ("/people/people/", "/people/people/?export=csv", "/people/participations/?export=csv",
                f"/directory/organisations/{orgs['own'].pk}/"):
        response = client.get(url)
        assert "Khamsavay" not in response.content.decode(), url


def test_viewer_gets_counts_from_the_summary(api_as, client, users, system_user, orgs, activity):
    _setup(system_user, orgs, activity)
    response = api_as("viewer").get("/api/people/summary/")
    assert response.status_code == 200
    data = response.json()
    # a viewer sees no personal data: every count below five is "< 5" (issue 11); zero stays zero
    assert data["participations"] == "< 5" and data["people"] == "< 5" and data["completed"] == "< 5"
    by_sex = {row["key"]: row["people"] for row in data["by_sex"]}
    assert by_sex == {"male": "< 5", "female": "< 5", "unknown": "< 5"}
    by_country = {row["key"]: row["people"] for row in data["by_country"]}
    assert by_country == {"LA": "< 5", "CN": "< 5"}
    assert api_as("viewer").get("/api/people/summary/?sex=female").json()["participations"] == "< 5"
    assert api_as("viewer").get("/api/people/summary/?activity=nonsense").json()["participations"] == 0
    # the secretariat sees the exact small counts
    exact = api_as("secretariat_admin").get("/api/people/summary/").json()
    assert exact["participations"] == 3 and exact["people"] == 3 and exact["completed"] == 1
    assert {row["key"]: row["people"] for row in exact["by_country"]} == {"LA": 2, "CN": 1}
    assert api_as("secretariat_admin").get("/api/people/summary/?country=la&completed=true").json()["people"] == 1
    assert "Khamsavay" not in response.content.decode()
    client.force_login(users["viewer"])
    page = client.get("/people/summary/")
    assert page.status_code == 200 and "Khamsavay" not in page.content.decode()
    from django.contrib.auth.models import AnonymousUser

    from skillsnet.accounts.permissions import can
    from skillsnet.activities.models import Activity

    # anonymous visitors get neither counts nor pseudonymised rows, even though activities are public
    assert can(AnonymousUser(), "view", Activity)
    assert api_as("anonymous").get("/api/people/summary/").status_code == 401
    assert api_as("anonymous").get("/api/people/summary/?export=csv").status_code == 401


def _csv(body):
    text = body.decode("utf-8-sig")
    return text, list(csv.DictReader(io.StringIO(text)))


def test_summary_export_is_pseudonymised(api_as, client, users, system_user, orgs, activity, other_activity):
    own, cn, la = _setup(system_user, orgs, activity)
    participate(system_user, cn, other_activity, attended=True)  # neither the focal point's person nor activity
    client.force_login(users["secretariat_admin"])
    for body in (client.get("/people/summary/?export=csv").content,
                 api_as("secretariat_admin").get("/api/people/summary/?export=csv").content):
        text, rows = _csv(body)
        assert len(rows) == 4
        for name in ("Khamsavay", "Gnommilavong", "Zhang Lifang", "Lamphone"):
            assert name not in text
        # no birth year in any column (a pseudonym, hex digits, may happen to hold "1975")
        assert not [v for r in rows for k, v in r.items() if k != "person" and ("1975" in v or "1990" in v)]
        assert "birth_year" not in rows[0]
        by_person = {r["person"]: r for r in rows}
        assert set(by_person) == {pseudonym(own.pk), pseudonym(cn.pk), pseudonym(la.pk)}
        assert by_person[pseudonym(own.pk)]["age_group"] == "45-54"  # 2022 - 1975 = 47
        assert {r["age_group"] for r in rows if r["person"] == pseudonym(cn.pk)} == {"25-34", "35-44"}  # 2022, 2025
    assert pseudonym(own.pk) == pseudonym(own.pk) and pseudonym(own.pk).startswith("P-")
    # a focal point exports only the participations it may view: its hosted activity's three, not the Tianjin one
    _text, rows = _csv(api_as("focal_point").get("/api/people/summary/?export=csv").content)
    assert sorted(r["activity"] for r in rows) == ["Peer-to-peer workshop"] * 3


def test_summary_export_keeps_small_counts_masked_for_roles_without_personal_data(api_as, client, users,
                                                                                system_user, orgs, activity):
    """One row per participation would let a viewer count the "< 5" groups: a viewer exports the counts."""
    own, cn, la = _setup(system_user, orgs, activity)
    client.force_login(users["viewer"])
    page = client.get("/people/summary/").content.decode()
    assert "Export counts (CSV)" in page and "pseudonymised" not in page
    for body in (client.get("/people/summary/?export=csv").content,
                 api_as("viewer").get("/api/people/summary/?export=csv").content):
        text, rows = _csv(body)
        assert list(rows[0]) == ["group", "key", "label", "participations", "people"]
        for secret in (pseudonym(own.pk), pseudonym(cn.pk), "Khamsavay", "Zhang", "45-54"):
            assert secret not in text
        cells = {(r["group"], r["key"]): (r["participations"], r["people"]) for r in rows}
        assert cells[("total", "")] == ("< 5", "< 5")
        assert cells[("by_country", "LA")] == ("< 5", "< 5") and cells[("by_country", "CN")] == ("< 5", "< 5")
        assert cells[("by_sex", "female")] == ("< 5", "< 5")
        assert {v for pair in cells.values() for v in pair} == {"< 5"}
    response = client.get("/people/summary/?export=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="participation-counts.xlsx"'
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["group", "key", "label", "participations", "people"]
    assert values[1][0] == "total" and values[1][3:] == ["< 5", "< 5"]
    assert not any(pseudonym(own.pk) in str(v) for row in values for v in row)


def test_focal_point_sees_only_own_organisation_people(api_as, system_user, orgs, activity, other_activity):
    own, cn, la = _setup(system_user, orgs, activity)
    focal = api_as("focal_point")
    names = [row["name"] for row in focal.get("/api/people/people/").json()["results"]]
    assert names == ["Khamsavay Gnommilavong"]
    assert focal.get(f"/api/people/people/{cn.pk}/").status_code == 404
    # participations: those of their people, and those in activities their organisation hosts
    participate(system_user, cn, other_activity)  # neither their person nor their activity
    rows = focal.get("/api/people/participations/").json()["results"]
    assert len(rows) == 3
    coordinator = api_as("country_coordinator")
    names = {row["name"] for row in coordinator.get("/api/people/people/").json()["results"]}
    assert names == {"Khamsavay Gnommilavong", "Lamphone Seangsavang"}
    secretariat = api_as("secretariat_admin")
    assert secretariat.get("/api/people/people/").json()["count"] == 3


def test_focal_point_cannot_add_a_person_elsewhere(api_as, orgs, users):
    focal = api_as("focal_point")
    refused = focal.post("/api/people/people/", {"name": "Someone", "organisation": orgs["cn"].pk}, format="json")
    assert refused.status_code == 403
    created = focal.post("/api/people/people/", {"name": "Someone", "organisation": orgs["own"].pk}, format="json")
    assert created.status_code == 201


def test_the_summary_gives_no_small_complement_of_its_total(api_as, system_user, orgs, activity):
    """Eight participations, all attended, six completed. The participations NOT completed (8 - 6 = 2) are what
    `?completed=false` counts as "< 5": beside the exact total, the completed card is hidden as "≥ 5"; attended (8 of
    8) leaves nobody out and stays exact. The secretariat reads every figure."""
    for i in range(8):
        person = make_person(system_user, f"Trainee {i}", orgs["own"])
        participate(system_user, person, activity, attended=True, completed=i > 1)
    viewer = api_as("viewer")
    data = viewer.get("/api/people/summary/").json()
    assert (data["participations"], data["attended"], data["completed"]) == (8, 8, "≥ 5")
    assert viewer.get("/api/people/summary/?completed=false").json()["participations"] == "< 5"
    exact = api_as("secretariat_admin").get("/api/people/summary/").json()
    assert (exact["participations"], exact["attended"], exact["completed"]) == (8, 8, 6)

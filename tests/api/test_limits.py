"""Deep JSON and out-of-range integers answer 400 (SQLite and PostgreSQL), in the API and on pages."""
import pytest

from skillsnet.directory.models import Organisation

HUGE = "99999999999999999999"


def test_deeply_nested_json_is_a_400(api_as, orgs):
    body = "[" * 5000 + "]" * 5000
    response = api_as("secretariat_admin").generic("POST", "/api/directory/organisations/", body,
                                                   content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]
    nested = '{"name": "Deep", "kind": "other", "aliases": ' + "[" * 200 + "]" * 200 + "}"
    response = api_as("secretariat_admin").generic("POST", "/api/directory/organisations/", nested,
                                                   content_type="application/json")
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Deep").exists()


@pytest.mark.parametrize("path", [
    f"/api/agreements/agreements/?areas={HUGE}",
    f"/api/directory/organisations/?fields={HUGE}",
    f"/api/directory/organisations/{HUGE}/",
    f"/api/directory/organisations/{HUGE}/history/",
    f"/api/directory/organisations/?cursor={HUGE}",
])
def test_huge_integers_in_api_filters_are_not_500(api_as, orgs, path):
    response = api_as("secretariat_admin").get(path)
    assert response.status_code in (400, 404), (response.status_code, response.content[:300])


@pytest.mark.parametrize("path", [
    f"/agreements/agreements/?areas={HUGE}",
    f"/directory/organisations/?fields={HUGE}",
    f"/directory/organisations/{HUGE}/",
])
def test_huge_integers_in_page_filters_are_not_500(client, users, orgs, path):
    client.force_login(users["secretariat_admin"])
    response = client.get(path)
    assert response.status_code in (200, 400, 404), response.status_code


def test_huge_integers_in_bodies_are_a_400(api_as, orgs):
    client = api_as("secretariat_admin")
    response = client.post("/api/directory/organisations/", {"name": "Big", "kind": "other", "fields": [int(HUGE)]},
                           format="json")
    assert response.status_code == 400
    response = client.post("/api/directory/organisations/", {"name": "Big", "kind": "other", "country": int(HUGE)},
                           format="json")
    assert response.status_code == 400
    org = orgs["own"]
    response = client.patch(f"/api/directory/organisations/{org.pk}/", {"version": int(HUGE), "city": "X"},
                            format="json")
    assert response.status_code in (400, 409)
    assert not Organisation.objects.filter(name="Big").exists()
    assert Organisation.objects.get(pk=org.pk).city != "X"


def test_deep_json_uploaded_to_a_page_or_the_api_verifier_is_not_500(client, db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    deep = ("[" * 5000 + "]" * 5000).encode()
    response = client.post("/credentials/verify/", {"file": SimpleUploadedFile("c.json", deep)})
    assert response.status_code == 400
    response = client.generic("POST", "/api/credentials/verify/", deep, content_type="application/json")
    assert response.status_code == 400

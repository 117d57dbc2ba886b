"""Bad input on any form or API call gives a clear message, never a 500."""
import pytest

from skillsnet.directory.models import Organisation

from ..conftest import PASSWORD

URL = "/api/directory/organisations/"


@pytest.mark.parametrize("body,field,fragment", [
    ({"name": "X", "country": "ZZ"}, "country", "ZZ"),
    ({"name": "A" * 301}, "name", "300"),
    ({"name": "X", "kind": 5}, "kind", "valid choice"),
    ({"name": "X", "acronyms": "TEITC"}, "acronyms", "list"),
    ({"name": "X", "fields": ["9999"]}, "fields", "9999"),
    ({"name": "X", "website": "not a url"}, "website", "URL"),
    ({"name": "X", "founded": "2021-13"}, "founded", "YYYY"),
    ({"name": ["a", "b"]}, "name", "string"),
    ({"kind": "company"}, "name", "required"),
    ({"name": "X", "country": "CN", "province": "LA-VT"}, "province", "not in the chosen country"),
])
def test_api_rejects_bad_values_with_a_message(api_as, orgs, body, field, fragment):
    response = api_as("secretariat_admin").post(URL, body, format="json")
    assert response.status_code == 400, response.content
    messages = " ".join(str(m) for m in response.json()[field])
    assert fragment.lower() in messages.lower()
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.parametrize("raw,ctype", [
    ("{bad json", "application/json"),
    ("[1, 2, 3]", "application/json"),
    ("null", "application/json"),
    ("\xff\xfe", "application/json"),
    ("name=x", "text/plain"),
])
def test_api_malformed_bodies(api_as, orgs, raw, ctype):
    response = api_as("secretariat_admin").generic("POST", URL, raw.encode("latin-1"), content_type=ctype)
    assert 400 <= response.status_code < 500, response.content
    assert response.json()


@pytest.mark.parametrize("path", [
    "/api/directory/organisations/abc/", "/api/directory/organisations/99999999999999999999/",
    "/api/directory/organisations/?page=999", "/api/directory/organisations/?page_size=abc",
    "/api/directory/organisations/?country=%00", "/api/directory/organisations/?sort=nonsense",
    "/api/directory/organisations/?kind=castle", "/api/directory/countries/XX/",
    "/api/directory/organisations/?q=" + "x" * 5000,
])
def test_api_odd_queries_are_not_500(api_as, orgs, path):
    response = api_as("secretariat_admin").get(path)
    assert response.status_code < 500


def test_wrong_types_on_update(api_as, orgs):
    org = orgs["own"]
    response = api_as("secretariat_admin").patch(f"{URL}{org.pk}/", {"version": "three"}, format="json")
    assert response.status_code == 400
    response = api_as("secretariat_admin").put(f"{URL}{org.pk}/", {"version": 1}, format="json")
    assert response.status_code == 400 and "name" in response.json()


@pytest.mark.parametrize("data,fragment", [
    ({"name": "", "kind": "tvet_institute"}, "required"),
    ({"name": "A" * 301, "kind": "tvet_institute"}, "at most 300"),
    ({"name": "X", "kind": "tvet_institute", "country": "ZZ"}, "valid choice"),
    ({"name": "X", "kind": "castle"}, "valid choice"),
    ({"name": "X", "kind": "tvet_institute", "founded": "May 2021"}, "YYYY"),
    ({"name": "X", "kind": "tvet_institute", "aliases": "B" * 301}, "300"),
])
def test_web_form_bad_input(client, users, data, fragment):
    client.login(username="admin1", password=PASSWORD)
    response = client.post("/directory/organisations/add/", data)
    assert response.status_code == 400
    assert fragment.lower() in response.content.decode().lower()
    assert not Organisation.objects.filter(name="X").exists()


@pytest.mark.parametrize("path", ["/directory/organisations/abc/", "/directory/organisations/?page=abc",
                                  "/directory/organisations/?country=ZZ", "/directory/organisations/999/edit/",
                                  "/search/?q=%F0%9F%98%80", "/nowhere/"])
def test_web_odd_requests_are_not_500(client, users, path):
    client.login(username="admin1", password=PASSWORD)
    assert client.get(path).status_code < 500


def test_openapi_schema_is_valid_json(client, db):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/directory/organisations/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/directory/organisations/"]["get"]["parameters"]}
    assert {"q", "page", "page_size", "country", "kind"} <= params


@pytest.mark.parametrize("path", [
    # a list past the exact-count cap (thousands of subdivisions): a page number beyond 64 bits of offset
    "/directory/provinces-and-subdivisions/?page=99999999999999999999999",
    "/api/directory/provinces-and-subdivisions/?page=99999999999999999999999",
    "/directory/provinces-and-subdivisions/?page=999999999999999",
    "/directory/provinces-and-subdivisions/?page=20000",  # past the end, though the estimate promised more
    "/api/directory/provinces-and-subdivisions/?page=20000",
])
def test_huge_page_numbers_on_long_lists_are_not_500(client, users, path):
    client.login(username="admin1", password=PASSWORD)
    response = client.get(path)
    assert response.status_code < 500, path
    assert response.status_code in (200, 404)


@pytest.mark.parametrize("path", ["/results/dashboard/?year=-1", "/results/dashboard/?year=0",
                                  "/results/dashboard/?year=99999", "/api/people/summary/?year=-1",
                                  "/api/people/summary/?year=10000", "/people/summary/?year=-1"])
def test_years_out_of_range_are_not_500(client, users, path):
    client.login(username="admin1", password=PASSWORD)
    response = client.get(path)
    assert response.status_code < 500, path


def test_a_page_past_the_end_of_a_long_list_shows_its_last_page(client, users):
    from skillsnet.directory.models import Subdivision

    client.login(username="admin1", password=PASSWORD)
    last = Subdivision.objects.order_by("code").last()
    response = client.get("/directory/provinces-and-subdivisions/?page=20000&sort=code")
    assert response.status_code == 200
    assert last.name in response.content.decode()

"""Search by any name, acronym or alias, in any script (no spaces needed), exact or fuzzy."""
import pytest

from skillsnet.directory.queries import search_organisations


@pytest.mark.parametrize("text,expected", [
    ("ວິທະຍາໄລເຕັກນິກ", "Lao-German Technical College"),  # part of the Lao name, no word boundaries
    ("ເຢຍລະມັນ", "Lao-German Technical College"),
    ("信息技师", "Tianjin Electronic Information Technician College"),  # inside the Chinese name
    ("teitc", "Tianjin Electronic Information Technician College"),  # acronym, any case
    ("Lao German Technical Vocational", "Lao-German Technical College"),  # alias, punctuation ignored
    ("Tianjin Electronc Informaton", "Tianjin Electronic Information Technician College"),  # fuzzy
])
def test_search_finds_by_any_name(orgs, users, text, expected):
    names = [o.name for o in search_organisations(users["viewer"], text)]
    assert names and names[0] == expected


def test_search_is_scoped_and_empty_for_nonsense(orgs, users):
    assert search_organisations(users["viewer"], "zzzzqqq") == []
    assert search_organisations(users["viewer"], "") == []


def test_api_q_and_page_size(api_as, orgs):
    client = api_as("viewer")
    data = client.get("/api/directory/organisations/", {"q": "ວິທະຍາໄລ"}).json()
    assert [r["name"] for r in data["results"]] == ["Lao-German Technical College"]
    data = client.get("/api/directory/organisations/", {"page_size": 2, "page": 2}).json()
    assert data["count"] == 4 and len(data["results"]) == 2


def test_search_page_html(client, orgs):
    page = client.get("/search/", {"q": "天津"}).content.decode()
    assert "Tianjin Electronic Information Technician College" in page

"""One change log for every door: the CLI, the API, the web UI and imports."""
import io

import pytest
from django.core.management import call_command

from skillsnet.core.changelog import history
from skillsnet.core.models import ChangeLogEntry
from skillsnet.directory.models import Organisation


def test_cli_change_is_logged_with_actor(orgs, users):
    org = orgs["own"]
    out = io.StringIO()
    call_command("update", "directory.organisation", str(org.pk), "city=Vientiane", "--as", "admin1",
                 "--expected-version", str(org.version), "--reason", "address check", stdout=out)
    org.refresh_from_db()
    assert org.city == "Vientiane" and org.version == 2
    entry = history(org).first()
    assert entry.actor == users["secretariat_admin"]
    assert entry.source == "cli" and entry.action == "update" and entry.reason == "address check"
    assert entry.before["city"] == "" and entry.after["city"] == "Vientiane"
    assert entry.request_id


def test_cli_refuses_a_stale_version_and_unknown_fields(orgs, users):
    from django.core.management.base import CommandError

    org = orgs["own"]
    with pytest.raises(CommandError, match="changed"):
        call_command("update", "directory.organisation", str(org.pk), "city=X", "--as", "admin1", "--expected-version", "7")
    with pytest.raises(CommandError, match="Unknown field"):
        call_command("update", "directory.organisation", str(org.pk), "colour=red", "--as", "admin1", "--expected-version", "1")
    assert Organisation.objects.get(pk=org.pk).city == ""


def test_api_change_is_logged_with_actor(orgs, users, api_as):
    org = orgs["cn"]
    response = api_as("secretariat_admin").patch(
        f"/api/directory/organisations/{org.pk}/", {"website": "https://teitc.example", "version": 1,
                                                   "reason": "website given"}, format="json",
        HTTP_X_REQUEST_ID="req-42")
    assert response.status_code == 200, response.content
    entry = history(org).first()
    assert entry.actor_name == "admin1" and entry.source == "api" and entry.request_id == "req-42"
    assert entry.after["website"] == "https://teitc.example"
    # the API exposes the history, newest first
    api_history = api_as("secretariat_admin").get(f"/api/directory/organisations/{org.pk}/history/").json()
    assert api_history["results"][0]["actor_name"] == "admin1"
    assert api_history["results"][0]["source"] == "api"
    assert [r["action"] for r in api_history["results"]] == ["update", "create"]


def test_create_and_delete_are_logged(orgs, users, api_as):
    client = api_as("secretariat_admin")
    created = client.post("/api/directory/organisations/", {"name": "Vientiane Vocational School", "country": "LA",
                                                            "kind": "tvet_institute"}, format="json").json()
    deleted = client.delete(f"/api/directory/organisations/{created['id']}/", HTTP_IF_MATCH=str(created["version"]))
    assert deleted.status_code == 204
    entries = ChangeLogEntry.objects.filter(object_id=str(created["id"]), content_type__model="organisation")
    assert sorted(entries.values_list("action", flat=True)) == ["create", "delete"]
    delete = entries.get(action="delete")
    assert delete.before["name"] == "Vientiane Vocational School" and delete.after is None


def test_web_change_shows_on_the_object_page(client, orgs, users):
    from ..conftest import PASSWORD

    org = orgs["own"]
    client.login(username="admin1", password=PASSWORD)
    response = client.post(f"/directory/organisations/{org.pk}/edit/", _form(org, city="Pakse", reason="moved"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(f"/directory/organisations/{org.pk}/").content.decode()
    assert "admin1" in page and "Pakse" in page and "moved" in page
    assert history(org).first().source == "web"


def test_the_global_change_log_is_for_the_secretariat_only(orgs, users, api_as):
    assert api_as("secretariat_admin").get("/api/changes/").status_code == 200
    assert api_as("viewer").get("/api/changes/").status_code == 403
    assert api_as("focal_point").get("/api/changes/").status_code == 403


def _form(org, **changes):
    data = {"name": org.name, "kind": org.kind, "country": org.country_id or "", "acronyms": "\n".join(org.acronyms),
            "aliases": "\n".join(org.aliases), "name_lo": org.name_lo, "name_zh_hans": org.name_zh_hans,
            "version": org.version}
    data.update(changes)
    return data

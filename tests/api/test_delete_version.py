"""A delete needs the version the user saw (optimistic locking), in the API, on pages and in the service."""
import pytest
from django.core.exceptions import ValidationError

from skillsnet.core import services
from skillsnet.core.errors import StaleEdit
from skillsnet.directory.models import Organisation

URL = "/api/directory/organisations/"


def test_api_delete_without_version_is_refused(api_as, orgs):
    org = orgs["other_la"]
    client = api_as("secretariat_admin")
    response = client.delete(f"{URL}{org.pk}/")
    assert response.status_code == 400 and "version" in response.json()
    assert Organisation.objects.filter(pk=org.pk).exists()


def test_api_delete_with_a_stale_version_is_a_409_and_the_right_one_deletes(api_as, orgs, users):
    org = orgs["other_la"]
    services.update_object(users["secretariat_admin"], Organisation, org.pk, {"city": "Pakse"}, expected_version=1)
    client = api_as("secretariat_admin")
    stale = client.delete(f"{URL}{org.pk}/", {"version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 2
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert client.delete(f"{URL}{org.pk}/", HTTP_IF_MATCH='"two"').status_code == 400
    assert client.delete(f"{URL}{org.pk}/", HTTP_IF_MATCH='"2"').status_code == 204
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_page_delete_without_version_is_refused(client, orgs, users):
    org = orgs["other_la"]
    client.force_login(users["secretariat_admin"])
    response = client.post(f"/directory/organisations/{org.pk}/delete/", {})
    assert response.status_code == 400
    assert "version" in response.content.decode()
    assert Organisation.objects.filter(pk=org.pk).exists()
    response = client.post(f"/directory/organisations/{org.pk}/delete/", {"version": org.version})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=org.pk).exists()


def test_service_delete_needs_the_version(orgs, users):
    org = orgs["other_la"]
    with pytest.raises(ValidationError, match="version"):
        services.delete_object(users["secretariat_admin"], Organisation, org.pk)
    with pytest.raises(StaleEdit):
        services.delete_object(users["secretariat_admin"], Organisation, org.pk, expected_version=7)
    assert Organisation.objects.filter(pk=org.pk).exists()

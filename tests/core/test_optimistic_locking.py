"""Two users edit the same organisation from the same version: the second save is refused with a
message, and nothing of the first is lost — through the service, the API and the web form."""
import pytest

from skillsnet.core import services
from skillsnet.core.errors import StaleEdit
from skillsnet.directory.models import Organisation

from ..conftest import PASSWORD
from .test_changelog import _form


def test_service_refuses_the_second_save(orgs, users):
    org = orgs["own"]
    services.update_object(users["secretariat_admin"], Organisation, org.pk, {"city": "Vientiane"},
                           expected_version=1)
    with pytest.raises(StaleEdit) as info:
        services.update_object(users["focal_point"], Organisation, org.pk, {"phone": "+856 21"}, expected_version=1)
    assert "admin1" in info.value.message and "version 1" in info.value.message
    org.refresh_from_db()
    assert org.city == "Vientiane" and org.phone == "" and org.version == 2


def test_api_second_save_gets_409_and_the_first_stays(orgs, api_as):
    org = orgs["own"]
    first = api_as("secretariat_admin").patch(f"/api/directory/organisations/{org.pk}/",
                                             {"city": "Vientiane", "version": 1}, format="json")
    second = api_as("focal_point").patch(f"/api/directory/organisations/{org.pk}/",
                                        {"city": "Luang Prabang", "version": 1}, format="json")
    assert first.status_code == 200
    assert second.status_code == 409
    assert "changed" in second.json()["detail"] and second.json()["current_version"] == 2
    assert Organisation.objects.get(pk=org.pk).city == "Vientiane"


def test_api_update_without_version_is_a_clear_400(orgs, api_as):
    response = api_as("secretariat_admin").patch(f"/api/directory/organisations/{orgs['own'].pk}/",
                                                {"city": "X"}, format="json")
    assert response.status_code == 400
    assert "version" in response.json()
    # If-Match works as the version too
    response = api_as("secretariat_admin").patch(f"/api/directory/organisations/{orgs['own'].pk}/",
                                                {"city": "X"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200


def test_web_form_second_save_is_refused_and_keeps_the_users_input(client, orgs, users):
    org = orgs["own"]
    stale = _form(org, city="Savannakhet")
    client.login(username="admin1", password=PASSWORD)
    assert client.post(f"/directory/organisations/{org.pk}/edit/", _form(org, city="Vientiane")).status_code == 302
    client.logout()
    client.login(username="focal_lgtc", password=PASSWORD)
    response = client.post(f"/directory/organisations/{org.pk}/edit/", stale)
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed by admin1" in page and "Savannakhet" in page  # the second user's input is still in the form
    assert Organisation.objects.get(pk=org.pk).city == "Vientiane"

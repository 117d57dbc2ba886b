"""SKILLSNET_BASE_URL: the address written into credentials. Issuing refuses an address nobody else can
reach unless the demo settings are in use (SKILLSNET_DEMO=1, set by `skillsnet demo`)."""
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from skillsnet.credentials import services
from skillsnet.credentials.models import IssuedCredential
from skillsnet.credentials.urls_util import did_document_url, did_for_base, issuing_base_url

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings, monkeypatch):
    """Not the demo: neither the setting nor the environment variable says so."""
    del settings.SKILLSNET_DEMO
    monkeypatch.delenv("SKILLSNET_DEMO", raising=False)
    monkeypatch.delenv("SKILLSNET_BASE_URL", raising=False)
    return settings


@pytest.mark.parametrize("base,did,document", [
    ("https://skills.example.org", "did:web:skills.example.org", "https://skills.example.org/.well-known/did.json"),
    ("http://127.0.0.1:8000", "did:web:127.0.0.1%3A8000", "https://127.0.0.1:8000/.well-known/did.json"),
    ("https://example.org/tvet/skillsnet/", "did:web:example.org:tvet:skillsnet",
     "https://example.org/tvet/skillsnet/did.json"),
    ("https://[2001:db8::1]:8443", "did:web:%5B2001%3Adb8%3A%3A1%5D%3A8443", "https://[2001:db8::1]:8443/.well-known/did.json"),
])
def test_did_web_identifiers_follow_the_method_rules(base, did, document):
    assert did_for_base(base.rstrip("/")) == did
    assert did_document_url(did) == document
    assert did_document_url(did + ":issuers:7") == document.replace("/.well-known/did.json", "/did.json").replace(
        "/did.json", "/issuers/7/did.json")


def test_without_a_base_url_issuing_is_refused_and_nothing_is_written(production, completed, users):
    with pytest.raises(ValidationError, match="SKILLSNET_BASE_URL is not set"):
        services.issue_training_credential(users["focal_point"], completed.pk)
    assert not IssuedCredential.objects.exists()


@pytest.mark.parametrize("base", ["http://127.0.0.1:8000", "https://localhost", "https://127.0.0.2",
                                  "https://[::1]:8443", "https://0.0.0.0", "https://skills.localhost"])
def test_a_loopback_base_url_is_refused_outside_the_demo(production, completed, users, base):
    production.SKILLSNET_BASE_URL = base
    with pytest.raises(ValidationError, match="loopback"):
        services.issue_training_credential(users["focal_point"], completed.pk)
    with pytest.raises(ValidationError, match="loopback"):  # an explicit --base-url too
        services.issue_training_credential(users["focal_point"], completed.pk, base=base)
    assert not IssuedCredential.objects.exists()


def test_plain_http_is_refused_outside_the_demo(production, completed, users):
    production.SKILLSNET_BASE_URL = "http://skills.example.org"
    with pytest.raises(ValidationError, match="https"):
        services.issue_training_credential(users["focal_point"], completed.pk)


def test_the_configured_public_address_is_written_into_the_credential(production, completed, users):
    production.SKILLSNET_BASE_URL = "https://skills.example.org/"
    credential = services.issue_training_credential(users["focal_point"], completed.pk)
    assert credential.signed_json["issuer"]["id"].startswith("did:web:skills.example.org:issuers:")
    assert credential.signed_json["credentialStatus"]["statusListCredential"].startswith(
        "https://skills.example.org/issuers/")


def test_the_environment_variables_work_too(production, completed, users, monkeypatch):
    monkeypatch.setenv("SKILLSNET_BASE_URL", "http://127.0.0.1:8000")
    with pytest.raises(ValidationError, match="loopback"):
        issuing_base_url()
    monkeypatch.setenv("SKILLSNET_DEMO", "1")  # what `skillsnet demo` sets
    credential = services.issue_training_credential(users["focal_point"], completed.pk)
    assert credential.signed_json["issuer"]["id"].startswith("did:web:127.0.0.1%3A8000:issuers:")


def test_cli_without_base_url_refuses_outside_the_demo(production, cohort, activity, users):
    with pytest.raises(CommandError, match="SKILLSNET_BASE_URL"):
        call_command("issue-credentials", "--activity", str(activity.pk), "--as", "focal_lgtc", stdout=io.StringIO())
    with pytest.raises(CommandError, match="loopback"):
        call_command("issue-credentials", "--activity", str(activity.pk), "--as", "focal_lgtc",
                     "--base-url", "http://127.0.0.1:8000", stdout=io.StringIO())
    assert not IssuedCredential.objects.exists()


def test_the_web_button_explains_instead_of_issuing(production, completed, users, activity):
    client = Client()
    assert client.login(username=users["focal_point"].username, password=PASSWORD)
    response = client.post(f"/credentials/issue/participation/{completed.pk}/",
                           {"next": f"/activities/activities/{activity.pk}/"}, follow=True)
    assert response.status_code == 200 and "SKILLSNET_BASE_URL is not set" in response.content.decode()
    assert not IssuedCredential.objects.exists()
    response = client.post("/credentials/issue/", {"kind": "completed_training", "record": str(completed.pk)})
    assert response.status_code == 400 and "SKILLSNET_BASE_URL is not set" in response.content.decode()


def test_in_the_demo_the_request_address_is_used(completed, users):
    client = Client()
    assert client.login(username=users["focal_point"].username, password=PASSWORD)
    client.post(f"/credentials/issue/participation/{completed.pk}/")
    credential = IssuedCredential.objects.get()
    assert credential.signed_json["issuer"]["id"] == f"did:web:testserver:issuers:{credential.issuer_id}"

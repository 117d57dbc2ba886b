"""Web screens: verify page and upload, downloads (JSON, PDF, QR), revocation list, key documents, issuing
and revoking through the UI, and who may see what."""
import io
import json

import pytest
from django.test import Client
from pypdf import PdfReader

from skillsnet.credentials import services
from skillsnet.credentials.models import IssuedCredential

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


def client_for(user=None):
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client, content, name="credential.json"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/credentials/verify/", {"file": SimpleUploadedFile(name, content)})


def test_public_verify_page_shows_the_credential_only(issue):
    credential = issue()
    response = client_for().get(f"/credentials/verify/{credential.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Valid" in html and "Souksavanh Phommachanh" in html
    assert "Training of trainers in industrial robotics" in html and "Lao-German Technical College" in html
    assert f"http://testserver/credentials/verify/{credential.pk}/" in html
    # nothing from the person record that the credential does not contain
    assert "1990" not in html and "private note" not in html and "female" not in html


def test_upload_of_garbage_gives_a_clear_message(db):
    client = client_for()
    response = upload(client, b"%PDF-1.7\n\xff\xfe\x00binary garbage", "certificate.pdf")
    assert response.status_code == 400
    assert "not a credential: it is not JSON text" in response.content.decode()
    response = upload(client, b"{this is not json", "credential.json")
    assert response.status_code == 400
    assert "not valid JSON (line 1, column 2" in response.content.decode()
    response = upload(client, b'{"name": "a badge"}')
    assert response.status_code == 400 and "not a verifiable credential" in response.content.decode()
    response = upload(client, b"")
    assert response.status_code == 400
    response = upload(client, b'{"a": "' + b"x" * (300 * 1024) + b'"}')
    assert response.status_code == 400 and "too large" in response.content.decode()


def test_upload_of_the_downloaded_file_verifies_and_tampering_shows_invalid(issue):
    credential = issue()
    client = client_for()
    downloaded = client.get(f"/credentials/{credential.pk}/credential.json").content
    response = upload(client, downloaded)
    assert response.status_code == 200 and '<h2 class="status">Valid</h2>' in response.content.decode()
    tampered = downloaded.replace(b"Souksavanh", b"Soukxavanh")
    html = upload(client, tampered).content.decode()
    assert '<h2 class="status">Not valid</h2>' in html and "signature does not match" in html


def test_json_download_is_json_ld_with_a_filename(issue):
    credential = issue()
    response = client_for().get(f"/credentials/{credential.pk}/credential.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Content-Disposition"] == f'attachment; filename="credential-{credential.pk}.json"'
    assert json.loads(response.content) == credential.signed_json


def test_pdf_contains_holder_achievement_and_verify_url(issue):
    credential = issue()
    response = client_for().get(f"/credentials/{credential.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Souksavanh Phommachanh" in text
    assert "Training of trainers in industrial robotics" in text
    assert f"http://testserver/credentials/verify/{credential.pk}/" in text
    assert "Lao-German Technical College" in text


def test_qr_png_encodes_the_verify_url(issue):
    from .qr import assert_qr_encodes

    credential = issue()
    response = client_for().get(f"/credentials/{credential.pk}/qr.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert_qr_encodes(response.content, f"http://testserver/credentials/verify/{credential.pk}/")


def test_key_document_is_a_multikey_and_retired_keys_stay_published(issue, users, orgs):
    credential = issue()
    old_key = credential.key
    services.rotate_issuer_key(users["focal_point"], orgs["own"].pk)
    response = client_for().get(f"/credentials/keys/{old_key.key_id}")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    doc = response.json()
    assert doc["type"] == "Multikey" and doc["publicKeyMultibase"] == old_key.public_key_multibase
    assert doc["id"] == f"http://testserver/credentials/keys/{old_key.key_id}"
    assert doc["controller"] == f"did:web:testserver:issuers:{orgs['own'].pk}"
    assert client_for().get("/credentials/keys/nope").status_code == 404


def test_no_list_of_revoked_credentials_is_published(issue, users):
    credential = issue()
    services.revoke_credential(users["focal_point"], credential.pk, "issued by mistake")
    client = client_for()
    for url in ("/credentials/revoked.json", "/credentials/revoked/", "/credentials/revoked/?format=json"):
        assert client.get(url).status_code == 404
    page = client.get("/credentials/verify/").content.decode()
    assert "/credentials/revoked" not in page and f"{credential.pk}" not in page


def test_issue_and_revoke_through_the_ui(completed, users, activity):
    client = client_for(users["focal_point"])
    page = client.get(f"/activities/activities/{activity.pk}/").content.decode()
    assert "Issue credentials to all who completed" in page
    response = client.post(f"/credentials/issue/participation/{completed.pk}/")
    credential = IssuedCredential.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/credentials/issued-credentials/{credential.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Valid" in detail and f"/credentials/{credential.pk}/revoke/" in detail
    assert client.post(f"/credentials/{credential.pk}/revoke/", {"reason": ""}).status_code == 400
    response = client.post(f"/credentials/{credential.pk}/revoke/", {"reason": "withdrawn"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.revoked_at is not None and credential.revocation_reason == "withdrawn"


def test_bulk_issue_button(cohort, users, activity):
    client = client_for(users["focal_point"])
    response = client.post(f"/credentials/issue/activity/{activity.pk}/",
                           {"next": f"/activities/activities/{activity.pk}/"})
    assert response.status_code == 302 and response["Location"] == f"/activities/activities/{activity.pk}/"
    assert IssuedCredential.objects.count() == 3
    page = client.get(response["Location"]).content.decode()
    assert "3 credentials issued" in page and "Everyone who completed holds a credential." in page


def test_viewer_cannot_issue_or_revoke_or_list(issue, completed, users, activity):
    client = client_for(users["viewer"])
    assert client.post(f"/credentials/issue/participation/{completed.pk}/").status_code in (403, 404)
    assert client.post(f"/credentials/issue/activity/{activity.pk}/").status_code == 403
    assert client.get("/credentials/issue/").status_code == 403
    assert not IssuedCredential.objects.exists()
    page = client.get(f"/activities/activities/{activity.pk}/").content.decode()
    assert "Issue credentials to all who completed" not in page
    credential = issue()
    assert client.get(f"/credentials/{credential.pk}/revoke/").status_code in (403, 404)
    listing = client.get("/credentials/issued-credentials/")
    assert listing.status_code == 403 or "Souksavanh" not in listing.content.decode()
    anonymous = client_for().post(f"/credentials/issue/participation/{completed.pk}/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_issue_form(completed, users):
    client = client_for(users["focal_point"])
    assert client.get("/credentials/issue/").status_code == 200
    response = client.post("/credentials/issue/", {"kind": "completed_training", "record": str(completed.pk)})
    assert response.status_code == 302
    again = client.post("/credentials/issue/", {"kind": "completed_training", "record": str(completed.pk)})
    assert again.status_code == 400 and "already holds" in again.content.decode()
    missing = client.post("/credentials/issue/", {"kind": "completed_training", "record": "999999"})
    assert missing.status_code == 400


def test_rotate_button_on_the_organisation_page(issue, users, orgs):
    issue()
    client = client_for(users["focal_point"])
    page = client.get(f"/directory/organisations/{orgs['own'].pk}/").content.decode()
    assert "Rotate the signing key" in page
    assert client.post(f"/credentials/keys/rotate/{orgs['own'].pk}/").status_code == 302
    assert orgs["own"].issuer_keys.filter(active=True).count() == 1 and orgs["own"].issuer_keys.count() == 2
    assert client_for(users["viewer"]).post(f"/credentials/keys/rotate/{orgs['own'].pk}/").status_code == 403


def test_issue_form_chooses_records_among_those_the_user_may_view(completed, recognition_world, users, orgs,
                                                                  system_user):
    """The form offers the records by name (a <select>, or a search box over more than 200), scoped to the user:
    a focal point is offered its own institution's completers and people, never another institution's."""
    import datetime

    from skillsnet.activities.models import Activity
    from skillsnet.core import services as core

    from .conftest import make_person, participate

    tianjin = core.create_object(system_user, Activity, {"title": "CNC machining", "kind": "training_programme",
                                                          "host": orgs["cn"], "start": datetime.date(2024, 5, 6)})
    elsewhere = participate(system_user, make_person(system_user, "Wang Lei", orgs["cn"]), tianjin,
                            attended=True, completed=True)
    stranger = make_person(system_user, "Li Na", orgs["cn"])
    client = client_for(users["focal_point"])
    page = client.get("/credentials/issue/").content.decode()
    assert "Souksavanh Phommachanh" in page and "Kham Vongphachanh" in page and "Automotive diploma" in page
    assert "Wang Lei" not in page and "Li Na" not in page
    # another institution's participation or person cannot be posted either
    refused = client.post("/credentials/issue/", {"kind": "completed_training", "participation": elsewhere.pk})
    assert refused.status_code == 400 and not IssuedCredential.objects.exists()
    refused = client.post("/credentials/issue/", {"kind": "qualification",
                                                  "qualification": recognition_world["diploma"].pk,
                                                  "person": stranger.pk})
    assert refused.status_code == 400 and not IssuedCredential.objects.exists()
    # the record of the chosen kind must be given; a qualification needs its holder
    missing = client.post("/credentials/issue/", {"kind": "qualification",
                                                  "qualification": recognition_world["diploma"].pk})
    assert missing.status_code == 400 and "Give the holder of the qualification." in missing.content.decode()
    missing = client.post("/credentials/issue/", {"kind": "completed_training"})
    assert missing.status_code == 400 and "Choose the record the credential attests." in missing.content.decode()
    # chosen by name: issued
    assert client.post("/credentials/issue/", {"kind": "completed_training",
                                               "participation": completed.pk}).status_code == 302
    assert client.post("/credentials/issue/", {"kind": "qualification", "qualification": recognition_world["diploma"].pk,
                                               "person": recognition_world["person"].pk}).status_code == 302
    assert IssuedCredential.objects.count() == 2

"""Every agreements screen renders, exports and imports (no 500s)."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from skillsnet.agreements.models import Agreement, Commitment, Contribution, Document, Party, Signatory
from skillsnet.core import services

SLUGS = ["agreements", "parties", "signatories", "commitments", "documents", "contributions-promised",
         "areas-of-cooperation"]


@pytest.fixture
def filled(agreements, orgs, system_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    own = agreements["own"]
    services.create_object(system_user, Signatory, {"agreement": own, "name": "A. Signer", "title_at_signing": "Director"})
    services.create_object(system_user, Commitment, {"agreement": own, "description": "Exchange trainers"})
    services.create_object(system_user, Contribution, {"agreement": own, "funder": orgs["cn"], "amount": Decimal("10"),
                                                       "currency": "CNY"})
    services.create_object(system_user, Document, {"agreement": own, "title": "Text",
                                                   "file": SimpleUploadedFile("mou.pdf", b"%PDF-1.4 x")})
    return agreements


@pytest.mark.parametrize("slug", SLUGS)
def test_list_detail_add_and_export(filled, web_as, slug):
    client = web_as("secretariat_admin")
    listing = client.get(f"/agreements/{slug}/")
    assert listing.status_code == 200
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/agreements/{slug}/", {"export": fmt}).status_code == 200
    assert client.get(f"/agreements/{slug}/add/").status_code == 200
    api = client.get(f"/api/agreements/{slug}/")
    assert api.status_code == 200
    first = api.json()["results"][0]["id"]
    assert client.get(f"/agreements/{slug}/{first}/").status_code == 200
    assert client.get(f"/agreements/{slug}/{first}/history/").status_code == 200


def _preview(client, url, name, data):
    """Upload, confirm the proposed column mapping, and return (mapping page URL, preview response)."""
    response = client.post(url, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})
    assert response.status_code == 302
    mapping_url = response["Location"]
    proposed = client.get(mapping_url).context["columns"]
    return mapping_url, client.post(mapping_url, {f"map_{c['index']}": c["field"] for c in proposed})


def test_export_reimports_without_changes(filled, web_as):
    client = web_as("secretariat_admin")
    exported = client.get("/agreements/agreements/", {"export": "csv"}).content
    _url, response = _preview(client, "/agreements/agreements/import/", "agreements.csv", exported)
    assert response.status_code == 200
    summary = response.context["result"].summary
    assert (summary["create"], summary["update"], summary["errors"]) == (0, 0, 0)
    assert Agreement.objects.count() == 2


def test_import_creates_a_party(filled, orgs, web_as):
    client = web_as("secretariat_admin")
    own = filled["own"]
    data = f"agreement,organisation,role\n{own.pk},{orgs['network'].pk},witness\n".encode()
    mapping_url, response = _preview(client, "/agreements/parties/import/", "p.csv", data)
    assert response.status_code == 200
    assert not Party.objects.filter(agreement=own, role="witness").exists()
    assert client.post(mapping_url + "commit/", {}).status_code == 302
    assert Party.objects.filter(agreement=own, role="witness").exists()


def test_agreements_are_not_public(filled, client):
    assert client.get("/agreements/agreements/").status_code == 302
    assert client.get("/api/agreements/agreements/").status_code in (401, 403)
    document = Document.objects.get()
    assert client.get(f"/agreements/documents/{document.pk}/download/").status_code == 404

"""POST /api/credentials/verify/ and GET /api/credentials/verify/<id>/."""
import json

import pytest

from skillsnet.credentials import services

pytestmark = pytest.mark.django_db

URL = "/api/credentials/verify/"


def post(client, body):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


def test_valid_credential_verifies_for_anyone(issue, api_as):
    credential = issue()
    response = post(api_as("anonymous"), credential.signed_json)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is True and body["status"] == "valid"
    assert {c["check"]: c["ok"] for c in body["checks"]} == {"signature": True, "issuer": True, "validity": True,
                                                             "revocation": True}
    assert body["credential_id"] == f"urn:uuid:{credential.pk}"


def _mutations(text):
    """Every character of the serialised subject replaced by another one (one at a time)."""
    for i, ch in enumerate(text):
        replacement = "x" if ch != "x" else "y"
        yield i, text[:i] + replacement + text[i + 1:]


def test_changing_any_byte_of_the_subject_makes_verification_fail(issue, api_as):
    """Every byte of the holder's name, and every 23rd byte of the rest of the subject (keys, types,
    achievement, punctuation), one change at a time (each verification canonicalises: ~0.2 s)."""
    credential = issue()
    client = api_as("viewer")
    doc = credential.signed_json
    subject_text = json.dumps(doc["credentialSubject"], ensure_ascii=False, separators=(",", ":"))
    head = json.dumps({k: v for k, v in doc.items() if k != "credentialSubject"}, ensure_ascii=False,
                      separators=(",", ":"))
    template = head[:-1] + ',"credentialSubject":' + "{subject}" + "}"
    assert post(client, template.replace("{subject}", subject_text)).json()["valid"] is True
    failures = 0
    name_at = subject_text.index("Souksavanh Phommachanh")
    name_span = range(name_at, name_at + len("Souksavanh Phommachanh"))
    positions = [(i, m) for i, m in _mutations(subject_text) if i in name_span or i % 23 == 0]
    assert len(positions) > 35
    for i, mutated in positions:
        response = post(client, template.replace("{subject}", mutated))
        body = response.json()
        assert body["valid"] is False, f"changing byte {i} ({subject_text[i]!r}) still verifies"
        assert response.status_code in (200, 400)
        failures += 1
    assert failures == len(positions)


def test_tampered_holder_name_fails_on_the_signature(issue, api_as):
    credential = issue()
    doc = credential.signed_json
    doc["credentialSubject"]["identifier"][0]["identityHash"] = "Someone Else"
    body = post(api_as("anonymous"), doc).json()
    assert body["valid"] is False and body["status"] == "invalid"
    assert {c["check"]: c["ok"] for c in body["checks"]}["signature"] is False


@pytest.mark.parametrize("body,expected", [
    (b"", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe", "not JSON"),
    (b"{not json", "not valid JSON"),
    (b"[1, 2, 3]", "JSON object"),
    (b'{"hello": "world"}', "not a verifiable credential"),
])
def test_garbage_gets_a_clear_400(api_as, body, expected, db):
    response = post(api_as("viewer"), body)
    assert response.status_code == 400
    payload = response.json()
    assert payload["valid"] is False and expected in " ".join(payload["errors"])


def test_too_large_body_is_refused(api_as, db):
    response = post(api_as("viewer"), b'{"a": "' + b"x" * (300 * 1024) + b'"}')
    assert response.status_code == 400 and "too large" in " ".join(response.json()["errors"])


def test_unknown_key_and_foreign_context_do_not_crash(issue, api_as):
    credential = issue()
    doc = dict(credential.signed_json)
    doc["proof"] = [dict(doc["proof"][0], verificationMethod="https://evil.example/keys/1")]
    body = post(api_as("viewer"), doc).json()
    assert body["valid"] is False and any("not known" in e for e in body["errors"])
    doc = dict(credential.signed_json, **{"@context": ["https://evil.example/ctx.jsonld"]})
    body = post(api_as("viewer"), doc).json()
    assert body["valid"] is False


def test_get_by_id_reports_revocation(issue, api_as, users):
    credential = issue()
    client = api_as("anonymous")
    assert client.get(f"{URL}{credential.pk}/").json()["status"] == "valid"
    services.revoke_credential(users["focal_point"], credential.pk, "withdrawn")
    body = client.get(f"{URL}{credential.pk}/").json()
    assert body["status"] == "revoked" and body["valid"] is False and body["revoked_at"]
    assert post(client, credential.signed_json).json()["status"] == "revoked"
    assert client.get(f"{URL}00000000-0000-4000-8000-000000000000/").status_code == 404


def test_registered_list_api_is_read_only_and_needs_personal_data_rights(issue, api_as):
    credential = issue()
    listing = api_as("secretariat_admin").get("/api/credentials/issued-credentials/")
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert api_as("viewer").get("/api/credentials/issued-credentials/").status_code in (200, 403)
    if api_as("viewer").get("/api/credentials/issued-credentials/").status_code == 200:
        assert api_as("viewer").get("/api/credentials/issued-credentials/").json()["count"] == 0
    assert api_as("secretariat_admin").delete(f"/api/credentials/issued-credentials/{credential.pk}/").status_code == 405
    keys = api_as("secretariat_admin").get("/api/credentials/issuer-keys/").json()
    assert "encrypted_private_key" not in json.dumps(keys)


def test_schema_still_builds(api_as, db):
    response = api_as("viewer").get("/api/schema/?format=json")
    assert response.status_code == 200
    assert "/api/credentials/verify/" in response.json()["paths"]

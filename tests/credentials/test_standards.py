"""Outside checks of what skillsnet issues: 1EdTech's Open Badges 3.0 JSON Schema on every kind of
credential, the did:web documents that make the issuer resolvable, and the W3C Bitstring Status List
that carries revocation and suspension."""
import base64
import gzip
import json
from pathlib import Path

import jsonschema
import pytest
from django.test import Client
from django.utils import timezone

from skillsnet.credentials import services, signing
from skillsnet.credentials.models import IssuedCredential, IssuerKey, StatusList
from skillsnet.credentials.verification import verify, verify_stored

from .conftest import BASE

pytestmark = pytest.mark.django_db

# 1EdTech's AchievementCredential schema (openbadges-specification, commit c73e966), unchanged.
SCHEMA = json.loads((Path(__file__).parent / "data" / "achievementcredential-schema.json").read_text())
KINDS = ["completed_training", "qualification", "recognition_decision"]


def schema_errors(document):
    validator = jsonschema.Draft201909Validator(SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document))


def test_the_schema_check_can_fail():
    """The validator really checks: a credential shaped like the ones the issue report describes
    (proof as an object) and one with a malformed date are rejected."""
    good = {"@context": ["https://www.w3.org/ns/credentials/v2",
                         "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:0b8f5e0c-1111-4222-8333-444455556666",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:web:skills.example.org:issuers:1", "type": ["Profile"]},
            "validFrom": "2025-05-13T00:00:00Z",
            "credentialSubject": {"type": ["AchievementSubject"], "achievement": {
                "id": "https://skills.example.org/a/1", "type": ["Achievement"], "name": "A",
                "description": "A", "criteria": {"narrative": "A"}}},
            "proof": [{"type": "DataIntegrityProof"}]}
    assert schema_errors(good) == []
    assert any("proof" in e and "array" in e for e in schema_errors(dict(good, proof={"type": "DataIntegrityProof"})))
    assert any("validFrom" in e for e in schema_errors(dict(good, validFrom="13 May 2025")))


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_credential_is_schema_valid_and_verifies(every_kind, kind):
    credential = every_kind[kind]
    assert credential.kind == kind
    assert schema_errors(credential.signed_json) == []
    assert verify_stored(credential).status == "valid"
    assert verify(json.loads(json.dumps(credential.signed_json))).status == "valid"


def test_status_list_credential_is_a_conforming_bitstring_status_list(issue):
    credential = issue()
    url = credential.signed_json["credentialStatus"]["statusListCredential"]
    response = Client().get(url.replace(BASE, ""))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vc+ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert document["id"] == url and document["issuer"]["id"] == credential.signed_json["issuer"]["id"]
    subject = document["credentialSubject"]
    assert subject["type"] == "BitstringStatusList" and subject["statusPurpose"] == "suspension"
    encoded = subject["encodedList"]
    assert encoded.startswith("u") and "=" not in encoded
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(raw) == 16 * 1024 and set(raw) == {0}  # 131,072 bits, none set
    assert signing.verify_credential(document, lambda vm: credential.key.public_key_multibase).valid


def raw_bits(client, credential):
    status = credential.signed_json["credentialStatus"]
    document = client.get(status["statusListCredential"].replace(BASE, "")).json()
    encoded = document["credentialSubject"]["encodedList"]
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    index = int(status["statusListIndex"])
    return raw, index, document


def bit(client, credential):
    raw, index, _document = raw_bits(client, credential)
    return bool(raw[index // 8] & (0x80 >> (index % 8)))  # index 0 = left-most bit


def test_revocation_and_suspension_set_the_bit_and_republish_the_signed_list(issue, cohort, users):
    client = Client()
    first = issue()
    second = issue(cohort["b"].participations.get(role="participant"))
    assert first.status_list == second.status_list and first.status_index != second.status_index
    assert not bit(client, first) and not bit(client, second)

    services.suspend_credential(users["focal_point"], first.pk, "under investigation")
    assert bit(client, first) and not bit(client, second)
    assert verify_stored(IssuedCredential.objects.get(pk=first.pk)).status == "suspended"
    services.lift_suspension(users["focal_point"], first.pk, "cleared")
    assert not bit(client, first)
    assert verify_stored(IssuedCredential.objects.get(pk=first.pk)).status == "valid"

    services.revoke_credential(users["focal_point"], second.pk, "issued by mistake")
    raw, index, document = raw_bits(client, second)
    assert bit(client, second) and not bit(client, first)
    assert sum(bin(b).count("1") for b in raw) == 1  # nothing else is marked
    assert signing.verify_credential(document, lambda vm: second.key.public_key_multibase).valid
    with pytest.raises(Exception, match="already revoked"):
        services.lift_suspension(users["focal_point"], second.pk)
    assert bit(client, second)  # a revocation is never cleared


def test_indexes_are_random_not_sequential(issue, cohort, users, activity, system_user, orgs):
    from .conftest import make_person, participate

    indexes = []
    for n in range(6):
        person = make_person(system_user, f"Trainee {n}", orgs["own"])
        participation = participate(system_user, person, activity, attended=True, completed=True)
        indexes.append(issue(participation).status_index)
    assert len(set(indexes)) == 6 and max(indexes) > 6  # not 0, 1, 2, ... in the order of issuing
    assert all(0 <= i < StatusList.LENGTH for i in indexes)


def test_the_product_verifier_reads_the_status_list(issue, users):
    """The published list, not only the database row, decides: a set bit makes the credential fail even when
    the row says otherwise."""
    credential = issue()
    services.suspend_credential(users["focal_point"], credential.pk, "check")
    IssuedCredential.objects.filter(pk=credential.pk).update(suspended_at=None)  # the row alone is changed
    credential.refresh_from_db()
    result = verify_stored(credential)
    assert result.status == "suspended"
    assert {c.code: c.ok for c in result.checks}["revocation"] is False


def test_a_forged_status_list_is_not_believed(issue, users, settings):
    """A list whose signature does not verify makes the status check fail (fail closed)."""
    credential = issue()
    status_list = credential.status_list
    forged = json.loads(json.dumps(status_list.signed_json))
    forged["credentialSubject"]["encodedList"] = signing.encode_status_list([])
    forged["validFrom"] = "2030-01-01T00:00:00Z"
    StatusList.objects.filter(pk=status_list.pk).update(signed_json=forged)
    result = verify_stored(credential)
    assert result.status == "invalid" and "status list's signature" in " ".join(result.errors)


def test_did_documents_resolve_the_issuer_and_every_key(issue, users, orgs, cohort):
    client = Client()
    install = client.get("/.well-known/did.json")
    assert install.status_code == 200 and install.json()["id"] == "did:web:testserver"
    assert install["Content-Type"].startswith("application/did+ld+json")

    credential = issue()  # issued for https://skills.example.org; the test client answers as testserver
    did = f"did:web:testserver:issuers:{orgs['own'].pk}"
    document = client.get(f"/issuers/{orgs['own'].pk}/did.json").json()
    assert document["@context"] == ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
    assert document["id"] == did
    [method] = document["verificationMethod"]
    assert method == {"id": f"{did}#{credential.key.key_id}", "type": "Multikey", "controller": did,
                      "publicKeyMultibase": credential.key.public_key_multibase}
    assert document["assertionMethod"] == [method["id"]]
    assert client.get(f"/issuers/{orgs['cn'].pk}/did.json").status_code == 404  # never issued: no document
    assert client.get("/issuers/999999/did.json").status_code == 404


def test_did_document_and_verification_method_match_the_credential(issue, orgs, settings):
    settings.SKILLSNET_BASE_URL = BASE
    credential = issue()
    document = Client().get(f"/issuers/{orgs['own'].pk}/did.json").json()
    proof = credential.signed_json["proof"][0]
    assert document["id"] == credential.signed_json["issuer"]["id"] == "did:web:skills.example.org:issuers:" + str(
        orgs["own"].pk)
    assert proof["verificationMethod"] in document["assertionMethod"]
    method = next(m for m in document["verificationMethod"] if m["id"] == proof["verificationMethod"])
    assert method["controller"] == document["id"]


def test_rotation_keeps_the_old_key_published_marked_and_unusable(issue, cohort, users, orgs, settings):
    old = issue()
    raw = signing.decrypt_private_key(old.key.encrypted_private_key, settings.SECRET_KEY)
    new_key = services.rotate_issuer_key(users["focal_point"], orgs["own"].pk, reason="yearly rotation")
    old_key = IssuerKey.objects.get(pk=old.key.pk)
    assert old_key.encrypted_private_key == ""  # destroyed: it signs nothing more

    document = Client().get(f"/issuers/{orgs['own'].pk}/did.json").json()
    by_key = {m["id"].rsplit("#", 1)[1]: m for m in document["verificationMethod"]}
    assert set(by_key) == {old_key.key_id, new_key.key_id}
    assert by_key[old_key.key_id]["expires"] == old_key.retired_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert "expires" not in by_key[new_key.key_id]
    assert {m["id"] for m in document["verificationMethod"]} == set(document["assertionMethod"])
    assert verify_stored(old).status == "valid"

    # Someone who kept the old private key cannot use it after the retirement.
    unsigned = {k: v for k, v in old.signed_json.items() if k != "proof"}
    late = signing.sign_credential(unsigned, raw, old.signed_json["proof"][0]["verificationMethod"],
                                   created=(timezone.now() + timezone.timedelta(seconds=5)).strftime(
                                       "%Y-%m-%dT%H:%M:%SZ"), proof_as_array=True)
    result = verify(late)
    assert result.status == "invalid" and "retired" in " ".join(result.errors)


def test_holder_names_stay_behind_the_link_or_the_role(issue, users, activity, completed):
    credential = issue()
    viewer = Client()
    viewer.force_login(users["viewer"])
    anonymous = Client()
    for client in (viewer, anonymous):
        for url in (f"/activities/activities/{activity.pk}/", "/credentials/issued-credentials/",
                    f"/credentials/issued-credentials/{credential.pk}/", "/credentials/verify/",
                    f"/issuers/{credential.issuer_id}/did.json", f"/issuers/{credential.issuer_id}/status/1",
                    "/.well-known/did.json", "/api/credentials/issued-credentials/"):
            body = client.get(url).content.decode()
            assert "Souksavanh" not in body, url
    assert "Souksavanh" in anonymous.get(f"/credentials/verify/{credential.pk}/").content.decode()  # the link

"""Odd input on the documents verifiers fetch and on the verify API: a clear answer, never a 500."""
import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "/issuers/99999999999999999999/did.json", "/issuers/0/did.json", "/issuers/abc/did.json",
    "/issuers/1/status/99999999999999999999", "/issuers/99999999999999999999/status/1",
    "/issuers/1/status/0", "/credentials/keys/%00", "/credentials/verify/not-a-uuid/",
    "/credentials/00000000-0000-4000-8000-000000000000/credential.json",
])
def test_verifier_documents_answer_404_not_500(path, db):
    assert Client().get(path).status_code == 404


@pytest.mark.parametrize("status", [
    {"type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "abc",
     "statusListCredential": "https://skills.example.org/issuers/1/status/1"},
    {"type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "-4",
     "statusListCredential": "https://skills.example.org/issuers/1/status/1"},
    {"type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "9" * 40,
     "statusListCredential": "https://skills.example.org/issuers/1/status/1"},
    {"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "1",
     "statusListCredential": "https://skills.example.org/issuers/1/status/1"},
    {"type": "BitstringStatusListEntry", "statusPurpose": "suspension", "statusListIndex": "1",
     "statusListCredential": "https://skills.example.org/issuers/99999999999999999999/status/1"},
    {"type": "StatusList2021Entry"}, "not an object", [1, 2],
])
def test_odd_credential_status_is_invalid_not_500(issue, api_as, status):
    credential = issue()
    document = dict(credential.signed_json, credentialStatus=status)
    response = api_as("anonymous").post("/api/credentials/verify/", data=json.dumps(document),
                                        content_type="application/json")
    assert response.status_code == 200 and response.json()["valid"] is False


def test_odd_verification_method_is_invalid_not_500(issue, api_as):
    credential = issue()
    for method in ("did:web:x:issuers:99999999999999999999#abc", "did:web:x:issuers:1#" + "a" * 200, "did:web:",
                   "urn:x", 5):
        document = dict(credential.signed_json, proof=[dict(credential.signed_json["proof"][0],
                                                            verificationMethod=method)])
        response = api_as("anonymous").post("/api/credentials/verify/", data=json.dumps(document),
                                            content_type="application/json")
        assert response.status_code == 200 and response.json()["valid"] is False

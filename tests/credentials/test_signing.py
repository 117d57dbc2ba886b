"""Tests for skillsnet.credentials.signing (pure Python, no Django DB).

Run: .venv/bin/python -m pytest tests/credentials/test_signing.py -q -p no:django
"""

from __future__ import annotations

import copy
import hashlib
import socket
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

try:
    from skillsnet.credentials import signing
except ModuleNotFoundError:  # package not installed: use the src/ layout directly
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
    from skillsnet.credentials import signing

from pyld import jsonld

from skillsnet.credentials.signing import (
    OB_V3_CONTEXT,
    VC_V2_CONTEXT,
    KeyDecryptionError,
    UnknownContextError,
    b58decode,
    b58encode,
    build_open_badge,
    canonicalize,
    decrypt_private_key,
    document_loader,
    encrypt_private_key,
    generate_keypair,
    public_key_from_multibase,
    public_key_from_private,
    public_key_multibase,
    sign_credential,
    verify_credential,
)

VM = "https://skills.example.org/issuers/1#key-1"
NOW = datetime(2025, 6, 1, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def keys():
    return generate_keypair()


def make_badge(**overrides):
    kwargs = dict(
        credential_id="urn:uuid:3f1b8a52-6b6e-4f7e-9a51-1c2d3e4f5a6b",
        issuer_id="https://skills.example.org/issuers/1",
        issuer_name="Example Polytechnic",
        valid_from="2025-01-15T09:00:00Z",
        valid_until="2027-01-15T09:00:00Z",
        subject_id="did:example:learner-42",
        subject_name="Amina Diallo",
        achievement_id="https://skills.example.org/achievements/welding-1",
        achievement_name="Welding Level 1",
        achievement_description="Performs basic MIG welding safely.",
        criteria_narrative="Completed 40 hours of supervised practice and a practical test.",
        achievement_type="Certificate",
    )
    kwargs.update(overrides)
    return build_open_badge(**kwargs)


@pytest.fixture(scope="module")
def signed(keys):
    priv, _ = keys
    return sign_credential(make_badge(), priv, VM, created="2025-01-15T09:00:00Z")


def resolver_for(pub, vm=VM):
    return lambda url: pub if url == vm else None


# ---------------------------------------------------------------------------
# Encoding and keys
# ---------------------------------------------------------------------------


def test_base58_round_trip_and_leading_zeros():
    for data in [b"", b"\x00", b"\x00\x00\x01", b"hello world", bytes(range(256))]:
        assert b58decode(b58encode(data)) == data
    assert b58encode(b"\x00\x00\x01") == "112"
    assert b58encode(b"hello world") == "StV1DL6CwTryKyV"
    with pytest.raises(ValueError):
        b58decode("0OIl")


def test_keypair_and_multikey(keys):
    priv, pub = keys
    assert len(priv) == 32 and len(pub) == 32
    assert public_key_from_private(priv) == pub
    mb = public_key_multibase(pub)
    assert mb.startswith("z6Mk")
    assert public_key_from_multibase(mb) == pub
    with pytest.raises(ValueError):
        public_key_multibase(b"short")
    with pytest.raises(ValueError):
        signing.private_key_from_bytes(b"\x01" * 31)


# ---------------------------------------------------------------------------
# Official W3C test vector (vc-di-eddsa, TestVectors/eddsa-rdfc-2022 and
# TestVectors/keyPair.json in https://github.com/w3c/vc-di-eddsa)
# ---------------------------------------------------------------------------

W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_SIGNED = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {
        "id": "did:example:abcdefgh",
        "alumniOf": "The School of Examples",
    },
    "proof": {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2023-02-24T23:36:38Z",
        "verificationMethod": "https://vc.example/issuers/5678#" + W3C_PUBLIC,
        "proofPurpose": "assertionMethod",
        "proofValue": "z21EVs3eXERqTn4acNHT9viboqgzUaQ3kTmhPT3eA8qrVPE7CrQq78WkzctnMX5W4CrzcKnHw8V6dvy5pgWYCU5e9",
    },
}
W3C_PROOF_CANON = (
    '_:c14n0 <http://purl.org/dc/terms/created> "2023-02-24T23:36:38Z"'
    "^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n"
    "_:c14n0 <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
    "<https://w3id.org/security#DataIntegrityProof> .\n"
    '_:c14n0 <https://w3id.org/security#cryptosuite> "eddsa-rdfc-2022"'
    "^^<https://w3id.org/security#cryptosuiteString> .\n"
    "_:c14n0 <https://w3id.org/security#proofPurpose> "
    "<https://w3id.org/security#assertionMethod> .\n"
    "_:c14n0 <https://w3id.org/security#verificationMethod> "
    "<https://vc.example/issuers/5678#" + W3C_PUBLIC + "> .\n"
)
W3C_COMBINED_HASH = (
    "4c4d3890a157f8d611b13c265c2c22f39aa0a567c7c7dd9ba3e45cd579784eeb"
    "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017"
)
# https://www.w3.org/ns/credentials/examples/v2 (w3c/vc-data-model,
# contexts/credentials/examples/v2); used by the test vector only, so it is
# supplied here rather than shipped with the package.
W3C_EXAMPLES_CONTEXT = {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}


def w3c_loader(url, options=None):
    if url == "https://www.w3.org/ns/credentials/examples/v2":
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": copy.deepcopy(W3C_EXAMPLES_CONTEXT),
        }
    return document_loader(url, options)


def test_w3c_vector_keys():
    secret = signing._private_key_from_multibase(W3C_SECRET)
    assert public_key_multibase(public_key_from_private(secret)) == W3C_PUBLIC


def test_w3c_vector_verifies():
    pub = public_key_from_multibase(W3C_PUBLIC)
    vm = W3C_SIGNED["proof"]["verificationMethod"]
    result = verify_credential(W3C_SIGNED, resolver_for(pub, vm), loader=w3c_loader)
    assert result.valid, result.errors
    assert "signature valid" in result.checks


def test_w3c_vector_signing_reproduces_proof_value_and_hashes():
    secret = signing._private_key_from_multibase(W3C_SECRET)
    unsigned = {k: v for k, v in W3C_SIGNED.items() if k != "proof"}
    proof = W3C_SIGNED["proof"]
    proof_config = {"@context": unsigned["@context"]}
    proof_config.update({k: v for k, v in proof.items() if k != "proofValue"})

    assert canonicalize(proof_config, w3c_loader) == W3C_PROOF_CANON
    assert signing._hash_data(unsigned, proof_config, w3c_loader).hex() == W3C_COMBINED_HASH

    out = sign_credential(
        unsigned, secret, proof["verificationMethod"], created=proof["created"], loader=w3c_loader
    )
    assert out["proof"] == proof  # Ed25519 is deterministic


def test_w3c_vector_tampered_fails():
    pub = public_key_from_multibase(W3C_PUBLIC)
    vm = W3C_SIGNED["proof"]["verificationMethod"]
    bad = copy.deepcopy(W3C_SIGNED)
    bad["credentialSubject"]["alumniOf"] = "The School of Examplez"
    result = verify_credential(bad, resolver_for(pub, vm), loader=w3c_loader)
    assert not result.valid
    assert "signature does not match" in result.errors


# ---------------------------------------------------------------------------
# Open Badge build / sign / verify
# ---------------------------------------------------------------------------


def test_build_open_badge_shape():
    badge = make_badge()
    assert badge["@context"] == [VC_V2_CONTEXT, OB_V3_CONTEXT]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["issuer"] == {
        "id": "https://skills.example.org/issuers/1",
        "type": ["Profile"],
        "name": "Example Polytechnic",
    }
    subject = badge["credentialSubject"]
    assert subject["type"] == ["AchievementSubject"]
    assert subject["id"] == "did:example:learner-42"
    assert subject["identifier"][0]["identityType"] == "name"
    assert subject["identifier"][0]["identityHash"] == "Amina Diallo"
    ach = subject["achievement"]
    assert ach["type"] == ["Achievement"]
    assert ach["criteria"] == {
        "narrative": "Completed 40 hours of supervised practice and a practical test."
    }
    assert ach["achievementType"] == "Certificate"
    assert badge["validUntil"] == "2027-01-15T09:00:00Z"
    assert "proof" not in badge


def test_build_open_badge_validation():
    with pytest.raises(ValueError):
        make_badge(subject_id=None, subject_name=None)
    with pytest.raises(ValueError):
        make_badge(achievement_type="Nonsense")
    with pytest.raises(ValueError):
        make_badge(credential_id="badge-1")  # relative: would not be signed
    with pytest.raises(ValueError):
        make_badge(valid_from="yesterday")
    with pytest.raises(ValueError):
        make_badge(extra_subject={"achievement": {}})
    badge = make_badge(
        valid_from=datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=2))),
        achievement_type="ext:SkillsnetMicroModule",
        subject_id=None,
    )
    assert badge["validFrom"] == "2025-01-01T10:00:00Z"
    assert "id" not in badge["credentialSubject"]


def _expanded_terms(doc):
    dropped = []
    expanded = jsonld.expand(
        doc, {"documentLoader": document_loader}, on_property_dropped=dropped.append
    )
    return expanded, dropped


def _count_properties(node, expanded):
    """Count JSON properties (compact form) or predicate IRIs (expanded form)."""
    if isinstance(node, list):
        return sum(_count_properties(n, expanded) for n in node)
    if not isinstance(node, dict):
        return 0
    total = 0
    for key, value in node.items():
        if expanded:
            if not key.startswith("@"):
                total += 1
        elif key not in ("@context", "id", "type"):
            total += 1
        total += _count_properties(value, expanded)
    return total


def test_expansion_keeps_every_term():
    badge = make_badge(extra_subject={"activityEndDate": "2025-01-10T00:00:00Z"})
    badge = sign_credential(badge, generate_keypair()[0], VM)
    expanded, dropped = _expanded_terms(badge)
    assert dropped == []
    # every compact property (except id/type/@context) became a predicate
    assert _count_properties(badge, False) == _count_properties(expanded, True)
    # and the key terms landed on the expected vocabulary IRIs
    flat = str(expanded)
    for iri in [
        "https://schema.org/name",
        "https://schema.org/description",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#narrative",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#identityHash",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#AchievementSubject",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Profile",
        "https://www.w3.org/2018/credentials#validUntil",
        "https://w3id.org/security#proofValue",
    ]:
        assert iri in flat, iri


def test_expansion_check_detects_undefined_term():
    badge = make_badge(extra_subject={"favouriteColour": "green"})
    _, dropped = _expanded_terms(badge)
    assert dropped == ["favouriteColour"]
    with pytest.raises(ValueError, match="favouriteColour"):
        sign_credential(badge, generate_keypair()[0], VM)
    assert _count_properties(badge, False) != _count_properties(_expanded_terms(badge)[0], True)


def test_sign_then_verify(keys, signed):
    _, pub = keys
    proof = signed["proof"]
    assert proof["type"] == "DataIntegrityProof"
    assert proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert proof["verificationMethod"] == VM
    assert proof["proofPurpose"] == "assertionMethod"
    assert proof["created"] == "2025-01-15T09:00:00Z"
    assert proof["proofValue"].startswith("z")
    assert len(b58decode(proof["proofValue"][1:])) == 64
    assert "@context" not in proof
    result = verify_credential(signed, resolver_for(pub), now=NOW)
    assert result.valid, result.errors
    assert result.errors == []
    assert "signature valid" in result.checks


def test_sign_does_not_mutate_input(keys):
    badge = make_badge()
    before = copy.deepcopy(badge)
    sign_credential(badge, keys[0], VM)
    assert badge == before


def test_default_created_is_now(keys):
    out = sign_credential(make_badge(), keys[0], VM)
    created = datetime.fromisoformat(out["proof"]["created"].replace("Z", "+00:00"))
    assert abs(created - datetime.now(timezone.utc)) < timedelta(minutes=1)


def _string_leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _string_leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _string_leaves(v, path + (i,))
    elif isinstance(node, str):
        yield path


def _set(doc, path, value):
    for p in path[:-1]:
        doc = doc[p]
    doc[path[-1]] = value


def _get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _tweak(text):
    last = text[-1]
    return text[:-1] + ("x" if last != "x" else "y")


TAMPER_PATHS = [
    ("credentialSubject",) + p
    for p in _string_leaves(make_badge()["credentialSubject"])
] + [("issuer",) + p for p in _string_leaves(make_badge()["issuer"])] + [
    ("id",),
    ("name",),
    ("type", 1),
]


@pytest.mark.parametrize("path", TAMPER_PATHS, ids=lambda p: ".".join(map(str, p)))
def test_any_single_character_change_fails(keys, signed, path):
    _, pub = keys
    bad = copy.deepcopy(signed)
    _set(bad, path, _tweak(_get(bad, path)))
    result = verify_credential(bad, resolver_for(pub), now=NOW)
    assert not result.valid
    assert result.errors


@pytest.mark.parametrize(
    "path,value",
    [
        (("credentialSubject", "achievement", "name"), "Welding Level 2"),
        (("credentialSubject", "id"), "did:example:learner-43"),
        (("issuer", "id"), "https://evil.example.org/issuers/1"),
        (("issuer",), "https://skills.example.org/issuers/1"),
        (("validUntil",), "2099-01-15T09:00:00Z"),
        (("validFrom",), "2025-01-14T09:00:00Z"),
    ],
)
def test_changed_claims_give_signature_mismatch(keys, signed, path, value):
    _, pub = keys
    bad = copy.deepcopy(signed)
    _set(bad, path, value)
    result = verify_credential(bad, resolver_for(pub), now=NOW)
    assert not result.valid
    assert "signature does not match" in result.errors


def test_removed_claim_fails(keys, signed):
    bad = copy.deepcopy(signed)
    del bad["credentialSubject"]["identifier"]
    assert "signature does not match" in verify_credential(bad, resolver_for(keys[1]), now=NOW).errors


def test_added_undefined_term_fails(keys, signed):
    # An undefined term would be dropped by JSON-LD and so not change the
    # signature; the verifier must reject it instead of ignoring it.
    bad = copy.deepcopy(signed)
    bad["credentialSubject"]["grade"] = "A+"
    result = verify_credential(bad, resolver_for(keys[1]), now=NOW)
    assert not result.valid
    assert any("grade" in e for e in result.errors)


def test_wrong_key_fails(signed):
    _, other_pub = generate_keypair()
    result = verify_credential(signed, resolver_for(other_pub), now=NOW)
    assert not result.valid
    assert "signature does not match" in result.errors


def test_unknown_verification_method(signed):
    result = verify_credential(signed, lambda url: None, now=NOW)
    assert not result.valid
    assert "unknown verification method" in result.errors


def test_resolver_may_return_multibase(keys, signed):
    pub_mb = public_key_multibase(keys[1])
    assert verify_credential(signed, lambda url: pub_mb, now=NOW).valid


def test_tampered_proof_value_fails(keys, signed):
    pv = signed["proof"]["proofValue"]
    swap = next(i for i in range(10, len(pv) - 1) if pv[i] != pv[i + 1])  # swapping equal characters changes nothing
    for new in [pv[:-1] + ("2" if pv[-1] != "2" else "3"), pv[:swap] + pv[swap + 1] + pv[swap] + pv[swap + 2:]]:
        bad = copy.deepcopy(signed)
        bad["proof"]["proofValue"] = new
        result = verify_credential(bad, resolver_for(keys[1]), now=NOW)
        assert not result.valid
        assert result.errors


@pytest.mark.parametrize(
    "field,value",
    [
        ("created", "2025-01-16T09:00:00Z"),
        ("verificationMethod", "https://skills.example.org/issuers/1#key-2"),
    ],
)
def test_tampered_proof_options_fail(keys, signed, field, value):
    bad = copy.deepcopy(signed)
    bad["proof"][field] = value
    result = verify_credential(bad, lambda url: keys[1], now=NOW)
    assert not result.valid
    assert "signature does not match" in result.errors


def test_proof_purpose_and_cryptosuite_checks(keys, signed):
    bad = copy.deepcopy(signed)
    bad["proof"]["proofPurpose"] = "authentication"
    assert not verify_credential(bad, resolver_for(keys[1]), now=NOW).valid
    bad = copy.deepcopy(signed)
    bad["proof"]["cryptosuite"] = "ecdsa-rdfc-2019"
    result = verify_credential(bad, resolver_for(keys[1]), now=NOW)
    assert not result.valid
    assert any("unsupported cryptosuite" in e for e in result.errors)


def test_proof_with_its_own_context(keys, signed):
    # A proof may carry @context; it must be a prefix of the document's.
    ok = copy.deepcopy(signed)
    ok["proof"]["@context"] = [VC_V2_CONTEXT, OB_V3_CONTEXT]
    assert verify_credential(ok, resolver_for(keys[1]), now=NOW).valid
    bad = copy.deepcopy(signed)
    bad["proof"]["@context"] = [OB_V3_CONTEXT]
    result = verify_credential(bad, resolver_for(keys[1]), now=NOW)
    assert not result.valid
    assert "proof @context does not match the credential @context" in result.errors


def test_proof_missing(keys):
    result = verify_credential(make_badge(), resolver_for(keys[1]), now=NOW)
    assert not result.valid
    assert "proof missing" in result.errors


def test_validity_period(keys, signed):
    res = verify_credential(signed, resolver_for(keys[1]), now=datetime(2024, 1, 1, tzinfo=timezone.utc))
    assert not res.valid and "not yet valid" in res.errors
    assert "signature valid" in res.checks  # the signature itself is fine
    res = verify_credential(signed, resolver_for(keys[1]), now=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert not res.valid and "expired" in res.errors
    res = verify_credential(signed, resolver_for(keys[1]), now=datetime(2025, 6, 1))  # naive = UTC
    assert res.valid


def _raising_resolver(url):
    raise RuntimeError("directory offline")


@pytest.mark.parametrize(
    "doc",
    [
        None,
        42,
        "not a credential",
        [],
        {},
        {"@context": 5, "proof": {}},
        {"@context": [VC_V2_CONTEXT], "proof": "x"},
        {"@context": [VC_V2_CONTEXT], "proof": [{}, {}]},
        {"@context": [VC_V2_CONTEXT], "validFrom": "soon", "proof": {}},
    ],
)
def test_malformed_inputs_do_not_raise(keys, doc):
    result = verify_credential(doc, resolver_for(keys[1]), now=NOW)
    assert result.valid is False
    assert result.errors


def test_malformed_proofs_do_not_raise(keys, signed):
    cases = []
    for value in ["0OIl-not-base58", "", None, 12, "zz", "z" + b58encode(b"\x01" * 10), "m" + "A" * 86]:
        bad = copy.deepcopy(signed)
        bad["proof"]["proofValue"] = value
        cases.append((bad, resolver_for(keys[1]), "proof value is malformed"))
    bad = copy.deepcopy(signed)
    del bad["proof"]["verificationMethod"]
    cases.append((bad, resolver_for(keys[1]), None))
    cases.append((signed, _raising_resolver, None))
    cases.append((signed, lambda url: b"\x00" * 5, None))
    cases.append((signed, lambda url: "z6MkNotAKey", None))
    bad = copy.deepcopy(signed)
    bad["@context"] = [VC_V2_CONTEXT, "https://unknown.example/ctx"]
    cases.append((bad, resolver_for(keys[1]), None))
    bad = copy.deepcopy(signed)
    bad["credentialSubject"] = {"@id": 17}
    cases.append((bad, resolver_for(keys[1]), None))
    for doc, resolver, expected in cases:
        result = verify_credential(doc, resolver, now=NOW)
        assert result.valid is False
        assert result.errors
        if expected:
            assert expected in result.errors
    # `now` of the wrong type is also reported, not raised
    assert verify_credential(signed, resolver_for(keys[1]), now="tomorrow").valid is False


def test_sign_rejects_bad_input(keys):
    priv = keys[0]
    with pytest.raises(ValueError):
        sign_credential("nope", priv, VM)
    with pytest.raises(ValueError):
        sign_credential({"id": "urn:x"}, priv, VM)  # no @context
    with pytest.raises(ValueError):
        sign_credential(make_badge(), b"short", VM)
    with pytest.raises(ValueError):
        sign_credential(make_badge(), priv, "key-1")  # relative verification method
    with pytest.raises(ValueError):
        sign_credential(make_badge(), priv, VM, created="last tuesday")
    with pytest.raises(ValueError):
        sign_credential(sign_credential(make_badge(), priv, VM), priv, VM)  # already signed
    badge = make_badge()
    badge["id"] = "badge-1"
    with pytest.raises(ValueError, match="relative"):
        sign_credential(badge, priv, VM)
    with pytest.raises(ValueError, match="control"):
        sign_credential(make_badge(achievement_name="Weld\x08ing"), priv, VM)


# ---------------------------------------------------------------------------
# Document loader: bundled contexts only, never the network
# ---------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/multikey/v1",
    ],
)
def test_loader_serves_bundled_contexts(no_network, url):
    remote = document_loader(url)
    assert remote["documentUrl"] == url
    assert isinstance(remote["document"]["@context"], dict)
    remote["document"]["@context"]["poisoned"] = True  # callers get copies
    assert "poisoned" not in document_loader(url)["document"]["@context"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/context.json",
        "https://www.w3.org/2018/credentials/v1",
        "http://www.w3.org/ns/credentials/v2",  # http, not https
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "",
    ],
)
def test_loader_refuses_unknown_urls(no_network, url):
    with pytest.raises(UnknownContextError, match="Refusing"):
        document_loader(url)


def test_unknown_context_fails_cleanly_without_network(no_network, keys):
    badge = make_badge()
    badge["@context"].append("https://example.org/extra-context.json")
    with pytest.raises(ValueError, match="Refusing"):
        sign_credential(badge, keys[0], VM)
    badge["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "verificationMethod": VM,
        "proofPurpose": "assertionMethod",
        "proofValue": "z" + b58encode(b"\x01" * 64),
    }
    result = verify_credential(badge, resolver_for(keys[1]), now=NOW)
    assert not result.valid
    assert any("Refusing" in e for e in result.errors)


def test_sign_and_verify_without_network(no_network, keys):
    out = sign_credential(make_badge(), keys[0], VM)
    assert verify_credential(out, resolver_for(keys[1]), now=NOW).valid


# ---------------------------------------------------------------------------
# Private keys at rest
# ---------------------------------------------------------------------------

SECRET = "django-insecure-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"


def test_encrypt_decrypt_round_trip(keys):
    priv = keys[0]
    token = encrypt_private_key(priv, SECRET)
    assert isinstance(token, str)
    assert priv.hex() not in token
    assert decrypt_private_key(token, SECRET) == priv
    # fresh salt every time
    assert encrypt_private_key(priv, SECRET) != token


def test_decrypt_with_wrong_secret_fails(keys):
    token = encrypt_private_key(keys[0], SECRET)
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(token, SECRET + "x")


@pytest.mark.parametrize("mangle", ["truncate", "flip", "garbage", "none"])
def test_decrypt_corrupted_token_fails(keys, mangle):
    token = encrypt_private_key(keys[0], SECRET)
    bad = {
        "truncate": token[:-5],
        "flip": token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:],
        "garbage": "not-a-token",
        "none": None,
    }[mangle]
    with pytest.raises(KeyDecryptionError):
        decrypt_private_key(bad, SECRET)


def test_encrypted_key_signs_verifiably(keys):
    token = encrypt_private_key(keys[0], SECRET)
    out = sign_credential(make_badge(), decrypt_private_key(token, SECRET), VM)
    assert verify_credential(out, resolver_for(keys[1]), now=NOW).valid


def test_canonical_hash_is_stable(signed):
    unsigned = {k: v for k, v in signed.items() if k != "proof"}
    a = hashlib.sha256(canonicalize(unsigned).encode()).hexdigest()
    b = hashlib.sha256(canonicalize(copy.deepcopy(unsigned)).encode()).hexdigest()
    assert a == b

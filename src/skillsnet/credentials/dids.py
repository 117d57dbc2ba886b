"""did:web documents of the install and of each issuing organisation (reads only).

An organisation's document lists every signing key it ever had as a Multikey verification method and in
`assertionMethod`, the relationship a credential's proof (proofPurpose "assertionMethod") is checked
against. A retired key stays there so that the credentials it signed keep verifying; it carries `expires`
(the Multikey term) set to its retirement time, after which it signed nothing (its private key is
destroyed on rotation).
"""
from .models import IssuerKey
from .signing import MULTIKEY_V1_CONTEXT

DID_V1_CONTEXT = "https://www.w3.org/ns/did/v1"


def _iso(value):
    return value.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def verification_method(did, key):
    method = {"id": f"{did}#{key.key_id}", "type": "Multikey", "controller": did,
              "publicKeyMultibase": key.public_key_multibase}
    if not key.active and key.retired_at:
        method["expires"] = _iso(key.retired_at)
    return method


def organisation_document(did, organisation, page_url=None):
    """The did:web document of an issuing organisation, or None when it has no signing key."""
    keys = list(IssuerKey.objects.filter(organisation=organisation).order_by("-active", "-created_at", "pk"))
    if not keys:
        return None
    methods = [verification_method(did, key) for key in keys]
    document = {"@context": [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT], "id": did}
    if page_url:
        document["alsoKnownAs"] = [page_url]
    document["verificationMethod"] = methods
    document["assertionMethod"] = [m["id"] for m in methods]
    return document


def install_document(did, base):
    """The install's own did:web document: it names the web site it stands for."""
    return {"@context": [DID_V1_CONTEXT], "id": did,
            "service": [{"id": f"{did}#site", "type": "LinkedDomains", "serviceEndpoint": f"{base}/"}]}

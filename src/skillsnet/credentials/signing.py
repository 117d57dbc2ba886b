"""Open Badges 3.0 / W3C Verifiable Credentials 2.0 signing and verification.

Pure Python (no Django). Implements the W3C Data Integrity cryptosuite
``eddsa-rdfc-2022`` (Ed25519 over RDF Dataset Canonicalization, as specified in
"Data Integrity EdDSA Cryptosuites v1.0").

* JSON-LD contexts are served only from the copies shipped in ``contexts/``;
  nothing is ever fetched from the network.
* Signing is strict: a credential whose terms are not all defined by its
  ``@context`` (and would therefore be silently dropped, leaving them unsigned)
  is refused, as are relative IRIs and control characters that canonicalize
  differently between implementations.
* Verification never raises: it returns a :class:`VerificationResult` with
  plain-language reasons.
"""

from __future__ import annotations

import base64
import copy
import gzip
import hashlib
import io
import json
import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from cachetools import LRUCache
from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pyld import jsonld
from pyld.context_resolver import ContextResolver

__all__ = [
    "VC_V2_CONTEXT",
    "OB_V3_CONTEXT",
    "DATA_INTEGRITY_V2_CONTEXT",
    "MULTIKEY_V1_CONTEXT",
    "CRYPTOSUITE",
    "PROOF_TYPE",
    "ACHIEVEMENT_TYPES",
    "UnknownContextError",
    "KeyDecryptionError",
    "VerificationResult",
    "b58encode",
    "b58decode",
    "generate_keypair",
    "private_key_from_bytes",
    "public_key_from_private",
    "public_key_multibase",
    "public_key_from_multibase",
    "document_loader",
    "canonicalize",
    "build_open_badge",
    "build_status_list_credential",
    "encode_status_list",
    "decode_status_list",
    "status_bit",
    "sign_credential",
    "verify_credential",
    "encrypt_private_key",
    "decrypt_private_key",
]

VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2_CONTEXT = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1_CONTEXT = "https://w3id.org/security/multikey/v1"

CRYPTOSUITE = "eddsa-rdfc-2022"
PROOF_TYPE = "DataIntegrityProof"

_CONTEXT_DIR = Path(__file__).resolve().parent / "contexts"
_CONTEXT_FILES = {
    VC_V2_CONTEXT: "credentials-v2.jsonld",
    OB_V3_CONTEXT: "ob-v3p0-context-3.0.3.json",
    DATA_INTEGRITY_V2_CONTEXT: "data-integrity-v2.jsonld",
    MULTIKEY_V1_CONTEXT: "multikey-v1.jsonld",
}

# Multicodec prefixes (varint-encoded): ed25519-pub 0xed, ed25519-priv 0x1300.
_ED25519_PUB_PREFIX = b"\xed\x01"
_ED25519_PRIV_PREFIX = b"\x80\x26"

# OB 3.0 achievementType vocabulary (extensions must start with "ext:").
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment",
        "AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate",
        "CertificateOfCompletion", "Certification", "CommunityService",
        "Competency", "Course", "CoCurricular", "Degree", "Diploma",
        "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
        "JourneymanCertificate", "LearningProgram", "License", "Membership",
        "ProfessionalDoctorate", "QualityAssuranceCredential",
        "MasterCertificate", "MasterDegree", "MicroCredential",
        "ResearchDoctorate", "SecondarySchoolDiploma",
    }
)


class UnknownContextError(LookupError):
    """Raised by :func:`document_loader` for any URL that is not shipped."""


class KeyDecryptionError(ValueError):
    """Raised when an encrypted private key cannot be decrypted."""


@dataclass
class VerificationResult:
    valid: bool
    checks: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:  # pragma: no cover - convenience only
        return self.valid


# ---------------------------------------------------------------------------
# Base58btc / multibase
# ---------------------------------------------------------------------------

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}


def b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet) encoding."""
    data = bytes(data)
    zeros = len(data) - len(data.lstrip(b"\x00"))
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, rem = divmod(n, 58)
        out.append(_B58_ALPHABET[rem])
    return "1" * zeros + "".join(reversed(out))


def b58decode(text: str) -> bytes:
    """Base58 (Bitcoin alphabet) decoding; raises ValueError on bad input."""
    if not isinstance(text, str):
        raise ValueError("base58 input must be a string")
    n = 0
    for ch in text:
        try:
            n = n * 58 + _B58_INDEX[ch]
        except KeyError:
            raise ValueError(f"invalid base58 character {ch!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\x00" * zeros + body


def _multibase_decode(value: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z"):
        raise ValueError("expected a base58btc multibase string starting with 'z'")
    return b58decode(value[1:])


# ---------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------


def generate_keypair() -> tuple[bytes, bytes]:
    """Return ``(private_key_raw_32_bytes, public_key_raw_32_bytes)``."""
    key = Ed25519PrivateKey.generate()
    return _raw_private(key), _raw_public(key.public_key())


def private_key_from_bytes(raw: bytes) -> Ed25519PrivateKey:
    if not isinstance(raw, (bytes, bytearray)) or len(raw) != 32:
        raise ValueError("an Ed25519 private key must be exactly 32 raw bytes")
    return Ed25519PrivateKey.from_private_bytes(bytes(raw))


def public_key_from_private(raw_private: bytes) -> bytes:
    return _raw_public(private_key_from_bytes(raw_private).public_key())


def public_key_multibase(pub_bytes: bytes) -> str:
    """Multikey encoding of an Ed25519 public key: ``z6Mk...``."""
    if not isinstance(pub_bytes, (bytes, bytearray)) or len(pub_bytes) != 32:
        raise ValueError("an Ed25519 public key must be exactly 32 raw bytes")
    return "z" + b58encode(_ED25519_PUB_PREFIX + bytes(pub_bytes))


def public_key_from_multibase(value: str) -> bytes:
    """Inverse of :func:`public_key_multibase`; raises ValueError."""
    data = _multibase_decode(value)
    if len(data) != 34 or not data.startswith(_ED25519_PUB_PREFIX):
        raise ValueError("not a multibase Ed25519 public key (z6Mk...)")
    return data[2:]


def _private_key_from_multibase(value: str) -> bytes:
    data = _multibase_decode(value)
    if len(data) != 34 or not data.startswith(_ED25519_PRIV_PREFIX):
        raise ValueError("not a multibase Ed25519 secret key")
    return data[2:]


def _raw_private(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def _raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# ---------------------------------------------------------------------------
# JSON-LD document loading and canonicalization
# ---------------------------------------------------------------------------

class _LockedLRU(LRUCache):
    """Bounded, thread-safe cache (inline contexts in untrusted input are
    cached too, so it must not grow without limit)."""

    def __init__(self, maxsize: int) -> None:
        super().__init__(maxsize)
        self._lock = threading.RLock()

    def __getitem__(self, key):
        with self._lock:
            return super().__getitem__(key)

    def __setitem__(self, key, value):
        with self._lock:
            super().__setitem__(key, value)

    def get(self, key, default=None):
        with self._lock:
            return super().get(key, default)


_CONTEXT_CACHE: dict[str, Any] = {}
# Resolved-context cache used only with our own loader (pyld's global cache
# is shared with any other pyld user in the process, whatever its loader).
_RESOLVED_CACHE = _LockedLRU(maxsize=64)


def _load_context(url: str) -> Any:
    if url not in _CONTEXT_CACHE:  # a race here only reads the file twice
        with open(_CONTEXT_DIR / _CONTEXT_FILES[url], encoding="utf-8") as fh:
            _CONTEXT_CACHE[url] = json.load(fh)
    return _CONTEXT_CACHE[url]


def document_loader(url: str, options: dict | None = None) -> dict:
    """pyld document loader serving only the bundled contexts; never fetches."""
    if not isinstance(url, str) or url not in _CONTEXT_FILES:
        raise UnknownContextError(
            f"Refusing to load JSON-LD document {url!r}: only the bundled "
            f"contexts ({', '.join(sorted(_CONTEXT_FILES))}) are available; "
            "nothing is fetched from the network."
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(_load_context(url)),
    }


def _options(loader: Callable | None) -> dict:
    if loader is None:
        loader, cache = document_loader, _RESOLVED_CACHE
    else:
        cache = {}
    return {
        "documentLoader": loader,
        "contextResolver": ContextResolver(cache, loader),
        # None (not ""): pyld 3 resolves relative IRIs against
        # http://example.org/base/ when base is "", which other JSON-LD
        # processors do not do; keep them relative so _strict_check sees them.
        "base": None,
    }


_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BAD_IRI_CHARS = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _strict_check(document: dict, loader: Callable | None) -> None:
    """Raise ValueError if expansion would silently lose or mangle data.

    This is the equivalent of jsonld.js "safe mode": every property must be
    defined by the context, types and ids must be absolute IRIs (relative ones
    are dropped from the RDF dataset and so would not be signed), and strings
    must not contain control characters whose N-Quads escaping differs
    between pyld and RDFC-1.0 implementations.
    """
    dropped: list[str | None] = []
    expanded = jsonld.JsonLdProcessor(on_property_dropped=dropped.append).expand(
        document, _options(loader)
    )
    problems: list[str] = []
    if dropped:
        names = sorted({str(d) for d in dropped})
        problems.append("terms not defined by the @context: " + ", ".join(names))

    def is_abs(v: Any) -> bool:
        return isinstance(v, str) and (
            v.startswith("_:")
            or (bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", v)) and not _BAD_IRI_CHARS.search(v))
        )

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            if isinstance(node, str) and _BAD_CHARS.search(node):
                problems.append("a string contains control characters")
            return
        for key, value in node.items():
            if key == "@id" and not is_abs(value):
                problems.append(f"relative or invalid IRI {value!r} in an id")
            elif key == "@type" and "@value" not in node:
                for t in value if isinstance(value, list) else [value]:
                    if not is_abs(t):
                        problems.append(f"type {t!r} is not defined by the @context")
            elif key == "@type" and "@value" in node:
                if isinstance(value, str) and value != "@json" and not is_abs(value):
                    problems.append(f"datatype {value!r} is not an absolute IRI")
            elif key == "@value" and node.get("@type") == "@json":
                continue
            else:
                walk(value)

    walk(expanded)
    if problems:
        raise ValueError("; ".join(dict.fromkeys(problems)))


def canonicalize(document: dict, loader: Callable | None = None) -> str:
    """RDF Dataset Canonicalization (URDNA2015 / RDFC-1.0) as N-Quads."""
    opts = _options(loader)
    opts.update({"algorithm": "URDNA2015", "format": "application/n-quads"})
    return jsonld.normalize(document, opts)


# ---------------------------------------------------------------------------
# Open Badges 3.0
# ---------------------------------------------------------------------------


def _iso(value: Any, what: str) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{what} must be timezone-aware")
        return value.astimezone(timezone.utc).replace(microsecond=0).strftime(
            "%Y-%m-%dT%H:%M:%SZ"
        )
    if isinstance(value, str) and _parse_datetime(value) is not None:
        return value
    raise ValueError(f"{what} must be an ISO 8601 date-time with a timezone")


_DT_RE = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def _parse_datetime(value: Any) -> datetime | None:
    """Parse an XML Schema dateTime with timezone; None if invalid."""
    if not isinstance(value, str) or not _DT_RE.match(value):
        return None
    text = value[:-1] + "+00:00" if value.endswith("Z") else value
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    return dt if dt.tzinfo is not None else None


def _require_iri(value: Any, what: str) -> str:
    if not isinstance(value, str) or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value):
        raise ValueError(f"{what} must be an absolute IRI (e.g. https://... or urn:uuid:...)")
    return value


def build_open_badge(
    *,
    credential_id: str,
    issuer_id: str,
    issuer_name: str,
    valid_from: str | datetime,
    valid_until: str | datetime | None = None,
    subject_id: str | None = None,
    subject_name: str | None = None,
    achievement_id: str,
    achievement_name: str,
    achievement_description: str,
    criteria_narrative: str,
    achievement_type: str | None = "Achievement",
    extra_subject: dict | None = None,
    issuer_url: str | None = None,
    credential_status: dict | None = None,
) -> dict:
    """Return an unsigned Open Badges 3.0 ``OpenBadgeCredential``.

    ``subject_name`` is expressed the OB 3.0 way, as an ``IdentityObject``
    (``identityType: "name"``, not hashed) in ``credentialSubject.identifier``.
    At least one of ``subject_id`` / ``subject_name`` is required.
    """
    if not subject_id and not subject_name:
        raise ValueError("OB 3.0 needs credentialSubject.id or an identifier (subject_name)")
    if achievement_type is not None and not (
        achievement_type in ACHIEVEMENT_TYPES
        or (isinstance(achievement_type, str) and achievement_type.startswith("ext:"))
    ):
        raise ValueError(f"unknown OB 3.0 achievementType {achievement_type!r}")

    achievement: dict[str, Any] = {
        "id": _require_iri(achievement_id, "achievement_id"),
        "type": ["Achievement"],
        "name": achievement_name,
        "description": achievement_description,
        "criteria": {"narrative": criteria_narrative},
    }
    if achievement_type is not None:
        achievement["achievementType"] = achievement_type

    subject: dict[str, Any] = {}
    if subject_id:
        subject["id"] = _require_iri(subject_id, "subject_id")
    subject["type"] = ["AchievementSubject"]
    if subject_name:
        subject["identifier"] = [
            {
                "type": "IdentityObject",
                "identityHash": subject_name,
                "identityType": "name",
                "hashed": False,
            }
        ]
    subject["achievement"] = achievement
    if extra_subject:
        clash = {"type", "achievement"} & set(extra_subject)
        if clash:
            raise ValueError(f"extra_subject may not override {sorted(clash)}")
        subject.update(copy.deepcopy(extra_subject))

    credential: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT],
        "id": _require_iri(credential_id, "credential_id"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": _require_iri(issuer_id, "issuer_id"),
            "type": ["Profile"],
            "name": issuer_name,
        },
        "validFrom": _iso(valid_from, "valid_from"),
    }
    if issuer_url:
        credential["issuer"]["url"] = _require_iri(issuer_url, "issuer_url")
    if valid_until is not None:
        credential["validUntil"] = _iso(valid_until, "valid_until")
    credential["name"] = achievement_name
    credential["credentialSubject"] = subject
    if credential_status is not None:
        credential["credentialStatus"] = copy.deepcopy(credential_status)
    return credential


# ---------------------------------------------------------------------------
# W3C Bitstring Status List v1.0
# ---------------------------------------------------------------------------

#: The specification's minimum: 16 KB of bits (131,072 entries) before compression.
STATUS_LIST_MIN_BITS = 131072


def encode_status_list(set_indexes, length: int = STATUS_LIST_MIN_BITS) -> str:
    """``encodedList`` of a bitstring of ``length`` bits with the given indexes set: GZIP, then base64url
    without padding, multibase prefix ``u``. Index 0 is the left-most (most significant) bit of byte 0."""
    if length < STATUS_LIST_MIN_BITS or length % 8:
        raise ValueError("a status list has at least 131072 bits, a multiple of 8")
    bits = bytearray(length // 8)
    for index in set_indexes:
        if not 0 <= index < length:
            raise ValueError(f"status list index {index} is outside the list")
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def decode_status_list(encoded: str, max_bytes: int = 16 * 1024 * 1024) -> bytes:
    """The uncompressed bitstring of an ``encodedList``; ValueError when it is not one."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList must be base64url multibase (starting with 'u')")
    body = encoded[1:]
    try:
        packed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(packed)) as fh:
            bits = fh.read(max_bytes + 1)
    except (ValueError, OSError, EOFError) as exc:
        raise ValueError(f"encodedList cannot be decoded: {exc}") from None
    if len(bits) > max_bytes:
        raise ValueError("encodedList is too large")
    return bits


def status_bit(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"status list index {index} is outside the list ({len(bits) * 8} bits)")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def build_status_list_credential(*, list_id: str, issuer_id: str, issuer_name: str, purpose: str,
                                 encoded_list: str, valid_from: str | datetime) -> dict:
    """An unsigned ``BitstringStatusListCredential`` (VC Data Model 2.0)."""
    return {
        "@context": [VC_V2_CONTEXT],
        "id": _require_iri(list_id, "list_id"),
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": _require_iri(issuer_id, "issuer_id"), "name": issuer_name},
        "validFrom": _iso(valid_from, "valid_from"),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded_list,
        },
    }


# ---------------------------------------------------------------------------
# eddsa-rdfc-2022
# ---------------------------------------------------------------------------


def _hash_data(unsecured: dict, proof_config: dict, loader: Callable | None) -> bytes:
    proof_hash = hashlib.sha256(canonicalize(proof_config, loader).encode("utf-8")).digest()
    doc_hash = hashlib.sha256(canonicalize(unsecured, loader).encode("utf-8")).digest()
    return proof_hash + doc_hash


def sign_credential(
    credential: dict,
    private_key_raw: bytes,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    *,
    loader: Callable | None = None,
    proof_as_array: bool = False,
) -> dict:
    """Return a copy of ``credential`` with an ``eddsa-rdfc-2022`` proof.

    ``proof_as_array`` writes ``proof`` as a one-element list (a proof set), the form 1EdTech's Open
    Badges 3.0 JSON Schema requires; verifiers accept both forms.

    Raises ValueError if the credential cannot be signed safely (no
    ``@context``, an existing proof, undefined terms, relative IRIs...).
    ``loader`` replaces :func:`document_loader` (tests only).
    """
    if not isinstance(credential, dict):
        raise ValueError("credential must be a JSON object (dict)")
    if "@context" not in credential:
        raise ValueError("credential has no @context")
    if "proof" in credential:
        raise ValueError("credential already has a proof")
    key = private_key_from_bytes(private_key_raw)
    _require_iri(verification_method, "verification_method")
    if created is None:
        created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    elif _parse_datetime(created) is None:
        raise ValueError("created must be an XML Schema dateTime, e.g. 2024-01-01T00:00:00Z")

    unsecured = copy.deepcopy(credential)
    proof_config = {
        "@context": copy.deepcopy(unsecured["@context"]),
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    try:
        _strict_check(unsecured, loader)
        _strict_check(proof_config, loader)
        hash_data = _hash_data(unsecured, proof_config, loader)
    except jsonld.JsonLdError as exc:
        raise ValueError(f"credential is not valid JSON-LD: {_jsonld_reason(exc)}") from exc

    signature = key.sign(hash_data)
    proof = {k: v for k, v in proof_config.items() if k != "@context"}
    proof["proofValue"] = "z" + b58encode(signature)
    signed = unsecured
    signed["proof"] = [proof] if proof_as_array else proof
    return signed


def _jsonld_reason(exc: BaseException) -> str:
    """Dig the most useful message out of pyld's nested exceptions."""
    messages = []
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, UnknownContextError):
            return str(exc)
        msg = getattr(exc, "message", None) or str(exc)
        messages.append(str(msg).splitlines()[0] if msg else type(exc).__name__)
        details = getattr(exc, "details", None)
        nested = details.get("cause") if isinstance(details, dict) else None
        exc = exc.__cause__ or exc.__context__ or nested
    return messages[-1] if messages else "unknown JSON-LD error"


def verify_credential(
    credential: Any,
    resolve_public_key: Callable[[str], bytes | str | None],
    *,
    now: datetime | None = None,
    expected_proof_purpose: str = "assertionMethod",
    loader: Callable | None = None,
) -> VerificationResult:
    """Verify an ``eddsa-rdfc-2022`` credential. Never raises.

    ``resolve_public_key(verification_method_url)`` returns the raw 32-byte
    Ed25519 public key (or its ``z6Mk...`` multibase form), or None if the
    method is unknown. Validity (validFrom/validUntil) is checked against
    ``now`` (default: current UTC time).
    """
    checks: list[str] = []
    errors: list[str] = []
    try:
        _verify(credential, resolve_public_key, now, expected_proof_purpose, loader, checks, errors)
    except Exception as exc:  # last-resort guard: never raise to the caller
        errors.append(f"could not verify credential: {exc}")
    return VerificationResult(valid=not errors and bool(checks), checks=checks, errors=errors)


def _verify(credential, resolve_public_key, now, purpose, loader, checks, errors) -> None:
    if not isinstance(credential, dict):
        errors.append("credential is not a JSON object")
        return
    if "@context" not in credential:
        errors.append("credential has no @context")
        return

    _check_validity(credential, now, checks, errors)

    proof = credential.get("proof")
    if proof is None:
        errors.append("proof missing")
        return
    if isinstance(proof, list):
        if len(proof) != 1:
            errors.append("only a single proof is supported")
            return
        proof = proof[0]
    if not isinstance(proof, dict):
        errors.append("proof is malformed")
        return
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        errors.append(
            f"unsupported cryptosuite (expected {PROOF_TYPE} / {CRYPTOSUITE})"
        )
        return
    checks.append(f"proof uses {CRYPTOSUITE}")
    if proof.get("proofPurpose") != purpose:
        errors.append(f"proof purpose is not {purpose}")
        return
    if "created" in proof and _parse_datetime(proof.get("created")) is None:
        errors.append("proof creation date is malformed")
        return

    proof_value = proof.get("proofValue")
    try:
        signature = _multibase_decode(proof_value)
    except ValueError:
        signature = None
    if signature is None or len(signature) != 64:
        errors.append("proof value is malformed")
        return

    vm = proof.get("verificationMethod")
    if not isinstance(vm, str) or not vm:
        errors.append("proof has no verification method")
        return
    try:
        pub = resolve_public_key(vm)
    except Exception as exc:
        errors.append(f"could not resolve verification method: {exc}")
        return
    if pub is None:
        errors.append("unknown verification method")
        return
    try:
        if isinstance(pub, str):
            pub = public_key_from_multibase(pub)
        if not isinstance(pub, (bytes, bytearray)) or len(pub) != 32:
            raise ValueError("bad key length")
        public_key = Ed25519PublicKey.from_public_bytes(bytes(pub))
    except ValueError:
        errors.append("verification method key is not an Ed25519 public key")
        return
    checks.append("verification method resolved")

    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    proof_config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in proof_config:
        pctx = proof_config["@context"]
        pctx = pctx if isinstance(pctx, list) else [pctx]
        dctx = unsecured["@context"]
        dctx = dctx if isinstance(dctx, list) else [dctx]
        if dctx[: len(pctx)] != pctx:
            errors.append("proof @context does not match the credential @context")
            return
        unsecured["@context"] = proof_config["@context"]
    proof_config["@context"] = unsecured["@context"]

    try:
        _strict_check(unsecured, loader)
        _strict_check(proof_config, loader)
        hash_data = _hash_data(unsecured, proof_config, loader)
    except ValueError as exc:
        errors.append(f"credential cannot be canonicalized safely: {exc}")
        return
    except jsonld.JsonLdError as exc:
        errors.append(f"credential is not valid JSON-LD: {_jsonld_reason(exc)}")
        return

    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        errors.append("signature does not match")
        return
    checks.append("signature valid")


def _check_validity(credential: dict, now: datetime | None, checks, errors) -> None:
    if now is None:
        now = datetime.now(timezone.utc)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    ok = True
    if "validFrom" in credential:
        start = _parse_datetime(credential["validFrom"])
        if start is None:
            errors.append("validFrom is not a valid date-time")
            ok = False
        elif now < start:
            errors.append("not yet valid")
            ok = False
    if "validUntil" in credential:
        end = _parse_datetime(credential["validUntil"])
        if end is None:
            errors.append("validUntil is not a valid date-time")
            ok = False
        elif now > end:
            errors.append("expired")
            ok = False
    if ok:
        checks.append("within validity period")


# ---------------------------------------------------------------------------
# Private keys at rest
# ---------------------------------------------------------------------------

_TOKEN_PREFIX = "edk1"
_HKDF_INFO = b"skillsnet.credentials.ed25519-private-key.v1"


def _fernet(secret: str, salt: bytes) -> Fernet:
    if not isinstance(secret, str) or not secret:
        raise ValueError("secret must be a non-empty string")
    # The secret is Django's SECRET_KEY: a high-entropy random key, not a
    # password, so HKDF (not a slow password hash) is the appropriate KDF.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt_private_key(raw: bytes, secret: str) -> str:
    """Encrypt a 32-byte private key: ``edk1.<salt>.<fernet token>``."""
    private_key_from_bytes(raw)  # validates length
    salt = os.urandom(16)
    token = _fernet(secret, salt).encrypt(bytes(raw)).decode("ascii")
    return f"{_TOKEN_PREFIX}.{base64.urlsafe_b64encode(salt).decode('ascii')}.{token}"


def decrypt_private_key(token: str, secret: str) -> bytes:
    """Inverse of :func:`encrypt_private_key`; raises KeyDecryptionError."""
    try:
        prefix, salt_b64, fernet_token = token.split(".")
        if prefix != _TOKEN_PREFIX:
            raise ValueError("unknown token version")
        salt = base64.urlsafe_b64decode(salt_b64.encode("ascii"))
        raw = _fernet(secret, salt).decrypt(fernet_token.encode("ascii"))
    except (InvalidToken, ValueError, AttributeError, TypeError) as exc:
        raise KeyDecryptionError(
            "could not decrypt private key (wrong secret or corrupted token)"
        ) from exc
    if len(raw) != 32:
        raise KeyDecryptionError("decrypted private key has the wrong length")
    return raw

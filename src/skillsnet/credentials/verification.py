"""Verify a credential (stored or presented): signature, issuer, validity dates and status.

Reads only; never raises on bad input.

* The verification method ``did:web:HOST:issuers:ORG#KEY`` is resolved against this register's stored
  public keys (active or retired), whatever host the DID names (the signature decides); so is the older
  form ``https://HOST/credentials/keys/KEY``. A retired key only vouches for proofs created before its
  retirement.
* The issuer check: the key belongs to the organisation whose DID is the credential's issuer.
* The status check reads the credential's W3C Bitstring Status List entry: the status list credential of
  this register it points at is verified (signature, same issuer, same purpose) and the credential's bit
  read. A set bit means revoked or suspended; the register's record says which, and since when.
"""
import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import signing
from .models import IssuedCredential, IssuerKey, StatusList

MAX_CREDENTIAL_BYTES = 256 * 1024
SIGNATURE_CACHE_SECONDS = 24 * 3600

# signing.py reports in English; these are shown translated.
SIGNING_MESSAGES = {
    "signature does not match": gettext_lazy("The signature does not match: the credential was changed after it "
                                             "was signed, or it was not signed with this key."),
    "expired": gettext_lazy("The credential has expired."),
    "not yet valid": gettext_lazy("The credential is not valid yet."),
    "proof missing": gettext_lazy("The credential has no proof (it is not signed)."),
    "unknown verification method": gettext_lazy("The signing key is not known to this register."),
    "credential has no @context": gettext_lazy("This is not a verifiable credential: it has no @context."),
    "credential is not a JSON object": gettext_lazy("This is not a verifiable credential: it is not a JSON object."),
}


@dataclass
class Check:
    code: str
    label: str
    ok: bool
    detail: str = ""


@dataclass
class Verification:
    status: str  # valid / revoked / suspended / expired / not_yet_valid / invalid
    checks: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    credential: dict = None
    record: IssuedCredential = None
    key: IssuerKey = None

    STATUS_LABELS = {
        "valid": gettext_lazy("Valid"),
        "revoked": gettext_lazy("Revoked"),
        "suspended": gettext_lazy("Suspended"),
        "expired": gettext_lazy("Expired"),
        "not_yet_valid": gettext_lazy("Not yet valid"),
        "invalid": gettext_lazy("Not valid"),
    }

    @property
    def valid(self):
        return self.status == "valid"

    @property
    def status_label(self):
        return self.STATUS_LABELS[self.status]

    def to_dict(self):
        record = self.record
        return {
            "valid": self.valid,
            "status": self.status,
            "checks": [{"check": c.code, "ok": c.ok, "detail": c.detail} for c in self.checks],
            "errors": [str(e) for e in self.errors],
            "credential_id": (self.credential or {}).get("id") if isinstance(self.credential, dict) else None,
            "revoked_at": record.revoked_at.isoformat() if record and record.revoked_at else None,
            "suspended_at": record.suspended_at.isoformat() if record and record.is_suspended else None,
        }


def _message(text):
    for key, message in SIGNING_MESSAGES.items():
        if text == key:
            return str(message)
    return text


def parse_credential(data):
    """The credential (a dict) in uploaded bytes or text; ValidationError with a clear message otherwise."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or not data.strip():
        raise ValidationError(_("The file is empty. Upload the credential's JSON file (.json)."))
    if len(data) > MAX_CREDENTIAL_BYTES:
        raise ValidationError(_("The file is too large for a credential (at most %(kb)s KB).")
                              % {"kb": MAX_CREDENTIAL_BYTES // 1024})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("This file is not a credential: it is not JSON text (perhaps a PDF or an image?). "
                                "Upload the credential's JSON file (.json)."))
    try:
        credential = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(_("This file is not valid JSON (line %(line)s, column %(col)s: %(msg)s). Upload the "
                                "credential's JSON file (.json) as downloaded.")
                              % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg})
    except (RecursionError, ValueError):
        raise ValidationError(_("This file is not a credential: its JSON cannot be read."))
    if not isinstance(credential, dict):
        raise ValidationError(_("This JSON is not a credential: a credential is a JSON object."))
    if "@context" not in credential or "credentialSubject" not in credential:
        raise ValidationError(_("This JSON is not a verifiable credential: it has no @context or credentialSubject."))
    return credential


def _resolve_path(url, name):
    """The URL's keyword arguments if its path is this site's route `name`, else None."""
    if not isinstance(url, str):
        return None
    try:
        match = resolve(urlparse(url).path)
    except (Resolver404, ValueError):
        return None
    return match.kwargs if match.view_name == name else None


_DID_METHOD = re.compile(r"^(did:web:[^#]+):issuers:(\d{1,9})#([0-9A-Za-z_-]{1,64})$")


def key_for_method(url):
    """The register's key for a verification method id (did:web form, or the older key URL), or None."""
    match = _DID_METHOD.match(url) if isinstance(url, str) else None
    if match:
        return (IssuerKey.objects.select_related("organisation")
                .filter(organisation_id=int(match.group(2)), key_id=match.group(3)).first())
    kwargs = _resolve_path(url, "credentials:key")
    return key_by_id(kwargs["key_id"]) if kwargs else None


_KEY_ID = re.compile(r"^[0-9A-Za-z_-]{1,64}$")


def key_by_id(key_id):
    """The key with this id, or None (also for text that cannot be a key id)."""
    if not isinstance(key_id, str) or not _KEY_ID.match(key_id):
        return None
    return IssuerKey.objects.select_related("organisation").filter(key_id=key_id).first()


def _issuer_id(credential):
    issuer = credential.get("issuer")
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def _issuer_matches_key(credential, key, method):
    """The issuer named in the credential is the organisation the signing key belongs to."""
    issuer_id = _issuer_id(credential)
    if not isinstance(issuer_id, str) or key is None:
        return False
    match = _DID_METHOD.match(method) if isinstance(method, str) else None
    if match:  # the key is listed in the document of the DID the credential names as issuer
        return issuer_id == method.split("#", 1)[0] and int(match.group(2)) == key.organisation_id
    kwargs = _resolve_path(issuer_id, "directory_organisation_detail")
    return bool(kwargs) and str(kwargs["pk"]) == str(key.organisation_id)


def _record(credential):
    value = credential.get("id")
    if not isinstance(value, str) or not re.match(r"^urn:uuid:[0-9a-fA-F-]{36}$", value):
        return None
    try:
        pk = uuid.UUID(value[len("urn:uuid:"):])
    except ValueError:
        return None
    return IssuedCredential.objects.select_related("issuer", "key").filter(pk=pk).first()


def _proof(credential):
    proof = credential.get("proof") if isinstance(credential, dict) else None
    if isinstance(proof, list) and len(proof) == 1:
        proof = proof[0]
    return proof if isinstance(proof, dict) else {}


def _signed_while_active(credential, key):
    """A retired key vouches only for proofs created before its retirement."""
    if key is None or key.active or key.retired_at is None:
        return True
    created = signing._parse_datetime(_proof(credential).get("created"))
    return created is not None and created < key.retired_at


def _digest(document):
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode("utf-8")).hexdigest()


def _signature(credential, now, known_valid):
    """(signing result, key): the signature check, from the cache when this exact document passed before."""
    found = {}

    def resolver(url):
        key = key_for_method(url)
        found["key"] = key
        return key.public_key_multibase if key else None

    cache_key = f"skillsnet:credentials:signature-ok:{_digest(credential)}" if isinstance(credential, dict) else None
    if known_valid or (cache_key and cache.get(cache_key) is True):
        checks, errors = [], []
        signing._check_validity(credential, now, checks, errors)
        checks += ["verification method resolved", "signature valid"]
        key = key_for_method(_proof(credential).get("verificationMethod"))
        return signing.VerificationResult(valid=not errors, checks=checks, errors=errors), key
    result = signing.verify_credential(credential, resolver, now=now)
    if cache_key and "signature valid" in result.checks:
        cache.set(cache_key, True, SIGNATURE_CACHE_SECONDS)
    return result, found.get("key")


def _signature_check(out, result, credential, key):
    signature_ok = "signature valid" in result.checks
    signature_errors = [e for e in out.errors if e not in (str(SIGNING_MESSAGES["expired"]),
                                                           str(SIGNING_MESSAGES["not yet valid"]))]
    detail = (_("Signed with an Ed25519 key of this register (eddsa-rdfc-2022).") if signature_ok
              else " ".join(signature_errors))
    if signature_ok and not _signed_while_active(credential, key):
        signature_ok = False
        detail = _("The proof is dated after its key was retired on %(date)s.") % {
            "date": key.retired_at.strftime("%Y-%m-%d")}
        out.errors.append(detail)
    out.checks.append(Check("signature", _("Signature"), signature_ok, detail))
    return signature_ok


def _issuer_check(out, credential, key):
    issuer_ok = _issuer_matches_key(credential, key, _proof(credential).get("verificationMethod"))
    if issuer_ok:
        detail = _("The signing key belongs to %(org)s, the issuer named in the credential.") % {
            "org": key.organisation}
    elif key is None:
        detail = _("The signing key is not known to this register.")
    else:
        detail = _("The signing key belongs to %(org)s, not to the issuer named in the credential.") % {
            "org": key.organisation}
    out.checks.append(Check("issuer", _("Issuer"), issuer_ok, detail))
    if not issuer_ok and str(detail) not in out.errors:
        out.errors.append(str(detail))
    return issuer_ok


def _dates_check(out, result):
    dates_ok = "within validity period" in result.checks
    expired = str(SIGNING_MESSAGES["expired"]) in out.errors
    early = str(SIGNING_MESSAGES["not yet valid"]) in out.errors
    out.checks.append(Check("validity", _("Validity dates"), dates_ok,
                            _("Within its validity period.") if dates_ok else
                            _("The credential has expired.") if expired else
                            _("The credential is not valid yet.") if early else
                            _("The validity dates cannot be read.")))
    return dates_ok, expired, early


# ------------------------------------------------------------------ status (W3C Bitstring Status List)
class StatusError(Exception):
    pass


def status_list_for(url):
    """The register's status list published at `url`, or None."""
    kwargs = _resolve_path(url, "credentials:status_list")
    if not kwargs or max(kwargs["org_pk"], kwargs["number"]) > 2**31 - 1:
        return None
    return (StatusList.objects.select_related("organisation")
            .filter(organisation_id=kwargs["org_pk"], number=kwargs["number"]).first())


def read_status_bit(credential, now=None):
    """Whether the credential's status bit is set, read from the status list credential its
    `credentialStatus` names, after verifying that list. StatusError says why it cannot be read."""
    entry = credential.get("credentialStatus")
    if isinstance(entry, list):
        entry = next((e for e in entry if isinstance(e, dict) and e.get("type") == "BitstringStatusListEntry"),
                     None)
    if not isinstance(entry, dict) or entry.get("type") != "BitstringStatusListEntry":
        raise StatusError(_("The credential has no Bitstring Status List entry."))
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError:
        raise StatusError(_("The status list index is not a whole number."))
    status_list = status_list_for(entry.get("statusListCredential"))
    if status_list is None or not status_list.signed_json:
        raise StatusError(_("The status list %(url)s is not published by this register.")
                          % {"url": entry.get("statusListCredential")})
    document = status_list.signed_json
    result, key = _signature(document, now, known_valid=False)
    if "signature valid" not in result.checks or not _issuer_matches_key(
            document, key, _proof(document).get("verificationMethod")):
        raise StatusError(_("The status list's signature does not verify."))
    if _issuer_id(document) != _issuer_id(credential):
        raise StatusError(_("The status list was not published by the credential's issuer."))
    subject = document.get("credentialSubject") or {}
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise StatusError(_("The status list serves another purpose than the credential's entry."))
    try:
        return signing.status_bit(signing.decode_status_list(subject.get("encodedList")), index)
    except ValueError as exc:
        raise StatusError(str(exc))


def _status_check(out, credential, record, key, now):
    """Adds the status check; returns "valid", "revoked", "suspended" or "invalid"."""
    if record is None:
        state, detail = "invalid", _("This credential is not in this register.")
    elif key is not None and record.key_id != key.pk:
        state, detail = "invalid", _("The register holds this credential with another signing key.")
    elif "credentialStatus" not in credential:  # issued before status lists: the register's record decides
        state, detail = _state_from_record(record)
    else:
        try:
            bit = read_status_bit(credential, now)
        except StatusError as exc:
            state, detail = "invalid", str(exc)
        else:
            state, detail = _state_from_record(record) if bit or record.status_bit_set else (
                "valid", _("Not revoked or suspended (its status list, signed by the issuer, says so)."))
            if bit and state == "valid":  # the list is the public truth: never report less than it says
                state, detail = "suspended", _("Its status list marks it as suspended.")
    ok = state == "valid"
    out.checks.append(Check("revocation", _("Revocation and suspension"), ok, detail))
    if not ok:
        out.errors.append(str(detail))
    return state


def _state_from_record(record):
    if record.revoked_at is not None:
        return "revoked", _("Revoked by the issuer on %(date)s.") % {"date": record.revoked_at.strftime("%Y-%m-%d")}
    if record.suspended_at is not None:
        return "suspended", _("Suspended by the issuer since %(date)s.") % {
            "date": record.suspended_at.strftime("%Y-%m-%d")}
    return "valid", _("Not revoked or suspended.")


def verify(credential, now=None, *, signature_known_valid=False):
    """Verify a credential dict (or anything else: the answer then says why it is not one)."""
    result, key = _signature(credential, now, signature_known_valid) if isinstance(credential, dict) else (
        signing.verify_credential(credential, lambda url: None, now=now), None)
    out = Verification(status="invalid", credential=credential if isinstance(credential, dict) else None)
    out.errors = [_message(e) for e in result.errors]
    out.key = key
    signature_ok = _signature_check(out, result, credential, key)
    if not isinstance(credential, dict):
        return out
    issuer_ok = _issuer_check(out, credential, key)
    dates_ok, expired, early = _dates_check(out, result)
    record = out.record = _record(credential)
    state = _status_check(out, credential, record, key, now)
    if not signature_ok or not issuer_ok:
        out.status = "invalid"
    elif state in ("revoked", "suspended"):
        out.status = state
    elif state != "valid":
        out.status = "invalid"
    elif expired:
        out.status = "expired"
    elif early:
        out.status = "not_yet_valid"
    elif dates_ok:
        out.status = "valid"
    return out


def verify_stored(record, now=None):
    """Verify a credential of the register. Its signed JSON never changes, so a good signature is
    remembered (cache) and later checks redo only the issuer, dates and status."""
    return verify(record.signed_json, now=now)

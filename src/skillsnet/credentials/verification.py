"""Verify a credential (stored or presented): signature, issuer, validity dates, revocation.

Reads only; never raises on bad input. The verification method URL /credentials/keys/<key id> is
resolved against this register's stored public keys (active or retired), whatever host the URL names.
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
from .models import IssuedCredential, IssuerKey

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
    status: str  # valid / revoked / expired / not_yet_valid / invalid
    checks: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    credential: dict = None
    record: IssuedCredential = None
    key: IssuerKey = None

    STATUS_LABELS = {
        "valid": gettext_lazy("Valid"),
        "revoked": gettext_lazy("Revoked"),
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


def key_for_method(url):
    kwargs = _resolve_path(url, "credentials:key")
    if not kwargs:
        return None
    return IssuerKey.objects.select_related("organisation").filter(key_id=kwargs["key_id"]).first()


def _issuer_pk(credential):
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    kwargs = _resolve_path(issuer_id, "directory_organisation_detail")
    return str(kwargs["pk"]) if kwargs else None


def _record(credential):
    value = credential.get("id")
    if not isinstance(value, str) or not re.match(r"^urn:uuid:[0-9a-fA-F-]{36}$", value):
        return None
    try:
        pk = uuid.UUID(value[len("urn:uuid:"):])
    except ValueError:
        return None
    return IssuedCredential.objects.select_related("issuer", "key").filter(pk=pk).first()


def _known_signature(credential, now):
    """The signing result for a stored credential whose signature was checked before (it never changes):
    only the validity dates are checked again."""
    checks, errors = [], []
    signing._check_validity(credential, now, checks, errors)
    proof = credential.get("proof") or {}
    checks += ["verification method resolved", "signature valid"]
    return signing.VerificationResult(valid=not errors, checks=checks, errors=errors), \
        key_for_method(proof.get("verificationMethod"))


def verify(credential, now=None, *, signature_known_valid=False):
    """Verify a credential dict (or anything else: the answer then says why it is not one)."""
    found = {}

    def resolver(url):
        key = key_for_method(url)
        found["key"] = key
        return key.public_key_multibase if key else None

    if signature_known_valid:
        result, found["key"] = _known_signature(credential, now)
    else:
        result = signing.verify_credential(credential, resolver, now=now)
    out = Verification(status="invalid", credential=credential if isinstance(credential, dict) else None)
    out.errors = [_message(e) for e in result.errors]
    key = out.key = found.get("key")

    signature_ok = "signature valid" in result.checks
    signature_errors = [e for e in out.errors if e not in (str(SIGNING_MESSAGES["expired"]),
                                                           str(SIGNING_MESSAGES["not yet valid"]))]
    out.checks.append(Check("signature", _("Signature"), signature_ok,
                            _("Signed with an Ed25519 key of this register (eddsa-rdfc-2022).") if signature_ok
                            else " ".join(signature_errors)))
    if not isinstance(credential, dict):
        return out

    issuer_pk = _issuer_pk(credential)
    issuer_ok = key is not None and issuer_pk is not None and issuer_pk == str(key.organisation_id)
    if issuer_ok:
        issuer_detail = _("The signing key belongs to %(org)s, the issuer named in the credential.") % {
            "org": key.organisation}
    elif key is None:
        issuer_detail = _("The signing key is not known to this register.")
    else:
        issuer_detail = _("The signing key belongs to %(org)s, not to the issuer named in the credential.") % {
            "org": key.organisation}
    out.checks.append(Check("issuer", _("Issuer"), issuer_ok, issuer_detail))
    if not issuer_ok and str(issuer_detail) not in out.errors:
        out.errors.append(str(issuer_detail))

    dates_ok = "within validity period" in result.checks
    expired = str(SIGNING_MESSAGES["expired"]) in out.errors
    early = str(SIGNING_MESSAGES["not yet valid"]) in out.errors
    out.checks.append(Check("validity", _("Validity dates"), dates_ok,
                            _("Within its validity period.") if dates_ok else
                            _("The credential has expired.") if expired else
                            _("The credential is not valid yet.") if early else
                            _("The validity dates cannot be read.")))

    record = out.record = _record(credential)
    if record is None:
        revocation_ok, detail = False, _("This credential is not in this register.")
    elif key is not None and record.key_id != key.pk:
        revocation_ok, detail = False, _("The register holds this credential with another signing key.")
    elif record.revoked_at is not None:
        revocation_ok, detail = False, _("Revoked by the issuer on %(date)s.") % {
            "date": record.revoked_at.strftime("%Y-%m-%d")}
    else:
        revocation_ok, detail = True, _("Not revoked.")
    out.checks.append(Check("revocation", _("Revocation"), revocation_ok, detail))
    if not revocation_ok:
        out.errors.append(str(detail))

    if not signature_ok or not issuer_ok:
        out.status = "invalid"
    elif record is not None and record.revoked_at is not None and record.key_id == key.pk:
        out.status = "revoked"
    elif not revocation_ok:
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
    remembered (cache) and later checks redo only the issuer, dates and revocation."""
    digest = hashlib.sha256(json.dumps(record.signed_json, sort_keys=True).encode("utf-8")).hexdigest()
    cache_key = f"skillsnet:credentials:signature-ok:{record.pk}:{record.key_id}:{digest}"
    known = cache.get(cache_key) is True
    result = verify(record.signed_json, now=now, signature_known_valid=known)
    if not known and any(c.code == "signature" and c.ok for c in result.checks):
        cache.set(cache_key, True, SIGNATURE_CACHE_SECONDS)
    return result

"""The public address written into credentials, and the identifiers derived from it.

Base URL
--------
``SKILLSNET_BASE_URL`` (Django setting or environment variable, e.g. ``https://skills.example.org``) is the
address at which this install is reached from outside. It is written into every credential (issuer DID,
verification method, status list) and printed on certificates, so it must be right *before* the first
credential is issued.

Issuing refuses an address that other people cannot reach — no ``SKILLSNET_BASE_URL`` at all, a loopback
or "localhost" host, or plain ``http`` (``did:web`` documents are fetched over https) — unless the demo
settings are in use: ``SKILLSNET_DEMO=1`` in the environment (``skillsnet demo`` sets it) or the setting
``SKILLSNET_DEMO = True`` (the test suite sets it). In demo mode a missing base URL falls back to the
request's own address, else ``http://127.0.0.1:8000``.

Identifiers
-----------
* the install:                ``did:web:HOST``                  → ``https://HOST/.well-known/did.json``
* an issuing organisation:    ``did:web:HOST:issuers:ORG``      → ``https://HOST/issuers/ORG/did.json``
* one of its signing keys:    ``did:web:HOST:issuers:ORG#KEY``  (a Multikey listed in that document)
* its status list number N:   ``https://HOST/issuers/ORG/status/N``

A port is percent-encoded (``did:web:127.0.0.1%3A8000``) and a path below the host becomes further
colon-separated segments, as the did:web method specification says.
"""
import ipaddress
import os
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
_TRUE = {"1", "true", "yes", "on"}


def configured_base_url():
    value = getattr(settings, "SKILLSNET_BASE_URL", "") or os.environ.get("SKILLSNET_BASE_URL", "")
    return value.strip().rstrip("/")


def demo_mode():
    """True when the demo settings are in use (SKILLSNET_DEMO=1, or settings.SKILLSNET_DEMO)."""
    value = getattr(settings, "SKILLSNET_DEMO", None)
    if value is None:
        value = os.environ.get("SKILLSNET_DEMO", "")
    return value is True or str(value).strip().lower() in _TRUE


def base_url(request=None):
    """The address for links shown to people (verify page, QR code): the configured base URL, else the
    request's own address, else the embedded demo's."""
    configured = configured_base_url()
    if configured:
        return configured
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_BASE_URL


def is_loopback(host):
    host = (host or "").strip("[]").lower()
    if host in ("localhost", "") or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def check_issuing_base(base):
    """`base` if credentials may carry it, else ValidationError saying what to set."""
    parts = urlsplit(base or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("The base URL %(url)s is not a web address such as https://skills.example.org.")
                              % {"url": base or "—"})
    if parts.query or parts.fragment:
        raise ValidationError(_("The base URL may not contain a query or a fragment."))
    if demo_mode():
        return base.rstrip("/")
    if is_loopback(parts.hostname):
        raise ValidationError(_(
            "Credentials cannot be issued for %(url)s: nobody else can reach this machine's own address "
            "(loopback). Set SKILLSNET_BASE_URL to the public address of this install, e.g. "
            "https://skills.example.org (only the demo, SKILLSNET_DEMO=1, issues with a local address).")
            % {"url": base})
    if parts.scheme != "https":
        raise ValidationError(_(
            "Credentials cannot be issued for %(url)s: verifiers fetch the issuer's did:web document over "
            "https. Set SKILLSNET_BASE_URL to the https address of this install.") % {"url": base})
    return base.rstrip("/")


def issuing_base_url(request=None, override=None):
    """The base URL written into a credential being issued now (see the module docstring)."""
    base = (override or "").strip().rstrip("/") or configured_base_url()
    if not base:
        if not demo_mode():
            raise ValidationError(_(
                "SKILLSNET_BASE_URL is not set. Set it to the public address of this install (e.g. "
                "https://skills.example.org) before issuing credentials: it is written into every credential."))
        base = base_url(request)
    return check_issuing_base(base)


def absolute(base, path):
    return f"{base.rstrip('/')}{path}"


# ------------------------------------------------------------------ did:web
def did_for_base(base):
    """did:web identifier of the install at `base` (https://host:port/path → did:web:host%3Aport:path)."""
    parts = urlsplit(base)
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port:
        host = f"{host}:{parts.port}"
    segments = [quote(host, safe="")] + [quote(unquote(s), safe="") for s in parts.path.split("/") if s]
    return "did:web:" + ":".join(segments)


def issuer_did(base, organisation):
    org_pk = getattr(organisation, "pk", organisation)
    return f"{did_for_base(base)}:issuers:{org_pk}"


def method_id(base, key):
    return f"{issuer_did(base, key.organisation_id)}#{key.key_id}"


def did_document_url(did):
    """https URL of a did:web document (the method's rule; None for other DIDs)."""
    if not isinstance(did, str) or not did.startswith("did:web:"):
        return None
    segments = did[len("did:web:"):].split("#", 1)[0].split(":")
    host = unquote(segments[0])
    path = "/".join(unquote(s) for s in segments[1:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def status_list_url(base, status_list):
    return absolute(base, reverse("credentials:status_list", args=[status_list.organisation_id,
                                                                   status_list.number]))


def issuer_page_url(base, organisation):
    return absolute(base, reverse("directory_organisation_detail", args=[organisation.pk]))


def key_url(base, key):
    """The key's own Multikey document (kept for credentials issued before did:web)."""
    return absolute(base, reverse("credentials:key", args=[key.key_id]))


def verify_url(base, credential):
    return absolute(base, reverse("credentials:verify", args=[credential.pk]))

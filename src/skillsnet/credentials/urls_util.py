"""Absolute URLs baked into credentials (issuer profile, verification method) and printed on certificates.

The base URL comes from settings.SKILLSNET_BASE_URL (or the SKILLSNET_BASE_URL environment variable) when
set, else from the request, else http://127.0.0.1:8000 (the embedded demo).
"""
import os

from django.conf import settings
from django.urls import reverse

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url(request=None):
    configured = getattr(settings, "SKILLSNET_BASE_URL", "") or os.environ.get("SKILLSNET_BASE_URL", "")
    if configured:
        return configured.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return DEFAULT_BASE_URL


def absolute(base, path):
    return f"{base.rstrip('/')}{path}"


def key_url(base, key):
    return absolute(base, reverse("credentials:key", args=[key.key_id]))


def issuer_url(base, organisation):
    return absolute(base, reverse("directory_organisation_detail", args=[organisation.pk]))


def verify_url(base, credential):
    return absolute(base, reverse("credentials:verify", args=[credential.pk]))

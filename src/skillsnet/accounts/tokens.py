"""API tokens, hashed at rest: the key is shown once; the database keeps its SHA-256 digest, a short
prefix to recognise it, an expiry, and when it was last used. A password change or reset revokes every
token of the account. `Authorization: Token <key>` authenticates API calls (TokenAuthentication)."""
import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from . import events
from .models import ApiToken

# how often the last-use time (and a "token used" security event) is written for one token
USE_RECORD_SECONDS = 300


def digest(key):
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def issue(user, *, name="", days=None, actor=None, request=None):
    """A new token for `user`; returns the token with its clear `key` (not stored) set on it."""
    days = settings.SKILLSNET_TOKEN_DAYS if days is None else days
    key = secrets.token_hex(20)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], prefix=key[:8], digest=digest(key),
            expires=timezone.now() + timedelta(days=days) if days else None)
        events.record("token_created", user=user, actor=actor or user, request=request,
                      detail={"token": token.prefix, "name": token.name,
                              "expires": token.expires.isoformat() if token.expires else None})
    token.key = key
    return token


def revoke(token, *, actor=None, request=None, reason=""):
    if token.revoked is None:
        token.revoked = timezone.now()
        token.save(update_fields=["revoked"])
        events.record("token_revoked", user=token.user, actor=actor, request=request,
                      detail={"token": token.prefix, "reason": reason})
    return token


def revoke_all(user, *, reason="", actor=None, request=None):
    live = list(ApiToken.objects.filter(user=user, revoked__isnull=True))
    for token in live:
        revoke(token, actor=actor, request=request, reason=reason)
    return len(live)


def active_tokens(user):
    now = timezone.now()
    from django.db.models import Q

    return ApiToken.objects.filter(user=user, revoked__isnull=True).filter(
        Q(expires__isnull=True) | Q(expires__gt=now))


def lookup(key):
    """The active token with this key, or None."""
    if not key or len(key) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
    if token is None or not token.active or not token.user.is_active:
        return None
    return token


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Token <key>` header, checked against the stored digests."""

    def authenticate_credentials(self, key):
        token = lookup(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used is None or (now - token.last_used).total_seconds() > USE_RECORD_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
            events.record("token_used", user=token.user, detail={"token": token.prefix})
        return (token.user, token)

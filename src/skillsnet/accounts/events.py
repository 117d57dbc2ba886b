"""The security event log (accounts.SecurityEvent): one row per sign-in, failure, lockout, password
change or reset request, token creation/revocation/use, role grant or revocation."""
import logging

log = logging.getLogger("skillsnet.security")


def client_address(request):
    """The caller's address: REMOTE_ADDR, or behind SKILLSNET_TRUSTED_PROXY_COUNT proxies that each append
    to X-Forwarded-For, the address the outermost trusted proxy saw (clients cannot forge it: what they
    send themselves is further left)."""
    if request is None:
        return ""
    from django.conf import settings

    trusted = getattr(settings, "SKILLSNET_TRUSTED_PROXY_COUNT", 0)
    if trusted > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= trusted:
            return hops[-trusted][:64]
    return (request.META.get("REMOTE_ADDR") or "")[:64]


def record(kind, *, user=None, username="", actor=None, request=None, address=None, door="", detail=None):
    from .models import SecurityEvent

    if user is not None and not username:
        username = user.get_username()
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = SecurityEvent.objects.create(
        kind=kind, user=user if getattr(user, "pk", None) else None, username=(username or "")[:150], actor=actor,
        address=client_address(request) if address is None else address[:64], door=door[:40], detail=detail or {})
    log.info("security event %s user=%s address=%s door=%s", kind, event.username, event.address, door)
    return event

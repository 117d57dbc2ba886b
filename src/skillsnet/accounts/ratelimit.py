"""Sign-in rate limiting, for every door (the sign-in page, the admin's, API token creation): it lives
in the authentication backend (RateLimitedBackend), so whatever calls `authenticate()` is limited.

Failures are counted within SKILLSNET_LOGIN_WINDOW_SECONDS under three keys:
  * the pair (account, address): SKILLSNET_LOGIN_MAX_FAILURES locks that account from that address
    only, so a colleague's typos behind the same office address lock nobody else out;
  * the address: SKILLSNET_LOGIN_MAX_FAILURES_PER_ADDRESS (much higher) locks the address (password
    spraying over many accounts);
  * the account: SKILLSNET_LOGIN_MAX_FAILURES_PER_ACCOUNT (guessing one account from many addresses)
    locks the account, except from addresses where it signed in successfully before: an attacker can
    not lock the owner out of their usual office.
"""
import hashlib

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from . import events


def _address(request):
    return events.client_address(request)


def _account(username):
    return hashlib.sha256((username or "").strip().lower().encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _keys(request, username):
    ip = _address(request)
    account = _account(username)
    return {"pair": f"login-fail:pair:{account}:{ip}", "address": f"login-fail:ip:{ip}",
            "account": f"login-fail:user:{account}"}


def _limits():
    return {"pair": settings.SKILLSNET_LOGIN_MAX_FAILURES,
            "address": settings.SKILLSNET_LOGIN_MAX_FAILURES_PER_ADDRESS,
            "account": settings.SKILLSNET_LOGIN_MAX_FAILURES_PER_ACCOUNT}


def _known_good(username, address):
    from .models import SecurityEvent

    return SecurityEvent.objects.filter(kind="login", username__iexact=(username or "").strip(),
                                        address=address).exists()


def locked_by(request, username):
    """Which limit blocks this sign-in ("pair", "address", "account"), or None."""
    keys, limits = _keys(request, username), _limits()
    counts = cache.get_many(list(keys.values()))
    for name in ("pair", "address"):
        if (counts.get(keys[name]) or 0) >= limits[name]:
            return name
    if (counts.get(keys["account"]) or 0) >= limits["account"] and not _known_good(username, _address(request)):
        return "account"
    return None


def is_locked(request, username):
    return locked_by(request, username) is not None


def record_failure(request, username, door=""):
    window = settings.SKILLSNET_LOGIN_WINDOW_SECONDS
    keys, limits = _keys(request, username), _limits()
    reached = []
    for name, key in keys.items():
        if cache.add(key, 1, window):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, window)
                count = 1
        if count == limits[name]:
            reached.append(name)
    events.record("login_failed", username=(username or "")[:150], request=request, door=door)
    for name in reached:
        events.record("lockout", username=(username or "")[:150], request=request, door=door,
                      detail={"limit": name, "minutes": window // 60})


def reset(request, username):
    """A successful sign-in clears the pair's count (not the address's or the account's)."""
    cache.delete(_keys(request, username)["pair"])


def throttle(request, name, key, limit, window):
    """A simple counter: True when `limit` requests of `name` by `key` happened within `window` seconds."""
    cache_key = f"throttle:{name}:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()[:32]}"
    if cache.add(cache_key, 1, window):
        return 1 > limit
    try:
        return cache.incr(cache_key) > limit
    except ValueError:
        cache.set(cache_key, 1, window)
        return False


def door_of(request):
    if request is None:
        return ""
    path = getattr(request, "path", "") or ""
    if path.startswith("/admin/"):
        return "admin"
    if path.startswith("/api/"):
        return "api"
    return "web"


class RateLimitedBackend(ModelBackend):
    """ModelBackend behind the rate limiter: a locked (account, address) is refused before the password
    is checked, and every failure is counted and logged."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            from django.contrib.auth import get_user_model

            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if username is None or password is None:
            return None
        door = door_of(request)
        if is_locked(request, username):
            events.record("login_failed", username=str(username)[:150], request=request, door=door,
                          detail={"locked": locked_by(request, username)})
            raise PermissionDenied("locked")  # stops the other backends too
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            record_failure(request, username, door)
            return None
        reset(request, username)
        return user

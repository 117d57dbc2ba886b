"""Login rate limiting: too many failed sign-ins for one account or from one address locks them out
for a while (settings.SKILLSNET_LOGIN_MAX_FAILURES within SKILLSNET_LOGIN_WINDOW_SECONDS)."""
import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(request, username):
    ip = request.META.get("REMOTE_ADDR", "")
    user_key = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return [f"login-fail:ip:{ip}", f"login-fail:user:{user_key}"]


def is_locked(request, username):
    limit = settings.SKILLSNET_LOGIN_MAX_FAILURES
    return any((cache.get(k) or 0) >= limit for k in _keys(request, username))


def record_failure(request, username):
    window = settings.SKILLSNET_LOGIN_WINDOW_SECONDS
    for key in _keys(request, username):
        if cache.add(key, 1, window):
            continue
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def reset(request, username):
    cache.delete_many(_keys(request, username))

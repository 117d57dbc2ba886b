"""Read replica routing (settings: DATABASE_REPLICA_URL adds the "replica" database, this router and middleware).

Only reads that may lag a little go to the replica: GET/HEAD requests to dashboards, reports, exports and
search (settings.SKILLSNET_REPLICA_PATHS, or a `?export=` list), and code run inside `reading_from_replica()`
(CLI reports and exports). Everything else reads from the primary, and so does:
- who is signed in and what they may do (sessions, users, roles, tokens: SKILLSNET_REPLICA_PRIMARY_ONLY);
- every read after a write in the same request or block (the router saw a write, or a transaction is open);
- every request of a client that wrote in the last SKILLSNET_REPLICA_PIN_SECONDS (a cookie for browsers,
  the cache keyed by the Authorization header for API clients), so nobody misses what they just saved.
Writes always go to the primary; migrations run only there.
"""
import contextlib
import contextvars
import hashlib
import re
from functools import lru_cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "skillsnet_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _State:
    __slots__ = ("replica_allowed", "wrote")

    def __init__(self, replica_allowed):
        self.replica_allowed = replica_allowed
        self.wrote = False


_state = contextvars.ContextVar("skillsnet_replica_state", default=None)


def replica_configured():
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reading_from_replica(allowed=True):
    """Reads inside this block may go to the replica (until the block writes)."""
    token = _state.set(_State(allowed and replica_configured()))
    try:
        yield _state.get()
    finally:
        _state.reset(token)


def reads_may_lag():
    """Whether this request's or block's reads go to the replica (which may not hold the last commits yet)."""
    state = _state.get()
    return bool(state is not None and state.replica_allowed and not state.wrote)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _state.get()
        if state is None or not state.replica_allowed or state.wrote:
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in _primary_only() or model._meta.label_lower in _primary_only():
            return DEFAULT_DB_ALIAS  # who is signed in and what they may do: never a lagging answer
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:  # reading inside a write transaction
            return DEFAULT_DB_ALIAS
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None and model._meta.label_lower not in _bookkeeping():
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS


@lru_cache(maxsize=1)
def _primary_only():
    """Apps or models always read from the primary (sessions, users, roles, tokens)."""
    return frozenset(getattr(settings, "SKILLSNET_REPLICA_PRIMARY_ONLY", ()))


@lru_cache(maxsize=1)
def _bookkeeping():
    """Models whose writes do not change what the request reads (sessions, security logs): no pinning."""
    return frozenset(getattr(settings, "SKILLSNET_REPLICA_UNPINNED_WRITES", ()))


@lru_cache(maxsize=1)
def _replica_paths():
    return re.compile("|".join(f"(?:{p})" for p in settings.SKILLSNET_REPLICA_PATHS) or r"(?!)")


def _auth_key(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return "replica-pin:" + hashlib.sha256(header.encode()).hexdigest()[:40] if header else ""


def _pinned(request):
    if PIN_COOKIE in request.COOKIES:
        return True
    key = _auth_key(request)
    if key:
        from django.core.cache import cache

        return bool(cache.get(key))
    return False


def may_read_replica(request):
    """Whether this request's reads may lag the primary by a moment."""
    if request.method not in SAFE_METHODS or _pinned(request):
        return False
    return bool(_replica_paths().search(request.path_info)) or "export" in request.GET


def _pin(request, response):
    seconds = settings.SKILLSNET_REPLICA_PIN_SECONDS
    response.set_cookie(PIN_COOKIE, "1", max_age=seconds, httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    key = _auth_key(request)
    if key:
        from django.core.cache import cache

        cache.set(key, 1, seconds)


class ReplicaMiddleware:
    """Decides per request whether reads may use the replica, and pins a client that wrote to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reading_from_replica(may_read_replica(request)) as state:
            response = self.get_response(request)
        if state.wrote or request.method not in SAFE_METHODS:
            _pin(request, response)
        return response

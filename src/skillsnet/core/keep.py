"""Values computed from the data for a scope (a dashboard's charts), kept per process under a version of ALL the
data that every committed write gives a new token.

Every writer runs the post-write steps (core.derived) of what it writes; the step here, run after a write of any
model, gives the data a new version token in Django's cache (shared by the workers of a machine, or by every machine
with Redis) when the write's transaction commits: the next request in any worker reads the new token and computes
its value again. A value is kept under (name, key, token): the caller's key names everything else the value depends
on — the user's scope as `accounts.permissions.policy_key(user)` (what every rule reads of the user, so two users
with the same key are answered alike), the filters, the language, the script prefix, today's year — so no value
computed for one scope is shown to another.

Until the writing transaction ends, the thread that wrote neither reads nor keeps values (they may hold the
uncommitted change); a rolled-back write bumps nothing. Where Django's cache is this process's own (local memory:
the demo, a development server, the tests), another process's write cannot reach the token, so the last entry of the
change log (which every write through the services and imports adds to) is part of the version as well, as in
matching.rankcache. Reads that go to a read replica (core.dbrouter) are never kept.
"""
import hashlib
import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

from .dbrouter import reads_may_lag

VERSION_KEY = "skillsnet:core:data-version"
MAX_ENTRIES = 128

_VALUES = OrderedDict()
_lock = threading.Lock()
_local = threading.local()


def version():
    """The data's version token (a new one when the cache lost it: nothing kept before is used again)."""
    token = cache.get(VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, token, None):
            token = cache.get(VERSION_KEY) or token
    if _process_local_cache():
        from .models import ChangeLogEntry

        token = f"{token}:{ChangeLogEntry.objects.order_by('-pk').values_list('pk', flat=True).first()}"
    return token


def _process_local_cache():
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    return isinstance(caches["default"], (LocMemCache, DummyCache))


def bump():
    """A new version now (a writer outside the services: COPY, raw SQL, after its commit)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    with _lock:
        _VALUES.clear()


def data_changed(*_args, **_kwargs):
    """Post-write step of every model (core.derived.register_any) and of a rebuild."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        _local.open = True  # this thread's values until the transaction ends are neither read nor kept
        # one bump per transaction (a file written with the file cache), however many writes it holds; a savepoint
        # rolled back takes its callback with it, and the next write registers one again
        if not (getattr(_local, "registered", False)
                and any(entry[1] is _committed for entry in getattr(connection, "run_on_commit", ()))):
            _local.registered = True
            transaction.on_commit(_committed)
    else:
        bump()


def _committed():
    _local.open = _local.registered = False
    bump()


def _in_open_change():
    if not getattr(_local, "open", False):
        return False
    if transaction.get_connection().in_atomic_block:
        return True
    _local.open = False  # the transaction ended: rolled back (nothing to bump) or committed (bumped)
    return False


def reset():
    """Forget every kept value and this thread's open change (tests start from here)."""
    _local.open = _local.registered = False
    with _lock:
        _VALUES.clear()


def register_steps():
    from . import derived

    derived.register_any(data_changed)
    derived.register_rebuild(data_changed)


def cached(name, key, build):
    """build() once per (`name`, `key`) and data version. `key` must name the user's scope (policy_key) and
    every other input of the value that is not data (filters, language, script prefix, the date)."""
    if _in_open_change() or reads_may_lag():
        # a replica may not hold the commit that gave the version its token yet: what it answers is not kept
        # (it would stay under that token), and the replica bears the load of these pages anyway
        return build()
    full = (name, key, version())
    with _lock:
        hit = _VALUES.get(full)
        if hit is not None:
            _VALUES.move_to_end(full)
            return hit
    value = build()
    if _in_open_change():  # build() wrote (nothing it read is kept)
        return value
    with _lock:
        _VALUES[full] = value
        while len(_VALUES) > MAX_ENTRIES:
            _VALUES.popitem(last=False)
    return value


SHARED_PREFIX = "skillsnet:core:shared"
SHARED_SECONDS = 3600  # a value outlives its version at most this long in the shared cache
SHARED_WAIT = 60  # seconds a process waits for another that computes the same value


def shared(name, key, build):
    """cached(), with the value computed once per machine (or per Redis) instead of once per process: the first
    process to need it under the data's version computes it, holding a lock in Django's cache; the others wait for
    it (at most SHARED_WAIT seconds, then compute it themselves) and read it from there. For a value that costs
    seconds and is the same for every user (every activity's figures): three workers that each compute it at once
    on two cores keep every request waiting several times as long. Not shared when this thread has written in a
    transaction still open, nor from a replica (see `cached`); `key`: a string, or anything whose repr() says
    the same in every process (a tuple of strings and numbers), kept under its digest."""
    if not isinstance(key, str):
        key = hashlib.sha256(repr(key).encode()).hexdigest()

    def across():
        if _in_open_change() or reads_may_lag():
            return build()
        entry = f"{SHARED_PREFIX}:{name}:{key}:{version()}"
        value = cache.get(entry)
        if value is not None:
            return value
        if cache.add(f"{entry}:lock", 1, SHARED_WAIT):
            try:
                value = build()
                if not _in_open_change():
                    cache.set(entry, value, SHARED_SECONDS)
                    # the previous version's value is never read again: removed now, not left on disk for an hour
                    pointer = f"{SHARED_PREFIX}:{name}:{key}"
                    previous = cache.get(pointer)
                    if previous and previous != entry:
                        cache.delete(previous)
                    cache.set(pointer, entry, SHARED_SECONDS)
            finally:
                cache.delete(f"{entry}:lock")
            return value
        deadline = time.monotonic() + SHARED_WAIT
        while time.monotonic() < deadline and cache.get(f"{entry}:lock") is not None:
            time.sleep(0.05)
            value = cache.get(entry)
            if value is not None:
                return value
        return cache.get(entry) or build()
    return cached(name, key, across)

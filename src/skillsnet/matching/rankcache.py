"""Partner rankings kept per process, keyed on a version of their inputs that every write of an input bumps.

A ranking reads organisations, programmes, facilities, memberships, agreements and their parties, activities and
their organisations, demand signals and reference data. Every writer of those tables runs their post-write steps
(core.derived); the step here gives the inputs a new version token, kept in Django's cache (shared by the workers
of a machine, or by every machine with Redis), when the write's transaction commits. A ranking is kept under
(organisation, filters, language, the user's scope, token): a write is seen by the next ranking in any worker.

What a user sees is part of the key: users who see every row of every input share one ranking per organisation;
any other user's ranking is kept under exactly what decides their scope (superuser flag and role assignments), so
no ranking computed for one scope is shown to another.

Until the writing transaction ends, the thread that wrote neither reads nor keeps rankings (they may hold the
uncommitted change); a rolled-back write bumps nothing and leaves nothing kept.
"""
import threading
import uuid
from collections import OrderedDict

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "skillsnet:matching:inputs"
MAX_ENTRIES = 64  # rankings of the top 20 per process (about 140 KB each with their explanations)
INPUT_MODELS = ("directory.organisation", "directory.programme", "directory.facility", "directory.membership",
                "agreements.agreement", "agreements.party", "activities.activity", "activities.activityorganisation",
                "labour.demandsignal")

_RANKINGS = OrderedDict()
_lock = threading.Lock()
_local = threading.local()


def version():
    """The inputs' version token (a new one when the cache lost it: nothing kept before is used again).

    Where Django's cache is this process's own (local memory: the demo, a development server, the tests), another
    process's write — the worker's import, a command line — cannot reach the token, so the last entry of the change
    log, which every write through the services and imports adds to, is part of the version too (one primary-key
    lookup). Two writes committing in the other order than they were logged can leave the first one's change unseen
    there until the next write; with the file cache of production or Redis the token alone decides."""
    token = cache.get(VERSION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, token, None):
            token = cache.get(VERSION_KEY) or token
    if _process_local_cache():
        from skillsnet.core.models import ChangeLogEntry

        token = f"{token}:{ChangeLogEntry.objects.order_by('-pk').values_list('pk', flat=True).first()}"
    return token


def _process_local_cache():
    from django.core.cache import caches
    from django.core.cache.backends.dummy import DummyCache
    from django.core.cache.backends.locmem import LocMemCache

    return isinstance(caches["default"], (LocMemCache, DummyCache))


def _bump():
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    with _lock:
        _RANKINGS.clear()


def inputs_changed(*_args, **_kwargs):
    """Post-write step of every input model (and a rebuild after a restore)."""
    if transaction.get_connection().in_atomic_block:
        _local.open = True  # this thread's rankings until the transaction ends are neither read nor kept
        transaction.on_commit(_committed)
    else:
        _bump()


def _committed():
    _local.open = False
    _bump()


def writing():
    """Whether this thread wrote an input in a transaction that has not ended yet (what it reads is not kept)."""
    return _in_open_change()


def _in_open_change():
    if not getattr(_local, "open", False):
        return False
    if transaction.get_connection().in_atomic_block:
        return True
    _local.open = False  # the transaction ended: rolled back (nothing to bump) or committed (bumped)
    return False


def reset():
    """Forget every kept ranking and this thread's open change (tests start from here)."""
    _local.open = False
    with _lock:
        _RANKINGS.clear()


def register_steps():
    from skillsnet.core import derived
    from skillsnet.core.scoping import reference_models

    for label in (*INPUT_MODELS, *reference_models()):
        derived.register(label, inputs_changed)
    derived.register_rebuild(inputs_changed)


def cached(key, build, keep=True):
    """build() once per `key` and inputs' version (`key` names the organisation, filters, language and scope).
    keep=False: a kept value is used, but a new one is not kept (the organisation page's panel, asked for
    thousands of organisations once each, would push out the rankings people open)."""
    if _in_open_change():
        return build()
    full = (*key, version())
    with _lock:
        hit = _RANKINGS.get(full)
        if hit is not None:
            _RANKINGS.move_to_end(full)
            return hit
    value = build()
    if not keep:
        return value
    with _lock:
        _RANKINGS[full] = value
        while len(_RANKINGS) > MAX_ENTRIES:
            _RANKINGS.popitem(last=False)
    return value

"""Values derived from reference data (countries, provinces, languages, ISCED-F fields, ISCO-08 occupations),
kept in memory per process: read on almost every page, changed only by `skillsnet load_reference` or the
secretariat. A write through the services (its post-write step) or `load_reference` in this process clears them at
once; one made in another process shows within REFERENCE_SECONDS.

A write inside a transaction may still roll back: until that transaction ends, the thread that wrote keeps none of
the values it reads (they may hold the uncommitted change), and the commit clears the values other threads kept
meanwhile (they could not see the change yet)."""
import threading
import time

from django.db import transaction

REFERENCE_SECONDS = 300
_VALUES = {}
_local = threading.local()


def forget(*_args, **_kwargs):
    """Drop every kept value (a post-write step of each reference table, and `load_reference`)."""
    _VALUES.clear()
    if transaction.get_connection().in_atomic_block:
        _local.open = True  # this thread's reads until the transaction ends are not kept
        transaction.on_commit(_committed)


def _committed():
    _local.open = False
    _VALUES.clear()


def _in_open_change():
    """Whether this thread wrote reference data in a transaction that has not ended yet."""
    if not getattr(_local, "open", False):
        return False
    if transaction.get_connection().in_atomic_block:
        return True
    _local.open = False  # the transaction ended: rolled back (no on_commit ran), or committed
    _VALUES.clear()  # nothing read inside it was kept; drop what other threads kept meanwhile
    return False


def reset():
    """Forget everything, including an open change of this thread (tests start from here)."""
    _local.open = False
    _VALUES.clear()


def register_steps():
    """Every write of a reference table through the services clears the kept values (core.derived)."""
    from . import derived
    from .scoping import reference_models

    for label in reference_models():
        derived.register(label, forget)


def is_reference(model):
    from .scoping import reference_models

    return model._meta.label_lower in reference_models()


def cached(key, build):
    """build() once per `key` (include the language when the value holds translated text)."""
    if _in_open_change():
        return build()
    now = time.monotonic()
    hit = _VALUES.get(key)
    if hit is None or now - hit[0] > REFERENCE_SECONDS:
        hit = _VALUES[key] = (now, build())
    return hit[1]

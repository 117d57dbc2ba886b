"""Running a whole write transaction again when it lost a transient conflict with another writer.

PostgreSQL ends one of two transactions that wait for each other's row locks (deadlock, SQLSTATE 40P01), a
transaction it cannot serialise (40001) and a lock wait refused by NOWAIT or lock_timeout (55P03); SQLite answers
"database is locked" when another connection held the write lock longer than the busy timeout. Nothing of the
failed transaction was kept, so running it again from the start is safe, and usually succeeds: the other writer
has committed by then.

Only the owner of the outermost transaction can do that. Inside an enclosing atomic block the conflict has already
doomed the whole transaction (a savepoint does not undo a deadlock's lost locks), so `retry_conflicts` there just
calls the function and the error goes up to the owner of the outermost block: retried there if that function is
wrapped too, else answered 503 "nothing was saved" (core.middleware.BusyDatabaseMiddleware, core.drf).
transaction.on_commit callbacks of a failed attempt are discarded with its transaction: they run once, after the
attempt that committed. Side effects outside the database made during a failed attempt (a stored upload) are not
undone by the rollback, so a wrapped function must not have any that matter.
"""
import functools
import logging
import random
import threading
import time

from django.db import DatabaseError, OperationalError, transaction

log = logging.getLogger(__name__)

ATTEMPTS = 3  # in all, the first one included
BACKOFF = 0.05  # seconds before the 2nd attempt (doubling after), times a random factor of 0.5-1.5
BUDGET = 5  # seconds: no new attempt once the write has taken longer (SQLite has already waited its busy timeout)
TRANSIENT_SQLSTATES = {"40P01", "40001", "55P03"}  # deadlock, serialization failure, lock not available
SQLITE_LOCKED = ("database is locked", "database table is locked")

_state = threading.local()


def is_transient_conflict(exc):
    """Whether `exc` (Django's wrapper of a driver error) is a conflict with another writer that a new attempt
    may not meet."""
    if not isinstance(exc, DatabaseError):
        return False
    cause = exc.__cause__
    if getattr(cause, "sqlstate", None) in TRANSIENT_SQLSTATES:  # psycopg 3
        return True
    return isinstance(exc, OperationalError) and any(text in str(exc).lower() for text in SQLITE_LOCKED)


def retry_conflicts(function):
    """Run `function` in one transaction (its own atomic blocks nest in it); when that transaction fails with a
    transient conflict, roll it back and run it again, up to ATTEMPTS times in all. Called inside an enclosing
    atomic block, it only calls `function`."""

    @functools.wraps(function)
    def run(*args, **kwargs):
        def attempt():
            with transaction.atomic():
                _state.fresh = len(transaction.get_connection().savepoint_ids)
                try:
                    return function(*args, **kwargs)
                finally:
                    _state.fresh = None
        return rerun_on_conflict(attempt, name=function.__qualname__)

    return run


def first_block():
    """Whether the atomic block the caller opens now is the first one inside the block a `retry_conflicts` attempt
    has just opened for it: then it needs no savepoint of its own (`transaction.atomic(savepoint=not
    first_block())`), since an error in it ends that attempt's whole block anyway — two round trips fewer per write.
    True once per attempt: blocks opened inside it (a nested service that the caller might catch) keep theirs."""
    depth = getattr(_state, "fresh", None)
    _state.fresh = None
    connection = transaction.get_connection()
    # and no block opened in between (the attempt's savepoints as they were: none if it began the transaction)
    return depth is not None and connection.in_atomic_block and len(connection.savepoint_ids) == depth


def rerun_on_conflict(function, name=""):
    """Call `function()`, which opens and closes its own transactions and can be run again from its start (what
    it changed outside the database it sets again); when a transaction of it fails with a transient conflict, run it
    again, up to ATTEMPTS times in all, within BUDGET seconds. Inside an enclosing atomic block it is called once:
    the conflict has doomed that block, whose owner alone can run it again."""
    if transaction.get_connection().in_atomic_block:
        return function()
    started = time.monotonic()
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return function()
        except DatabaseError as exc:
            if not is_transient_conflict(exc) or attempt == ATTEMPTS or time.monotonic() - started > BUDGET:
                raise
            log.warning("%s: transient database conflict (%s), attempt %d of %d; running it again",
                        name or getattr(function, "__qualname__", "write"),
                        (str(exc).splitlines() or [type(exc).__name__])[0], attempt, ATTEMPTS)
        time.sleep(BACKOFF * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))

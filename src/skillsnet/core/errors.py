from django.utils.translation import gettext as _


class StaleEdit(Exception):
    """A save based on an out-of-date version of a record (optimistic locking)."""

    def __init__(self, obj, expected_version, last_change=None):
        self.obj = obj
        self.expected_version = expected_version
        self.current_version = obj.version
        self.last_change = last_change
        super().__init__(self.message)

    @property
    def message(self):
        who = ""
        if self.last_change is not None:
            who = _(" by %(actor)s at %(time)s") % {
                "actor": self.last_change.actor_name,
                "time": self.last_change.time.strftime("%Y-%m-%d %H:%M UTC"),
            }
        return _(
            "This record was changed%(who)s after you opened it (your version %(expected)s, "
            "current version %(current)s). Your changes were not saved; reload the record and apply them again."
        ) % {"who": who, "expected": self.expected_version, "current": self.current_version}


class LockedRecord(Exception):
    """A record that may not be edited now (e.g. an approved reporting period)."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


def is_bad_input(exc):
    """Errors the database or Python raise on input no validation caught: a number too large for a column
    (OverflowError on SQLite, DataError on PostgreSQL), nesting too deep. They mean 400, not 500."""
    from django.db import DataError

    return isinstance(exc, (OverflowError, RecursionError, DataError))


def bad_input_message():
    return _("A value in the request is out of range (a number too large, or data nested too deeply).")


BUSY_RETRY_AFTER = 2  # seconds, the Retry-After of a 503 for a database conflict


def busy_title():
    return _("The database is busy")


def busy_message():
    """What a user is told when a write lost a database conflict even after core.retry ran it again."""
    return _("The database is busy; nothing was saved. Please try again in a moment.")

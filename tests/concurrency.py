"""Two real transactions at once (PostgreSQL), for the tests of writers that must be serialised."""
import threading

from django.db import connection, transaction


def two_at_once(first_write, second_write):
    """Run `first_write` in a transaction held open until `second_write` (in its own transaction, in another thread)
    has started and, if the writers are serialised, is waiting for the first's commit; then let both finish.
    Returns the exceptions either raised (an empty list: both committed)."""
    started, go, errors = threading.Event(), threading.Event(), []

    def first():
        try:
            with transaction.atomic():
                first_write()
                started.set()
                go.wait(10)
        except Exception as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            started.set()
            connection.close()

    def second():
        try:
            started.wait(10)
            with transaction.atomic():
                second_write()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            errors.append(exc)
        finally:
            connection.close()

    one, two = threading.Thread(target=first), threading.Thread(target=second)
    one.start()
    two.start()
    two.join(1.5)  # serialised, the second waits for the first's commit; unserialised, it has committed by now
    go.set()
    one.join(20)
    two.join(20)
    return errors

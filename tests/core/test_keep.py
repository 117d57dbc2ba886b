"""core.keep: a committed write of any model through the services gives the data a new version; a rolled-back
one, none; a bulk writer outside the services (the results rebuild) too."""
import pytest
from django.db import transaction

from skillsnet.core import keep
from skillsnet.directory.models import Organisation
from tests.conftest import make_org

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("keep_token_alone")]


def test_a_committed_write_of_any_model_bumps_the_version(reference, system_user):
    before = keep.version()
    assert keep.version() == before
    org = make_org(system_user, "Savannakhet Technical College")  # no step of its own reads organisations here
    after = keep.version()
    assert after != before
    built = []
    assert keep.cached("t", ("k",), lambda: built.append(1) or "v") == "v"
    assert keep.cached("t", ("k",), lambda: built.append(1) or "w") == "v"  # kept
    from skillsnet.core import services

    services.update_object(system_user, Organisation, org.pk, {"name": "Savannakhet College"},
                           expected_version=org.version)
    assert keep.cached("t", ("k",), lambda: built.append(1) or "w") == "w" and len(built) == 2


def test_a_rolled_back_write_bumps_nothing(reference, system_user):
    before = keep.version()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_org(system_user, "Never College")
            assert keep.cached("t", ("k",), lambda: "inside") == "inside"
            raise RuntimeError
    assert keep.version() == before
    assert not keep._VALUES  # nothing read inside the open write was kept


def test_the_results_rebuild_bumps_the_version(reference):
    from skillsnet.results.facts import rebuild_all

    before = keep.version()
    rebuild_all()
    assert keep.version() != before


def test_one_bump_per_transaction_and_none_lost_with_a_rolled_back_savepoint(reference, system_user, monkeypatch):
    bumps = []
    real = keep.bump
    monkeypatch.setattr(keep, "bump", lambda: bumps.append(1) or real())
    with transaction.atomic():
        make_org(system_user, "First College")
        make_org(system_user, "Second College")
    assert len(bumps) == 1
    before = keep.version()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            make_org(system_user, "Rolled Back College")  # its callback leaves with the savepoint
            raise RuntimeError
        make_org(system_user, "Third College")
    assert len(bumps) == 2 and keep.version() != before
    assert set(Organisation.objects.values_list("name", flat=True)) >= {"First College", "Third College"}


def test_nothing_read_from_a_replica_is_kept(monkeypatch):
    """A replica may lag the commit that bumped the version: what it answers would stay kept under the new token."""
    from skillsnet.core import dbrouter

    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    built = []
    with dbrouter.reading_from_replica():
        assert keep.cached("t", ("k",), lambda: built.append(1) or len(built)) == 1
        assert keep.cached("t", ("k",), lambda: built.append(1) or len(built)) == 2
    assert not keep._VALUES
    assert keep.cached("t", ("k",), lambda: built.append(1) or len(built)) == 3  # the primary's answer: kept
    assert keep.cached("t", ("k",), lambda: built.append(1) or len(built)) == 3


def test_a_shared_value_is_computed_once_per_machine(reference, system_user):
    """keep.shared: a second process (this one with its kept values forgotten) reads what the first computed under
    the same version, from Django's cache; a new version computes it again."""
    from django.core.cache import cache

    cache.clear()
    built = []
    assert keep.shared("s", "k", lambda: built.append(1) or "first") == "first"
    keep.reset()  # another worker: nothing kept in this process
    assert keep.shared("s", "k", lambda: built.append(1) or "second") == "first" and len(built) == 1
    first_entry = f"{keep.SHARED_PREFIX}:s:k:{keep.version()}"
    assert cache.get(first_entry) == "first"
    make_org(system_user, "Attapeu Technical College")  # committed: a new version
    keep.reset()
    assert keep.shared("s", "k", lambda: built.append(1) or "third") == "third" and len(built) == 2
    assert cache.get(first_entry) is None  # the old version's value removed from the shared cache


def test_a_shared_value_under_a_tuple_key_is_kept_under_its_digest(reference):
    """A key that is not a string (a scope's policy key with filters) is kept under the digest of its repr: equal
    tuples share the value across processes, another tuple does not."""
    import hashlib

    from django.core.cache import cache

    cache.clear()
    key = (("focal_point", 7), ("LA", None), "lo")
    assert keep.shared("s", key, lambda: "first") == "first"
    keep.reset()  # another worker
    assert keep.shared("s", tuple(key), lambda: "second") == "first"
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    assert cache.get(f"{keep.SHARED_PREFIX}:s:{digest}:{keep.version()}") == "first"
    assert keep.shared("s", (("focal_point", 8), ("LA", None), "lo"), lambda: "other") == "other"


def test_a_process_waits_for_the_one_computing_a_shared_value(reference):
    """While another process holds the lock, this one waits and reads its value instead of computing it too."""
    import threading
    import time

    from django.core.cache import cache

    cache.clear()
    entry = f"{keep.SHARED_PREFIX}:s:k:{keep.version()}"
    cache.add(f"{entry}:lock", 1, 30)

    def other_worker():
        time.sleep(0.3)
        cache.set(entry, "computed elsewhere", 60)
        cache.delete(f"{entry}:lock")
    threading.Thread(target=other_worker).start()
    assert keep.shared("s", "k", lambda: "computed here") == "computed elsewhere"


def test_a_shared_value_read_inside_an_open_write_is_not_shared(reference, system_user):
    from django.core.cache import cache

    cache.clear()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            make_org(system_user, "Never College")
            assert keep.shared("s", "k", lambda: "uncommitted") == "uncommitted"
            raise RuntimeError
    keep.reset()
    assert keep.shared("s", "k", lambda: "committed") == "committed"

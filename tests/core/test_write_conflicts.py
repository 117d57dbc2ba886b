"""A write that meets another writer's locks: PostgreSQL ends one of two deadlocked transactions, SQLite refuses a
writer while another holds the write lock. core.retry runs the losing service call again from the start, and
when it still cannot write the user reads "the database is busy; nothing was saved" (503 with Retry-After), never
a 500, and nothing of the request is saved."""
import sqlite3
import threading
import time

import pytest
from django.db import OperationalError, connection, transaction

from skillsnet.core import retry, services
from skillsnet.core.changelog import history
from skillsnet.directory.models import Country, Organisation

from ..conftest import PASSWORD
from .test_changelog import _form

pytestmark = pytest.mark.django_db(transaction=True)  # the retry only runs outside any enclosing transaction

BUSY = "The database is busy; nothing was saved."


def _conflict():
    """The error Django raises when this database's driver reports a conflict with another writer."""
    if connection.vendor == "postgresql":
        import psycopg

        error = OperationalError("deadlock detected")
        error.__cause__ = psycopg.errors.DeadlockDetected("deadlock detected")
        return error
    return OperationalError("database is locked")


@pytest.fixture
def conflicts(monkeypatch):
    """Make the change-log step of core.services raise a conflict `times` times (None: every time) and count calls."""
    real = services.record_change
    calls = []

    def arm(times=None):
        def record_change(*args, **kwargs):
            calls.append(args[2])
            if times is None or len(calls) <= times:
                raise _conflict()
            return real(*args, **kwargs)

        monkeypatch.setattr(services, "record_change", record_change)
        return calls

    return arm


# ------------------------------------------------------------------ the retry, through the Python services
def test_a_write_that_loses_once_is_run_again_and_saved_once(orgs, system_user, conflicts):
    calls = conflicts(times=1)
    committed = []
    org = services.create_object(system_user, Organisation, {"name": "Savannakhet Technical College",
                                                             "kind": "tvet_institute",
                                                             "country": Country.objects.get(pk="LA")},
                                 before_save=lambda obj: transaction.on_commit(lambda: committed.append(obj.name)))
    assert calls == ["create", "create"]  # the first attempt lost, the second one wrote
    assert committed == ["Savannakhet Technical College"]  # the failed attempt's on_commit was dropped
    assert Organisation.objects.filter(name="Savannakhet Technical College").count() == 1
    assert [e.action for e in history(org)] == ["create"]


def test_inside_a_callers_transaction_the_conflict_goes_up_untried(orgs, system_user, conflicts):
    org = orgs["own"]
    calls = conflicts(times=1)
    with pytest.raises(OperationalError):
        with transaction.atomic():  # only the owner of the outermost transaction may run it again
            services.update_object(system_user, Organisation, org.pk, {"city": "Vientiane"},
                                   expected_version=org.version)
    assert calls == ["update"]
    org.refresh_from_db()
    assert org.city == "" and org.version == 1


# ------------------------------------------------------------------ what the user sees when it keeps losing
def _logged_busy_once_as_warning(caplog, path):
    """The 503 is logged once, as a warning naming the request (a busy database is not a server error to page
    anyone for): Django's own ERROR line for a 5xx response is not written."""
    busy = [r for r in caplog.records if "database busy" in r.getMessage()]
    assert len(busy) == 1 and busy[0].levelname == "WARNING" and path in busy[0].getMessage()
    assert not [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]


def test_web_form_that_keeps_losing_answers_503_and_saves_nothing(client, orgs, users, conflicts, caplog):
    org = orgs["own"]
    client.login(username="admin1", password=PASSWORD)
    calls = conflicts()
    response = client.post(f"/directory/organisations/{org.pk}/edit/", _form(org, city="Vientiane"))
    assert response.status_code == 503
    assert response["Retry-After"]
    page = response.content.decode()
    assert BUSY in page and "Traceback" not in page
    assert calls == ["update"] * retry.ATTEMPTS
    _logged_busy_once_as_warning(caplog, f"/directory/organisations/{org.pk}/edit/")
    org.refresh_from_db()
    assert org.city == "" and org.version == 1 and history(org).count() == 1  # its creation only


def test_api_write_that_keeps_losing_answers_503_json_and_creates_nothing(orgs, api_as, conflicts, caplog):
    api = api_as("secretariat_admin")
    data = {"name": "Champasak Technical College", "kind": "tvet_institute", "country": "LA"}
    calls = conflicts()
    response = api.post("/api/directory/organisations/", data, format="json")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is busy; nothing was saved. Please try again in a moment."}
    assert response["Retry-After"]
    assert calls == ["create"] * retry.ATTEMPTS
    _logged_busy_once_as_warning(caplog, "/api/directory/organisations/")
    assert not Organisation.objects.filter(name="Champasak Technical College").exists()
    calls.clear()
    conflicts(times=0)  # the conflict is over: the same request saves
    assert api.post("/api/directory/organisations/", data, format="json").status_code == 201
    assert Organisation.objects.filter(name="Champasak Technical College").count() == 1


# ------------------------------------------------------------------ real conflicts
def test_postgresql_deadlock_between_two_writers_ends_with_both_saved_once(orgs, system_user):
    """Two edits lock two organisations in opposite order (each its own row, then the other's): PostgreSQL ends
    one with a deadlock; the retry runs it again after the other's commit."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has one writer at a time)")
    first, second = orgs["own"], orgs["other_la"]
    both_hold_their_own = threading.Barrier(2, timeout=10)
    attempts, errors = [], []

    def edit(org, other, city):
        def lock_the_other(obj):
            attempts.append(org.pk)
            if attempts.count(org.pk) == 1:
                both_hold_their_own.wait()
            Organisation.objects.select_for_update().get(pk=other.pk)

        def run():
            try:
                services.update_object(system_user, Organisation, org.pk, {"city": city},
                                       expected_version=org.version, before_save=lock_the_other)
            except Exception as exc:  # noqa: BLE001 - checked below
                errors.append(exc)
            finally:
                connection.close()
        return threading.Thread(target=run)

    threads = [edit(first, second, "Vientiane"), edit(second, first, "Pakse")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert len(attempts) == 3 and set(attempts) == {first.pk, second.pk}  # one of the two ran again
    for org, city in ((first, "Vientiane"), (second, "Pakse")):
        org.refresh_from_db()
        assert (org.city, org.version) == (city, 2)
        assert [e.action for e in history(org)] == ["update", "create"]


def test_sqlite_write_while_another_connection_holds_the_lock_answers_503(client, orgs, users):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    org = orgs["own"]
    client.login(username="admin1", password=PASSWORD)
    client.get(f"/directory/organisations/{org.pk}/edit/")  # the session is written before the lock is taken
    name = connection.settings_dict["NAME"]
    connection.ensure_connection()
    timeout = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
    connection.connection.execute("PRAGMA busy_timeout = 200")  # wait 0.2 s for the lock, not the settings' 20 s
    holder = sqlite3.connect(name, uri=name.startswith("file:"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's writer, holding the lock throughout
    try:
        started = time.monotonic()
        response = client.post(f"/directory/organisations/{org.pk}/edit/", _form(org, city="Vientiane"))
        took = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        connection.connection.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    assert response.status_code == 503
    assert BUSY in response.content.decode()
    assert took < retry.BUDGET + 1
    org.refresh_from_db()
    assert org.city == "" and org.version == 1
    assert client.post(f"/directory/organisations/{org.pk}/edit/", _form(org, city="Vientiane")).status_code == 302
    org.refresh_from_db()
    assert org.city == "Vientiane"


def test_a_conflict_outside_the_services_answers_503_too(orgs, users, monkeypatch):
    """Django's own write of the session, from a view (sign-in) and from a middleware after the view (the first page
    of a session notes when it was last seen): 503, not 500."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client

    from skillsnet.accounts import middleware as idle

    signed_in = Client(raise_request_exception=False)
    signed_in.force_login(users["secretariat_admin"])
    session = signed_in.session
    session[idle.KEY] = int(time.time()) - idle.TOUCH_SECONDS - 1  # the next page writes the session again
    session.save()

    def save(self, must_create=False):
        raise _conflict()

    monkeypatch.setattr(SessionStore, "save", save)
    client = Client(raise_request_exception=False)
    for response in (client.post("/accounts/login/", {"username": "admin1", "password": PASSWORD}),
                     signed_in.get("/")):
        assert response.status_code == 503
        assert BUSY in response.content.decode() and response["Retry-After"]


def test_an_upload_run_again_leaves_one_file_behind(orgs, system_user, conflicts, settings, tmp_path):
    """The stored file is not part of the transaction: the attempt that lost removes its own copy."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillsnet.knowledge.models import Resource
    from skillsnet.knowledge.services import create_resource

    settings.MEDIA_ROOT = tmp_path / "media"
    calls = conflicts(times=1)
    resource = create_resource(system_user, {"title": "Welding module", "kind": Resource.Kind.REPORT,
                                             "access": Resource.Access.PUBLIC,
                                             "file": SimpleUploadedFile("welding.txt", b"Welding safety, module 1.")})
    assert calls == ["create", "create"]
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert [p.name for p in stored] == [resource.file.name.rsplit("/", 1)[-1]]
    assert stored[0].read_bytes() == b"Welding safety, module 1."
    assert Resource.objects.filter(title="Welding module").count() == 1


# ------------------------------------------------------------------ imports
def test_an_import_that_loses_once_is_run_again_and_saved_once(orgs, system_user, monkeypatch):
    """The bulk path (organisations): its one transaction loses a conflict with another writer the first time (the
    scope check inside it answers with the driver's error), is run again from its start, and every row is saved
    once, with one change-log entry each."""
    from skillsnet.core import importer
    from skillsnet.core.changelog import ChangeLogEntry
    from skillsnet.core.tabular import write_csv

    real, calls = importer._check_scope, []

    def check_scope(*args):
        calls.append(args[-1])
        if len(calls) == 1:
            raise _conflict()
        return real(*args)

    monkeypatch.setattr(importer, "_check_scope", check_scope)
    data = write_csv(["name", "country", "kind"], [["Bokeo Technical School", "Laos", "TVET institute"],
                                                  ["Attapeu Technical School", "Laos", "TVET institute"]])
    result = importer.run_import(system_user, Organisation, data, "two.csv", commit=True)
    assert result.committed and not result.errors
    assert calls == ["add", "add", "change"]  # the first attempt lost at its first check; the second ran both
    saved = Organisation.objects.filter(name__in=["Bokeo Technical School", "Attapeu Technical School"])
    assert saved.count() == 2
    assert ChangeLogEntry.objects.filter(action="create", object_id__in=[str(o.pk) for o in saved]).count() == 2


def test_a_row_by_row_import_that_loses_once_is_saved_once(orgs, system_user, conflicts):
    """A model written row by row through its service (activities): the change-log step loses once; the whole
    import runs again and each row is saved once."""
    from skillsnet.activities.models import Activity
    from skillsnet.core import importer
    from skillsnet.core.tabular import write_csv

    calls = conflicts(times=1)
    data = write_csv(["title", "kind", "host"], [["Welding week", "training_programme", orgs["own"].name],
                                                ["Solar day", "peer_to_peer_workshop", orgs["own"].name]])
    result = importer.run_import(system_user, Activity, data, "two.csv", commit=True)
    assert result.committed and not result.errors, [e.reason for e in result.errors]
    assert calls == ["create", "create", "create"]  # lost at the first row, then both rows
    assert Activity.objects.filter(title__in=["Welding week", "Solar day"]).count() == 2


def test_a_role_granted_and_a_token_revoked_while_another_writer_conflicts_are_saved_once(users, monkeypatch):
    """Accounts' writes (core.retry too): granting a role whose transaction loses once is run again (one
    assignment, one change-log entry, one security event); revoking a token likewise — the second attempt reads the
    token again, so it is revoked although the first attempt had marked it in memory."""
    from skillsnet.accounts import services as accounts
    from skillsnet.accounts.models import ApiToken, RoleAssignment, SecurityEvent

    real, calls = accounts.record_change, []

    def record_change(*args, **kwargs):
        calls.append(args[2])
        if len(calls) in (1, 3):  # the first attempt of each write loses
            raise _conflict()
        return real(*args, **kwargs)

    admin, viewer = users["secretariat_admin"], users["viewer"]
    token = accounts.create_token(viewer, name="laptop")
    granted = SecurityEvent.objects.filter(kind="role_granted", user=viewer).count()  # the fixture's own
    monkeypatch.setattr(accounts, "record_change", record_change)
    assignment = accounts.grant_role(admin, viewer, "recognition_authority", reason="new duty")
    assert RoleAssignment.objects.filter(user=viewer, role="recognition_authority").count() == 1
    assert [e.action for e in history(assignment)] == ["create"]
    assert SecurityEvent.objects.filter(kind="role_granted", user=viewer).count() == granted + 1
    accounts.revoke_token(viewer, token.pk)
    assert calls == ["create", "create", "update", "update"]
    assert ApiToken.objects.get(pk=token.pk).revoked is not None
    assert SecurityEvent.objects.filter(kind="token_revoked", user=viewer).count() == 1


def test_an_article_ingested_while_another_writer_conflicts_is_stored_once(system_user, conflicts, settings,
                                                                           tmp_path):
    """ingest_article: the article, its draft and its items in one transaction that loses once and is run again:
    one article, one draft with its items, one stored file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from skillsnet.ingest.models import Article, Draft
    from skillsnet.ingest.services import ingest_article

    settings.MEDIA_ROOT = tmp_path / "media"
    calls = conflicts(times=1)
    text = (b"Vientiane, 13 May 2025 - Lao Polytechnic College and Tianjin Vocational Institute signed a "
            b"memorandum of understanding on teacher training.")
    article = ingest_article(system_user, file=SimpleUploadedFile("mou.txt", text), title="MoU signed")
    assert calls == ["create", "create"]
    assert Article.objects.filter(title="MoU signed").count() == 1
    [draft] = Draft.objects.filter(article=article)
    assert draft.items.filter(kind="organisation").count() == 2
    stored = [p for p in (tmp_path / "media").rglob("*") if p.is_file()]
    assert len(stored) == 1 and stored[0].read_bytes() == text

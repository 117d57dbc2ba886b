"""A country coordinator's participations come from the countries copied onto each row (people/scope.py): the
rows must be exactly those of a person of an organisation in the country or of an activity hosted there, after
every kind of write that can move a participation in or out of a country; a focal point's, likewise, from the
organisations copied onto each row (the person's organisation, the activity's host). A stale copy is a wrong permission
answer, so each test also asks `scope.stale()` (the copies against the records) for nothing."""
import datetime
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from skillsnet.core import importer, services
from skillsnet.people import scope
from skillsnet.people.models import Participation, Person
from tests.concurrency import two_at_once
from tests.conftest import make_org


@pytest.fixture
def world(orgs, system_user):
    """Persons and activities of Laos, China, Cambodia, an organisation without a country, a person without one;
    every participation crosses or stays in a country, keyed (person, activity)."""
    from skillsnet.activities.models import Activity

    kh = make_org(system_user, "Cambodian Institute", "KH")
    nowhere = make_org(system_user, "Organisation without a country", None)
    org = {"la": orgs["own"], "la2": orgs["other_la"], "cn": orgs["cn"], "kh": kh, "none": nowhere}
    people = {key: services.create_object(system_user, Person, {"name": f"Person {key}", "organisation": o})
              for key, o in org.items()}
    people["homeless"] = services.create_object(system_user, Person, {"name": "Person without organisation"})
    acts = {key: services.create_object(system_user, Activity, {
        "title": f"Workshop {key}", "kind": "peer_to_peer_workshop", "host": org[key],
        "start": datetime.date(2025, 5, 1)}) for key in ("la", "cn", "kh", "none")}
    acts["unhosted"] = services.create_object(system_user, Activity, {
        "title": "Workshop without host", "kind": "peer_to_peer_workshop", "start": datetime.date(2025, 5, 2)})
    pairs = [("la", "cn"), ("cn", "la"), ("cn", "cn"), ("la2", "kh"), ("kh", "kh"), ("kh", "cn"),
             ("none", "la"), ("none", "none"), ("homeless", "kh"), ("homeless", "unhosted"), ("cn", "unhosted"),
             ("la", "unhosted")]
    rows = {pair: services.create_object(system_user, Participation, {
        "person": people[pair[0]], "activity": acts[pair[1]], "role": "participant"}).pk for pair in pairs}
    return {"org": org, "people": people, "acts": acts, "rows": rows, "kh": kh}


def _visible(user):
    return set(Participation.objects.for_user(user, "view").values_list("pk", flat=True))


def _keys(world, *pairs):
    return {world["rows"][pair] for pair in pairs}


def _coordinator(country, code):
    from skillsnet.accounts.services import create_user
    from skillsnet.directory.models import Country

    return create_user(None, f"coord_{code.lower()}_{country}", "pw-Unused-123!",
                       roles=[("country_coordinator", None, Country.objects.get(pk=code))])


# in Laos: persons la, la2 (any activity) and activities hosted by la (any person)
LAOS = [("la", "cn"), ("cn", "la"), ("la2", "kh"), ("none", "la"), ("la", "unhosted")]
CAMBODIA = [("la2", "kh"), ("kh", "kh"), ("kh", "cn"), ("homeless", "kh")]


def test_coordinator_sees_exactly_the_hand_built_rows(world, users):
    assert _visible(users["country_coordinator"]) == _keys(world, *LAOS)
    assert _visible(_coordinator("a", "KH")) == _keys(world, *CAMBODIA)
    assert _visible(_coordinator("b", "CN")) == _keys(
        world, ("la", "cn"), ("cn", "la"), ("cn", "cn"), ("kh", "cn"), ("cn", "unhosted"))
    assert scope.stale() == []


def test_the_list_api_counts_and_pages_the_same_rows(world, api_as):
    client = api_as("country_coordinator")
    page = client.get("/api/people/participations/?page_size=50").json()
    assert page["count"] == len(LAOS) and {r["id"] for r in page["results"]} == _keys(world, *LAOS)
    cursor = client.get("/api/people/participations/?page_size=2&cursor=").json()
    seen = [r["id"] for r in cursor["results"]]
    while cursor["next"]:
        cursor = client.get(cursor["next"]).json()
        seen += [r["id"] for r in cursor["results"]]
    assert sorted(seen) == sorted(_keys(world, *LAOS))


def test_a_stale_copy_is_found_and_would_change_the_answer(world, users):
    """What the other tests guard against: a copy out of line with the records."""
    pk = world["rows"][("la", "cn")]
    Participation.objects.filter(pk=pk).update(scope_person_country="CN")
    la, cn = world["org"]["la"].pk, world["org"]["cn"].pk
    assert scope.stale() == [(pk, ("CN", "CN", la, cn), ("LA", "CN", la, cn))]
    assert pk not in _visible(users["country_coordinator"])
    assert scope.rebuild() == 1 and scope.stale() == []
    assert pk in _visible(users["country_coordinator"])


def test_copies_follow_a_person_moving_to_another_country(world, users, system_user):
    person = world["people"]["la"]
    services.update_object(system_user, Person, person.pk, {"organisation": world["kh"]},
                           expected_version=person.version)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(world, ("cn", "la"), ("la2", "kh"), ("none", "la"))
    assert _visible(_coordinator("c", "KH")) == _keys(world, *CAMBODIA, ("la", "cn"), ("la", "unhosted"))


def test_copies_follow_an_organisation_moving_to_another_country(world, users, system_user):
    from skillsnet.directory.models import Country, Organisation

    cn = world["org"]["cn"]
    services.update_object(system_user, Organisation, cn.pk, {"country": Country.objects.get(pk="LA")},
                           expected_version=cn.version)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(
        world, *LAOS, ("cn", "cn"), ("kh", "cn"), ("cn", "unhosted"))
    nowhere = world["org"]["none"]
    services.update_object(system_user, Organisation, nowhere.pk, {"country": Country.objects.get(pk="KH")},
                           expected_version=nowhere.version)
    assert scope.stale() == []
    assert _visible(_coordinator("d", "KH")) == _keys(world, *CAMBODIA, ("none", "la"), ("none", "none"))


def test_copies_follow_an_activity_moving_to_another_host(world, users, system_user):
    from skillsnet.activities.models import Activity

    act = world["acts"]["kh"]
    services.update_object(system_user, Activity, act.pk, {"host": world["org"]["la2"]},
                           expected_version=act.version)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(world, *LAOS, ("kh", "kh"), ("homeless", "kh"))
    act.refresh_from_db()
    services.update_object(system_user, Activity, act.pk, {"host": None}, expected_version=act.version)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(world, *LAOS)


def test_copies_follow_a_participation_moved_to_another_person(world, users, system_user):
    pk = world["rows"][("homeless", "unhosted")]
    services.update_object(system_user, Participation, pk, {"person": world["people"]["la2"]},
                           expected_version=Participation.objects.get(pk=pk).version)
    assert scope.stale() == []
    assert pk in _visible(users["country_coordinator"])


def test_copies_follow_a_deleted_organisation(world, users, system_user):
    """Deleting an organisation sets its persons' organisation to NULL: their participations leave its country."""
    from skillsnet.directory.models import Organisation

    la2 = world["org"]["la2"]
    services.delete_object(system_user, Organisation, la2.pk, expected_version=la2.version)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(world, *[p for p in LAOS if p != ("la2", "kh")])


def test_copies_follow_a_merge_of_people(world, users, system_user):
    from skillsnet.people.services import merge_people

    merge_people(system_user, world["people"]["homeless"].pk, world["people"]["la"].pk, "the same person")
    assert scope.stale() == []
    # the kept person had no organisation: it takes the merged one's (Laos), with every participation
    assert world["rows"][("homeless", "kh")] in _visible(users["country_coordinator"])


def _csv(rows):
    return ("\n".join(",".join(str(c) for c in row) for row in rows) + "\n").encode()


def test_copies_follow_imports(world, users, system_user):
    people, acts = world["people"], world["acts"]
    data = _csv([["person", "activity", "role", "attended"],
                 [people["kh"].pk, acts["la"].pk, "speaker", "true"],
                 [people["la2"].pk, acts["unhosted"].pk, "speaker", "true"],
                 [people["cn"].pk, acts["cn"].pk, "speaker", "true"]])
    result = importer.run_import(system_user, Participation, data, "p.csv", commit=True)
    assert result.committed, result.errors
    assert scope.stale() == []
    new = set(Participation.objects.filter(role="speaker").values_list("pk", flat=True))
    assert _visible(users["country_coordinator"]) & new == set(Participation.objects.filter(
        role="speaker", person__in=[people["kh"], people["la2"]]).values_list("pk", flat=True))
    # an import that moves a person to another organisation
    moved = _csv([["id", "name", "organisation"], [people["cn"].pk, "Person cn", world["org"]["la"].pk]])
    result = importer.run_import(system_user, Person, moved, "people.csv", commit=True)
    assert result.committed, result.errors
    assert scope.stale() == []
    assert world["rows"][("cn", "cn")] in _visible(users["country_coordinator"])


def test_restore_recomputes_the_copies(transactional_db, world, users, tmp_path, settings):
    """A backup made before the copies existed (no such fields in its rows) restores with correct copies."""
    settings.MEDIA_ROOT = tmp_path / "media"
    path, older = tmp_path / "backup.zip", tmp_path / "older.zip"
    call_command("backup", str(path), stdout=io.StringIO())

    def drop_copies(data):
        for row in data:
            if row["model"] == "people.participation":
                row["fields"].pop("scope_person_country", None)
                row["fields"].pop("scope_host_country", None)
        return data

    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(older, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "data.json":
                content = json.dumps(drop_copies(json.loads(content))).encode()
            zout.writestr(info, content)
    call_command("restore", str(older), "--yes", stdout=io.StringIO())
    assert Participation.objects.filter(scope_person_country__isnull=False).exists()
    assert scope.stale() == []
    from skillsnet.accounts.models import User

    assert _visible(User.objects.get(username=users["country_coordinator"].username)) == _keys(world, *LAOS)


def test_the_change_log_leaves_the_copies_out(world, system_user):
    from skillsnet.core.models import ChangeLogEntry

    entry = ChangeLogEntry.objects.filter(object_id=str(world["rows"][("la", "cn")]), action="create").first()
    assert entry is not None and "person_id" in entry.after
    assert "scope_person_country" not in entry.after and "scope_host_country" not in entry.after


def test_the_country_filter_names_the_persons_country(world, api_as, system_user):
    client = api_as("secretariat_admin")
    ids = lambda url: {r["id"] for r in client.get(url).json()["results"]}  # noqa: E731
    assert ids("/api/people/participations/?country=LA") == _keys(world, ("la", "cn"), ("la2", "kh"), ("la", "unhosted"))
    assert ids("/api/people/participations/?country=KH&cursor=") == _keys(world, ("kh", "kh"), ("kh", "cn"))
    person = world["people"]["la2"]
    services.update_object(system_user, Person, person.pk, {"organisation": world["kh"]}, expected_version=person.version)
    assert ids("/api/people/participations/?country=KH") == _keys(world, ("kh", "kh"), ("kh", "cn"), ("la2", "kh"))


@pytest.mark.django_db(transaction=True)
def test_two_writers_on_one_chain_at_once_leave_no_stale_copy(reference, system_user):
    """PostgreSQL: a person moves to an organisation (transaction 1, not yet committed) while that organisation's
    country changes (transaction 2). Transaction 2 cannot see the person yet and transaction 1 computed the copy with
    the old country: unless refreshes are serialised to their commits, the copy stays on the old country."""
    from django.db import connection

    from skillsnet.activities.models import Activity
    from skillsnet.directory.models import Country, Organisation

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has one writer at a time)")
    old_home = make_org(system_user, "Old home", "CN")
    target = make_org(system_user, "Target college", "LA")
    host = make_org(system_user, "Host college", "CN")
    person = services.create_object(system_user, Person, {"name": "Moving person", "organisation": old_home})
    activity = services.create_object(system_user, Activity, {"title": "Chain workshop", "kind": "peer_to_peer_workshop",
                                                              "host": host, "start": datetime.date(2025, 5, 1)})
    row = services.create_object(system_user, Participation, {"person": person, "activity": activity,
                                                              "role": "participant"})

    def move_person():
        current = Person.objects.get(pk=person.pk)
        services.update_object(system_user, Person, person.pk, {"organisation": target},
                               expected_version=current.version)

    def change_country():
        current = Organisation.objects.get(pk=target.pk)
        services.update_object(system_user, Organisation, target.pk, {"country": Country.objects.get(pk="KH")},
                               expected_version=current.version)

    errors = two_at_once(move_person, change_country)
    assert not errors, errors
    assert Person.objects.get(pk=person.pk).organisation_id == target.pk
    assert Organisation.objects.get(pk=target.pk).country_id == "KH"
    assert Participation.objects.get(pk=row.pk).scope_person_country == "KH"
    assert scope.stale() == []


def test_an_edit_that_moves_nothing_rewrites_no_copy_and_a_move_after_it_still_does(world, users, system_user):
    """A renamed organisation, a person's corrected e-mail, an activity's new title or a participation's new role
    change no country: their post-write steps must not re-read and rewrite the participations (an organisation's
    refresh locks and reads all its persons' and activities' rows). The move that follows must still be copied."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skillsnet.activities.models import Activity
    from skillsnet.directory.models import Country, Organisation

    def touches_copies(queries):  # the refresh's UPDATE (and, on PostgreSQL, its FOR SHARE reads)
        return [q["sql"] for q in queries
                if q["sql"].startswith("UPDATE") and "SET scope_person_country" in q["sql"] or "FOR SHARE" in q["sql"]]

    cn, person, act = world["org"]["cn"], world["people"]["la"], world["acts"]["kh"]
    part = Participation.objects.get(pk=world["rows"][("cn", "cn")])
    with CaptureQueriesContext(connection) as queries:
        services.update_object(system_user, Organisation, cn.pk, {"name": "Renamed Chinese college"},
                               expected_version=cn.version)
        services.update_object(system_user, Person, person.pk, {"email": "la@example.org"},
                               expected_version=person.version)
        services.update_object(system_user, Activity, act.pk, {"title": "Renamed workshop"},
                               expected_version=act.version)
        services.update_object(system_user, Participation, part.pk, {"role": "trainer"}, expected_version=part.version)
    assert touches_copies(queries.captured_queries) == []
    assert Organisation.objects.get(pk=cn.pk).name == "Renamed Chinese college"  # the edits themselves landed

    cn.refresh_from_db()
    with CaptureQueriesContext(connection) as queries:
        services.update_object(system_user, Organisation, cn.pk, {"country": Country.objects.get(pk="LA")},
                               expected_version=cn.version)
    assert touches_copies(queries.captured_queries)
    assert scope.stale() == []
    assert _visible(users["country_coordinator"]) == _keys(
        world, *LAOS, ("cn", "cn"), ("kh", "cn"), ("cn", "unhosted"))


def _steps_run_again(name):
    """The migration `name`'s schema steps run again on the test's database, where they are done already (an
    interrupted upgrade run anew): (migration module, schema editor, the table's columns, its indexes)."""
    import importlib

    from django.apps import apps as global_apps
    from django.db import connection

    migration = importlib.import_module(f"skillsnet.people.migrations.{name}")
    if connection.vendor == "postgresql":  # the fixture's rows leave deferred foreign-key checks pending
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    # the editor outside its context manager: SQLite's cannot be entered inside the test's transaction
    editor = connection.SchemaEditorClass(connection, atomic=False)
    migration.add_columns(global_apps, editor)  # already there: nothing to do
    migration.add_indexes(global_apps, editor)
    table = Participation._meta.db_table
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
        indexes = set(connection.introspection.get_constraints(cursor, table))
    return migration, editor, columns, indexes


def test_the_upgrade_fills_in_batches_and_can_run_again_after_an_interruption(world, users):
    """people/0006 is not atomic (ten million rows at scale): each of its steps must be safe to run again on a
    database where an interrupted run did part of the work — columns and indexes there already, some rows filled."""
    rows = sorted(world["rows"].values())
    Participation.objects.filter(pk__in=rows[::2]).update(scope_person_country=None, scope_host_country="ZZ")
    assert len(scope.stale()) == len(rows[::2])
    _migration, _editor, columns, indexes = _steps_run_again("0006_participation_scope_countries")
    assert {"scope_person_country", "scope_host_country"} <= columns
    assert {"people_part_scope_person", "people_part_scope_host"} <= indexes
    assert scope.rebuild(batch=3) == len(rows[::2])  # ranges of three ids: every broken row, only those
    assert scope.stale() == []
    assert scope.rebuild(batch=3) == 0
    assert _visible(users["country_coordinator"]) == _keys(world, *LAOS)


# the focal point's institution (orgs["own"], "la"): its persons' participations and those of the activities it hosts
OWN = [("la", "cn"), ("cn", "la"), ("none", "la"), ("la", "unhosted")]


def test_a_focal_points_rows_are_two_column_tests_and_exactly_the_hand_built_ones(world, users):
    qs = Participation.objects.for_user(users["focal_point"], "view")
    sql = str(qs.query)
    assert "SELECT" not in sql.split("WHERE", 1)[1] and "JOIN" not in sql
    assert "scope_person_organisation" in sql and "scope_host_organisation" in sql
    assert _visible(users["focal_point"]) == _keys(world, *OWN)


def test_a_stale_organisation_copy_is_found_and_would_change_the_answer(world, users):
    pk = world["rows"][("la", "cn")]
    la, cn = world["org"]["la"].pk, world["org"]["cn"].pk
    Participation.objects.filter(pk=pk).update(scope_person_organisation=cn)
    assert scope.stale() == [(pk, ("LA", "CN", cn, cn), ("LA", "CN", la, cn))]
    assert pk not in _visible(users["focal_point"])
    assert scope.rebuild() == 1 and scope.stale() == []
    assert pk in _visible(users["focal_point"])


def test_organisation_copies_follow_moves_within_one_country(world, users, system_user):
    """A person moving to another Lao institution, an activity given another Lao host: the countries stay, the
    organisations' copies move — the focal point loses those rows, the coordinator keeps them."""
    from skillsnet.activities.models import Activity

    person = world["people"]["la"]
    services.update_object(system_user, Person, person.pk, {"organisation": world["org"]["la2"]},
                           expected_version=person.version)
    assert scope.stale() == []
    assert _visible(users["focal_point"]) == _keys(world, ("cn", "la"), ("none", "la"))
    act = world["acts"]["la"]
    services.update_object(system_user, Activity, act.pk, {"host": world["org"]["la2"]},
                           expected_version=act.version)
    assert scope.stale() == []
    assert _visible(users["focal_point"]) == set()
    assert _visible(users["country_coordinator"]) == _keys(world, *LAOS)
    # a participation moved to a person of the focal point's institution comes into its scope
    pk = world["rows"][("kh", "kh")]
    services.update_object(system_user, Participation, pk, {"person": world["people"]["cn"]},
                           expected_version=Participation.objects.get(pk=pk).version)
    newcomer = services.create_object(system_user, Person, {"name": "Person la3", "organisation": world["org"]["la"]})
    services.update_object(system_user, Participation, pk, {"person": newcomer},
                           expected_version=Participation.objects.get(pk=pk).version)
    assert scope.stale() == []
    assert _visible(users["focal_point"]) == {pk}


def test_the_organisations_upgrade_fills_in_batches_and_can_run_again(world, users):
    """people/0008, like 0006: each step safe to run again after an interruption."""
    from django.apps import apps as global_apps

    rows = sorted(world["rows"].values())
    Participation.objects.filter(pk__in=rows[::2]).update(scope_person_organisation=None, scope_host_organisation=0)
    assert len(scope.stale()) == len(rows[::2])
    migration, editor, columns, indexes = _steps_run_again("0008_participation_scope_organisations")
    assert {"scope_person_organisation", "scope_host_organisation"} <= columns
    assert {"people_part_scope_porg", "people_part_scope_horg"} <= indexes
    migration.fill(global_apps, editor)
    assert scope.stale() == []
    assert _visible(users["focal_point"]) == _keys(world, *OWN)


def test_a_focal_point_imports_and_records_participations_in_its_scope(world, users):
    """The scope check of a write reads the copies, which post-write steps write: they run before it (the services;
    an import, on SQLite its other steps after the commit). The focal point's own trainee in another institution's
    workshop is in its scope (the person's organisation), through the importer and through the services."""
    from skillsnet.people.services import record_participation

    people, acts = world["people"], world["acts"]
    focal = users["focal_point"]
    data = _csv([["person", "activity", "role", "attended"], [people["la"].pk, acts["kh"].pk, "speaker", "true"]])
    result = importer.run_import(focal, Participation, data, "p.csv", commit=True)
    assert result.committed, result.errors
    row = Participation.objects.get(person=people["la"], activity=acts["kh"], role="speaker")
    assert scope.stale() == [] and row.pk in _visible(focal)
    made = record_participation(focal, people["la"].pk, acts["kh"].pk, role="participant", attended=True)
    assert scope.stale() == [] and made.pk in _visible(focal)
    # and what is outside it is still refused: another institution's person in another institution's workshop
    data = _csv([["person", "activity", "role"], [people["kh"].pk, acts["kh"].pk, "speaker"]])
    result = importer.run_import(focal, Participation, data, "p.csv", commit=True)
    assert not result.committed and result.errors
    assert not Participation.objects.filter(person=people["kh"], role="speaker").exists()

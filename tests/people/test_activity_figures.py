"""Every activity's figures (people.ActivityFigures, kept by people/figures.py) follow every writer of
participations: the services (create, update, delete, an activity moved), an import, a merge of two people, a
restore; `results check` finds a corrupted row and `results rebuild` repairs it; two writers at once on
PostgreSQL both count. Each expectation is counted by hand from the rows the test writes."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from skillsnet.activities import queries as activity_queries
from skillsnet.activities.models import Activity
from skillsnet.core import importer
from skillsnet.core import services as core
from skillsnet.core.tabular import write_csv
from skillsnet.people import figures
from skillsnet.people import services as people_services
from skillsnet.people.models import ActivityFigures, Participation, Person
from skillsnet.results.check import differences
from tests.concurrency import two_at_once
from tests.conftest import make_org

NONE = {"people": 0, "registered": 0, "attended": 0, "completed": 0}


def _figures(activity):
    """(people, registered, attended, completed, {role: people}) as kept, or None when the activity has none."""
    row = figures.read().get(activity.pk)
    if row is None:
        return None
    counts, roles = row
    return (counts["people"], counts["registered"], counts["attended"], counts["completed"], dict(roles))


@pytest.fixture
def place(reference, system_user):
    home = make_org(system_user, "Savannakhet Technical College", "LA")
    acts = [core.create_object(system_user, Activity, {"title": title, "kind": "training_programme", "host": home,
                                                       "start": datetime.date(2025, 4, day)})
            for title, day in (("Solar installation course", 7), ("Motorcycle repair course", 21))]
    persons = [people_services.create_person(system_user, {"name": name, "organisation": home, "sex": sex})
               for name, sex in (("Bounmy Sayavong", "male"), ("Phonesavanh Keola", "female"),
                                 ("Somphone Inthavong", "female"))]
    return {"home": home, "acts": acts, "persons": persons}


def _join(actor, person, activity, role="participant", **flags):
    return core.create_object(actor, Participation, {"person": person, "activity": activity, "role": role, **flags})


def test_the_figures_follow_every_service_write(place, system_user):
    solar, repair = place["acts"]
    bounmy, phonesavanh, somphone = place["persons"]
    assert _figures(solar) is None
    _join(system_user, bounmy, solar, registered=True, attended=True, completed=True)
    _join(system_user, bounmy, solar, role="speaker")  # the same person in a second role: counted once
    moved = _join(system_user, phonesavanh, solar, registered=True, attended=True)
    _join(system_user, somphone, solar, registered=True)
    # people 3 (Bounmy once), registered 3, attended 2, completed 1; by role: participants 3, a speaker
    assert _figures(solar) == (3, 3, 2, 1, {"participant": 3, "speaker": 1})
    assert _figures(repair) is None

    # Phonesavanh's participation moved to the other activity, and completed there
    core.update_object(system_user, Participation, moved.pk, {"activity": repair, "completed": True},
                       expected_version=moved.version)
    assert _figures(solar) == (2, 2, 1, 1, {"participant": 2, "speaker": 1})
    assert _figures(repair) == (1, 1, 1, 1, {"participant": 1})

    # the speaker's row deleted: Bounmy still counts once, as a participant
    speaker = Participation.objects.get(person=bounmy, activity=solar, role="speaker")
    core.delete_object(system_user, Participation, speaker.pk, expected_version=speaker.version)
    assert _figures(solar) == (2, 2, 1, 1, {"participant": 2})
    # the last participation of an activity deleted: it has no figures left
    gone = Participation.objects.get(activity=repair)
    core.delete_object(system_user, Participation, gone.pk, expected_version=gone.version)
    assert _figures(repair) is None
    assert differences() == []
    # and what the sums read is what the pages show
    exact, _public = activity_queries.every_activity_figures()
    assert exact[solar.pk] == activity_queries.participant_counts(solar) == {
        "people": 2, "registered": 2, "attended": 1, "completed": 1}
    assert repair.pk not in exact


def test_an_import_and_a_merge_keep_the_figures(place, system_user, users):
    solar, repair = place["acts"]
    bounmy, phonesavanh, somphone = place["persons"]
    header = ["person", "activity", "role", "registered", "attended", "completed"]
    rows = [[bounmy.pk, solar.pk, "participant", "yes", "yes", "yes"],
            [phonesavanh.pk, solar.pk, "participant", "yes", "yes", "no"],
            [phonesavanh.pk, solar.pk, "trainer", "no", "no", "no"],
            [somphone.pk, repair.pk, "participant", "yes", "no", "no"]]
    result = importer.run_import(users["secretariat_admin"], Participation, write_csv(header, rows), "p.csv",
                                 commit=True)
    assert result.committed, [str(e) for e in result.errors]
    assert _figures(solar) == (2, 2, 2, 1, {"participant": 2, "trainer": 1})
    assert _figures(repair) == (1, 1, 0, 0, {"participant": 1})

    # an import that updates a row: Phonesavanh completed after all
    update = [[phonesavanh.pk, solar.pk, "participant", "yes", "yes", "yes"]]
    result = importer.run_import(users["secretariat_admin"], Participation, write_csv(header, update), "u.csv",
                                 commit=True)
    assert result.committed, [str(e) for e in result.errors]
    assert _figures(solar) == (2, 2, 2, 2, {"participant": 2, "trainer": 1})

    # Somphone was recorded twice: the duplicate, a participant of the solar course too, is merged into her
    twin = people_services.create_person(system_user, {"name": "Somphone Inthavong (2)", "organisation": place["home"],
                                                       "sex": "female"})
    _join(system_user, twin, solar, registered=True)
    assert _figures(solar)[0] == 3
    people_services.merge_people(system_user, somphone.pk, twin.pk, "the same person")
    assert not Person.objects.filter(pk=twin.pk).exists()
    # the solar course keeps 3 people (Somphone now in it), the repair course 1
    assert _figures(solar) == (3, 3, 2, 2, {"participant": 3, "trainer": 1})
    assert _figures(repair) == (1, 1, 0, 0, {"participant": 1})
    assert differences() == []


def test_results_check_finds_a_wrong_figure_and_rebuild_repairs_it(place, system_user):
    solar, _repair = place["acts"]
    for person in place["persons"]:
        _join(system_user, person, solar, registered=True)
    ActivityFigures.objects.filter(activity_id=solar.pk, role="").update(people=2)
    assert [(d.table, d.key) for d in differences()] == [("activity", (solar.pk,))]
    with pytest.raises(CommandError, match="1 differences"):
        call_command("results", "check", stdout=io.StringIO())
    call_command("results", "rebuild", stdout=io.StringIO())
    assert _figures(solar) == (3, 3, 0, 0, {"participant": 3})
    assert differences() == []


def test_a_restore_rebuilds_the_figures(transactional_db, reference, system_user, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    home = make_org(system_user, "Luang Prabang Technical College", "LA")
    course = core.create_object(system_user, Activity, {"title": "Hospitality course", "kind": "training_programme",
                                                        "host": home, "start": datetime.date(2025, 5, 5)})
    for name in ("Khamla Vongsa", "Noy Sisouk"):
        person = people_services.create_person(system_user, {"name": name, "organisation": home})
        _join(system_user, person, course, registered=True, attended=True)
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    ActivityFigures.objects.all().delete()  # not in the backup: a restore must count them again
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert _figures(course) == (2, 2, 2, 0, {"participant": 2})
    assert differences() == []


def test_two_people_joining_one_activity_at_once_both_count(transactional_db, reference, system_user):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has one writer at a time)")
    home = make_org(system_user, "Pakse Technical College", "LA")
    course = core.create_object(system_user, Activity, {"title": "Irrigation course", "kind": "training_programme",
                                                        "host": home, "start": datetime.date(2025, 6, 2)})
    first, second = (people_services.create_person(system_user, {"name": name, "organisation": home})
                     for name in ("Vanh Phommachanh", "Dao Keomany"))

    def join(person):
        return lambda: _join(system_user, person, course, registered=True)

    # each transaction counts what it sees: without a lock per activity the second counts only its own row
    # (people 1) or collides with the first's figures row
    assert two_at_once(join(first), join(second)) == []
    assert _figures(course) == (2, 2, 0, 0, {"participant": 2})
    assert differences() == []


def test_the_migration_fills_the_figures_of_an_existing_database(transactional_db, reference, system_user):
    """An upgraded database does not start with an empty table (sums would take every activity's figures as 0)."""
    home = make_org(system_user, "Oudomxay Technical College", "LA")
    course = core.create_object(system_user, Activity, {"title": "Carpentry course", "kind": "training_programme",
                                                        "host": home, "start": datetime.date(2025, 7, 7)})
    for name, flags in (("Souk Chanthavong", {"attended": True, "completed": True}), ("Mai Xayavong", {})):
        person = people_services.create_person(system_user, {"name": name, "organisation": home})
        _join(system_user, person, course, registered=True, **flags)
    call_command("migrate", "people", "0006", verbosity=0)  # before the table existed
    call_command("migrate", "people", verbosity=0)
    assert _figures(course) == (2, 2, 1, 1, {"participant": 2})


def test_a_participation_moved_to_another_person_and_activity_moves_every_figure(place, system_user):
    """The services hand the written row to the post-write steps (core.derived.after_write's `objs`): the figures
    and the results aggregates take its activity and person from it instead of reading the row back — and follow
    a row moved to another person and another activity, the old ones included (from the snapshot before)."""
    from django.test.utils import CaptureQueriesContext

    from skillsnet.results.models import CompletionFact

    solar, repair = place["acts"]
    bounmy, phonesavanh, _somphone = place["persons"]
    with CaptureQueriesContext(connection) as written:
        row = people_services.record_participation(system_user, bounmy.pk, solar.pk, registered=True,
                                                   attended=True, completed=True)
    reads_back = [q["sql"] for q in written.captured_queries if "SELECT DISTINCT" in q["sql"].upper()
                  and ("person_id" in q["sql"] or "activity_id" in q["sql"])]
    assert reads_back == []
    assert _figures(solar) == (1, 1, 1, 1, {"participant": 1})
    assert list(CompletionFact.objects.values_list("person_id", "activity_id")) == [(bounmy.pk, solar.pk)]

    core.update_object(system_user, Participation, row.pk, {"person": phonesavanh, "activity": repair},
                       expected_version=row.version)
    assert _figures(solar) is None
    assert _figures(repair) == (1, 1, 1, 1, {"participant": 1})
    # Bounmy has no completion left; Phonesavanh completed the repair course
    assert list(CompletionFact.objects.values_list("person_id", "activity_id")) == [(phonesavanh.pk, repair.pk)]
    assert differences() == []

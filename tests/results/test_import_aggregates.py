"""An import of participations keeps the results aggregates exact: the cells after it equal counts worked out by
hand, `results check` finds no difference, and a later per-record edit (the Python resync) agrees with the
facts the import wrote set-based."""
import datetime
from decimal import Decimal

from django.core.management import call_command

from skillsnet.activities import services as activity_services
from skillsnet.core import importer
from skillsnet.core import services as core
from skillsnet.core.tabular import write_csv
from skillsnet.people import services as people_services
from skillsnet.people.models import Participation
from skillsnet.results.check import differences
from skillsnet.results.models import CompletionCell, CompletionFact


def _cells(project_id, scope="all"):
    return {(c.sex, c.country, c.participant_kind): (c.persons, c.completions, Decimal(c.hours).quantize(Decimal("1")),
                                                      c.enrolled)
            for c in CompletionCell.objects.filter(project_id=project_id, scope=scope, year=2024)}


def test_imported_participations_give_the_hand_counted_cells(training, system_user, orgs, project, users):
    admin = users["secretariat_admin"]
    a = training("Ms A", sex="female", org="own", kind="teacher").person  # already completed: 16 hours
    b = people_services.create_person(system_user, {"name": "Mr B", "sex": "male", "organisation": orgs["cn"],
                                                    "kind": "teacher"})
    c = people_services.create_person(system_user, {"name": "Ms C", "sex": "female", "organisation": orgs["own"],
                                                    "kind": "student"})
    other = activity_services.create_activity(system_user, {  # not attributed to the project
        "title": "Welding course", "kind": "training_programme", "start": datetime.date(2024, 9, 2),
        "host": orgs["own"]})
    header = ["person", "activity", "role", "registered", "attended", "completed", "hours"]
    rows = [[a.pk, other.pk, "participant", "yes", "yes", "yes", "10"],  # A again: one person, two completions
            [b.pk, training.activity.pk, "participant", "yes", "yes", "yes", "8"],
            [b.pk, other.pk, "participant", "yes", "no", "no", "5"],  # enrolled only: its hours do not count
            [c.pk, training.activity.pk, "participant", "yes", "yes", "no", ""]]
    result = importer.run_import(admin, Participation, write_csv(header, rows), "p.csv", commit=True)
    assert result.committed, [str(e) for e in result.errors]
    assert Participation.objects.count() == 5
    assert CompletionFact.objects.count() == 5
    # the whole network: A completed twice (counted once), B once (and enrolled in the other), C enrolled only
    assert _cells(0) == {("female", "LA", "teacher"): (1, 2, Decimal("26"), 1),
                         ("male", "CN", "teacher"): (1, 1, Decimal("8"), 1),
                         ("female", "LA", "student"): (0, 0, Decimal("0"), 1)}
    # the project counts the attributed training only
    assert _cells(project.pk) == {("female", "LA", "teacher"): (1, 1, Decimal("16"), 1),
                                  ("male", "CN", "teacher"): (1, 1, Decimal("8"), 1),
                                  ("female", "LA", "student"): (0, 0, Decimal("0"), 1)}
    assert _cells(0, "kind:training_programme") == {("female", "LA", "teacher"): (1, 1, Decimal("10"), 1),
                                                    ("male", "CN", "teacher"): (0, 0, Decimal("0"), 1)}
    assert differences() == []
    call_command("results", "check")
    # a later edit of an imported participation goes through the per-person resync: it agrees with the import
    p = Participation.objects.get(person=a, activity=other)
    core.update_object(system_user, Participation, p.pk, {"completed": False}, expected_version=p.version)
    assert _cells(0)[("female", "LA", "teacher")] == (1, 1, Decimal("16"), 1)
    assert differences() == []


def test_an_import_into_a_person_counted_in_the_same_cell_adds_no_person(training, system_user, users):
    admin = users["secretariat_admin"]
    first = training("Ms D").person
    second_activity = activity_services.create_activity(system_user, {
        "title": "Second course", "kind": "training_of_trainers", "start": datetime.date(2024, 6, 1),
        "host": training.activity.host})
    before = _cells(0)
    result = importer.run_import(admin, Participation, write_csv(
        ["person", "activity", "attended", "completed", "hours"],
        [[first.pk, second_activity.pk, "yes", "yes", "4"]]), "one.csv", commit=True)
    assert result.committed, [str(e) for e in result.errors]
    ((key, (persons, completions, hours, enrolled)),) = before.items()
    assert _cells(0) == {key: (persons, completions + 1, hours + 4, enrolled)}
    assert differences() == []

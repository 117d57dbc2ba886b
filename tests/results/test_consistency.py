"""The results aggregates stay equal to the records after every kind of write, and `results check` proves it
against the raw tables (and finds a deliberately corrupted aggregate)."""
import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from skillsnet.activities import services as activity_services
from skillsnet.activities.models import Initiative
from skillsnet.core import derived
from skillsnet.core import services as core
from skillsnet.directory.models import Organisation
from skillsnet.people import services as people_services
from skillsnet.results.check import differences
from skillsnet.results.measures import Span, compute
from skillsnet.results.models import CompletionCell, CompletionFact

YEAR = Span.of_year(2024)


def network_completers(**filters):
    return compute("persons_completed", filters, YEAR, ()).total


def test_deleting_an_organisation_sets_links_to_null_and_the_figures_follow(training, system_user, orgs):
    extra = core.create_object(system_user, Organisation, {"name": "Short-lived Institute", "kind": "company"})
    p = training("Ms A", sex="female", org="own")
    people_services.update_person(system_user, p.person_id, {"organisation": extra, "nationality": None},
                                  p.person.version)
    assert network_completers(organisation_kind=["company"]) == 1
    core.delete_object(system_user, Organisation, extra.pk, expected_version=Organisation.objects.get(pk=extra.pk).version)  # people.Person.organisation: SET_NULL
    assert network_completers(organisation_kind=["company"]) == 0
    assert network_completers() == 1
    assert CompletionFact.objects.get().organisation_id is None
    assert differences() == []


def test_deleting_a_programme_moves_its_completions_out_of_the_programme(training, system_user):
    programme = core.create_object(system_user, Initiative, {"name": "Panda Workshops"})
    activity = training.activity
    activity_services.update_activity(system_user, activity.pk, {"initiative": programme}, activity.version)
    training("Ms A")
    assert network_completers(initiative=programme.pk) == 1
    core.delete_object(system_user, Initiative, programme.pk, expected_version=Initiative.objects.get(pk=programme.pk).version)  # activities.Activity.initiative: SET_NULL
    assert not CompletionCell.objects.filter(scope=f"initiative:{programme.pk}").exists()
    assert differences() == []


def test_deleting_a_project_removes_its_cells(training, system_user, project):
    training("Ms A")
    assert CompletionCell.objects.filter(project_id=project.pk).exists()
    core.delete_object(system_user, type(project), project.pk,
                       expected_version=type(project).objects.get(pk=project.pk).version)
    assert not CompletionCell.objects.filter(project_id=project.pk).exists()
    assert CompletionFact.objects.get().projects == ""
    assert differences() == []


def test_merging_two_people_keeps_the_distinct_count_right(training, system_user):
    a = training("Somchai Phommavong", sex="male")
    b = training("Somchai Phommavong (duplicate)", sex="male")
    assert network_completers() == 2
    people_services.merge_people(system_user, a.person_id, b.person_id, reason="the same man entered twice")
    assert network_completers() == 1
    assert differences() == []


def test_results_check_reports_a_corrupted_aggregate(training, system_user):
    training("Ms A")
    training("Mr B", sex="male")
    call_command("results", "check")  # consistent: no error
    CompletionCell.objects.filter(project_id=0, scope="all", sex="female").update(persons=7)
    found = differences()
    assert [(d.table, d.stored[0], d.expected[0]) for d in found] == [("cell", 7, 1)]
    with pytest.raises(CommandError, match="1 differences"):
        call_command("results", "check")
    # a fact that no longer matches its participation is found too
    call_command("results", "rebuild")
    CompletionFact.objects.filter(sex="male").update(country="KH")
    assert [d.table for d in differences()] == ["fact"]


def test_a_bulk_write_reported_once_is_kept_set_based(training, system_user, orgs):
    from skillsnet.people.models import Participation, Person

    training("Ms A")
    person = Person.objects.create(name="Loaded in bulk", sex="male", organisation=orgs["cn"])
    Participation.objects.bulk_create([Participation(person=person, activity=training.activity, attended=True,
                                                     completed=True, hours=8)])
    assert network_completers() == 1  # not reported yet
    assert differences() != []
    derived.after_write(Participation, list(Participation.objects.values_list("pk", flat=True)), "bulk")
    assert network_completers() == 2
    assert differences() == []


def test_an_enrolment_that_is_not_completed_counts_as_enrolled_only(training, system_user, orgs):
    person = people_services.create_person(system_user, {"name": "Registered only", "sex": "female",
                                                         "organisation": orgs["own"], "kind": "student"})
    people_services.record_participation(system_user, person.pk, training.activity.pk, registered=True)
    assert network_completers() == 0
    assert compute("persons_enrolled", {}, YEAR, ()).total == 1
    assert differences() == []


def test_activity_dates_moved_to_another_year(training, system_user):
    training("Ms A")
    activity = training.activity
    activity_services.update_activity(system_user, activity.pk, {"start": datetime.date(2023, 3, 1),
                                                                 "end": datetime.date(2023, 3, 2)},
                                      activity.version)
    assert network_completers() == 0
    assert compute("persons_completed", {}, Span.of_year(2023), ()).total == 1
    assert differences() == []


def test_the_django_admin_writes_no_model_that_has_derived_data():
    """Admin saves bypass the services; no model whose writes feed derived data is editable there."""
    from django.contrib import admin

    assert [m for m in admin.site._registry if derived.steps_for(m)] == []

"""Attribution: a project counts only the activities attributed to it; the network view counts everything;
a record attributed to two projects shows as shared in both."""
import datetime

from django.urls import reverse

from skillsnet.activities import services as activity_services
from skillsnet.core import services as core
from skillsnet.directory.models import Country
from skillsnet.people import services as people_services
from skillsnet.results import services
from skillsnet.results.check import differences
from skillsnet.results.measures import Span, compute
from skillsnet.results.models import Attribution, Period, Project, ResultNode
from skillsnet.results.queries import actual, framework


def second_project(system_user, orgs):
    p = core.create_object(system_user, Project, {"code": "p2", "title": "Another donor's project",
                                                  "network": orgs["network"]})
    node = core.create_object(system_user, ResultNode, {"project": p, "code": "1", "title": "Trained"})
    period = core.create_object(system_user, Period, {"project": p, "kind": "year", "year": 2024})
    ind = services.create_indicator(system_user, {"node": node, "code": "T1", "name": "Trained",
                                                  "measure": "persons_completed", "disaggregations": ["sex"]})
    return p, period, ind


def other_training(system_user, orgs, project, n):
    activity = activity_services.create_activity(system_user, {
        "title": "Another donor's course", "kind": "training_programme", "start": datetime.date(2024, 9, 1),
        "end": datetime.date(2024, 9, 20), "host": orgs["other_la"], "country": Country.objects.get(pk="LA")})
    services.attribute_activity(system_user, {"activity": activity, "project": project})
    for i in range(n):
        person = people_services.create_person(system_user, {"name": f"Trainee {i}", "sex": "male",
                                                             "organisation": orgs["other_la"], "kind": "student"})
        people_services.record_participation(system_user, person.pk, activity.pk, attended=True, completed=True)
    return activity


def test_a_second_projects_trainees_never_appear_in_the_firsts_figures(training, make_indicator, period2024,
                                                                       system_user, orgs, project):
    ind = make_indicator(disaggregations=["sex", "country"])
    training("Ms A", sex="female")
    training("Ms B", sex="female")
    training("Mr C", sex="male")
    p2, p2_period, p2_ind = second_project(system_user, orgs)
    other_training(system_user, orgs, p2, 24)
    first = actual(ind, period2024)
    assert first.total == 3
    assert {tuple(r["dims"].values()): r["value"] for r in first.rows} == {("female", "LA"): 2, ("male", "LA"): 1}
    assert actual(p2_ind, p2_period).total == 24
    # the network-wide view (no project) counts everybody
    assert compute("persons_completed", {}, Span.of_year(2024), ()).total == 27
    # the facts path (a multi-year span) keeps to the attribution as well
    assert actual(ind, span=Span.of_partial("2021", "2025")).total == 3
    assert differences() == []


def test_removing_an_attribution_takes_its_records_out_at_once(training, make_indicator, period2024, system_user):
    ind = make_indicator()
    training("Ms A")
    attribution = Attribution.objects.get()
    assert actual(ind, period2024).total == 1
    services.remove_attribution(system_user, attribution.pk, expected_version=attribution.version)
    assert actual(ind, period2024).total == 0
    assert differences() == []


def test_a_record_attributed_to_two_projects_shows_as_shared_in_both(training, make_indicator, period2024,
                                                                     system_user, orgs, project):
    ind = make_indicator()
    training("Ms A")
    training("Ms B")
    p2, p2_period, p2_ind = second_project(system_user, orgs)
    services.attribute_activity(system_user, {"activity": training.activity, "project": p2,
                                              "funder": orgs["cn"], "note": "co-funded"})
    other_training(system_user, orgs, p2, 3)
    assert actual(ind, period2024).total == 2
    assert actual(p2_ind, p2_period).total == 5
    row = framework(project, period2024)[0]["indicators"][0]
    assert (row["shared_value"], row["shared_codes"]) == (2, ["p2"])
    row2 = framework(p2, p2_period)[0]["indicators"][0]
    assert (row2["shared_value"], row2["shared_codes"]) == (2, ["p1"])
    assert differences() == []


def test_activities_measure_counts_only_attributed_activities_and_in_sql(training, system_user, orgs, project,
                                                                        django_assert_max_num_queries):
    training("Ms A")
    p2, _period, _ind = second_project(system_user, orgs)
    other_training(system_user, orgs, p2, 1)
    span = Span.of_year(2024)
    assert compute("activities", {}, span, ("country",), project).rows == {("CN",): 1}
    assert compute("activities", {}, span, ("country",)).rows == {("CN",): 1, ("LA",): 1}
    with django_assert_max_num_queries(2):  # a total and a GROUP BY, whatever the number of activities
        compute("activities", {}, span, ("country",))


def test_attribution_is_edited_from_the_activity_page(training, system_user, client, project):
    client.force_login(system_user)
    body = client.get(f"/activities/activities/{training.activity.pk}/").content.decode()
    assert "Projects this activity counts for" in body and str(project) in body
    assert f"{reverse('results_attribution_add')}?activity={training.activity.pk}" in body
    # the project page lists the attributed activities too
    body = client.get(f"/results/projects/{project.pk}/").content.decode()
    assert "Activities attributed to the project" in body and "Training of trainers" in body

"""The participation summary's protected tables are kept per process under the data's version for the user's scope
(people.queries._kept_protected): two scopes never share them, whichever asks first, and a committed write is seen
by the next request at once. The version here is the token alone, as in production (see
tests/results/test_dashboard_kept.py)."""
import datetime

import pytest

from skillsnet.core import keep
from skillsnet.core import services
from skillsnet.people.services import record_participation
from tests.conftest import make_course

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("keep_token_alone")]


def test_two_scopes_never_share_a_kept_summary(api_as, orgs, system_user, django_capture_on_commit_callbacks):
    """The own college's course (3 trainees) and another's (7). The focal point counts its own 3 exactly and, with
    nothing masked beside them, the total 10; a viewer reads "< 5" for the 3, and the total hidden ("≥ 5": 10 − 7
    would give the 3 back, and the 7 is the other course's public figure). Asked in either order, twice each."""
    keep.reset()  # as if committed
    with django_capture_on_commit_callbacks(execute=True):
        own = make_course(system_user, orgs["own"], "Robotics", datetime.date(2024, 3, 4), 3)
        other = make_course(system_user, orgs["cn"], "Mechatronics", datetime.date(2024, 3, 4), 7)
    expected = {"focal_point": (10, {own.pk: 3, other.pk: 7}), "viewer": ("≥ 5", {own.pk: "< 5", other.pk: 7})}
    for first, second in (("viewer", "focal_point"), ("focal_point", "viewer")):
        keep.reset()
        for role in (first, second, first, second):
            data = api_as(role).get("/api/people/summary/").json()
            assert (data["people"], {r["key"]: r["people"] for r in data["by_activity"]}) == expected[role], role
        assert len([k for k in keep._VALUES if k[0] == "people.summary"]) == 2  # one per scope
    # a committed write is seen at once
    from skillsnet.people.models import Person

    with django_capture_on_commit_callbacks(execute=True):
        person = services.create_object(system_user, Person, {"name": "Late trainee", "organisation": orgs["cn"]})
        record_participation(system_user, person.pk, other.pk, registered=True, attended=True, completed=True)
    assert api_as("focal_point").get("/api/people/summary/").json()["people"] == 11


def test_the_counted_rows_are_counted_once_for_every_role_that_views_every_activity(
        api_as, orgs, system_user, django_capture_on_commit_callbacks):
    """Courses of the own college (3 trainees), another Lao college (2) and a Chinese one (7). The rows every role
    counts (participations and distinct people per key) are counted for the first role that asks and shared with the
    others (people.queries._Counts); a scoped role counts only its own participations per row. Each role still reads
    its own answer: the coordinator of Lao PDR every Lao count exactly, the focal point its own college's only."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    keep.reset()
    with django_capture_on_commit_callbacks(execute=True):
        own = make_course(system_user, orgs["own"], "Robotics", datetime.date(2024, 3, 4), 3)
        la = make_course(system_user, orgs["other_la"], "Welding", datetime.date(2024, 3, 4), 2)
        cn = make_course(system_user, orgs["cn"], "Mechatronics", datetime.date(2024, 3, 4), 7)
    keep.reset()
    expected = {"viewer": {own.pk: "< 5", la.pk: "< 5", cn.pk: 7},
                "focal_point": {own.pk: 3, la.pk: "< 5", cn.pk: 7},
                "country_coordinator": {own.pk: 3, la.pk: 2, cn.pk: 7}}
    for n, role in enumerate(("viewer", "focal_point", "country_coordinator")):
        with CaptureQueriesContext(connection) as queries:
            data = api_as(role).get("/api/people/summary/").json()
        assert {r["key"]: r["people"] for r in data["by_activity"]} == expected[role], role
        distinct = [q["sql"] for q in queries.captured_queries if "COUNT(DISTINCT" in q["sql"].upper()]
        assert bool(distinct) == (n == 0), (role, distinct)  # only the first role counts the shared rows
    assert api_as("country_coordinator").get("/api/people/summary/").json()["people"] == 12
    assert api_as("focal_point").get("/api/people/summary/").json()["people"] == "≥ 5"  # 12 − 3 − 7 would give 2
    assert any(k[0] == "people.summary.counts" for k in keep._VALUES)


def test_people_are_counted_once_per_row_however_many_participations(api_as, orgs, system_user,
                                                                      django_capture_on_commit_callbacks):
    """Two courses of the own college (3 and 4 new trainees), two of the first course's trainees in the second as
    well, and one of them its speaker too: 10 participations of 7 people. Every row of a person's own attribute
    (sex, kind, country, organisation) counts each person once; by activity, the second course has 7 participations
    of 6 people."""
    from skillsnet.people.models import Participation

    keep.reset()
    with django_capture_on_commit_callbacks(execute=True):
        first = make_course(system_user, orgs["own"], "Robotics", datetime.date(2024, 3, 4), 3)
        second = make_course(system_user, orgs["own"], "Welding", datetime.date(2024, 5, 6), 4)
        for person_id in Participation.objects.filter(activity=first).values_list("person", flat=True)[:2]:
            record_participation(system_user, person_id, second.pk, registered=True, attended=True, completed=True)
        record_participation(system_user, person_id, second.pk, role=Participation.Role.SPEAKER, registered=True)
    keep.reset()
    data = api_as("secretariat_admin").get("/api/people/summary/").json()
    assert (data["participations"], data["people"]) == (10, 7)
    for group in ("by_sex", "by_kind", "by_country"):
        assert [(r["participations"], r["people"]) for r in data[group]] == [(10, 7)], group
    assert {r["key"]: (r["participations"], r["people"]) for r in data["by_activity"]} == {
        first.pk: (3, 3), second.pk: (7, 6)}

"""PostgreSQL: two transactions that each change what one person's job-seeker profile is built from (an occupation
added to each of two trainings the person completed) rebuild the profile's features at once. Each deletes the rows
it can see and inserts what it computed without the other's uncommitted change: without serialising the rebuilds
per person, the profile ends with both sets of rows, every shared row twice (a doubled weight in the match)."""
import datetime
from collections import Counter

import pytest
from django.db import connection

from skillsnet.core import services as core
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.employment import services
from skillsnet.employment.models import ProfileFeature
from skillsnet.labour.models import ActivityOccupation
from skillsnet.people import services as people
from tests.concurrency import two_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_rebuilds_of_one_profile_at_once_leave_one_row_per_feature(world, system_user, orgs):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has one writer at a time)")
    from skillsnet.activities.models import Activity

    person = people.create_person(system_user, {"name": "Bounmy Keovilay", "sex": "male", "organisation": orgs["own"],
                                                "nationality": Country.objects.get(pk="LA"), "kind": "student"})
    profile = services.create_profile(system_user, {"person": person, "consent_given": True,
                                                    "home_country": Country.objects.get(pk="LA")},
                                      reason="signed consent form")
    courses = [core.create_object(system_user, Activity, {
        "title": title, "kind": "training_programme", "start": datetime.date(2025, 2, 3), "host": orgs["own"],
        "country": Country.objects.get(pk="LA")}) for title in ("Welding course", "Motor repair course")]
    for course in courses:
        people.record_participation(system_user, person.pk, course.pk, attended=True, completed=True)

    def add(course, code):
        return lambda: core.create_object(system_user, ActivityOccupation, {
            "activity": course, "isco_occupation": IscoOccupation.objects.get(pk=code)})

    errors = two_at_once(add(courses[0], "7212"), add(courses[1], "7231"))
    assert errors == []
    rows = Counter(ProfileFeature.objects.filter(profile_id=profile.pk).values_list("kind", "value", "detail"))
    assert {value for (kind, value, _detail) in rows if kind == "o4"} == {"7212", "7231"}
    assert ("cty", "LA", "") in rows
    assert [row for row, n in rows.items() if n > 1] == []

"""The permission filter's shape per scope (accounts.permissions): what the database is given to plan. The rows it
selects are checked role by role in test_oracle.py; here, that a focal point's scope over several paths is one
semi-join over a union, a coordinator's is foreign-key subqueries, and neither joins on the outer query — and that
both still select exactly the rows a hand-written expectation names."""
import datetime

import pytest

from skillsnet.core import services
from tests.conftest import make_org


@pytest.fixture
def rows(users, orgs, system_user):
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Participation, Person

    own, other, cn = orgs["own"], orgs["other_la"], orgs["cn"]
    kh = make_org(system_user, "Cambodian Institute", "KH")
    people = {key: services.create_object(system_user, Person, {"name": f"Person {key}", "organisation": org})
              for key, org in (("own", own), ("other", other), ("cn", cn), ("kh", kh))}
    acts = {key: services.create_object(system_user, Activity, {"title": f"Workshop {key}", "kind": "peer_to_peer_workshop",
                                                                 "host": org, "start": datetime.date(2025, 5, 1)})
            for key, org in (("own", own), ("cn", cn), ("kh", kh))}
    made = {}
    for person, act in (("own", "cn"), ("cn", "own"), ("cn", "cn"), ("other", "kh"), ("kh", "kh"), ("kh", "cn")):
        made[(person, act)] = services.create_object(system_user, Participation, {
            "person": people[person], "activity": acts[act], "role": "participant"}).pk
    return made


def _sql(qs):
    return str(qs.query)


def test_focal_point_scope_is_one_union_semi_join(users, rows):
    from skillsnet.activities.models import Activity

    qs = Activity.objects.for_user(users["focal_point"], "change")  # its host, or a role in it (another table)
    sql = _sql(qs)
    assert "UNION ALL" in sql
    assert sql.count("JOIN") == sql.split("WHERE", 1)[1].count("JOIN")  # joins only inside the subqueries
    # of the three workshops, the one the focal point's institution hosts
    assert set(qs.filter(title__startswith="Workshop ").values_list("title", flat=True)) == {"Workshop own"}


def test_focal_point_participation_scope_is_two_column_tests(users, rows):
    """The participations' organisations are copied onto the rows (people/scope.py): no subquery, no join."""
    from skillsnet.people.models import Participation

    qs = Participation.objects.for_user(users["focal_point"], "view")
    sql = _sql(qs)
    assert "SELECT" not in sql.split("WHERE", 1)[1] and "JOIN" not in sql
    # the focal point's institution (Lao-German Technical College): its person's participation and its workshop's
    assert set(qs.values_list("pk", flat=True)) == {rows[("own", "cn")], rows[("cn", "own")]}


def test_coordinator_scope_is_foreign_key_subqueries(users, rows):
    from skillsnet.activities.models import Activity

    qs = Activity.objects.for_user(users["country_coordinator"], "change")
    sql = _sql(qs)
    assert "UNION" not in sql
    assert '"activities_activity"."host_id" IN (SELECT' in sql
    assert "JOIN" not in sql.split("WHERE", 1)[0]


def test_coordinator_participation_scope_is_two_column_tests(users, rows):
    """The participations' countries are copied onto the rows (people/scope.py): no subquery, no join."""
    from skillsnet.people.models import Participation

    qs = Participation.objects.for_user(users["country_coordinator"], "view")
    sql = _sql(qs)
    assert "SELECT" not in sql.split("WHERE", 1)[1] and "JOIN" not in sql
    assert '"people_participation"."scope_person_country" IN (LA)' in sql
    assert '"people_participation"."scope_host_country" IN (LA)' in sql
    # Lao persons (own, other) or activities hosted in Laos (own's workshop)
    assert set(qs.values_list("pk", flat=True)) == {rows[("own", "cn")], rows[("cn", "own")], rows[("other", "kh")]}

"""PostgreSQL: two transactions writing the same person's participations at once (an attendance import while a
focal point ticks one box) must leave the results aggregates exactly what the records give. Each transaction
computes the person's share of a cell from the facts it can see; without serialising the writers per person, the
second counts the person again ("2 persons completed" for one person) or overwrites the first's facts."""
import datetime

import pytest
from django.db import connection

from skillsnet.core import services
from skillsnet.people.models import Participation, Person
from skillsnet.results import check
from skillsnet.results.models import CompletionCell
from tests.concurrency import two_at_once
from tests.conftest import make_org

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(reference, system_user):
    from skillsnet.activities.models import Activity

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (SQLite has one writer at a time)")
    home = make_org(system_user, "Vientiane Technical College", "LA")
    person = services.create_object(system_user, Person, {"name": "Keo Phommachanh", "organisation": home,
                                                           "sex": "female"})
    acts = [services.create_object(system_user, Activity, {
        "title": title, "kind": "training_programme", "host": home, "start": datetime.date(2025, 3, day)})
        for title, day in (("Welding course", 3), ("Electrics course", 17))]
    return {"person": person, "acts": acts}


def _all_cell(person):
    """The network's 'all' cell of 2025 for the person's group: [persons completed, completions, enrolled]."""
    cells = CompletionCell.objects.filter(project_id=0, scope="all", year=2025, sex="female", country="LA")
    return [sum(c.persons for c in cells), sum(c.completions for c in cells), sum(c.enrolled for c in cells)]


def test_two_new_completions_of_one_person_at_once_count_the_person_once(setting, system_user):
    person, (welding, electrics) = setting["person"], setting["acts"]

    def complete(activity):
        return lambda: services.create_object(system_user, Participation, {
            "person": person, "activity": activity, "role": "participant", "attended": True, "completed": True})

    assert two_at_once(complete(welding), complete(electrics)) == []
    assert Participation.objects.filter(person=person, completed=True).count() == 2
    assert _all_cell(person) == [1, 2, 1]  # one person, two completions, enrolled once
    assert check.differences() == []


def test_two_edits_of_one_persons_participations_at_once_keep_both(setting, system_user):
    person, (welding, electrics) = setting["person"], setting["acts"]
    rows = [services.create_object(system_user, Participation, {"person": person, "activity": a,
                                                                "role": "participant", "registered": True})
            for a in (welding, electrics)]
    assert _all_cell(person) == [0, 0, 1]

    def finish(row):
        def write():
            current = Participation.objects.get(pk=row.pk)
            services.update_object(system_user, Participation, row.pk, {"attended": True, "completed": True},
                                   expected_version=current.version)
        return write

    assert two_at_once(finish(rows[0]), finish(rows[1])) == []
    assert _all_cell(person) == [1, 2, 1]
    assert check.differences() == []

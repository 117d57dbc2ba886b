import datetime

import pytest
from django.core.exceptions import ValidationError

from skillsnet.core import services
from skillsnet.people.models import Affiliation, Person
from skillsnet.people.queries import affiliation_on, title_on

from .conftest import make_person, participate


def test_completed_without_attended_is_refused_with_a_clear_message(system_user, activity):
    person = make_person(system_user, "Wei Fan")
    with pytest.raises(ValidationError) as exc:
        participate(system_user, person, activity, completed=True, attended=False)
    assert "completed" in exc.value.message_dict
    assert "did not attend" in exc.value.message_dict["completed"][0]
    ok = participate(system_user, person, activity, completed=True, attended=True, hours="6.5")
    assert ok.completed and ok.attended


def test_negative_hours_and_same_role_twice_are_refused(system_user, activity):
    person = make_person(system_user, "Jin Zhang")
    with pytest.raises(ValidationError) as exc:
        participate(system_user, person, activity, hours="-1")
    assert "hours" in exc.value.message_dict
    participate(system_user, person, activity, role="speaker")
    with pytest.raises(ValidationError):
        participate(system_user, person, activity, role="speaker")
    participate(system_user, person, activity, role="moderator")  # another role is fine


def test_birth_year_must_be_plausible(system_user):
    with pytest.raises(ValidationError) as exc:
        make_person(system_user, "Too Old", birth_year=1850)
    assert "birth_year" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_person(system_user, "Too Young", birth_year=datetime.date.today().year)
    assert make_person(system_user, "Plausible", birth_year=1990).birth_year == 1990


def test_consent_date_needs_consent(system_user):
    with pytest.raises(ValidationError) as exc:
        make_person(system_user, "No Consent", consent_date=datetime.date(2024, 1, 1))
    assert "consent_date" in exc.value.message_dict


def test_search_text_covers_every_script_and_alias(system_user):
    person = make_person(system_user, "Zhang Lifang", name_zh_hans="张丽芳", aliases=["Lifang Zhang"])
    found = Person.objects.filter(search_text__contains="张丽芳")
    assert list(found) == [person]
    assert Person.objects.filter(search_text__contains="lifang zhang").exists()


def test_affiliation_end_before_start_is_refused(system_user, orgs):
    person = make_person(system_user, "Keovanlay Phanthavong")
    with pytest.raises(ValidationError) as exc:
        services.create_object(system_user, Affiliation, {"person": person, "title": "X", "start": "2023-12",
                                                          "end": "2022"})
    assert "end" in exc.value.message_dict
    services.create_object(system_user, Affiliation, {"person": person, "title": "X", "start": "2023-12",
                                                      "end": "2023"})  # same year: allowed


def test_title_on_keovanlay(system_user, orgs):
    ilo = orgs["network"]
    person = make_person(system_user, "Keovanlay Phanthavong", ilo)
    for title, as_of in [("National Project Coordinator", "2022-01-19"),
                         ("Acting Project Manager of ILO-China Partnership Programme", "2023-12")]:
        services.create_object(system_user, Affiliation, {"person": person, "organisation": ilo, "title": title,
                                                          "as_of": as_of})
    assert title_on(person, datetime.date(2022, 1, 19)) == "National Project Coordinator"
    assert title_on(person, datetime.date(2023, 12, 10)) == "Acting Project Manager of ILO-China Partnership Programme"
    assert title_on(person, datetime.date(2021, 6, 1)) == ""  # before any record: unknown
    assert affiliation_on(person, "2023-12-10").organisation == ilo


def test_title_on_respects_known_periods(system_user):
    person = make_person(system_user, "Someone")
    services.create_object(system_user, Affiliation, {"person": person, "title": "Teacher", "start": "2015",
                                                      "end": "2019-06"})
    services.create_object(system_user, Affiliation, {"person": person, "title": "Dean", "start": "2019-07"})
    assert title_on(person, "2018-03-01") == "Teacher"
    assert title_on(person, "2019-06-30") == "Teacher"
    assert title_on(person, "2020-01-01") == "Dean"
    assert title_on(person, "2014-01-01") == ""

"""The post-write steps that keep a job-seeker profile's match features in line with what it is built from: a
completed training with an occupation, deleted again; an occupation added to a training already completed. Each
change is made through the services and checked on the features (what the ranking reads)."""
import datetime

from skillsnet.core import services as core
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.employment import services
from skillsnet.employment.models import ProfileFeature
from skillsnet.labour.models import ActivityOccupation
from skillsnet.people import services as people
from skillsnet.people.models import Participation


def _occupations(profile):
    return set(ProfileFeature.objects.filter(profile_id=profile.pk, kind="o4").values_list("value", flat=True))


def _welder(world, system_user, orgs):
    """A consenting person with no training yet, and a welding course (ISCO 7212) they have not taken."""
    person = people.create_person(system_user, {"name": "Bounmy Keovilay", "sex": "male", "organisation": orgs["own"],
                                                "nationality": Country.objects.get(pk="LA"), "kind": "student"})
    profile = services.create_profile(system_user, {"person": person, "consent_given": True,
                                                    "home_country": Country.objects.get(pk="LA")},
                                      reason="signed consent form")
    course = core.create_object(system_user, world["training"].__class__, {
        "title": "Welding course", "kind": "training_programme", "start": datetime.date(2025, 2, 3),
        "host": orgs["own"], "country": Country.objects.get(pk="LA")})
    return person, profile, course


def test_completing_and_deleting_a_training_with_an_occupation_moves_the_features(world, system_user, orgs):
    person, profile, course = _welder(world, system_user, orgs)
    core.create_object(system_user, ActivityOccupation, {"activity": course,
                                                         "isco_occupation": IscoOccupation.objects.get(pk="7212")})
    assert _occupations(profile) == set()
    done = people.record_participation(system_user, person.pk, course.pk, attended=True, completed=True)
    assert _occupations(profile) == {"7212"}
    core.delete_object(system_user, Participation, done.pk, expected_version=done.version, reason="entered in error")
    assert _occupations(profile) == set()


def test_an_occupation_added_to_a_completed_training_reaches_the_profile(world, system_user, orgs):
    person, profile, course = _welder(world, system_user, orgs)
    people.record_participation(system_user, person.pk, course.pk, attended=True, completed=True)
    assert _occupations(profile) == set()  # the course names no occupation yet
    link = core.create_object(system_user, ActivityOccupation, {
        "activity": course, "isco_occupation": IscoOccupation.objects.get(pk="7212")})
    assert _occupations(profile) == {"7212"}
    core.delete_object(system_user, ActivityOccupation, link.pk, expected_version=link.version, reason="wrong code")
    assert _occupations(profile) == set()

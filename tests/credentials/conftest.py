"""Credentials fixtures: an activity hosted by orgs["own"] with completers and non-completers, all built
through the services."""
import datetime

import pytest

from skillsnet.core import services
from skillsnet.people.services import record_participation

BASE = "https://skills.example.org"


@pytest.fixture
def activity(orgs, system_user):
    from skillsnet.activities.models import Activity

    return services.create_object(system_user, Activity, {
        "title": "Training of trainers in industrial robotics", "kind": "training_of_trainers",
        "start": datetime.date(2024, 11, 4), "end": datetime.date(2024, 11, 8), "host": orgs["own"],
        "description": "Five-day course on programming and maintaining industrial robots."})


def make_person(actor, name, org, **extra):
    from skillsnet.people.models import Person

    return services.create_object(actor, Person, {"name": name, "organisation": org, **extra})


def participate(actor, person, activity, **fields):
    return record_participation(actor, person.pk, activity.pk, **fields)


@pytest.fixture
def completed(orgs, system_user, activity):
    """A completed participation (the holder: Souksavanh Phommachanh)."""
    person = make_person(system_user, "Souksavanh Phommachanh", orgs["own"], birth_year=1990, sex="female",
                         notes="private note about this person")
    return participate(system_user, person, activity, registered=True, attended=True, completed=True,
                       hours=40, assessment="passed")


@pytest.fixture
def cohort(orgs, system_user, activity, completed):
    """Three completers (one of them twice, in two roles), one who attended only, one only registered."""
    people = {
        "b": make_person(system_user, "Bounmy Keomany", orgs["own"]),
        "c": make_person(system_user, "Chanthaly Sayavong", orgs["other_la"]),
        "d": make_person(system_user, "Daovone Inthavong", orgs["own"]),
        "e": make_person(system_user, "Ekkaphone Vongsa", orgs["own"]),
    }
    participate(system_user, people["b"], activity, attended=True, completed=True)
    participate(system_user, people["b"], activity, role="trainer", attended=True, completed=True)
    participate(system_user, people["c"], activity, attended=True, completed=True)
    participate(system_user, people["d"], activity, attended=True, completed=False)
    participate(system_user, people["e"], activity, registered=True)
    return people


@pytest.fixture
def issue(users, completed):
    from skillsnet.credentials.services import issue_training_credential

    def make(participation=None, actor=None, **kwargs):
        kwargs.setdefault("base", BASE)
        return issue_training_credential(actor or users["focal_point"], (participation or completed).pk, **kwargs)

    return make


@pytest.fixture(autouse=True)
def demo_settings(settings):
    """The test server answers on a loopback address: tests use the demo settings (SKILLSNET_DEMO)."""
    settings.SKILLSNET_DEMO = True
    settings.SKILLSNET_BASE_URL = ""
    return settings


@pytest.fixture
def recognition_world(system_user, orgs):
    """A Lao diploma awarded by orgs["own"] whose units are equivalent to a Chinese senior-worker
    qualification's, and a holder."""
    from skillsnet.people.models import Person
    from skillsnet.recognition import services as recognition

    from ..recognition import builders as b

    out = b.world(system_user)
    made = b.source_units(system_user, "cred", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS])
    for su, key in zip(made, ["brakes", "engine", "electrics"]):
        recognition.link_units(system_user, su.pk, out[key].pk)
    out["diploma"] = b.qualification(system_user, "Automotive diploma", "LA", out["lx"]["dip"], made)
    services.update_object(system_user, type(out["diploma"]), out["diploma"].pk, {"awarding_body": orgs["own"]},
                           expected_version=out["diploma"].version)
    out["diploma"].refresh_from_db()
    out["person"] = services.create_object(system_user, Person, {"name": "Kham Vongphachanh",
                                                                 "organisation": orgs["own"]})
    return out


@pytest.fixture
def every_kind(issue, recognition_world, users, system_user, orgs):
    """One credential of every kind skillsnet issues, each through its service:
    {"completed_training", "qualification", "recognition_decision"} -> IssuedCredential."""
    from skillsnet.credentials import services as credentials
    from skillsnet.directory.models import Country
    from skillsnet.recognition import services as recognition

    world = recognition_world
    case = recognition.submit_case(users["focal_point"], {
        "person": world["person"], "qualification": world["diploma"],
        "target_country": Country.objects.get(pk="CN"), "purpose": "employment"})
    case = recognition.decide_case(system_user, case.pk, "full", "All core units are equivalent.", case.version,
                                   target_qualification_id=world["target"].pk)
    return {
        "completed_training": issue(),
        "qualification": credentials.issue_qualification_credential(
            users["focal_point"], world["diploma"].pk, world["person"].pk, base=BASE),
        "recognition_decision": credentials.issue_recognition_credential(
            system_user, case.pk, issuer_id=orgs["cn"].pk, base=BASE),
    }

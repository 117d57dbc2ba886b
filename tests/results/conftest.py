import datetime

import pytest

from skillsnet.activities import services as activity_services
from skillsnet.core import services as core
from skillsnet.directory.models import Country
from skillsnet.people import services as people_services
from skillsnet.results.models import Attribution, Indicator, Period, Project, ProjectCountry, ResultNode


@pytest.fixture
def project(orgs, system_user):
    ilo = core.create_object(system_user, type(orgs["own"]), {"name": "International Labour Organization",
                                                             "kind": "international_organisation",
                                                             "identifier": "XM-DAC-41302"})
    p = core.create_object(system_user, Project, {
        "code": "p1", "title": "Test project", "reporting_org": ilo, "network": orgs["network"], "status": "2",
        "start": "2021-03-01", "end": "2026-12-31", "sector": "11330",
        "recipient_countries": list(Country.objects.filter(pk__in=["LA", "KH"]))})
    for code, share in (("LA", 60), ("KH", 40)):  # two recipient countries: IATI needs their shares
        row = ProjectCountry.objects.get(project=p, country_id=code)
        core.update_object(system_user, ProjectCountry, row.pk, {"percentage": share}, expected_version=row.version)
    return p


@pytest.fixture
def node(project, system_user):
    return core.create_object(system_user, ResultNode, {"project": project, "code": "1", "title": "Trained",
                                                        "level": "output", "result_type": "1"})


@pytest.fixture
def period2024(project, system_user):
    return core.create_object(system_user, Period, {"project": project, "kind": "year", "year": 2024})


@pytest.fixture
def make_indicator(node, system_user):
    def make(code="T1", **data):
        defaults = {"node": node, "code": code, "name": f"Indicator {code}", "measure": "persons_completed",
                    "filters": {}, "disaggregations": ["sex"]}
        return core.create_object(system_user, Indicator, {**defaults, **data})
    return make


@pytest.fixture
def training(orgs, system_user, project):
    """An activity in 2024, attributed to the project, and a factory of persons who complete it."""
    activity = activity_services.create_activity(system_user, {
        "title": "Training of trainers", "kind": "training_of_trainers", "start": datetime.date(2024, 5, 2),
        "end": datetime.date(2024, 5, 4), "host": orgs["cn"], "country": Country.objects.get(pk="CN")})
    core.create_object(system_user, Attribution, {"activity": activity, "project": project})

    def complete(name, sex="female", org="own", kind="teacher", activity=activity, **extra):
        person = people_services.create_person(system_user, {"name": name, "sex": sex, "organisation": orgs[org],
                                                             "kind": kind, **extra})
        return people_services.record_participation(system_user, person.pk, activity.pk, attended=True,
                                                    completed=True, hours=16)
    complete.activity = activity
    return complete

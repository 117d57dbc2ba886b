import datetime

import pytest

from skillsnet.core import services
from skillsnet.people.models import Participation, Person


@pytest.fixture
def activity(orgs, system_user):
    from skillsnet.activities.models import Activity

    return services.create_object(system_user, Activity, {
        "title": "Peer-to-peer workshop", "kind": "peer_to_peer_workshop",
        "start": datetime.date(2022, 1, 19), "end": datetime.date(2022, 1, 19), "host": orgs["own"]})


@pytest.fixture
def other_activity(orgs, system_user):
    from skillsnet.activities.models import Activity

    return services.create_object(system_user, Activity, {
        "title": "Exchange in Tianjin", "kind": "exchange_visit", "start": datetime.date(2025, 5, 13),
        "host": orgs["cn"]})


def make_person(actor, name, org=None, **extra):
    return services.create_object(actor, Person, {"name": name, "organisation": org, **extra})


def participate(actor, person, activity, **extra):
    return services.create_object(actor, Participation, {"person": person, "activity": activity, **extra})

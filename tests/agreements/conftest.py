import pytest

from skillsnet.agreements.models import Agreement, Party
from skillsnet.core import services

from ..conftest import PASSWORD


def make_agreement(actor, title, *organisations, kind="mou", **extra):
    agreement = services.create_object(actor, Agreement, {"title": title, "kind": kind, **extra})
    for org in organisations:
        services.create_object(actor, Party, {"agreement": agreement, "organisation": org})
    return agreement


@pytest.fixture
def agreements(orgs, system_user):
    """One MoU of the focal point's own institution (with a Chinese college), one of another Lao college."""
    return {
        "own": make_agreement(system_user, "MoU LGTC – TEITC", orgs["own"], orgs["cn"]),
        "other": make_agreement(system_user, "MoU Lao Polytechnic – TEITC", orgs["other_la"], orgs["cn"]),
    }


@pytest.fixture
def web_as(client, users):
    def login(role):
        assert client.login(username=users[role].username, password=PASSWORD)
        return client

    return login

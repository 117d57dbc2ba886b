import datetime

import pytest

from skillsnet.activities import services
from skillsnet.activities.models import Activity


@pytest.fixture
def make_activity(system_user):
    def make(title="Workshop", **data):
        data.setdefault("kind", Activity.Kind.PEER_WORKSHOP)
        return services.create_activity(system_user, {"title": title, **data})

    return make


@pytest.fixture
def demo(reference):
    """The whole seed demo (directory, people, agreements, activities...) as `skillsnet demo` loads it."""
    from skillsnet.core.demo import load_demo

    load_demo()


def day(text):
    return datetime.date.fromisoformat(text)

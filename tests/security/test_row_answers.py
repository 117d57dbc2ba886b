"""can() on one record: asked once per request and question (a detail page asks it for change, delete and
history), asked again after any write, and never kept outside a request."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from skillsnet.accounts.permissions import request_memo
from skillsnet.core import services
from skillsnet.core.scoping import can
from skillsnet.people.models import Person

pytestmark = pytest.mark.django_db


def _row_checks(queries, table):
    return [q for q in queries.captured_queries if q["sql"].startswith(f'SELECT 1 AS "a" FROM "{table}"')]


def test_detail_page_asks_once_per_record(client, users, orgs):
    client.force_login(users["focal_point"])
    with CaptureQueriesContext(connection) as queries:
        page = client.get(f"/directory/organisations/{orgs['own'].pk}/")
    assert page.status_code == 200
    checks = _row_checks(queries, "directory_organisation")
    assert len(checks) <= 1, [q["sql"] for q in checks]


def test_answers_follow_writes(users, orgs, system_user):
    focal = users["focal_point"]
    person = services.create_object(system_user, Person, {"name": "Moving Trainee", "organisation": orgs["own"]})
    assert can(focal, "change", person)  # outside a request: asked every time
    services.update_object(system_user, Person, person.pk, {"organisation": orgs["cn"]},
                           expected_version=person.version)
    person.refresh_from_db()
    assert not can(focal, "change", person)
    with request_memo():
        assert not can(focal, "change", person)
        services.update_object(system_user, Person, person.pk, {"organisation": orgs["own"]},
                               expected_version=person.version)
        person.refresh_from_db()
        assert can(focal, "change", person)  # the write cleared what the request knew

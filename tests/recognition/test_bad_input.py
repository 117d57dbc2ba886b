"""Odd input on the assessment and the assessor's choice: a clear answer, never a 500."""
import pytest

from skillsnet.accounts.services import create_user, token_for

from ..conftest import PASSWORD
from . import builders as b

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system_user):
    return b.world(system_user)


@pytest.mark.parametrize("query", [
    "compare_with=abc", "compare_with=99999999999999999999", "compare_with=-1", "compare_with=",
])
def test_assess_with_odd_choices(client, api_as, users, world, query):
    source = world["target"]
    client.force_login(users["secretariat_admin"])
    page = client.get(f"/recognition/assess/?qualification={source.pk}&target_country=CN&purpose=employment&{query}")
    assert page.status_code < 500
    api = api_as("secretariat_admin").get(
        f"/api/recognition/assess/?qualification={source.pk}&target_country=CN&purpose=employment&{query}")
    assert api.status_code < 500


def test_assess_api_with_a_qualification_of_another_country_is_a_400(api_as, world, system_user):
    lao = b.qualification(system_user, "Lao test", "LA", world["lx"]["dip"])
    response = api_as("secretariat_admin").get(
        f"/api/recognition/assess/?qualification={lao.pk}&target_country=CN&purpose=employment"
        f"&compare_with={lao.pk}")
    assert response.status_code == 400


@pytest.mark.parametrize("body", [{}, {"compared_with": "x", "version": 1}, {"compared_with": [1], "version": "v"},
                                  {"compared_with": [99999999999], "version": 1}])
def test_compare_api_bad_bodies(world, body, orgs):
    from rest_framework.test import APIClient

    authority = create_user(None, "authority9", PASSWORD, roles=[("recognition_authority", None, None)])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(authority).key}")
    response = client.post("/api/recognition/recognition-cases/999999/compare/", body, format="json")
    assert 400 <= response.status_code < 500

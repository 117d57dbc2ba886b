"""What the recognition pages tell roles that may not see people or user accounts.

A recognition authority reviews cases: it reads each case in full, the applicant's name included (the case is
the application, and the decision it signs names the applicant), but not the person record itself. What the
others read: the engine's comparison names the accounts that decided unit equivalences only to those who may
see user accounts; the decisions per country pair count people's applications, so small counts show as "< 5"."""
import pytest
from rest_framework.test import APIClient

from skillsnet.accounts.services import create_user, token_for
from skillsnet.core import services as core
from skillsnet.directory.models import Country
from skillsnet.people.models import Person
from skillsnet.recognition import services

from ..conftest import PASSWORD
from . import builders as b

DECIDER = "assessor.quill"


@pytest.fixture
def recognition(system_user, orgs):
    """A Lao diploma whose units an authority linked to the Chinese units, with a note."""
    decider = create_user(None, DECIDER, PASSWORD, roles=[("recognition_authority", None, None)])
    world = b.world(system_user)
    made = b.source_units(system_user, "priv", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS])
    for unit, key in zip(made, ["brakes", "engine", "electrics"]):
        services.link_units(decider, unit.pk, world[key].pk, notes="Compared the outcomes line by line")
    diploma = b.qualification(system_user, "Automotive diploma", "LA", world["lx"]["dip"], made)
    return {"decider": decider, "diploma": diploma}


def _api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user).key}")
    return client


def test_the_comparison_names_who_decided_an_equivalence_only_to_who_may_see_accounts(recognition, users):
    other_authority = create_user(None, "authority.other", PASSWORD, roles=[("recognition_authority", None, None)])
    url = (f"/api/recognition/assess/?qualification={recognition['diploma'].pk}&target_country=CN"
           f"&purpose=employment")
    for user in [users["viewer"], users["focal_point"], users["country_coordinator"], other_authority]:
        response = _api(user).get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Compared the outcomes line by line" in body  # the note itself is the network's working data
        assert DECIDER not in body, user.username
    assert f"(decided by {DECIDER})" in _api(users["secretariat_admin"]).get(url).content.decode()


def _decided_cases(system_user, orgs, decider, diploma, outcomes):
    """The last applicant is of the focal point's institute, the others of the Chinese college."""
    for n, outcome in enumerate(outcomes):
        org = orgs["own"] if n == len(outcomes) - 1 else orgs["cn"]
        person = core.create_object(system_user, Person, {"name": f"Applicant {n}", "organisation": org})
        case = services.submit_case(system_user, {"person": person, "qualification": diploma,
                                                  "target_country": Country.objects.get(pk="CN"),
                                                  "purpose": "employment"})
        services.decide_case(decider, case.pk, outcome, "Reasons.", case.version)


def test_decisions_per_country_pair_show_small_counts_as_fewer_than_five(client, recognition, system_user, users,
                                                                         orgs):
    _decided_cases(system_user, orgs, recognition["decider"], recognition["diploma"], ["full"] * 6 + ["none"])
    exact = {"origin": "LA", "target": "CN", "full": 6, "partial": 0, "credit_units": 0, "none": 1, "total": 7}
    # the one refusal would be 7 − 6: the total shows only as "≥ 5". The focal point and the Lao coordinator see
    # one of these applicants, not the others
    masked = {**exact, "none": "< 5", "total": "≥ 5"}
    for user, expected in [(users["viewer"], masked), (users["focal_point"], masked),
                           (users["country_coordinator"], masked), (recognition["decider"], exact),
                           (users["secretariat_admin"], exact)]:
        assert _api(user).get("/api/recognition/statistics/").json()["results"] == [expected], user.username
        client.force_login(user)
        cells = client.get("/recognition/statistics/").content.decode().split("<tbody>")[1].split("</tbody>")[0]
        shown = [c.split("</td>")[0] for c in cells.split('<td class="num">')[1:]]
        assert shown == [str(expected[k]).replace("<", "&lt;").replace(">", "&gt;")
                         for k in ("full", "partial", "credit_units", "none", "total")], user.username


def test_a_pair_with_fewer_than_five_decisions_shows_no_exact_count(recognition, system_user, users, orgs):
    _decided_cases(system_user, orgs, recognition["decider"], recognition["diploma"], ["partial", "partial"])
    row = _api(users["viewer"]).get("/api/recognition/statistics/").json()["results"][0]
    assert (row["partial"], row["full"], row["total"]) == ("< 5", 0, "< 5")
    assert _api(recognition["decider"]).get("/api/recognition/statistics/").json()["results"][0]["partial"] == 2

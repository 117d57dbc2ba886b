"""The assessor steers recognition: the engine proposes comparison qualifications ranked with reasons, the
assessor picks one or several, the case records the choice, and the choice can change the outcome.

The field test that led to this: a Chinese senior-worker (高级工) motor-vehicle qualification was compared
with the Lao Certificate I (title similarity 50) instead of the Diploma (47.8) and the answer was "none".
"""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from skillsnet.accounts.services import create_user, token_for
from skillsnet.core import services as core
from skillsnet.core.changelog import history
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.people.models import Person
from skillsnet.recognition import services
from skillsnet.recognition.models import CompetencyUnit, Level, Qualification, RecognitionCase

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def authority(orgs):
    return create_user(None, "authority3", PASSWORD, roles=[("recognition_authority", None, None)])


def unit(actor, code, title, country, outcomes, hours):
    return core.create_object(actor, CompetencyUnit, {
        "code": code, "title": title, "country": Country.objects.get(pk=country), "learning_outcomes": outcomes,
        "nominal_hours": hours})


def qualification(actor, title, country, framework, level, units):
    q = core.create_object(actor, Qualification, {
        "title": title, "country": Country.objects.get(pk=country), "status": "active",
        "level": Level.objects.get(framework__code=framework, code=level),
        "isco_occupation": IscoOccupation.objects.get(pk="7231")})
    for u in units:
        services.add_unit(actor, q.pk, u.pk, "core")
    return q


@pytest.fixture
def field_test(system_user, orgs, users):
    """The shipped level tables (CN-VSL senior -> AQRF 4, LA-NVQF Certificate I -> 1, Diploma -> 4, all
    proposed), a Chinese qualification held by an applicant, and two Lao qualifications of the occupation."""
    services.load_frameworks(system_user)
    engine_cn = unit(system_user, "CN-T1", "Engine maintenance", "CN", ["Maintain and adjust petrol engines"], 120)
    chassis_cn = unit(system_user, "CN-T2", "Chassis maintenance", "CN", ["Maintain steering and brakes"], 120)
    source = qualification(system_user, "Motor vehicle maintenance worker (senior worker)", "CN", "CN-VSL", "senior",
                           [engine_cn, chassis_cn])
    basic = unit(system_user, "LA-T1", "Basic workshop practice", "LA", ["Use hand tools safely"], 80)
    engine_la = unit(system_user, "LA-T2", "Engine service", "LA", ["Service engines"], 120)
    chassis_la = unit(system_user, "LA-T3", "Chassis service", "LA", ["Service chassis systems"], 120)
    cert1 = qualification(system_user, "Certificate I Motor Vehicle Maintenance Worker", "LA", "LA-NVQF", "cert1",
                          [basic])
    diploma = qualification(system_user, "Diploma Automotive Maintenance Technician", "LA", "LA-NVQF", "diploma",
                            [engine_la, chassis_la])
    services.link_units(system_user, engine_cn.pk, engine_la.pk)
    services.link_units(system_user, chassis_cn.pk, chassis_la.pk)
    person = core.create_object(system_user, Person, {"name": "Wang Applicant", "organisation": orgs["cn"]})
    case = services.submit_case(system_user, {"person": person, "qualification": source,
                                              "target_country": Country.objects.get(pk="LA"), "purpose": "employment"})
    return {"source": source, "cert1": cert1, "diploma": diploma, "case": case}


def test_the_proposals_put_the_diploma_first_with_reasons(field_test):
    decision = services.assess_qualification(field_test["source"].pk, "LA", "employment")
    first, second = decision.candidate_scores
    assert (first.qualification_id, second.qualification_id) == (field_test["diploma"].pk, field_test["cert1"].pk)
    assert second.title_similarity > first.title_similarity  # the title alone points at Certificate I
    assert "same AQRF level (4)" in first.reasons and "AQRF level 1, 3 levels from" in "; ".join(second.reasons)
    assert decision.target_qualification_id == field_test["diploma"].pk and decision.outcome == "full"


def test_the_assessors_choice_is_recorded_on_the_case_and_changes_the_outcome(field_test, authority):
    case, cert1, diploma = field_test["case"], field_test["cert1"], field_test["diploma"]
    assert services.propose(authority, case.pk).outcome == "full"

    case = services.choose_comparison(authority, case.pk, [cert1.pk], case.version, reason="as the applicant asked")
    assert list(case.compared_with.all()) == [cert1]
    entry = history(case).first()
    assert entry.action == "transition" and entry.after["compared_with"] == [cert1.pk]
    assert entry.reason == "as the applicant asked"
    with_cert1 = services.propose(authority, case.pk)
    assert with_cert1.target_qualification_id == cert1.pk and with_cert1.outcome == "none"
    assert with_cert1.chosen_by_assessor

    case = services.choose_comparison(authority, case.pk, [cert1.pk, diploma.pk], case.version)
    both = services.propose(authority, case.pk)
    assert both.target_qualification_id == diploma.pk and both.outcome == "full"
    assert [(a.qualification_id, a.outcome) for a in both.alternatives] == [(cert1.pk, "none")]

    decided = services.decide_case(authority, case.pk, "full", "Equivalent units at the same level.", case.version)
    assert decided.target_qualification == diploma
    assert decided.proposal["chosen_by_assessor"] is True
    assert [a["qualification_id"] for a in decided.proposal["alternatives"]] == [cert1.pk]


def test_only_an_assessor_chooses_and_only_qualifications_of_the_target_country(field_test, authority, users):
    case = field_test["case"]
    with pytest.raises(PermissionDenied):
        services.choose_comparison(users["focal_point"], case.pk, [field_test["cert1"].pk], case.version)
    with pytest.raises(ValidationError):
        services.choose_comparison(authority, case.pk, [field_test["source"].pk], case.version)  # a Chinese one
    case.refresh_from_db()
    assert not case.compared_with.exists()


def test_assess_page_offers_the_proposals_and_compares_with_the_ticked_one(client, field_test, authority):
    client.force_login(authority)
    base = f"/recognition/assess/?qualification={field_test['source'].pk}&target_country=LA&purpose=employment"
    html = client.get(base).content.decode()
    assert "Qualifications proposed for the comparison" in html
    proposals = html.split("Qualifications proposed for the comparison", 1)[1]
    assert proposals.index("Diploma Automotive Maintenance Technician") < proposals.index("Certificate I Motor Vehicle")
    assert f'name="compare_with" value="{field_test["cert1"].pk}"' in html
    assert "Proposed decision: full recognition" in html
    html = client.get(f"{base}&compare_with={field_test['cert1'].pk}").content.decode()
    assert "no recognition" in html and "chosen by the assessor" in html


def test_case_page_lets_the_assessor_tick_comparisons(client, field_test, authority):
    case = field_test["case"]
    client.force_login(authority)
    html = client.get(f"/recognition/recognition-cases/{case.pk}/").content.decode()
    assert "Compare with the ticked qualifications" in html
    response = client.post(f"/recognition/recognition-cases/{case.pk}/compare/",
                           {"compared_with": [field_test["cert1"].pk], "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert list(case.compared_with.values_list("pk", flat=True)) == [field_test["cert1"].pk]
    html = client.get(f"/recognition/recognition-cases/{case.pk}/").content.decode()
    assert "chosen by the assessor" in html and "no recognition" in html


def test_api_assess_and_compare(field_test, authority, api_as):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(authority).key}")
    source, cert1 = field_test["source"], field_test["cert1"]
    body = client.get("/api/recognition/assess/", {"qualification": source.pk, "target_country": "LA",
                                                   "purpose": "employment", "compare_with": [cert1.pk]}).json()
    assert body["outcome"] == "none" and body["target_qualification_id"] == cert1.pk
    assert [s["qualification_id"] for s in body["candidate_scores"]] == [field_test["diploma"].pk, cert1.pk]
    case = field_test["case"]
    url = f"/api/recognition/recognition-cases/{case.pk}/compare/"
    assert api_as("focal_point").post(url, {"compared_with": [cert1.pk], "version": case.version},
                                      format="json").status_code == 403
    response = client.post(url, {"compared_with": [cert1.pk], "version": case.version}, format="json")
    assert response.status_code == 200 and response.json()["compared_with"] == [cert1.pk]
    assert client.post(url, {"compared_with": [], "version": case.version}, format="json").status_code == 409
    assert RecognitionCase.objects.get(pk=case.pk).compared_with.count() == 1

"""Credentials for qualifications and recognition decisions (recognition app)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from django.apps import apps  # noqa: E402

if not apps.is_installed("skillsnet.recognition"):
    pytest.skip("the recognition app is not installed", allow_module_level=True)

from skillsnet.credentials import services  # noqa: E402
from skillsnet.credentials.verification import verify_stored  # noqa: E402
from skillsnet.directory.models import Country  # noqa: E402
from skillsnet.recognition import services as recognition  # noqa: E402

from .conftest import BASE  # noqa: E402

pytestmark = pytest.mark.django_db


def test_qualification_credential_in_the_name_of_the_awarding_body(recognition_world, users, orgs):
    credential = services.issue_qualification_credential(users["focal_point"], recognition_world["diploma"].pk,
                                                         recognition_world["person"].pk, base=BASE)
    assert credential.issuer == orgs["own"] and credential.kind == "qualification"
    assert credential.signed_json["credentialSubject"]["achievement"]["name"] == "Automotive diploma"
    assert credential.signed_json["credentialSubject"]["achievement"]["achievementType"] == "Certificate"
    assert verify_stored(credential).valid
    with pytest.raises(ValidationError, match="already holds"):
        services.issue_qualification_credential(users["focal_point"], recognition_world["diploma"].pk, recognition_world["person"].pk,
                                                base=BASE)
    with pytest.raises(PermissionDenied):
        services.issue_qualification_credential(users["viewer"], recognition_world["diploma"].pk, recognition_world["person"].pk, base=BASE)


def test_recognition_decision_credential(recognition_world, system_user, users, orgs):
    case = recognition.submit_case(users["focal_point"], {
        "person": recognition_world["person"], "qualification": recognition_world["diploma"], "target_country": Country.objects.get(pk="CN"),
        "purpose": "employment"})
    with pytest.raises(ValidationError, match="not been decided"):
        services.issue_recognition_credential(system_user, case.pk, issuer_id=orgs["cn"].pk, base=BASE)
    case = recognition.decide_case(system_user, case.pk, "full", "All core units are equivalent.", case.version,
                                   target_qualification_id=recognition_world["target"].pk)
    with pytest.raises(ValidationError, match="country that recognised"):
        services.issue_recognition_credential(system_user, case.pk, issuer_id=orgs["own"].pk, base=BASE)
    credential = services.issue_recognition_credential(system_user, case.pk, issuer_id=orgs["cn"].pk, base=BASE)
    achievement = credential.signed_json["credentialSubject"]["achievement"]
    assert achievement["name"] == "Recognition of Automotive diploma in China"
    assert "Decision: full recognition." in achievement["description"]
    assert "Motor vehicle maintenance (senior worker)" in achievement["description"]
    assert credential.subject == recognition_world["person"] and verify_stored(credential).valid

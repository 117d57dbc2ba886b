"""Recognition cases: application, the assessor's decision in the change log, the PDF, statistics."""
import io

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from skillsnet.accounts.permissions import can, may_see_personal_data
from skillsnet.accounts.services import create_user
from skillsnet.core import services as core
from skillsnet.core.errors import LockedRecord, StaleEdit
from skillsnet.core.models import ChangeLogEntry
from skillsnet.directory.models import Country
from skillsnet.people.models import Person
from skillsnet.recognition import services
from skillsnet.recognition.models import RecognitionCase

from ..conftest import PASSWORD
from . import builders as b

REASONS = "Units CN-01 and CN-02 are equivalent.\nCN-03 is not covered; a top-up closes it."


@pytest.fixture
def authority(orgs):
    return create_user(None, "authority2", PASSWORD, roles=[("recognition_authority", None, None)])


@pytest.fixture
def case(system_user, users, orgs):
    world = b.world(system_user)
    made = b.source_units(system_user, "case", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS])
    for su, key in zip(made, ["brakes", "engine", "electrics"]):
        services.link_units(system_user, su.pk, world[key].pk)
    q = b.qualification(system_user, "Automotive diploma", "LA", world["lx"]["dip"], made)
    person = core.create_object(system_user, Person, {"name": "Test Applicant", "organisation": orgs["own"]})
    # The focal point of the applicant's institution files the application.
    return services.submit_case(users["focal_point"], {
        "person": person, "qualification": q, "target_country": Country.objects.get(pk="CN"),
        "purpose": "employment", "credential_reference": "Diploma no. 123 (test)"})


def test_case_is_personal_data(case, users, authority):
    assert RecognitionCase.personal_data
    assert may_see_personal_data(authority, RecognitionCase)
    assert not can(users["viewer"], "view", RecognitionCase)
    assert can(users["focal_point"], "view", case)
    assert case.submitted_on is not None and case.status == "submitted"


def test_decide_case_writes_decision_and_reasons_to_the_change_log(case, authority):
    proposal = services.propose(authority, case.pk)
    assert proposal.outcome == "full"
    decided = services.decide_case(authority, case.pk, "full", REASONS, case.version)
    assert decided.status == "decided" and decided.outcome == "full" and decided.decided_by == authority
    assert decided.target_qualification.title == "Motor vehicle maintenance (senior worker)"
    assert decided.proposal["outcome"] == "full"
    entry = ChangeLogEntry.objects.filter(object_id=str(case.pk), action="transition").get()
    assert entry.reason == REASONS and entry.after["outcome"] == "full" and entry.after["reasons"] == REASONS
    assert entry.before["status"] == "submitted" and entry.actor == authority
    data = services.decision_data(decided)
    assert data["outcome"] == "full" and data["person_name"] == "Test Applicant"
    assert data["origin_country"] == "LA" and data["target_country"] == "CN" and len(data["reasons"]) == 2
    with pytest.raises(LockedRecord):
        services.decide_case(authority, case.pk, "none", "again", decided.version)
    with pytest.raises(LockedRecord):
        services.update_case(authority, case.pk, {"purpose": "further_study"}, decided.version)


def test_only_assessors_decide(case, users):
    for role in ("focal_point", "viewer", "country_coordinator"):
        with pytest.raises(PermissionDenied):
            services.decide_case(users[role], case.pk, "full", "ok", case.version)


def test_stale_decision_is_refused(case, authority):
    with pytest.raises(StaleEdit):
        services.decide_case(authority, case.pk, "full", "ok", case.version + 5)


def test_decision_pdf_contains_the_reasons(client, case, authority, users):
    services.decide_case(authority, case.pk, "partial", REASONS, case.version, conditions="Top-up: electrics (40 h)")
    client.force_login(users["focal_point"])  # the applicant's institution downloads it
    response = client.get(f"/recognition/recognition-cases/{case.pk}/decision.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Units CN-01 and CN-02 are equivalent." in text
    assert "CN-03 is not covered; a top-up closes it." in text
    assert "Top-up: electrics (40 h)" in text and "Test Applicant" in text
    client.force_login(users["viewer"])
    assert client.get(f"/recognition/recognition-cases/{case.pk}/decision.pdf").status_code == 404


def test_case_page_shows_proposal_and_decide_form(client, case, authority):
    client.force_login(authority)
    html = client.get(f"/recognition/recognition-cases/{case.pk}/").content.decode()
    assert "Proposed decision" in html and "Record the decision" in html
    response = client.post(f"/recognition/recognition-cases/{case.pk}/decide/", {
        "outcome": "full", "reasons": "Equivalent units.", "conditions": "", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "decided" and case.reasons == "Equivalent units."
    html = client.get(f"/recognition/recognition-cases/{case.pk}/").content.decode()
    assert "Download the decision (PDF)" in html


def test_statistics_per_country_pair(client, api_as, case, authority, users):
    services.decide_case(authority, case.pk, "full", "Equivalent units.", case.version)
    assert services.decision_statistics() == [
        {"origin": "LA", "target": "CN", "full": 1, "partial": 0, "credit_units": 0, "none": 0, "total": 1}]
    # one decided case is one person's decision: a viewer reads "< 5" (tests/recognition/test_privacy.py)
    response = api_as("viewer").get("/api/recognition/statistics/")
    assert response.status_code == 200 and response.json()["results"][0]["total"] == "< 5"
    assert api_as("secretariat_admin").get("/api/recognition/statistics/").json()["results"][0]["total"] == 1
    client.force_login(users["viewer"])
    page = client.get("/recognition/statistics/")
    assert page.status_code == 200 and "LA" in page.content.decode()


def test_decide_api(api_as, case, users, authority):
    from rest_framework.test import APIClient

    from skillsnet.accounts.services import token_for

    url = f"/api/recognition/recognition-cases/{case.pk}/decide/"
    body = {"outcome": "full", "reasons": "Equivalent units.", "version": case.version}
    assert api_as("focal_point").post(url, body, format="json").status_code == 403
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(authority).key}")
    response = client.post(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "full"
    assert client.post(url, body, format="json").status_code == 409


def test_credential_file_must_be_a_pdf_or_image(case, users, settings, tmp_path):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        services.update_case(users["focal_point"], case.pk, {
            "credential_file": SimpleUploadedFile("diploma.pdf", b"MZ\x90\x00not a pdf")}, case.version)
    updated = services.update_case(users["focal_point"], case.pk, {
        "credential_file": SimpleUploadedFile("diploma.pdf", b"%PDF-1.4\n%test\n")}, case.version)
    assert updated.credential_file.name.endswith(".pdf")

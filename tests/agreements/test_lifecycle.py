import pytest
from django.core.exceptions import ValidationError

from skillsnet.agreements.models import Agreement
from skillsnet.agreements.services import transition_agreement
from skillsnet.core.changelog import history

API = "/api/agreements/agreements/"


def signed(actor, agreement):
    return transition_agreement(actor, agreement.pk, "signed", agreement.version, "signed by both")


def test_allowed_transitions_work_and_are_logged(agreements, system_user):
    agreement = agreements["own"]
    for status in ["negotiating", "draft", "signed", "active", "expired"]:
        agreement = transition_agreement(system_user, agreement.pk, status, agreement.version, f"now {status}")
        assert agreement.status == status
    entries = list(history(agreement).filter(action="transition").order_by("id"))
    assert [(e.before["status"], e.after["status"]) for e in entries] == [
        ("draft", "negotiating"), ("negotiating", "draft"), ("draft", "signed"), ("signed", "active"),
        ("active", "expired")]
    assert entries[-1].reason == "now expired"
    assert entries[-1].actor_name == system_user.username


def test_signed_cannot_go_back_to_draft_via_service(agreements, system_user):
    agreement = signed(system_user, agreements["own"])
    for back in ("draft", "negotiating"):
        with pytest.raises(ValidationError) as exc:
            transition_agreement(system_user, agreement.pk, back, agreement.version, "")
        assert "cannot become" in " ".join(exc.value.messages)
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    assert not history(agreement).filter(action="transition", after__status="draft").exists()


def test_final_statuses_and_unknown_status_are_refused(agreements, system_user):
    agreement = signed(system_user, agreements["own"])
    agreement = transition_agreement(system_user, agreement.pk, "terminated", agreement.version, "")
    with pytest.raises(ValidationError, match="final"):
        transition_agreement(system_user, agreement.pk, "active", agreement.version, "")
    with pytest.raises(ValidationError, match="Unknown status"):
        transition_agreement(system_user, agreement.pk, "archived", agreement.version, "")


def test_signed_cannot_go_back_to_draft_via_api(agreements, system_user, api_as):
    agreement = signed(system_user, agreements["own"])
    api = api_as("secretariat_admin")
    response = api.post(f"{API}{agreement.pk}/transition/", {"status": "draft", "version": agreement.version},
                        format="json")
    assert response.status_code == 400
    assert "cannot become draft" in str(response.json()["status"])
    ok = api.post(f"{API}{agreement.pk}/transition/", {"status": "active", "version": agreement.version},
                  format="json")
    assert ok.status_code == 200 and ok.json()["status"] == "active"
    stale = api.post(f"{API}{agreement.pk}/transition/", {"status": "expired", "version": agreement.version},
                     format="json")
    assert stale.status_code == 409


def test_status_cannot_be_edited_through_the_generic_api(agreements, system_user, api_as):
    agreement = signed(system_user, agreements["own"])
    api = api_as("secretariat_admin")
    response = api.patch(f"{API}{agreement.pk}/", {"status": "draft", "version": agreement.version}, format="json")
    assert response.status_code == 400
    assert "transition" in str(response.json())
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    created = api.post(API, {"title": "New MoU", "kind": "mou", "status": "active"}, format="json")
    assert created.status_code == 400


def test_signed_cannot_go_back_to_draft_via_the_page(agreements, system_user, web_as):
    agreement = signed(system_user, agreements["own"])
    client = web_as("secretariat_admin")
    page = client.get(f"/agreements/agreements/{agreement.pk}/").content.decode()
    assert "Change status" in page
    assert '<option value="active">' in page and '<option value="terminated">' in page
    assert '<option value="draft">' not in page and '<option value="negotiating">' not in page
    response = client.post(f"/agreements/agreements/{agreement.pk}/transition/",
                           {"status": "draft", "version": agreement.version}, follow=True)
    assert "cannot become draft" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == "signed"
    response = client.post(f"/agreements/agreements/{agreement.pk}/transition/",
                           {"status": "active", "version": agreement.version, "reason": "in force"}, follow=True)
    assert "is now active" in response.content.decode()
    assert Agreement.objects.get(pk=agreement.pk).status == "active"


def test_generic_edit_form_does_not_change_status(agreements, system_user, web_as):
    agreement = signed(system_user, agreements["own"])
    client = web_as("secretariat_admin")
    form = client.get(f"/agreements/agreements/{agreement.pk}/edit/").content.decode()
    assert 'name="status"' not in form
    response = client.post(f"/agreements/agreements/{agreement.pk}/edit/",
                           {"title": "MoU LGTC – TEITC (renamed)", "kind": "mou", "status": "draft",
                            "version": agreement.version})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.title.endswith("(renamed)") and agreement.status == "signed"


def test_viewer_cannot_change_status(agreements, api_as):
    agreement = agreements["own"]
    response = api_as("viewer").post(f"{API}{agreement.pk}/transition/",
                                      {"status": "signed", "version": agreement.version}, format="json")
    assert response.status_code in (403, 404)
    agreement.refresh_from_db()
    assert agreement.status == "draft"


def test_amendment_loops_are_refused(agreements, system_user):
    from skillsnet.core import services

    original = agreements["own"]
    amendment = services.create_object(system_user, Agreement, {"title": "Amendment", "kind": "amendment",
                                                                "amends": original})
    with pytest.raises(ValidationError, match="cannot amend itself"):
        services.update_object(system_user, Agreement, original.pk, {"amends": amendment},
                               expected_version=original.version)
    with pytest.raises(ValidationError, match="Choose the agreement"):
        services.create_object(system_user, Agreement, {"title": "Loose amendment", "kind": "amendment"})

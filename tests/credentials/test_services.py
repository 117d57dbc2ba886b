"""Issuing, keys, rotation, bulk issuance, revocation and who may do them (services)."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from skillsnet.core.changelog import history
from skillsnet.core.services import NotFound
from skillsnet.credentials import services, signing
from skillsnet.credentials.models import IssuedCredential, IssuerKey
from skillsnet.credentials.verification import verify, verify_stored

from .conftest import BASE

pytestmark = pytest.mark.django_db


def test_issue_for_completed_training_builds_a_signed_open_badge(issue, completed, orgs, users, settings):
    credential = issue()
    doc = credential.signed_json
    assert doc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert doc["@context"] == [signing.VC_V2_CONTEXT, signing.OB_V3_CONTEXT]
    assert doc["id"] == f"urn:uuid:{credential.pk}"
    did = f"did:web:skills.example.org:issuers:{orgs['own'].pk}"
    assert doc["issuer"] == {"id": did, "type": ["Profile"], "name": "Lao-German Technical College",
                             "url": f"{BASE}/directory/organisations/{orgs['own'].pk}/"}
    subject = doc["credentialSubject"]
    assert subject["identifier"][0]["identityHash"] == "Souksavanh Phommachanh"
    achievement = subject["achievement"]
    assert achievement["name"] == "Training of trainers in industrial robotics"
    assert achievement["achievementType"] == "CertificateOfCompletion"
    assert achievement["description"].startswith("Five-day course")
    narrative = achievement["criteria"]["narrative"]
    assert "training of trainers" in narrative and "Lao-German Technical College" in narrative
    assert "2024-11-04 – 2024-11-08" in narrative and "40" in narrative and "Assessment passed" in narrative
    assert len(doc["proof"]) == 1 and doc["proof"][0]["cryptosuite"] == "eddsa-rdfc-2022"
    assert doc["proof"][0]["verificationMethod"] == f"{did}#{credential.key.key_id}"
    status = doc["credentialStatus"]
    list_url = f"{BASE}/issuers/{orgs['own'].pk}/status/1"
    assert status == {"id": f"{list_url}#{credential.status_index}", "type": "BitstringStatusListEntry",
                      "statusPurpose": "suspension", "statusListIndex": str(credential.status_index),
                      "statusListCredential": list_url}
    assert credential.subject == completed.person and credential.participation == completed
    assert credential.created_by == users["focal_point"] and credential.issuer == orgs["own"]
    assert verify_stored(credential).status == "valid"


def test_key_created_on_first_use_encrypted_at_rest_and_logged_without_private_key(issue, orgs, settings):
    assert not IssuerKey.objects.exists()
    first = issue()
    key = IssuerKey.objects.get()
    assert key.active and key.organisation == orgs["own"] and first.key == key
    assert key.encrypted_private_key.startswith("edk1.")
    raw = signing.decrypt_private_key(key.encrypted_private_key, settings.SECRET_KEY)
    assert signing.public_key_multibase(signing.public_key_from_private(raw)) == key.public_key_multibase
    entry = history(key).get()
    assert entry.action == "create" and "encrypted_private_key" not in entry.after
    assert key.encrypted_private_key not in str(entry.after)


def test_issue_and_revoke_are_in_the_change_log(issue, users):
    credential = issue(reason="end of course")
    services.revoke_credential(users["focal_point"], credential.pk, "issued to the wrong person")
    entries = list(history(credential).order_by("time", "id"))
    assert [e.action for e in entries] == ["create", "transition"]
    assert entries[0].actor == users["focal_point"] and entries[0].reason == "end of course"
    assert entries[1].before["revoked_at"] is None and entries[1].after["revoked_at"]
    assert entries[1].reason == "issued to the wrong person"


def test_viewer_cannot_issue(completed, users):
    with pytest.raises(PermissionDenied):
        services.issue_training_credential(users["viewer"], completed.pk, base=BASE)
    assert not IssuedCredential.objects.exists() and not IssuerKey.objects.exists()


def test_focal_point_of_another_institution_cannot_issue(orgs, system_user, completed):
    from skillsnet.accounts.services import create_user

    other_focal = create_user(None, "focal_cn", "x-very-long-password-1", roles=[("focal_point", orgs["cn"], None)])
    with pytest.raises((PermissionDenied, NotFound)):
        services.issue_training_credential(other_focal, completed.pk, base=BASE)
    assert not IssuedCredential.objects.exists()


@pytest.mark.parametrize("role", ["secretariat_admin", "country_coordinator", "focal_point"])
def test_who_may_change_the_issuer_may_issue(issue, users, role):
    assert issue(actor=users[role]).issuer.name == "Lao-German Technical College"


def test_non_completer_and_second_credential_are_refused(issue, cohort, activity, system_user, users):
    attended_only = cohort["d"].participations.get()
    with pytest.raises(ValidationError, match="has not completed"):
        issue(attended_only)
    issue()
    with pytest.raises(ValidationError, match="already holds"):
        issue()


def test_issuer_must_be_related_to_the_activity(issue, orgs, users):
    with pytest.raises(ValidationError):
        issue(actor=users["secretariat_admin"], issuer_id=orgs["cn"].pk)


def test_bulk_issuance_one_per_completer_skips_non_completers(cohort, activity, users, completed):
    calls = []
    result = services.issue_activity_credentials(users["focal_point"], activity.pk, base=BASE,
                                                 progress=lambda done, total: calls.append((done, total)))
    holders = sorted(c.subject_name for c in result.issued)
    assert holders == ["Bounmy Keomany", "Chanthaly Sayavong", "Souksavanh Phommachanh"]
    assert IssuedCredential.objects.count() == 3
    assert result.not_completed == 2 and result.already_held == []
    assert calls[-1] == (3, 3)
    bounmy = IssuedCredential.objects.get(subject=cohort["b"])
    assert bounmy.participation.role == "participant"
    assert all(verify_stored(c).valid for c in IssuedCredential.objects.all())

    again = services.issue_activity_credentials(users["focal_point"], activity.pk, base=BASE)
    assert again.issued == [] and len(again.already_held) == 3
    assert IssuedCredential.objects.count() == 3


def test_bulk_issuance_refused_to_viewer(cohort, activity, users):
    with pytest.raises(PermissionDenied):
        services.issue_activity_credentials(users["viewer"], activity.pk, base=BASE)
    assert not IssuedCredential.objects.exists()


def test_rotated_out_key_still_verifies(issue, cohort, users, orgs):
    old = issue()
    new_key = services.rotate_issuer_key(users["focal_point"], orgs["own"].pk, reason="yearly rotation")
    old_key = IssuerKey.objects.get(pk=old.key.pk)
    assert not old_key.active and old_key.retired_at is not None
    assert new_key.active and new_key.pk != old_key.pk
    assert IssuerKey.objects.filter(organisation=orgs["own"], active=True).count() == 1
    assert verify_stored(old).status == "valid"

    later = issue(cohort["b"].participations.get(role="participant"))
    assert later.key == new_key
    assert verify_stored(later).valid and verify_stored(old).valid
    assert history(old_key).first().action == "update"


def test_viewer_cannot_rotate_keys(issue, users, orgs):
    issue()
    with pytest.raises(PermissionDenied):
        services.rotate_issuer_key(users["viewer"], orgs["own"].pk)


def test_revoked_credential_verifies_as_revoked(issue, users):
    credential = issue()
    revoked = services.revoke_credential(users["focal_point"], credential.pk, "withdrawn")
    result = verify_stored(revoked)
    assert result.status == "revoked" and not result.valid
    assert {c.code: c.ok for c in result.checks} == {"signature": True, "issuer": True, "validity": True,
                                                      "revocation": False}
    with pytest.raises(ValidationError, match="already revoked"):
        services.revoke_credential(users["focal_point"], credential.pk, "again")
    with pytest.raises(ValidationError):
        services.revoke_credential(users["focal_point"], credential.pk, "  ")


def test_viewer_cannot_revoke(issue, users):
    credential = issue()
    with pytest.raises((PermissionDenied, NotFound)):
        services.revoke_credential(users["viewer"], credential.pk, "no")
    credential.refresh_from_db()
    assert credential.revoked_at is None


def test_reissue_after_revocation_is_allowed(issue, users):
    first = issue()
    services.revoke_credential(users["focal_point"], first.pk, "typo in the name")
    second = issue()
    assert second.pk != first.pk and verify_stored(second).valid


def test_validity_dates_are_checked(issue):
    until = timezone.now().date() + datetime.timedelta(days=30)
    credential = issue(valid_until=until)
    assert credential.signed_json["validUntil"].startswith(until.isoformat())
    later = timezone.now() + datetime.timedelta(days=60)
    assert verify(credential.signed_json, now=later).status == "expired"
    earlier = timezone.now() - datetime.timedelta(days=1)
    assert verify(credential.signed_json, now=earlier).status == "not_yet_valid"
    with pytest.raises(ValidationError):
        issue(valid_until=timezone.now().date() - datetime.timedelta(days=1))


def test_credential_signed_by_a_key_of_another_organisation_fails_the_issuer_check(issue, orgs, users, settings):
    """A key of organisation B cannot vouch for a credential naming organisation A as its issuer."""
    credential = issue()
    other_key = services.active_key(users["secretariat_admin"], orgs["cn"])
    doc = {k: v for k, v in credential.signed_json.items() if k != "proof"}
    raw = signing.decrypt_private_key(other_key.encrypted_private_key, settings.SECRET_KEY)
    forged = signing.sign_credential(doc, raw, f"{BASE}/credentials/keys/{other_key.key_id}")
    result = verify(forged)
    assert not result.valid
    checks = {c.code: c.ok for c in result.checks}
    assert checks["signature"] and not checks["issuer"]


def test_stored_verification_remembers_a_good_signature_but_not_a_changed_row(issue, users):
    credential = issue()
    assert verify_stored(credential).valid
    assert verify_stored(credential).valid  # from the cache: dates and revocation are still checked
    tampered = dict(credential.signed_json)
    tampered["credentialSubject"] = dict(tampered["credentialSubject"], identifier=[
        dict(tampered["credentialSubject"]["identifier"][0], identityHash="Somebody Else")])
    IssuedCredential.objects.filter(pk=credential.pk).update(signed_json=tampered)
    credential.refresh_from_db()
    result = verify_stored(credential)
    assert result.status == "invalid" and not {c.code: c.ok for c in result.checks}["signature"]


def test_cached_signature_still_sees_revocation_and_expiry(issue, users):
    until = timezone.now().date() + datetime.timedelta(days=10)
    credential = issue(valid_until=until)
    assert verify_stored(credential).valid
    assert verify_stored(credential, now=timezone.now() + datetime.timedelta(days=20)).status == "expired"
    services.revoke_credential(users["focal_point"], credential.pk, "withdrawn")
    credential.refresh_from_db()
    assert verify_stored(credential).status == "revoked"

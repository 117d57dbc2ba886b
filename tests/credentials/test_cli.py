"""skillsnet issue-credentials --activity ID --as USER"""
import io

import pytest
from django.core.management import CommandError, call_command

from skillsnet.core.models import ChangeLogEntry
from skillsnet.credentials.models import IssuedCredential

pytestmark = pytest.mark.django_db


def test_cli_issues_to_all_completers_once(cohort, activity, users):
    out = io.StringIO()
    call_command("issue-credentials", "--activity", str(activity.pk), "--as", "focal_lgtc",
                 "--base-url", "https://skills.example.org/", stdout=out)
    assert "3 credentials issued; 0 people already held one; 2 people did not complete." in out.getvalue()
    assert IssuedCredential.objects.count() == 3
    assert all(c.signed_json["issuer"]["id"] == f"did:web:skills.example.org:issuers:{c.issuer_id}"
               for c in IssuedCredential.objects.all())
    assert ChangeLogEntry.objects.filter(content_type__model="issuedcredential", source="cli").count() == 3
    out = io.StringIO()
    call_command("issue-credentials", "--activity", str(activity.pk), "--as", "focal_lgtc", stdout=out)
    assert "0 credentials issued; 3 people already held one" in out.getvalue()


def test_cli_refuses_a_viewer_and_unknown_activity(cohort, activity, users):
    with pytest.raises(CommandError):
        call_command("issue-credentials", "--activity", str(activity.pk), "--as", "viewer1", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("issue-credentials", "--activity", "999999", "--as", "focal_lgtc", stdout=io.StringIO())
    assert not IssuedCredential.objects.exists()

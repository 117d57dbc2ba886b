"""An implementation skillsnet did not write verifies what skillsnet issues.

tests/credentials/verifier/verify.mjs runs Digital Bazaar's @digitalbazaar/vc with the eddsa-rdfc-2022
cryptosuite and @digitalbazaar/vc-bitstring-status-list under Node, against credentials issued by the test
server: it resolves the issuer's did:web document and fetches the status list over HTTP from the live
server, with every JSON-LD context read from local files. `make test` installs the packages (npm ci,
package-lock.json); this test only needs node and npm.
"""
import fcntl
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from skillsnet.credentials import services

from .conftest import make_person, participate

VERIFIER = Path(__file__).parent / "verifier"

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def node_verifier():
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed for the independent verifier (Digital Bazaar's vc library); "
                    "install Node.js 18 or later")
    with open(VERIFIER / ".install.lock", "w") as lock:  # pytest-xdist workers may arrive together
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (VERIFIER / "node_modules" / "@digitalbazaar" / "vc").is_dir():
            subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=VERIFIER, check=True,
                           capture_output=True, timeout=600)

    def run(server, credentials):
        completed = subprocess.run([node, "verify.mjs"], cwd=VERIFIER, input=json.dumps(
            {"server": server, "credentials": credentials}), capture_output=True, text=True, timeout=300)
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout)

    return run


def one_character_changed(document):
    changed = json.loads(json.dumps(document))
    identity = changed["credentialSubject"]["identifier"][0]
    name = identity["identityHash"]
    identity["identityHash"] = name[:1] + ("x" if name[1] != "x" else "y") + name[2:]
    return changed


def test_independent_verifier_accepts_every_kind_and_rejects_tampering_revocation_and_suspension(
        node_verifier, live_server, every_kind, users, orgs, system_user, activity):
    base = live_server.url
    # every_kind was issued for https://skills.example.org: issue the same kinds again for this server.
    from skillsnet.credentials.models import IssuedCredential

    world_person = every_kind["qualification"].subject
    case_pk = every_kind["recognition_decision"].source_id
    for credential in every_kind.values():
        services.revoke_credential(system_user, credential.pk, "re-issued for the test server")
    issued = {
        "completed_training": services.issue_training_credential(
            users["focal_point"], every_kind["completed_training"].participation_id, base=base),
        "qualification": services.issue_qualification_credential(
            users["focal_point"], every_kind["qualification"].source_id, world_person.pk, base=base),
        "recognition_decision": services.issue_recognition_credential(
            system_user, case_pk, issuer_id=orgs["cn"].pk, base=base),
    }
    people = [make_person(system_user, name, orgs["own"]) for name in ("Bounmy Keomany", "Chanthaly Sayavong")]
    to_revoke, to_suspend = (services.issue_training_credential(
        users["focal_point"], participate(system_user, p, activity, attended=True, completed=True).pk, base=base)
        for p in people)
    services.revoke_credential(users["focal_point"], to_revoke.pk, "withdrawn")
    services.suspend_credential(users["focal_point"], to_suspend.pk, "under review")

    documents = {kind: c.signed_json for kind, c in issued.items()}
    documents["tampered"] = one_character_changed(issued["completed_training"].signed_json)
    documents["revoked"] = IssuedCredential.objects.get(pk=to_revoke.pk).signed_json
    documents["suspended"] = IssuedCredential.objects.get(pk=to_suspend.pk).signed_json
    result = node_verifier(base, documents)

    for kind in issued:
        assert result[kind]["verified"] is True, (kind, result[kind]["errors"])
        assert result[kind]["status"] == [{"purpose": "suspension", "index": documents[kind]["credentialStatus"][
            "statusListIndex"], "set": False}]
    assert result["tampered"]["verified"] is False
    assert any("signature" in e.lower() for e in result["tampered"]["errors"]), result["tampered"]
    for name in ("revoked", "suspended"):
        assert result[name]["verified"] is False, result[name]
        assert result[name]["status"][0]["set"] is True  # signature fine, the status list says no

    # Lifting the suspension clears the bit: the same credential verifies again.
    services.lift_suspension(users["focal_point"], to_suspend.pk, "review closed")
    again = node_verifier(base, {"lifted": documents["suspended"], "revoked": documents["revoked"]})
    assert again["lifted"]["verified"] is True, again["lifted"]["errors"]
    assert again["revoked"]["verified"] is False


def test_independent_verifier_after_key_rotation(node_verifier, live_server, issue, users, orgs, cohort):
    base = live_server.url
    old = issue(base=base)
    services.rotate_issuer_key(users["focal_point"], orgs["own"].pk, reason="yearly rotation")
    new = issue(cohort["b"].participations.get(role="participant"), base=base)
    assert new.key_id != old.key_id
    # The list is re-signed with the new key on the next status change; both keys are in the DID document.
    services.suspend_credential(users["focal_point"], new.pk, "check")
    services.lift_suspension(users["focal_point"], new.pk, "checked")
    result = node_verifier(base, {"old": old.signed_json, "new": new.signed_json})
    assert result["old"]["verified"] is True, result["old"]["errors"]
    assert result["new"]["verified"] is True, result["new"]["errors"]


def test_independent_verifier_rejects_a_credential_whose_key_is_not_the_issuers(node_verifier, live_server, issue,
                                                                                 users, orgs, settings):
    """A credential naming organisation A as issuer but signed with B's key: B's key is not in A's document."""
    from skillsnet.credentials import signing
    from skillsnet.credentials.urls_util import method_id

    base = live_server.url
    credential = issue(base=base)
    other_key = services.active_key(users["secretariat_admin"], orgs["cn"])
    raw = signing.decrypt_private_key(other_key.encrypted_private_key, settings.SECRET_KEY)
    unsigned = {k: v for k, v in credential.signed_json.items() if k != "proof"}
    forged = signing.sign_credential(unsigned, raw, method_id(base, other_key), proof_as_array=True)
    result = node_verifier(base, {"forged": forged})
    assert result["forged"]["verified"] is False

"""The shipped frameworks as models; who may edit the level tables (rules as data)."""
import pytest
from django.core.exceptions import PermissionDenied

from skillsnet.accounts.permissions import can
from skillsnet.accounts.services import create_user
from skillsnet.core.changelog import change_context, snapshot
from skillsnet.core.models import ChangeLogEntry
from skillsnet.recognition import demo, services
from skillsnet.recognition.models import Framework, Level, LevelReference

from ..conftest import PASSWORD


@pytest.fixture
def loaded(system_user):
    with change_context("cli"):
        services.load_frameworks(system_user)


@pytest.fixture
def authority(orgs):
    return create_user(None, "authority1", PASSWORD, roles=[("recognition_authority", None, None)])


def _state():
    return [snapshot(o) for model in (Framework, Level, LevelReference) for o in model.objects.order_by("pk")]


@pytest.fixture
def small(system_user):
    """A hand-built AQRF level and one proposed national level referenced to it (faster than the full load)."""
    from skillsnet.core import services as core

    aqrf = core.create_object(system_user, Framework, {"code": "AQRF", "name": "AQRF", "kind": "aqrf"})
    aqrf4 = core.create_object(system_user, Level, {"framework": aqrf, "code": "4", "title": "AQRF 4", "order": 4})
    cn = core.create_object(system_user, Framework, {"code": "CN-VSL", "name": "China skill levels",
                                                     "kind": "skill_levels"})
    senior = core.create_object(system_user, Level, {"framework": cn, "code": "senior", "title": "Senior worker",
                                                     "order": 4})
    return core.create_object(system_user, LevelReference, {"level": senior, "aqrf_level": aqrf4,
                                                            "status": "proposed", "source": "test proposal"})


def test_load_frameworks_twice_changes_nothing(system_user, loaded):
    assert Framework.objects.count() == 8
    assert Level.objects.count() == 58 and LevelReference.objects.count() == 58
    state, log = _state(), ChangeLogEntry.objects.count()
    assert services.load_frameworks(system_user) == {"frameworks": 0, "levels": 0, "references": 0}
    demo.load(system_user)  # adds the demo qualifications, not a framework
    assert _state() == state
    log = ChangeLogEntry.objects.count()
    demo.load(system_user)
    assert _state() == state and ChangeLogEntry.objects.count() == log
    kkni = Level.objects.get(framework__code="ID-KKNI", code="9")
    assert kkni.reference.aqrf_number == 8 and kkni.reference.status == "provisional"
    assert Level.objects.filter(framework__code="ID-KKNI").count() == 9
    mqf = LevelReference.objects.get(level__framework__code="MY-MQF", level__code="4")
    assert (mqf.status, mqf.aqrf_number, mqf.validated_by, mqf.date) == ("official", 4, "AQRF Committee", "2019-05")
    cn = Level.objects.get(framework__code="CN-VSL", code="senior")
    assert cn.title_zh_hans == "高级工" and cn.reference.status == "proposed" and cn.reference.validated_by == ""
    lao = Framework.objects.get(code="LA-NVQF")
    assert lao.country_id == "LA" and lao.kind == "nqf"
    assert list(lao.levels.values_list("code", flat=True)) == ["cert1", "cert2", "cert3", "diploma", "high_diploma"]
    assert Framework.objects.get(code="AQRF").kind == "aqrf"
    aqrf1 = Level.objects.get(framework__code="AQRF", code="1")
    assert aqrf1.knowledge_and_skills and aqrf1.application_and_responsibility
    assert ChangeLogEntry.objects.filter(source="cli", action="create").count() == 8 + 58 + 58


def test_level_reference_rules(users, authority):
    for role in ("focal_point", "viewer", "country_coordinator"):
        for model in (LevelReference, Level, Framework):
            assert can(users[role], "view", model)
            for action in ("add", "change", "delete"):
                assert not can(users[role], action, model), (role, model, action)
    for user in (authority, users["secretariat_admin"]):
        for action in ("add", "change", "delete"):
            assert can(user, action, LevelReference)


def test_only_the_authority_edits_a_level_reference_through_the_service(users, authority, small):
    ref = small
    for role in ("focal_point", "viewer", "country_coordinator"):
        with pytest.raises(PermissionDenied):
            services.update_level_reference(users[role], ref.pk, {"status": "official"}, ref.version)
    changed = services.update_level_reference(authority, ref.pk, {"validated_by": "Lao TVET authority",
                                                                   "status": "provisional"}, ref.version,
                                              reason="checked with the ministry")
    assert changed.status == "provisional" and changed.version == ref.version + 1
    entry = ChangeLogEntry.objects.filter(object_id=str(ref.pk), action="update").first()
    assert entry.actor == authority and entry.reason == "checked with the ministry"


def test_only_the_authority_edits_a_level_reference_through_the_api(api_as, users, authority, small):
    from rest_framework.test import APIClient

    from skillsnet.accounts.services import token_for

    ref = small
    url = f"/api/recognition/aqrf-level-references/{ref.pk}/"
    body = {"note": "checked", "version": ref.version}
    for role in ("focal_point", "viewer", "country_coordinator"):
        assert api_as(role).get(url).status_code == 200
        assert api_as(role).patch(url, body, format="json").status_code == 403, role
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(authority).key}")
    response = client.patch(url, body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "checked"
    stale = client.patch(url, body, format="json")
    assert stale.status_code == 409


def test_level_pages(client, users, small):
    client.force_login(users["focal_point"])
    ref = small
    assert client.get(f"/recognition/aqrf-level-references/{ref.pk}/").status_code == 200
    assert client.get(f"/recognition/aqrf-level-references/{ref.pk}/edit/").status_code == 403
    listing = client.get("/recognition/aqrf-level-references/", {"status": "proposed"})
    assert listing.status_code == 200 and "proposed" in listing.content.decode()

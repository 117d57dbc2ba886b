"""Every registered recognition and curricula model: list, add form, detail, export and API list work."""
import pytest

from skillsnet.core.registry import REGISTRY

from . import builders as b

MODELS = [c for c in REGISTRY.values() if c.model._meta.app_label in ("recognition", "curricula")]


@pytest.fixture
def world(system_user):
    from skillsnet.core import services as core
    from skillsnet.curricula import services as curricula
    from skillsnet.curricula.models import Adoption, Curriculum
    from skillsnet.directory.models import Organisation

    w = b.world(system_user)
    la = b.source_units(system_user, "pg", [b.LA_BRAKES])[0]
    from skillsnet.recognition import services

    services.link_units(system_user, la.pk, w["brakes"].pk)
    org = Organisation.objects.get(name="Lao-German Technical College")
    cur = core.create_object(system_user, Curriculum, {"title": "Pages curriculum", "co_authors": [org]})
    version = curricula.create_version(system_user, {"curriculum": cur})
    curricula.create_module(system_user, {"curriculum_version": version, "code": "P1", "title": "P", "hours": 3,
                                          "units": [w["brakes"]]})
    core.create_object(system_user, Adoption, {"organisation": org, "curriculum_version": version,
                                               "kind": "piloted"})
    return w


@pytest.mark.parametrize("config", MODELS, ids=lambda c: c.model._meta.label_lower)
def test_generic_pages(client, api_as, users, world, config):
    if config.model._meta.model_name == "recognitioncase":
        pytest.skip("cases are covered in test_cases.py")
    client.force_login(users["secretariat_admin"])
    base = f"/{config.model._meta.app_label}/{config.slug}/"
    assert client.get(base).status_code == 200
    assert client.get(base, {"export": "xlsx"}).status_code == 200
    assert client.get(base + "add/").status_code == 200
    obj = config.model._default_manager.first()
    assert obj is not None
    assert client.get(f"{base}{obj.pk}/").status_code == 200
    assert client.get(f"{base}{obj.pk}/edit/").status_code == 200
    response = api_as("viewer").get(f"/api/{config.model._meta.app_label}/{config.slug}/")
    assert response.status_code == 200 and response.json()["count"] >= 1


def test_schema_lists_the_extra_endpoints(api_as):
    response = api_as("viewer").get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in ("/api/recognition/assess/", "/api/recognition/statistics/",
                 "/api/recognition/recognition-cases/{id}/decide/", "/api/curricula/diff/{old}/{new}/"):
        assert path in paths or path.replace("{id}", "{pk}") in paths

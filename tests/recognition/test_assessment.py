"""The engine run on records built through the models and services: each of the four outcomes."""
import pytest

from skillsnet.core import services as core
from skillsnet.curricula import services as curricula
from skillsnet.curricula.models import Curriculum, Module
from skillsnet.recognition import engine, services

from . import builders as b


@pytest.fixture
def world(system_user):
    return b.world(system_user)


def _source(actor, world, name, units, links, level="dip"):
    """A Lao qualification whose units are linked (equivalent) to the given target units."""
    made = b.source_units(actor, name, units)
    for source_unit, target_unit in zip(made, links):
        if target_unit is not None:
            services.link_units(actor, source_unit.pk, world[target_unit].pk, "equivalent", notes="same outcomes")
    return b.qualification(actor, f"Automotive {name}", "LA", world["lx"][level], made)


def _top_up(actor, world, hours=40):
    cur = core.create_object(actor, Curriculum, {"title": "Joint automotive curriculum", "co_authors": []})
    version = curricula.create_version(actor, {"curriculum": cur})
    module = curricula.create_module(actor, {"curriculum_version": version, "code": "T1", "title": "Vehicle electrics bridging",
                                             "hours": hours, "kind": Module.Kind.TOP_UP,
                                             "units": [world["electrics"]]})
    curricula.publish_version(actor, version.pk, version.version)
    return module


def test_full_recognition(system_user, world):
    q = _source(system_user, world, "full", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS],
                ["brakes", "engine", "electrics"])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.outcome == engine.FULL
    assert decision.target_qualification_id == world["target"].pk
    assert any("No substantial difference was shown" in r for r in decision.reasons)
    assert decision.top_ups == []


def test_partial_recognition_with_top_up(system_user, world):
    module = _top_up(system_user, world)
    q = _source(system_user, world, "partial", [b.LA_BRAKES, b.LA_ENGINE, b.LA_WELDING],
                ["brakes", "engine", None])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.outcome == engine.PARTIAL
    assert [m.id for m in decision.top_ups] == [module.pk]
    assert decision.top_ups[0].hours == 40.0 and decision.top_up_hours == 40.0
    assert any("CN-03" in r and "not covered" in r for r in decision.reasons)
    assert any("Vehicle electrics bridging" in r and "(40 h) covers CN-03" in r for r in decision.reasons)
    assert "Vehicle electrics bridging" in decision.remedy


def test_top_up_of_an_unpublished_version_is_not_offered(system_user, world):
    cur = core.create_object(system_user, Curriculum, {"title": "Draft curriculum"})
    version = curricula.create_version(system_user, {"curriculum": cur})
    curricula.create_module(system_user, {"curriculum_version": version, "code": "T9", "title": "Draft top-up", "hours": 10,
                                          "kind": Module.Kind.TOP_UP, "units": [world["electrics"]]})
    q = _source(system_user, world, "draft", [b.LA_BRAKES, b.LA_ENGINE, b.LA_WELDING], ["brakes", "engine", None])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.outcome == engine.CREDIT_UNITS
    assert decision.top_ups == []


def test_credit_for_some_units_only(system_user, world):
    q = _source(system_user, world, "credit", [b.LA_BRAKES, b.LA_WELDING], ["brakes", None])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.outcome == engine.CREDIT_UNITS
    assert [c.target_unit_code for c in decision.credited_units] == ["CN-01"]
    assert any("credit is given for the equivalent units only: CN-01" in r for r in decision.reasons)


def test_no_recognition(system_user, world):
    q = _source(system_user, world, "none", [b.LA_WELDING], [None])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.outcome == engine.NONE
    assert any("No unit of 'Automotive none' matches" in r for r in decision.reasons)


def test_no_qualification_in_target_country(system_user, world):
    q = _source(system_user, world, "nowhere", [b.LA_BRAKES], ["brakes"])
    decision = services.assess_qualification(q.pk, "KH", "employment")
    assert decision.outcome == engine.NONE and decision.target_qualification_id is None


def test_proposed_mapping_is_named_in_the_reasons(system_user, world):
    q = _source(system_user, world, "prov", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS],
                ["brakes", "engine", "electrics"])
    decision = services.assess_qualification(q.pk, "CN", "employment")
    assert decision.provisional
    statuses = {(r.framework_code, r.provenance_status) for r in decision.level_refs_used}
    assert statuses == {("LX", "official"), ("CX", "proposed")}
    assert any("proposed (unofficial) referencing; this comparison is provisional" in r for r in decision.reasons)
    lx = next(r for r in decision.level_refs_used if r.framework_code == "LX")
    assert lx.source == "LX test source" and lx.validated_by == "Test authority" and lx.aqrf_level == 4


def test_one_level_lower_for_further_study_needs_a_skills_assessment(system_user, world):
    lx3 = b.framework(system_user, "LY", "LA", "official", [("c3", "Certificate III", 3)])
    made = b.source_units(system_user, "lower", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS])
    for su, key in zip(made, ["brakes", "engine", "electrics"]):
        services.link_units(system_user, su.pk, world[key].pk)
    q = b.qualification(system_user, "Automotive certificate III", "LA", lx3["c3"], made)
    employment = services.assess_qualification(q.pk, "CN", "employment")
    study = services.assess_qualification(q.pk, "CN", "further_study")
    assert employment.outcome == engine.FULL
    assert study.outcome == engine.PARTIAL and study.skills_assessment_required


def test_assessment_is_deterministic(system_user, world):
    q = _source(system_user, world, "det", [b.LA_BRAKES, b.LA_WELDING], ["brakes", None])
    first = services.assess_qualification(q.pk, "CN", "employment").to_dict()
    assert services.assess_qualification(q.pk, "cn", "employment").to_dict() == first


def test_assessment_page_shows_reasons_top_ups_and_provenance(client, users, system_user, world):
    _top_up(system_user, world, hours=35)
    q = _source(system_user, world, "page", [b.LA_BRAKES, b.LA_ENGINE, b.LA_WELDING], ["brakes", "engine", None])
    client.force_login(users["viewer"])
    response = client.get("/recognition/assess/", {"qualification": q.pk, "target_country": "CN",
                                                   "purpose": "employment"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vehicle electrics bridging" in html and "35" in html
    assert "proposed" in html and "CX test source" in html
    assert "partial recognition with compensation" in html


def test_assessment_api(api_as, system_user, world):
    q = _source(system_user, world, "api", [b.LA_BRAKES, b.LA_ENGINE, b.LA_ELECTRICS],
                ["brakes", "engine", "electrics"])
    response = api_as("viewer").get("/api/recognition/assess/", {"qualification": q.pk, "target_country": "CN",
                                                                  "purpose": "employment"})
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == "full"
    assert api_as("viewer").get("/api/recognition/assess/", {"qualification": 999999, "target_country": "CN",
                                                             "purpose": "employment"}).status_code == 404
    assert api_as("viewer").get("/api/recognition/assess/", {"qualification": q.pk, "target_country": "CN",
                                                             "purpose": "tourism"}).status_code == 400

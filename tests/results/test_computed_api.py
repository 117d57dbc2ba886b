"""Every computed view has an API: the framework (approved and live), an indicator's actuals by period, reported
vs recorded, skills gaps, partner suggestions with their components, network metrics — in the OpenAPI schema,
scoped by the rules, small counts masked for roles without personal data."""
import pytest

from skillsnet.results import services

PATHS = ["/api/results/projects/{id}/framework/", "/api/results/indicators/{id}/actuals/",
         "/api/results/reported-vs-recorded/", "/api/labour/gaps/",
         "/api/matching/organisations/{id}/suggestions/", "/api/matching/network/"]


def test_every_computed_view_is_in_the_openapi_schema(api_as):
    schema = api_as("viewer").get("/api/schema/?format=json").json()
    for path in PATHS:
        assert path in schema["paths"], path
        get = schema["paths"][path]["get"]
        assert get["responses"]["200"]["content"]["application/json"]["schema"], path


def test_framework_api_shows_approved_and_live_values(training, make_indicator, period2024, users, project,
                                                      api_as):
    make_indicator("T1", disaggregations=["sex"])
    for i in range(6):
        training(f"Woman {i}", sex="female")
    services.create_target(users["secretariat_admin"], {"indicator": project.nodes.get().indicators.get(),
                                                        "period": period2024, "value": 12})
    services.submit_period(users["secretariat_admin"], period2024.pk)
    services.approve_period(users["secretariat_admin"], period2024.pk)
    training("Late man", sex="male")
    body = api_as("secretariat_admin").get(f"/api/results/projects/{project.pk}/framework/?period=2024").json()
    assert body["approval"]["status"] == "approved"
    ind = body["results"][0]["indicators"][0]
    assert (ind["value"], ind["target"], ind["pct_of_target"]) == ("6", "12.00", "50.0")
    assert ind["approved"]["total"] == "6" and ind["approved"]["drift"] == "1"
    assert ind["live"]["total"] == "7"
    assert {c["dims"]["sex"]: c["value"] for c in ind["live"]["cells"]} == {"female": "6", "male": "1"}
    assert {c["label"] for c in ind["live"]["cells"]} == {"female", "male"}
    # a viewer (no personal data) sees the same figures, the one below five masked — and, since the total 7 is
    # shown beside them, the six women too ("≥ 5"): 7 - 6 would give the one man back
    masked = api_as("viewer").get(f"/api/results/projects/{project.pk}/framework/?period=2024").json()
    live = masked["results"][0]["indicators"][0]["live"]
    assert {c["dims"]["sex"]: c["value"] for c in live["cells"]} == {"female": "≥ 5", "male": "< 5"}
    assert live["total"] == "7"
    actuals = api_as("viewer").get(f"/api/results/indicators/{ind['id']}/actuals/").json()
    by_period = {p["period"]: p for p in actuals["periods"]}
    assert by_period["2024"]["approval"] == "approved" and by_period["2024"]["approved"]["total"] == "6"
    assert by_period["2024"]["live"]["total"] == "7"


def test_computed_apis_are_scoped_and_refuse_bad_input(project, api_as, orgs):
    assert api_as("anonymous").get(f"/api/results/projects/{project.pk}/framework/").status_code in (401, 403)
    assert api_as("viewer").get("/api/results/projects/999999/framework/").status_code == 404
    assert api_as("viewer").get(f"/api/results/projects/{project.pk}/framework/?period=1850").status_code == 200
    assert api_as("viewer").get(f"/api/results/projects/{project.pk}/framework/?period=nonsense").status_code == 404
    assert api_as("viewer").get("/api/results/reported-vs-recorded/?project=abc").json() == []
    assert api_as("viewer").get("/api/labour/gaps/?level=weird&country=%00&occupation=%00").status_code == 200
    assert api_as("viewer").get(f"/api/results/projects/{project.pk}/framework/?period=%00&country=%00"
                                ).status_code == 404
    assert api_as("viewer").get(f"/api/results/projects/{project.pk}/framework/?country=%00").status_code == 200
    assert api_as("viewer").get(f"/api/matching/organisations/{orgs['own'].pk}/suggestions/?country=%00"
                                ).status_code == 200
    suggestions = api_as("viewer").get(f"/api/matching/organisations/{orgs['own'].pk}/suggestions/?limit=x")
    assert suggestions.status_code == 200
    for s in suggestions.json():
        assert {"key", "label", "points", "reasons"} <= set(s["components"][0])
    network = api_as("viewer").get("/api/matching/network/?until=abc").json()
    assert {"node_count", "edge_count", "nodes", "growth", "country_pairs"} <= set(network)


@pytest.mark.parametrize("role", ["secretariat_admin", "viewer"])
def test_reported_vs_recorded_api(project, system_user, api_as, orgs, role):
    from skillsnet.core import services as core
    from skillsnet.results.models import ReportedFigure, Source

    source = core.create_object(system_user, Source, {"title": "Article", "url": "https://example.org/a"})
    core.create_object(system_user, ReportedFigure, {
        "organisation": orgs["network"], "counts": "member_institutions", "statement": "41 institutes",
        "value": 41, "source": source})
    body = api_as(role).get("/api/results/reported-vs-recorded/").json()
    assert [(f["statement"], f["reported"], f["recorded"], f["agrees"]) for f in body] == [
        ("41 institutes", "41.00", "0", False)]


def test_dashboard_shows_small_counts_as_less_than_five_to_roles_without_personal_data(training, users):
    from django.test import Client

    training("Ms A", sex="female")
    training("Ms B", sex="female")
    for role, masked in (("viewer", True), ("secretariat_admin", False)):
        client = Client()
        client.force_login(users[role])
        html = client.get("/results/dashboard/?year=2024").content.decode()
        assert ("Not drawn: fewer than five people" in html and "female · LA: &lt; 5" in html) == masked, role

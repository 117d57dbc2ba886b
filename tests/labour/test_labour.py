"""Demand signals, training supply, gap analysis and tracer records."""
import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from skillsnet.core import services
from skillsnet.core.importer import run_import
from skillsnet.directory.models import IscoOccupation, Programme
from skillsnet.labour import queries
from skillsnet.labour.models import ActivityOccupation, DemandSignal, TracerRecord, horizon_years
from tests.conftest import make_org

pytestmark = pytest.mark.django_db


def signal(actor, **data):
    base = {"occupation": IscoOccupation.objects.get(pk="742"), "country_id": "LA", "date": "2025-05",
            "source_title": "survey", "size_kind": "vacancies", "quantity": 100}
    base.update(data)
    base["country"] = base.pop("country_id") if "country" not in base else base["country"]
    from skillsnet.directory.models import Country

    if isinstance(base["country"], str):
        base["country"] = Country.objects.get(pk=base["country"])
    return services.create_object(actor, DemandSignal, base)


def test_signal_validation(system_user, reference):
    with pytest.raises(ValidationError) as err:
        signal(system_user, quantity=None)
    assert "quantity" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        signal(system_user, size_kind="qualitative", quantity=None)
    assert "level" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        signal(system_user, horizon="2027–2025")
    assert "horizon" in err.value.message_dict
    ok = signal(system_user, horizon="2025–2027")
    assert horizon_years(ok.horizon) == (2025, 2027)
    assert horizon_years("2026") == (2026, 2026)


def test_csv_import_of_signals(system_user, reference):
    data = ("occupation,country,sector,size_kind,quantity,level,horizon,date,source_title\n"
            "7421,LA,electronics,shortage,250,,2025–2027,2025,Labour survey\n"
            "35,KH,ICT,qualitative,,high,,2024-06,Ministry note\n").encode()
    dry = run_import(system_user, DemandSignal, data, "signals.csv", commit=False)
    assert dry.ok, dry.errors
    assert DemandSignal.objects.count() == 0
    done = run_import(system_user, DemandSignal, data, "signals.csv", commit=True)
    assert done.committed and DemandSignal.objects.count() == 2
    bad = run_import(system_user, DemandSignal, b"occupation,country,size_kind,date,source_title\n742,LA,vacancies,2025,x\n",
                     "bad.csv", commit=False)
    assert not bad.ok


@pytest.fixture
def supply(system_user, reference):
    """A Lao demand for 742 (300 vacancies), a Lao programme for 7421 (120 a year), a Chinese one,
    and a 2024 training for 7421 completed by two Lao trainees, one of them employed after 6 months."""
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Participation, Person

    a = system_user
    la, cn = make_org(a, "Lao Institute", "LA"), make_org(a, "Chinese Institute", "CN")
    signal(a, quantity=300, date="2025-01")
    signal(a, size_kind="qualitative", quantity=None, level="urgent", date="2024",
           occupation=IscoOccupation.objects.get(pk="7422"))
    for org, intake in ((la, 120), (cn, 500)):
        services.create_object(a, Programme, {"organisation": org, "title": "Electronics", "annual_intake": intake,
                                              "isco_occupation": IscoOccupation.objects.get(pk="7421")})
    training = services.create_object(a, Activity, {"title": "Electronics course", "kind": "training_programme",
                                                    "start": datetime.date(2024, 3, 1), "host": cn})
    services.create_object(a, ActivityOccupation, {"activity": training,
                                                   "isco_occupation": IscoOccupation.objects.get(pk="7421")})
    people = []
    for name in ("Trainee One", "Trainee Two", "Trainee Three"):
        person = services.create_object(a, Person, {"name": name, "organisation": la, "kind": "student"})
        people.append(services.create_object(a, Participation, {
            "person": person, "activity": training, "attended": True, "completed": name != "Trainee Three"}))
    services.create_object(a, TracerRecord, {"person": people[0].person, "participation": people[0],
                                             "status": "employed", "months_after": 6, "sector": "electronics"})
    services.create_object(a, TracerRecord, {"person": people[1].person, "participation": people[1],
                                             "status": "further_study", "months_after": 6})
    return {"la": la, "cn": cn, "training": training}


def test_gap_analysis_rolls_up_and_compares(supply, system_user):
    cells = {(c.country, c.code): c for c in queries.gap_analysis(system_user, level="minor")}
    lao = cells[("LA", "742")]
    assert lao.signals == 2 and lao.demand_quantity == 300 and lao.demand_level == "urgent"
    assert lao.intake == 120 and lao.gap == 180
    assert lao.completions_years == {2024: 2}
    assert (lao.traced, lao.employed) == (2, 1)
    assert lao.demand_years == {2025: 1, 2024: 1}
    assert "Shortfall of 180" in lao.assessment
    chinese = cells[("CN", "742")]
    assert chinese.intake == 500 and chinese.signals == 0
    unit = {(c.country, c.code) for c in queries.gap_analysis(system_user, level="unit")}
    assert {("LA", "7421"), ("LA", "7422"), ("CN", "7421")} <= unit
    major = queries.gap_analysis(system_user, level="major", country="LA")
    assert [(c.code, c.intake, c.demand_quantity) for c in major] == [("7", 120, 300)]
    assert queries.years_of(major) == [2024, 2025]


def test_tracer_counts(supply, system_user):
    rows = queries.tracer_counts(system_user)
    assert {(r["status"], r["country"], r["count"]) for r in rows} == {("employed", "LA", 1), ("further_study", "LA", 1)}
    assert queries.tracer_counts(system_user, country="CN") == []
    assert queries.tracer_counts(system_user, by=("status",), months_after=12) == []


def test_tracer_validation(supply, system_user):
    from skillsnet.people.models import Participation

    other = Participation.objects.get(person__name="Trainee Three")
    person = Participation.objects.get(person__name="Trainee One").person
    with pytest.raises(ValidationError) as err:
        services.create_object(system_user, TracerRecord, {"person": person, "participation": other,
                                                           "status": "employed"})
    assert "participation" in err.value.message_dict
    with pytest.raises(ValidationError):
        services.create_object(system_user, TracerRecord, {"person": person, "status": "not_employed",
                                                           "sector": "retail", "months_after": 12})


def test_tracer_records_are_personal_data(supply, users, client):
    client.force_login(users["viewer"])
    assert client.get("/labour/tracer-records/").status_code == 403
    client.force_login(users["secretariat_admin"])
    page = client.get("/labour/tracer-records/")
    assert page.status_code == 200 and "Trainee One" in page.content.decode()


def test_gap_views(supply, users, client):
    assert client.get("/labour/gaps/").status_code == 302  # sign in first
    client.force_login(users["viewer"])
    page = client.get("/labour/gaps/?country=LA&level=minor")
    html = page.content.decode()
    assert page.status_code == 200 and "Shortfall of 180" in html and "<svg" in html
    detail = client.get("/labour/gaps/LA/742/")
    html = detail.content.decode()
    assert detail.status_code == 200 and "Lao Institute" in html and "Electronics" in html
    assert "employed" in html
    assert client.get("/labour/gaps/XX/742/").status_code == 404
    assert client.get("/labour/gaps/?level=nonsense&occupation=abc").status_code == 200


def test_demand_signals_list_and_api(supply, users, api_as, client):
    client.force_login(users["viewer"])
    assert client.get("/labour/skills-demand-signals/").status_code == 200
    assert client.get("/labour/skills-demand-signals/?export=csv").status_code == 200
    response = api_as("viewer").get("/api/labour/skills-demand-signals/")
    assert response.status_code == 200 and response.json()["count"] == 2
    # a country coordinator for LA may add a Lao signal but not a Cambodian one
    coordinator = api_as("country_coordinator")
    ok = coordinator.post("/api/labour/skills-demand-signals/", {
        "occupation": "35", "country": "LA", "size_kind": "qualitative", "level": "high", "date": "2025",
        "source_title": "note"}, format="json")
    assert ok.status_code == 201, ok.content
    refused = coordinator.post("/api/labour/skills-demand-signals/", {
        "occupation": "35", "country": "KH", "size_kind": "qualitative", "level": "high", "date": "2025",
        "source_title": "note"}, format="json")
    assert refused.status_code == 403


def test_gap_figures_mask_small_counts_of_people(supply, users, api_as, client):
    """Two Lao trainees completed in 2024, two traced, one employed: the secretariat reads the numbers; a viewer
    reads "< 5" for each count of people and no employment rate (1 of 2 would say who), on the page and the API."""
    exact = {c["occupation_group"]: c for c in api_as("secretariat_admin").get("/api/labour/gaps/?country=LA").json()}
    assert (exact["742"]["completions"], exact["742"]["completions_by_year"], exact["742"]["employment_rate"]) == (
        2, {"2024": 2}, 50)
    shown = {c["occupation_group"]: c for c in api_as("viewer").get("/api/labour/gaps/?country=LA").json()}
    assert (shown["742"]["completions"], shown["742"]["completions_by_year"], shown["742"]["employment_rate"]) == (
        "< 5", {"2024": "< 5"}, "—")
    assert shown["742"]["annual_intake"] == 120 and shown["742"]["gap"] == 180  # not counts of people
    client.force_login(users["viewer"])
    html = client.get("/labour/gaps/?country=LA&level=minor").content.decode()
    assert "&lt; 5 / &lt; 5" in html and "1 / 2" not in html
    detail = client.get("/labour/gaps/LA/742/").content.decode()
    tracer = detail[detail.index("Employment after training"):]
    assert re.findall(r'<td class="num">([^<]*)</td>', tracer) == ["&lt; 5", "&lt; 5"]
    client.force_login(users["secretariat_admin"])
    html = client.get("/labour/gaps/?country=LA&level=minor").content.decode()
    assert "1 / 2" in html


def test_a_year_of_completions_is_not_given_back_by_the_total(system_user, reference):
    from skillsnet.core.privacy import AT_LEAST, MASK

    cell = queries.Cell(country="LA", code="742", completions_years={2023: 9, 2024: 1, 2025: 6}, traced=8,
                        employed=7)
    people = queries.shown_people(cell, None)
    assert (people["completions"], people["by_year"], people["employment_rate"]) == (16, {2023: 9, 2024: 1,
                                                                                          2025: 6}, 88)
    from django.contrib.auth.models import AnonymousUser

    people = queries.shown_people(cell, AnonymousUser())
    # 2024's one is masked, 2025's six hidden beside it (16 - 9 - 6 would give the one); 8 traced, 7 employed:
    # 8 - 7 = 1 not employed would be given back, so the employed count is hidden and the rate with it
    assert people["by_year"] == {2023: 9, 2024: MASK, 2025: AT_LEAST} and people["completions"] == 16
    assert (people["employed"], people["traced"], people["employment_rate"]) == (AT_LEAST, 8, "—")

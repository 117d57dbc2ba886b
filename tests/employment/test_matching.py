"""Two-way matching with explanations; the cross-border match through the recognition engine."""
import datetime

from skillsnet.core import services as core
from skillsnet.directory.models import Country, IscoOccupation
from skillsnet.employment import queries, services
from skillsnet.employment.models import Vacancy
from skillsnet.recognition.models import RecognitionCase

from .conftest import TODAY


def test_lao_mechanic_matches_cambodian_vacancy_through_recognition(world, mechanic):
    person, profile, _user = mechanic
    matches = queries.rank_profiles(world["company_user"], world["vacancy"])
    assert [m.obj.pk for m in matches] == [profile.pk]
    m = matches[0]
    # By hand: same ISCO unit group 7231 (+20); Lao qualification compared in Cambodia = partial with top-up (+12)
    # (two of three core units linked as equivalent, the third closed by the published top-up module); willing to
    # work in Cambodia (+6); no units, credential or language asked.
    points = {c.key: c.points for c in m.components}
    assert points == {"occupation": 20, "units": 0, "credentials": 0, "recognition": 12, "language": 0, "place": 6}
    assert m.score == 38
    text = " ".join(m.component("recognition").reasons)
    assert "Auto Mechanic Level 1 (LA)" in text and "Automotive mechanic certificate (KH)" in text
    assert "recognition engine" in text and "partial recognition with compensation" in text
    assert "Vehicle electrics bridging" in text and "Cambodia" in text

    # the other way round: the person's ranked vacancies explain the same outcome
    found = queries.rank_vacancies(profile)
    assert [v.obj.pk for v in found] == [world["vacancy"].pk]
    assert found[0].score == 38
    assert "partial recognition with compensation" in " ".join(found[0].component("recognition").reasons)


def test_without_the_recognition_outcome_no_recognition_points(world):
    """A trainee holding no comparable qualification still matches on occupation, but the explanation says no
    qualification of theirs is recognised."""
    _person, profile, _u = world["trainee"]("Bounmy Keo")
    m = queries.rank_profiles(world["company_user"], world["vacancy"])[0]
    assert m.obj.pk == profile.pk
    assert m.component("recognition").points == 0
    assert "No qualification they hold is recognised" in " ".join(m.component("recognition").reasons)
    assert m.score == 26  # 20 occupation + 6 place


def test_decided_recognition_case_counts_as_full(world, mechanic, system_user):
    person, profile, _u = mechanic
    case = core.create_object(system_user, RecognitionCase, {
        "person": person, "qualification": world["la_mechanic"], "target_country": Country.objects.get(pk="KH"),
        "purpose": "employment"})
    from skillsnet.recognition import services as recognition

    recognition.decide_case(system_user, case.pk, "full", "Equivalent after a skills test.", case.version,
                            target_qualification_id=world["kh_mechanic"].pk)
    m = queries.rank_profiles(world["company_user"], world["vacancy"])[0]
    assert m.component("recognition").points == 20
    assert "decided recognition case" in " ".join(m.component("recognition").reasons)


def test_units_languages_and_place_components(world, system_user):
    """A vacancy asking two units (the person covers one) and Lao: +15 units, +10 language; a person not willing to
    work in the vacancy's country is not ranked at all."""
    vacancy = services.create_vacancy(system_user, {
        "title": "Brake technician", "description": "Brakes.", "employer": world["company"],
        "occupation": IscoOccupation.objects.get(pk="7231"), "country": Country.objects.get(pk="KH"),
        "required_units": [world["kh_brakes"], world["kh_electrics"]], "languages": ["lo"], "status": "open"})
    _p, profile, _u = world["trainee"]("Kham Vongsa", qualifications=[world["kh_mechanic"]])
    # holds the Cambodian qualification: covers all three KH units → both required units (+30)
    m = queries.rank_profiles(system_user, vacancy)[0]
    assert m.obj.pk == profile.pk
    assert {c.key: c.points for c in m.components} == {
        "occupation": 20, "units": 30, "credentials": 0, "recognition": 0, "language": 10, "place": 6}
    stay_home = world["trainee"]("Noy Sisouk", qualifications=[world["kh_mechanic"]])[1]
    services.update_my_profile(system_user, stay_home.pk, {"willing_countries": []}, stay_home.version)
    assert stay_home.pk not in [x.obj.pk for x in queries.rank_profiles(system_user, vacancy)]


def test_closed_or_past_vacancies_are_not_offered(world, mechanic, system_user):
    _p, profile, _u = mechanic
    v = world["vacancy"]
    services.update_vacancy(system_user, v.pk, {"closing_date": TODAY - datetime.timedelta(days=1),
                                                 "posted_on": TODAY - datetime.timedelta(days=10)}, v.version)
    assert queries.rank_vacancies(profile) == []
    v = Vacancy.objects.get(pk=v.pk)
    services.update_vacancy(system_user, v.pk, {"closing_date": None, "status": "closed"}, v.version)
    assert queries.rank_vacancies(profile) == []
    v = Vacancy.objects.get(pk=v.pk)
    services.update_vacancy(system_user, v.pk, {"status": "open"}, v.version)
    assert [m.obj.pk for m in queries.rank_vacancies(profile)] == [v.pk]


def test_matches_api_and_page(world, mechanic, api_as, client):
    from rest_framework.test import APIClient

    from skillsnet.accounts.services import token_for

    _p, profile, user = mechanic
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_for(world['company_user']).key}")
    rows = api.get(f"/api/employment/vacancy/{world['vacancy'].pk}/candidates/").json()
    assert rows[0]["profile"] == profile.pk and rows[0]["score"] == 38
    assert {c["key"]: c["points"] for c in rows[0]["components"]}["recognition"] == 12
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user).key}")
    rows = me.get(f"/api/employment/profile/{profile.pk}/vacancies/").json()
    assert rows[0]["vacancy"] == world["vacancy"].pk
    assert api_as("viewer").get(f"/api/employment/vacancy/{world['vacancy'].pk}/candidates/").status_code == 403
    client.force_login(world["company_user"])
    page = client.get(f"/employment/vacancy/{world['vacancy'].pk}/candidates/").content.decode()
    assert "Souksavanh Phommachanh" in page and "partial recognition with compensation" in page

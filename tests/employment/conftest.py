"""A small cross-border world built through the services: a Lao-trained auto mechanic, a Cambodian company with a
vacancy, the Lao and Cambodian qualifications and their AQRF referencing, a top-up module."""
import datetime

import pytest

from skillsnet.accounts.services import create_user
from skillsnet.activities import services as activity_services
from skillsnet.core import services as core
from skillsnet.curricula import services as curricula
from skillsnet.curricula.models import Curriculum, Module
from skillsnet.directory.models import Country, IscoOccupation, Language
from skillsnet.employment import services
from skillsnet.employment.models import JobSeekerProfile, Vacancy
from skillsnet.labour.models import ActivityOccupation
from skillsnet.people import services as people
from skillsnet.people.models import Person
from skillsnet.recognition import services as recognition
from skillsnet.recognition.models import CompetencyUnit, Framework, Level, LevelReference, Qualification
from tests.conftest import PASSWORD, make_org

TODAY = datetime.date.today()


def _framework(actor, code, country, status, levels):
    fw = core.create_object(actor, Framework, {"code": code, "name": f"{code} framework", "short_name": code,
                                               "kind": "nqf", "country": Country.objects.get(pk=country)})
    out = {}
    for n, (lcode, aqrf) in enumerate(levels, start=1):
        level = core.create_object(actor, Level, {"framework": fw, "code": lcode, "title": lcode, "order": n})
        core.create_object(actor, LevelReference, {
            "level": level, "aqrf_level": Level.objects.get(framework__code="AQRF", order=aqrf), "status": status,
            "source": f"{code} test source", "validated_by": "Test authority"})
        out[lcode] = level
    return out


def _unit(actor, code, title, country, outcomes, hours):
    return core.create_object(actor, CompetencyUnit, {
        "code": code, "title": title, "country": Country.objects.get(pk=country), "learning_outcomes": outcomes,
        "nominal_hours": hours, "isco_occupation": IscoOccupation.objects.get(pk="7231")})


def _qualification(actor, title, country, level, units, isco="7231"):
    q = core.create_object(actor, Qualification, {
        "title": title, "country": Country.objects.get(pk=country), "level": level, "status": "active",
        "isco_occupation": IscoOccupation.objects.get(pk=isco)})
    for u in units:
        recognition.add_unit(actor, q.pk, u.pk, "core")
    return q


@pytest.fixture
def world(orgs, system_user):
    actor = system_user
    aqrf = core.create_object(actor, Framework, {"code": "AQRF", "name": "AQRF", "kind": "aqrf"})
    for n in range(1, 6):
        lvl = core.create_object(actor, Level, {"framework": aqrf, "code": str(n), "title": f"AQRF {n}", "order": n})
        core.create_object(actor, LevelReference, {"level": lvl, "aqrf_level": lvl, "status": "official",
                                                   "source": "AQRF", "validated_by": "AQRF Committee"})
    lx = _framework(actor, "LX", "LA", "official", [("c2", 3)])
    kx = _framework(actor, "KX", "KH", "proposed", [("c3", 3)])
    kh_brakes = _unit(actor, "KH-01", "Inspect and repair brake systems", "KH", ["Inspect disc and drum brakes"], 80)
    kh_engine = _unit(actor, "KH-02", "Service petrol engines", "KH", ["Change engine oil and filters"], 120)
    kh_electrics = _unit(actor, "KH-03", "Diagnose vehicle electrical systems", "KH",
                         ["Read fault codes with an on-board diagnostics scanner"], 60)
    kh_mechanic = _qualification(actor, "Automotive mechanic certificate", "KH", kx["c3"],
                                 [kh_brakes, kh_engine, kh_electrics])
    la_brakes = _unit(actor, "LA-01", "Brake maintenance", "LA", ["Maintain hydraulic braking circuits"], 80)
    la_engine = _unit(actor, "LA-02", "Engine servicing", "LA", ["Service four-stroke engines"], 120)
    la_welding = _unit(actor, "LA-03", "Welding of steel structures", "LA", ["Weld mild steel plates"], 100)
    recognition.link_units(actor, la_brakes.pk, kh_brakes.pk, "equivalent", notes="same outcomes")
    recognition.link_units(actor, la_engine.pk, kh_engine.pk, "equivalent", notes="same outcomes")
    la_mechanic = _qualification(actor, "Auto Mechanic Level 1", "LA", lx["c2"], [la_brakes, la_engine, la_welding])
    cur = core.create_object(actor, Curriculum, {"title": "Joint automotive curriculum", "co_authors": []})
    version = curricula.create_version(actor, {"curriculum": cur})
    curricula.create_module(actor, {"curriculum_version": version, "code": "T1", "title": "Vehicle electrics bridging",
                                    "hours": 40, "kind": Module.Kind.TOP_UP, "units": [kh_electrics]})
    curricula.publish_version(actor, version.pk, version.version)

    company = make_org(actor, "Mekong Auto Service Co.", "KH", kind="company")
    other_company = make_org(actor, "Vientiane Motors", "LA", kind="company")
    company_user = create_user(None, "company1", PASSWORD, roles=[("company_focal_point", company, None)])
    other_company_user = create_user(None, "company2", PASSWORD, roles=[("company_focal_point", other_company, None)])
    training = activity_services.create_activity(actor, {
        "title": "Auto mechanics course", "kind": "training_programme", "start": datetime.date(2025, 1, 6),
        "end": datetime.date(2025, 6, 30), "host": orgs["own"], "country": Country.objects.get(pk="LA")})
    core.create_object(actor, ActivityOccupation, {"activity": training,
                                                   "isco_occupation": IscoOccupation.objects.get(pk="7231")})

    def trainee(name, sex="male", consent=True, username=None, qualifications=(), email=""):
        person = people.create_person(actor, {"name": name, "sex": sex, "organisation": orgs["own"],
                                              "nationality": Country.objects.get(pk="LA"), "kind": "student"})
        people.record_participation(actor, person.pk, training.pk, attended=True, completed=True)
        user = create_user(None, username, PASSWORD) if username else None
        profile = services.create_profile(actor, {
            "person": person, "user": user, "consent_given": consent, "home_country": Country.objects.get(pk="LA"),
            "willing_countries": [Country.objects.get(pk="KH")], "languages": [Language.objects.get(pk="lo")],
            "qualifications": list(qualifications), "email": email, "phone": "+856 20 5555 0101" if email else ""},
            reason="signed consent form")
        return person, JobSeekerProfile.all_profiles.get(pk=profile.pk), user

    vacancy = services.create_vacancy(actor, {
        "title": "Light-vehicle mechanic", "description": "Service and repair light vehicles in our Phnom Penh "
        "workshop.", "employer": company, "occupation": IscoOccupation.objects.get(pk="7231"),
        "required_qualifications": [kh_mechanic], "country": Country.objects.get(pk="KH"), "city": "Phnom Penh",
        "mobility": "relocation", "employment_type": "FULL_TIME", "positions": 3, "pay_min": 350, "pay_max": 500,
        "currency": "USD", "pay_period": "MONTH", "start_date": TODAY + datetime.timedelta(days=30),
        "posted_on": TODAY, "closing_date": TODAY + datetime.timedelta(days=20), "status": "open"})
    return {"company": company, "other_company": other_company, "company_user": company_user,
            "other_company_user": other_company_user, "training": training, "trainee": trainee,
            "vacancy": vacancy, "kh_mechanic": kh_mechanic, "la_mechanic": la_mechanic, "kh_electrics": kh_electrics,
            "kh_brakes": kh_brakes}


@pytest.fixture
def mechanic(world):
    """The Lao-trained mechanic: consenting, signs in as 'mechanic', holds the Lao qualification."""
    return world["trainee"]("Souksavanh Phommachanh", username="mechanic", qualifications=[world["la_mechanic"]],
                            email="souksavanh@example.la")


def person_named(name):
    return Person.objects.get(name=name)


def vacancy_open(vacancy):
    return Vacancy.objects.get(pk=vacancy.pk).is_open

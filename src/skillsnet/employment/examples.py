"""The example data set of the employment services (`skillsnet demo --examples`).

The seed articles state no vacancy, employer need or job seeker, so everything here is invented to show the feature
working, and says so: organisations and persons are named "[Example] …", every vacancy, profile, application,
placement and tracer survey has is_example=True (shown as "example" in lists, pages, feeds and the API). The only
real records used are ISCO-08 codes, countries, languages and, when the demo loaded them, the qualifications of the
recognition data (with their published sources). Loading twice adds nothing.
"""
import datetime

from django.apps import apps

from skillsnet.core import services as core

from . import services
from .models import Application, JobSeekerProfile, Vacancy

PREFIX = "[Example] "
REASON = "example data (skillsnet demo --examples): not from the seed articles"


def _org(actor, name, country, kind):
    Organisation = apps.get_model("directory", "Organisation")
    org = Organisation.objects.filter(name=PREFIX + name).first()
    return org or core.create_object(actor, Organisation, {
        "name": PREFIX + name, "kind": kind, "country": _country(country),
        "description": "Example organisation for the employment services; not a real organisation."}, reason=REASON)


def _country(code):
    return apps.get_model("directory", "Country").objects.get(pk=code)


def _isco(code):
    return apps.get_model("directory", "IscoOccupation").objects.get(pk=code)


def _qualification(title_start, country):
    Qualification = apps.get_model("recognition", "Qualification")
    return Qualification.objects.filter(title__startswith=title_start, country_id=country).order_by("pk").first()


def _vacancies(actor, today):
    kh = _org(actor, "Mekong auto-repair company", "KH", "company")
    cn = _org(actor, "Tianjin robotics manufacturer", "CN", "company")
    la = _org(actor, "Vientiane electrical contractor", "LA", "company")
    specs = [
        (kh, "Light-vehicle mechanic", "7231", "KH", "Phnom Penh", "relocation", 3, (350, 500, "USD"), "open",
         ["km"], None),
        (cn, "Auto mechanic (intermediate worker)", "7231", "CN", "Tianjin", "relocation", 2, (5000, 6500, "CNY"),
         "open", [], _qualification("Auto mechanic, intermediate worker", "CN")),
        (cn, "Industrial robot maintenance technician", "7233", "CN", "Tianjin", "relocation", 2,
         (6000, 8000, "CNY"), "open", ["zh"], _qualification("Industrial robot system maintenance", "CN")),
        (la, "Control-panel electrician", "7411", "LA", "Vientiane", "on_site", 1, (3_000_000, 4_500_000, "LAK"),
         "closed", ["lo"], None),
    ]
    Language = apps.get_model("directory", "Language")
    made = []
    for org, title, isco, country, city, mobility, positions, (low, high, currency), status, langs, qual in specs:
        existing = Vacancy.objects.filter(title=PREFIX + title, employer=org).first()
        if existing:
            made.append(existing)
            continue
        made.append(services.create_vacancy(actor, {
            "title": PREFIX + title, "employer": org, "occupation": _isco(isco), "country": _country(country),
            "description": "Example vacancy loaded with 'skillsnet demo --examples' to show the employment "
                           "services; no such vacancy was published.",
            "city": city, "mobility": mobility, "positions": positions, "pay_min": low, "pay_max": high,
            "currency": currency, "pay_period": "MONTH", "employment_type": "FULL_TIME", "status": status,
            "languages": list(Language.objects.filter(pk__in=langs)),
            "required_qualifications": [qual] if qual else [],
            "posted_on": today, "start_date": today + datetime.timedelta(days=45),
            "closing_date": today + datetime.timedelta(days=30), "is_example": True}, reason=REASON))
    return made


def _profiles(actor):
    Person = apps.get_model("people", "Person")
    Language = apps.get_model("directory", "Language")
    specs = [("Job seeker A (auto mechanic)", "male", "LA", "7231", ["lo", "en"], ["KH", "CN"],
              _qualification("Auto Mechanic Level 2", "LA")),
             ("Job seeker B (robotics)", "female", "LA", "7233", ["lo", "zh"], ["CN"], None),
             ("Job seeker C (electrician)", "female", "MM", "7411", ["my"], [], None)]
    made = []
    for name, sex, country, isco, langs, willing, qual in specs:
        person = Person.objects.filter(name=PREFIX + name).first()
        if person is None:
            person = core.create_object(actor, Person, {
                "name": PREFIX + name, "sex": sex, "nationality": _country(country), "kind": "student",
                "consent_given": True, "notes": "Example person (skillsnet demo --examples); not a real person."},
                reason=REASON)
        profile = JobSeekerProfile.all_profiles.filter(person=person).first()
        if profile is None:
            profile = services.create_profile(actor, {
                "person": person, "consent_given": True, "headline": "Example job seeker", "home_country":
                _country(country), "occupations": [_isco(isco)], "languages": list(Language.objects.filter(
                    pk__in=langs)), "willing_countries": [_country(c) for c in willing],
                "qualifications": [qual] if qual else [], "email": "example@example.org", "is_example": True},
                reason=REASON)
        made.append(profile)
    return made


def load_examples(actor):
    today = datetime.date.today()
    vacancies = _vacancies(actor, today)
    profiles = _profiles(actor)
    if not Application.all_applications.filter(vacancy=vacancies[0], profile=profiles[0]).exists():
        core.create_object(actor, Application, {"vacancy": vacancies[0], "profile": profiles[0], "stage": "invited",
                                                "note": "Example invitation", "is_example": True}, reason=REASON)
    return {"vacancies": vacancies, "profiles": profiles}

"""The employment side of `skillsnet bench --employment`: synthetic vacancies and job-seeker profiles (persons
named "SYNTHETIC employment …", written raw with their match features, like a restore), then the two matching
timings: one person against all vacancies (budget 200 ms at 50,000 vacancies) and one vacancy against all profiles
(budget 500 ms at 200,000 profiles). Both run the real ranking (employment.queries), recognition engine included:
a share of the vacancies require a Cambodian qualification and a share of the profiles hold a Lao one that the
engine compares with it. No test asserts a time."""
import random
import statistics
import time

from django.db import connection, transaction

from .fastload import analyse, insert_rows

PREFIX = "SYNTHETIC employment"
DEFAULTS = {"vacancies": 50_000, "profiles": 200_000}
BUDGETS_MS = {"person_vs_vacancies": 200, "vacancy_vs_profiles": 500}
COUNTRIES = ["KH", "LA", "CN", "MM", "ID"]
OCCUPATIONS = ["7231", "7233", "7411", "7412", "7212", "7126", "3113", "3114", "3115", "8211", "7522", "7421",
               "2512", "3512", "7543", "8160", "5120", "7311", "7233", "7231"]
LANGUAGES = {"KH": "km", "LA": "lo", "CN": "zh", "MM": "my", "ID": "id"}


def add_arguments(parser):
    parser.add_argument("--employment", action="store_true",
                        help="only the employment matching bench (synthetic vacancies and job-seeker profiles)")
    parser.add_argument("--vacancies", type=int, default=DEFAULTS["vacancies"])
    parser.add_argument("--profiles", type=int, default=DEFAULTS["profiles"])


def _get(app, model):
    from django.apps import apps

    return apps.get_model(app, model)


def remove_synthetic():
    """Raw deletes of earlier synthetic employment rows (no change log for fake data)."""
    Person = _get("people", "Person")
    Organisation = _get("directory", "Organisation")
    Vacancy, Profile = _get("employment", "Vacancy"), _get("employment", "JobSeekerProfile")
    ProfileFeature, VacancyFeature = _get("employment", "ProfileFeature"), _get("employment", "VacancyFeature")
    Qualification = _get("recognition", "Qualification")
    with transaction.atomic():
        profiles = Profile.all_profiles.filter(person__name__startswith=PREFIX)
        ProfileFeature.objects.filter(profile__in=profiles.values("pk"))._raw_delete(connection.alias)
        profiles._raw_delete(connection.alias)
        Person.objects.filter(name__startswith=PREFIX)._raw_delete(connection.alias)
        vacancies = Vacancy.objects.filter(employer__name__startswith=PREFIX)
        VacancyFeature.objects.filter(vacancy__in=vacancies.values("pk"))._raw_delete(connection.alias)
        Vacancy.required_qualifications.through.objects.filter(vacancy__in=vacancies.values("pk"))._raw_delete(
            connection.alias)
        vacancies._raw_delete(connection.alias)
        Qualification.objects.filter(title__startswith=PREFIX).delete()
        _get("recognition", "CompetencyUnit").objects.filter(title__startswith=PREFIX).delete()
        Organisation.objects.filter(name__startswith=PREFIX).delete()


def _recognition_pair():
    """A Lao and a Cambodian qualification (ISCO 7231) with two units linked as equivalent out of three: the engine
    proposes partial recognition, so ranking runs it for real."""
    Country = _get("directory", "Country")
    Qualification = _get("recognition", "Qualification")
    Unit, QUnit, Link = _get("recognition", "CompetencyUnit"), _get("recognition", "QualificationUnit"), \
        _get("recognition", "UnitLink")
    made = {}
    for code in ("LA", "KH"):
        q = Qualification.objects.create(title=f"{PREFIX} auto mechanic ({code})", country=Country.objects.get(pk=code),
                                         status="active", isco_occupation_id="7231")
        units = [Unit.objects.create(code=f"SYN-{code}-{n}", title=f"{PREFIX} unit {n}", country_id=code,
                                     learning_outcomes=[f"outcome {n}"], isco_occupation_id="7231") for n in range(3)]
        for u in units:
            QUnit.objects.create(qualification=q, unit=u, kind="core")
        made[code] = (q, units)
    for n in range(2):
        Link.objects.create(unit_a=made["LA"][1][n], unit_b=made["KH"][1][n], relation="equivalent")
    return made["LA"][0], made["KH"][0]


def _occupation_rows(code):
    return [(f"o{n}", code[:n]) for n in (4, 3, 2)]


def generate(n_vacancies, n_profiles, progress):
    Organisation = _get("directory", "Organisation")
    Person = _get("people", "Person")
    Vacancy, Profile = _get("employment", "Vacancy"), _get("employment", "JobSeekerProfile")
    ProfileFeature, VacancyFeature = _get("employment", "ProfileFeature"), _get("employment", "VacancyFeature")
    rnd = random.Random(11)
    la_q, kh_q = _recognition_pair()
    companies = [Organisation.objects.create(name=f"{PREFIX} company {c}", kind="company", country_id=c)
                 for c in COUNTRIES]
    from skillsnet.core import keep
    from skillsnet.matching import rankcache

    rankcache.inputs_changed()  # written without the services' post-write steps: nothing kept holds them
    keep.data_changed()  # nor do the values kept under the data's version (core.keep: the dashboard)
    with transaction.atomic():
        start = (Vacancy.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        rows, features, links = [], [], []
        for i in range(n_vacancies):
            company = companies[i % len(companies)]
            occ = rnd.choice(OCCUPATIONS)
            status = "open" if rnd.random() < 0.8 else "closed"
            rows.append((start + i, f"{PREFIX} vacancy {i}", "synthetic", company.pk, occ, company.country_id, status,
                         "relocation" if rnd.random() < 0.3 else "on_site", 1))
            is_open = status == "open"
            for k, v in _occupation_rows(occ) + [("cty", company.country_id),
                                                 ("lang", LANGUAGES[company.country_id])]:
                features.append((start + i, k, v, is_open, 10.0 if k == "lang" else 0.0))
            if company.country_id == "KH" and occ == "7231" and rnd.random() < 0.5:
                features.append((start + i, "q", str(kh_q.pk), is_open, 0.0))
                links.append((start + i, kh_q.pk))
        insert_rows(Vacancy, ["id", "title", "description", "employer_id", "occupation_id", "country_id", "status",
                              "mobility", "positions"], rows)
        insert_rows(VacancyFeature, ["vacancy_id", "kind", "value", "open", "weight"], features)
        insert_rows(Vacancy.required_qualifications.through, ["vacancy_id", "qualification_id"], links)
    progress(f"{n_vacancies} vacancies, {len(features)} vacancy features")
    with transaction.atomic():
        first_person = (Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first_profile = (Profile.all_profiles.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        persons, profiles, features = [], [], []
        for i in range(n_profiles):
            home = rnd.choice(COUNTRIES)
            persons.append((first_person + i, f"{PREFIX} person {i}", rnd.choice(["female", "male"]), home, "student"))
            profiles.append((first_profile + i, first_person + i, True, home))
            for occ in {rnd.choice(OCCUPATIONS) for _n in range(rnd.choice([1, 1, 2]))}:
                features += [(first_profile + i, k, v, "") for k, v in _occupation_rows(occ)]
            features += [(first_profile + i, "cty", home, ""), (first_profile + i, "lang", LANGUAGES[home], "")]
            if rnd.random() < 0.3:
                features.append((first_profile + i, "cty", rnd.choice(COUNTRIES), ""))
            if home == "LA" and rnd.random() < 0.3:
                features.append((first_profile + i, "q", str(la_q.pk), "LA"))
        insert_rows(Person, ["id", "name", "sex", "nationality_id", "kind"], persons)
        insert_rows(Profile, ["id", "person_id", "consent_given", "home_country_id"], profiles)
        insert_rows(ProfileFeature, ["profile_id", "kind", "value", "detail"], features)
    _reset_sequences(Vacancy, Person, Profile)
    progress(f"{n_profiles} profiles, {len(features)} profile features")
    analyse()
    return la_q, kh_q


def _reset_sequences(*models):
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def _timed(func, repeat):
    times, result = [], None
    for _i in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main(opts, console):
    from rich.table import Table

    from skillsnet.employment import queries
    from skillsnet.employment.models import JobSeekerProfile, Vacancy

    scale = opts.get("scale") or 1.0
    sizes = {k: max(1, int(round((opts.get(k) or DEFAULTS[k]) * scale))) for k in DEFAULTS}
    repeat = opts.get("repeat") or 3
    if not opts.get("reuse"):
        console.print(f"[bench] employment: writing synthetic vacancies and profiles into {connection.vendor} "
                      f"database {connection.settings_dict.get('NAME')} (earlier '{PREFIX}' rows are replaced)")
        remove_synthetic()
        t0 = time.perf_counter()
        generate(sizes["vacancies"], sizes["profiles"],
                 lambda what: console.print(f"[bench] {what} written ({time.perf_counter() - t0:.1f} s)"))
    n_vac = Vacancy.objects.filter(employer__name__startswith=PREFIX, status="open").count()
    n_prof = JobSeekerProfile.objects.filter(person__name__startswith=PREFIX).count()
    # a Lao mechanic willing to work in Cambodia, holding the Lao qualification: the engine runs for Cambodia
    profile = (JobSeekerProfile.objects.filter(person__name__startswith=PREFIX, features__kind="q")
               .filter(features__kind="cty", features__value="KH").order_by("pk").first()
               or JobSeekerProfile.objects.filter(person__name__startswith=PREFIX).order_by("pk").first())
    vacancy = (Vacancy.objects.filter(employer__name__startswith=PREFIX, status="open", features__kind="q")
               .order_by("pk").first()
               or Vacancy.objects.filter(employer__name__startswith=PREFIX, status="open").order_by("pk").first())
    from .run import _bench_user

    user = _bench_user()
    t_person, found = _timed(lambda: queries.rank_vacancies(profile, limit=50), repeat)
    t_vacancy, ranked = _timed(lambda: queries.rank_profiles(user, vacancy, limit=50), repeat)
    table = Table(title=f"skillsnet bench — employment matching, {connection.vendor}")
    for col in ("operation", "skillsnet ms", "budget", "within budget"):
        table.add_column(col, justify="left" if col == "operation" else "right")
    results = {}
    for key, name, ms in (("person_vs_vacancies", f"one person against {n_vac:,} open vacancies (top 50, "
                           f"explained)", t_person),
                          ("vacancy_vs_profiles", f"one vacancy against {n_prof:,} consenting profiles (top 50, "
                           f"explained)", t_vacancy)):
        ok = ms <= BUDGETS_MS[key]
        table.add_row(name, f"{ms:.1f}", f"≤ {BUDGETS_MS[key]} ms", "yes" if ok else "NO")
        results[key] = {"ms": ms, "ok": ok}
    console.print(table)
    console.print(f"[bench] employment: {len(found)} vacancies ranked for the person (best {found[0].score if found else '—'}), "
                  f"{len(ranked)} profiles ranked for the vacancy (best {ranked[0].score if ranked else '—'})")
    results["counts"] = {"vacancies_open": n_vac, "profiles": n_prof, "person_matches": len(found),
                         "vacancy_matches": len(ranked)}
    return results

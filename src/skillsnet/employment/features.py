"""The match features of a profile and of a vacancy: (kind, value) rows the matching ranks on set-based.

Kinds
  o4 / o3 / o2   ISCO-08 unit group / minor group / sub-major group (occupations sought, trained for, qualified in)
  unit           a competency unit (id) covered (profile) or required (vacancy)
  q              a qualification (id) held (profile; `detail` its country) or required (vacancy)
  rcf / rcp      a qualification (id) the person was recognised for by a decided recognition case, fully / partially
  cred           an ISCO-08 minor group backed by a verified (not revoked, not suspended) credential
  lang           a language (code)
  mob            'remote': the vacancy can be done remotely (no country needed)
  cty            a country the person is willing to work in ("*" = anywhere) / the vacancy's country
  prov           the person's province / the vacancy's province

Only profiles whose consent is in force have feature rows (services delete them on revocation, in the same
transaction), so a revoked profile cannot be ranked.
"""
from django.apps import apps

from .models import JobSeekerProfile, ProfileFeature, Vacancy, VacancyFeature


def occupation_rows(code):
    code = (code or "").strip()
    return [(f"o{n}", code[:n]) for n in (4, 3, 2) if len(code) >= n]


def _completed_activity_occupations(person_id):
    ActivityOccupation = apps.get_model("labour", "ActivityOccupation")
    Participation = apps.get_model("people", "Participation")
    done = Participation.objects.filter(person_id=person_id, completed=True).values("activity_id")
    return set(ActivityOccupation.objects.filter(activity_id__in=done).values_list("isco_occupation_id", flat=True))


def _verified_credentials(person_id):
    """(qualification ids, ISCO codes) backed by credentials that are neither revoked nor suspended."""
    Credential = apps.get_model("credentials", "IssuedCredential")
    ActivityOccupation = apps.get_model("labour", "ActivityOccupation")
    Qualification = apps.get_model("recognition", "Qualification")
    creds = Credential.objects.filter(subject_id=person_id, revoked_at__isnull=True, suspended_at__isnull=True)
    qual_ids = {int(s) for s in creds.filter(kind="qualification").values_list("source_id", flat=True)
                if str(s).isdigit()}
    qual_ids &= set(Qualification.objects.filter(pk__in=qual_ids).values_list("pk", flat=True))
    codes = set(ActivityOccupation.objects.filter(
        activity_id__in=creds.exclude(participation=None).values("participation__activity_id"))
        .values_list("isco_occupation_id", flat=True))
    codes |= {c for c in Qualification.objects.filter(pk__in=qual_ids).values_list("isco_occupation_id", flat=True)
              if c}
    return qual_ids, codes


def _recognised(person_id):
    Case = apps.get_model("recognition", "RecognitionCase")
    rows = []
    for target, outcome in Case.objects.filter(person_id=person_id, status="decided",
                                               target_qualification__isnull=False).values_list(
            "target_qualification_id", "outcome"):
        if outcome == "full":
            rows.append(("rcf", str(target)))
        elif outcome == "partial":
            rows.append(("rcp", str(target)))
    return rows


def profile_rows(profile):
    """[(kind, value, detail)] for one profile (empty when its consent is not in force)."""
    if not profile.consent_in_force:
        return []
    Qualification = apps.get_model("recognition", "Qualification")
    QualificationUnit = apps.get_model("recognition", "QualificationUnit")
    person_id = profile.person_id
    cred_quals, cred_codes = _verified_credentials(person_id)
    qual_ids = set(profile.qualifications.values_list("pk", flat=True)) | cred_quals
    quals = list(Qualification.objects.filter(pk__in=qual_ids).values_list("pk", "country_id", "isco_occupation_id"))
    codes = set(profile.occupations.values_list("code", flat=True)) | _completed_activity_occupations(person_id)
    codes |= {isco for _pk, _c, isco in quals if isco} | cred_codes
    rows = set()
    for code in codes:
        rows |= {(k, v, "") for k, v in occupation_rows(code)}
    rows |= {("q", str(pk), country or "") for pk, country, _isco in quals}
    rows |= {("unit", str(u), "") for u in QualificationUnit.objects.filter(qualification_id__in=qual_ids)
             .values_list("unit_id", flat=True)}
    rows |= {("cred", code[:3], "") for code in cred_codes if len(code) >= 3}
    rows |= {(k, v, "") for k, v in _recognised(person_id)}
    rows |= {("lang", code, "") for code in profile.languages.values_list("code", flat=True)}
    countries = set(profile.willing_countries.values_list("code", flat=True))
    if profile.home_country_id:
        countries.add(profile.home_country_id)
    if profile.anywhere:
        countries.add("*")
    rows |= {("cty", c, "") for c in countries}
    if profile.home_province_id:
        rows.add(("prov", profile.home_province_id, ""))
    return sorted(rows)


def refresh_profile(profile_id):
    from skillsnet.people.locks import lock_persons

    # another transaction rebuilding this person's profile commits first, and this one then reads what it wrote
    # (people/locks.py): two rebuilds at once would each keep their own rows, every shared row twice
    lock_persons(JobSeekerProfile.all_profiles.filter(pk=profile_id).values_list("person_id", flat=True))
    profile = JobSeekerProfile.all_profiles.filter(pk=profile_id).first()
    ProfileFeature.objects.filter(profile_id=profile_id).delete()
    if profile is None:
        return
    ProfileFeature.objects.bulk_create([ProfileFeature(profile_id=profile_id, kind=k, value=v, detail=d)
                                        for k, v, d in profile_rows(profile)])


def vacancy_rows(vacancy):
    rows = set(occupation_rows(vacancy.occupation_id))
    rows |= {("unit", str(u)) for u in vacancy.required_units.values_list("pk", flat=True)}
    rows |= {("q", str(q)) for q in vacancy.required_qualifications.values_list("pk", flat=True)}
    rows |= {("lang", c) for c in vacancy.languages.values_list("code", flat=True)}
    rows.add(("cty", vacancy.country_id))
    if vacancy.mobility == Vacancy.Mobility.REMOTE:
        rows.add(("mob", "remote"))
    if vacancy.province_id:
        rows.add(("prov", vacancy.province_id))
    return sorted(rows)


def refresh_vacancy(vacancy_id):
    vacancy = Vacancy.objects.filter(pk=vacancy_id).first()
    VacancyFeature.objects.filter(vacancy_id=vacancy_id).delete()
    if vacancy is None:
        return
    is_open = vacancy.status == Vacancy.Status.OPEN
    rows = vacancy_rows(vacancy)
    VacancyFeature.objects.bulk_create([VacancyFeature(vacancy_id=vacancy_id, kind=k, value=v, open=is_open,
                                                       closing_date=vacancy.closing_date, weight=row_weight(k, rows))
                                        for k, v in rows])


def row_weight(kind, rows):
    """Points one unit (or language) row is worth: the component's points shared among the vacancy's rows."""
    from .queries import POINTS

    if kind not in ("unit", "lang"):
        return 0
    n = sum(1 for k, _v in rows if k == kind)
    return POINTS["units" if kind == "unit" else "lang"] / n


def profiles_of_persons(person_ids, chunk=500):
    person_ids = sorted(person_ids)
    out = []
    for i in range(0, len(person_ids), chunk):
        out += JobSeekerProfile.all_profiles.filter(person_id__in=person_ids[i:i + chunk]).order_by("pk") \
            .values_list("pk", flat=True)
    return out

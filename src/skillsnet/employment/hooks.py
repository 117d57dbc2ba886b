"""What the employment app plugs into the others, from EmploymentConfig.ready():

- post-write steps (core.derived) that keep the match features in line with every write of a profile, a vacancy,
  or what a profile is built from (completions, credentials, recognition decisions);
- the results measures of employment outcomes (results.measures.register_measure);
- open vacancies as demand signals of the labour-market gap analysis (labour.queries.register_demand_source).
"""
from skillsnet.core import derived

from . import features


def _person_ids(model, pks, before, field):
    ids = {row.get(field) for row in before.values() if row.get(field)}
    ids |= set(model._base_manager.filter(pk__in=pks).exclude(**{f"{field}_id": None})
               .values_list(f"{field}_id", flat=True))
    return ids


def _refresh_people(field):
    def step(model, pks, action, before):
        # one query for the profiles of every person written (an import writes thousands): most have none
        for profile_id in features.profiles_of_persons(_person_ids(model, pks, before, field)):
            features.refresh_profile(profile_id)
    return step


def _profiles_changed(model, pks, action, before):
    for pk in pks:
        features.refresh_profile(pk)


def _vacancies_changed(model, pks, action, before):
    for pk in pks:
        features.refresh_vacancy(pk)


def register():
    derived.register("employment.jobseekerprofile", _profiles_changed)
    derived.register("employment.vacancy", _vacancies_changed)
    derived.register("people.participation", _refresh_people("person"))
    derived.register("credentials.issuedcredential", _refresh_people("subject"))
    derived.register("recognition.recognitioncase", _refresh_people("person"))

    from skillsnet.labour.queries import register_demand_source
    from skillsnet.results.measures import register_measure

    from . import measures, queries

    for mtype, function in measures.MEASURE_TYPES:
        register_measure(mtype, function)
    register_demand_source(queries.vacancy_demand)

    from skillsnet.results import privacy

    privacy.PEOPLE_MEASURES.update(code for code, _f in ((m.code, f) for m, f in measures.MEASURE_TYPES))

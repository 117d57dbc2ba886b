"""What the employment app plugs into the others, from EmploymentConfig.ready():

- post-write steps (core.derived) that keep the match features in line with every write of a profile, a vacancy,
  or what a profile is built from (completions, credentials, recognition decisions);
- the results measures of employment outcomes (results.measures.register_measure);
- open vacancies as demand signals of the labour-market gap analysis (labour.queries.register_demand_source).
"""
from django.apps import apps
from django.db import connection

from skillsnet.core import derived
from skillsnet.core.imports_bulk import ids_sql

from . import features


def _link(row, field):
    """The id a snapshot holds for the foreign key `field` (core.changelog.snapshot keys by column: `field_id`)."""
    return row.get(f"{field}_id") or row.get(field)


def _person_ids(model, pks, before, field):
    ids = {_link(row, field) for row in before.values() if _link(row, field)}
    ids |= set(model._base_manager.filter(pk__in=pks).exclude(**{f"{field}_id": None})
               .values_list(f"{field}_id", flat=True))
    return ids


def _refresh_profiles_of(person_ids):
    from skillsnet.people.locks import lock_persons

    lock_persons(person_ids)  # all at once, in id order: each rebuild below then waits for no other writer
    # one query for the profiles of every person written (an import writes thousands): most have none
    for profile_id in features.profiles_of_persons(person_ids):
        features.refresh_profile(profile_id)


def _refresh_people(field):
    def step(model, pks, action, before):
        _refresh_profiles_of(_person_ids(model, pks, before, field))
    return step


def _participations_changed(model, pks, action, before):
    """A participation counts in a profile's features only through the occupations of its activity (a completed
    training): only the people whose written participations are in such an activity, before or after the write,
    have their profile rebuilt. Most trainings have no occupation recorded, and most people no profile."""
    ActivityOccupation = apps.get_model("labour", "ActivityOccupation")
    rows = [(_link(row, "person"), _link(row, "activity")) for row in before.values()]
    # only the rows in a training with occupations (most have none) are read; an import's thousands of ids go as
    # one parameter
    written = model._base_manager.filter(activity_id__in=ActivityOccupation.objects.values("activity_id"))
    found = ids_sql(connection.ops.quote_name(model._meta.db_table) + ".id", pks) if len(pks) > 500 else None
    written = written.extra(where=[found[0]], params=found[1]) if found is not None else written.filter(pk__in=pks)
    rows += list(written.values_list("person_id", "activity_id"))
    activities = {activity for _person, activity in rows if activity}
    if not activities:
        return
    with_occupations = set(ActivityOccupation.objects.filter(activity_id__in=activities).order_by()
                           .values_list("activity_id", flat=True).distinct())
    _refresh_profiles_of({person for person, activity in rows if person and activity in with_occupations})


def _activity_occupations_changed(model, pks, action, before):
    """An occupation added to or removed from a training changes the features of everyone who completed it."""
    activities = {_link(row, "activity") for row in before.values() if _link(row, "activity")}
    activities |= set(model._base_manager.filter(pk__in=pks).values_list("activity_id", flat=True))
    if not activities:
        return
    Participation = apps.get_model("people", "Participation")
    _refresh_profiles_of(set(Participation.objects.filter(activity_id__in=activities, completed=True).order_by()
                             .values_list("person_id", flat=True).distinct()))


def _profiles_changed(model, pks, action, before):
    for pk in pks:
        features.refresh_profile(pk)


def _vacancies_changed(model, pks, action, before):
    for pk in pks:
        features.refresh_vacancy(pk)


def register():
    derived.register("employment.jobseekerprofile", _profiles_changed)
    derived.register("employment.vacancy", _vacancies_changed)
    derived.register("people.participation", _participations_changed)
    derived.register("labour.activityoccupation", _activity_occupations_changed)
    derived.register("credentials.issuedcredential", _refresh_people("subject"))
    derived.register("recognition.recognitioncase", _refresh_people("person"))

    from skillsnet.labour.queries import register_demand_source
    from skillsnet.results.measures import register_measure

    from . import measures, queries

    for mtype, function in measures.MEASURE_TYPES:
        register_measure(mtype, function)
    register_demand_source(queries.vacancy_demand)

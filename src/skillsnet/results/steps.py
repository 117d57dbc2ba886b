"""The post-write steps that keep the results aggregates (facts.py) in line with the records, registered with
core.derived in ResultsConfig.ready(). Each step finds the persons whose facts a write can change, set-based
(one query per model for any number of rows), and resyncs them."""
from django.apps import apps

from .facts import add_enrolments, enrolled_q, resync_persons
from .models import Attribution, CompletionCell, CompletionFact

CHUNK = 500


def _chunks(values):
    values = list(values)
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]


def _before(before, name):
    return {b.get(name) for b in before.values() if b and b.get(name) is not None}


def _fact_persons(**lookup):
    (name, values), = lookup.items()
    out = set()
    for part in _chunks(values):
        out |= set(CompletionFact.objects.filter(**{f"{name}__in": part}).values_list("person_id", flat=True))
    return out


def participations_written(model, pks, action, before, prepared=None):
    """`prepared`: the persons of the rows as written, from memory (`_participation_persons`)."""
    if action == "create":  # new participations (an import of thousands): set-based SQL
        add_enrolments(pks, persons=prepared)
        return
    persons = _before(before, "person_id")
    persons |= _fact_persons(participation_id=pks)
    if prepared is not None:
        persons |= prepared
    else:
        for part in _chunks(pks):
            persons |= set(model._default_manager.filter(pk__in=part).order_by()
                           .values_list("person_id", flat=True))
    resync_persons(persons)


def _participation_persons(model, objs, action):
    """The persons of the participations written, from memory (core.derived: an import's objects, or the one a
    service saved)."""
    return {o.person_id for o in objs}


_participation_persons.from_objects = True
participations_written.prepare = _participation_persons


def persons_written(model, pks, action, before):
    if action == "create":
        return  # a new person has no participations yet
    resync_persons(pks)


def activity_persons(activity_ids):
    Participation = apps.get_model("people", "Participation")
    persons = _fact_persons(activity_id=activity_ids)
    for part in _chunks(activity_ids):
        persons |= set(Participation.objects.filter(enrolled_q(), activity_id__in=part)
                       .order_by().values_list("person_id", flat=True))
    return persons


def activities_written(model, pks, action, before):
    if action == "create":
        return
    resync_persons(activity_persons(pks))


def organisations_written(model, pks, action, before):
    if action == "create":
        return
    Person = apps.get_model("people", "Person")
    persons = _fact_persons(organisation_id=pks)
    for part in _chunks(pks):
        persons |= set(Person.objects.filter(organisation_id__in=part).order_by().values_list("pk", flat=True))
    resync_persons(persons)


def initiatives_written(model, pks, action, before):
    if action == "delete":  # activities' links set to NULL
        resync_persons(_fact_persons(initiative_id=pks))


def attributions_written(model, pks, action, before):
    activities = _before(before, "activity_id")
    for part in _chunks(pks):
        activities |= set(Attribution.objects.filter(pk__in=part).order_by().values_list("activity_id", flat=True))
    resync_persons(activity_persons(activities))


def projects_written(model, pks, action, before):
    if action == "delete":  # the attributions went with it (reported as deletes); nothing may stay behind
        CompletionCell.objects.filter(project_id__in=list(pks)).delete()


def indicators_written(model, pks, action, before):
    from .services import indicators_written as write_revisions

    write_revisions(model, pks, action, before)


STEPS = {
    "results.indicator": indicators_written,
    "people.participation": participations_written,
    "people.person": persons_written,
    "activities.activity": activities_written,
    "activities.initiative": initiatives_written,
    "directory.organisation": organisations_written,
    "results.attribution": attributions_written,
    "results.project": projects_written,
}


def register():
    from skillsnet.core import derived

    for label, step in STEPS.items():
        derived.register(label, step)

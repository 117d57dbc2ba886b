"""Results measures of employment outcomes (registered with results.measures.register_measure).

"% of completers employed in a training-related job within 6 months, by sex and country" is a percentage
indicator with
    measure             completers_employed_training_related_6m   (numerator)
    denominator_measure completers_traced_6m                      (denominator)
Both count distinct persons who completed a participation in an activity ending inside the period (country: the
person's nationality, else their organisation's country, as in the completion facts), so numerator and
denominator come from the same rows. The denominator holds the completers whose outcome 6 months on is known:
a 6-month tracer survey answered, or a placement starting within 6 months of completion. The numerator: those
among them employed (or self-employed) in a training-related job within 6 months — a placement starting within
183 days of the completion whose job is training-related (stated, or the placement's ISCO minor group is one the
training prepared for), or a 6-month tracer survey answered "employed / self-employed, training-related: yes".
A job unrelated to the training does not count (a tracer record counting any job was the pain this fixes).

"placements" counts distinct placed persons (placements starting inside the period), by sex and country, with
an optional ISCO-08 `occupation` filter (code prefix) for placements by occupation.
"""
import datetime
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from skillsnet.results.measures import SEXES, MeasureType, Measured, _countries

from .models import Placement, TracerSurvey

WITHIN_DAYS = 183
DIMS = ("sex", "country")
FILTERS = {"country": ("list", _countries), "sex": ("list", SEXES)}
COLUMNS = {"sex": "person__sex", "country": "home"}


def _as_list(value):
    return [value] if isinstance(value, str) else list(value or [])


def _completions(filters, span, context):
    Participation = apps.get_model("people", "Participation")
    qs = Participation.objects.filter(completed=True, activity__end__isnull=False).annotate(
        home=Coalesce("person__nationality_id", "person__organisation__country_id"))
    if span.start:
        qs = qs.filter(activity__end__gte=span.start)
    if span.end:
        qs = qs.filter(activity__end__lte=span.end)
    if filters.get("country"):
        qs = qs.filter(home__in=_as_list(filters["country"]))
    if filters.get("sex"):
        qs = qs.filter(person__sex__in=_as_list(filters["sex"]))
    if context is not None and getattr(context, "pk", None):
        from skillsnet.results.measures import attributed_activities

        qs = qs.filter(activity_id__in=attributed_activities(context))
    return qs


def _placement_within(related_only):
    ActivityOccupation = apps.get_model("labour", "ActivityOccupation")
    placements = Placement.objects.filter(
        person_id=OuterRef("person_id"), start_date__gte=OuterRef("activity__end"),
        start_date__lte=OuterRef("activity__end") + datetime.timedelta(days=WITHIN_DAYS))
    if not related_only:
        return Exists(placements)
    trained_for = ActivityOccupation.objects.filter(activity_id=OuterRef(OuterRef("activity_id")))
    occupation_related = Exists(trained_for.filter(isco_occupation__code__startswith=_minor(OuterRef("occupation_id"))))
    return Exists(placements.filter(Q(training_related=True) | Q(training_related__isnull=True) & occupation_related))


def _minor(ref):
    from django.db.models.functions import Substr

    return Substr(ref, 1, 3)


def _survey(related_only):
    qs = TracerSurvey.objects.filter(participation_id=OuterRef("pk"), months_after=6,
                                     response=TracerSurvey.Response.ANSWERED)
    if related_only:
        qs = qs.filter(status__in=["employed", "self_employed"], training_related=True)
    return Exists(qs)


def _grouped(qs, dims):
    total = qs.aggregate(v=Count("person_id", distinct=True))["v"] or 0
    rows = {}
    if dims:
        names = [COLUMNS[d] for d in dims]
        for r in qs.values(*names).annotate(v=Count("person_id", distinct=True)).order_by():
            rows[tuple(r[n] or "" for n in names)] = r["v"]
    return Measured(Decimal(total), list(dims), rows)


def employed_related(filters, span, dims, context):
    qs = _completions(filters, span, context).filter(Q(_placement_within(True)) | Q(_survey(True)))
    return _grouped(qs, dims)


def traced(filters, span, dims, context):
    qs = _completions(filters, span, context).filter(Q(_placement_within(False)) | Q(_survey(False)))
    return _grouped(qs, dims)


def placements(filters, span, dims, context):
    qs = Placement.objects.annotate(home=Coalesce("person__nationality_id", "person__organisation__country_id"))
    if span.start:
        qs = qs.filter(start_date__gte=span.start)
    if span.end:
        qs = qs.filter(start_date__lte=span.end)
    if filters.get("country"):
        qs = qs.filter(home__in=_as_list(filters["country"]))
    if filters.get("sex"):
        qs = qs.filter(person__sex__in=_as_list(filters["sex"]))
    if filters.get("occupation"):
        qs = qs.filter(occupation__code__startswith=str(filters["occupation"]).strip())
    return _grouped(qs, dims)


MEASURE_TYPES = [
    (MeasureType("completers_employed_training_related_6m",
                 gettext_lazy("completers employed in a training-related job within 6 months (placements and "
                              "6-month tracer surveys)"), FILTERS, DIMS, people=True), employed_related),
    (MeasureType("completers_traced_6m",
                 gettext_lazy("completers whose situation 6 months after completion is known (tracer survey "
                              "answered or placement)"), FILTERS, DIMS, people=True), traced),
    (MeasureType("placements", gettext_lazy("distinct persons placed in a job (placements starting in the period)"),
                 {**FILTERS, "occupation": ("text", None)}, DIMS, people=True), placements),
]

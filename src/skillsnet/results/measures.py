"""Declarative measure types: an indicator names one and gives filters (JSON, validated here) — no code
per indicator. Each measure computes a total and a breakdown by the requested dimensions over a span.

Completion measures read the aggregates of facts.py: CompletionCell (a SUM over a small table) when the
span is whole years and the activity filters name one scope, else CompletionFact (one GROUP BY over a
narrow indexed table). Distinct persons over more than one year always come from CompletionFact. Given a
project (`context`), they count only what is attributed to it (its cells; facts of its activities); without
one, the whole network. Every other measure is one SQL aggregate too: nothing loads rows to count them.

A new measure type is one `MeasureType` in MEASURES and one function in OTHER (`register_measure` does both
for another app, e.g. employment outcomes of tracer surveys).
"""
import calendar
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.db.models.functions import Length
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import DISAGGREGATION_CODES, CompletionCell, CompletionFact, partial_bounds

COMPLETION_DIMS = DISAGGREGATION_CODES  # every disaggregation is a completion dimension


@dataclass(frozen=True)
class Span:
    """Inclusive dates; None = open. Span() is all time."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    @classmethod
    def of_period(cls, period):
        return cls(period.start, period.end) if period is not None else cls()

    @classmethod
    def of_year(cls, year):
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def of_partial(cls, start, end):
        return cls(partial_bounds(start), partial_bounds(end, end=True))

    @property
    def whole_years(self):
        if self.start and self.end and (self.start.month, self.start.day) == (1, 1) \
                and (self.end.month, self.end.day) == (12, 31):
            return self.start.year, self.end.year
        return None

    @property
    def all_time(self):
        return self.start is None and self.end is None

    def contains(self, date_from, date_to):
        """Whether something that happened between date_from and date_to lies inside the span."""
        if self.all_time:
            return True
        if date_from is None or date_to is None:
            return False
        return (self.start is None or date_from >= self.start) and (self.end is None or date_to <= self.end)

    def label(self):
        if self.all_time:
            return _("all time")
        years = self.whole_years
        if years:
            return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"
        return f"{self.start or '…'} – {self.end or '…'}"


@dataclass
class Measured:
    total: Decimal
    dims: list
    rows: dict = field(default_factory=dict)  # {tuple of dimension values: value}
    notes: list = field(default_factory=list)
    path: str = ""


# ---------------------------------------------------------------- filter schemas
def _choices(app, model, attr):
    def get():
        try:
            return [c for c, _l in getattr(apps.get_model(app, model), attr).choices]
        except LookupError:
            return []
    return get


ACTIVITY_KINDS = _choices("activities", "Activity", "Kind")
PERSON_KINDS = _choices("people", "Person", "Kind")
SEXES = _choices("people", "Person", "Sex")
ORG_KINDS = _choices("directory", "Organisation", "Kind")
AGREEMENT_KINDS = _choices("agreements", "Agreement", "Kind")
TRANSACTION_TYPES = lambda: ["1", "2", "3", "4", "11"]  # noqa: E731


def _countries():
    return list(apps.get_model("directory", "Country").objects.values_list("code", flat=True))


COMPLETION_FILTERS = {
    "activity_kind": ("list", ACTIVITY_KINDS),
    "initiative": ("id", ("activities", "Initiative")),
    "field": ("text", None),
    "country": ("list", _countries),
    "participant_kind": ("list", PERSON_KINDS),
    "sex": ("list", SEXES),
    "organisation_kind": ("list", ORG_KINDS),
    "disability": ("bool", None),
    "disadvantaged_youth": ("bool", None),
}


@dataclass
class MeasureType:
    code: str
    label: object
    filters: dict
    dims: tuple
    unit: str = "number"
    people: bool = False  # counts people (or their participations): small counts are masked (results.privacy)


AGREEMENT_FILTERS = {"kind": ("list", AGREEMENT_KINDS), "country": ("list", _countries)}

MEASURES = {m.code: m for m in [
    MeasureType("persons_completed", gettext_lazy("distinct persons who completed a qualifying activity"),
                COMPLETION_FILTERS, COMPLETION_DIMS, people=True),
    MeasureType("persons_enrolled", gettext_lazy("distinct persons enrolled (registered, attended or completed)"),
                COMPLETION_FILTERS, COMPLETION_DIMS, people=True),
    MeasureType("persons_assessed", gettext_lazy("distinct persons assessed (passed or failed)"),
                COMPLETION_FILTERS, COMPLETION_DIMS, people=True),
    MeasureType("persons_passed", gettext_lazy("distinct persons who passed the assessment (certified)"),
                COMPLETION_FILTERS, COMPLETION_DIMS, people=True),
    MeasureType("completions", gettext_lazy("completed participations"), COMPLETION_FILTERS, COMPLETION_DIMS, people=True),
    MeasureType("training_hours", gettext_lazy("training hours of completed participations"), COMPLETION_FILTERS,
                COMPLETION_DIMS),
    MeasureType("active_members", gettext_lazy("organisations with an active membership of the network"),
                {"network": ("id", ("directory", "Organisation")), "member_kind": ("list", ORG_KINDS),
                 "country": ("list", _countries)}, ("country", "organisation_kind")),
    MeasureType("member_countries", gettext_lazy("countries of organisations with an active membership"),
                {"network": ("id", ("directory", "Organisation")), "member_kind": ("list", ORG_KINDS)}, ()),
    MeasureType("agreements_signed", gettext_lazy("agreements signed"), AGREEMENT_FILTERS, ("country",)),
    MeasureType("institutions_with_active_agreements",
                gettext_lazy("institutions party to an agreement in force (status signed or active, within its "
                             "dates) at the end of the period"),
                {**AGREEMENT_FILTERS, "member_kind": ("list", ORG_KINDS)}, ("country", "organisation_kind")),
    MeasureType("activities", gettext_lazy("activities held"),
                {"kind": ("list", ACTIVITY_KINDS), "initiative": ("id", ("activities", "Initiative")),
                 "country": ("list", _countries)}, ("country",)),
    MeasureType("credentials_issued", gettext_lazy("distinct persons holding a credential (not revoked) for a "
                                                   "participation"),
                {"kind": ("list", lambda: ["completed_training", "qualification", "recognition_decision"])}, (),
                people=True),
    MeasureType("contributions", gettext_lazy("contributions (USD): incoming commitments and funds"),
                {"funder": ("id", ("directory", "Organisation")), "transaction_type": ("list", TRANSACTION_TYPES)},
                (), "amount"),
    MeasureType("spending", gettext_lazy("spending (USD): disbursements and expenditure"),
                {"funder": ("id", ("directory", "Organisation")), "transaction_type": ("list", TRANSACTION_TYPES)},
                (), "amount"),
]}
MEASURE_CHOICES = [(m.code, m.label) for m in MEASURES.values()]


def register_measure(mtype, function):
    """Add a measure type from another app: `function(filters, span, dims, project) -> Measured`."""
    MEASURES[mtype.code] = mtype
    OTHER[mtype.code] = function
    MEASURE_CHOICES[:] = [(m.code, m.label) for m in MEASURES.values()]


def _check_filter(name, value, spec):
    kind, arg = spec
    if kind == "list":
        if isinstance(value, str):
            value = [value]
        allowed = set(arg())
        if not isinstance(value, list) or not value or any(not isinstance(v, str) or v not in allowed for v in value):
            return _("%(name)s: give a list from %(allowed)s") % {"name": name,
                                                                   "allowed": ", ".join(sorted(allowed))[:400]}
    elif kind == "id":
        model = apps.get_model(*arg)
        if isinstance(value, bool) or not isinstance(value, int) or not model.objects.filter(pk=value).exists():
            return _("%(name)s: give the id of an existing record") % {"name": name}
    elif kind == "bool":
        if not isinstance(value, bool):
            return _("%(name)s: give true or false") % {"name": name}
    elif not isinstance(value, str) or len(value) > 10:
        return _("%(name)s: give a short code") % {"name": name}
    return None


def validate_config(measure, filters, measure_field="measure", filters_field="filters", required=False):
    """{field: message} for a measure code and its filters (empty when valid)."""
    errors = {}
    if not measure:
        if required:
            errors[measure_field] = _("Choose a measure type.")
        return errors
    mtype = MEASURES.get(measure)
    if mtype is None:
        errors[measure_field] = _("Unknown measure type %(code)s. Known: %(known)s.") % {
            "code": measure, "known": ", ".join(MEASURES)}
        return errors
    if filters in (None, ""):
        return errors
    if not isinstance(filters, dict):
        errors[filters_field] = _("Give the filters as a JSON object, e.g. {\"activity_kind\": [\"training_programme\"]}.")
        return errors
    problems = []
    for name, value in filters.items():
        spec = mtype.filters.get(name)
        if spec is None:
            problems.append(_("%(name)s is not a filter of this measure (filters: %(known)s)")
                            % {"name": name, "known": ", ".join(mtype.filters)})
            continue
        problem = _check_filter(name, value, spec)
        if problem:
            problems.append(problem)
    if problems:
        errors[filters_field] = "; ".join(problems)
    return errors


def _as_list(value):
    return [value] if isinstance(value, str) else list(value)


# ---------------------------------------------------------------- dates known in part, in SQL
def partial_within_q(name, span):
    """Q: the partial date in column `name` ('YYYY', 'YYYY-MM' or 'YYYY-MM-DD') lies wholly inside the span.
    Needs the queryset annotated with the length of the column (see `with_lengths`)."""
    if span.all_time:
        return Q()
    q = Q()
    for size in (4, 7, 10):
        part = Q(**{_len(name): size})
        if span.start:
            part &= Q(**{f"{name}__gte": _first_unit(span.start, size)})
        if span.end:
            part &= Q(**{f"{name}__lte": _last_unit(span.end, size)})
        q |= part
    return q


def partial_started_q(name, day):
    """Q: the partial date in `name` is empty or its first possible day is on or before `day`."""
    q = Q(**{name: ""})
    for size in (4, 7, 10):
        q |= Q(**{_len(name): size, f"{name}__lte": day.isoformat()[:size]})
    return q


def partial_not_ended_q(name, day):
    """Q: the partial date in `name` is empty or its last possible day is on or after `day`."""
    q = Q(**{name: ""})
    for size in (4, 7, 10):
        q |= Q(**{_len(name): size, f"{name}__gte": day.isoformat()[:size]})
    return q


def _len(name):
    return f"{name.replace('__', '_')}_len"


def with_lengths(qs, *names):
    return qs.annotate(**{_len(n): Length(n) for n in names})


def _first_unit(day, size):
    """The smallest 'YYYY[-MM[-DD]]' of this precision whose first day is on or after `day`."""
    if size == 10:
        return day.isoformat()
    if size == 7:
        return day.isoformat()[:7] if day.day == 1 else _next_month(day)
    return str(day.year) if (day.month, day.day) == (1, 1) else str(day.year + 1)


def _last_unit(day, size):
    """The largest 'YYYY[-MM[-DD]]' of this precision whose last day is on or before `day`."""
    if size == 10:
        return day.isoformat()
    if size == 7:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.isoformat()[:7] if day.day == last else _previous_month(day)
    return str(day.year) if (day.month, day.day) == (12, 31) else str(day.year - 1)


def _next_month(day):
    return f"{day.year + 1}-01" if day.month == 12 else f"{day.year}-{day.month + 1:02d}"


def _previous_month(day):
    return f"{day.year - 1}-12" if day.month == 1 else f"{day.year}-{day.month - 1:02d}"


# ---------------------------------------------------------------- completion measures
ACTIVITY_FILTERS = ("activity_kind", "initiative", "field")
PERSON_FILTERS = ("country", "participant_kind", "sex", "organisation_kind", "disability", "disadvantaged_youth")


def _person_q(filters):
    q = Q()
    for name in PERSON_FILTERS:
        if name in filters and filters[name] is not None:
            value = filters[name]
            q &= Q(**{name: value}) if isinstance(value, bool) else Q(**{f"{name}__in": _as_list(value)})
    return q


def _scope(filters):
    """The one cell scope the activity filters name, 'all' without any, None when cells cannot answer."""
    given = [(n, filters[n]) for n in ACTIVITY_FILTERS if filters.get(n) not in (None, "", [])]
    if not given:
        return "all"
    if len(given) > 1:
        return None
    name, value = given[0]
    if name == "activity_kind":
        value = _as_list(value)
        return f"kind:{value[0]}" if len(value) == 1 else None
    if name == "initiative":
        return f"initiative:{value}"
    return f"field:{value}"


# measure: (cell column, fact aggregate, facts it counts, distinct persons?)
VALUE_EXPR = {
    "persons_completed": ("persons", lambda: Count("person_id", distinct=True), Q(completed=True), True),
    "persons_enrolled": ("enrolled", lambda: Count("person_id", distinct=True), Q(), True),
    "persons_assessed": ("assessed", lambda: Count("person_id", distinct=True), Q(assessed=True), True),
    "persons_passed": ("passed", lambda: Count("person_id", distinct=True), Q(passed=True), True),
    "completions": ("completions", lambda: Count("id"), Q(completed=True), False),
    "training_hours": ("hours", lambda: Sum("hours"), Q(completed=True), False),
}


def project_id_of(context):
    return getattr(context, "pk", None) or 0


def attributed_activities(project, others_too=False):
    """Ids of the activities attributed to the project (with `others_too`: also to another project)."""
    from .models import Attribution

    ids = Attribution.objects.filter(project=project).values("activity_id")
    if others_too:
        ids = ids.filter(activity_id__in=Attribution.objects.exclude(project=project).values("activity_id"))
    return ids


def _use_cells(measure, scope, span, dims):
    years = span.whole_years
    distinct = VALUE_EXPR[measure][3]
    return scope is not None and (years is not None or (span.all_time and not distinct)) \
        and (not distinct or (years and years[0] == years[1])) and ("field" not in dims or scope == "all")


def _from_cells(measure, filters, span, dims, project_id, scope):
    cell_col = VALUE_EXPR[measure][0]
    years = span.whole_years
    qs = CompletionCell.objects.filter(_person_q(filters), project_id=project_id)
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    total = qs.filter(scope=scope).aggregate(v=Sum(cell_col))["v"] or 0
    rows = {}
    if "field" in dims:
        group = ["scope" if d == "field" else d for d in dims]
        for r in qs.filter(scope__startswith="field:").values(*group).annotate(v=Sum(cell_col)).order_by():
            rows[tuple(r["scope"][6:] if d == "field" else r[d] for d in dims)] = r["v"]
    elif dims:
        rows = {tuple(r[d] for d in dims): r["v"]
                for r in qs.filter(scope=scope).values(*dims).annotate(v=Sum(cell_col)).order_by()}
    return Measured(Decimal(total), list(dims), rows, path="cells")


def _facts(measure, filters, span, project=None, shared=False):
    qs = CompletionFact.objects.filter(_person_q(filters), VALUE_EXPR[measure][2])
    for name in ACTIVITY_FILTERS:
        value = filters.get(name)
        if value in (None, "", []):
            continue
        column = {"activity_kind": "activity_kind", "initiative": "initiative_id", "field": "field"}[name]
        qs = qs.filter(**{f"{column}__in": _as_list(value)}) if isinstance(value, (list, str)) and name != "field" \
            else qs.filter(**{column: value})
    if project is not None:
        qs = qs.filter(activity_id__in=attributed_activities(project, others_too=shared))
    years = span.whole_years
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    elif not span.all_time:
        if span.start:
            qs = qs.filter(date_from__gte=span.start)
        if span.end:
            qs = qs.filter(date_to__lte=span.end)
    return qs


def _completion(measure, filters, span, dims, context=None):
    scope = _scope(filters)
    if _use_cells(measure, scope, span, dims):
        return _from_cells(measure, filters, span, dims, project_id_of(context), scope)
    fact_agg = VALUE_EXPR[measure][1]
    qs = _facts(measure, filters, span, context if project_id_of(context) else None)
    total = qs.aggregate(v=fact_agg())["v"] or 0
    rows = {tuple(r[d] for d in dims): r["v"]
            for r in qs.values(*dims).annotate(v=fact_agg()).order_by()} if dims else {}
    return Measured(Decimal(total), list(dims), rows, path="facts")


def shared_with_other_projects(measure, filters, span, project):
    """(value, [other project ids]) of what the project counts from activities also attributed elsewhere."""
    from .models import Attribution

    if measure not in VALUE_EXPR or not project_id_of(project):
        return Decimal(0), []
    qs = _facts(measure, filters, span, project, shared=True)
    value = Decimal(qs.aggregate(v=VALUE_EXPR[measure][1]())["v"] or 0)
    others = sorted(set(Attribution.objects.filter(activity_id__in=qs.values("activity_id"))
                        .exclude(project=project).values_list("project_id", flat=True)))
    return value, others


# ---------------------------------------------------------------- other measures (one SQL aggregate each)
def _grouped(qs, columns, dims, counted):
    """Measured: distinct `counted` in total and per combination of the dimension columns."""
    total = qs.aggregate(v=Count(counted, distinct=True))["v"] or 0
    rows = {}
    if dims:
        names = [columns[d] for d in dims]
        for r in qs.values(*names).annotate(v=Count(counted, distinct=True)).order_by():
            rows[tuple(r[n] or "" for n in names)] = r["v"]
    return Measured(Decimal(total), list(dims), rows)


def members_queryset(filters, span, context):
    Membership = apps.get_model("directory", "Membership")
    network = filters.get("network") or getattr(context, "network_id", None)
    qs = with_lengths(Membership.objects.all(), "joined_on", "left_on")
    if network:
        qs = qs.filter(network_id=network)
    if filters.get("member_kind"):
        qs = qs.filter(member__kind__in=_as_list(filters["member_kind"]))
    if filters.get("country"):
        qs = qs.filter(member__country__in=_as_list(filters["country"]))
    day = span.end or datetime.date.today()
    return qs.filter(partial_started_q("joined_on", day), partial_not_ended_q("left_on", day))


MEMBER_COLUMNS = {"country": "member__country_id", "organisation_kind": "member__kind"}


def _active_members(filters, span, dims, context):
    return _grouped(members_queryset(filters, span, context), MEMBER_COLUMNS, dims, "member_id")


def _member_countries(filters, span, dims, context):
    qs = members_queryset(filters, span, context).exclude(member__country__isnull=True)
    return Measured(Decimal(qs.aggregate(v=Count("member__country", distinct=True))["v"] or 0), [], {})


def _project_agreements(qs, context, path="pk"):
    if project_id_of(context):
        qs = qs.filter(**{f"{path}__in": context.agreements.values("pk")})
    return qs


def _agreements(filters, span, dims, context):
    Agreement = apps.get_model("agreements", "Agreement")
    qs = with_lengths(Agreement.objects.filter(status__in=["signed", "active", "expired", "terminated"]), "signed_on")
    if filters.get("kind"):
        qs = qs.filter(kind__in=_as_list(filters["kind"]))
    if filters.get("country"):
        qs = qs.filter(parties__organisation__country__in=_as_list(filters["country"]))
    qs = _project_agreements(qs.filter(partial_within_q("signed_on", span)), context)
    return _grouped(qs, {"country": "parties__organisation__country_id"}, dims, "pk")


def _active_agreement_parties(filters, span, dims, context):
    """Institutions party to an agreement in force on the span's last day: status signed or active, taken
    effect (its effective date, else its signing date) and not ended."""
    Party = apps.get_model("agreements", "Party")
    day = span.end or datetime.date.today()
    qs = with_lengths(Party.objects.filter(role="party", agreement__status__in=["signed", "active"]),
                      "agreement__effective_on", "agreement__signed_on", "agreement__ends_on")
    started = (Q(agreement__effective_on__gt="") & partial_started_q("agreement__effective_on", day)) | (
        Q(agreement__effective_on="") & ~Q(agreement__signed_on="") & partial_started_q("agreement__signed_on", day))
    qs = qs.filter(started, partial_not_ended_q("agreement__ends_on", day))
    if filters.get("kind"):
        qs = qs.filter(agreement__kind__in=_as_list(filters["kind"]))
    if filters.get("member_kind"):
        qs = qs.filter(organisation__kind__in=_as_list(filters["member_kind"]))
    if filters.get("country"):
        qs = qs.filter(organisation__country__in=_as_list(filters["country"]))
    qs = _project_agreements(qs, context, "agreement")
    return _grouped(qs, {"country": "organisation__country_id", "organisation_kind": "organisation__kind"}, dims,
                    "organisation_id")


def activities_in_span_q(span):
    """Q on activities: held within the span (its end, else start, date; else its partial period)."""
    if span.all_time:
        return Q()
    dated = Q()
    if span.start:
        dated &= Q(day__gte=span.start)
    if span.end:
        dated &= Q(day__lte=span.end)
    return (Q(day__isnull=False) & dated) | (Q(day__isnull=True) & ~Q(period="") & partial_within_q("period", span))


def _activities(filters, span, dims, context):
    from django.db.models.functions import Coalesce

    Activity = apps.get_model("activities", "Activity")
    qs = with_lengths(Activity.objects.annotate(day=Coalesce("end", "start")), "period")
    if filters.get("kind"):
        qs = qs.filter(kind__in=_as_list(filters["kind"]))
    if filters.get("initiative"):
        qs = qs.filter(initiative_id=filters["initiative"])
    if filters.get("country"):
        qs = qs.filter(country__in=_as_list(filters["country"]))
    if project_id_of(context):
        qs = qs.filter(pk__in=attributed_activities(context))
    return _grouped(qs.filter(activities_in_span_q(span)), {"country": "country_id"}, dims, "pk")


def _credentials(filters, span, dims, context):
    Credential = apps.get_model("credentials", "IssuedCredential")
    qs = Credential.objects.filter(revoked_at__isnull=True, participation__isnull=False, subject__isnull=False)
    if filters.get("kind"):
        qs = qs.filter(kind__in=_as_list(filters["kind"]))
    if span.start:
        qs = qs.filter(valid_from__date__gte=span.start)
    if span.end:
        qs = qs.filter(valid_from__date__lte=span.end)
    if project_id_of(context):
        qs = qs.filter(participation__activity_id__in=attributed_activities(context))
    return _grouped(qs, {}, (), "subject_id")


def _money(default_types):
    def compute(filters, span, dims, context):
        from skillsnet.funding.queries import amount_usd

        types = _as_list(filters.get("transaction_type") or default_types)
        total, notes = amount_usd(types, span, project=context, funder=filters.get("funder"))
        return Measured(total, [], {}, notes)
    return compute


OTHER = {
    "active_members": _active_members,
    "member_countries": _member_countries,
    "agreements_signed": _agreements,
    "institutions_with_active_agreements": _active_agreement_parties,
    "activities": _activities,
    "credentials_issued": _credentials,
    "contributions": _money(["11", "1"]),
    "spending": _money(["3", "4"]),
}


def compute(measure, filters, span, dims=(), context=None):
    """Total and breakdown of a measure. `context` is the project (what is attributed to it, its network, its
    agreements, its funding); None counts the whole network."""
    mtype = MEASURES[measure]
    usable = [d for d in dims if d in mtype.dims]
    skipped = [d for d in dims if d not in mtype.dims]
    filters = dict(filters or {})
    if measure in VALUE_EXPR:
        result = _completion(measure, filters, span, usable, context)
    else:
        result = OTHER[measure](filters, span, usable, context)
    if skipped:
        result.notes.append(_("Not available for this measure: %(dims)s.") % {"dims": ", ".join(skipped)})
    return result

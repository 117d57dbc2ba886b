"""Declarative measure types: an indicator names one and gives filters (JSON, validated here) — no code
per indicator. Each measure computes a total and a breakdown by the requested dimensions over a span.

Completion measures read the aggregates of facts.py: CompletionCell (a SUM over a small table) when the
span is whole years and the activity filters name one scope, else CompletionFact (one GROUP BY over a
narrow indexed table). Distinct persons over more than one year always come from CompletionFact.
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Count, Q, Sum
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


MEASURES = {m.code: m for m in [
    MeasureType("persons_completed", gettext_lazy("distinct persons who completed a qualifying activity"),
                COMPLETION_FILTERS, COMPLETION_DIMS),
    MeasureType("completions", gettext_lazy("completed participations"), COMPLETION_FILTERS, COMPLETION_DIMS),
    MeasureType("training_hours", gettext_lazy("training hours of completed participations"), COMPLETION_FILTERS,
                COMPLETION_DIMS),
    MeasureType("active_members", gettext_lazy("organisations with an active membership of the network"),
                {"network": ("id", ("directory", "Organisation")), "member_kind": ("list", ORG_KINDS),
                 "country": ("list", _countries)}, ("country", "organisation_kind")),
    MeasureType("member_countries", gettext_lazy("countries of organisations with an active membership"),
                {"network": ("id", ("directory", "Organisation")), "member_kind": ("list", ORG_KINDS)}, ()),
    MeasureType("agreements_signed", gettext_lazy("agreements signed"),
                {"kind": ("list", AGREEMENT_KINDS), "country": ("list", _countries)}, ("country",)),
    MeasureType("activities", gettext_lazy("activities held"),
                {"kind": ("list", ACTIVITY_KINDS), "initiative": ("id", ("activities", "Initiative")),
                 "country": ("list", _countries)}, ("country",)),
    MeasureType("contributions", gettext_lazy("contributions (USD): incoming commitments and funds"),
                {"funder": ("id", ("directory", "Organisation")), "transaction_type": ("list", TRANSACTION_TYPES)},
                (), "amount"),
    MeasureType("spending", gettext_lazy("spending (USD): disbursements and expenditure"),
                {"funder": ("id", ("directory", "Organisation")), "transaction_type": ("list", TRANSACTION_TYPES)},
                (), "amount"),
]}
MEASURE_CHOICES = [(m.code, m.label) for m in MEASURES.values()]


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
        kind, arg = spec
        if kind == "list":
            if isinstance(value, str):
                value = [value]
            allowed = set(arg())
            if not isinstance(value, list) or not value or any(not isinstance(v, str) or v not in allowed
                                                                for v in value):
                problems.append(_("%(name)s: give a list from %(allowed)s")
                                % {"name": name, "allowed": ", ".join(sorted(allowed))[:400]})
        elif kind == "id":
            model = apps.get_model(*arg) if apps.is_installed(f"skillsnet.{arg[0]}") else None
            if isinstance(value, bool) or not isinstance(value, int) or (
                    model is not None and not model.objects.filter(pk=value).exists()):
                problems.append(_("%(name)s: give the id of an existing record") % {"name": name})
        elif kind == "bool":
            if not isinstance(value, bool):
                problems.append(_("%(name)s: give true or false") % {"name": name})
        elif not isinstance(value, str) or len(value) > 10:
            problems.append(_("%(name)s: give a short code") % {"name": name})
    if problems:
        errors[filters_field] = "; ".join(problems)
    return errors


def _as_list(value):
    return [value] if isinstance(value, str) else list(value)


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


VALUE_EXPR = {
    "persons_completed": ("persons", lambda: Count("person_id", distinct=True)),
    "completions": ("completions", lambda: Count("id")),
    "training_hours": ("hours", lambda: Sum("hours")),
}


def _completion(measure, filters, span, dims):
    cell_col, fact_agg = VALUE_EXPR[measure]
    scope = _scope(filters)
    years = span.whole_years
    distinct = measure == "persons_completed"
    use_cells = scope is not None and (years is not None or (span.all_time and not distinct)) \
        and (not distinct or (years and years[0] == years[1])) \
        and ("field" not in dims or scope == "all")
    person_q = _person_q(filters)
    if use_cells:
        qs = CompletionCell.objects.filter(person_q)
        if years:
            qs = qs.filter(year__gte=years[0], year__lte=years[1])
        total = qs.filter(scope=scope).aggregate(v=Sum(cell_col))["v"] or 0
        if "field" in dims:
            group = ["scope" if d == "field" else d for d in dims]
            rows = {}
            for r in qs.filter(scope__startswith="field:").values(*group).annotate(v=Sum(cell_col)):
                key = tuple(r["scope"][6:] if d == "field" else r[d] for d in dims)
                rows[key] = r["v"]
        elif dims:
            rows = {tuple(r[d] for d in dims): r["v"]
                    for r in qs.filter(scope=scope).values(*dims).annotate(v=Sum(cell_col)).order_by()}
        else:
            rows = {}
        return Measured(Decimal(total), list(dims), rows, path="cells")
    qs = CompletionFact.objects.filter(person_q)
    for name in ACTIVITY_FILTERS:
        value = filters.get(name)
        if value in (None, "", []):
            continue
        column = {"activity_kind": "activity_kind", "initiative": "initiative_id", "field": "field"}[name]
        qs = qs.filter(**{f"{column}__in": _as_list(value)}) if isinstance(value, (list, str)) and name != "field" \
            else qs.filter(**{column: value})
    if years:
        qs = qs.filter(year__gte=years[0], year__lte=years[1])
    elif not span.all_time:
        if span.start:
            qs = qs.filter(date_from__gte=span.start)
        if span.end:
            qs = qs.filter(date_to__lte=span.end)
    total = qs.aggregate(v=fact_agg())["v"] or 0
    rows = {tuple(r[d] for d in dims): r["v"]
            for r in qs.values(*dims).annotate(v=fact_agg()).order_by()} if dims else {}
    return Measured(Decimal(total), list(dims), rows, path="facts")


# ---------------------------------------------------------------- other measures
def _active_on(joined, left, day):
    start = partial_bounds(joined) if joined else None
    end = partial_bounds(left, end=True) if left else None
    return (start is None or start <= day) and (end is None or end >= day)


def _members(filters, span, context):
    Membership = apps.get_model("directory", "Membership")
    network = filters.get("network") or getattr(context, "network_id", None)
    qs = Membership.objects.all()
    if network:
        qs = qs.filter(network_id=network)
    if filters.get("member_kind"):
        qs = qs.filter(member__kind__in=_as_list(filters["member_kind"]))
    if filters.get("country"):
        qs = qs.filter(member__country__in=_as_list(filters["country"]))
    day = span.end or datetime.date.today()
    members = {}
    for m in qs.values("member_id", "member__country_id", "member__kind", "joined_on", "left_on"):
        if _active_on(m["joined_on"], m["left_on"], day):
            members[m["member_id"]] = {"country": m["member__country_id"] or "", "organisation_kind": m["member__kind"]}
    return members


def _count_by(items, dims):
    """items: {id: {dim: value or [values]}} → total distinct ids, rows."""
    rows = defaultdict(set)
    for pk, attrs in items.items():
        keys = [()]
        for d in dims:
            values = attrs.get(d, "")
            values = values if isinstance(values, (list, set, tuple)) else [values]
            keys = [k + (v,) for k in keys for v in (values or [""])]
        for k in keys:
            rows[k].add(pk)
    return Measured(Decimal(len(items)), list(dims), {k: len(v) for k, v in rows.items()} if dims else {})


def _active_members(filters, span, dims, context):
    return _count_by(_members(filters, span, context), dims)


def _member_countries(filters, span, dims, context):
    countries = {m["country"] for m in _members(filters, span, context).values() if m["country"]}
    return Measured(Decimal(len(countries)), [], {})


def _agreements(filters, span, dims, context):
    if not apps.is_installed("skillsnet.agreements"):
        return Measured(Decimal(0), list(dims), notes=[_("The agreements app is not installed.")])
    Agreement = apps.get_model("agreements", "Agreement")
    qs = Agreement.objects.filter(status__in=["signed", "active", "expired", "terminated"])
    if filters.get("kind"):
        qs = qs.filter(kind__in=_as_list(filters["kind"]))
    items = {}
    for a in qs.values("pk", "signed_on"):
        if span.all_time or span.contains(partial_bounds(a["signed_on"]), partial_bounds(a["signed_on"], end=True)):
            items[a["pk"]] = {"country": []}
    for pk, country in Agreement.objects.filter(pk__in=list(items)).values_list(
            "pk", "parties__organisation__country"):
        if country and country not in items[pk]["country"]:
            items[pk]["country"].append(country)
    if filters.get("country"):
        wanted = set(_as_list(filters["country"]))
        items = {k: v for k, v in items.items() if wanted & set(v["country"])}
    return _count_by(items, dims)


def _activities(filters, span, dims, context):
    from .facts import activity_when

    Activity = apps.get_model("activities", "Activity")
    qs = Activity.objects.all()
    if filters.get("kind"):
        qs = qs.filter(kind__in=_as_list(filters["kind"]))
    if filters.get("initiative"):
        qs = qs.filter(initiative_id=filters["initiative"])
    if filters.get("country"):
        qs = qs.filter(country__in=_as_list(filters["country"]))
    items = {}
    for a in qs.only("pk", "start", "end", "period", "country_id").iterator():
        _y, date_from, date_to = activity_when(a)
        if span.contains(date_from, date_to):
            items[a.pk] = {"country": a.country_id or ""}
    return _count_by(items, dims)


def _money(default_types):
    def compute(filters, span, dims, context):
        if not apps.is_installed("skillsnet.funding"):
            return Measured(Decimal(0), [], notes=[_("The funding app is not installed.")])
        from skillsnet.funding.queries import amount_usd

        types = _as_list(filters.get("transaction_type") or default_types)
        total, notes = amount_usd(types, span, project=context, funder=filters.get("funder"))
        return Measured(total, [], {}, notes)
    return compute


OTHER = {
    "active_members": _active_members,
    "member_countries": _member_countries,
    "agreements_signed": _agreements,
    "activities": _activities,
    "contributions": _money(["11", "1"]),
    "spending": _money(["3", "4"]),
}


def compute(measure, filters, span, dims=(), context=None):
    """Total and breakdown of a measure. `context` is the project (its network, its funding)."""
    mtype = MEASURES[measure]
    usable = [d for d in dims if d in mtype.dims]
    skipped = [d for d in dims if d not in mtype.dims]
    filters = dict(filters or {})
    if measure in VALUE_EXPR:
        result = _completion(measure, filters, span, usable)
    else:
        result = OTHER[measure](filters, span, usable, context)
    if skipped:
        result.notes.append(_("Not available for this measure: %(dims)s.") % {"dims": ", ".join(skipped)})
    return result

"""Reads of the results framework: actual values of indicators, the framework for a period, reported
figures beside what the records count."""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from .measures import Span, compute
from .models import Indicator, IndicatorValue, PeriodApproval, ReportedFigure

HUNDRED = Decimal(100)


def pct(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * HUNDRED / Decimal(denominator)).quantize(Decimal("0.01"))


@dataclass
class Actual:
    total: Decimal | None
    dims: list
    rows: list = field(default_factory=list)  # [{"dims": {d: v}, "value", "numerator", "denominator"}]
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    notes: list = field(default_factory=list)
    method: str = "computed"


def _merge_country(filters, country):
    filters = dict(filters or {})
    if country:
        given = filters.get("country")
        given = [given] if isinstance(given, str) else given
        filters["country"] = [country] if not given else [c for c in given if c == country] or ["--"]
    return filters


def actual(indicator, period=None, *, span=None, country=None, dims=None):
    """The indicator's value over a period (or span), optionally for one country, with its breakdown."""
    span = span or Span.of_period(period)
    dims = list(indicator.disaggregations or []) if dims is None else list(dims)
    project = indicator.node.project
    if indicator.method == Indicator.Method.COMPUTED:
        num = compute(indicator.measure, _merge_country(indicator.filters, country), span, dims, project)
        if indicator.unit != Indicator.Unit.PERCENTAGE:
            rows = [{"dims": dict(zip(num.dims, k)), "value": Decimal(v or 0)} for k, v in sorted(
                num.rows.items(), key=lambda kv: tuple(str(x) for x in kv[0]))]
            return Actual(num.total, num.dims, rows, notes=num.notes)
        den = compute(indicator.denominator_measure, _merge_country(indicator.denominator_filters, country), span,
                      num.dims, project)
        rows = []
        for key in sorted(set(num.rows) | set(den.rows), key=lambda k: tuple(str(x) for x in k)):
            n, d = Decimal(num.rows.get(key) or 0), Decimal(den.rows.get(key) or 0)
            rows.append({"dims": dict(zip(num.dims, key)), "value": pct(n, d), "numerator": n, "denominator": d})
        return Actual(pct(num.total, den.total), num.dims, rows, num.total, den.total, num.notes + den.notes)
    return _manual(indicator, period, span, country, dims)


def _manual(indicator, period, span, country, dims):
    values = IndicatorValue.objects.filter(indicator=indicator)
    if period is not None and period.pk:
        values = values.filter(period=period)
    elif not span.all_time:
        if span.start:
            values = values.filter(period__start__gte=span.start)
        if span.end:
            values = values.filter(period__end__lte=span.end)
    if country:
        values = values.filter(country=country)
    percentage = indicator.unit == Indicator.Unit.PERCENTAGE
    total = num_sum = den_sum = Decimal(0)
    grouped = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    notes, any_value = [], False
    for v in values.select_related("indicator"):
        any_value = True
        total += v.value or 0
        num_sum += v.numerator or 0
        den_sum += v.denominator or 0
        for row in v.breakdown or []:
            key = tuple(sorted((str(k), str(x)) for k, x in row["dims"].items()))
            g = grouped[key]
            g[0] += Decimal(str(row.get("value") or 0))
            g[1] += Decimal(str(row.get("numerator") or 0))
            g[2] += Decimal(str(row.get("denominator") or 0))
        if v.breakdown_differs:
            notes.append(_("The value for %(period)s%(country)s was entered with the breakdown %(then)s; the indicator "
                           "now asks for %(now)s. The original breakdown is kept as entered.") % {
                "period": v.period, "country": f" ({v.country_id})" if v.country_id else "",
                "then": ", ".join(v.disaggregations_at_entry) or _("none"),
                "now": ", ".join(indicator.disaggregations) or _("none")})
    rows = []
    for key, (value, n, d) in sorted(grouped.items()):
        row = {"dims": dict(key), "value": pct(n, d) if percentage else value}
        if percentage:
            row.update(numerator=n, denominator=d)
        rows.append(row)
    if not any_value:
        return Actual(None, dims, [], notes=[], method="manual")
    if percentage:
        return Actual(pct(num_sum, den_sum), dims, rows, num_sum, den_sum, notes, method="manual")
    return Actual(total, dims, rows, notes=notes, method="manual")


# ---------------------------------------------------------------- reported figures beside the records
def figure_span(figure):
    return Span.of_partial(figure.period_start, figure.period_end)


def figure_measure(figure):
    """(measure, filters) that counts in the records what the figure reports, or (None, None)."""
    C = ReportedFigure.Counts
    if figure.indicator_id and figure.indicator.method == Indicator.Method.COMPUTED:
        return figure.indicator.measure, dict(figure.indicator.filters or {})
    scope = {"initiative": figure.initiative_id} if figure.initiative_id else {}
    mapping = {
        C.MEMBER_INSTITUTIONS: ("active_members", {"network": figure.organisation_id, "member_kind": ["tvet_institute"]}),
        C.MEMBERS: ("active_members", {"network": figure.organisation_id}),
        C.MEMBER_COUNTRIES: ("member_countries", {"network": figure.organisation_id}),
        C.PERSONS_TRAINED: ("persons_completed", {**scope}),
        C.TEACHERS_TRAINED: ("persons_completed", {**scope, "participant_kind": ["teacher"]}),
        C.COMPANY_STAFF_TRAINED: ("persons_completed", {**scope, "participant_kind": ["company_staff"]}),
        C.AGREEMENTS: ("agreements_signed", {}),
    }
    measure, filters = mapping.get(figure.counts, (None, None))
    if measure in ("active_members", "member_countries") and not figure.organisation_id:
        return None, None
    return measure, filters


def recorded_for(figure):
    """(value or None, notes, countries the records show or None)."""
    C = ReportedFigure.Counts
    span = figure_span(figure)
    if figure.counts == C.CONTRIBUTION:
        from skillsnet.funding.queries import amount_usd

        kwargs = {"project": figure.project} if figure.project_id else \
            {"agreement": figure.agreement} if figure.agreement_id else {"funder": figure.organisation_id}
        total, notes = amount_usd(("11", "1"), span, **kwargs)
        return total, notes, None
    if figure.counts in (C.SITES, C.SITE_COUNTRIES) and figure.initiative_id:
        sites = figure.initiative.sites.all()
        if figure.counts == C.SITES:
            return Decimal(sites.count()), [], None
        countries = sorted({c for c in sites.values_list("country_id", flat=True) if c})
        return Decimal(len(countries)), [], countries
    measure, filters = figure_measure(figure)
    if measure is None:
        return None, [_("Nothing in the records counts this.")], None
    result = compute(measure, filters, span, (), context=figure.project)
    countries = None
    if measure in ("active_members", "member_countries"):
        from .measures import members_queryset

        countries = sorted(set(members_queryset(filters, span, None).exclude(member__country__isnull=True)
                               .values_list("member__country_id", flat=True)))
    return result.total, result.notes, countries


def agrees(qualifier, reported, recorded):
    Q = ReportedFigure.Qualifier
    if recorded is None:
        return None
    if qualifier == Q.MORE_THAN:
        return recorded > reported
    if qualifier == Q.AT_LEAST:
        return recorded >= reported
    if qualifier == Q.ABOUT:
        return reported and abs(recorded - reported) <= Decimal("0.1") * reported
    return recorded == reported


def reconcile(figure):
    recorded, notes, countries = recorded_for(figure)
    ratio = (Decimal(recorded) / figure.value).quantize(Decimal("0.001")) if recorded is not None and figure.value \
        else None
    reported_countries = sorted(figure.countries.values_list("code", flat=True))
    return {
        "figure": figure, "reported": figure.value, "recorded": recorded, "ratio": ratio,
        "agrees": agrees(figure.qualifier, figure.value, recorded),
        "notes": notes, "span": figure_span(figure).label(),
        "reported_countries": reported_countries, "recorded_countries": countries,
        "countries_missing": sorted(set(reported_countries) - set(countries)) if countries is not None else [],
    }


# ---------------------------------------------------------------- the framework for a period
def nodes_in_order(project):
    nodes = list(project.nodes.all().order_by("code", "pk"))
    children = defaultdict(list)
    for n in nodes:
        children[n.parent_id].append(n)
    out = []

    def walk(parent_id, depth):
        for n in children.get(parent_id, []):
            out.append((n, depth))
            walk(n.pk, depth + 1)
    walk(None, 0)
    seen = {n.pk for n, _d in out}
    out += [(n, 0) for n in nodes if n.pk not in seen]
    return out


def approval_for(period, country=None):
    if period is None or not period.pk:
        return None
    return PeriodApproval.objects.filter(period=period, country=country).first()


def _dec(value):
    return None if value in (None, "") else Decimal(str(value))


@dataclass
class Frozen:
    """The value stored when a period was approved, and how far the records have moved since."""

    total: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    rows: list
    revision: int | None
    approved_at: object
    drift: Decimal | None = None  # live value under the approved definition - approved value
    live_same_definition: Decimal | None = None
    definition_changed: bool = False
    current_revision: int | None = None


def frozen_value(approval, indicator, period, country=None):
    """Frozen for an indicator of an approved period (None when not approved or not stored)."""
    if approval is None or approval.status != PeriodApproval.Status.APPROVED:
        return None
    stored = (approval.snapshot or {}).get(indicator.code)
    if not stored:
        return None
    from .services import current_revision, indicator_as_of

    rows = [{"dims": r["dims"], "value": _dec(r.get("value")), "numerator": _dec(r.get("numerator")),
             "denominator": _dec(r.get("denominator"))} for r in stored.get("rows", [])]
    out = Frozen(_dec(stored.get("total")), _dec(stored.get("numerator")), _dec(stored.get("denominator")), rows,
                 stored.get("revision"), approval.approved_at)
    current = current_revision(indicator)
    out.current_revision = current.number if current else None
    then = indicator.revisions.filter(number=out.revision).first() if out.revision else None
    out.definition_changed = then is not None and current is not None and then.number != current.number
    same = indicator_as_of(indicator, then) if out.definition_changed else indicator
    live = actual(same, period, country=country, dims=[])
    out.live_same_definition = live.total
    if live.total is not None and out.total is not None:
        out.drift = live.total - out.total
    return out


def pct_of_target(value, target):
    if value is None or target is None or not target.value:
        return None
    return (Decimal(value) * HUNDRED / target.value).quantize(Decimal("0.1"))


def project_span(project, period=None):
    """From the project's start (else its first period) to the end of `period` (else the project's end)."""
    from .models import partial_bounds

    first = partial_bounds(project.start) if project.start else None
    if first is None:
        starts = [p.start for p in project.periods.all() if p.start]
        first = min(starts) if starts else None
    last = period.end if period is not None and period.pk else (
        partial_bounds(project.end, end=True) if project.end else None)
    return Span(first, last)


def _targets(project, period):
    from .models import Target

    by_indicator = defaultdict(dict)
    life = defaultdict(dict)
    for t in Target.objects.filter(indicator__node__project=project).filter(
            Q(period__isnull=True) | Q(period=period) if period is not None and period.pk else Q(period__isnull=True)):
        (life if t.period_id is None else by_indicator)[t.indicator_id][t.breakdown] = t
    return by_indicator, life


def _cell_actuals(ind, period, span, country, targets):
    """[(target, actual value of its cell)] for the indicator's per-disaggregation targets."""
    out = []
    for key, target in sorted(targets.items()):
        if not key:
            continue
        dims = target.dims
        a = actual(ind, period, span=span, country=country, dims=list(dims))
        value = next((r["value"] for r in a.rows if all(str(r["dims"].get(d)) == v for d, v in dims.items())), None)
        out.append((target, value if value is not None else Decimal(0)))
    return out


def indicator_row(ind, project, period, span, country, approval, targets, life_targets, strict=False):
    """Everything the framework, the donor report and the API show for one indicator over a period (`strict`: for
    a user without exact small counts, who may not read a sum of activities that gives back what an activity's
    page hides)."""
    live = actual(ind, period, span=span, country=country)
    frozen = frozen_value(approval, ind, period, country)
    reported = frozen.total if frozen else live.total
    target, life_target = targets.get(""), life_targets.get("")
    life_actual = None
    if life_target is not None:
        life_actual = actual(ind, span=project_span(project, period), country=country, dims=[]).total
    shared = (Decimal(0), [])
    if ind.method == Indicator.Method.COMPUTED and ind.measure and country is None:
        from .measures import shared_with_other_projects

        shared = shared_with_other_projects(ind.measure, ind.filters, span, project)
    from .privacy import counts_people, gives_back_an_activity

    codes = dict(type(project).objects.filter(pk__in=shared[1]).values_list("pk", "code")) if shared[1] else {}
    return {
        "indicator": ind, "people": counts_people(ind), "shared_codes": [codes.get(p, p) for p in shared[1]],
        # a sum of activities that would give back what an activity's page hides (results.privacy)
        "gives_back": strict and gives_back_an_activity(ind, span, project, country),
        "life_gives_back": strict and life_target is not None and gives_back_an_activity(
            ind, project_span(project, period), project, country),
        "target": target, "actual": live, "approved": frozen, "value": reported,
        "pct_of_target": pct_of_target(reported, target),
        "cell_targets": [(t, v, pct_of_target(v, t)) for t, v in _cell_actuals(ind, period, span, country, targets)],
        "life_target": life_target, "life_actual": life_actual,
        "life_pct": pct_of_target(life_actual, life_target),
        "shared_value": shared[0], "shared_with": shared[1],
        "figures": [reconcile(f) for f in ind.reported_figures.select_related("source").order_by("pk")],
    }


def framework(project, period=None, *, span=None, country=None, user=None):
    """[{node, depth, narrative, indicators: [indicator_row ...]}] of the project over a period (or span)."""
    from .models import Narrative

    span = span or Span.of_period(period)
    out = []
    indicators = Indicator.objects.filter(node__project=project).select_related("node", "node__project")
    if user is not None:
        indicators = indicators.for_user(user, "view")
    by_node = defaultdict(list)
    for ind in indicators.order_by("code"):
        by_node[ind.node_id].append(ind)
    targets, life = _targets(project, period)
    approval = approval_for(period, country)
    narratives = {}
    for n in Narrative.objects.filter(node__project=project).filter(
            Q(period=period) if period is not None and period.pk else Q(period__isnull=True)):
        narratives[n.node_id] = n
    from .privacy import sees_small_counts

    strict = user is not None and not sees_small_counts(user)
    for node, depth in nodes_in_order(project):
        rows = [indicator_row(ind, project, period, span, country, approval, targets.get(ind.pk, {}),
                              life.get(ind.pk, {}), strict) for ind in by_node.get(node.pk, [])]
        out.append({"node": node, "depth": depth, "indicators": rows, "narrative": narratives.get(node.pk)})
    return out


def figures_for_subject(user, **subject):
    return ReportedFigure.objects.filter(**subject).select_related("source").for_user(user, "view")


FEEDING_MODELS = ("people.participation", "people.person", "activities.activity", "results.attribution",
                  "directory.organisation", "directory.membership", "agreements.agreement", "results.indicator")


def changes_since(user, when, limit=200):
    """Change-log entries since `when` of the records the figures are computed from (None: may not see them)."""
    from django.contrib.contenttypes.models import ContentType

    from skillsnet.accounts.permissions import can
    from skillsnet.core.models import ChangeLogEntry

    if not can(user, "view", ChangeLogEntry):
        return None
    types = [ContentType.objects.get_by_natural_key(*label.split(".")) for label in FEEDING_MODELS]
    qs = ChangeLogEntry.objects.filter(content_type__in=types).select_related("content_type").order_by("-time")
    if when is not None:
        qs = qs.filter(time__gt=when)
    return qs[:limit]


def resolve_period(project, text):
    """(Period or None, Span) for '2025', '2025-Q2', a period id, a label such as 'FY2025', or '' (all time)."""
    from .models import Period

    text = (str(text or "")).strip()
    if not text:
        return None, Span()
    if not text.isprintable() or len(text) > 60:
        raise ValueError(_("No reporting period %(text)s in project %(project)s.") % {"text": text[:60].encode(
            "unicode_escape").decode(), "project": project.code})
    periods = project.periods.all()
    found = None
    if text.isdigit() and len(text) == 4:
        found = periods.filter(kind=Period.Kind.YEAR, year=int(text)).first()
        return found, Span.of_period(found) if found else Span.of_year(int(text))
    if len(text) == 7 and text[4:6].upper() == "-Q" and text[:4].isdigit() and text[6] in "1234":
        found = periods.filter(kind=Period.Kind.QUARTER, year=int(text[:4]), quarter=int(text[6])).first()
    if found is None and text.isdigit():
        found = periods.filter(pk=int(text)).first()
    if found is None:
        found = periods.filter(label=text).first()
    if found is None:
        raise ValueError(_("No reporting period %(text)s in project %(project)s.") % {"text": text,
                                                                                    "project": project.code})
    return found, Span.of_period(found)

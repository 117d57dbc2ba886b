"""The results dashboard's charts, one named step each (the view stays thin): people trained by sex and
country and per year (from the aggregates: the whole network, or what is attributed to one project), members by
country over time, activities by kind, agreements per year, funding against spending. Every bar and point links
to the records behind it; counts below five are listed as "< 5" for roles without personal data."""
import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from skillsnet.core.registry import config_for
from skillsnet.directory.models import Membership, Organisation

from .charts import svg_bar_chart, svg_line_chart
from .models import CompletionCell, CompletionFact, Project, partial_bounds


@dataclass
class Filters:
    user: object
    country: str
    year: int | None
    programme: int | None
    project: object
    network: int | None

    @property
    def this_year(self):
        return datetime.date.today().year

    def cells(self):
        """The aggregates of the whole network (project 0), or of what is attributed to one project."""
        cells = CompletionCell.objects.filter(project_id=self.project.pk if self.project else 0,
                                              scope=f"initiative:{self.programme}" if self.programme else "all")
        return cells.filter(country=self.country) if self.country else cells


def _list_url(app, model_name, **params):
    try:
        model = apps.get_model(app, model_name)
    except LookupError:
        return None
    config = config_for(model)
    if config is None:
        return None
    base = config.url("list")
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(params)}" if params else base


def _mask_small(counts, user, groups=(), sums=None):
    """For roles that may not see personal data, counts of one to four people are not drawn; they are listed as
    "< 5" under the chart instead (results.privacy decides). `groups`: lists of keys of `counts` whose sums another
    chart draws (a sex's countries, summed in the per-year chart): in them a further count that subtraction would
    give a masked one from is not drawn either, listed as "≥ 5" (core.privacy.suppressed); where no such count is
    left, the sum is taken out of `sums` (the other chart's counts, key per group) and listed there. Returns the
    labels of the cells not drawn, and those of the sums taken out."""
    from skillsnet.core.privacy import group_sum_shown, suppressed

    from .labels import dims_label
    from .privacy import sees_small_counts

    if sees_small_counts(user):
        return [], []
    keys = sorted(counts, key=str)
    index = {k: i for i, k in enumerate(keys)}
    shown, exposed = suppressed([counts[k] for k in keys], [[index[k] for k in keys_ if k in index]
                                                            for keys_, _sum in groups])
    out, out_sums = [], []
    for key, cell in zip(keys, shown):
        if isinstance(cell, str):
            counts[key] = None
            sex, other = key
            out.append(f"{dims_label({'sex': sex})} · {other}: {cell}")
    for g in sorted(exposed):
        sum_key = groups[g][1]
        if sums is not None and sums.get(sum_key) is not None:
            sex, other = sum_key
            out_sums.append(f"{dims_label({'sex': sex})} · {other}: {group_sum_shown(sums[sum_key], True)}")
            sums[sum_key] = None
    return out, out_sums


def years_giving_back_an_activity(f, years):
    """The years whose people trained, added up over the sexes the per-year chart draws, would give back what an
    activity's own page hides (results.privacy.sums_giving_back_an_activity over the dashboard's slice)."""
    from .privacy import sums_giving_back_an_activity

    if not years:
        return set()
    facts = CompletionFact.objects.filter(completed=True, year__in=years)
    if f.programme:
        facts = facts.filter(initiative_id=f.programme)
    if f.country:
        facts = facts.filter(country=f.country)
    if f.project:
        from .measures import attributed_activities

        facts = facts.filter(activity_id__in=attributed_activities(f.project))
    return sums_giving_back_an_activity(facts, "year")


def persons_by_year_and_sex(f):
    """[(year, sex, persons)] of the cells, summed in the database, once per Filters."""
    if getattr(f, "_per_year_sex", None) is None:
        f._per_year_sex = [(r["year"], r["sex"], r["n"]) for r in
                           f.cells().values("year", "sex").annotate(n=Sum("persons")).order_by()]
    return f._per_year_sex


def years_of(f):
    """The years with cells, once per Filters: the years of the (year, sex) sums, which every cell is in (a cell's
    year and sex are never NULL), so no second pass over the cells."""
    if getattr(f, "_years", None) is None:
        f._years = sorted({year for year, _sex, _n in persons_by_year_and_sex(f)})
    return f._years


def _hide_activity_sums(f, per_year, years, masked_years):
    """For a role without exact small counts: in every year whose sum would give back what an activity's page hides
    (years_giving_back_an_activity) and whose sexes are all drawn, the largest point is not drawn either (listed
    "≥ 5"). Returns the (sex, year) points so hidden."""
    from skillsnet.core.privacy import AT_LEAST

    from .labels import dims_label
    from .privacy import sees_small_counts

    if sees_small_counts(f.user):
        return []
    hidden = []
    for year in sorted(years_giving_back_an_activity(f, years)):
        points = [k for k in per_year if k[1] == year]
        if points and all(per_year[k] is not None for k in points):
            largest = max(points, key=lambda k: per_year[k])
            per_year[largest] = None
            masked_years.append(f"{dims_label({'sex': largest[0]})} · {year}: {AT_LEAST}")
            hidden.append(largest)
    return hidden


def people_charts(f, charts):
    from skillsnet.core.privacy import AT_LEAST

    from .labels import dims_label

    user, country, year, this_year = f.user, f.country, f.year, f.this_year
    cells = f.cells()
    years = years_of(f)
    chart_year = year or (years[-1] if years else this_year)
    # people trained by sex × country (one year: distinct persons), and by year
    by = defaultdict(int)
    for r in cells.filter(year=chart_year).values("country", "sex").annotate(n=Sum("persons")).order_by():
        by[(r["sex"], r["country"] or "?")] += r["n"]
    per_year = defaultdict(int)
    for year_, sex, n in persons_by_year_and_sex(f):
        per_year[(sex, year_)] += n
    # the masks of both charts at once: a sex's countries in `chart_year` add up to its point of that year
    masked_years, _none = _mask_small(per_year, user)
    hidden_points = _hide_activity_sums(f, per_year, years, masked_years)
    sexes = sorted({s for s, _c in by})
    masked, masked_sums = _mask_small(by, user, [([k for k in by if k[0] == s], (s, chart_year)) for s in sexes],
                                      per_year)
    for sex, year_ in hidden_points:
        drawn = [k for k in by if k[0] == sex and by[k] is not None]
        if year_ == chart_year and len(drawn) == len([k for k in by if k[0] == sex]) and drawn:
            # the sex's countries would add up to the point hidden: the largest of them is not drawn either
            largest = max(drawn, key=lambda k: by[k])
            by[largest] = None
            masked.append(f"{dims_label({'sex': sex})} · {largest[1]}: {AT_LEAST}")
    masked_years += [m for m in masked_sums if m not in masked_years]
    countries = sorted({c for _s, c in by})
    links = {(s, c): _list_url("people", "Participation", completed="true", country=c if c != "?" else "")
             for s in sexes for c in countries}
    if countries:
        charts.append({"title": _("People trained in %(year)s, by sex and country") % {"year": chart_year},
                       "svg": mark_safe(svg_bar_chart(countries, [(s, [by.get((s, c)) for c in countries])
                                                                  for s in sexes],
                                                      title=_("People trained by sex and country"), unit=_("people"),
                                                      links=links)), "masked": masked})
    if years:
        sexes_y = sorted({s for s, _y in per_year})
        charts.append({"title": _("People trained per year, by sex"),
                       "svg": mark_safe(svg_line_chart([str(y) for y in years],
                                                       [(s, [per_year.get((s, y)) for y in years]) for s in sexes_y],
                                                       title=_("People trained per year"), unit=_("people"),
                                                       links={(s, str(y)): _list_url("people", "Participation",
                                                                                     completed="true", country=country)
                                                              for s in sexes_y for y in years})),
                       "masked": masked_years})


def membership_chart(f, charts):
    user, country, this_year = f.user, f.country, f.this_year
    # members by country over time
    networks = Organisation.objects.filter(kind=Organisation.Kind.NETWORK).for_user(user, "view")
    network = networks.filter(pk=f.network).first() or networks.filter(
        Exists(Membership.objects.filter(network=OuterRef("pk")))).order_by("pk").first()
    if network is not None:
        # one row per (country, joined, left) with its number of memberships: counted in SQL, not per membership
        memberships = list(Membership.objects.filter(network=network).for_user(user, "view")
                           .values("member__country_id", "joined_on", "left_on").annotate(n=Count("pk")).order_by())
        first = min([int(m["joined_on"][:4]) for m in memberships if m["joined_on"]] or
                    [int(network.founded[:4]) if network.founded else this_year])
        span_years = list(range(first, this_year + 1))
        year_ends = [datetime.date(y, 12, 31) for y in span_years]
        per_country = defaultdict(lambda: [0] * len(span_years))
        for m in memberships:
            c = m["member__country_id"] or "?"
            if country and c != country:
                continue
            start = partial_bounds(m["joined_on"]) if m["joined_on"] else None
            end = partial_bounds(m["left_on"], end=True) if m["left_on"] else None
            counts = per_country[c]
            for i, day in enumerate(year_ends):
                if (start is None or start <= day) and (end is None or end >= day):
                    counts[i] += m["n"]
        if per_country:
            url = _list_url("directory", "Membership", network=network.pk)
            charts.append({"title": _("Members of %(network)s by country over time") % {"network": network},
                           "svg": mark_safe(svg_line_chart(
                               [str(y) for y in span_years], sorted(per_country.items()),
                               title=_("Members by country"), unit=_("members"),
                               links={(c, str(y)): url for c in per_country for y in span_years}))})


def activity_chart(f, charts):
    user, country, year, programme = f.user, f.country, f.year, f.programme
    # activities by kind
    Activity = apps.get_model("activities", "Activity")
    acts = Activity.objects.for_user(user, "view")
    if country:
        acts = acts.filter(country=country)
    if programme:
        acts = acts.filter(initiative=programme)
    if year:
        acts = acts.filter(start__year=year)
    labels = dict(Activity.Kind.choices)
    by_kind = dict(acts.values_list("kind").annotate(n=Count("pk")).order_by())
    kinds = [(k, by_kind[k]) for k in labels if by_kind.get(k)]
    if kinds:
        cats = [str(labels[k]) for k, _n in kinds]
        charts.append({"title": _("Activities by kind"), "svg": mark_safe(svg_bar_chart(
            cats, [(_("activities"), [n for _k, n in kinds])], title=_("Activities by kind"), unit=_("activities"),
            links={(_("activities"), str(labels[k])): _list_url("activities", "Activity", kind=k, country=country,
                                                               initiative=programme) for k, _n in kinds}))})


def agreement_chart(f, charts):
    user, country = f.user, f.country
    # agreements signed per year, by kind
    Agreement = apps.get_model("agreements", "Agreement")
    agreements = Agreement.objects.exclude(status__in=["draft", "negotiating"]).for_user(user, "view")
    if country:
        agreements = agreements.filter(parties__organisation__country=country).distinct()
    counts = defaultdict(int)
    for a in agreements.values("kind", "signed_on"):
        counts[(a["kind"], a["signed_on"][:4] or _("date unknown"))] += 1
    if counts:
        labels = dict(Agreement.Kind.choices)
        cats = sorted({y for _k, y in counts})
        kinds_a = sorted({k for k, _y in counts})
        charts.append({"title": _("Agreements signed"), "svg": mark_safe(svg_bar_chart(
            cats, [(str(labels.get(k, k)), [counts.get((k, y)) for y in cats]) for k in kinds_a],
            title=_("Agreements signed per year"), unit=_("agreements"),
            links={(str(labels.get(k, k)), y): _list_url("agreements", "Agreement", kind=k)
                   for k in kinds_a for y in cats}))})


def funding_chart(f, charts):
    user, country = f.user, f.country
    # funding against spending, per project
    from skillsnet.funding.queries import burn_rates

    projects = Project.objects.for_user(user, "view")
    if country:
        projects = projects.filter(recipient_countries=country)
    rows = []
    for p in projects[:12]:
        funders = burn_rates(p)["funders"]
        received = sum(r["received"] for _f, r in funders)
        spent = sum(r["spent"] for _f, r in funders)
        if received or spent:
            rows.append((p, received, spent))
    if rows:
        series_in, series_out = _("received or committed"), _("spent")
        charts.append({"title": _("Funding against spending (USD)"), "svg": mark_safe(svg_bar_chart(
            [p.code for p, _r, _s in rows], [(series_in, [r for _p, r, _s in rows]),
                                             (series_out, [s for _p, _r, s in rows])],
            title=_("Funding against spending"), unit="USD",
            links={**{(series_in, p.code): _list_url("funding", "Transaction", project=p.pk, type="11")
                      for p, _r, _s in rows},
                   **{(series_out, p.code): _list_url("funding", "Transaction", project=p.pk, type="4")
                      for p, _r, _s in rows}}))})


def charts_for(f):
    charts = []
    for step in (people_charts, membership_chart, activity_chart, agreement_chart, funding_chart):
        step(f, charts)
    return charts

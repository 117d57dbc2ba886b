"""Reads for labour-market alignment: demand, training supply, gaps and employment outcomes.

Every scoped queryset goes through restrict(). Participations and tracer records are personal data:
these functions only return counts of them (aggregates), never the records, as accounts.rules intends.
"""
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from skillsnet.accounts.permissions import restrict
from skillsnet.directory.models import Country, IscoOccupation, Programme

from .models import ActivityOccupation, DemandSignal, TracerRecord

LEVEL_DIGITS = {"major": 1, "sub-major": 2, "minor": 3, "unit": 4}
LEVEL_RANK = {"urgent": 3, "high": 2, "moderate": 1, "": 0}
EMPLOYED = (TracerRecord.Status.EMPLOYED, TracerRecord.Status.SELF_EMPLOYED)


def group_of(code, level="minor"):
    """The ISCO-08 group a code rolls up to at `level`; a broader code stays as it is."""
    return (code or "")[:LEVEL_DIGITS.get(level, 3)]


def covers(code_a, code_b):
    """Whether two ISCO-08 codes name the same group or one contains the other (742 and 7421)."""
    return bool(code_a and code_b) and (code_a.startswith(code_b) or code_b.startswith(code_a))


def _year(start, period):
    if start:
        return start.year
    if period:
        return int(period[:4])
    return None


@dataclass
class Cell:
    """One country × occupation-group row of the gap analysis."""

    country: str
    code: str
    title: str = ""
    signals: int = 0
    demand_quantity: int = 0
    quantified: bool = False
    demand_level: str = ""
    demand_years: dict = field(default_factory=dict)  # year -> number of signals
    demand_quantity_years: dict = field(default_factory=dict)  # year -> number stated
    intake: int = 0
    programmes: int = 0
    institutions: set = field(default_factory=set)
    completions_years: dict = field(default_factory=dict)  # year -> completers
    traced: int = 0
    employed: int = 0

    @property
    def completions(self):
        return sum(self.completions_years.values())

    @property
    def demand_level_label(self):
        return DemandSignal.Level(self.demand_level).label if self.demand_level else ""

    @property
    def gap(self):
        """Stated demand minus annual intake, when demand is stated as a number (else None)."""
        return self.demand_quantity - self.intake if self.quantified else None

    @property
    def employment_rate(self):
        return round(100 * self.employed / self.traced) if self.traced else None

    @property
    def assessment(self):
        if self.signals and not self.intake and not self.completions:
            return _("Demand with no training supply recorded")
        if self.signals and self.gap is not None and self.gap > 0:
            return _("Shortfall of %(n)s against stated demand") % {"n": f"{self.gap:,}"}
        if self.signals and self.gap is not None:
            return _("Annual intake covers stated demand")
        if self.signals:
            return _("Demand level %(level)s; training supply recorded") % {
                "level": DemandSignal.Level(self.demand_level).label if self.demand_level else "—"}
        return _("Training supply without a recorded demand signal")


def demand_signals(user, *, country=None, occupation=None):
    qs = restrict(DemandSignal.objects.select_related("occupation", "country", "province"), user, "view")
    if country:
        qs = qs.filter(country=country)
    if occupation:
        qs = qs.filter(occupation__code__startswith=occupation)
    return qs


def programmes_for(user, *, country=None, occupation=None):
    """Programmes training for an occupation group (codes that contain or are contained in `occupation`)."""
    qs = restrict(Programme.objects.select_related("organisation", "isco_occupation", "organisation__country"),
                  user, "view").exclude(isco_occupation=None)
    if country:
        qs = qs.filter(organisation__country=country)
    if occupation:
        parents = [occupation[:n] for n in range(1, len(occupation))]
        qs = qs.filter(isco_occupation__code__startswith=occupation) | qs.filter(isco_occupation__code__in=parents)
    return qs


def _activity_occupations(user):
    """{activity id: [ISCO codes]} for activities the user may see."""
    from skillsnet.activities.models import Activity

    visible = restrict(Activity.objects.all(), user, "view").values("pk")
    out = defaultdict(list)
    for activity_id, code in ActivityOccupation.objects.filter(activity__in=visible).values_list(
            "activity_id", "isco_occupation_id"):
        out[activity_id].append(code)
    return out


def completions(user, *, country=None):
    """[(country, ISCO code, year, completers)]: people who completed an activity that trains for an occupation.

    The country is the trainee's organisation's country, else the activity's country. Counts only.
    """
    from skillsnet.activities.models import Activity
    from skillsnet.people.models import Participation

    occupations = _activity_occupations(user)
    if not occupations:
        return []
    info = {pk: (_year(start, period), c or hc) for pk, start, period, c, hc in Activity.objects.filter(
        pk__in=list(occupations)).values_list("pk", "start", "period", "country_id", "host__country_id")}
    rows = (Participation.objects.filter(completed=True, activity_id__in=list(occupations))
            .values("activity_id", "person__organisation__country").annotate(n=Count("person", distinct=True)))
    out = defaultdict(int)
    for row in rows:
        year, fallback = info.get(row["activity_id"], (None, None))
        where = row["person__organisation__country"] or fallback
        if not where or (country and where != country):
            continue
        for code in occupations[row["activity_id"]]:
            out[(where, code, year)] += row["n"]
    return [(c, code, y, n) for (c, code, y), n in out.items()]


def tracer_counts(user, *, country=None, months_after=None, by=("status", "country")):
    """Counts of tracer records by status and by the trainee's home country (the country of the person's
    organisation), plus where they work: [{"status", "country", "abroad", "months_after", "count"}].

    Only counts are returned (no records), so indicators can use them for any role that may see the
    organisations; `country` filters on the home country.
    """
    qs = TracerRecord.objects.all()
    if country:
        qs = qs.filter(person__organisation__country=country)
    if months_after:
        qs = qs.filter(months_after=months_after)
    names = {"status": "status", "country": "person__organisation__country", "abroad": "abroad",
             "months_after": "months_after", "work_country": "country"}
    keys = [names[b] for b in by]
    rows = qs.values(*keys).annotate(count=Count("id")).order_by(*keys)
    inverse = {v: k for k, v in names.items()}
    return [{inverse[k]: row[k] for k in keys} | {"count": row["count"]} for row in rows]


def _tracer_by_activity():
    """[(activity id, home country, traced, employed or self-employed)] from tracer records linked to a
    participation (counts only)."""
    out = defaultdict(lambda: [0, 0])
    rows = (TracerRecord.objects.exclude(participation=None)
            .values("participation__activity_id", "person__organisation__country", "status")
            .annotate(n=Count("person", distinct=True)))
    for row in rows:
        entry = out[(row["participation__activity_id"], row["person__organisation__country"])]
        entry[0] += row["n"]
        entry[1] += row["n"] if row["status"] in EMPLOYED else 0
    return [(a, c, t, e) for (a, c), (t, e) in out.items()]


# Other apps add demand that is not a DemandSignal row (employment: open vacancies). A source is
# `source(user, country) -> [(country, ISCO code, size_kind, quantity, level, date)]`; it leaves out what a
# DemandSignal already counts, so nothing is counted twice.
DEMAND_SOURCES = []


def register_demand_source(source):
    if source not in DEMAND_SOURCES:
        DEMAND_SOURCES.append(source)


def _demand_rows(user, country):
    yield from demand_signals(user, country=country).values_list(
        "country_id", "occupation_id", "size_kind", "quantity", "level", "date")
    for source in DEMAND_SOURCES:
        yield from source(user, country)


def gap_analysis(user, *, level="minor", country=None, occupation=None):
    """[Cell] for every country × occupation group with demand or supply, sorted by country and code."""
    cells = {}

    def cell(c, code):
        key = (c, group_of(code, level))
        if key not in cells:
            cells[key] = Cell(country=c, code=key[1])
        return cells[key]

    def wanted(code):
        return not occupation or covers(code, occupation)

    for c, code, size_kind, quantity, lvl, date in _demand_rows(user, country):
        if not wanted(code):
            continue
        x = cell(c, code)
        x.signals += 1
        year = int(date[:4]) if date else None
        x.demand_years[year] = x.demand_years.get(year, 0) + 1
        if quantity is not None:
            x.quantified = True
            x.demand_quantity += quantity
            x.demand_quantity_years[year] = x.demand_quantity_years.get(year, 0) + quantity
        if LEVEL_RANK.get(lvl, 0) > LEVEL_RANK.get(x.demand_level, 0):
            x.demand_level = lvl
    progs = restrict(Programme.objects.exclude(isco_occupation=None).exclude(organisation__country=None),
                     user, "view")
    if country:
        progs = progs.filter(organisation__country=country)
    for c, code, intake, org in progs.values_list("organisation__country_id", "isco_occupation_id",
                                                  "annual_intake", "organisation_id"):
        if not wanted(code):
            continue
        x = cell(c, code)
        x.programmes += 1
        x.intake += intake or 0
        x.institutions.add(org)
    for c, code, year, n in completions(user, country=country):
        if not wanted(code):
            continue
        x = cell(c, code)
        x.completions_years[year] = x.completions_years.get(year, 0) + n
    if cells:
        occupations = _activity_occupations(user)
        for activity_id, home, traced, employed in _tracer_by_activity():
            for key in {(home, group_of(code, level)) for code in occupations.get(activity_id, [])}:
                if key in cells:
                    cells[key].traced += traced
                    cells[key].employed += employed
    titles = dict(IscoOccupation.objects.filter(code__in={k[1] for k in cells}).values_list("code", "title"))
    for (c, code), x in cells.items():
        x.title = titles.get(code, "")
    return sorted(cells.values(), key=lambda x: (x.country, x.code))


def shown_people(cell, user):
    """The counts of people of a gap-analysis cell as `user` may see them (DESIGN §8): {"completions", "by_year",
    "employed", "traced", "employment_rate"}. For a role that may not see small counts of people, a count of 1–4
    shows as "< 5", and none can be worked out by subtraction from a sum shown beside it (core.privacy.suppressed):
    a year's completions against the cell's total, the employed against the traced (traced − employed are the
    people not employed); an employment rate whose employed or traced count is hidden shows as "—"."""
    from skillsnet.core.privacy import HIDDEN, group_sum_shown, sees_small_counts, suppressed

    years = sorted(cell.completions_years, key=lambda y: (y is None, y or 0))
    out = {"completions": cell.completions, "by_year": dict(cell.completions_years), "employed": cell.employed,
           "traced": cell.traced, "employment_rate": cell.employment_rate}
    if sees_small_counts(user):
        return out
    shown, exposed = suppressed([cell.completions_years[y] for y in years], [list(range(len(years)))])
    out["by_year"] = dict(zip(years, shown))
    out["completions"] = group_sum_shown(cell.completions, bool(exposed))
    (employed, _rest), exposed = suppressed([cell.employed, cell.traced - cell.employed], [[0, 1]])
    out["employed"], out["traced"] = employed, group_sum_shown(cell.traced, bool(exposed))
    if isinstance(employed, str) or isinstance(out["traced"], str):
        out["employment_rate"] = HIDDEN if cell.traced else None
    return out


def shown_tracer_counts(rows, user):
    """tracer_counts' rows with each count of people as `user` may see it ("< 5" below five; no total is shown
    beside them)."""
    from skillsnet.core.privacy import shown_count

    return [{**r, "count": shown_count(r["count"], user)} for r in rows]


def years_of(cells):
    years = set()
    for x in cells:
        years |= {y for y in x.demand_years if y} | {y for y in x.completions_years if y}
    return sorted(years)


def countries_with_data(user):
    codes = set(demand_signals(user).values_list("country_id", flat=True))
    codes |= set(restrict(Programme.objects.exclude(isco_occupation=None), user, "view")
                 .values_list("organisation__country_id", flat=True))
    return list(Country.objects.filter(pk__in=[c for c in codes if c]).order_by("name"))

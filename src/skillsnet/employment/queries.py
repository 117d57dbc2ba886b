"""Reads of the employment app: two-way matching with explanations, contact details after acceptance, the
person's own data, open vacancies (public), schema.org JobPosting JSON-LD, and vacancies as demand signals.

Matching
--------
A score is the sum of named components, each explained in plain language like the partner suggestions:

  occupation    same ISCO-08 unit group (+20), minor group (+12) or sub-major group (+6) as the vacancy — from the
                occupations the person trained for (completed trainings), is qualified in, or seeks
  units         share of the vacancy's required competency units the person's qualifications cover (up to +30)
  credentials   a verified Open Badges credential (not revoked, not suspended) in the vacancy's ISCO minor group (+10)
  recognition   the required qualification: held (+20); recognised by a decided recognition case, full (+20) or
                partial (+12); else the recognition engine's outcome for a qualification the person holds,
                compared in the vacancy's country: full (+20), partial with top-ups (+12), credit for units (+4)
  language      share of the vacancy's languages the person speaks (up to +10)
  place         the vacancy's country is home or a country the person is willing to work in (+6), and lives in
                the vacancy's province (+4); willing to work anywhere (+4)

Set-based: each side's features are rows (kind, value) of one narrow indexed table (features.py). One GROUP BY over
the rows that match the other side ranks every candidate at once; the prefilter keeps only open vacancies (or
consenting profiles, which alone have rows), only places the person accepts, and only candidates with an
occupation, unit or qualification in common. Only the top of the ranking is explained (one more query).
"""
import datetime
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Case, F, FloatField, Max, Q, Sum, Value, When
from django.urls import reverse
from django.utils.translation import gettext as _

from skillsnet.core.services import NotFound

from .models import (Application, JobSeekerProfile, Placement, ProfileContact, ProfileFeature, TracerSurvey, Vacancy,
                     VacancyFeature)

POINTS = {"o4": 20, "o3": 12, "o2": 6, "units": 30, "cred": 10, "held": 20, "full": 20, "partial": 12,
          "credit_units": 4, "lang": 10, "prov": 4, "cty": 6, "anywhere": 4, "remote": 6}
# A profile holding ISCO code 7231 has the rows o4 7231, o3 723 and o2 72, so a unit-group match also matches the
# minor and sub-major groups: each level adds what it is worth above the level below (8 + 6 + 6 = 20).
OCC_STEP = {"o4": POINTS["o4"] - POINTS["o3"], "o3": POINTS["o3"] - POINTS["o2"], "o2": POINTS["o2"]}
RECOGNITION_CAP = 20
COMPONENTS = ("occupation", "units", "credentials", "recognition", "language", "place")
SUBSTANTIVE = ("occupation", "units", "recognition")
DEFAULT_LIMIT = 50


def component_labels():
    return {"occupation": _("Occupation"), "units": _("Competency units covered"),
            "credentials": _("Verified credentials"), "recognition": _("Qualification recognised in the country"),
            "language": _("Language"), "place": _("Place and mobility")}


@dataclass
class Component:
    key: str
    label: str
    points: int = 0
    reasons: list = field(default_factory=list)

    def add(self, text):
        self.reasons.append(text)


@dataclass
class Match:
    obj: object
    score: int
    components: list

    @property
    def explanation(self):
        return [c for c in self.components if c.reasons]

    def component(self, key):
        return next(c for c in self.components if c.key == key)


def _zero():
    return Value(0, output_field=FloatField())


def _max(*whens):
    return Max(Case(*whens, default=_zero(), output_field=FloatField()))


def _sum(*whens):
    return Sum(Case(*whens, default=_zero(), output_field=FloatField()))


def _num(points):
    return Value(float(points), output_field=FloatField())


# ------------------------------------------------------------------ recognition through the engine
_DECISIONS = {}  # (recognition data stamp, qualification id, country) -> Decision or None
RECOGNITION_INPUTS = (("recognition", "Qualification"), ("recognition", "QualificationUnit"),
                      ("recognition", "CompetencyUnit"), ("recognition", "UnitLink"), ("recognition", "Level"),
                      ("recognition", "LevelReference"), ("curricula", "CurriculumVersion"), ("curricula", "Module"))


def recognition_stamp():
    """Changes whenever anything the engine reads changes (rows added, removed or edited): a count and the latest
    edit of each input table, so a decision is reused only while its inputs are the same."""
    from django.db.models import Count

    out = []
    for app, name in RECOGNITION_INPUTS:
        row = apps.get_model(app, name)._base_manager.aggregate(n=Count("pk"), t=Max("updated_at"))
        out.append((row["n"], row["t"]))
    return tuple(out)


class Recognitions:
    """The recognition engine's decisions (purpose: employment) per (qualification, country), reused across
    rankings while the recognition data is unchanged (recognition_stamp)."""

    def __init__(self):
        self.stamp = None

    def decision(self, qualification_id, country):
        if self.stamp is None:
            self.stamp = recognition_stamp()
        key = (self.stamp, int(qualification_id), country)
        if key not in _DECISIONS:
            from skillsnet.recognition.services import assess_qualification

            if len(_DECISIONS) > 5000:
                _DECISIONS.clear()
            try:
                _DECISIONS[key] = assess_qualification(key[1], country, "employment")
            except (NotFound, ValidationError):
                _DECISIONS[key] = None
        return _DECISIONS[key]

    def points(self, qualification_id, country, targets):
        """(points, decision) when the engine recognises the qualification in `country` as one of `targets`."""
        decision = self.decision(qualification_id, country)
        if decision is None or decision.outcome not in ("full", "partial", "credit_units"):
            return 0, decision
        if str(decision.target_qualification_id) not in {str(t) for t in targets}:
            return 0, decision
        return POINTS[decision.outcome], decision


def _comparable_qualifications(country, targets, occupation):
    """Qualifications of other countries the engine could compare with `targets` (same ISCO minor group as a
    target or as the vacancy): the prefilter of the recognition component."""
    Qualification = apps.get_model("recognition", "Qualification")
    minors = {c[:3] for c in Qualification.objects.filter(pk__in=targets).values_list("isco_occupation_id", flat=True)
              if c} | ({occupation[:3]} if occupation else set())
    q = Q()
    for minor in minors:
        q |= Q(isco_occupation__code__startswith=minor)
    if not minors:
        return []
    return list(Qualification.objects.filter(q).exclude(country_id=country).values_list("pk", flat=True))


# ------------------------------------------------------------------ a vacancy → ranked profiles
class VacancyAsk:
    """What one vacancy asks, and the recognition outcomes that reach it."""

    def __init__(self, vacancy, recognitions=None, rows=None):
        self.vacancy = vacancy
        self.recognitions = recognitions or Recognitions()
        if rows is None:
            rows = list(VacancyFeature.objects.filter(vacancy=vacancy).values_list("kind", "value"))
        self.by_kind = {}
        for k, v in rows:
            self.by_kind.setdefault(k, []).append(v)
        self.occ = {k: (self.by_kind.get(k) or [None])[0] for k in ("o4", "o3", "o2")}
        self.units = self.by_kind.get("unit", [])
        self.targets = self.by_kind.get("q", [])
        self.langs = self.by_kind.get("lang", [])
        self.country = vacancy.country_id
        self.province = vacancy.province_id
        self.remote = vacancy.mobility == Vacancy.Mobility.REMOTE

    @cached_property
    def engine_points(self):
        """{held qualification id (text): (points, decision)} through the recognition engine."""
        out = {}
        if not self.targets:
            return out
        for qid in _comparable_qualifications(self.country, self.targets, self.vacancy.occupation_id):
            pts, decision = self.recognitions.points(qid, self.country, self.targets)
            if pts:
                out[str(qid)] = (pts, decision)
        return out

    def substantive(self):
        """The prefilter: a candidate shares the occupation's unit or minor group, a required unit or the required
        qualification (held, recognised by a case or through the engine); a sub-major group alone does not do."""
        q = Q(pk__in=[])
        for k in ("o4", "o3"):
            if self.occ[k]:
                q |= Q(kind=k, value=self.occ[k])
        if self.units:
            q |= Q(kind="unit", value__in=self.units)
        if self.targets:
            q |= Q(kind="q", value__in=set(self.targets) | set(self.engine_points))
            q |= Q(kind__in=("rcf", "rcp"), value__in=self.targets)
        return q

    def where(self):
        q = Q()
        for k, v in self.occ.items():
            if v:
                q |= Q(kind=k, value=v)
        if self.units:
            q |= Q(kind="unit", value__in=self.units)
        if self.occ["o3"]:
            q |= Q(kind="cred", value=self.occ["o3"])
        if self.targets:
            q |= Q(kind="q", value__in=set(self.targets) | set(self.engine_points))
            q |= Q(kind__in=("rcf", "rcp"), value__in=self.targets)
        if self.langs:
            q |= Q(kind="lang", value__in=self.langs)
        q |= Q(kind="cty", value__in=[self.country, "*"])
        if self.province:
            q |= Q(kind="prov", value=self.province)
        return q

    def row_points(self):
        """{(kind, value): points} of the rows a profile can match, recognition apart (capped at RECOGNITION_CAP):
        one CASE per row, summed per profile, gives the score without an aggregate per component."""
        pts = {(k, v): OCC_STEP[k] for k, v in self.occ.items() if v}
        pts.update({("unit", u): POINTS["units"] / len(self.units) for u in self.units})
        if self.occ["o3"]:
            pts[("cred", self.occ["o3"])] = POINTS["cred"]
        pts.update({("lang", lang): POINTS["lang"] / len(self.langs) for lang in self.langs})
        pts[("cty", self.country)] = POINTS["cty"]
        pts[("cty", "*")] = POINTS["anywhere"]
        if self.province:
            pts[("prov", self.province)] = POINTS["prov"]
        rec = {("q", t): POINTS["held"] for t in self.targets}
        rec.update({("q", qid): p for qid, (p, _d) in self.engine_points.items()})
        rec.update({("rcf", t): POINTS["full"] for t in self.targets})
        rec.update({("rcp", t): POINTS["partial"] for t in self.targets})
        return pts, rec

    def total_expression(self):
        from django.db.models.functions import Least

        pts, rec = self.row_points()
        total = _sum(*[When(kind=k, value=v, then=_num(p)) for (k, v), p in pts.items()])
        if rec:
            total = total + Least(_sum(*[When(kind=k, value=v, then=_num(p)) for (k, v), p in rec.items()]),
                                  _num(RECOGNITION_CAP))
        return total

    def components_of(self, matched):
        """The components (points) of one profile from its matched rows, as total_expression sums them."""
        pts, rec = self.row_points()
        matched = set(matched)
        points = {k: 0.0 for k in COMPONENTS}
        for level in ("o4", "o3", "o2"):
            if (level, self.occ.get(level)) in matched:
                points["occupation"] = POINTS[level]
                break
        for (k, v), p in pts.items():
            if (k, v) in matched:
                key = {"unit": "units", "cred": "credentials", "lang": "language", "cty": "place",
                       "prov": "place"}.get(k)
                if key:
                    points[key] += p
        points["recognition"] = min(sum(p for kv, p in rec.items() if kv in matched), RECOGNITION_CAP)
        return points


def _rank(qs, group, ann, remote, limit):
    qs = qs.values(group).annotate(**ann).annotate(
        total=sum((F(c) for c in COMPONENTS[1:]), F(COMPONENTS[0])),
        substantive=F("occupation") + F("units") + F("recognition"))
    qs = qs.filter(substantive__gt=0)
    if not remote:
        qs = qs.filter(accepts__gt=0)
    return list(qs.order_by("-total", group)[:limit])


def rank_profiles(user, vacancy, *, limit=DEFAULT_LIMIT, profile_ids=None, explain=True):
    """[Match] of consenting profiles the user may see, best first, for a vacancy the user may see."""
    ask = VacancyAsk(vacancy)
    candidates = ProfileFeature.objects.filter(ask.substantive()).values("profile_id")
    if not ask.remote:  # the candidates, computed first: the rows read next are theirs only
        candidates = candidates.intersection(ProfileFeature.objects.filter(
            kind="cty", value__in=[ask.country, "*"]).values("profile_id"))
    qs = ProfileFeature.objects.filter(ask.where()).filter(profile_id__in=candidates)
    base = JobSeekerProfile.objects.all()
    visible = base.for_user(user, "view") if user is not None else base
    if visible is not base:
        qs = qs.filter(profile_id__in=visible.values("pk"))
    if profile_ids is not None:
        qs = qs.filter(profile_id__in=list(profile_ids))
    # the prefilter (subqueries above) already holds only candidates with a substantive match in an accepted place
    rows = list(qs.values("profile_id").annotate(total=ask.total_expression()).order_by("-total", "profile_id")
                [:limit])
    profiles = JobSeekerProfile.objects.select_related("person", "home_country").in_bulk([r["profile_id"] for r in rows])
    rows = [r for r in rows if r["profile_id"] in profiles]  # consent revoked meanwhile: dropped
    if not explain:
        return [Match(profiles[r["profile_id"]], round(r["total"]), []) for r in rows]
    return _explain_profiles(ask, rows, profiles)


def _explain_profiles(ask, rows, profiles):
    found = {}
    for pid, kind, value in ProfileFeature.objects.filter(ask.where(), profile_id__in=list(profiles)).values_list(
            "profile_id", "kind", "value"):
        found.setdefault(pid, []).append((kind, value))
    names = _Names()
    out = []
    for r in rows:
        matched = found.get(r["profile_id"], [])
        comps = _components(ask.components_of(matched))
        _explain(comps, matched, ask, names)
        out.append(Match(profiles[r["profile_id"]], round(r["total"]), comps))
    return out


def _components(points):
    """Components from a ranked row (or a {component: points} dict)."""
    labels = component_labels()
    return [Component(k, labels[k], round(points[k])) for k in COMPONENTS]


class _Names:
    """Names shown in explanations, each looked up once per ranking."""

    def __init__(self):
        self.cache = {}

    def _once(self, key, load):
        if key not in self.cache:
            self.cache[key] = load()
        return self.cache[key]

    @cached_property
    def isco(self):
        return dict(apps.get_model("directory", "IscoOccupation").objects.values_list("code", "title"))

    def qualification(self, pk):
        def load():
            q = apps.get_model("recognition", "Qualification").objects.filter(pk=pk).first()
            return f"{q} ({q.country_id})" if q else str(pk)
        return self._once(("q", str(pk)), load)

    def unit(self, pks):
        CompetencyUnit = apps.get_model("recognition", "CompetencyUnit")
        return self._once(("u", tuple(sorted(pks))), lambda: ", ".join(
            str(u) for u in CompetencyUnit.objects.filter(pk__in=list(pks))[:6]))

    def country(self, code):
        def load():
            c = apps.get_model("directory", "Country").objects.filter(pk=code).first()
            return str(c) if c else code
        return self._once(("c", code), load)

    def languages(self, codes):
        Language = apps.get_model("directory", "Language")
        return self._once(("l", tuple(sorted(codes))), lambda: ", ".join(
            str(x) for x in Language.objects.filter(pk__in=list(codes))))


def _explain(comps, matched, ask, names):
    """Sentences for each component from the matched (kind, value) rows of one candidate (either side)."""
    c = {x.key: x for x in comps}
    kinds = {}
    for k, v in matched:
        kinds.setdefault(k, set()).add(v)
    for level, what in (("o4", _("unit group")), ("o3", _("minor group")), ("o2", _("sub-major group"))):
        code = ask.occ.get(level)
        if code and code in kinds.get(level, ()):
            c["occupation"].add(_("Trained, qualified or looking for work in the vacancy's ISCO-08 %(what)s %(code)s "
                                  "%(title)s (+%(points)s).") % {"what": what, "code": code,
                                                                 "title": names.isco.get(code, ""),
                                                                 "points": POINTS[level]})
            break
    units = kinds.get("unit", set()) & set(ask.units)
    if units:
        c["units"].add(_("Covers %(n)s of the %(total)s required competency units: %(units)s (+%(points)s).") % {
            "n": len(units), "total": len(ask.units), "units": names.unit(units), "points": c["units"].points})
    if kinds.get("cred"):
        c["credentials"].add(_("Holds a verified Open Badges credential (not revoked or suspended) in ISCO-08 group "
                               "%(code)s (+%(points)s).") % {"code": ask.occ.get("o3"), "points": POINTS["cred"]})
    _explain_recognition(c["recognition"], kinds, ask, names)
    langs = kinds.get("lang", set()) & set(ask.langs)
    if langs:
        c["language"].add(_("Speaks %(langs)s, asked by the vacancy (+%(points)s).") % {
            "langs": names.languages(langs), "points": c["language"].points})
    if ask.country in kinds.get("cty", ()):
        c["place"].add(_("Lives in or is willing to work in %(country)s (+%(points)s).") % {
            "country": names.country(ask.country), "points": POINTS["cty"]})
    if ask.province and ask.province in kinds.get("prov", ()):
        c["place"].add(_("Lives in the vacancy's province (+%(points)s).") % {"points": POINTS["prov"]})
    if "*" in kinds.get("cty", ()):
        c["place"].add(_("Willing to work anywhere (+%(points)s).") % {"points": POINTS["anywhere"]})
    if ask.remote:
        c["place"].add(_("The work can be done remotely."))


def outcome_label(outcome):
    from skillsnet.recognition.models import Outcome

    try:
        return str(Outcome(outcome).label)
    except ValueError:
        return outcome


def _explain_recognition(comp, kinds, ask, names):
    held = kinds.get("q", set())
    for t in ask.targets:
        if t in held:
            comp.add(_("Holds the required qualification %(q)s (+%(points)s).") % {
                "q": names.qualification(t), "points": POINTS["held"]})
            return
        for kind, outcome in (("rcf", "full"), ("rcp", "partial")):
            if t in kinds.get(kind, ()):
                comp.add(_("A decided recognition case recognised them for %(q)s: %(outcome)s (+%(points)s).") % {
                    "q": names.qualification(t), "outcome": outcome_label(outcome), "points": POINTS[outcome]})
                return
    best = None
    for qid in held:
        if qid in ask.engine_points:
            pts, decision = ask.engine_points[qid]
            if best is None or pts > best[0]:
                best = (pts, qid, decision)
    if best:
        pts, qid, decision = best
        comp.add(recognition_sentence(names.qualification(qid), names.qualification(decision.target_qualification_id),
                                      names.country(ask.country), decision, pts))
    elif ask.targets:
        comp.add(_("No qualification they hold is recognised as %(q)s in %(country)s.") % {
            "q": ", ".join(names.qualification(t) for t in ask.targets), "country": names.country(ask.country)})


def recognition_sentence(source, target, country, decision, points):
    text = _("Their qualification %(source)s, compared by the recognition engine with %(target)s in %(country)s: "
             "%(outcome)s (+%(points)s).") % {"source": source, "target": target, "country": country,
                                               "outcome": outcome_label(decision.outcome), "points": points}
    if decision.outcome == "partial":
        tops = ", ".join(m.title for m in decision.top_ups)
        if tops:
            text += " " + _("Top-up to close the differences: %(modules)s.") % {"modules": tops}
        if decision.skills_assessment_required:
            text += " " + _("A skills assessment at the target level is required.")
    return text


# ------------------------------------------------------------------ a profile → ranked open vacancies
class ProfileOffer:
    """What one profile offers, with the recognition outcomes of its qualifications in the countries it accepts."""

    def __init__(self, profile, recognitions=None):
        self.profile = profile
        self.recognitions = recognitions or Recognitions()
        self.by_kind = {}
        for k, v, d in ProfileFeature.objects.filter(profile=profile).values_list("kind", "value", "detail"):
            self.by_kind.setdefault(k, {})[v] = d
        self.countries = set(self.by_kind.get("cty", {}))

    def values(self, kind):
        return list(self.by_kind.get(kind, {}))

    @cached_property
    def target_points(self):
        """{required qualification id (text): (points, how)}: held, decided cases, then the engine's outcome for
        each qualification held, compared in each country (accepted by the person) where open vacancies ask one."""
        out = {t: (POINTS["held"], ("held", t, None)) for t in self.values("q")}
        for kind, outcome in (("rcf", "full"), ("rcp", "partial")):
            for t in self.values(kind):
                if out.get(t, (0,))[0] < POINTS[outcome]:
                    out[t] = (POINTS[outcome], ("case", t, outcome))
        held = self.by_kind.get("q", {})
        if not held:
            return out
        countries = VacancyFeature.objects.filter(kind="cty", open=True, vacancy__in=VacancyFeature.objects.filter(
            kind="q", open=True).values("vacancy_id")).values_list("value", flat=True).distinct()
        if "*" not in self.countries:
            countries = countries.filter(value__in=self.countries)
        for country in countries:
            for qid, qcountry in held.items():
                if qcountry == country:
                    continue
                decision = self.recognitions.decision(qid, country)
                if decision is None or decision.outcome not in ("full", "partial", "credit_units"):
                    continue
                t = str(decision.target_qualification_id)
                pts = POINTS[decision.outcome]
                if out.get(t, (0,))[0] < pts:
                    out[t] = (pts, ("engine", qid, decision))
        return out

    def substantive(self):
        q = Q(pk__in=[])
        for k in ("o4", "o3"):
            if self.values(k):
                q |= Q(kind=k, value__in=self.values(k))
        if self.values("unit"):
            q |= Q(kind="unit", value__in=self.values("unit"))
        if self.target_points:
            q |= Q(kind="q", value__in=list(self.target_points))
        return q

    def accepts(self):
        q = Q(kind="mob", value="remote")
        return q | (Q(kind="cty") if "*" in self.countries else Q(kind="cty", value__in=self.countries))

    def where(self, today):
        q = Q()
        for k in ("o4", "o3", "o2"):
            if self.values(k):
                q |= Q(kind=k, value__in=self.values(k))
        if self.values("unit"):
            q |= Q(kind="unit", value__in=self.values("unit"))
        if self.target_points:
            q |= Q(kind="q", value__in=list(self.target_points))
        if self.values("lang"):
            q |= Q(kind="lang", value__in=self.values("lang"))
        q |= Q(kind="cty") if "*" in self.countries else Q(kind="cty", value__in=self.countries)
        q |= Q(kind="mob", value="remote")
        if self.values("prov"):
            q |= Q(kind="prov", value__in=self.values("prov"))
        return q & Q(open=True) & (Q(closing_date__isnull=True) | Q(closing_date__gte=today))

    def annotations(self):
        occ = [When(kind=k, value__in=self.values(k), then=_num(POINTS[k])) for k in ("o4", "o3", "o2")
               if self.values(k)]
        creds = self.values("cred")
        rec = [When(kind="q", value=t, then=_num(pts)) for t, (pts, _how) in self.target_points.items()]
        # additive, as from the vacancy's side: the country accepted (+6), the province (+4), anywhere (+4)
        place = [When(kind="prov", value__in=self.values("prov"), then=_num(POINTS["prov"]))] \
            if self.values("prov") else []
        countries = self.countries - {"*"}
        everywhere = POINTS["anywhere"] if "*" in self.countries else 0
        if countries:
            place.append(When(kind="cty", value__in=countries, then=_num(POINTS["cty"] + everywhere)))
        if everywhere:
            place.append(When(kind="cty", then=_num(everywhere)))
        accepts = [When(kind="mob", then=_num(1))]
        accepts += [When(kind="cty", then=_num(1))] if "*" in self.countries else \
            [When(kind="cty", value__in=self.countries, then=_num(1))] if self.countries else []
        return {
            "occupation": _max(*occ) if occ else _zero(),
            "units": _sum(When(kind="unit", then=F("weight"))) if self.values("unit") else _zero(),
            "credentials": _max(When(kind="o3", value__in=creds, then=_num(POINTS["cred"]))) if creds else _zero(),
            "recognition": _max(*rec) if rec else _zero(),
            "language": _sum(When(kind="lang", then=F("weight"))) if self.values("lang") else _zero(),
            "place": _sum(*place) if place else _zero(),
            "accepts": _max(*accepts),
        }


def rank_vacancies(profile, *, limit=DEFAULT_LIMIT, explain=True, include_examples=True):
    """[Match] of open vacancies (public information) for a consenting profile, best first."""
    if not profile.consent_in_force:
        return []
    offer = ProfileOffer(profile)
    today = datetime.date.today()
    live = Q(open=True) & (Q(closing_date__isnull=True) | Q(closing_date__gte=today))
    candidates = VacancyFeature.objects.filter(offer.substantive() & live).values("vacancy_id").intersection(
        VacancyFeature.objects.filter(offer.accepts() & live).values("vacancy_id"))
    qs = VacancyFeature.objects.filter(offer.where(today)).filter(vacancy_id__in=candidates)
    if not include_examples:
        qs = qs.exclude(vacancy__is_example=True)
    rows = _rank(qs, "vacancy_id", offer.annotations(), True, limit)
    rows = [r for r in rows if r["accepts"] > 0]
    vacancies = Vacancy.objects.select_related("employer", "country", "occupation").in_bulk(
        [r["vacancy_id"] for r in rows])
    if not explain:
        return [Match(vacancies[r["vacancy_id"]], round(r["total"]), []) for r in rows if r["vacancy_id"] in vacancies]
    return _explain_vacancies(offer, rows, vacancies)


def _explain_vacancies(offer, rows, vacancies):
    names = _Names()
    asked = {}
    for vid, kind, value in VacancyFeature.objects.filter(vacancy_id__in=list(vacancies)).values_list(
            "vacancy_id", "kind", "value"):
        asked.setdefault(vid, []).append((kind, value))
    out = []
    for r in rows:
        vacancy = vacancies.get(r["vacancy_id"])
        if vacancy is None:
            continue
        ask = VacancyAsk(vacancy, offer.recognitions, rows=asked.get(vacancy.pk, []))
        comps = _components(r)
        matched = [(k, v) for k, values in offer.by_kind.items() for v in values]
        # engine outcomes computed from the person's side
        ask.__dict__["engine_points"] = {how[1]: (pts, how[2]) for t, (pts, how) in offer.target_points.items()
                                         if how[0] == "engine" and t in ask.targets}
        _explain(comps, matched, ask, names)
        out.append(Match(vacancy, round(r["total"]), comps))
    return out


def score_pair(vacancy, profile):
    """The score of one profile for one vacancy (0 when they have nothing in common)."""
    found = rank_profiles(None, vacancy, limit=1, profile_ids=[profile.pk], explain=False)
    return found[0].score if found else 0


# ------------------------------------------------------------------ contact details and the person's own data
def contact_for(user, application):
    """The candidate's e-mail and telephone for someone handling the application — only once the candidate
    applied or accepted the invitation, and while their consent is in force; else None."""
    app = Application.objects.for_user(user, "view").filter(pk=application.pk, contact_shared_at__isnull=False,
                                                            profile__in=JobSeekerProfile.objects.all()).first()
    if app is None:
        return None
    profile = app.profile
    contact = ProfileContact.objects.filter(profile=profile).first()
    return {"email": contact.email if contact else "", "phone": contact.phone if contact else "",
            "name": str(profile.person)}


def own_profile(user):
    """The signed-in person's own profile (consent in force or not), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return JobSeekerProfile.all_profiles.select_related("person").filter(user=user).first()


def own_contact(profile):
    """The person's own contact details (for their page)."""
    contact = ProfileContact.objects.filter(profile=profile).first()
    return {"email": contact.email if contact else "", "phone": contact.phone if contact else ""}


def _rows(qs):
    from skillsnet.core.changelog import snapshot

    return [{"display": str(o), **snapshot(o)} for o in qs]


def my_data(user):
    """Everything skillsnet holds about the signed-in person (the data subject's right of access), as JSON-ready
    data: their person record, titles, participations, credentials, recognition cases, tracer records, profile
    (with its consent history), match features, applications, placements, tracer surveys and the change log of
    those records. Read by the link between the sign-in and the profile, not by role."""
    from skillsnet.core.changelog import history, snapshot

    profile = own_profile(user)
    if profile is None:
        return None
    person = profile.person
    Participation = apps.get_model("people", "Participation")
    Affiliation = apps.get_model("people", "Affiliation")
    Credential = apps.get_model("credentials", "IssuedCredential")
    Case = apps.get_model("recognition", "RecognitionCase")
    TracerRecord = apps.get_model("labour", "TracerRecord")
    records = [person, profile, *ProfileContact.objects.filter(profile=profile)]
    data = {
        "person": snapshot(person),
        "titles_and_affiliations": _rows(Affiliation.objects.filter(person=person)),
        "participations": _rows(Participation.objects.filter(person=person)),
        "credentials": [{k: v for k, v in snapshot(c).items()} for c in Credential.objects.filter(subject=person)],
        "recognition_cases": _rows(Case.objects.filter(person=person)),
        "tracer_records": _rows(TracerRecord.objects.filter(person=person)),
        "job_seeker_profile": snapshot(profile),
        "contact_details": _rows(ProfileContact.objects.filter(profile=profile)),
        "consent": {"given": profile.consent_given, "given_at": profile.consent_at,
                    "revoked_at": profile.consent_revoked_at, "wording": profile.consent_text},
        "match_features": list(ProfileFeature.objects.filter(profile=profile).values("kind", "value", "detail")),
        "applications": _rows(Application.all_applications.filter(profile=profile)),
        "placements": _rows(Placement.objects.filter(person=person)),
        "tracer_surveys": _rows(TracerSurvey.objects.filter(person=person)),
    }
    log = []
    for obj in records + list(Application.all_applications.filter(profile=profile)) + list(
            Placement.objects.filter(person=person)) + list(TracerSurvey.objects.filter(person=person)):
        for entry in history(obj):
            log.append({"time": entry.time, "object": entry.object_repr, "action": entry.action,
                        "actor": entry.actor_name, "changed": [f for f, _b, _a in entry.changed_fields()]})
    data["change_log"] = log
    return data


# ------------------------------------------------------------------ open vacancies (public) and JSON-LD
def open_vacancies(include_examples=True):
    """Vacancies open now: status open and not past their closing date. Public information (the public page and
    the feeds show them to anyone); drafts, closed and filled vacancies are not."""
    qs = Vacancy.objects.filter(status=Vacancy.Status.OPEN).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=datetime.date.today()))
    if not include_examples:
        qs = qs.filter(is_example=False)
    return qs.select_related("employer", "country", "province", "occupation").prefetch_related("languages")


def job_posting(vacancy, base_url=""):
    """The vacancy as a schema.org JobPosting (https://schema.org/JobPosting, Google's required properties)."""
    address = {"@type": "PostalAddress", "addressCountry": vacancy.country_id}
    if vacancy.province_id:
        address["addressRegion"] = str(vacancy.province)
    if vacancy.city:
        address["addressLocality"] = vacancy.city
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        "description": vacancy.description,
        "datePosted": vacancy.posted_on.isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": str(vacancy.employer)},
        "jobLocation": {"@type": "Place", "address": address},
        "occupationalCategory": f"ISCO-08 {vacancy.occupation_id}",
        "totalJobOpenings": vacancy.positions,
        "identifier": {"@type": "PropertyValue", "name": "skillsnet", "value": str(vacancy.pk)},
        "url": base_url + reverse("employment:vacancy_public", args=[vacancy.pk]),
    }
    if getattr(vacancy.employer, "website", ""):
        data["hiringOrganization"]["sameAs"] = vacancy.employer.website
    if vacancy.closing_date:
        data["validThrough"] = vacancy.closing_date.isoformat()
    if vacancy.employment_type:
        data["employmentType"] = vacancy.employment_type
    if vacancy.start_date:
        data["jobStartDate"] = vacancy.start_date.isoformat()
    if vacancy.mobility == Vacancy.Mobility.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": vacancy.country_id}
    if vacancy.currency and (vacancy.pay_min is not None or vacancy.pay_max is not None):
        value = {"@type": "QuantitativeValue", "unitText": vacancy.pay_period or "MONTH"}
        if vacancy.pay_min is not None:
            value["minValue"] = float(vacancy.pay_min)
        if vacancy.pay_max is not None:
            value["maxValue"] = float(vacancy.pay_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": vacancy.currency, "value": value}
    languages = [lang.code for lang in vacancy.languages.all()]
    if languages:
        data["qualifications"] = "Languages: " + ", ".join(languages)
    return data


# ------------------------------------------------------------------ demand signals for the gap analysis
def vacancy_demand(user, country=None):
    """Open vacancies as demand: (country, ISCO code, "vacancies", positions, "", date posted) — one row per
    vacancy not already counted by a DemandSignal (Vacancy.demand_signal), so nothing is counted twice."""
    qs = Vacancy.objects.for_user(user, "view").filter(status=Vacancy.Status.OPEN, demand_signal__isnull=True).filter(
        Q(closing_date__isnull=True) | Q(closing_date__gte=datetime.date.today()))
    if country:
        qs = qs.filter(country_id=country)
    return [(c, code, "vacancies", positions, "", posted.isoformat())
            for c, code, positions, posted in qs.values_list("country_id", "occupation_id", "positions", "posted_on")]


# ------------------------------------------------------------------ counts (for roles without personal data)
def counts(user):
    """Numbers every role that may see vacancies gets; no person is named."""
    today = datetime.date.today()
    return {
        "open_vacancies": open_vacancies().count(),
        "positions_open": sum(open_vacancies().values_list("positions", flat=True)),
        "profiles": JobSeekerProfile.objects.count(),
        "applications": Application.objects.count(),
        "placements": Placement.objects.count(),
        "surveys_due": TracerSurvey.objects.filter(due_on__lte=today, response__in=["pending", "sent"]).count(),
        "surveys_answered": TracerSurvey.objects.filter(response="answered").count(),
    }


def placements_by_occupation(user):
    from django.db.models import Count

    return list(Placement.objects.values("occupation_id", "occupation__title").annotate(n=Count("person", distinct=True))
                .order_by("-n", "occupation_id"))


def dashboard_figures(user):
    """(counts, placements by occupation) as the employment dashboard shows them to `user`: for a role without the
    job seekers' personal data, counts below five as "< 5", and, since the placements are counted beside their
    breakdown by occupation, no masked occupation's count may be worked out by subtraction (core.privacy.suppressed:
    the next count hidden as "≥ 5"; where none is left, the placements' count too)."""
    from skillsnet.core.privacy import group_sum_shown, may_see_personal_data, shown_count, suppressed

    figures, rows = counts(user), placements_by_occupation(user)
    if may_see_personal_data(user, JobSeekerProfile):
        return figures, rows
    shown, exposed = suppressed([r["n"] for r in rows], [list(range(len(rows)))])
    out = {k: shown_count(v, user) for k, v in figures.items()}
    out["placements"] = group_sum_shown(figures["placements"], bool(exposed))
    return out, [{**r, "n": n} for r, n in zip(rows, shown)]

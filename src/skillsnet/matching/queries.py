"""Partner matching: rank institutions for an institution or for a gap, explaining every point.

A score is the sum of its components (whole points), and each component says in plain language
where its points come from:

  complementarity   their programmes train for occupations in demand in my country (more when I do not
                    train for them myself), their facilities support those programmes;
                    without demand signals: occupations they train for that I do not
  shared fields     ISCED-F narrow fields we both train in
  language          a language of instruction we share
  proximity         same country or neighbouring country (data/neighbours.csv); shared network membership
  existing ties     an existing partner (shared agreement or activity) loses points so that new ties rank
                    higher; a partner of my partners gains points
  capacity          annual intake of their programmes
"""
import heapq
from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skillsnet.core import refcache
from skillsnet.directory.queries import country_names
from skillsnet.directory.models import IscedField, IscoOccupation, Language, Organisation
from skillsnet.labour.queries import covers

from .features import load_features, ties
from .features import derived as derived_from_features
from .features import shared as shared_features
from . import rankcache
from .geography import neighbour_kind

POINTS = {
    "gap_covered": 12, "demand_strengthened": 4, "complementarity_cap": 36,
    "other_occupation": 2, "other_occupation_cap": 8,
    "facility": 2, "facility_cap": 6,
    "field": 3, "field_cap": 12,
    "language": 5,
    "same_country": 6, "land_neighbour": 4, "sea_neighbour": 2,
    "network": 3, "network_cap": 6,
    "existing_partner": -10, "partner_of_partner": 3, "partner_of_partner_cap": 6,
    "capacity_per": 100, "capacity_cap": 10,
    "gap_programme": 20, "gap_experience": 2, "gap_experience_cap": 6,
}
DEFAULT_KINDS = (Organisation.Kind.TVET, Organisation.Kind.COMPANY)
COMPONENTS = ("complementarity", "fields", "language", "proximity", "ties", "capacity")


def component_labels():
    return {"complementarity": _("Complementarity"), "fields": _("Shared fields"),
            "language": _("Language of instruction"), "proximity": _("Proximity"),
            "ties": _("Existing ties"), "capacity": _("Capacity")}


@dataclass(slots=True)
class Component:
    key: str
    label: str
    points: int = 0
    reasons: list = field(default_factory=list)  # plain-language sentences, each with its points

    def add(self, points, text):
        """`text` may be a callable: it is only translated and formatted when shown (ranking thousands of
        candidates computes points only)."""
        self.points += points
        self.reasons.append((points, text))

    @property
    def sentences(self):
        out = []
        for points, text in self.reasons:
            text = text() if callable(text) else text
            out.append(f"{text} ({points:+d})" if points else str(text))
        return out

    @property
    def text(self):
        return " ".join(self.sentences)


@dataclass
class Suggestion:
    organisation: object
    score: int
    components: list
    existing_partner: bool = False

    @property
    def explanation(self):
        return [c for c in self.components if c.reasons]


def _codes_text(codes, titles, limit=4):
    shown = [f"{c} {titles.get(c, '')}".strip() for c in sorted(codes)[:limit]]
    more = len(codes) - limit
    return ", ".join(shown) + (_(" and %(n)s more") % {"n": more} if more > 0 else "")


class _Names:
    """{organisation id: name} read from the features (no copy: a kept ranking keeps its context)."""
    __slots__ = ("features",)

    def __init__(self, features):
        self.features = features

    def get(self, pk, default=None):
        f = self.features.get(pk)
        return default if f is None else f.name


class _Context:
    """What every candidate is compared with: loaded once per ranking. Titles and names are only
    loaded when an explanation is shown."""

    def __init__(self, user):
        self.user = user
        self.features = load_features(user)
        self.labels = component_labels()

    @cached_property
    def isco(self):
        return refcache.cached(("isco_titles",), lambda: dict(IscoOccupation.objects.values_list("code", "title")))

    @cached_property
    def isced(self):
        return refcache.cached(("isced_titles",), lambda: dict(IscedField.objects.values_list("code", "title")))

    @cached_property
    def countries(self):
        return country_names()

    @cached_property
    def names(self):
        return _Names(self.features)

    @cached_property
    def languages(self):
        return refcache.cached(("language_names",), lambda: dict(Language.objects.values_list("code", "name")))

    def demand_codes(self, country):
        from skillsnet.labour.queries import demand_signals

        from skillsnet.core.scoping import sees_all

        if not country:
            return set()

        def build():
            return set(demand_signals(self.user, country=country).values_list("occupation_id", flat=True))

        model = apps.get_model("labour", "DemandSignal")
        if sees_all(self.user, model, "view"):  # the same for everyone: kept with the features (a signal is an input)
            return set(derived_from_features(self.features, ("demand", country), build))
        return build()

    def country_name(self, code):
        return self.countries.get(code, code or "")


def _covering(occupations, code):
    return {o for o in occupations if covers(o, code)} if occupations else set()


def _capacity(component, intake, what=None):
    points = min(POINTS["capacity_cap"], intake // POINTS["capacity_per"])
    if intake:
        component.add(points, lambda: (what or _("Annual intake of %(n)s in their recorded programmes.")) % {"n": f"{intake:,}"})
    else:
        component.add(0, lambda: _("No annual intake recorded."))


def _proximity(component, ctx, country_a, country_b, networks_a=(), networks_b=(), whose=None):
    if country_a and country_a == country_b:
        component.add(POINTS["same_country"], lambda: _("Same country (%(c)s).") % {"c": ctx.country_name(country_b)})
    else:
        kind = neighbour_kind(country_a, country_b)
        if kind == "land":
            component.add(POINTS["land_neighbour"], lambda: _("Neighbouring country: %(b)s borders %(a)s.")
                          % {"a": ctx.country_name(country_a), "b": ctx.country_name(country_b)})
        elif kind == "sea":
            component.add(POINTS["sea_neighbour"], lambda: _("Neighbour across the sea: %(b)s and %(a)s.")
                          % {"a": ctx.country_name(country_a), "b": ctx.country_name(country_b)})
        elif country_b:
            component.add(0, lambda: _("In %(b)s, not a neighbour of %(a)s.")
                          % {"a": ctx.country_name(country_a) or _("an unknown country"),
                             "b": ctx.country_name(country_b)})
        else:
            component.add(0, lambda: _("Country not recorded."))
    shared = set(networks_a) & set(networks_b)
    if shared:
        points = min(POINTS["network_cap"], POINTS["network"] * len(shared))
        names = ", ".join(sorted(ctx.names.get(n, str(n)) for n in shared))
        component.add(points, lambda: ngettext("Member of the same network: %(names)s.",
                                       "Member of the same %(n)s networks: %(names)s.", len(shared))
                      % {"n": len(shared), "names": names})


def _facts(me, cand, demand, my_ties, partner_of_partner):
    """The raw facts behind a candidate's score (sets and numbers; no text, no queries)."""
    gaps, strengthen, supporting_fields = set(), set(), set()
    if cand.occupations:
        for code in demand:
            theirs = _covering(cand.occupations, code)
            if not theirs:
                continue
            (strengthen if _covering(me.occupations, code) else gaps).add(code)
            for o in theirs:
                supporting_fields |= cand.occupation_fields.get(o, set())
    other = set()
    if not demand and cand.occupations:
        other = {o[:3] for o in cand.occupations} - {o[:3] for o in me.occupations}
    supporting = [name for name, _kind, codes in cand.facilities if codes & supporting_fields] \
        if supporting_fields else []
    if me.country and me.country == cand.country:
        where = "same"
    else:
        where = neighbour_kind(me.country, cand.country)
    existing = my_ties.get(cand.pk)
    return {
        "gaps": gaps, "strengthen": strengthen, "other": other, "supporting": supporting,
        "fields": me.fields & cand.fields, "languages": me.languages & cand.languages,
        "where": where, "networks": me.networks & cand.networks,
        "existing": existing, "via": set() if existing else partner_of_partner.get(cand.pk, set()),
        "intake": cand.intake,
    }


def _subpoints(f):
    """{component: [(reason, points)]}: the points of each reason, the only place they are computed."""
    out = {k: [] for k in COMPONENTS}
    budget = POINTS["complementarity_cap"]
    if f["gaps"]:
        points = min(budget, POINTS["gap_covered"] * len(f["gaps"]))
        budget -= points
        out["complementarity"].append(("gaps", points))
    if f["strengthen"]:
        out["complementarity"].append(("strengthen", min(budget, POINTS["demand_strengthened"] * len(f["strengthen"]))))
    if f["other"]:
        out["complementarity"].append(("other", min(POINTS["other_occupation_cap"],
                                                    POINTS["other_occupation"] * len(f["other"]))))
    if f["supporting"]:
        out["complementarity"].append(("facilities", min(POINTS["facility_cap"],
                                                         POINTS["facility"] * len(f["supporting"]))))
    if f["fields"]:
        out["fields"].append(("fields", min(POINTS["field_cap"], POINTS["field"] * len(f["fields"]))))
    if f["languages"]:
        out["language"].append(("languages", POINTS["language"]))
    where = {"same": "same_country", "land": "land_neighbour", "sea": "sea_neighbour"}.get(f["where"])
    if where:
        out["proximity"].append((f["where"], POINTS[where]))
    if f["networks"]:
        out["proximity"].append(("networks", min(POINTS["network_cap"], POINTS["network"] * len(f["networks"]))))
    if f["existing"]:
        out["ties"].append(("existing", POINTS["existing_partner"]))
    elif f["via"]:
        out["ties"].append(("via", min(POINTS["partner_of_partner_cap"], POINTS["partner_of_partner"] * len(f["via"]))))
    out["capacity"].append(("intake", min(POINTS["capacity_cap"], f["intake"] // POINTS["capacity_per"])))
    return out


def score_points(me, cand, demand, my_ties, partner_of_partner, _p=POINTS):
    """The score only (used to rank thousands of candidates): the arithmetic of _facts and _subpoints written out
    without building their sets, lists and texts. Equals the sum of score_candidate's components (tests check it
    on the fixtures and on random features)."""
    total = 0
    occupations = cand.occupations
    if occupations:
        gaps = strengthen = 0
        supporting_fields = set()
        mine = me.occupations
        for code in demand:
            theirs = [o for o in occupations if o and code and (o.startswith(code) or code.startswith(o))]
            if not theirs:
                continue
            if mine and any(o and code and (o.startswith(code) or code.startswith(o)) for o in mine):
                strengthen += 1
            else:
                gaps += 1
            for o in theirs:
                supporting_fields |= cand.occupation_fields.get(o, set())
        budget = _p["complementarity_cap"]
        if gaps:
            points = min(budget, _p["gap_covered"] * gaps)
            budget -= points
            total += points
        if strengthen:
            total += min(budget, _p["demand_strengthened"] * strengthen)
        if not demand:
            other = len({o[:3] for o in occupations} - {o[:3] for o in mine})
            if other:
                total += min(_p["other_occupation_cap"], _p["other_occupation"] * other)
        if supporting_fields:
            supporting = sum(1 for _name, _kind, codes in cand.facilities if codes & supporting_fields)
            if supporting:
                total += min(_p["facility_cap"], _p["facility"] * supporting)
    fields = len(me.fields & cand.fields) if me.fields and cand.fields else 0
    if fields:
        total += min(_p["field_cap"], _p["field"] * fields)
    if me.languages and cand.languages and not me.languages.isdisjoint(cand.languages):
        total += _p["language"]
    if me.country and me.country == cand.country:
        total += _p["same_country"]
    else:
        where = neighbour_kind(me.country, cand.country)
        if where == "land":
            total += _p["land_neighbour"]
        elif where == "sea":
            total += _p["sea_neighbour"]
    networks = len(me.networks & cand.networks) if me.networks and cand.networks else 0
    if networks:
        total += min(_p["network_cap"], _p["network"] * networks)
    if my_ties.get(cand.pk):
        total += _p["existing_partner"]
    else:
        via = partner_of_partner.get(cand.pk)
        if via:
            total += min(_p["partner_of_partner_cap"], _p["partner_of_partner"] * len(via))
    total += min(_p["capacity_cap"], cand.intake // _p["capacity_per"])
    return total


def score_all(me, candidates, demand, my_ties, partner_of_partner, _p=POINTS):
    """[(score_points, candidate)] for every candidate, with what depends on `me` alone worked out once (the
    points of each country, my sets): a candidate that trains for no occupation and is tied neither to me nor to
    my partners (almost all of them) is scored inline; any other through score_points. Tests check that both
    give the same score."""
    my_country, my_fields, my_languages, my_networks = me.country, me.fields, me.languages, me.networks
    same, land, sea = _p["same_country"], _p["land_neighbour"], _p["sea_neighbour"]
    field_points, field_cap, language = _p["field"], _p["field_cap"], _p["language"]
    network_points, network_cap = _p["network"], _p["network_cap"]
    per, capacity_cap = _p["capacity_per"], _p["capacity_cap"]
    near = {}  # country -> proximity points
    out = []
    for cand in candidates:
        if cand.occupations or cand.pk in my_ties or cand.pk in partner_of_partner:
            out.append((score_points(me, cand, demand, my_ties, partner_of_partner), cand))
            continue
        country = cand.country
        total = near.get(country)
        if total is None:
            if my_country and my_country == country:
                total = same
            else:
                kind = neighbour_kind(my_country, country)
                total = land if kind == "land" else sea if kind == "sea" else 0
            near[country] = total
        if my_fields and cand.fields:
            n = len(my_fields & cand.fields)
            if n:
                total += min(field_cap, field_points * n)
        if my_languages and cand.languages and not my_languages.isdisjoint(cand.languages):
            total += language
        if my_networks and cand.networks:
            n = len(my_networks & cand.networks)
            if n:
                total += min(network_cap, network_points * n)
        out.append((total + min(capacity_cap, cand.intake // per), cand))
    return out


def _reason_text(ctx, me, cand, f, reason):
    country = ctx.country_name(me.country)
    if reason == "gaps":
        n = len(f["gaps"])
        return ngettext(
            "Their programmes train for %(n)s occupation in demand in %(country)s that you do not train for: %(codes)s.",
            "Their programmes train for %(n)s occupations in demand in %(country)s that you do not train for: %(codes)s.",
            n) % {"n": n, "country": country, "codes": _codes_text(f["gaps"], ctx.isco)}
    if reason == "strengthen":
        n = len(f["strengthen"])
        return ngettext(
            "They also train for %(n)s occupation in demand in %(country)s that you train for too: %(codes)s.",
            "They also train for %(n)s occupations in demand in %(country)s that you train for too: %(codes)s.",
            n) % {"n": n, "country": country, "codes": _codes_text(f["strengthen"], ctx.isco)}
    if reason == "other":
        n = len(f["other"])
        return ngettext(
            "No demand signal is recorded for %(country)s; they train for %(n)s occupation group you do not: %(codes)s.",
            "No demand signal is recorded for %(country)s; they train for %(n)s occupation groups you do not: %(codes)s.",
            n) % {"country": country or _("your country"), "n": n, "codes": _codes_text(f["other"], ctx.isco)}
    if reason == "facilities":
        n = len(f["supporting"])
        return ngettext("%(n)s facility supports those programmes: %(names)s.",
                        "%(n)s facilities support those programmes: %(names)s.", n) % {
            "n": n, "names": ", ".join(f["supporting"][:3])}
    if reason == "fields":
        n = len(f["fields"])
        return ngettext("Shares %(n)s field of training with you: %(codes)s.",
                        "Shares %(n)s fields of training with you: %(codes)s.", n) % {
            "n": n, "codes": _codes_text(f["fields"], ctx.isced)}
    if reason == "languages":
        return _("Teaches in a language you teach in: %(langs)s.") % {
            "langs": ", ".join(sorted(ctx.languages.get(x, x) for x in f["languages"]))}
    if reason == "same":
        return _("Same country (%(c)s).") % {"c": ctx.country_name(cand.country)}
    if reason == "land":
        return _("Neighbouring country: %(b)s borders %(a)s.") % {"a": country, "b": ctx.country_name(cand.country)}
    if reason == "sea":
        return _("Neighbour across the sea: %(b)s and %(a)s.") % {"a": country, "b": ctx.country_name(cand.country)}
    if reason == "networks":
        n = len(f["networks"])
        return ngettext("Member of the same network: %(names)s.", "Member of the same %(n)s networks: %(names)s.",
                        n) % {"n": n, "names": ", ".join(sorted(ctx.names.get(x, str(x)) for x in f["networks"]))}
    if reason == "existing":
        agreements, activities = f["existing"]
        return _("Already a partner (%(agreements)s shared agreements, %(activities)s shared activities): "
                 "ranked lower to favour new ties.") % {"agreements": agreements, "activities": activities}
    if reason == "via":
        n = len(f["via"])
        return ngettext("Works with %(n)s of your partners: %(names)s.", "Works with %(n)s of your partners: %(names)s.",
                        n) % {"n": n, "names": ", ".join(sorted(ctx.names.get(v, str(v)) for v in f["via"])[:3])}
    if reason == "intake":
        if f["intake"]:
            return _("Annual intake of %(n)s in their recorded programmes.") % {"n": f"{f['intake']:,}"}
        return _("No annual intake recorded.")
    return reason


def _nothing_text(ctx, me, cand, f, key, demand):
    country = ctx.country_name(me.country)
    if key == "complementarity":
        if demand:
            return _("No programme recorded that trains for an occupation in demand in %(country)s.") % {
                "country": country or _("your country")}
        return _("No programme recorded that adds an occupation group to yours.")
    if key == "fields":
        return _("No shared field of training recorded.")
    if key == "language":
        return _("No shared language of instruction recorded.")
    if key == "proximity":
        if not cand.country:
            return _("Country not recorded.")
        return _("In %(b)s, not a neighbour of %(a)s.") % {"a": country or _("an unknown country"),
                                                            "b": ctx.country_name(cand.country)}
    if key == "ties":
        return _("No tie with you or your partners recorded: a new partner.")
    return ""


def score_candidate(ctx, me, cand, demand, my_ties, partner_of_partner):
    """(score, [Component]) for candidate `cand` (Features) seen from `me` (Features), every point explained."""
    f = _facts(me, cand, demand, my_ties, partner_of_partner)
    components = []
    for key, parts in _subpoints(f).items():
        component = Component(key, ctx.labels[key])
        for reason, points in parts:
            component.add(points, lambda reason=reason: _reason_text(ctx, me, cand, f, reason))
        if not parts or (key == "proximity" and f["where"] is None):
            component.add(0, lambda key=key: _nothing_text(ctx, me, cand, f, key, demand))
        components.append(component)
    return sum(c.points for c in components), components


def _candidates(ctx, exclude, *, country=None, kind=None):
    """The features of the organisations that may be suggested (networks never; by default TVET institutes and
    companies), kept with the features for each filter; `exclude` (ids) left out."""
    def build():
        kinds = None if kind == "all" else ({kind} if kind else set(DEFAULT_KINDS))
        return [f for f in ctx.features.values() if f.kind != Organisation.Kind.NETWORK
                and (kinds is None or f.kind in kinds) and (not country or f.country == country)]

    listed = derived_from_features(ctx.features, ("candidates", country, kind), build)
    return [f for f in listed if f.pk not in exclude] if exclude else listed


def _materialise(scored, limit):
    scored.sort(key=lambda s: (-s[0], s[1].name, s[1].pk))
    top = scored[:limit]
    objects = Organisation.objects.select_related("country").in_bulk([f.pk for _s, f, *_rest in top])
    return [Suggestion(objects[f.pk], score, components, existing) for score, f, components, existing in top
            if f.pk in objects]


RANKING_KEPT = 20  # a ranking is computed and kept to this length; shorter ones are its first rows


def _scope_key(user):
    """What decides the rows of the ranking's inputs `user` sees: "all" when every row of every input, else
    exactly what the policy reads (superuser, active, role assignments)."""
    from skillsnet.accounts.permissions import policy_key
    from skillsnet.core.scoping import sees_all

    if all(sees_all(user, apps.get_model(label), "view") for label in rankcache.INPUT_MODELS):
        return "all"
    return ("scope",) + policy_key(user)


def rank_partners(user, organisation, *, limit=20, country=None, kind=None, keep=True):
    """[Suggestion] of partners for `organisation` (an Organisation or its id), best first.

    `country` (ISO code) and `kind` (an Organisation.Kind value, or "all"; default TVET institutes and
    companies) filter the candidates. The organisation itself and networks are never suggested.

    The first RANKING_KEPT are kept per process until an input changes (matching.rankcache), per language and
    per scope of what the user sees; a limit within it is their first rows. keep=False: a kept ranking is used,
    a new one is computed to `limit` only and not kept.
    """
    org_id = getattr(organisation, "pk", organisation)
    if 0 < limit <= RANKING_KEPT and shared_features(user):  # (a kept ranking keeps the features it read)
        key = ("partners", org_id, country, kind, get_language(), _scope_key(user))
        ranked = rankcache.cached(key, lambda: _rank_partners(user, org_id, RANKING_KEPT if keep else limit,
                                                              country, kind), keep=keep)
        return list(ranked[:limit])
    return _rank_partners(user, org_id, limit, country, kind)


def _rank_partners(user, org_id, limit, country, kind):
    ctx = _Context(user)
    me = ctx.features.get(org_id)
    if me is None:
        return []
    demand = ctx.demand_codes(me.country)
    first = ties(user, [org_id]).get(org_id, {})
    partners = set(first)
    second = ties(user, partners) if partners else {}
    partner_of_partner = {}
    for partner, others in second.items():
        for other in others:
            if other != org_id and other not in partners:
                partner_of_partner.setdefault(other, set()).add(partner)
    fast = score_all(me, _candidates(ctx, {org_id}, country=country, kind=kind), demand, first, partner_of_partner)
    if len(fast) > limit > 0:
        # only candidates scoring at least the limit-th best score can be in the top: sort those by the full key
        cut = heapq.nlargest(limit, [points for points, _cand in fast])[-1]
        fast = [s for s in fast if s[0] >= cut]
    fast.sort(key=lambda s: (-s[0], s[1].name, s[1].pk))
    scored = []
    for _points, cand in fast[:limit]:
        score, components = score_candidate(ctx, me, cand, demand, first, partner_of_partner)
        scored.append((score, cand, components, cand.pk in first))
    return _materialise(scored, limit)


def rank_partners_for_gap(user, country, occupation, *, limit=20, kind=None, partner_country=None):
    """[Suggestion] of institutions that can train for `occupation` (ISCO-08 code) in `country` (ISO code).

    Only institutions with a programme for the occupation group are ranked. Components:
    complementarity (their programmes and facilities for it), proximity to the country, experience
    (ties with institutions of that country, which here count in favour) and capacity (intake of
    those programmes).
    """
    country = getattr(country, "pk", country)
    occupation = getattr(occupation, "pk", occupation)
    ctx = _Context(user)
    labels = ctx.labels
    in_country = {pk for pk, f in ctx.features.items() if f.country == country}
    experience = ties(user, in_country) if in_country else {}
    worked_with = {}
    for local, others in experience.items():
        for other in others:
            worked_with.setdefault(other, set()).add(local)
    country_name = ctx.country_name(country)
    title = ctx.isco.get(occupation, "")
    scored = []
    for cand in _candidates(ctx, set(), country=partner_country, kind=kind):
        theirs = _covering(cand.occupations, occupation)
        if not theirs:
            continue
        comp = {k: Component(k, labels[k]) for k in ("complementarity", "proximity", "ties", "capacity")}
        c = comp["complementarity"]
        c.add(POINTS["gap_programme"], lambda: ngettext(
            "Has %(n)s programme group for %(code)s %(title)s: %(codes)s.",
            "Has %(n)s programme groups for %(code)s %(title)s: %(codes)s.", len(theirs))
              % {"n": len(theirs), "code": occupation, "title": title, "codes": _codes_text(theirs, ctx.isco)})
        fields = set().union(*(cand.occupation_fields.get(o, set()) for o in theirs))
        supporting = [name for name, _kind, codes in cand.facilities if codes & fields]
        if supporting:
            c.add(min(POINTS["facility_cap"], POINTS["facility"] * len(supporting)), lambda:
                  ngettext("%(n)s facility supports those programmes: %(names)s.",
                           "%(n)s facilities support those programmes: %(names)s.", len(supporting))
                  % {"n": len(supporting), "names": ", ".join(supporting[:3])})
        _proximity(comp["proximity"], ctx, country, cand.country)
        c = comp["ties"]
        local = worked_with.get(cand.pk, set()) - {cand.pk}
        if local:
            c.add(min(POINTS["gap_experience_cap"], POINTS["gap_experience"] * len(local)), lambda:
                  ngettext("Has worked with %(n)s institution in %(country)s: %(names)s.",
                           "Has worked with %(n)s institutions in %(country)s: %(names)s.", len(local))
                  % {"n": len(local), "country": country_name,
                     "names": ", ".join(sorted(ctx.names.get(v, str(v)) for v in local)[:3])})
        else:
            c.add(0, lambda: _("No recorded cooperation with institutions in %(country)s yet.") % {"country": country_name})
        intake = sum(cand.occupation_intake.get(o, 0) for o in theirs)
        _capacity(comp["capacity"], intake, _("Annual intake of %(n)s in the programmes for this occupation."))
        components = list(comp.values())
        for x in components:  # the texts refer to loop variables: format them now
            x.reasons = [(points, text() if callable(text) else text) for points, text in x.reasons]
        scored.append((sum(x.points for x in components), cand, components, False))
    return _materialise(scored, limit)

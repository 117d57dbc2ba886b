"""Per-organisation feature sets for partner matching, loaded with a few flat queries (values_list).

Ranking among thousands of organisations must not query per candidate: everything the score needs is
loaded here once, as plain Python sets and numbers.
"""
import gc

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps

from skillsnet.accounts.permissions import _ALL, restrict, scope_filter
from skillsnet.directory.models import Facility, Membership, Organisation, Programme


def narrow(code):
    """ISCED-F codes compared at the narrow-field level (3 digits); a broad field (2 digits) stays."""
    return (code or "")[:3]


@dataclass(slots=True)
class Features:
    pk: int
    name: str
    country: str = None
    kind: str = ""
    fields: set = field(default_factory=set)  # ISCED-F narrow codes (organisation, programmes, facilities)
    occupations: set = field(default_factory=set)  # ISCO-08 codes of programmes
    occupation_fields: dict = field(default_factory=dict)  # ISCO code -> ISCED narrow codes of its programmes
    occupation_intake: dict = field(default_factory=dict)  # ISCO code -> annual intake
    languages: set = field(default_factory=set)
    intake: int = 0
    facilities: list = field(default_factory=list)  # [(name, kind, {ISCED narrow codes})]
    networks: set = field(default_factory=set)


_CACHE = {"version": None, "features": None}


def shared(user):
    """Whether `user` sees every organisation, programme, facility and membership (every role, usually: the
    directory is public), and so reads the features kept for everyone."""
    return all(scope_filter(user, model, "view") is _ALL for model in (Organisation, Programme, Facility, Membership))


def load_features(user):
    """{organisation id: Features} for every organisation `user` may see.

    The directory's models are public, so every role usually sees all of them: that result is kept in
    memory until an input of the partner ranking changes (matching.rankcache: every write of an organisation,
    programme, facility or membership gives the inputs a new version when it commits; reading it is no query: the
    four COUNT and MAX aggregates that checked the tables before cost 2.4 ms of PostgreSQL per ranking at scale 1,
    ten times that at scale 10); otherwise 7 flat queries. The thread that wrote an input in a transaction still
    open reads its own, not kept.
    """
    if shared(user):
        from . import rankcache

        if rankcache.writing():
            return _load_features(user)
        version = rankcache.version()
        if _CACHE["version"] != version:
            gc.unfreeze()  # the previous cache (frozen below) can be collected again
            _CACHE["features"], _CACHE["version"] = _load_features(user), version
            _CACHE["derived"] = {}
            # tens of thousands of long-lived objects: out of the cyclic collector's full passes, which would
            # otherwise walk them all every so often in the middle of a ranking (a 200 ms pause at 50,000)
            gc.freeze()
        return _CACHE["features"]
    return _load_features(user)


def derived(features, key, build):
    """build() once per `key` for the features kept for everyone (`features` is them), else every time."""
    if features is not _CACHE["features"]:
        return build()
    kept = _CACHE.setdefault("derived", {})
    if key not in kept:
        if len(kept) > 256:  # keys hold filters a visitor chose (a country, a kind): bounded
            kept.clear()
        kept[key] = build()
    return kept[key]


def _load_features(user):
    orgs = restrict(Organisation.objects.all(), user, "view")
    out = {pk: Features(pk, name, country, kind)
           for pk, name, country, kind in orgs.values_list("pk", "name", "country_id", "kind")}
    through = Organisation.fields.through
    for org_id, code in through.objects.values_list("organisation_id", "iscedfield_id"):
        if org_id in out:
            out[org_id].fields.add(narrow(code))
    programmes = {}
    for pk, org_id, isced, isco, intake in restrict(Programme.objects.all(), user, "view").values_list(
            "pk", "organisation_id", "isced_field_id", "isco_occupation_id", "annual_intake"):
        f = out.get(org_id)
        if f is None:
            continue
        programmes[pk] = f
        f.intake += intake or 0
        if isced:
            f.fields.add(narrow(isced))
        if isco:
            f.occupations.add(isco)
            f.occupation_intake[isco] = f.occupation_intake.get(isco, 0) + (intake or 0)
            if isced:
                f.occupation_fields.setdefault(isco, set()).add(narrow(isced))
    for programme_id, language in Programme.languages.through.objects.values_list("programme_id", "language_id"):
        if programme_id in programmes:
            programmes[programme_id].languages.add(language)
    facilities = {}
    for pk, org_id, name, kind in restrict(Facility.objects.all(), user, "view").values_list(
            "pk", "organisation_id", "name", "kind"):
        if org_id in out:
            facilities[pk] = (org_id, name, kind, set())
    for facility_id, code in Facility.fields.through.objects.values_list("facility_id", "iscedfield_id"):
        if facility_id in facilities:
            facilities[facility_id][3].add(narrow(code))
    for org_id, name, kind, codes in facilities.values():
        out[org_id].facilities.append((name, kind, codes))
        out[org_id].fields |= codes
    for member, network in restrict(Membership.objects.filter(left_on=""), user, "view").values_list(
            "member_id", "network_id"):
        if member in out:
            out[member].networks.add(network)
    return out


# ------------------------------------------------------------------ ties
def _model(label):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def agreement_ties(user, org_ids):
    """{organisation: {other organisation: number of shared agreements}} for the given organisations.
    Only agreements that were signed count: a draft or one under negotiation is not (yet) a partnership."""
    from .network import TIE_STATUSES

    Party = _model("agreements.Party")
    out = defaultdict(lambda: defaultdict(int))
    if Party is None or not org_ids:
        return out
    parties = restrict(Party.objects.filter(agreement__status__in=TIE_STATUSES), user, "view")
    mine = parties.filter(organisation_id__in=list(org_ids)).values("agreement_id")
    members = defaultdict(set)
    for agreement, org in parties.filter(agreement_id__in=mine).values_list("agreement_id", "organisation_id"):
        members[agreement].add(org)
    for orgs in members.values():
        for a in orgs & set(org_ids):
            for b in orgs - {a}:
                out[a][b] += 1
    return out


def activity_members(user, activity_filter=None, *, include_participants=False):
    """{activity id: {organisation ids}}: host and organisations in a role (partner, funder, ...), and with
    include_participants also the participants' home organisations. Ties are institutional: sending a
    trainee to a 50-person course does not make two schools partners, and counting it would make the tie
    graph dense (every school tied to thousands) and the ranking slow at scale."""
    Activity = _model("activities.Activity")
    members = defaultdict(set)
    if Activity is None:
        return members
    visible = restrict(Activity.objects.all(), user, "view")
    if activity_filter is not None:
        visible = visible.filter(pk__in=activity_filter)
    for pk, host in visible.exclude(host=None).values_list("pk", "host_id"):
        members[pk].add(host)
    ActivityOrganisation = _model("activities.ActivityOrganisation")
    if ActivityOrganisation is not None:
        for activity, org in ActivityOrganisation.objects.filter(activity__in=visible.values("pk")).values_list(
                "activity_id", "organisation_id"):
            members[activity].add(org)
    Participation = _model("people.Participation")
    if include_participants and Participation is not None:  # organisations only: no personal data leaves here
        for activity, org in (Participation.objects.filter(activity__in=visible.values("pk"))
                              .exclude(person__organisation=None)
                              .values_list("activity_id", "person__organisation_id").distinct()):
            members[activity].add(org)
    return members


def activities_of(org_ids):
    """Ids of activities the organisations host or take part in as an organisation (one UNION of 2 simple
    queries)."""
    Activity = _model("activities.Activity")
    hosted = Activity.objects.filter(host__in=org_ids).order_by().values_list("pk", flat=True)
    ActivityOrganisation = _model("activities.ActivityOrganisation")
    if ActivityOrganisation is None:
        return set(hosted)
    return set(hosted.union(ActivityOrganisation.objects.filter(organisation__in=org_ids).order_by()
                            .values_list("activity_id", flat=True)))


def activity_ties(user, org_ids):
    """{organisation: {other organisation: number of shared activities}} for the given organisations."""
    Activity = _model("activities.Activity")
    out = defaultdict(lambda: defaultdict(int))
    if Activity is None or not org_ids:
        return out
    ids = list(org_ids)
    involved = activities_of(ids)
    if not involved:
        return out
    for orgs in activity_members(user, list(involved)).values():
        for a in orgs & set(ids):
            for b in orgs - {a}:
                out[a][b] += 1
    return out


TIE_MODELS = ("agreements.agreement", "agreements.party", "activities.activity", "activities.activityorganisation")


def _tie_models_seen(user):
    """The labels of the models ties are read from that `user` sees whole (every row), the others not at all
    (a visitor: activities, no agreement); None when the user sees some rows of one of them only."""
    from skillsnet.accounts.permissions import can, sees_all

    seen = []
    for label in TIE_MODELS:
        model = _model(label)
        if model is None:
            continue
        if sees_all(user, model, "view"):
            seen.append(label)
        elif can(user, "view", model):  # some rows only
            return None
    return tuple(seen)


def _all_ties(user):
    """{organisation: {other: (shared agreements, shared activities)}} of every organisation with a tie, as
    agreement_ties and activity_ties count them for a user who sees every agreement, party and activity. Only an
    activity with organisations in a role besides its host (ActivityOrganisation) can tie two organisations."""
    from .network import TIE_STATUSES

    counts = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    Party = _model("agreements.Party")
    if Party is not None:
        members = defaultdict(set)
        for agreement, org in restrict(Party.objects.filter(agreement__status__in=TIE_STATUSES), user,
                                       "view").values_list("agreement_id", "organisation_id"):
            members[agreement].add(org)
        for orgs in members.values():
            for a in orgs:
                for b in orgs - {a}:
                    counts[a][b][0] += 1
    Activity, ActivityOrganisation = _model("activities.Activity"), _model("activities.ActivityOrganisation")
    if Activity is not None and ActivityOrganisation is not None:
        visible = restrict(Activity.objects.all(), user, "view")
        members = defaultdict(set)
        for activity, org in ActivityOrganisation.objects.filter(activity__in=visible.values("pk")).values_list(
                "activity_id", "organisation_id"):
            members[activity].add(org)
        if members:
            for pk, host in visible.filter(pk__in=ActivityOrganisation.objects.values("activity_id")).exclude(
                    host=None).values_list("pk", "host_id"):
                members[pk].add(host)
        for orgs in members.values():
            for a in orgs:
                for b in orgs - {a}:
                    counts[a][b][1] += 1
    return {a: {b: tuple(n) for b, n in others.items()} for a, others in counts.items()}


def ties(user, org_ids):
    """{organisation: {other: (shared agreements, shared activities)}}.

    For a user who sees every organisation, and every agreement, party and activity or none of some (every role,
    usually: the directory is public, a visitor sees no agreement), read from the ties of every organisation as
    that user sees them, kept with the features until an input of the ranking changes, apart for each set of
    models seen (no query: a ranking asked 5 queries for an organisation's ties and 5 more for its partners')."""
    seen = _tie_models_seen(user) if shared(user) else None
    if seen is not None:
        features = load_features(user)
        if features is _CACHE["features"]:
            graph = derived(features, ("ties", seen), lambda: _all_ties(user))
            return {a: dict(graph.get(a, {})) for a in org_ids}
    return queried_ties(user, org_ids)


def queried_ties(user, org_ids):
    """ties() asked of the database for these organisations alone (5 queries)."""
    agreements, activities = agreement_ties(user, org_ids), activity_ties(user, org_ids)
    out = {}
    for a in org_ids:
        others = set(agreements.get(a, {})) | set(activities.get(a, {}))
        out[a] = {b: (agreements.get(a, {}).get(b, 0), activities.get(a, {}).get(b, 0)) for b in others}
    return out

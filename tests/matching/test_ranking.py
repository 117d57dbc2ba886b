"""Partner ranking on hand-built data whose correct order is known by construction."""
import pytest

from skillsnet.core import services
from skillsnet.directory.models import Facility, IscedField, IscoOccupation, Language, Membership, Programme
from skillsnet.labour.models import DemandSignal
from skillsnet.matching.queries import POINTS, rank_partners, rank_partners_for_gap
from tests.conftest import make_org

pytestmark = pytest.mark.django_db


def programme(actor, org, title, isco=None, isced=None, intake=None, languages=()):
    return services.create_object(actor, Programme, {
        "organisation": org, "title": title, "annual_intake": intake,
        "isco_occupation": IscoOccupation.objects.get(pk=isco) if isco else None,
        "isced_field": IscedField.objects.get(pk=isced) if isced else None,
        "languages": [Language.objects.get(pk=code) for code in languages]})


def agreement_between(actor, *orgs):
    from skillsnet.agreements.models import Agreement, Party

    agreement = services.create_object(actor, Agreement, {"title": "MoU " + "/".join(o.name for o in orgs),
                                                           "kind": "mou", "signed_on": "2024", "status": "signed"})
    for o in orgs:
        services.create_object(actor, Party, {"agreement": agreement, "organisation": o, "role": "party"})
    return agreement


@pytest.fixture
def world(system_user, reference):
    a = system_user
    me = make_org(a, "Home Institute", "LA")
    demand = DemandSignal.objects.create(occupation_id="742", country_id="LA", date="2025", size_kind="qualitative",
                                         level="urgent", source_title="test")
    programme(a, me, "Motor vehicles", isco="7231", isced="0716", intake=100, languages=["lo"])
    orgs = {
        # covers the Lao demand (742) and is big: should come first
        "best": make_org(a, "Best Fit College", "CN"),
        # identical to "twin_new" except that it is already a partner
        "twin_partner": make_org(a, "Twin Partner College", "TH"),
        "twin_new": make_org(a, "Twin New College", "TH"),
        # nothing in common, far away
        "far": make_org(a, "Far Away College", "NZ"),
        "ministry": make_org(a, "Some Ministry", "LA", kind="ministry"),
    }
    programme(a, orgs["best"], "Electronics", isco="7421", isced="0714", intake=900, languages=["lo"])
    services.create_object(a, Facility, {"organisation": orgs["best"], "name": "Electronics lab",
                                         "kind": "training_workshop", "fields": [IscedField.objects.get(pk="0714")]})
    for key in ("twin_partner", "twin_new"):
        programme(a, orgs[key], "Cars", isco="7231", isced="0716", intake=500)
    agreement_between(a, me, orgs["twin_partner"])
    return {"me": me, "demand": demand, **orgs}


def test_known_order_and_components_add_up(world, system_user):
    results = rank_partners(system_user, world["me"])
    names = [r.organisation.name for r in results]
    assert names == ["Best Fit College", "Twin New College", "Twin Partner College", "Far Away College"]
    for r in results:
        assert r.score == sum(c.points for c in r.components)
        assert [c.key for c in r.components] == ["complementarity", "fields", "language", "proximity", "ties",
                                                 "capacity"]
    best = results[0]
    points = {c.key: c.points for c in best.components}
    assert points == {"complementarity": POINTS["gap_covered"] + POINTS["facility"],
                      "fields": POINTS["field"],  # 0714 and 0716 are both in the narrow field 071
                      "language": POINTS["language"], "proximity": POINTS["land_neighbour"], "ties": 0,
                      "capacity": 9}
    texts = {c.key: c.text for c in best.components}
    assert "742" in texts["complementarity"] and "Electronics lab" in texts["complementarity"]
    assert "Lao" in texts["language"]
    assert "borders" in texts["proximity"]
    assert "900" in texts["capacity"]


def test_existing_partner_never_above_equal_new_one(world, system_user):
    results = {r.organisation.name: r for r in rank_partners(system_user, world["me"])}
    new, old = results["Twin New College"], results["Twin Partner College"]
    assert old.existing_partner and not new.existing_partner
    assert old.score < new.score
    assert old.score - new.score == POINTS["existing_partner"]
    assert "Already a partner" in next(c for c in old.components if c.key == "ties").text
    # both share the field 071 with me
    assert next(c for c in new.components if c.key == "fields").points == POINTS["field"]


def test_partner_of_partner_ranks_higher(world, system_user):
    # Far Away College works with my partner: it gains the partner-of-partner points
    before = {r.organisation.name: r.score for r in rank_partners(system_user, world["me"])}
    agreement_between(system_user, world["twin_partner"], world["far"])
    after = {r.organisation.name: r for r in rank_partners(system_user, world["me"])}
    far = after["Far Away College"]
    assert far.score == before["Far Away College"] + POINTS["partner_of_partner"]
    assert "Twin Partner College" in next(c for c in far.components if c.key == "ties").text


def test_shared_network_counts_for_proximity(world, system_user):
    network = make_org(system_user, "Some Network", None, kind="alliance_network")
    for key in ("me", "far"):
        services.create_object(system_user, Membership, {"network": network, "member": world[key]})
    far = next(r for r in rank_partners(system_user, world["me"]) if r.organisation.name == "Far Away College")
    proximity = next(c for c in far.components if c.key == "proximity")
    assert proximity.points == POINTS["network"] and "Some Network" in proximity.text
    assert "Some Network" not in [r.organisation.name for r in rank_partners(system_user, world["me"], kind="all")]


def test_filters(world, system_user):
    assert [r.organisation.name for r in rank_partners(system_user, world["me"], country="TH")] == [
        "Twin New College", "Twin Partner College"]
    assert [r.organisation.name for r in rank_partners(system_user, world["me"], kind="ministry")] == ["Some Ministry"]
    assert len(rank_partners(system_user, world["me"], limit=2)) == 2


def test_queries_do_not_grow_with_candidates(world, system_user, django_assert_max_num_queries):
    rank_partners(system_user, world["me"])
    for i in range(30):
        o = make_org(system_user, f"Extra {i}", "VN")
        programme(system_user, o, f"P{i}", isco="7421", isced="0714", intake=10)
    with django_assert_max_num_queries(30):
        results = rank_partners(system_user, world["me"], limit=50)
    assert len(results) == 34


def test_rank_for_gap(world, system_user):
    results = rank_partners_for_gap(system_user, "LA", "742")
    assert [r.organisation.name for r in results] == ["Best Fit College"]
    r = results[0]
    assert r.score == sum(c.points for c in r.components)
    assert "742" in r.components[0].text
    assert rank_partners_for_gap(system_user, "LA", "2511") == []


def test_propose_partnership_creates_draft_agreement(world, system_user, client):
    from skillsnet.agreements.models import Agreement
    from skillsnet.core.models import ChangeLogEntry

    client.force_login(system_user)
    me, best = world["me"], world["best"]
    url = f"/matching/organisations/{me.pk}/propose/{best.pk}/"
    # first a confirmation page that explains the suggestion; nothing is created before it is confirmed
    page = client.get(url)
    assert page.status_code == 200 and "Create the draft agreement" in page.content.decode()
    assert "the sum of the points above" in page.content.decode()
    assert client.post(url).status_code == 200
    assert not Agreement.objects.filter(title__startswith="Proposed partnership").exists()
    response = client.post(url, {"confirm": "yes"})
    assert response.status_code == 302
    agreement = Agreement.objects.get(title__startswith="Proposed partnership")
    assert response["Location"].endswith(f"/{agreement.pk}/")
    assert agreement.status == "draft"
    assert set(agreement.parties.values_list("organisation_id", flat=True)) == {me.pk, best.pk}
    assert "score" in agreement.summary
    assert ChangeLogEntry.objects.filter(object_id=str(agreement.pk), action="create").exists()
    # a draft is not a partnership: the partner is not ranked lower for it
    best_now = next(r for r in rank_partners(system_user, me) if r.organisation.pk == best.pk)
    assert not best_now.existing_partner
    assert not any("Already a partner" in c.text for c in best_now.components)
    # once signed, it is
    from skillsnet.agreements.services import transition_agreement

    transition_agreement(system_user, agreement.pk, "signed", agreement.version)
    best_signed = next(r for r in rank_partners(system_user, me) if r.organisation.pk == best.pk)
    assert best_signed.existing_partner


def test_focal_point_proposes_only_for_own_institution(users, orgs, client):
    from skillsnet.agreements.models import Agreement

    client.force_login(users["focal_point"])
    own, cn, other = orgs["own"], orgs["cn"], orgs["other_la"]
    response = client.post(f"/matching/organisations/{own.pk}/propose/{cn.pk}/", {"confirm": "yes"})
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert set(agreement.parties.values_list("organisation_id", flat=True)) == {own.pk, cn.pk}
    client.post(f"/matching/organisations/{other.pk}/propose/{cn.pk}/", {"confirm": "yes"})
    assert Agreement.objects.count() == 1
    # a viewer may not propose
    client.force_login(users["viewer"])
    client.post(f"/matching/organisations/{own.pk}/propose/{other.pk}/", {"confirm": "yes"})
    assert Agreement.objects.count() == 1
    page = client.get(f"/matching/organisations/{own.pk}/suggestions/")
    assert page.status_code == 200 and "Propose partnership" not in page.content.decode()


def test_fast_score_equals_explained_score(world, system_user):
    from skillsnet.matching import features, queries

    agreement_between(system_user, world["twin_partner"], world["far"])
    ctx = queries._Context(system_user)
    me = ctx.features[world["me"].pk]
    first = features.ties(system_user, [me.pk])[me.pk]
    second = features.ties(system_user, set(first))
    pop = {}
    for partner, others in second.items():
        for other in others:
            if other != me.pk and other not in first:
                pop.setdefault(other, set()).add(partner)
    demand = ctx.demand_codes(me.country)
    for cand in ctx.features.values():
        full, components = queries.score_candidate(ctx, me, cand, demand, first, pop)
        assert queries.score_points(me, cand, demand, first, pop) == full == sum(c.points for c in components)
        assert all(c.text for c in components)


def test_fast_score_equals_explained_score_on_random_features():
    """score_points (the ranking's arithmetic) against _facts + _subpoints (what the explanations show), on random
    organisations: occupations that contain one another, shared fields, languages, networks, neighbours, ties."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from skillsnet.matching import queries
    from skillsnet.matching.features import Features

    codes = st.sampled_from(["", "7", "72", "723", "7231", "7233", "742", "7421", "3113", "311", "35", "351"])
    fields = st.sets(st.sampled_from(["0715", "0716", "0713", "0732", "0613"]), max_size=4)

    @st.composite
    def features(draw, pk):
        occupations = draw(st.sets(codes, max_size=4))
        return Features(
            pk=pk, name=f"org {pk}",
            country=draw(st.sampled_from([None, "LA", "KH", "CN", "TH", "ID", "MM", "SG", "PH"])),  # land and sea
            kind="tvet_institute", fields=draw(fields), occupations=occupations,
            occupation_fields={o: draw(fields) for o in occupations},
            languages=draw(st.sets(st.sampled_from(["lo", "km", "zh", "en"]), max_size=2)),
            intake=draw(st.integers(min_value=0, max_value=5000)),
            facilities=[(f"facility {i}", "workshop", draw(fields)) for i in range(draw(st.integers(0, 3)))],
            networks=draw(st.sets(st.sampled_from([1, 2, 3]), max_size=3)))

    @settings(max_examples=400, deadline=None)
    @given(me=features(1), cand=features(2), demand=st.sets(codes.filter(bool), max_size=4),
           tie=st.booleans(), via=st.sets(st.sampled_from([5, 6, 7]), max_size=3))
    def check(me, cand, demand, tie, via):
        my_ties = {2: {"agreement"}} if tie else {}
        pop = {2: via} if via else {}
        # the same score through _facts and _subpoints, what the explanations are built from
        explained = sum(p for parts in queries._subpoints(queries._facts(me, cand, demand, my_ties, pop)).values()
                        for _reason, p in parts)
        assert queries.score_points(me, cand, demand, my_ties, pop) == explained

    check()

    # score_all (the ranking's loop over every candidate) against score_points, on lists of candidates with and
    # without occupations, tied to me, to my partners or to nobody
    @settings(max_examples=300, deadline=None)
    @given(me=features(1), cands=st.lists(st.integers(2, 40).flatmap(features), max_size=8, unique_by=lambda f: f.pk),
           demand=st.sets(codes.filter(bool), max_size=4), tied=st.sets(st.integers(2, 40), max_size=4),
           via=st.sets(st.integers(2, 40), max_size=4))
    def check_all(me, cands, demand, tied, via):
        my_ties = {pk: (1, 0) for pk in tied}
        pop = {pk: {99} for pk in via}
        assert queries.score_all(me, cands, demand, my_ties, pop) == [
            (queries.score_points(me, c, demand, my_ties, pop), c) for c in cands]

    check_all()


# ------------------------------------------------------------------ rankings kept per process (matching.rankcache)
def _names(results):
    return [r.organisation.name for r in results]


@pytest.fixture
def committed(world):
    """The fixture's writes as if committed: the test's own transaction stays open, so their post-write steps left
    this thread "inside a write" (nothing kept); from here on the tests commit their writes themselves."""
    from skillsnet.matching import rankcache

    rankcache.reset()
    return world


def test_kept_ranking_is_reused_and_a_write_is_seen_at_once(committed, system_user, django_assert_num_queries,
                                                            django_capture_on_commit_callbacks):
    first = rank_partners(system_user, committed["me"])
    assert _names(first) == ["Best Fit College", "Twin New College", "Twin Partner College", "Far Away College"]
    with django_assert_num_queries(1):  # kept: only the change log's last id (the tests' cache is the process's own)
        again = rank_partners(system_user, committed["me"])
    assert _names(again) == _names(first)
    # the panel's five are the first rows of the kept twenty
    assert _names(rank_partners(system_user, committed["me"], limit=2)) == ["Best Fit College", "Twin New College"]

    far_before = next(r.score for r in first if r.organisation.name == "Far Away College")
    # a write that changes the ranking, committed: Far Away College gets a programme for the Lao demand (742), in
    # a field I train in, with a big intake, and moves up to second
    with django_capture_on_commit_callbacks(execute=True):
        programme(system_user, committed["far"], "Electronics", isco="7421", isced="0714", intake=2000)
    after = rank_partners(system_user, committed["me"])
    assert _names(after) == ["Best Fit College", "Far Away College", "Twin New College", "Twin Partner College"]
    assert after[1].score == far_before + POINTS["gap_covered"] + POINTS["field"] + POINTS["capacity_cap"]
    # and kept again from there
    with django_assert_num_queries(1):
        assert _names(rank_partners(system_user, committed["me"]))[1] == "Far Away College"


def test_a_write_is_seen_inside_its_own_transaction(committed, system_user):
    assert _names(rank_partners(system_user, committed["me"]))[0] == "Best Fit College"
    # not yet committed (the test's transaction is still open): the writing thread reads the new data
    agreement_between(system_user, committed["me"], committed["best"])
    best = next(r for r in rank_partners(system_user, committed["me"]) if r.organisation.name == "Best Fit College")
    assert best.existing_partner


def test_every_kind_of_input_write_changes_the_version(committed, system_user, django_capture_on_commit_callbacks):
    from skillsnet.activities.models import Activity, ActivityOrganisation
    from skillsnet.matching import rankcache

    writes = [
        lambda: services.update_object(system_user, type(committed["far"]), committed["far"].pk, {"country": None},
                                       expected_version=type(committed["far"]).objects.get(pk=committed["far"].pk).version),
        lambda: programme(system_user, committed["far"], "Welding", isco="7212", intake=30),
        lambda: services.create_object(system_user, Facility, {"organisation": committed["far"], "name": "Lab",
                                                               "kind": "training_workshop"}),
        lambda: agreement_between(system_user, committed["me"], committed["far"]),
        lambda: services.create_object(system_user, ActivityOrganisation, {
            "activity": services.create_object(system_user, Activity, {
                "title": "Joint course", "kind": "training_programme", "host": committed["me"]}),
            "organisation": committed["far"], "role": "partner"}),
    ]
    for write in writes:
        before = rankcache.version()
        with django_capture_on_commit_callbacks(execute=True):
            write()
        assert rankcache.version() != before


def test_a_write_in_another_process_is_seen(committed, system_user):
    """Another worker's write gives the inputs a new version in the shared cache: the kept ranking is not used."""
    from django.core.cache import cache

    from skillsnet.matching import rankcache

    assert _names(rank_partners(system_user, committed["me"]))[0] == "Best Fit College"
    Programme.objects.create(organisation=committed["far"], title="Electronics", annual_intake=2000,
                             isco_occupation_id="7421", isced_field_id="0714")
    assert _names(rank_partners(system_user, committed["me"]))[0] == "Best Fit College"  # kept: no step ran here
    cache.set(rankcache.VERSION_KEY, "another worker's token")  # what its post-write step did
    assert _names(rank_partners(system_user, committed["me"]))[1] == "Far Away College"


def test_a_write_in_another_process_with_its_own_memory_cache_is_seen(committed, system_user):
    """The demo's worker (an import run as a job) and the command line have a cache of their own, where the token
    lives in local memory: what they write reaches the change log, and that is part of the version here."""
    from skillsnet.core.changelog import record_change

    assert _names(rank_partners(system_user, committed["me"]))[0] == "Best Fit College"
    electronics = Programme.objects.create(organisation=committed["far"], title="Electronics", annual_intake=2000,
                                           isco_occupation_id="7421", isced_field_id="0714")  # no step ran here
    record_change(system_user, electronics, "create", None, {"title": "Electronics"})  # what the importer logs
    assert _names(rank_partners(system_user, committed["me"]))[1] == "Far Away College"


def test_two_scopes_get_their_own_rankings(committed, system_user):
    """A visitor sees no agreement: the same organisation's ranking, asked by the secretariat first, shows the
    visitor no tie (and the secretariat's kept ranking is not shown to the visitor, nor the reverse)."""
    from django.contrib.auth.models import AnonymousUser

    visitor = AnonymousUser()
    staff = {r.organisation.name: r for r in rank_partners(system_user, committed["me"])}
    seen = {r.organisation.name: r for r in rank_partners(visitor, committed["me"])}
    assert staff["Twin Partner College"].existing_partner
    assert not seen["Twin Partner College"].existing_partner
    assert seen["Twin Partner College"].score == staff["Twin Partner College"].score - POINTS["existing_partner"]
    # asked again in the other order, from what is kept
    assert not {r.organisation.name: r for r in rank_partners(visitor, committed["me"])}[
        "Twin Partner College"].existing_partner
    assert {r.organisation.name: r for r in rank_partners(system_user, committed["me"])}[
        "Twin Partner College"].existing_partner


def test_organisation_page_panel_uses_the_kept_ranking_and_keeps_none_of_its_own(committed, system_user, client,
                                                                                 django_capture_on_commit_callbacks):
    from skillsnet.matching import rankcache
    from skillsnet.matching.registration import suggested_partners

    me = committed["me"]
    assert [s.organisation.name for s in suggested_partners(me, system_user)][:2] == ["Best Fit College",
                                                                                       "Twin New College"]
    assert not rankcache._RANKINGS  # the panel alone keeps nothing
    rank_partners(system_user, me)  # the suggestions page keeps its twenty
    assert len(rankcache._RANKINGS) == 1
    with django_capture_on_commit_callbacks(execute=True):
        programme(system_user, committed["far"], "Electronics", isco="7421", isced="0714", intake=2000)
    assert [s.organisation.name for s in suggested_partners(me, system_user)][:2] == ["Best Fit College",
                                                                                       "Far Away College"]
    client.force_login(system_user)
    page = client.get(f"/directory/organisations/{me.pk}/").content.decode()
    assert page.index("Best Fit College") < page.index("Far Away College") < page.index("Twin New College")


def test_candidates_kept_per_filter_follow_a_changed_kind(committed, system_user):
    from skillsnet.directory.models import Organisation

    assert _names(rank_partners(system_user, committed["me"], kind="ministry")) == ["Some Ministry"]
    assert "Far Away College" in _names(rank_partners(system_user, committed["me"]))
    far = Organisation.objects.get(pk=committed["far"].pk)
    services.update_object(system_user, Organisation, far.pk, {"kind": "ministry"}, expected_version=far.version)
    # the ministry in my own country first (same country), then the new one
    assert _names(rank_partners(system_user, committed["me"], kind="ministry")) == ["Some Ministry",
                                                                                   "Far Away College"]
    assert "Far Away College" not in _names(rank_partners(system_user, committed["me"]))


def test_features_kept_with_no_query_until_an_input_write_commits(committed, system_user, django_assert_num_queries,
                                                                  django_capture_on_commit_callbacks):
    from skillsnet.matching import features

    first = features.load_features(system_user)
    with django_assert_num_queries(1):  # kept: no query of the tables, only the change log's last id
        assert features.load_features(system_user) is first
    assert "7421" not in first[committed["far"].pk].occupations
    with django_capture_on_commit_callbacks(execute=True):
        programme(system_user, committed["far"], "Electronics", isco="7421", isced="0714", intake=20)
    again = features.load_features(system_user)
    assert again is not first and "7421" in again[committed["far"].pk].occupations

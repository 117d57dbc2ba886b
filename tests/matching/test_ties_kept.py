"""The ties of every organisation, kept with the ranking's features (matching.features.ties): the same counts as
asked of the database for one organisation, a committed write seen at once, and kept apart for each set of the
models ties are read from that a user sees (a visitor sees no agreement: never the secretariat's ties)."""
import pytest
from django.contrib.auth.models import AnonymousUser

from skillsnet.activities.models import Activity, ActivityOrganisation
from skillsnet.core import services
from skillsnet.matching import features, rankcache
from tests.conftest import make_org

from .test_ranking import agreement_between

pytestmark = pytest.mark.django_db


def activity_with(actor, host, *others):
    activity = services.create_object(actor, Activity, {"title": f"Workshop at {host.name}",
                                                        "kind": "peer_to_peer_workshop", "host": host})
    for other in others:
        services.create_object(actor, ActivityOrganisation, {"activity": activity, "organisation": other,
                                                             "role": "partner"})
    return activity


@pytest.fixture
def tied(system_user, reference):
    a = system_user
    orgs = {key: make_org(a, name, "LA") for key, name in [
        ("me", "Home Institute"), ("p", "Partner College"), ("q", "Second College"), ("r", "Third College"),
        ("alone", "Lonely College")]}
    agreement_between(a, orgs["me"], orgs["p"])
    agreement_between(a, orgs["me"], orgs["p"], orgs["q"])
    draft = agreement_between(a, orgs["me"], orgs["r"])
    services.update_object(a, type(draft), draft.pk, {"status": "draft"}, expected_version=draft.version)
    activity_with(a, orgs["me"], orgs["q"])  # hosted by me, with q as partner
    activity_with(a, orgs["r"], orgs["me"], orgs["p"])  # hosted by r, me and p partners
    activity_with(a, orgs["alone"])  # a host alone ties nobody
    rankcache.reset()  # the fixture's writes as if committed (the test's transaction stays open)
    return orgs


def test_kept_ties_are_the_ties_asked_of_the_database(tied, system_user, django_assert_num_queries):
    ids = [o.pk for o in tied.values()]
    features.load_features(system_user)  # kept from here
    kept = features.ties(system_user, ids)
    assert kept == features.queried_ties(system_user, ids)
    me, p, q, r = (tied[k].pk for k in ("me", "p", "q", "r"))
    # (signed agreements shared, activities shared): the draft agreement with r is no tie
    assert kept[me] == {p: (2, 1), q: (1, 1), r: (0, 1)}
    assert kept[p] == {me: (2, 1), q: (1, 0), r: (0, 1)}
    assert kept[tied["alone"].pk] == {}
    with django_assert_num_queries(1):  # kept: only the change log's last id (the tests' cache is the process's own)
        assert features.ties(system_user, [me]) == {me: kept[me]}


def test_a_committed_write_is_seen_at_once(tied, system_user, django_capture_on_commit_callbacks):
    me, alone = tied["me"].pk, tied["alone"].pk
    features.load_features(system_user)
    assert alone not in features.ties(system_user, [me])[me]
    with django_capture_on_commit_callbacks(execute=True):
        agreement_between(system_user, tied["me"], tied["alone"])
    assert features.ties(system_user, [me])[me][alone] == (1, 0)
    with django_capture_on_commit_callbacks(execute=True):
        activity_with(system_user, tied["alone"], tied["me"])
    assert features.ties(system_user, [me, alone]) == features.queried_ties(system_user, [me, alone])
    assert features.ties(system_user, [me])[me][alone] == (1, 1)


def test_a_visitor_and_the_secretariat_never_share_kept_ties(tied, system_user, django_assert_num_queries):
    """A visitor sees no agreement: the visitor's ties, kept apart, count none of them, asked after the
    secretariat's or before; the secretariat's still count them."""
    me, p = tied["me"].pk, tied["p"].pk
    visitor = AnonymousUser()
    features.load_features(system_user)
    assert features.ties(system_user, [me])[me][p] == (2, 1)
    assert features.ties(visitor, [me])[me][p] == (0, 1)
    assert features.ties(visitor, [me]) == features.queried_ties(visitor, [me])
    with django_assert_num_queries(1):  # the visitor's are kept too
        assert features.ties(visitor, [me])[me][p] == (0, 1)
    assert features.ties(system_user, [me])[me][p] == (2, 1)
    rankcache.reset()
    features.load_features(visitor)
    assert features.ties(visitor, [me])[me][p] == (0, 1)  # the visitor first this time
    assert features.ties(system_user, [me])[me][p] == (2, 1)
    assert features.ties(system_user, [me]) == features.queried_ties(system_user, [me])

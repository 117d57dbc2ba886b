"""can() answers from the grants kept per request (accounts.permissions._grants) without building the scope's
filter: for every role, registered model and action the same answer as the filter itself, on a model and on a
record (inside a request's memo, where a record's answer is kept per scope, and outside)."""
import pytest
from django.contrib.auth.models import AnonymousUser

from skillsnet.accounts import permissions
from skillsnet.accounts.permissions import _ALL, can, scope_filter
from skillsnet.core.registry import REGISTRY
from skillsnet.core.scoping import request_memo
from skillsnet.directory.models import Membership, Organisation, Programme

pytestmark = pytest.mark.django_db
ACTIONS = ("view", "add", "change", "delete", "history")


def _fresh(user):
    permissions.forget_cached_roles(user)
    return user


def test_can_on_a_model_is_whether_the_scope_grants_anything(users):
    for user in [AnonymousUser(), *users.values()]:
        for model in REGISTRY:
            for action in ACTIONS:
                expected = scope_filter(_fresh(user), model, action) is not None
                assert can(_fresh(user), action, model) is expected, (user, model, action)


def test_can_on_a_record_is_whether_the_scope_selects_it(users, orgs, system_user):
    from skillsnet.core import services

    programme = services.create_object(system_user, Programme, {"organisation": orgs["own"], "title": "Cars"})
    membership = services.create_object(system_user, Membership, {"network": orgs["network"], "member": orgs["cn"]})
    records = [*orgs.values(), programme, membership]
    checked = 0
    for user in [AnonymousUser(), *users.values()]:
        for memo in (False, True):
            with request_memo() if memo else _nothing():
                for obj in records:
                    for action in ACTIONS:
                        q = scope_filter(_fresh(user), type(obj), action)
                        expected = q is not None and (q is _ALL or type(obj)._default_manager.filter(
                            q, pk=obj.pk).exists())
                        assert can(user, action, obj) is expected, (user, obj, action, memo)
                        checked += expected
    assert checked  # some allowed, and (a visitor) some refused
    coordinator = users["country_coordinator"]
    assert can(coordinator, "change", orgs["own"]) and not can(coordinator, "change", orgs["cn"])


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


def test_a_kept_record_answer_is_per_scope_not_per_record_alone(users, orgs):
    """In one request two users with different scopes ask about the same record: each gets their own answer."""
    with request_memo():
        assert can(users["country_coordinator"], "change", orgs["own"])
        assert not can(users["focal_point"], "change", orgs["other_la"])
        assert can(users["country_coordinator"], "change", orgs["other_la"])
        assert not can(users["country_coordinator"], "change", orgs["cn"])
        assert can(users["focal_point"], "change", orgs["own"])

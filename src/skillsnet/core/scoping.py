"""The read door: `Model.objects.for_user(user, action)` on every model (NetBox's restricted querysets).

core knows only that a policy turns (queryset, user, action) into a narrower queryset and answers a few
questions (can, may this user see personal values); which policy is a setting (`SKILLSNET_POLICY`, a
module, default `skillsnet.accounts.permissions`), so core imports no other app. Every read of scoped
data — lists, details, panels, history, filter and form choices, importer lookups, exports, search,
reports, feeds, the API — starts from `for_user`.
"""
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string


@lru_cache(maxsize=None)
def policy():
    """The policy module: restrict, can, allowed_actions, may_see_personal_data, history_shows_personal, ..."""
    from importlib import import_module

    return import_module(getattr(settings, "SKILLSNET_POLICY", "skillsnet.accounts.permissions"))


@lru_cache(maxsize=None)
def _restrict():
    name = getattr(settings, "SKILLSNET_READ_POLICY", None)
    return import_string(name) if name else policy().restrict


def restrict(queryset, user, action="view"):
    return _restrict()(queryset, user, action)


def request_memo():
    """A context in which the policy may keep answers for one request (core.middleware opens it)."""
    import contextlib

    opener = getattr(policy(), "request_memo", None)
    return opener() if opener else contextlib.nullcontext()


def forget_row_answers():
    """A record changed: answers the policy kept for this request may no longer hold."""
    forget = getattr(policy(), "forget_row_answers", None)
    if forget:
        forget()


def reference_models():
    """Labels (app_label.modelname) of the reference tables: read by everyone, changed by the secretariat."""
    return frozenset(getattr(policy(), "reference_models", lambda: ())())


def can(user, action, obj_or_model):
    return policy().can(user, action, obj_or_model)


def allowed_actions(user, obj):
    return policy().allowed_actions(user, obj)


def may_see_personal_data(user, model):
    return policy().may_see_personal_data(user, model)


def history_shows_personal(user, obj):
    return policy().history_shows_personal(user, obj)


def is_personal(model):
    return policy().is_personal(model)


def sees_all(user, model, action="view"):
    """Whether `user` may `action` every row of `model` (no row-level filter needed)."""
    return policy().sees_all(user, model, action)


def is_admin(user):
    return policy().is_admin(user)


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """The rows of this queryset that `user` may `action` ("view", "add", "change", "delete", "history")."""
        return restrict(self, user, action)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass


def for_user(model_or_queryset, user, action="view"):
    """`for_user` on any model's rows, also models whose manager is Django's (the user model)."""
    qs = model_or_queryset if isinstance(model_or_queryset, models.QuerySet) else \
        model_or_queryset._default_manager.all()
    return restrict(qs, user, action)

"""The read door: `Model.objects.for_user(user, action)` on every model (NetBox's restricted querysets).

core knows only that a policy turns (queryset, user, action) into a narrower queryset; which policy
is a setting (`SKILLSNET_READ_POLICY`, default the rules of `skillsnet.accounts`), so core imports
no other app. Every read of scoped data — lists, details, panels, history, filter and form choices,
importer lookups, exports, search, reports, feeds, the API — starts from `for_user`.
"""
from functools import lru_cache

from django.conf import settings
from django.db import models
from django.utils.module_loading import import_string


@lru_cache(maxsize=None)
def _policy():
    return import_string(getattr(settings, "SKILLSNET_READ_POLICY", "skillsnet.accounts.permissions.restrict"))


class ScopedQuerySet(models.QuerySet):
    def for_user(self, user, action="view"):
        """The rows of this queryset that `user` may `action` ("view", "add", "change", "delete")."""
        return _policy()(self, user, action)


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    pass

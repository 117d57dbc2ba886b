"""Reads of resources and news: restrict() first, then each resource's access level.

Access levels of a resource: public (anyone, also anonymous visitors), members (anyone signed in),
organisation (users assigned to one of the resource's organisations, and the secretariat).
News: published stories are public; drafts only for those who may change news stories.
"""
from django.db.models import Q

from skillsnet.accounts.permissions import can, restrict

from .models import NewsStory, Resource


def is_secretariat(user):
    from skillsnet.accounts.permissions import is_admin

    return getattr(user, "is_authenticated", False) and is_admin(user)


def assigned_organisations(user):
    if not getattr(user, "is_authenticated", False):
        return []
    return [pk for pk in user.role_assignments.exclude(organisation=None).values_list("organisation_id", flat=True)]


def resource_access_filter(user):
    """A Q on Resource for the access levels `user` passes (None: everything)."""
    if not getattr(user, "is_authenticated", False):
        return Q(access=Resource.Access.PUBLIC)
    if is_secretariat(user):
        return None
    own = assigned_organisations(user)
    q = Q(access__in=[Resource.Access.PUBLIC, Resource.Access.MEMBERS])
    if own:
        inner = Resource.objects.filter(access=Resource.Access.ORGANISATION, organisations__in=own).values("pk")
        q |= Q(pk__in=inner)
    return q


def visible_resources(user, queryset=None):
    qs = restrict(Resource.objects.all() if queryset is None else queryset, user, "view")
    q = resource_access_filter(user)
    return qs if q is None else qs.filter(q)


def may_edit_news(user):
    return can(user, "change", NewsStory) or can(user, "add", NewsStory)


def visible_news(user, queryset=None):
    """Published stories for everyone; drafts too for those who may edit (within their scope)."""
    qs = NewsStory.objects.all() if queryset is None else queryset
    published = qs.filter(status=NewsStory.Status.PUBLISHED)
    if not may_edit_news(user):
        return published
    editable = restrict(qs, user, "change").values("pk")
    return qs.filter(Q(status=NewsStory.Status.PUBLISHED) | Q(pk__in=editable))


def published_news(limit=None):
    qs = NewsStory.objects.filter(status=NewsStory.Status.PUBLISHED).order_by("-published_on", "-id")
    return qs[:limit] if limit else qs

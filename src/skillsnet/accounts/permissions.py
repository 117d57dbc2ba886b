"""restrict(queryset, user, action) and can(user, action, obj): the rules of accounts.rules applied."""
from django.db.models import Q

from .rules import RULES

_ALL = object()


def _assignments(user):
    if not getattr(user, "is_authenticated", False):
        return [("public", None, None)]
    cached = getattr(user, "_skillsnet_assignments", None)
    if cached is None:
        cached = [(a.role, a.organisation_id, a.country_id) for a in user.role_assignments.all()]
        user._skillsnet_assignments = cached
    return cached


def forget_cached_roles(user):
    if hasattr(user, "_skillsnet_assignments"):
        del user._skillsnet_assignments


def matching_rules(user, model, action):
    """[(rule, [organisation ids], [country codes])] that grant `action` on `model` to `user`."""
    label = model._meta.label_lower
    personal = getattr(model, "personal_data", False)
    out = []
    by_role = {}
    for role, org_id, country_id in _assignments(user):
        entry = by_role.setdefault(role, ([], []))
        if org_id:
            entry[0].append(org_id)
        if country_id:
            entry[1].append(country_id)
    for rule in RULES:
        if rule.role not in by_role or not rule.matches(label, action):
            continue
        if personal and not rule.personal_data:
            continue
        out.append((rule, *by_role[rule.role]))
    return out


def _paths(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def scope_filter(user, model, action):
    """A Q object (or _ALL, or None for nothing) describing what `user` may `action` on `model`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return _ALL
    q = None
    for rule, org_ids, country_ids in matching_rules(user, model, action):
        if rule.scope == "all":
            return _ALL
        if rule.scope == "own_organisations":
            paths, values = _paths(getattr(model, "scope_organisation_path", None)), org_ids
        elif rule.scope == "own_countries":
            paths, values = _paths(getattr(model, "scope_country_path", None)), country_ids
        else:
            continue
        for path in paths:
            if values:
                part = Q(**{f"{path}__in": values})
                q = part if q is None else q | part
    return q


def restrict(queryset, user, action="view"):
    """Every read of scoped data goes through here."""
    q = scope_filter(user, queryset.model, action)
    if q is _ALL:
        return queryset
    if q is None:
        return queryset.none()
    inner = queryset.model._default_manager.filter(q).values("pk")
    return queryset.filter(pk__in=inner)


def can(user, action, obj_or_model):
    """May `user` do `action` on this object (or, given a model class, on some object of it)?"""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    q = scope_filter(user, model, action)
    if q is None:
        return False
    if q is _ALL or isinstance(obj_or_model, type):
        return True
    if obj_or_model.pk is None:
        return False
    return model._default_manager.filter(q, pk=obj_or_model.pk).exists()


def may_see_personal_data(user, model):
    """Whether any rule lets `user` see personal records of `model` (else only counts)."""
    return can(user, "view", model) if getattr(model, "personal_data", False) else True


def allowed_actions(user, obj):
    return {a for a in ("view", "change", "delete") if can(user, a, obj)}

"""The rules of accounts.rules applied: restrict(queryset, user, action) behind every `for_user`, and can().

restrict() adds one semi-join per scope path (`pk IN (SELECT …)`), never a join on the outer query, so
lists stay one row per record and the planner keeps its indexes.
"""
from django.db.models import Q

from . import rules

_ALL = object()


def _assignments(user):
    if not getattr(user, "is_authenticated", False):
        return [(rules.ANONYMOUS_ROLE, None, None)]
    cached = getattr(user, "_skillsnet_assignments", None)
    if cached is None:
        cached = [(a.role, a.organisation_id, a.country_id) for a in user.role_assignments.all()]
        user._skillsnet_assignments = cached
    return cached


def forget_cached_roles(user):
    for name in ("_skillsnet_assignments", "_skillsnet_sees_all", "_skillsnet_visible"):
        user.__dict__.pop(name, None)


def label_of(model):
    return model if isinstance(model, str) else model._meta.label_lower


def is_personal(model):
    """Whether records of `model` are about people (or are the secretariat's own tables)."""
    label = label_of(model)
    return label in rules.PERSONAL_MODELS or label in rules.STAFF_MODELS


def matching_rules(user, model, action, personal_only=False):
    """[(rule, [organisation ids], [country codes])] that grant `action` on `model` to `user`."""
    label = model._meta.label_lower
    personal = is_personal(label)
    out = []
    by_role = {}
    for role, org_id, country_id in _assignments(user):
        entry = by_role.setdefault(role, ([], []))
        if org_id:
            entry[0].append(org_id)
        if country_id:
            entry[1].append(country_id)
    for rule in rules.RULES:
        if rule.role not in by_role or not rule.matches(label, action):
            continue
        if (personal or personal_only) and not rule.personal_data:
            continue
        out.append((rule, *by_role[rule.role]))
    return out


def _paths(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _superuser(user):
    return getattr(user, "is_superuser", False) and getattr(user, "is_active", False)


def scope_filter(user, model, action, personal_only=False):
    """A Q object (or _ALL, or None for nothing) describing what `user` may `action` on `model`."""
    if _superuser(user) and label_of(model) not in rules.SYSTEM_MODELS:
        return _ALL
    q = None
    manager = model._default_manager
    for rule, org_ids, country_ids in matching_rules(user, model, action, personal_only):
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
                # a semi-join per path: the outer query keeps one row per record
                part = Q(pk__in=manager.filter(**{f"{path}__in": values}).values("pk"))
                q = part if q is None else q | part
    return q


def restrict(queryset, user, action="view"):
    """Every read of scoped data goes through here (as `Model.objects.for_user(user, action)`)."""
    q = scope_filter(user, queryset.model, action)
    if q is _ALL:
        return queryset
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def sees_all(user, model, action="view"):
    """Whether `user` may `action` every row of `model`, cached on the user object for the request."""
    if user is None:
        return False
    cache = user.__dict__.setdefault("_skillsnet_sees_all", {})
    key = (model._meta.label_lower, action)
    if key not in cache:
        cache[key] = scope_filter(user, model, action) is _ALL
    return cache[key]


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
    return can(user, "view", model) if is_personal(model) else True


def history_shows_personal(user, obj):
    """Whether the change log of `obj` is shown to `user` with its personal values (actors, reasons, people)."""
    model = type(obj)
    q = scope_filter(user, model, "history", personal_only=True)
    if q is None:
        return False
    if q is _ALL:
        return True
    return model._default_manager.filter(q, pk=obj.pk).exists()


def is_admin(user):
    """The secretariat: grants roles, reads the security log and the whole change log."""
    if _superuser(user):
        return True
    return any(rules.is_admin_role(role) for role, _o, _c in _assignments(user))


def organisation_scope(user):
    """The organisation ids `user` acts for through an organisation-scoped role; None for network-wide roles."""
    if is_admin(user):
        return None
    return [org for role, org, _c in _assignments(user) if role in rules.ORGANISATION_ROLES and org]


def allowed_actions(user, obj):
    return {a for a in ("view", "change", "delete", "history") if can(user, a, obj)}

"""The rules of accounts.rules applied: restrict(queryset, user, action) behind every `for_user`, and can().

restrict() never joins on the outer query, so lists stay one row per record, and it writes each scope so that
the database can plan it (measured per role by `skillsnet bench`):
- a path that starts with a foreign key of the table becomes `fk IN (SELECT pk FROM related WHERE …)` (a
  direct `fk IN (values)` for one hop): under an OR the database checks it against a hash of the related keys
  while it reads the rows in the list's order, and stops at the page's end (a coordinator's country: a large
  share of the table);
- an organisation's scope (a focal point's: a few hundred rows) with several paths becomes one semi-join over
  the union of the paths (`pk IN (SELECT … UNION ALL SELECT …)`), each served by its foreign key's index,
  rather than an OR that would read the whole table to find those rows;
- any other path (a reverse or many-to-many first hop) is a semi-join on the primary key.
"""
import contextlib
import contextvars

from django.core.exceptions import FieldDoesNotExist
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


def policy_key(user):
    """Everything the rules read of `user` (signed in, superuser, active, its role assignments), as a hashable
    value: two users with the same key get the same answer from every rule, so a value computed under the rules
    may be kept per key (the menu, partner rankings)."""
    return (bool(getattr(user, "is_authenticated", False)), bool(getattr(user, "is_superuser", False)),
            bool(getattr(user, "is_active", False)), tuple(sorted(_assignments(user), key=repr)))


def forget_cached_roles(user):
    for name in ("_skillsnet_assignments", "_skillsnet_sees_all", "_skillsnet_visible", "_skillsnet_rules",
                 "_skillsnet_grants"):
        user.__dict__.pop(name, None)


def label_of(model):
    return model if isinstance(model, str) else model._meta.label_lower


def is_personal(model):
    """Whether records of `model` are about people (or are the secretariat's own tables)."""
    label = label_of(model)
    return label in rules.PERSONAL_MODELS or label in rules.STAFF_MODELS


def matching_rules(user, model, action, personal_only=False):
    """[(rule, [organisation ids], [country codes])] that grant `action` on `model` to `user`.

    Kept on the user object (one request) per question: a page asks it a hundred times (menu, links, panels)."""
    label = model._meta.label_lower
    memo = user.__dict__.setdefault("_skillsnet_rules", {}) if user is not None else {}
    key = (label, action, personal_only)
    if key not in memo:
        memo[key] = _matching_rules(user, label, action, personal_only)
    return list(memo[key])


_RULES_BY_ASSIGNMENTS = {}  # (rules, assignments, label, action, personal_only) -> rules: the same in every request


def _matching_rules(user, label, action, personal_only):
    """The answer depends only on the user's role assignments and the rules: kept per process for every request
    of users with the same assignments (a page asks it of some thirty models and actions)."""
    assignments = tuple(_assignments(user))
    key = (id(rules.RULES), len(rules.RULES), assignments, label, action, personal_only)
    found = _RULES_BY_ASSIGNMENTS.get(key)
    if found is None:
        if len(_RULES_BY_ASSIGNMENTS) > 20000:
            _RULES_BY_ASSIGNMENTS.clear()
        found = _RULES_BY_ASSIGNMENTS[key] = tuple(_rules_for(assignments, label, action, personal_only))
    return found


def _rules_for(assignments, label, action, personal_only):
    personal = is_personal(label)
    out = []
    by_role = {}
    for role, org_id, country_id in assignments:
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
        if personal_only and action == "history" and not rule.shows_personal_history:
            continue
        out.append((rule, *(tuple(values) for values in by_role[rule.role])))
    return out


def _paths(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _superuser(user):
    return getattr(user, "is_superuser", False) and getattr(user, "is_active", False)


def path_q(model, path, values):
    """Q for the rows of `model` whose `path` leads to one of `values`, without a join on the outer query."""
    name, _sep, rest = path.partition("__")
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if getattr(field, "concrete", False) and not rest:
        return Q(**{f"{name}__in": values})
    if getattr(field, "concrete", False) and (field.many_to_one or field.one_to_one):
        related = field.related_model._base_manager.filter(**{f"{rest}__in": values})
        return Q(**{f"{name}__in": related.order_by().values("pk")})
    return Q(pk__in=model._base_manager.filter(**{f"{path}__in": values}).order_by().values("pk"))


def _is_column(model, path):
    """Whether `path` names a column of `model`'s own table that holds the scope's values (not a link)."""
    if "__" in path:
        return False
    try:
        field = model._meta.get_field(path)
    except FieldDoesNotExist:  # "pk"
        return False
    return getattr(field, "concrete", False) and not field.is_relation


def _union_q(model, parts):
    """One semi-join over the union of `parts` (each a Q on `model`)."""
    manager = model._base_manager
    branches = [manager.filter(part).order_by().values("pk") for part in parts]
    return Q(pk__in=branches[0].union(*branches[1:], all=True))


def scope_filter(user, model, action, personal_only=False):
    """A Q object (or _ALL, or None for nothing) describing what `user` may `action` on `model`."""
    if _superuser(user) and label_of(model) not in rules.SYSTEM_MODELS:
        return _ALL
    small, large = [], []
    for rule, org_ids, country_ids in matching_rules(user, model, action, personal_only):
        if rule.scope == "all":
            return _ALL
        if rule.scope == "own_organisations":
            paths, values, parts = _paths(getattr(model, "scope_organisation_path", None)), org_ids, small
        elif rule.scope == "own_countries":
            paths, values, parts = _paths(getattr(model, "scope_country_path", None)), country_ids, large
        else:
            continue
        if values:
            for path in paths:
                # a column of the row itself (a copy: people/scope.py) is tested directly, OR-ed: the database
                # combines the columns' indexes; paths through other tables become one semi-join over a union
                (large if _is_column(model, path) else parts).append(path_q(model, path, values))
    if len(small) > 1:
        small = [_union_q(model, small)]
    q = None
    for part in small + large:
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


def _grants(user, model, action, personal_only=False):
    """What scope_filter(user, model, action, personal_only) would be, without building it: _ALL, a tuple of
    the scopes it would join (hashable: equal tuples select the same rows), or None for nothing.

    Kept on the user object (one request), like matching_rules: a page asks whether the user may view, add or
    change a model dozens of times (panels, menu, links), and building the filter itself builds subqueries."""
    if _superuser(user) and label_of(model) not in rules.SYSTEM_MODELS:
        return _ALL
    label = model._meta.label_lower
    memo = user.__dict__.setdefault("_skillsnet_grants", {}) if user is not None else {}
    key = (label, action, personal_only)
    if key not in memo:
        parts = set()
        for rule, org_ids, country_ids in matching_rules(user, model, action, personal_only):
            if rule.scope == "all":
                parts = _ALL
                break
            if rule.scope == "own_organisations":
                paths, values = _paths(getattr(model, "scope_organisation_path", None)), org_ids
            elif rule.scope == "own_countries":
                paths, values = _paths(getattr(model, "scope_country_path", None)), country_ids
            else:
                continue
            if values and paths:
                parts.add((rule.scope, tuple(paths), tuple(sorted(values, key=str))))
        memo[key] = parts if parts is _ALL else (tuple(sorted(parts, key=repr)) or None)
    return memo[key]


def can(user, action, obj_or_model):
    """May `user` do `action` on this object (or, given a model class, on some object of it)?"""
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    grants = _grants(user, model, action)
    if grants is None:
        return False
    if grants is _ALL or isinstance(obj_or_model, type):
        return True
    if obj_or_model.pk is None:
        return False
    return _row_in(model, grants, obj_or_model.pk, lambda: scope_filter(user, model, action))


def reference_models():
    return rules.REFERENCE_MODELS


_REQUEST_MEMO = contextvars.ContextVar("skillsnet_request_memo", default=None)


@contextlib.contextmanager
def request_memo():
    """Answers about single rows kept for one request (core.middleware opens it); a write clears them."""
    token = _REQUEST_MEMO.set({})
    try:
        yield
    finally:
        _REQUEST_MEMO.reset(token)


def forget_row_answers():
    memo = _REQUEST_MEMO.get()
    if memo:
        memo.clear()


def _row_in(model, grants, pk, scope):
    """Whether row `pk` of `model` is among the rows the filter `scope()` selects, `grants` (_grants) naming
    that filter. In a request the answer is kept until a write (a detail page asks the same of its record for
    view, change, delete and history, which the same scopes usually grant); elsewhere always asked."""
    memo = _REQUEST_MEMO.get()
    if memo is None:
        return model._default_manager.filter(scope(), pk=pk).exists()
    key = (model._meta.label_lower, str(pk), grants)
    if key not in memo:
        memo[key] = model._default_manager.filter(scope(), pk=pk).exists()
    return memo[key]


def may_see_personal_data(user, model):
    """Whether any rule lets `user` see personal records of `model` (else only counts)."""
    return can(user, "view", model) if is_personal(model) else True


def history_shows_personal(user, obj):
    """Whether the change log of `obj` is shown to `user` with its personal values (actors, reasons, people)."""
    model = type(obj)
    grants = _grants(user, model, "history", personal_only=True)
    if grants is None:
        return False
    if grants is _ALL:
        return True
    return _row_in(model, grants, obj.pk, lambda: scope_filter(user, model, "history", personal_only=True))


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

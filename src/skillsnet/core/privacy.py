"""What personal data a user sees, decided in one place for every door (pages, API, exports, history, reports).

- Records about people: `Model.objects.for_user` (the rules) — this module is about what remains:
- Personal fields: a link from any record to a personal record (an agenda item's speaker, a commitment's
  responsible person, the user who approved a period) shows only when the user may view the linked record.
- History: an object's change log for users whose history rule is without personal values shows what changed
  but not who changed it, why, or which people were linked.
- Counts: any disaggregated count of people below 5 shows as "< 5" to users who see no personal records
  (DESIGN §8), in summaries, dashboards, exports and the API alike (`shown_count`).
"""
from decimal import Decimal, InvalidOperation

from django.apps import apps

from .scoping import for_user, is_personal, may_see_personal_data

THRESHOLD = 5
MASK = "< 5"
HIDDEN = "—"


# ------------------------------------------------------------------ counts
def sees_small_counts(user):
    """Whether `user` sees exact small counts of people (roles with personal data; None: the system itself)."""
    return user is None or may_see_personal_data(user, apps.get_model("people", "Person"))


def mask_count(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value
    if Decimal(0) < number < THRESHOLD:
        return MASK
    return value


def shown_count(value, user, people=True):
    """The value, or "< 5" when it counts fewer than five people and the user may not see personal data."""
    if value is None or not people or sees_small_counts(user):
        return value
    return mask_count(value)


# ------------------------------------------------------------------ personal fields
def personal_relations(model):
    """The forward relations (foreign keys, many-to-many) of `model` that lead to personal records."""
    cache = model.__dict__.get("_skillsnet_personal_relations")
    if cache is None:
        cache = [f for f in model._meta.get_fields()
                 if f.is_relation and f.concrete and f.related_model is not None and is_personal(f.related_model)]
        setattr(model, "_skillsnet_personal_relations", cache)
    return cache


def personal_field_names(model):
    return {f.name for f in personal_relations(model)} | {f.attname for f in personal_relations(model)
                                                            if hasattr(f, "attname")}


def visible_ids(user, related_model, ids):
    """The subset of `ids` of `related_model` that `user` may view (cached on the user for the request)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return set()
    cache = user.__dict__.setdefault("_skillsnet_visible", {}) if user is not None else {}
    label = related_model._meta.label_lower
    unknown = [i for i in ids if (label, i) not in cache]
    if unknown:
        seen = set(for_user(related_model, user, "view").filter(pk__in=unknown).values_list("pk", flat=True))
        for i in unknown:
            cache[(label, i)] = i in seen
    return {i for i in ids if cache[(label, i)]}


def may_see_related(user, obj, field):
    """Whether the value of relation `field` (a name or a field) of `obj` may be shown to `user`."""
    field = obj._meta.get_field(field) if isinstance(field, str) else field
    if not (field.is_relation and field.related_model is not None and is_personal(field.related_model)):
        return True
    if field.many_to_many:
        return False  # lists of people: shown through their own records only
    value = getattr(obj, field.attname, None)
    return value is None or bool(visible_ids(user, field.related_model, [value]))


def shown_value(user, obj, name):
    """The value of `name` on `obj` for display, or None when it links to a person the user may not see."""
    try:
        field = obj._meta.get_field(name)
    except Exception:  # a property or method: not a field
        return getattr(obj, name, None)
    if not may_see_related(user, obj, field):
        return None
    return getattr(obj, name, None)


# ------------------------------------------------------------------ history
def redact_values(model, values):
    if not values:
        return values
    hidden = personal_field_names(model)
    return {k: (None if k in hidden and v is not None else v) for k, v in values.items()}


def shown_history(entries, model, with_personal):
    """The entries as shown: unchanged, or without actor, reason and links to people."""
    if with_personal:
        return entries
    out = []
    for entry in entries:
        entry.actor_name = HIDDEN
        entry.actor_id = None
        entry.reason = ""
        entry.before = redact_values(model, entry.before)
        entry.after = redact_values(model, entry.after)
        out.append(entry)
    return out

"""What personal data a user sees, decided in one place for every door (pages, API, exports, history, reports).

- Records about people: `Model.objects.for_user` (the rules) — this module is about what remains:
- Personal fields: a link from any record to a personal record (an agenda item's speaker, a commitment's
  responsible person, the user who approved a period) shows only when the user may view the linked record.
- History: an object's change log for users whose history rule is without personal values shows what changed
  but not who changed it, why, or which people were linked.
- Counts: any disaggregated count of people below 5 shows as "< 5" to users who see no personal records
  (DESIGN §8), in summaries, dashboards, exports and the API alike (`shown_count`); roles whose personal data
  is scoped (focal points, country coordinators) see exact small counts only of people they may view
  (`sees_small_counts`).
"""
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.db.models import Q

from .scoping import for_user, is_personal, may_see_personal_data, sees_all

THRESHOLD = 5
MASK = "< 5"
HIDDEN = "—"


# ------------------------------------------------------------------ counts
def sees_small_counts(user, counted=None):
    """Whether `user` sees exact small counts of people.

    The system itself (None) and roles that view every personal record of the network do. A role whose personal
    data is scoped (a focal point: its institution's people; a country coordinator: its countries') reads the rest
    of the network without personal data (accounts.rules), so the network's counts show to it as to a viewer —
    except a count over `counted` (a queryset of personal records) when it may view every one of those records
    itself (a focal point counting its own institution's trainees)."""
    if user is None or sees_all(user, apps.get_model("people", "Person")):
        return True
    if counted is None or not may_see_personal_data(user, counted.model):
        return False
    return not counted.exclude(pk__in=for_user(counted.model, user, "view").values("pk")).exists()


def mask_count(value):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return value
    if Decimal(0) < number < THRESHOLD:
        return MASK
    return value


AT_LEAST = "≥ 5"


def suppressed(values, groups, exact=None, known=None, hide=None):
    """Small-count suppression of cells whose sums over `groups` are published beside them (a breakdown and its
    total; a cross-table and its margins).

    `values`: the cells' counts (None for no value); `groups`: lists of cell indexes, each group's sum being shown
    somewhere next to the cells; `exact`: per cell, whether the user may see it exactly (default: none). A cell not
    exact with 1–4 shows as "< 5" (primary suppression); then, so that no masked cell is recovered by subtraction
    (a group's sum minus the cells still shown), every group holding masked cells must be `protected_group`: at
    least two hidden cells adding up to five or more, none of the masked ones pinned to one value by the markers
    ("< 5" is 1–4, "≥ 5" at least five: 4 and 4 of a total of 8, or 1 beside a hidden 5 of a total of 6, are given
    back as surely as by subtraction). While a group does not hold, a cell of five or more still shown is hidden
    too, as "≥ 5" (secondary suppression: the smallest that makes the group hold, else the smallest; repeated until
    every group holds, since a cell hidden for one group enters another); a cell the user may see exactly, or reads
    elsewhere (`known`: an activity's count on its own page), is never hidden so; a cell that other pages protect
    (`hide`: a sum of activities whose own pages hide one count) is hidden from the start unless the user may see
    it exactly. Returns the cells as shown and
    the indexes of the groups that cannot be protected so (no cell of five or more left to hide in them): the
    caller must not show those groups' exact sums (see `group_sum_shown`)."""
    exact = exact or [False] * len(values)
    known = known or [False] * len(values)
    hide = hide or [False] * len(values)
    shown = [MASK if not exact[i] and v is not None and 0 < v < THRESHOLD else v for i, v in enumerate(values)]
    shown = [AT_LEAST if hide[i] and not exact[i] and v is not None and not isinstance(v, str) and v >= THRESHOLD
             else v for i, v in enumerate(shown)]
    exposed, changed = set(), True
    while changed:
        changed = False
        for g, members in enumerate(groups):
            if protected_group(values, shown, members):
                exposed.discard(g)
                continue
            # a cell the user may see exactly is no spare: the user knows it by other means (a focal point counts
            # its own trainees in its own lists), so hiding it would protect nothing
            spare = sorted((values[i], i) for i in members
                           if not isinstance(shown[i], str) and not exact[i] and not known[i]
                           and (values[i] or 0) >= THRESHOLD)
            if spare:
                enough = [i for _v, i in spare if protected_group(values, shown, members, also=i)]
                shown[enough[0] if enough else spare[0][1]] = AT_LEAST
                changed = True
            else:
                exposed.add(g)
    return shown, exposed


def protected_group(values, shown, members, also=None):
    """Whether a group's published sum gives back none of its masked cells (see `suppressed`), with the cell
    `also` hidden too. What a reader knows: the sum of the hidden cells (the group's sum minus the cells shown),
    each "< 5" between 1 and 4, each "≥ 5" five or more. No hidden cell, or at least two adding up to five or
    more with every masked one left at least two possible values."""
    hidden = [i for i in members if isinstance(shown[i], str) or i == also]
    if not hidden:
        return True
    total = sum(values[i] or 0 for i in hidden)
    if len(hidden) < 2 or total < THRESHOLD:
        return False
    small = sum(1 for i in hidden if shown[i] == MASK)
    large = len(hidden) - small
    if not small:
        return True
    # the range a masked cell can take: the others at their least (1 each, 5 each) or at their most (4 each; a
    # "≥ 5" has no most), the same for every masked cell of the group
    highest = min(THRESHOLD - 1, total - (small - 1) - THRESHOLD * large)
    lowest = 1 if large else max(1, total - (THRESHOLD - 1) * (small - 1))
    return highest > lowest


def group_sum_shown(value, exposed):
    """A group's published sum as shown beside suppressed cells: "< 5" below five, else itself — or "≥ 5" when
    subtraction would recover a masked cell from it (`exposed`, see `suppressed`)."""
    if value is None or isinstance(value, str):
        return value
    if value < THRESHOLD:
        return mask_count(value)
    return AT_LEAST if exposed else value


def masked_breakdown(rows, exact, keys, known=None, hide=None):
    """The rows of one breakdown of a total (by sex, by country …) as shown: `suppressed` per key, the rows being
    one group (the total is shown beside them). `exact`: per row, whether the user may see that row's small counts;
    `known`, `hide`: per row, as `suppressed` says.
    Returns the rows and the keys whose total must not be shown exactly (`suppressed`'s unprotected groups)."""
    shown, exposed = [dict(r) for r in rows], set()
    for key in keys:
        cells, unprotected = suppressed([r.get(key) for r in rows], [list(range(len(rows)))], exact, known, hide)
        for row, cell in zip(shown, cells):
            if key in row:
                row[key] = cell
        if unprotected:
            exposed.add(key)
    return shown, exposed


def shown_count(value, user, people=True, counted=None):
    """The value, or "< 5" when it counts fewer than five people and the user may not see exact small counts
    (see sees_small_counts; `counted`: the personal records counted, when known)."""
    if value is None or not people or sees_small_counts(user, counted):
        return value
    return mask_count(value)


def shown_counts(data, user, keys, counted=None):
    """`data` (a dict, or a list of dicts) with the counts under `keys` masked for `user` (see shown_count)."""
    if sees_small_counts(user, counted):
        return data
    if isinstance(data, list):
        return [shown_counts(row, user, keys) for row in data]
    return {k: (mask_count(v) if k in keys else v) for k, v in data.items()}


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
    if sees_all(user, related_model):
        return ids
    cache = user.__dict__.setdefault("_skillsnet_visible", {}) if user is not None else {}
    label = related_model._meta.label_lower
    unknown = [i for i in ids if (label, i) not in cache]
    if unknown:
        seen = set(for_user(related_model, user, "view").filter(pk__in=unknown).values_list("pk", flat=True))
        for i in unknown:
            cache[(label, i)] = i in seen
    return {i for i in ids if cache[(label, i)]}


def record_label(user, obj):
    """The text of a record (its title on pages, its `display` in the API, a picker's label) as `user` may read it.

    A record whose text names a linked personal record (a participation "person — activity", an affiliation
    "person: title") can be readable by someone who may not read that person (the activity's host, the affiliated
    organisation): such a model lists those links in `label_links` and gives `label(hidden)`, its text with the
    links in `hidden` left out. `user` None is the system itself."""
    names = getattr(type(obj), "label_links", ())
    if user is None or not names:
        return str(obj)
    hidden = set()
    for name in names:
        field = obj._meta.get_field(name)
        pk = getattr(obj, field.attname)
        if pk is not None and not visible_ids(user, field.related_model, {pk}):
            hidden.add(name)
    return obj.label(frozenset(hidden)) if hidden else str(obj)


def search_guards(user, model, paths):
    """For text search and sorting over lookup `paths` of `model` (`person__search_text`, `person__name`): the
    paths that pass through a link to personal records `user` may not all read, each with the Q that keeps the
    rows whose linked record the user may read — searching or sorting by a name the user may not see would tell
    it (a host's list of participations, searched letter by letter). None for the system itself."""
    guards = {}
    if user is None:
        return guards
    relations = {f.name: f for f in personal_relations(model)}
    for path in paths:
        field = relations.get(path.lstrip("-").split("__")[0])
        if field is None or field.many_to_many or sees_all(user, field.related_model):
            continue
        guards[path] = Q(**{f"{field.name}__in": for_user(field.related_model, user, "view").values("pk")})
    return guards


def linked_name(user, obj, field_name):
    """The text of the record `obj.<field_name>` links to (a user's name for `approved_by`, say), or "—" when
    `user` may not view that record; None when there is no link. `user` None is the system itself."""
    field = obj._meta.get_field(field_name)
    pk = getattr(obj, field.attname)
    if pk is None:
        return None
    if user is not None and not visible_ids(user, field.related_model, {pk}):
        return HIDDEN
    linked = getattr(obj, field_name)
    if hasattr(linked, "get_full_name") and linked.get_full_name():
        return linked.get_full_name()
    if hasattr(linked, "get_username"):
        return linked.get_username()
    return str(linked)


# ------------------------------------------------------------------ history
def redact_values(model, values):
    """Values of a change without links to people, and without the fields a model lists in
    `history_count_fields` (counts of people kept whole on the record, such as the values stored when a period was
    approved: small counts among them would show exactly)."""
    if not values:
        return values
    hidden = personal_field_names(model) | set(getattr(model, "history_count_fields", ()))
    return {k: (None if k in hidden and v is not None else v) for k, v in values.items()}


def shown_history(entries, model, with_personal, label=None):
    """The entries as shown: unchanged, or without actor, reason and links to people. `label`: the record's text
    as the user may read it, in place of the text each entry kept (which may name a person: record_label)."""
    if with_personal and label is None:
        return entries
    out = []
    for entry in entries:
        if label is not None:
            entry.object_repr = label
        if not with_personal:
            entry.actor_name = HIDDEN
            entry.actor_id = None
            entry.reason = ""
            entry.before = redact_values(model, entry.before)
            entry.after = redact_values(model, entry.after)
        out.append(entry)
    return out


# ------------------------------------------------------------------ exports
def shown_rows(user, model, header, queryset, rows):
    """Export rows with links to records the user may not see blanked (ids of people included)."""
    linked = []
    for index, name in enumerate(header):
        try:
            field = model._meta.get_field(name)
        except Exception:
            continue
        if field.is_relation and field.related_model is not None and not sees_all(user, field.related_model):
            linked.append((index, field))
    if not linked:
        return rows
    from .tabular import LIST_SEPARATOR

    for index, field in linked:
        values = set()
        for row in rows:
            cell = row[index]
            if cell in ("", None):
                continue
            parts = str(cell).split(LIST_SEPARATOR) if field.many_to_many else [cell]
            values.update(str(p).strip() for p in parts)
        pk_field = field.related_model._meta.pk
        try:
            keys = [pk_field.to_python(v) for v in values]
        except Exception:
            keys = []
        seen = {str(k) for k in visible_ids(user, field.related_model, keys)}
        for row in rows:
            cell = row[index]
            if cell in ("", None):
                continue
            if field.many_to_many:
                row[index] = LIST_SEPARATOR.join(p for p in str(cell).split(LIST_SEPARATOR) if p.strip() in seen)
            elif str(cell) not in seen:
                row[index] = ""
    return rows


class _RedactedHistory:
    """A lazily sliced change log whose entries come as shown_history gives them (for Paginator and the API)."""

    def __init__(self, entries, model, with_personal=False, label=None):
        self.entries, self.model, self.with_personal, self.label = entries, model, with_personal, label

    def count(self):
        return self.entries.count()

    def __len__(self):
        return self.count()

    def _shown(self, rows):
        return shown_history(rows, self.model, self.with_personal, self.label)

    def __iter__(self):
        return iter(self._shown(list(self.entries)))

    def __getitem__(self, item):
        rows = self.entries[item]
        if isinstance(item, slice):
            return self._shown(list(rows))
        return self._shown([rows])[0]


def history_for(user, obj):
    """The change log of `obj` as `user` may read it (callers first check the "history" action)."""
    from .changelog import history
    from .scoping import history_shows_personal

    entries = history(obj)
    label = record_label(user, obj)
    label = None if label == str(obj) else label
    with_personal = history_shows_personal(user, obj)
    if with_personal and label is None:
        return entries
    return _RedactedHistory(entries, type(obj), with_personal, label)

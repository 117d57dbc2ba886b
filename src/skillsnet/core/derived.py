"""Derived data (results aggregates, the search index, ...) kept in step by explicit post-write steps.

Model signals miss deletes that set links to NULL, bulk writes, raw loads and restores; so every writer
calls `after_write` itself, inside its own transaction, once per write or once per batch:

    derived.after_write(Participation, [p.pk], "update", before={p.pk: snapshot_before})
    derived.after_write(Organisation, pks, "import")            # a bulk import commit, one call

core.services calls it for every create / update / delete; app services that write models directly
(merges, bulk writes, imports, restore) call it themselves. Apps register their steps in
`AppConfig.ready()`:

    derived.register("people.participation", steps.participations_changed)

A step is `step(model, pks, action, before)`: `pks` the primary keys written, `action` one of
"create", "update", "delete", "bulk", `before` a {pk: snapshot dict} of the rows before the write
where the writer had it (always for update and delete through core.services), else {}.
core imports no domain app: the steps live in the apps that own the derived tables.
"""
from collections import defaultdict

_STEPS = defaultdict(list)  # model label ("app.model") -> [step]
_REBUILDS = []  # functions that recompute a derived table whole (after a restore or a raw load)
_ANY = []  # steps run after a write of any model (values kept under a version of all data: core.keep)


def register(label, step):
    """Run `step` after every write of the model `label` ("app_label.modelname")."""
    label = label.lower()
    if step not in _STEPS[label]:
        _STEPS[label].append(step)


def register_any(step):
    """Run `step` after every write of every model (before the model's own steps)."""
    if step not in _ANY:
        _ANY.append(step)


def register_rebuild(function):
    """`function()` recomputes derived data whole; `rebuild_all()` (a restore) calls it."""
    if function not in _REBUILDS:
        _REBUILDS.append(function)


def rebuild_all():
    for function in list(_REBUILDS):
        function()


def steps_for(model):
    return list(_STEPS.get(model._meta.label_lower, ()))


def prepare(model, objs, action):
    """Work a step can do from the objects in memory before the write transaction opens (a bulk import keeps its
    transaction short): {step: prepared}. A step offers it as `step.prepare(model, objs, action)` and then takes
    `prepared=` (the objects have their primary keys by the time the step runs)."""
    out = {}
    for step in steps_for(model):
        function = getattr(step, "prepare", None)
        if function is not None:
            value = function(model, objs, action)
            if value is not None:
                out[step] = value
    return out


def after_write(model, pks, action, *, before=None, prepared=None, objs=None, early=None):
    """Bring every derived table in line with a write of `pks` of `model` (call inside the write's transaction).
    `objs`: the objects written, as saved (core.services passes the one it wrote): a step whose `prepare` reads
    only the objects' own fields (marked `prepare.from_objects = True`) takes them from memory instead of reading
    the rows back. `early`: True runs only the steps that write copies onto the written rows themselves (marked
    `step.early = True`: the scope a permission check then reads, people/scope.py), False every other step — a
    writer that must check the rows' scope before its other steps (an import on SQLite, whose other steps follow
    the commit) calls both; None (the usual) runs them all in the order they were registered."""
    pks = [pk for pk in pks if pk is not None]
    if not pks:
        return
    if objs is not None and action != "delete":
        prepared = dict(prepared or {})
        for step in steps_for(model):
            function = getattr(step, "prepare", None)
            if step not in prepared and getattr(function, "from_objects", False):
                prepared[step] = function(model, objs, action)
    if early is not True:
        for step in _ANY:
            step(model, pks, action, before or {})
    for step in steps_for(model):
        if early is not None and bool(getattr(step, "early", False)) != early:
            continue
        if prepared and step in prepared:
            step(model, pks, action, before or {}, prepared=prepared[step])
        else:
            step(model, pks, action, before or {})


def delete_with_dependants(obj):
    """Delete `obj` as `obj.delete()` does and bring derived tables in line with EVERY row the database changed
    with it: rows deleted in cascade and links set to NULL (on_delete=CASCADE / SET_NULL) run no step of their
    own, so they are collected before the delete and reported after it. Call inside the writer's transaction;
    the caller reports `obj` itself."""
    from django.db import router
    from django.db.models.deletion import Collector

    from .changelog import snapshot

    model = type(obj)
    collector = Collector(using=router.db_for_write(model, instance=obj), origin=obj)
    collector.collect([obj])
    effects = []
    for dependant, instances in collector.data.items():
        rows = [i for i in instances if not (dependant is model and i.pk == obj.pk)]
        if rows and steps_for(dependant):
            effects.append((dependant, [r.pk for r in rows], "delete", {r.pk: snapshot(r) for r in rows}))
    for qs in collector.fast_deletes:
        if steps_for(qs.model):
            rows = list(qs.model._base_manager.filter(pk__in=qs.values("pk")))
            if rows:
                effects.append((qs.model, [r.pk for r in rows], "delete", {r.pk: snapshot(r) for r in rows}))
    for (field, _value), groups in collector.field_updates.items():
        if not steps_for(field.model):
            continue
        pks = []
        for group in groups:
            pks += list(group.values_list("pk", flat=True)) if hasattr(group, "values_list") else [o.pk for o in group]
        if pks:
            effects.append((field.model, pks, "update", {}))
    result = collector.delete()
    for dependant, pks, action, before in effects:
        after_write(dependant, pks, action, before=before)
    return result

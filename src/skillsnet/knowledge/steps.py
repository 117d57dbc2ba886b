"""Keep the search index in step with the records: explicit post-write steps registered with core.derived
(no model signals, which miss deletes that set links to NULL, bulk writes and raw loads). Every writer calls
`derived.after_write` inside its transaction; these steps (re)index the written objects, remove deleted ones,
and reindex the object a related row describes (an agreement's parties, an activity's organisations, a
person's titles). Raw loads (backup restore) run `skillsnet reindex`."""
from django.apps import apps
from django.db import transaction

from . import search

CHUNK = 500


BULK = 50  # from this many objects on, one delete and one bulk insert per chunk instead of one upsert each


def _index_many(spec, model, pks):
    """Set-based (re)indexing of many objects (an import commit): delete their entries, insert the new ones."""
    from django.contrib.contenttypes.models import ContentType

    from .models import SearchEntry

    ct = ContentType.objects.get_for_model(model)
    for i in range(0, len(pks), CHUNK):
        part = pks[i:i + CHUNK]
        SearchEntry.objects.filter(content_type=ct, object_id__in=part).delete()
        SearchEntry.objects.bulk_create([SearchEntry(content_type=ct, object_id=obj.pk, **search.entry_data(spec, obj))
                                         for obj in model._default_manager.filter(pk__in=part)])


def _prepare(spec):
    """Search entries computed from the objects in memory BEFORE the write transaction opens (an import commit
    on SQLite must hold the write lock briefly), ready to insert; None when they cannot be computed so."""
    def prepare(model, objs, action):
        from django.contrib.contenttypes.models import ContentType

        from skillsnet.core.imports_bulk import prepare_dicts

        from .models import SearchEntry

        if any(obj.pk is None for obj in objs):
            return None
        try:
            ct = ContentType.objects.get_for_model(model)
            entries = [{"content_type_id": ct.pk, "object_id": obj.pk, **search.entry_data(spec, obj)}
                       for obj in objs]
            return PreparedEntries(ct, [obj.pk for obj in objs], prepare_dicts(SearchEntry, entries))
        except Exception:  # noqa: BLE001 - e.g. a spec that reads related rows of a record not saved yet
            return None
    return prepare


class PreparedEntries:
    """Search entries ready to insert for objects whose primary keys are known (in the objects' order)."""

    def __init__(self, ct, pks, rows):
        self.ct, self.pks, self.rows = ct, pks, rows

    def slice(self, start, stop):  # the writer may commit a large batch in several short transactions
        return PreparedEntries(self.ct, self.pks[start:stop], self.rows.slice(start, stop))


def _write_prepared(model, action, prepared):
    from skillsnet.core.imports_bulk import write_rows

    from .models import SearchEntry

    ct, pks, rows = prepared.ct, prepared.pks, prepared.rows
    if action != "create":  # a new record has no entry yet
        for i in range(0, len(pks), CHUNK):
            SearchEntry.objects.filter(content_type=ct, object_id__in=pks[i:i + CHUNK]).delete()
    write_rows(rows)


def _indexed_step(spec):
    def step(model, pks, action, before, prepared=None):
        if prepared is not None and action != "delete":
            try:
                with transaction.atomic():
                    _write_prepared(model, action, prepared)
                return
            except Exception:  # noqa: BLE001 - the search index must never block a write: the usual way below
                search.log.exception("writing prepared index entries of %s failed", model)
        if action == "delete":
            for pk in pks:
                search.safe_unindex(model, pk)
            return
        pks = list(pks)
        if len(pks) >= BULK:
            try:
                with transaction.atomic():
                    _index_many(spec, model, pks)
                return
            except Exception:  # noqa: BLE001 - the search index must never block a write: one by one below
                search.log.exception("bulk indexing of %s failed", model)
        for i in range(0, len(pks), CHUNK):
            found = model._default_manager.filter(pk__in=pks[i:i + CHUNK])
            seen = set()
            for obj in found:
                seen.add(obj.pk)
                search.safe_index(obj)
            for pk in set(pks[i:i + CHUNK]) - seen:  # gone meanwhile
                search.safe_unindex(model, pk)
    step.prepare = _prepare(spec)
    return step


def _related_step(parent_label, attr):
    def step(model, pks, action, before):
        parents = {b.get(attr) for b in before.values() if b and b.get(attr) is not None}
        parents |= set(model._default_manager.filter(pk__in=list(pks)).values_list(attr, flat=True))
        parent = apps.get_model(parent_label)
        for obj in parent._default_manager.filter(pk__in=[p for p in parents if p is not None]):
            search.safe_index(obj)
    return step


def register():
    from skillsnet.core import derived

    for spec in search.specs():
        derived.register(spec.label, _indexed_step(spec))
        for related_label, attr in spec.related:
            try:
                apps.get_model(related_label)
            except LookupError:
                continue
            derived.register(related_label, _related_step(spec.label, attr))

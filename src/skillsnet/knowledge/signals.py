"""Keep the search index up to date: post_save / post_delete / m2m_changed of the indexed models, and of
the rows that change what an indexed object says (an agreement's parties, an activity's organisations)."""
from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import search

_connected = False


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        search.safe_index(instance)


def _on_delete(sender, instance, **kwargs):
    search.safe_unindex(sender, instance.pk)


def _on_m2m(sender, instance, action, reverse=False, model=None, pk_set=None, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search.safe_index(instance)
    elif pk_set:
        indexed = search.spec_for(model)
        if indexed is not None:
            for obj in model._default_manager.filter(pk__in=pk_set):
                search.safe_index(obj)


def _related_handler(parent_label, attr):
    def handler(sender, instance, raw=False, **kwargs):
        if raw:
            return
        pk = getattr(instance, attr, None)
        if pk is None:
            return
        model = apps.get_model(parent_label)
        obj = model._default_manager.filter(pk=pk).first()
        if obj is not None:
            search.safe_index(obj)
    return handler


_handlers = []  # keep references: signals hold weak references by default


def connect():
    global _connected
    if _connected:
        return
    _connected = True
    for spec in search.specs():
        model = spec.model
        post_save.connect(_on_save, sender=model, dispatch_uid=f"knowledge-index-{spec.label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"knowledge-unindex-{spec.label}")
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(_on_m2m, sender=m2m.remote_field.through,
                                dispatch_uid=f"knowledge-m2m-{spec.label}-{m2m.name}")
        for related_label, attr in spec.related:
            try:
                related = apps.get_model(related_label)
            except LookupError:
                continue
            handler = _related_handler(spec.label, attr)
            _handlers.append(handler)
            post_save.connect(handler, sender=related, dispatch_uid=f"knowledge-rel-save-{related_label}")
            post_delete.connect(handler, sender=related, dispatch_uid=f"knowledge-rel-delete-{related_label}")

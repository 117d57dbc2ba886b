"""The change log: one mechanism for every model, inside or outside a web request.

A request (middleware), a CLI command, an import job or the demo loader opens a
`change_context(source=..., request_id=...)`; `record_change` reads it.
"""
import contextlib
import contextvars
import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from .models import ChangeLogEntry

_context = contextvars.ContextVar("skillsnet_change_context", default=None)


@contextlib.contextmanager
def change_context(source, request_id=None):
    token = _context.set({"source": source, "request_id": request_id or uuid.uuid4().hex})
    try:
        yield _context.get()
    finally:
        _context.reset(token)


def current_context():
    return _context.get() or {"source": "system", "request_id": ""}


def _json_value(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, FieldFile) or (hasattr(value, "name") and hasattr(value, "url")):  # FieldFile
        return value.name or None
    return value


def snapshot(obj):
    """A JSON-safe dict of the object's concrete fields and many-to-many ids."""
    if obj is None:
        return None
    data = {}
    derived = getattr(obj, "derived_fields", ())
    for field in obj._meta.concrete_fields:
        if field.name == "search_text" or field.name in derived:  # derived from other data, not a change of its own
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(_json_value(v) for v in getattr(obj, field.name).values_list("pk", flat=True))
    return data


def record_change(actor, obj, action, before, after, *, reason="", object_id=None):
    ctx = current_context()
    actor = actor if getattr(actor, "is_authenticated", False) else None
    from .scoping import forget_row_answers

    forget_row_answers()  # a record changed: what this request knew about single rows may no longer hold
    return ChangeLogEntry.objects.create(
        actor=actor,
        actor_name=(actor.get_username() if actor else "system")[:150],
        action=action,
        content_type=ContentType.objects.get_for_model(obj._meta.model, for_concrete_model=False),
        object_id=str(object_id if object_id is not None else obj.pk),
        object_repr=str(obj)[:300],
        before=before,
        after=after,
        source=ctx["source"],
        request_id=ctx["request_id"] or "",
        reason=reason or "",
    )


def history(obj):
    ct = ContentType.objects.get_for_model(obj._meta.model, for_concrete_model=False)
    return ChangeLogEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")

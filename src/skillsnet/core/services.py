"""Generic writes: every create, update and delete of every model goes through these.

Each takes the acting user explicitly, runs in one transaction (run again from the start when it loses a deadlock
or lock wait to another writer and is not nested in a caller's transaction: core.retry), checks permission with
accounts.rules, validates (full_clean), enforces optimistic locking, and writes one change-log
entry. Domain apps wrap them in their own services.py with literal names
(e.g. directory.services.update_organisation) and add their own rules.
"""
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .scoping import can, for_user, restrict

from . import derived
from .changelog import history, record_change, snapshot
from .errors import StaleEdit
from .retry import first_block, retry_conflicts


class NotFound(ObjectDoesNotExist):
    pass


def _split(model, data):
    """Separate many-to-many values (set after saving) from plain field values."""
    plain, m2m = {}, {}
    for name, value in data.items():
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            raise ValidationError({name: _("Unknown field.")})
        if field.many_to_many:
            m2m[name] = value
        elif field.auto_created and not field.concrete:
            raise ValidationError({name: _("This field cannot be set here.")})
        elif not field.editable and name != "version":
            raise ValidationError({name: _("This field cannot be changed.")})
        else:
            plain[field.name] = value
    return plain, m2m


def _apply(obj, plain):
    for name, value in plain.items():
        setattr(obj, name, value)


def _save(obj, m2m, exclude_unique=False):
    obj.full_clean()
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)


def split_links(model, values):
    """(plain, many-to-many) values of a row, for check_links."""
    plain, m2m = {}, {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        (m2m if field.many_to_many else plain)[name] = value
    return plain, m2m


def check_links(actor, model, plain, m2m, current=None, derived_links=()):
    """A write may link only records its author may see (a focal point cannot attach any person by id).

    `derived_links` names fields whose values a service derived itself from a record the actor may see (the
    person of an application a company moves to hired): they are not the actor's choice and are not checked.
    Only services pass it, never with names taken from user input."""
    errors = {}
    for name, value in [*plain.items(), *m2m.items()]:
        if name in derived_links:
            continue
        field = model._meta.get_field(name)
        if not field.is_relation or field.related_model is None or value in (None, "", [], ()):
            continue
        if field.related_model._meta.app_label == "contenttypes":
            continue
        values = list(value) if field.many_to_many else [value]
        keys = {_linked_key(v) for v in values}
        if isinstance(actor, field.related_model):  # the author themself (created_by, submitted_by)
            keys.discard(actor.pk)
        if current is not None:  # links the record already had are not new
            if field.many_to_many:
                keys -= set(getattr(current, name).values_list("pk", flat=True))
            else:
                keys -= {getattr(current, field.attname)}
        if not keys:
            continue
        target = field.related_model
        to_field = field.target_field.attname if not field.many_to_many else target._meta.pk.attname
        try:
            seen = set(for_user(target, actor, "view").filter(**{f"{to_field}__in": keys})
                       .values_list(to_field, flat=True))
        except (ValueError, TypeError, ValidationError):
            seen = set()
        if {str(k) for k in keys} - {str(k) for k in seen}:
            errors[name] = _("No such %(object)s, or it is outside what you may see.") % {
                "object": target._meta.verbose_name}
    if errors:
        raise ValidationError(errors)


def _linked_key(value):
    return value.pk if isinstance(value, models.Model) else value


def check_organisation_links(actor, model, plain, current=None):
    """Links that say who did a record, and links that hang a record under another, need the consent of whoever
    keeps the record on the other end (the author may `change` it), not just that the author may see it:

    - `model.attribution_links` (an activity's host, a programme's lead): setting one, or taking it away from
      the organisation it names, needs "change" on that organisation — a focal point names only its own
      institution there, and cannot move another institution's activity to itself or to anyone else;
    - `model.parent_links` (an organisation's role in an activity, a site of a programme, a follow-up action):
      adding such a row to a record, or moving one to another record, needs "change" on that record — a row
      that names the author's institution would otherwise widen the record's scope to it (its roles make an
      activity the author's to edit) or put the author's rows on another institution's page.
    Other links to organisations (partners, an owner of a follow-up, an affiliation) name them freely."""
    errors = {}
    checks = [(name, "attribution") for name in getattr(model, "attribution_links", ())] + \
             [(name, "parent") for name in getattr(model, "parent_links", ())]
    for name, kind in checks:
        if name not in plain:
            continue
        field = model._meta.get_field(name)
        new = _linked_key(plain[name])
        old = getattr(current, field.attname) if current is not None else None
        if new in ("", None):
            new = None
        if current is not None and str(new) == str(old):
            continue
        keys = {k for k in ((new, old) if kind == "attribution" else (new,)) if k is not None}
        if not keys:
            continue
        target = field.related_model
        try:
            kept = {str(k) for k in for_user(target, actor, "change").filter(pk__in=keys).values_list("pk", flat=True)}
        except (ValueError, TypeError, ValidationError):
            kept = set()
        if {str(k) for k in keys} <= kept:
            continue
        if kind == "attribution":
            errors[name] = _("Only those who keep an organisation may name it as %(field)s, or take a record away "
                             "from it; ask the secretariat or that organisation's focal point.") % {
                "field": field.verbose_name}
        else:
            errors[name] = _("Only those who keep this %(object)s may add records to it; ask the secretariat or "
                             "its host.") % {"object": target._meta.verbose_name}
    if errors:
        raise ValidationError(errors)


def _check_still_in_scope(actor, obj, action):
    # Evaluated after the write, inside the transaction, so it covers every kind of scope path
    # (a focal point may not move a record to another institution). Where the policy gives the rows back
    # unfiltered (the secretariat may `action` every row), the row just written is in scope: nothing to read.
    written = type(obj)._default_manager.filter(pk=obj.pk)
    scoped = restrict(written, actor, action)
    if scoped is not written and not scoped.exists():
        raise PermissionDenied(_("You may not %(action)s this %(object)s here: it is outside your scope.")
                               % {"action": _(action), "object": obj._meta.verbose_name})


def last_change_for(actor, obj):
    """The record's last change, for a refused stale edit to say who made it and when — None (the message then
    names no one) unless `actor` reads the record's history with its actors."""
    from .scoping import history_shows_personal

    return history(obj).first() if history_shows_personal(actor, obj) else None


def get_for(actor, model, pk, action):
    """The object, if the actor may do `action` on it; NotFound or PermissionDenied otherwise."""
    visible = restrict(model._default_manager.all(), actor, "view")
    try:
        obj = visible.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise NotFound(_("%(object)s %(pk)s not found.") % {"object": model._meta.verbose_name, "pk": pk})
    if action != "view" and not can(actor, action, obj):
        raise PermissionDenied(_("You may not %(action)s this %(object)s.")
                               % {"action": _(action), "object": model._meta.verbose_name})
    return obj


@retry_conflicts
def create_object(actor, model, data, *, reason="", before_save=None, derived_links=()):
    """Create a record. `derived_links`: fields of `data` whose linked records the calling service derived from
    a record the actor may see (see check_links); never names that came from user input."""
    if not can(actor, "add", model):
        raise PermissionDenied(_("You may not add a %(object)s.") % {"object": model._meta.verbose_name})
    plain, m2m = _split(model, data)
    plain.pop("version", None)
    check_links(actor, model, plain, m2m, derived_links=frozenset(derived_links))
    check_organisation_links(actor, model, plain)
    with transaction.atomic(savepoint=not first_block()):  # the attempt's own block (core.retry)
        obj = model(**plain)
        if before_save:
            before_save(obj)
        _save(obj, m2m)
        record_change(actor, obj, "create", None, snapshot(obj), reason=reason)
        derived.after_write(model, [obj.pk], "create", objs=[obj])
        # after the steps: a scope copied onto the row (people/scope.py) is written by them; a refusal rolls back all
        _check_still_in_scope(actor, obj, "add")
    return obj


@retry_conflicts
def update_object(actor, model, pk, changes, *, expected_version, reason="", before_save=None, action="update"):
    plain, m2m = _split(model, changes)
    plain.pop("version", None)
    with transaction.atomic(savepoint=not first_block()):  # the attempt's own block (core.retry)
        obj = get_for(actor, model, pk, "change")
        obj = model._default_manager.select_for_update().get(pk=obj.pk)
        if expected_version is None:
            raise ValidationError({"version": _("The version you edited is required (optimistic locking).")})
        try:
            expected_version = int(expected_version)
        except (TypeError, ValueError):
            raise ValidationError({"version": _("The version must be a whole number.")})
        if obj.version != expected_version:
            raise StaleEdit(obj, expected_version, last_change_for(actor, obj))
        check_links(actor, model, plain, m2m, current=obj)
        check_organisation_links(actor, model, plain, current=obj)
        before = snapshot(obj)
        _apply(obj, plain)
        if before_save:
            before_save(obj)
        obj.version += 1
        _save(obj, m2m)
        after = snapshot(obj)
        if _differs(before, after):
            record_change(actor, obj, action, before, after, reason=reason)
            derived.after_write(model, [obj.pk], "update", before={obj.pk: before}, objs=[obj])
        else:  # nothing changed: keep the version as it was
            type(obj)._default_manager.filter(pk=obj.pk).update(version=obj.version - 1)
            obj.version -= 1
        # after the steps: a scope copied onto the row (people/scope.py) is written by them; a refusal rolls back all
        _check_still_in_scope(actor, obj, "change")
    return obj


def _differs(before, after):
    skip = {"version", "updated_at"}
    return any(before.get(k) != after.get(k) for k in set(before) | set(after) if k not in skip)


@retry_conflicts
def delete_object(actor, model, pk, *, expected_version=None, reason=""):
    """Delete with optimistic locking: the version the actor saw is required (ValidationError without it,
    StaleEdit when the record changed since)."""
    with transaction.atomic(savepoint=not first_block()):  # the attempt's own block (core.retry)
        obj = get_for(actor, model, pk, "delete")
        if hasattr(obj, "version"):
            if expected_version in (None, ""):
                raise ValidationError({"version": _("The version of the record you are deleting is required "
                                                    "(optimistic locking).")})
            try:
                expected_version = int(expected_version)
            except (TypeError, ValueError, OverflowError):
                raise ValidationError({"version": _("The version must be a whole number.")})
            obj = model._default_manager.select_for_update().get(pk=obj.pk)
            if obj.version != expected_version:
                raise StaleEdit(obj, expected_version, last_change_for(actor, obj))
        before = snapshot(obj)
        object_id = obj.pk
        try:
            derived.delete_with_dependants(obj)  # cascades and links set to NULL reach the derived tables too
        except models.ProtectedError as exc:
            names = ", ".join(sorted({str(o._meta.verbose_name) for o in exc.protected_objects}))
            raise ValidationError(_("This %(object)s is still referenced by: %(names)s. Remove those first.")
                                  % {"object": model._meta.verbose_name, "names": names})
        record_change(actor, obj, "delete", before, None, reason=reason, object_id=object_id)
        derived.after_write(model, [object_id], "delete", before={object_id: before})
    return before

"""Bulk import of any registered model from CSV/XLSX: dry run, per-row errors, all-or-nothing commit.

An exported file (core.exporter) re-imports with zero changes: export and import share the columns
of the model's registration.
"""
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .scoping import can

from . import services
from .changelog import change_context
from .errors import StaleEdit
from .registry import config_for
from .tabular import Column, read_table


@dataclass
class RowError:
    row: int  # row number in the file, the header being row 1
    column: str
    reason: str

    def __str__(self):
        return _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": self.row, "column": self.column or "—", "reason": self.reason}


@dataclass
class RowPlan:
    row: int
    action: str  # create | update | unchanged
    pk: object = None
    changes: dict = field(default_factory=dict)  # field -> (before, after)
    values: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    model: object
    committed: bool = False
    job_id: str = ""
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def count(self, action):
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self):
        return {"create": self.count("create"), "update": self.count("update"),
                "unchanged": self.count("unchanged"), "errors": len(self.errors)}


def columns_for(model):
    config = config_for(model)
    names = config.io_columns or ["id", *config.fields]
    return [Column(model, n) for n in names]


def _error_messages(exc):
    if hasattr(exc, "message_dict"):
        return [(k if k != "__all__" else "", "; ".join(v)) for k, v in exc.message_dict.items()]
    return [("", "; ".join(exc.messages))]


def _comparable(value):
    if isinstance(value, list):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def _current(obj, column):
    if column.kind == "m2m":
        return list(getattr(obj, column.name).all())
    if column.kind == "fk":
        return getattr(obj, column.field.name)
    return getattr(obj, column.name)


def plan_import(actor, model, header, rows):
    """Validate every row and work out what would change. Touches nothing."""
    config = config_for(model)
    result = ImportResult(model=model)
    columns = {c.name: c for c in columns_for(model)}
    unknown = [h for h in header if h not in columns]
    required = [n for n, c in columns.items() if n != "id" and c.kind not in ("m2m", "list", "bool")
                and not c.field.blank and not c.field.has_default()]
    missing = [n for n in required if n not in header]
    duplicates = sorted({h for h in header if header.count(h) > 1})
    for name in unknown:
        result.errors.append(RowError(1, name, _("Unknown column. Expected columns: %(cols)s.")
                                      % {"cols": ", ".join(columns)}))
    for name in missing:
        result.errors.append(RowError(1, name, _("Required column is missing.")))
    for name in duplicates:
        result.errors.append(RowError(1, name, _("Column appears more than once.")))
    if result.errors:
        return result
    if not can(actor, "add", model) and not can(actor, "change", model):
        result.errors.append(RowError(1, "", _("You may not import %(what)s.")
                                      % {"what": model._meta.verbose_name_plural}))
        return result

    seen_ids, seen_keys = {}, {}
    for index, raw in enumerate(rows, start=2):
        cells = dict(zip(header, list(raw) + [None] * (len(header) - len(raw))))
        values, row_errors = {}, []
        for name, raw_value in cells.items():
            try:
                values[name] = columns[name].parse(raw_value)
            except ValidationError as exc:
                row_errors.append(RowError(index, name, "; ".join(exc.messages)))
        if row_errors:
            result.errors.extend(row_errors)
            continue
        pk = values.pop("id", None)
        existing = None
        if pk not in (None, ""):
            if pk in seen_ids:
                result.errors.append(RowError(index, "id", _("Same id as row %(row)s.") % {"row": seen_ids[pk]}))
                continue
            seen_ids[pk] = index
            existing = model._default_manager.for_user(actor, "view").filter(pk=pk).first()
            if existing is None:
                result.errors.append(RowError(index, "id", _("No %(what)s with id %(pk)s.")
                                              % {"what": model._meta.verbose_name, "pk": pk}))
                continue
        elif config.import_key and all(k in values for k in config.import_key):
            key = tuple(_comparable(values[k]) for k in config.import_key)
            if key in seen_keys:
                result.errors.append(RowError(index, config.import_key[0],
                                              _("Same %(key)s as row %(row)s.") % {
                                                  "key": ", ".join(config.import_key), "row": seen_keys[key]}))
                continue
            seen_keys[key] = index
            existing = model._default_manager.for_user(actor, "view").filter(
                **{k: values[k] for k in config.import_key}).first()

        if existing is not None:
            changes = {}
            for name, value in values.items():
                before = _current(existing, columns[name])
                if _comparable(before) != _comparable(value):
                    changes[name] = (before, value)
            action = "update" if changes else "unchanged"
            if action == "update" and not can(actor, "change", existing):
                result.errors.append(RowError(index, "", _("You may not change %(obj)s.") % {"obj": existing}))
                continue
            candidate = model._default_manager.get(pk=existing.pk)
            plan = RowPlan(index, action, existing.pk, changes, values)
        else:
            candidate = model()
            plan = RowPlan(index, "create", None, {n: (None, v) for n, v in values.items()}, values)
        try:  # links only to records the importer may see (names of others are never printed)
            services.check_links(actor, model, *services.split_links(model, values), current=existing)
        except ValidationError as exc:
            for column, message in _error_messages(exc):
                result.errors.append(RowError(index, column, message))
            continue
        for name, value in values.items():
            if columns[name].kind != "m2m":
                setattr(candidate, columns[name].field.name, value)
        try:
            candidate.full_clean(exclude=[n for n, c in columns.items() if c.kind == "m2m"])
        except ValidationError as exc:
            for column, message in _error_messages(exc):
                result.errors.append(RowError(index, column, message))
            continue
        result.rows.append(plan)
    return result


def run_import(actor, model, uploaded, filename, *, commit=False, reason=""):
    """Dry run (commit=False) or all-or-nothing import. Returns an ImportResult."""
    try:
        header, rows = read_table(uploaded, filename)
    except ValidationError as exc:
        result = ImportResult(model=model)
        result.errors.append(RowError(1, "", "; ".join(exc.messages)))
        return result
    result = plan_import(actor, model, header, rows)
    if not commit or not result.ok:
        return result
    config = config_for(model)
    job_id = f"import-{uuid.uuid4().hex[:12]}"
    result.job_id = job_id
    reason = reason or _("Import of %(file)s") % {"file": filename}
    try:
        with change_context("import", job_id), transaction.atomic():
            for plan in result.rows:
                try:
                    if plan.action == "create":
                        create = config.create or (lambda a, d, r: services.create_object(a, model, d, reason=r))
                        obj = create(actor, plan.values, reason)
                        plan.pk = obj.pk
                    elif plan.action == "update":
                        current = model._default_manager.get(pk=plan.pk)
                        changes = {n: after for n, (_b, after) in plan.changes.items()}
                        update = config.update or (lambda a, pk, c, v, r: services.update_object(
                            a, model, pk, c, expected_version=v, reason=r))
                        update(actor, plan.pk, changes, current.version, reason)
                except ValidationError as exc:
                    for column, message in _error_messages(exc):
                        result.errors.append(RowError(plan.row, column, message))
                except (PermissionDenied, StaleEdit, services.NotFound) as exc:
                    result.errors.append(RowError(plan.row, "", str(exc)))
            if result.errors:
                raise _Rollback()
    except _Rollback:
        return result
    result.committed = True
    return result


class _Rollback(Exception):
    pass


def export_rows(model, queryset):
    columns = columns_for(model)
    header = [c.name for c in columns]
    rows = [[c.export(obj) for c in columns] for obj in queryset]
    return header, rows

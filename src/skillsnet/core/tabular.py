"""Reading and writing tables (CSV and XLSX) with the columns a model registers for import/export."""
import csv
import datetime
import decimal
import functools
import io

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

LIST_SEPARATOR = "|"
# A cell beginning with one of these is a formula (or a DDE payload) for spreadsheet programs. Exports
# write such text with a leading apostrophe (also text already beginning with apostrophes before one of
# them); imports remove exactly one, so an exported file re-imports to the same values.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text safe for a spreadsheet cell: a formula-like start gets a leading apostrophe."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unneutralise(value):
    """Undo `neutralise` on a cell read from an import file."""
    if isinstance(value, str) and value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


class Column:
    """One column of an import/export file, bound to a model field."""

    def __init__(self, model, name):
        self.name = name
        self.field = model._meta.get_field("id" if name == "id" else name)

    @functools.cached_property
    def kind(self):  # the field is fixed: an import asks for every cell
        f = self.field
        if f.many_to_many:
            return "m2m"
        if f.many_to_one or f.one_to_one:
            return "fk"
        if isinstance(f, models.JSONField):
            return "list"
        if isinstance(f, models.BooleanField):
            return "bool"
        if isinstance(f, (models.IntegerField, models.AutoField, models.BigAutoField)):
            return "int"
        if isinstance(f, models.DecimalField):
            return "decimal"
        if isinstance(f, models.DateField):
            return "date"
        return "str"

    def export(self, obj):
        kind = self.kind
        if kind == "m2m":
            return LIST_SEPARATOR.join(str(pk) for pk in sorted(getattr(obj, self.name).values_list("pk", flat=True)))
        if kind == "fk":
            value = getattr(obj, self.field.attname)
            return "" if value is None else value
        value = getattr(obj, self.name)
        if kind == "list":
            return LIST_SEPARATOR.join(value or [])
        if kind == "bool":
            return "true" if value else "false"
        if value is None:
            return ""
        if kind == "date":
            return value.isoformat()
        if kind == "decimal":
            return str(value)
        if isinstance(value, FieldFile):  # an uploaded file: its stored name
            return value.name or ""
        return value

    def parse(self, raw):
        """Cell text → Python value for the field; ValidationError with a plain reason."""
        kind = self.kind
        text = "" if raw is None else (raw.isoformat() if isinstance(raw, (datetime.date, datetime.datetime)) else str(raw)).strip()
        if isinstance(raw, float) and raw.is_integer():
            text = str(int(raw))
        if kind == "m2m":
            keys = [k.strip() for k in text.split(LIST_SEPARATOR) if k.strip()]
            related = self.field.related_model
            found = {str(o.pk): o for o in related._default_manager.filter(pk__in=keys)}
            missing = [k for k in keys if k not in found]
            if missing:
                raise ValidationError(_("Unknown %(what)s: %(keys)s.") % {
                    "what": related._meta.verbose_name, "keys": ", ".join(missing)})
            return [found[k] for k in keys]
        if kind == "fk":
            if not text:
                if not self.field.null:
                    raise ValidationError(_("A value is required."))
                return None
            related = self.field.related_model
            lookup = text.upper() if related._meta.pk.name == "code" and len(text) <= 3 else text
            try:
                return related._default_manager.get(pk=lookup)
            except (related.DoesNotExist, ValueError, ValidationError):
                raise ValidationError(_("Unknown %(what)s: %(key)s.") % {
                    "what": related._meta.verbose_name, "key": text})
        if kind == "list":
            return [v.strip() for v in text.split(LIST_SEPARATOR) if v.strip()]
        if kind == "bool":
            lowered = text.lower()
            if lowered in ("true", "yes", "1", "y"):
                return True
            if lowered in ("false", "no", "0", "n", ""):
                return False
            raise ValidationError(_("Write true or false."))
        if kind == "int":
            if not text:
                return None
            try:
                return int(text)
            except ValueError:
                raise ValidationError(_("'%(value)s' is not a whole number.") % {"value": text})
        if kind == "decimal":
            if not text:
                return None
            try:
                return decimal.Decimal(text.replace(",", ""))
            except decimal.InvalidOperation:
                raise ValidationError(_("'%(value)s' is not a number.") % {"value": text})
        if kind == "date":
            if not text:
                return None
            try:
                return datetime.date.fromisoformat(text[:10])
            except ValueError:
                raise ValidationError(_("'%(value)s' is not a date (YYYY-MM-DD).") % {"value": text})
        if self.field.choices and text:
            valid = {str(k) for k, _v in self.field.flatchoices}
            if text not in valid:
                raise ValidationError(_("'%(value)s' is not one of: %(choices)s.") % {
                    "value": text, "choices": ", ".join(sorted(valid))})
        return text


def read_table(uploaded, filename):
    """(header, rows) from CSV or XLSX bytes. Rows are lists of cell values; raises ValidationError."""
    from . import uploads

    data = uploads.read_bytes(uploaded)
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        wb = uploads.open_workbook(data)
        try:
            ws = wb.worksheets[0]
            rows = [list(r) for r in ws.iter_rows(values_only=True)]
        except Exception:
            raise ValidationError(_("The file is not a readable XLSX workbook."))
        finally:
            wb.close()
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(_("The CSV file must be encoded as UTF-8."))
        try:
            rows = list(csv.reader(io.StringIO(text)))
        except csv.Error as exc:
            raise ValidationError(_("The CSV file cannot be read: %(error)s") % {"error": exc})
    else:
        raise ValidationError(_("Upload a .csv or .xlsx file."))
    rows = [[unneutralise(c) for c in r] for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return header, rows[1:]


def write_csv(header, rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(c) for c in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(header, rows, title="export"):
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([neutralise(c) for c in row])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.data_type == "f":
                cell.data_type = "s"  # text, never a formula
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()

"""Bulk import of any registered model from CSV/XLSX: column mapping, values by name, a preview that explains,
and a fast all-or-nothing commit.

    header, rows = read_upload(data, "ministry.csv")
    mapping = propose(actor, Organisation, header, source="Ministry list")   # {column index: field or ""}
    result = run_import(actor, Organisation, data, "ministry.csv", mapping=mapping)   # the dry run
    result = run_import(..., commit=True, decisions={5: "create"}, expected=result.expected())

The plan (dry run) reads the whole file, resolves every related value with one query per column, matches each
row to an existing record by id, by its natural key (exact name) or flags a near-duplicate (rapidfuzz, with its
score, never merged silently: the user decides per row), and lists every error of every row. The commit then
writes everything in one short transaction: bulk_create / bulk_update, the change log in bulk, one call of the
post-write steps (core/derived.py) per action. Everything is prepared before the transaction opens, so on SQLite
other writers wait for the write itself only. A record changed since the export (its version) or since the
preview is a conflict naming who changed it, and nothing is written.

An exported file (export_rows) re-imports with zero changes.
"""
import datetime
import decimal
import logging
import re
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, models, transaction
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone
from django.utils.translation import gettext as _

from .scoping import can, sees_all

from . import derived, services
from . import imports_spec as spec
from .changelog import _json_value, change_context, current_context
from .errors import StaleEdit
from .i18n import all_columns, pinned_language
from .models import ChangeLogEntry, ColumnMapping
from .registry import config_for
from .retry import rerun_on_conflict
from .tabular import LIST_SEPARATOR, Column, read_table
from .text import search_blob

CHUNK = 900  # pk__in lists (SQLite's variable limit on old versions)
FUZZY_THRESHOLD = 86
# Models whose per-row services add nothing to core.services' generic create/update: imported in bulk.
BULK_MODELS = {"directory.organisation", "directory.programme", "directory.facility", "directory.contact",
               "directory.membership", "people.person", "people.affiliation", "people.participation"}


# ---------------------------------------------------------------- results
@dataclass
class RowError:
    row: int  # row number in the file, the header being row 1
    column: str
    reason: str
    value: str = ""
    suggestion: str = ""

    def __str__(self):
        text = _("row %(row)s, column %(column)s: %(reason)s") % {
            "row": self.row, "column": self.column or "—", "reason": self.reason}
        if self.suggestion:
            text += " " + self.suggestion
        return text


@dataclass
class RowPlan:
    row: int
    action: str  # create | update | unchanged | conflict | duplicate | skip
    pk: object = None
    changes: dict = field(default_factory=dict)  # field -> (before, after)
    values: dict = field(default_factory=dict)
    matched: str = ""  # how the existing record was found: "id", "key", "email", "external_id", "fuzzy"
    match_label: str = ""  # the matched record, as the user sees it
    score: float = None
    reason: str = ""  # for conflicts and near-duplicates
    version: int = None
    candidate_pk: object = None  # near-duplicate: the record it may be
    obj: object = None  # the record as it will be saved (an update: a copy of the record with the changes)
    original: object = None  # an update: the record as it was read, before the changes (the change log's before)

    @property
    def diff(self):
        return [(name, _display(before), _display(after)) for name, (before, after) in self.changes.items()]


@dataclass
class ImportResult:
    model: object
    committed: bool = False
    job_id: str = ""
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    ignored: list = field(default_factory=list)  # headers of columns not imported
    mapping: dict = field(default_factory=dict)  # header -> field
    seconds: float = 0.0
    notes: list = field(default_factory=list)  # after a commit: what the user should still do

    @property
    def ok(self):
        return not self.errors

    def count(self, action):
        return sum(1 for r in self.rows if r.action == action)

    @property
    def summary(self):
        return {"create": self.count("create"), "update": self.count("update"),
                "unchanged": self.count("unchanged"), "conflict": self.count("conflict"),
                "duplicate": self.count("duplicate"), "skip": self.count("skip"), "errors": len(self.errors)}

    def expected(self):
        """What the preview showed, for the commit to hold to: {row: [action, pk, version]}."""
        return {r.row: [r.action, _pk_text(r), r.version] for r in self.rows}

    def as_dict(self):
        return {"summary": self.summary, "committed": self.committed, "ignored": self.ignored, "notes": self.notes,
                "errors": [{"row": e.row, "column": e.column, "value": e.value, "reason": e.reason,
                            "suggestion": e.suggestion} for e in self.errors[:1000]],
                "rows": len(self.rows)}


def _pk_text(plan):
    pk = plan.pk if plan.pk is not None else plan.candidate_pk
    return None if pk is None else str(pk)


def _display(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


# ---------------------------------------------------------------- reading and mapping
def read_upload(uploaded, filename):
    """(header, rows) of an uploaded CSV or XLSX file; ValidationError when it cannot be read."""
    return read_table(uploaded, filename)


def columns_for(model, *, export=False):
    config = config_for(model)
    names = list(config.io_columns or ["id", *config.fields])
    if export and any(f.name == "version" for f in model._meta.concrete_fields) and "version" not in names:
        names.append("version")
    return [Column(model, n) for n in names]


def saved_mapping(model, source=""):
    row = ColumnMapping.objects.filter(model_label=model._meta.label_lower, source=source or "").first()
    return row.mapping if row else {}


def propose(actor, model, header, source=""):
    """{column index: field name or ""} proposed for this header (the source's saved mapping first)."""
    return spec.propose_mapping(model, header, saved_mapping(model, source))


def save_mapping(actor, model, header, mapping, source=""):
    """Remember a confirmed mapping for the next file of this source (by normalised header)."""
    data = {spec.norm(h): mapping.get(i, "") for i, h in enumerate(header) if spec.norm(h)}
    ColumnMapping.objects.update_or_create(
        model_label=model._meta.label_lower, source=source or "",
        defaults={"mapping": data, "updated_by": actor if getattr(actor, "is_authenticated", False) else None})


def parse_map_options(model, header, options):
    """CLI `--map header=field` (or the lines of a --map FILE) -> {header: field}."""
    out = {}
    for option in options:
        if "=" not in option:
            raise ValidationError(_("Write a mapping as header=field, not %(value)s.") % {"value": option})
        h, f = option.split("=", 1)
        out[h.strip()] = f.strip()
    return out


def mapping_from_names(model, header, by_header, base=None):
    """Apply {header: field} (from the CLI or a form) over a proposed {index: field}."""
    mapping = dict(base or {})
    normal = {spec.norm(k): v for k, v in by_header.items()}
    for index, h in enumerate(header):
        if spec.norm(h) in normal:
            mapping[index] = normal[spec.norm(h)]
    return mapping


# ---------------------------------------------------------------- the plan
class _Plan:
    def __init__(self, actor, model, header, rows, mapping, decisions, progress):
        self.actor, self.model, self.header, self.rows = actor, model, header, rows
        self.config = config_for(model)
        self.label = model._meta.label_lower
        self.decisions = {int(k): v for k, v in (decisions or {}).items()}
        self.progress = progress or (lambda done, total, stage: None)
        self.result = ImportResult(model=model)
        allowed = set(spec.importable_fields(model, self.config)) | set(spec.HELPER_COLUMNS.get(self.label, {}))
        if mapping is None:
            mapping = spec.propose_mapping(model, header)
        mapping = {int(k): v for k, v in mapping.items()}
        self.fields = {}  # field -> column index
        for index, h in enumerate(header):
            target = mapping.get(index, "")
            if not target:
                if h:
                    self.result.ignored.append(h)
                continue
            if target not in allowed:
                self.result.errors.append(RowError(1, h, _("Unknown field %(field)s.") % {"field": target}))
                continue
            if target in self.fields:
                self.result.errors.append(RowError(1, h, _("Two columns are mapped to %(field)s.")
                                                   % {"field": target}))
                continue
            self.fields[target] = index
            self.result.mapping[h] = target
        self.columns = {n: Column(model, n) for n in self.fields if n not in spec.HELPER_COLUMNS.get(self.label, {})}
        if self.label == "people.participation" and "person" not in self.columns and \
                {"person_email", "person_external_id"} & set(self.fields):
            self.columns["person"] = Column(model, "person")  # found by the helper columns

    # -- cells
    def cell(self, raw_row, name):
        index = self.fields.get(name)
        if index is None or index >= len(raw_row):
            return ""
        value = raw_row[index]
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, (datetime.datetime, datetime.date)):
            return value.isoformat()[:10]
        return str(value).strip()

    def error(self, row, column, reason, value="", suggestion=""):
        header = self.header[self.fields[column]] if column in self.fields else column
        self.result.errors.append(RowError(row, header or column, reason, str(value)[:200], suggestion))

    # -- the whole plan
    def run(self):
        model, config, result = self.model, self.config, self.result
        required = [n for n in spec.importable_fields(model, config)
                    if n not in ("id", "version") and model._meta.get_field(n).concrete
                    and not model._meta.get_field(n).many_to_many
                    and not isinstance(model._meta.get_field(n), (models.BooleanField, models.JSONField))
                    and not model._meta.get_field(n).blank and not model._meta.get_field(n).has_default()]
        missing = [n for n in required if n not in self.fields and not self._found_otherwise(n)]
        for name in missing:
            result.errors.append(RowError(1, name, _("Required column is missing."),
                                          suggestion=_("Map one of the file's columns to %(field)s.")
                                          % {"field": name}))
        if result.errors:
            return result
        if not can(self.actor, "add", model) and not can(self.actor, "change", model):
            result.errors.append(RowError(1, "", _("You may not import %(what)s.")
                                          % {"what": model._meta.verbose_name_plural}))
            return result
        total = len(self.rows)
        self.progress(0, total, _("Reading values"))
        resolved = self.resolve_columns()
        self.progress(0, total, _("Matching records"))
        parsed = []  # (row number, values) of rows without errors so far
        # per column: (name, its index in the row, resolver or None, the outcomes of its distinct texts or None)
        plan = [(name, self.fields.get(name), resolved.get(name),
                 {} if name not in resolved and column.kind in _SCALAR_CACHED else None, column)
                for name, column in self.columns.items()]
        cell = self.cell
        for offset, raw in enumerate(self.rows):
            number = offset + 2
            values, ok = {}, True
            width = len(raw)
            for name, index, resolve, cache, column in plan:
                if index is None or index >= width:
                    text = ""
                else:
                    text = raw[index]
                    text = text.strip() if type(text) is str else cell(raw, name)
                if resolve is not None:
                    value = resolve(text, raw, number)
                    if value is _BAD:
                        ok = False
                        continue
                    values[name] = value
                    continue
                outcome = cache.get(text) if cache is not None else None
                if outcome is None:  # a column holds few distinct values: each is parsed once (same errors)
                    try:
                        outcome = (True, self.parse_scalar(column, text), None)
                    except ValidationError as exc:
                        outcome = (False, "; ".join(exc.messages), self.suggestion_for(column))
                    if cache is not None:
                        cache[text] = outcome
                ok_value, value, suggestion = outcome
                if ok_value:
                    values[name] = value
                else:
                    self.error(number, name, value, text, suggestion)
                    ok = False
            if ok:
                parsed.append((number, raw, values))
            if offset and offset % 5000 == 0:
                self.progress(offset, total, _("Reading values"))
        self.match(parsed)
        self.check_organisation_links(result.rows)
        self.progress(total, total, _("Checked"))
        return result

    def check_organisation_links(self, plans):
        """The links that say who did a record or hang it under another (services.check_organisation_links: an
        activity's host, an organisation's role in an activity …) hold in an import as in a form — the bulk path
        writes without the services: a row that breaks one is an error of that row, in the preview already."""
        if not (getattr(self.model, "attribution_links", ()) or getattr(self.model, "parent_links", ())):
            return
        for plan in plans:
            if plan.action == "create":
                plain, current = plan.values, None
            elif plan.action == "update":
                plain, current = {n: after for n, (_b, after) in plan.changes.items()}, plan.original
            else:
                continue
            try:
                services.check_organisation_links(self.actor, self.model, plain, current=current)
            except ValidationError as exc:
                for column, message in _error_messages(exc):
                    self.result.errors.append(RowError(plan.row, column, message))

    def _found_otherwise(self, name):
        if self.label == "people.participation" and name == "person":
            return bool({"person_email", "person_external_id"} & set(self.fields))
        return False

    def suggestion_for(self, column):
        f = column.field
        if f.choices:
            return _("One of: %(choices)s.") % {"choices": spec.choice_labels(self.model, f.name)}
        return ""

    def parse_scalar(self, column, text):
        f = column.field
        kind = column.kind
        if kind == "bool":
            key = spec.norm(text)
            if key in spec.TRUE_WORDS:
                return True
            if key in spec.FALSE_WORDS:
                return False
            raise ValidationError(_("Write true or false."))
        if f.choices and kind == "str":
            if not text:
                return f.get_default() if f.has_default() else ""
            value = spec.choice_index(self.model, f.name).get(spec.norm(text))
            if value is None:
                raise ValidationError(_("'%(value)s' is not one of the choices.") % {"value": text})
            return value
        if kind == "decimal" and text:
            text = re.sub(r"(?<=\d)[,\s](?=\d{3}\b)", "", text)
        if kind == "int" and text:
            text = re.sub(r"(?<=\d)[,\s](?=\d{3}\b)", "", text)
            if re.fullmatch(r"\d+\.0+", text):
                text = text.split(".")[0]
        return column.parse(text)

    # -- related values, one query per column
    def resolve_columns(self):
        out = {}
        for name, column in self.columns.items():
            if column.kind not in ("fk", "m2m"):
                continue
            related = column.field.related_model
            texts = set()
            index = self.fields.get(name)
            for raw in self.rows:
                if index is not None and index < len(raw) and raw[index] not in (None, ""):
                    cell = self.cell(raw, name)
                    if column.kind == "m2m":
                        texts.update(p.strip() for p in cell.split(LIST_SEPARATOR) if p.strip())
                    else:
                        texts.add(cell)
            out[name] = self.resolver(name, column, related, texts)
        return out

    def resolver(self, name, column, related, texts):
        label = related._meta.label_lower
        many = column.kind == "m2m"
        nullable = column.field.null or many
        if label == "directory.country":
            lookup = {t: spec.resolve_country(t) for t in texts}
            return self._simple(name, column, related, lookup, many, nullable, by_pk=True)
        if label == "directory.language":
            lookup = {t: spec.resolve_language(t) for t in texts}
            return self._simple(name, column, related, lookup, many, nullable, by_pk=True)
        if label == "directory.subdivision":
            return self._province(name, column, related, texts, nullable)
        if label == "people.person":
            return self._person(name, column, related, texts, nullable)
        return self._records(name, column, related, texts, many, nullable)

    def _instances(self, related, pks):
        found = {}
        pks = list(pks)
        for i in range(0, len(pks), CHUNK):
            for obj in self._scoped(related).filter(pk__in=pks[i:i + CHUNK]):
                found[obj.pk] = obj
        return found

    def _finish(self, name, column, lookup, many, nullable):
        """A per-row function from resolved {text: (instance, Problem)}."""
        def resolve(text, raw, number):
            if many:
                parts = [p.strip() for p in text.split(LIST_SEPARATOR) if p.strip()]
                values, bad = [], False
                for p in parts:
                    value, problem = lookup.get(p, (None, None))
                    if problem:
                        self.error(number, name, problem.reason, p, problem.suggestion)
                        bad = True
                    else:
                        values.append(value)
                return _BAD if bad else values
            if not text:
                if not nullable:
                    self.error(number, name, _("A value is required."))
                    return _BAD
                return None
            value, problem = lookup.get(text, (None, None))
            if problem:
                self.error(number, name, problem.reason, text, problem.suggestion)
                return _BAD
            return value
        return resolve

    def _simple(self, name, column, related, codes, many, nullable, by_pk):
        found = self._instances(related, {c for c, p in codes.values() if c})
        lookup = {t: ((found[c], None) if c in found else (None, p or spec.Problem(
            _("Unknown %(what)s: %(value)s.") % {"what": related._meta.verbose_name, "value": t})))
            for t, (c, p) in codes.items()}
        return self._finish(name, column, lookup, many, nullable)

    def _province(self, name, column, related, texts, nullable):
        country_index = self.fields.get("country")
        pairs = set()
        for raw in self.rows:
            text = self.cell(raw, name)
            if text:
                country = None
                if country_index is not None:
                    country, _p = spec.resolve_country(self.cell(raw, "country")) if self.cell(raw, "country") \
                        else (None, None)
                pairs.add((text, country))
        codes = {pair: spec.resolve_subdivision(*pair) for pair in pairs}
        found = self._instances(related, {c for c, p in codes.values() if c})

        def resolve(text, raw, number):
            if not text:
                return None
            country = None
            if country_index is not None and self.cell(raw, "country"):
                country, _p = spec.resolve_country(self.cell(raw, "country"))
            code, problem = codes[(text, country)]
            if problem:
                self.error(number, name, problem.reason, text, problem.suggestion)
                return _BAD
            return found[code]
        return resolve

    def _scoped(self, related):
        return related._default_manager.for_user(self.actor, "view")

    def _records(self, name, column, related, texts, many, nullable):
        """Related records by id, code, or any name, title, acronym or alias (exact, any case)."""
        lookup = {}
        qs = self._scoped(related)
        pk_field = related._meta.pk
        pk_texts = set()
        for t in texts:
            try:
                pk_texts.add(pk_field.to_python(t.upper() if isinstance(pk_field, models.CharField)
                                                and len(t) <= 3 else t))
            except ValidationError:
                pass
        by_pk = {}
        pk_list = list(pk_texts)
        for i in range(0, len(pk_list), CHUNK):
            for obj in qs.filter(pk__in=pk_list[i:i + CHUNK]):
                by_pk[str(obj.pk)] = obj
        name_fields = [f for f in ("name", "title") if _has_field(related, f)]
        by_name = defaultdict(dict)
        remaining = {t for t in texts if str(t) not in by_pk and str(t).upper() not in by_pk}
        if remaining and name_fields:
            candidates = qs
            if related._meta.label_lower != "directory.organisation" and len(remaining) < 5000:
                from django.db.models import Q

                q = Q()
                for f in name_fields:
                    for c in spec_columns(related, f):
                        q |= Q(**{f"{c}__in": list(remaining)})
                candidates = qs.filter(q) if len(remaining) <= CHUNK else qs
            for obj in candidates:
                names = obj.all_names() if hasattr(obj, "all_names") else [
                    getattr(obj, c) for f in name_fields for c in spec_columns(related, f)]
                for n in names:
                    if n:
                        by_name[spec.norm(n)][obj.pk] = obj
        for t in texts:
            obj = by_pk.get(str(t)) or by_pk.get(str(t).upper())
            if obj is not None:
                lookup[t] = (obj, None)
                continue
            hits = by_name.get(spec.norm(t), {})
            if len(hits) == 1:
                lookup[t] = (next(iter(hits.values())), None)
            elif len(hits) > 1:
                cands = [f"{o} (id {o.pk})" for o in hits.values()]
                lookup[t] = (None, spec.Problem(
                    _("'%(value)s' is ambiguous: it may be %(candidates)s.") % {"value": t,
                                                                               "candidates": "; ".join(cands)},
                    _("Write the id instead."), cands))
            else:
                lookup[t] = (None, spec.Problem(_("Unknown %(what)s: %(value)s.")
                                                % {"what": related._meta.verbose_name, "value": t},
                                                _("Write its id or its exact name.") if name_fields else ""))
        return self._finish(name, column, lookup, many, nullable)

    def _person(self, name, column, related, texts, nullable):
        """Persons by id, e-mail, external id, or name (with the person's organisation when names repeat)."""
        from django.db.models import Q

        qs = self._scoped(related)
        emails = {self.cell(r, "person_email").casefold() for r in self.rows} - {""}
        externals = {self.cell(r, "person_external_id") for r in self.rows} - {""}
        emails |= {t.casefold() for t in texts if "@" in t}
        numbers = [int(t) for t in texts if t.isdigit()]
        names = [t for t in texts if "@" not in t and not t.isdigit()]
        found = {}
        for values, make in [(numbers, lambda part: Q(pk__in=part)),
                             (list(emails), lambda part: Q(email__in=part)),
                             (list(externals), lambda part: Q(external_id__in=part) | Q(external_id__in=[
                                 p for p in part])),
                             (names, lambda part: _any_name_q(related, part))]:
            for i in range(0, len(values), 300):
                for obj in qs.filter(make(values[i:i + 300])).select_related("organisation"):
                    found[obj.pk] = obj
        by_email, by_external, by_name = defaultdict(list), defaultdict(list), defaultdict(list)
        for obj in found.values():
            if obj.email:
                by_email[obj.email.casefold()].append(obj)
            if obj.external_id:
                by_external[obj.external_id].append(obj)
            for n in obj.all_names():
                by_name[spec.norm(n)].append(obj)
        org_lookup = None
        if "person_organisation" in self.fields:
            org_texts = {self.cell(r, "person_organisation") for r in self.rows} - {""}
            org_lookup = self._org_names(org_texts)

        def resolve(text, raw, number):
            email = self.cell(raw, "person_email").casefold()
            external = self.cell(raw, "person_external_id")
            if external:
                hits = by_external.get(external, [])
                how, value = "person_external_id", external
            elif email or "@" in text:
                hits = by_email.get(email or text.casefold(), [])
                how, value = "person_email", email or text
            elif text.isdigit():
                hits = [found[int(text)]] if int(text) in found else []
                how, value = name, text
            elif text:
                hits = by_name.get(spec.norm(text), [])
                how, value = name, text
                org_text = self.cell(raw, "person_organisation") if org_lookup is not None else ""
                if org_text:
                    orgs = org_lookup.get(org_text, set())
                    hits = [p for p in hits if p.organisation_id in orgs]
            else:
                if not nullable:
                    self.error(number, name, _("A value is required."),
                               suggestion=_("Give the person's name, e-mail or external id."))
                    return _BAD
                return None
            if len(hits) == 1:
                return hits[0]
            if not hits:
                self.error(number, how, _("Unknown person: %(value)s.") % {"value": value}, value,
                           _("Import the person first, or give the e-mail or external id."))
                return _BAD
            cands = [f"{p} — {p.organisation or '—'} (id {p.pk})" for p in hits]
            self.error(number, how, _("'%(value)s' is ambiguous: it may be %(candidates)s.")
                       % {"value": value, "candidates": "; ".join(cands)}, value,
                       _("Add the person's organisation, e-mail or id."))
            return _BAD
        return resolve

    def _org_names(self, texts):
        Organisation = apps.get_model("directory", "Organisation")  # by label: core imports no app

        out = defaultdict(set)
        keys = {spec.norm(t): t for t in texts}
        for obj in self._scoped(Organisation).only("pk", "name", "name_zh_hans", "name_lo", "name_km", "name_id",
                                                   "acronyms", "aliases"):
            for n in obj.all_names():
                t = keys.get(spec.norm(n))
                if t is not None:
                    out[t].add(obj.pk)
        for t in texts:
            if t.isdigit():
                out[t].add(int(t))
        return out

    # -- matching rows to existing records
    def match(self, parsed):
        model, config, result = self.model, self.config, self.result
        changeable = None
        ids = {}
        for number, raw, values in parsed:
            pk = values.pop("id", None)
            if pk not in (None, ""):
                ids[number] = pk
        existing = {}
        id_list = list({str(v) for v in ids.values()})
        visible = model._default_manager.for_user(self.actor, "view").prefetch_related(*self.m2m_columns())
        for i in range(0, len(id_list), CHUNK):
            for obj in visible.filter(pk__in=id_list[i:i + CHUNK]):
                existing[str(obj.pk)] = obj
        key_index = self.key_index(parsed, ids)
        fuzzy = self.fuzzy_index(parsed, ids, key_index)
        seen_ids, seen_keys = {}, {}
        plans = []
        for number, raw, values in parsed:
            for helper in spec.HELPER_COLUMNS.get(self.label, {}):
                values.pop(helper, None)
            file_version = values.pop("version", None)
            obj, how, score, label = None, "", None, ""
            if number in ids:
                pk = str(ids[number])
                if pk in seen_ids:
                    self.error(number, "id", _("Same id as row %(row)s.") % {"row": seen_ids[pk]}, pk)
                    continue
                seen_ids[pk] = number
                obj = existing.get(pk)
                if obj is None:
                    self.error(number, "id", _("No %(what)s with id %(pk)s.")
                               % {"what": model._meta.verbose_name, "pk": pk}, pk,
                               _("Leave the id empty to add a new record."))
                    continue
                how = "id"
            else:
                key = self.row_key(values)
                if key is not None:
                    if key in seen_keys:
                        self.error(number, config.import_key[0] if config.import_key else "",
                                   _("Same %(key)s as row %(row)s.") % {
                                       "key": ", ".join(config.import_key), "row": seen_keys[key]})
                        continue
                    seen_keys[key] = number
                    hit = key_index.get(key)
                    if hit is not None:
                        obj, how = hit
            plan = RowPlan(number, "create", values=values)
            if obj is not None:
                plan.pk, plan.obj, plan.matched, plan.match_label = obj.pk, obj, how, str(obj)
                plan.version = getattr(obj, "version", None)
                if file_version not in (None, "") and plan.version is not None \
                        and int(file_version) != plan.version:
                    plan.action = "conflict"
                    plan.reason = _stale_message(obj, file_version)
                else:
                    plan.changes = self.diff(obj, values, by_id=(how == "id"))
                    plan.action = "update" if plan.changes else "unchanged"
            else:
                near = fuzzy(values)
                if near is not None:
                    candidate, score = near
                    plan.action = "duplicate"
                    plan.candidate_pk, plan.score, plan.match_label = candidate.pk, score, str(candidate)
                    plan.matched = "fuzzy"
                    plan.reason = _("May be the same as %(record)s (id %(pk)s, similarity %(score)s).") % {
                        "record": candidate, "pk": candidate.pk, "score": f"{score:.0f}"}
                    plan.obj = candidate
                    decision = self.decisions.get(number)
                    if decision == "update":
                        plan.pk, plan.version = candidate.pk, getattr(candidate, "version", None)
                        plan.changes = self.diff(candidate, values, by_id=False)
                        plan.action = "update" if plan.changes else "unchanged"
                    elif decision == "create":
                        plan.action = "create"
                        plan.obj = None
                    elif decision == "skip":
                        plan.action = "skip"
                if plan.action == "create":
                    # v not in (None, "", []) without comparing related records with "" and []
                    plan.changes = {n: (None, v) for n, v in values.items()
                                    if v is not None and not (isinstance(v, (str, list)) and not v)}
            if plan.action == "conflict" and self.decisions.get(number) == "skip":
                plan.action = "skip"
            plans.append(plan)
        # permissions, set-based
        to_change = [p.pk for p in plans if p.action == "update"]
        if to_change:
            changeable = set()
            allowed = model._default_manager.for_user(self.actor, "change")
            for i in range(0, len(to_change), CHUNK):
                changeable |= set(allowed.filter(pk__in=to_change[i:i + CHUNK]).values_list("pk", flat=True))
        if any(p.action == "create" for p in plans) and not can(self.actor, "add", model):
            self.result.errors.append(RowError(1, "", _("You may not add %(what)s.")
                                               % {"what": model._meta.verbose_name_plural}))
        # validation of the record as it would be saved
        exclude = set(self.clean_exclude())
        clean_cache = {}
        for plan in plans:
            if plan.action == "update" and plan.pk not in changeable:
                self.error(plan.row, "", _("You may not change %(obj)s.") % {"obj": plan.match_label})
                continue
            if plan.action in ("create", "update"):
                candidate = self.build(plan)
                try:
                    _full_clean(candidate, exclude, clean_cache)
                except ValidationError as exc:
                    for column, message in _error_messages(exc):
                        self.error(plan.row, column, message, self.cell(self.rows[plan.row - 2], column)
                                   if column in self.fields else "")
                    continue
                if plan.action == "update":
                    plan.original = plan.obj
                plan.obj = candidate
            result.rows.append(plan)

    def clean_exclude(self):
        # related values were resolved above (one query per column): Django's per-row existence check of each
        # foreign key would cost one query per row and cell
        return [f.name for f in self.model._meta.get_fields()
                if (f.many_to_many or f.many_to_one or f.one_to_one) and not f.auto_created] + ["search_text"]

    def build(self, plan):
        model = self.model
        setters = self.__dict__.get("_setters")
        if setters is None:
            setters = self._setters = {}
            self._blank = _blank_maker(model)
        if plan.action == "create":
            obj = self._blank()
            items = plan.values.items()
        else:
            obj = _copy(plan.obj)
            items = [(n, a) for n, (_b, a) in plan.changes.items()]
        for name, value in items:
            setter = setters[name] if name in setters else self._setter(name)
            if setter is not None:
                setter(obj, value)
        return obj

    def _setter(self, name):
        """A function (obj, value) setting the field `name` as setattr does; None for many-to-many."""
        f = self.model._meta.get_field(name)
        if f.many_to_many:
            setter = None
        else:
            setter = _fk_setter(self.model, f) or (lambda obj, value, attr=f.name: setattr(obj, attr, value))
        self._setters[name] = setter
        return setter

    def diff(self, obj, values, by_id):
        changes = {}
        name_columns = set(spec_columns(self.model, "name")) | set(spec_columns(self.model, "title"))
        known = {spec.norm(n) for n in obj.all_names()} if hasattr(obj, "all_names") else set()
        new_aliases = []
        for name, value in values.items():
            column = self.columns.get(name)
            if column is None:
                continue
            if not by_id and value in (None, "", []):
                continue  # an empty cell of a row matched by name keeps what is recorded
            if not by_id and name in name_columns and known:
                # matched by one of its names (an acronym, an alias, a near-duplicate the user chose to update):
                # the record keeps its name; a name it did not have yet becomes an alias
                if spec.norm(value) not in known and _has_field(self.model, "aliases"):
                    new_aliases.append(value)
                continue
            before = _current(obj, column, self.m2m_cache)
            if _comparable(before) != _comparable(value):
                changes[name] = (before, value)
        if new_aliases:
            before = list(changes["aliases"][1] if "aliases" in changes else (obj.aliases or []))
            changes["aliases"] = (list(obj.aliases or []), before + [a for a in new_aliases if a not in before])
        return changes

    def m2m_columns(self):
        return [n for n, c in self.columns.items() if c.kind == "m2m"]

    @property
    def m2m_cache(self):
        if not hasattr(self, "_m2m_cache"):
            self._m2m_cache = {}
        return self._m2m_cache

    def row_key(self, values):
        keys = self.__dict__.setdefault("_row_keys", {})  # by the row's values dict: asked up to three times a row
        slot = id(values)
        if slot in keys:
            key, held = keys[slot]
            if held is values:
                return key
        key = self._row_key(values)
        keys[slot] = (key, values)
        return key

    def _row_key(self, values):
        key_fields = self.config.import_key
        if not key_fields or not all(k in values for k in key_fields):
            return None
        key = []
        for k in key_fields:
            v = values[k]
            key.append(spec.norm(v) if isinstance(v, str) else _comparable(v))
        return tuple(key)

    def key_index(self, parsed, ids):
        """{row key: (existing record, how)} for every row without an id, in one pass over the candidates."""
        key_fields = self.config.import_key
        model = self.model
        rows = [values for number, raw, values in parsed if number not in ids]
        if not key_fields or not rows or not all(k in self.columns for k in key_fields):
            return {}
        wanted = {self.row_key(v) for v in rows} - {None}
        if not wanted:
            return {}
        qs = model._default_manager.for_user(self.actor, "view")
        fk_keys = [k for k in key_fields if self.columns[k].kind == "fk"]
        str_keys = [k for k in key_fields if self.columns[k].kind != "fk"]
        index = {}
        names_match = hasattr(model, "all_names") and str_keys and str_keys[0] in ("name", "title")
        if fk_keys and not names_match:
            values = sorted({_comparable(v[fk_keys[0]]) for v in rows if v.get(fk_keys[0]) is not None},
                            key=str)
            candidates = []
            qs = qs.select_related(*fk_keys).prefetch_related(*self.m2m_columns())
            for i in range(0, len(values), CHUNK):
                candidates += list(qs.filter(**{f"{fk_keys[0]}__in": values[i:i + CHUNK]}))
        elif names_match:
            candidates = []
            found = {}
            for light in self.light_candidates(rows):
                rest = [light.attrs[k] for k in key_fields[1:]]
                for n in light.names:
                    key = (spec.norm(n), *rest)
                    if key in wanted and key not in found:
                        found[key] = light.pk
            full = self.full_objects(set(found.values()))
            for key, pk in found.items():
                if pk in full:
                    index[key] = (full[pk], "name")
        else:
            values = sorted({spec.norm(v[str_keys[0]]) for v in rows if v.get(str_keys[0])})
            raw_values = sorted({v[str_keys[0]] for v in rows if v.get(str_keys[0])})
            candidates = []
            for i in range(0, len(raw_values), CHUNK):
                candidates += list(qs.filter(**{f"{str_keys[0]}__in": raw_values[i:i + CHUNK]}))
            del values
        for obj in candidates:
            if names_match:
                rest = [_key_value(obj, self.columns[k]) for k in key_fields[1:]]
                for n in obj.all_names():
                    key = (spec.norm(n), *rest)
                    if key in wanted:
                        index.setdefault(key, (obj, "name"))
            else:
                key = []
                for k in key_fields:
                    v = _key_value(obj, self.columns[k])
                    key.append(spec.norm(v) if isinstance(v, str) else v)
                key = tuple(key)
                if key in wanted:
                    index.setdefault(key, (obj, "key"))
        # people: also by e-mail and external id
        if self.label == "people.person":
            self._person_keys(rows, index)
        return index

    def _person_keys(self, rows, index):
        from django.db.models import Q

        emails = {v["email"].casefold() for v in rows if v.get("email")}
        externals = {v["external_id"] for v in rows if v.get("external_id")}
        if not emails and not externals:
            return
        qs = self.model._default_manager.for_user(self.actor, "view").filter(
            Q(email__in=list(emails)[:5000]) | Q(external_id__in=list(externals)[:5000]))
        by_email = {o.email.casefold(): o for o in qs if o.email}
        by_ext = {o.external_id: o for o in qs if o.external_id}
        for v in rows:
            key = self.row_key(v)
            hit = by_ext.get(v.get("external_id") or "") or by_email.get((v.get("email") or "").casefold())
            if hit is not None and key is not None:
                how = "external_id" if by_ext.get(v.get("external_id") or "") else "email"
                index[key] = (hit, how)

    def full_objects(self, pks):
        cache = self.__dict__.setdefault("_full", {})
        missing = [pk for pk in pks if pk not in cache]
        qs = self.model._default_manager.for_user(self.actor, "view").prefetch_related(*self.m2m_columns())
        for i in range(0, len(missing), CHUNK):
            for obj in qs.filter(pk__in=missing[i:i + CHUNK]):
                cache[obj.pk] = obj
        return {pk: cache[pk] for pk in pks if pk in cache}

    def light_candidates(self, rows):
        """(pk, every name, key columns) of the records a row may name: plain tuples, no model instances."""
        if hasattr(self, "_light"):
            return self._light
        model = self.model
        name_cols = spec_columns(model, "name")
        extra = [c for c in ("acronyms", "aliases") if _has_field(model, c)]
        keys = [k for k in self.config.import_key[1:]]
        group = {"directory.organisation": "country", "people.person": "organisation"}.get(self.label)
        attr_names = list(dict.fromkeys(keys + ([group] if group else [])))
        attnames = [model._meta.get_field(k).attname for k in attr_names]
        qs = self.candidates_queryset(rows)
        out = []
        for row in qs.values_list("pk", *name_cols, *extra, *attnames):
            names = [n for n in row[1:1 + len(name_cols)] if n]
            for lst in row[1 + len(name_cols):1 + len(name_cols) + len(extra)]:
                names += [n for n in (lst or []) if isinstance(n, str) and n]
            attrs = dict(zip(attr_names, row[1 + len(name_cols) + len(extra):]))
            out.append(_Light(row[0], names, attrs))
        self._light = out
        return out

    def candidates_queryset(self, rows):
        from django.db.models import Q

        qs = self.model._default_manager.for_user(self.actor, "view")
        if self.label == "people.person":
            orgs = {_comparable(v.get("organisation")) for v in rows}
            real = [o for o in orgs if o is not None]
            q = Q(organisation__isnull=True) if None in orgs else Q(pk__in=[])
            if real:
                q |= Q(organisation_id__in=real[:20000])
            return qs.filter(q)
        return qs

    def fuzzy_index(self, parsed, ids, key_index):
        """A function values -> (record, score) or None: a near-duplicate among the records of the same group
        (country for organisations, organisation for people) by every name and alias."""
        model = self.model
        if not hasattr(model, "all_names") or "name" not in self.columns:
            return lambda values: None
        from rapidfuzz import fuzz

        group_field = {"directory.organisation": "country", "people.person": "organisation"}.get(self.label)
        rows = [v for n, r, v in parsed if n not in ids and self.row_key(v) not in key_index]
        if not rows:
            return lambda values: None
        groups = defaultdict(list)  # group value -> [(normalised name, record id)]
        for light in self.light_candidates(rows):
            g = light.attrs.get(group_field) if group_field else None
            for n in light.names:
                groups[g].append((spec.norm_words(n), light.pk))
        # blocking: a name is compared only with names sharing one of its rarer words (not with every name)
        blocks = {}
        for g, choices in groups.items():
            tokens = defaultdict(list)
            for i, (text, _obj) in enumerate(choices):
                for token in set(text.split()):
                    tokens[token].append(i)
            blocks[g] = (choices, tokens, max(50, len(choices) // 20))
        if not blocks:  # no record to be near: no row's names need comparing
            return lambda values: None

        def candidates(g, words):
            if g not in blocks:
                return []
            choices, tokens, limit = blocks[g]
            found = set()
            for w in words:
                hit = tokens.get(w)
                if hit and len(hit) <= limit:
                    found.update(hit)
            return [choices[i] for i in found]

        def near(values):
            g = _comparable(values.get(group_field)) if group_field else None
            best = None
            for n in _row_names(values):
                n = spec.norm_words(n)
                if not n:
                    continue
                words = set(n.split())
                pool = candidates(g, words) + (candidates(None, words) if g is not None else [])
                for text, pk in pool:
                    score = fuzz.token_set_ratio(n, text)
                    if score < FUZZY_THRESHOLD or _numbers(text) != _numbers(n):
                        continue  # "School 12" and "School 13" are two schools
                    if best is None or score > best[1]:
                        best = (pk, score)
            if best is None:
                return None
            obj = self.full_objects([best[0]]).get(best[0])
            return (obj, best[1]) if obj is not None else None
        return near


_BAD = object()
# Column kinds whose parsed value is immutable and depends on the cell text only: parsed once per distinct text.
_SCALAR_CACHED = frozenset({"bool", "int", "decimal", "date", "str"})


class _Light:
    __slots__ = ("pk", "names", "attrs")

    def __init__(self, pk, names, attrs):
        self.pk, self.names, self.attrs = pk, names, attrs


def _row_names(values):
    names = [values.get(c) for c in _NAME_COLUMNS]
    names += list(values.get("aliases") or []) + list(values.get("acronyms") or [])
    return [n for n in names if n]


_NAME_COLUMNS = all_columns("name")


def _numbers(text):
    return set(re.findall(r"\d+", text))


def spec_columns(model, base):
    return [c for c in all_columns(base) if _has_field(model, c)]


def _any_name_q(model, names):
    from django.db.models import Q

    q = Q()
    for c in spec_columns(model, "name"):
        q |= Q(**{f"{c}__in": names})
    return q


def _has_field(model, name):
    try:
        model._meta.get_field(name)
        return True
    except Exception:  # noqa: BLE001
        return False


_IMMUTABLE_DEFAULTS = frozenset({str, int, bool, float, type(None), decimal.Decimal, datetime.date})


def _blank_maker(model):
    """A function making what `model()` makes (every concrete field at its default), without Model.__init__'s
    per-field work: the defaults that are the same immutable value every time are computed once per import.
    `model` itself when the model has its own __init__, init signals or a field with its own descriptor."""
    from django.db.models import Model
    from django.db.models.base import ModelState
    from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
    from django.db.models.query_utils import DeferredAttribute
    from django.db.models.signals import post_init, pre_init

    if model.__init__ is not Model.__init__ or pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model
    constants, calls = {}, []
    for f in model._meta.concrete_fields:
        if f.column is None or f.generated:
            continue
        descriptor = next((k.__dict__[f.attname] for k in model.__mro__ if f.attname in k.__dict__), None)
        if type(descriptor) not in (DeferredAttribute, ForeignKeyDeferredAttribute):
            return model
        if f.has_default() and callable(f.default) or f.db_default is not models.NOT_PROVIDED:
            calls.append((f.attname, f.get_default))
            continue
        value = f.get_default()
        if type(value) not in _IMMUTABLE_DEFAULTS:
            calls.append((f.attname, f.get_default))
            continue
        constants[f.attname] = value
    new = model.__new__

    def blank():
        obj = new(model)
        obj._state = ModelState()
        values = obj.__dict__
        values.update(constants)
        for attname, default in calls:
            values[attname] = default()
        return obj
    return blank


def _fk_setter(model, f):
    """setattr(obj, f.name, record) of a plain foreign key, with what Django's descriptor does for it when no
    database router is configured (the database of each side, the key, the cached record), without its router
    calls; None (use setattr) for anything else."""
    from django.conf import settings
    from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor

    descriptor = next((k.__dict__[f.name] for k in model.__mro__ if f.name in k.__dict__), None)
    if not (f.many_to_one and type(descriptor) is ForwardManyToOneDescriptor and len(f.related_fields) == 1
            and f.remote_field.multiple and not settings.DATABASE_ROUTERS):
        return None
    related = f.remote_field.model._meta.concrete_model
    attname, target = f.attname, f.related_fields[0][1].attname
    cache_name = f.cache_name
    fallback = descriptor.__set__

    def set_fk(obj, value):
        if value is None or type(value) is not related:
            return fallback(obj, value)
        state, other = obj._state, value._state
        if state.db is None:
            state.db = other.db or DEFAULT_DB_ALIAS
        if other.db is None:
            other.db = state.db
        if other.db != state.db:  # what the router refuses
            return fallback(obj, value)
        obj.__dict__[attname] = getattr(value, target)
        state.fields_cache[cache_name] = value
    return set_fk


def _copy(obj):
    clone = type(obj)()
    clone.__dict__.update({k: v for k, v in obj.__dict__.items() if k != "_state"})
    clone._state.adding = False
    clone._state.db = obj._state.db
    clone._state.fields_cache = dict(obj._state.fields_cache)
    return clone


def _stale_message(obj, file_version):
    from .changelog import history

    last = history(obj).first()
    who = last.actor_name if last else "?"
    when = last.time.strftime("%Y-%m-%d %H:%M UTC") if last else "?"
    return _("Changed by %(actor)s at %(time)s since your file was exported (file version %(file)s, current "
             "version %(current)s).") % {"actor": who, "time": when, "file": file_version,
                                          "current": obj.version}


def _error_messages(exc):
    if hasattr(exc, "message_dict"):
        return [(k if k != "__all__" else "", "; ".join(v)) for k, v in exc.message_dict.items()]
    return [("", "; ".join(exc.messages))]


def _comparable(value):
    if isinstance(value, list):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, decimal.Decimal):
        return value.normalize()
    return value


def _current(obj, column, cache):
    if column.kind == "m2m":
        key = (column.name, obj.pk)
        if key not in cache:
            cache[key] = list(getattr(obj, column.name).all())
        return cache[key]
    if column.kind == "fk":  # the related record only when already loaded: no query per row
        cached = obj._state.fields_cache.get(column.field.name)
        return cached if cached is not None else getattr(obj, column.field.attname)
    return getattr(obj, column.name)


def _key_value(obj, column):
    if column.kind == "fk":
        return getattr(obj, column.field.attname)
    return getattr(obj, column.field.name)


def plan_import(actor, model, header, rows, *, mapping=None, decisions=None, progress=None):
    """Validate every row and work out what would change. Touches nothing."""
    return _Plan(actor, model, header, rows, mapping, decisions, progress).run()


# ---------------------------------------------------------------- the commit
def run_import(actor, model, uploaded, filename, *, commit=False, reason="", mapping=None, decisions=None,
               expected=None, progress=None, source=None):
    """Dry run (commit=False) or all-or-nothing import. Returns an ImportResult.

    mapping: {column index: field} (None: the proposal); decisions: {row: "create"|"update"|"skip"} for
    near-duplicates and conflicts; expected: the preview's ImportResult.expected(), which the commit holds to.
    """
    started = time.perf_counter()
    try:
        header, rows = read_upload(uploaded, filename)
    except ValidationError as exc:
        result = ImportResult(model=model)
        result.errors.append(RowError(1, "", "; ".join(exc.messages)))
        return result
    if mapping is None and source is not None:
        mapping = propose(actor, model, header, source)
    result = plan_import(actor, model, header, rows, mapping=mapping, decisions=decisions, progress=progress)
    if commit and result.ok:
        _commit(actor, model, result, filename, reason, expected, progress)
    result.seconds = time.perf_counter() - started
    return result


def _held_to_preview(result, expected):
    for plan in result.rows:
        seen = expected.get(plan.row) or expected.get(str(plan.row))
        if seen is None:
            continue
        action, pk, version = seen
        if plan.action in ("skip",):
            continue
        changed = _pk_text(plan) != pk or (
            version is not None and plan.version is not None and int(version) != plan.version)
        if changed or (action != plan.action and plan.action in ("conflict", "duplicate")):
            obj = plan.obj
            who = _stale_message(obj, version) if obj is not None and getattr(obj, "version", None) else ""
            result.errors.append(RowError(plan.row, "", _("The record this row matched has changed since the "
                                                          "preview. %(who)s Preview the file again.")
                                          % {"who": who}))


def _commit(actor, model, result, filename, reason, expected, progress):
    progress = progress or (lambda done, total, stage: None)
    if expected is not None:
        _held_to_preview(result, expected)
    for plan in result.rows:
        if plan.action == "conflict":
            result.errors.append(RowError(plan.row, "version", plan.reason,
                                          suggestion=_("Export the record again, or skip this row.")))
        elif plan.action == "duplicate":
            result.errors.append(RowError(plan.row, "name", plan.reason,
                                          suggestion=_("Choose per row: add as new, update that record, or "
                                                       "skip.")))
    if result.errors:
        return
    job_id = current_context().get("request_id") if current_context().get("source") == "import" else ""
    job_id = job_id or f"import-{uuid.uuid4().hex[:12]}"
    result.job_id = job_id
    reason = reason or _("Import of %(file)s") % {"file": filename}
    label = model._meta.label_lower
    bulk = label in BULK_MODELS
    errors_before = len(result.errors)

    def write():  # run again from its start when another writer's transaction conflicted with it (core.retry)
        del result.errors[errors_before:]
        with change_context("import", job_id):
            if bulk:
                _write_bulk(actor, model, result, reason, progress)
            else:
                _write_each(actor, model, result, reason)
    try:
        rerun_on_conflict(write, name=f"import of {label}")
    except _Rollback:
        return
    result.committed = True


_CACHEABLE = frozenset({str, int, bool, float, type(None), decimal.Decimal, datetime.date, datetime.datetime})


def _full_clean(obj, exclude, cache):
    """obj.full_clean(exclude, validate_unique=False, validate_constraints=False), the same errors, with each
    field's clean() of a value done once per import: a column of 100,000 rows holds few distinct values (a
    field's clean depends only on the value: the related fields, whose checks read the instance, are excluded).
    `cache` is the import's: it also holds the list of fields to clean, computed once."""
    fields = cache.get(_FIELDS)
    if fields is None:
        fields = cache[_FIELDS] = [(f, f.attname, f.blank, f.empty_values, {}) for f in obj._meta.fields
                                   if f.name not in exclude and not f.generated]
    field_errors = None
    values = obj.__dict__
    for f, attname, blank, empty, outcomes in fields:
        raw = values[attname] if attname in values else getattr(obj, attname)
        if blank and raw in empty:
            continue
        kind = type(raw)
        if kind in _CACHEABLE or kind.__class__ is models.enums.ChoicesType:  # a default such as Kind.TVET
            key = (kind, raw)
            outcome = outcomes.get(key)
            if outcome is None:
                outcome = outcomes[key] = _clean_field(f, raw, obj)
        elif isinstance(raw, DatabaseDefault):
            continue
        else:
            outcome = _clean_field(f, raw, obj)
        ok, value = outcome
        if ok:
            if value is not raw:
                setattr(obj, attname, value)
        else:
            if field_errors is None:
                field_errors = {}
            field_errors[f.name] = value
    errors = {}
    if field_errors:
        errors = ValidationError(field_errors).update_error_dict(errors)
    try:
        obj.clean()
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


_FIELDS = object()  # the key of the fields' list in _full_clean's cache


def _clean_field(f, raw, obj):
    try:
        return True, f.clean(raw, obj)
    except ValidationError as e:
        return False, e.error_list


class _Rollback(Exception):
    pass


def _write_each(actor, model, result, reason):
    config = config_for(model)
    with transaction.atomic():
        for plan in result.rows:
            try:
                if plan.action == "create":
                    create = config.create or (lambda a, d, r: services.create_object(a, model, d, reason=r))
                    plan.pk = create(actor, dict(plan.values), reason).pk
                elif plan.action == "update":
                    changes = {n: after for n, (_b, after) in plan.changes.items()}
                    update = config.update or (lambda a, pk, c, v, r: services.update_object(
                        a, model, pk, c, expected_version=v, reason=r))
                    update(actor, plan.pk, changes, plan.version, reason)
            except ValidationError as exc:
                for column, message in _error_messages(exc):
                    result.errors.append(RowError(plan.row, column, message))
            except StaleEdit as exc:
                result.errors.append(RowError(plan.row, "version", exc.message))
            except (PermissionDenied, services.NotFound) as exc:
                result.errors.append(RowError(plan.row, "", str(exc)))
        if result.errors:
            raise _Rollback()


def _prepare(obj):
    """What the model's save() would compute (the search text of its names)."""
    if hasattr(obj, "search_text") and hasattr(obj, "all_names"):
        obj.search_text = search_blob(obj.all_names())


_SNAPSHOT_ATTNAMES = {}
_JSON_AS_IS = frozenset({str, int, bool, float, type(None)})  # what _json_value returns unchanged
_LAST_TIME = (None, None)  # (a datetime, its isoformat())


def _fast_snapshot(obj, m2m):
    """changelog.snapshot of an object in memory (the same dict), with the field list computed once per model
    and plain values taken as they are."""
    model = type(obj)
    attnames = _SNAPSHOT_ATTNAMES.get(model)
    if attnames is None:
        attnames = _SNAPSHOT_ATTNAMES[model] = [f.attname for f in model._meta.concrete_fields
                                                if f.name != "search_text"]
    global _LAST_TIME
    values = obj.__dict__
    data = {}
    for attname in attnames:
        value = values[attname] if attname in values else getattr(obj, attname)
        kind = type(value)
        if kind in _JSON_AS_IS or kind.__class__ is models.enums.ChoicesType:  # a choice (str / int) as it is
            data[attname] = value
        elif kind is list and not value:
            data[attname] = []
        elif kind is datetime.datetime:  # the import's one `now` on every record: its text computed once
            last = _LAST_TIME
            if last[0] is not value:
                last = _LAST_TIME = (value, value.isoformat())
            data[attname] = last[1]
        else:
            data[attname] = _json_value(value)
    for name, values in m2m.items():
        data[name] = sorted(_json_value(getattr(v, "pk", v)) for v in values)
    return data


def _write_bulk(actor, model, result, reason, progress):
    """Prepare every row to write before the transaction opens; then write in one short transaction."""
    for _attempt in range(3):
        try:
            return _write_bulk_once(actor, model, result, reason, progress)
        except _IdsTaken:  # SQLite: another writer added rows of this table meanwhile; draw new ids
            continue
    raise _IdsTaken()


class _IdsTaken(Exception):
    pass


def _write_bulk_once(actor, model, result, reason, progress):
    from . import imports_bulk as bulk

    creates = [p for p in result.rows if p.action == "create"]
    updates = [p for p in result.rows if p.action == "update"]
    total = len(creates) + len(updates)
    m2m_fields = [f for f in model._meta.many_to_many]
    m2m_names = {f.name for f in m2m_fields}
    now = timezone.now()
    # everything computed before the transaction opens
    new_objs = []
    ids = bulk.draw_ids(model, len(creates)) if creates else []
    for plan, pk in zip(creates, ids):
        obj = plan.obj
        _prepare(obj)
        obj.created_at = obj.updated_at = now
        obj.pk = plan.pk = pk
        new_objs.append(obj)
    before = {}
    upd_objs, upd_fields = [], {"version", "updated_at"}
    for plan in updates:
        obj = plan.obj
        before[plan.pk] = _fast_snapshot(plan.original or plan.obj,
                                         {n: plan.changes[n][0] for n in m2m_names if n in plan.changes})
        obj.version = (plan.version or 0) + 1
        obj.updated_at = now
        _prepare(obj)
        if hasattr(obj, "search_text"):
            upd_fields.add("search_text")
        for name in plan.changes:
            if name not in m2m_names:
                upd_fields.add(model._meta.get_field(name).name)
        upd_objs.append(obj)
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)

    def log_rows():
        """The change-log rows as plain values (no model instance per entry)."""
        ctx = current_context()
        user = actor if getattr(actor, "is_authenticated", False) else None
        actor_name = (user.get_username() if user else "system")[:150]
        common = {"actor_id": user.pk if user else None, "actor_name": actor_name, "content_type_id": ct.pk,
                  "source": ctx["source"], "request_id": ctx["request_id"] or "", "reason": reason, "time": now}
        entries = []
        for plan in creates:
            entries.append({
                **common, "action": "create", "object_id": str(plan.pk), "object_repr": str(plan.obj)[:300],
                "before": None,
                "after": _fast_snapshot(plan.obj, {n: plan.values.get(n) or [] for n in m2m_names
                                                   if n in plan.values})})
        for plan in updates:
            entries.append({
                **common, "action": "update", "object_id": str(plan.pk), "object_repr": str(plan.obj)[:300],
                "before": before[plan.pk],
                "after": _fast_snapshot(plan.obj, {n: plan.changes[n][1] or [] for n in m2m_names
                                                   if n in plan.changes})})
        return bulk.prepare_dicts(ChangeLogEntry, entries)

    def prepare_derived():
        return (derived.prepare(model, new_objs, "create") if new_objs else {},
                derived.prepare(model, upd_objs, "update") if upd_objs else {})

    links = {}
    for f in m2m_fields:
        through = f.remote_field.through
        src, dst = f.m2m_field_name(), f.m2m_reverse_field_name()
        rows, touched = [], []
        for plan in creates:
            for v in plan.values.get(f.name) or []:
                rows.append(through(**{f"{src}_id": plan.pk, f"{dst}_id": v.pk}))
        for plan in updates:
            if f.name in plan.changes:
                touched.append(plan.pk)
                for v in plan.changes[f.name][1] or []:
                    rows.append(through(**{f"{src}_id": plan.pk, f"{dst}_id": v.pk}))
        links[f] = (through, src, touched, bulk.prepare_rows(through, rows, need_pks=False))
    new_rows = bulk.prepare_rows(model, new_objs) if new_objs else None
    versions = {p.pk: p.version for p in updates}
    # PostgreSQL: the records are copied from a thread of their own while the change log and the search entries
    # are computed, and the change log while the search entries are (bulk.BackgroundCopy): the database's work
    # overlaps Python's. Elsewhere (SQLite: one write lock for the whole database) everything is computed before
    # the transaction opens, to hold the lock briefly.
    overlap = bulk.BackgroundCopy.available()
    # the search entries and the change log name every record: in one language, asked once (i18n.pinned_language)
    if not overlap:
        with pinned_language():
            log = log_rows()
            prepared_new, prepared_upd = prepare_derived()
    progress(0, total, _("Writing"))
    with transaction.atomic():
        bulk.large_gin_pending_list()
        if ids and not bulk.ids_still_free(model, ids[0]):
            raise _IdsTaken()
        if versions:  # optimistic locking, set-based: nobody changed these records since the plan
            pks = list(versions)
            qs = model._default_manager.all()
            if connection.features.has_select_for_update:
                qs = qs.select_for_update()
            current = {}
            for i in range(0, len(pks), CHUNK):
                current.update(qs.filter(pk__in=pks[i:i + CHUNK]).values_list("pk", "version"))
            stale = [p for p in updates if current.get(p.pk) != p.version]
            for plan in stale:
                fresh = model._default_manager.filter(pk=plan.pk).first()
                reason_text = _stale_message(fresh, plan.version) if fresh is not None else _("It was deleted.")
                result.errors.append(RowError(plan.row, "version", reason_text))
            if stale:
                raise _Rollback()
        if overlap:
            copy = bulk.BackgroundCopy()
            try:
                if new_rows is not None:
                    copy.put(new_rows)
                with pinned_language():
                    log = log_rows()
                    copy.put(log)
                    if new_rows is not None:
                        copy.merge_gin_pending(model)  # the records' trigram index, meanwhile too
                    prepared_new, prepared_upd = prepare_derived()
            except BaseException as exc:
                # The transaction rolls back either way; which error to report: a database error here is most
                # likely the aborted transaction a failed COPY left (then the COPY's error is the cause), any
                # other error is this thread's own and a COPY that failed meanwhile must not replace it.
                copy.join(raise_error=isinstance(exc, DatabaseError))
                raise
            copy.join()
        elif new_rows is not None:
            bulk.write_rows(new_rows)
        if upd_objs:
            model._default_manager.bulk_update(upd_objs, sorted(upd_fields), batch_size=1000)
        for f, (through, src, touched, rows) in links.items():
            for i in range(0, len(touched), CHUNK):
                through._default_manager.filter(**{f"{src}_id__in": touched[i:i + CHUNK]}).delete()
            bulk.write_rows(rows)
        # the derived data before the scope check: a scope copied onto the rows (people/scope.py) is written by a
        # post-write step, and a refusal rolls it back with everything else
        progress(total, total, _("Updating derived data"))
        if not SPLIT_DERIVED.get(connection.vendor):
            derived.after_write(model, [p.pk for p in creates], "create", prepared=prepared_new)
            derived.after_write(model, [p.pk for p in updates], "update", before=before, prepared=prepared_upd)
        else:  # one writer at a time: the copies now, every other step after the commit (below)
            derived.after_write(model, [p.pk for p in creates], "create", early=True)
            derived.after_write(model, [p.pk for p in updates], "update", before=before, early=True)
        _check_scope(actor, model, result, creates, "add")
        _check_scope(actor, model, result, updates, "change")
        if result.errors:
            raise _Rollback()
        if not overlap:
            bulk.write_rows(log)
    if not SPLIT_DERIVED.get(connection.vendor):
        bulk.clean_gin_pending_lists(model)
        return
    # SQLite has one write lock for the whole database: the derived tables (search index, results aggregates)
    # follow in short transactions, so that other users' saves get their turn. Each holds the lock about
    # DERIVED_SECONDS: the next one's size follows the pace of the last (a busy machine writes fewer rows at once).
    try:
        for plans, action, prepared in [(creates, "create", prepared_new), (updates, "update", prepared_upd)]:
            start, size = 0, DERIVED_CHUNK
            while start < len(plans):
                stop = start + size
                pks = [p.pk for p in plans[start:stop]]
                part = {step: value.slice(start, stop) for step, value in prepared.items()
                        if hasattr(value, "slice")}
                time.sleep(YIELD_SECONDS)  # a writer waiting in SQLite's busy handler polls every 100 ms at most
                began = time.perf_counter()
                with transaction.atomic():
                    derived.after_write(model, pks, action, before={pk: before[pk] for pk in pks if pk in before},
                                        prepared=part, early=False)
                took = max(time.perf_counter() - began, 0.001)
                start, size = stop, max(DERIVED_MIN, min(DERIVED_MAX, int(len(pks) * DERIVED_SECONDS / took)))
    except Exception:  # noqa: BLE001 - the records and their change log are saved; say how to catch up
        logging.getLogger("skillsnet.import").exception("post-write steps of an import of %s failed", model)
        result.notes.append(_("The records were saved, but the search index and results could not be brought up "
                              "to date: run skillsnet reindex and skillsnet results rebuild."))


SPLIT_DERIVED = {"sqlite": True}
DERIVED_CHUNK = 1000  # records in the first derived transaction; then sized to hold the lock about DERIVED_SECONDS
DERIVED_MIN, DERIVED_MAX, DERIVED_SECONDS = 100, 5000, 0.25
YIELD_SECONDS = 0.12


def _check_scope(actor, model, result, plans, action):
    if not plans:
        return
    if sees_all(actor, model, action):
        return
    pks = [p.pk for p in plans]
    inside = set()
    restricted = model._default_manager.for_user(actor, action)
    for i in range(0, len(pks), CHUNK):
        inside |= set(restricted.filter(pk__in=pks[i:i + CHUNK]).values_list("pk", flat=True))
    for plan in plans:
        if plan.pk not in inside:
            result.errors.append(RowError(plan.row, "", _(
                "You may not %(action)s this %(object)s here: it is outside your scope.")
                % {"action": _(action), "object": model._meta.verbose_name}))


def export_rows(model, queryset):
    columns = columns_for(model, export=True)
    header = [c.name for c in columns]
    m2m = [c for c in columns if c.kind == "m2m"]
    if m2m:
        queryset = queryset.prefetch_related(*[c.name for c in m2m])
    rows = [[_export(c, obj) for c in columns] for obj in queryset]
    return header, rows


def _export(column, obj):
    if column.kind == "m2m":
        return LIST_SEPARATOR.join(str(o.pk) for o in sorted(getattr(obj, column.name).all(), key=lambda o: str(o.pk)))
    return column.export(obj)

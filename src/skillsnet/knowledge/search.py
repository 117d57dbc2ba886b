"""One search across organisations, people, agreements, activities, resources and news, in any script.

The index (SearchEntry) holds each object's names and text normalised with core.text.normalize; it is
matched by substring, so Lao, Khmer and Chinese (no spaces between words) work like English and
Indonesian. On SQLite (>= 3.34) an FTS5 table with the trigram tokenizer answers substring queries of
three or more characters; shorter terms, other databases and PostgreSQL (pg_trgm GIN index) use LIKE.
Results are ranked: exact title > title contains > text contains, then by number of occurrences.
Visibility: every object type goes through restrict(); resources also through their access level, news
through their status (knowledge.queries).
"""
import logging
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length, Replace
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict
from skillsnet.core.i18n import all_columns, current_language
from skillsnet.core.text import compact, normalize

from .models import SearchEntry

log = logging.getLogger(__name__)
FTS_TABLE = "knowledge_searchentry_fts"
MAX_TERMS = 8


# ------------------------------------------------------------------ what is indexed, and how
@dataclass
class IndexSpec:
    label: str  # "app_label.ModelName"
    kind: str  # the "type" facet
    verbose: Any
    titles: Callable  # obj -> [str]
    body: Callable  # obj -> [str]
    countries: Callable = lambda obj: []
    year: Callable = lambda obj: None
    access: Callable = lambda obj: "scoped"
    visible: Callable = None  # user -> queryset; default restrict(model, user, "view")
    url: Callable = None  # pk -> url
    related: list = field(default_factory=list)  # [(model label, path to the indexed object's pk)]
    plain: Callable = lambda obj: []  # the object's own text columns (no joins), for snippets in original case

    @property
    def model(self):
        try:
            return apps.get_model(self.label)
        except (LookupError, ValueError):
            return None


def _cols(obj, base):
    return [getattr(obj, c, "") for c in all_columns(base)]


def _year(value):
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else None


def _registry_url(label):
    def url(pk):
        from skillsnet.core.registry import config_for

        model = apps.get_model(label)
        config = config_for(model)
        if config is None:
            return ""
        try:
            return reverse(f"{config.url_base}_detail", args=[pk])
        except NoReverseMatch:
            return ""
    return url


def _named_url(name):
    def url(pk):
        try:
            return reverse(name, args=[pk])
        except NoReverseMatch:
            return ""
    return url


def _display(obj, field):
    """obj.get_FIELD_display() without rebuilding the choices dict for every object (imports index thousands)."""
    key = (type(obj), field, current_language())
    labels = _DISPLAY.get(key)
    if labels is None:
        labels = _DISPLAY[key] = {k: str(v) for k, v in type(obj)._meta.get_field(field).flatchoices}
    value = getattr(obj, field)
    return labels.get(value, value)


_DISPLAY = {}


def _org_names(qs):
    out = []
    for org in qs:
        out.extend(org.all_names())
    return out


def _organisation_spec():
    return IndexSpec(
        "directory.Organisation", "organisation", _("organisation"),
        titles=lambda o: o.all_names(),
        body=lambda o: [o.city, o.description, _display(o, "kind")],
        countries=lambda o: [o.country_id] if o.country_id else [],
        year=lambda o: _year(o.founded),
        access=lambda o: "public",
        url=_registry_url("directory.Organisation"),
        plain=lambda o: o.all_names() + [o.city, o.description],
    )


def _person_spec():
    def body(p):
        parts = []
        if p.organisation_id:
            parts.extend(p.organisation.all_names())
        for a in p.affiliations.select_related("organisation"):
            parts.append(a.title)
            if a.organisation_id:
                parts.append(str(a.organisation))
        return parts

    return IndexSpec(
        "people.Person", "person", _("person"),
        titles=lambda p: p.all_names(), body=body,
        countries=lambda p: [p.organisation.country_id] if p.organisation_id and p.organisation.country_id else [],
        access=lambda p: "personal",
        plain=lambda p: p.all_names(),
        url=_registry_url("people.Person"),
        related=[("people.Affiliation", "person_id")],
    )


def _agreement_spec():
    def parties(a):
        return [p.organisation for p in a.parties.select_related("organisation")]

    def body(a):
        parts = [a.summary, a.reference_number, a.signed_city, _display(a, "kind")]
        parts.extend(_org_names(parties(a)))
        return parts

    def countries(a):
        codes = [o.country_id for o in parties(a) if o.country_id]
        codes += list(a.countries_covered.values_list("pk", flat=True))
        if a.signed_country_id:
            codes.append(a.signed_country_id)
        return codes

    return IndexSpec(
        "agreements.Agreement", "agreement", _("agreement"),
        titles=lambda a: _cols(a, "title"), body=body, countries=countries,
        year=lambda a: _year(a.signed_on or a.effective_on),
        url=_registry_url("agreements.Agreement"),
        plain=lambda a: _cols(a, "title") + [a.summary, a.signed_city],
        related=[("agreements.Party", "agreement_id")],
    )


def _activity_spec():
    def orgs(a):
        out = [a.host] if a.host_id else []
        out += [r.organisation for r in a.organisation_roles.select_related("organisation")]
        return out

    def body(a):
        parts = [a.description, a.outcome_text, a.city, a.platform, _display(a, "kind")]
        parts.extend(_org_names(orgs(a)))
        return parts

    def countries(a):
        codes = [a.country_id] if a.country_id else []
        return codes + [o.country_id for o in orgs(a) if o.country_id]

    return IndexSpec(
        "activities.Activity", "activity", _("activity"),
        titles=lambda a: _cols(a, "title"), body=body, countries=countries,
        year=lambda a: a.start.year if a.start else _year(a.period),
        url=_registry_url("activities.Activity"),
        plain=lambda a: _cols(a, "title") + [a.description, a.outcome_text, a.city],
        related=[("activities.ActivityOrganisation", "activity_id")],
    )


def _resource_spec():
    from .queries import visible_resources

    def body(r):
        parts = _cols(r, "summary") + list(r.tags or []) + [_display(r, "kind")]
        parts.extend(str(o) for o in r.organisations.all())
        parts.append(r.extracted_text)
        return parts

    return IndexSpec(
        "knowledge.Resource", "resource", _("resource"),
        titles=lambda r: _cols(r, "title"), body=body,
        countries=lambda r: list(r.countries.values_list("pk", flat=True)),
        year=lambda r: _year(r.published) or (r.created_at.year if r.created_at else None),
        access=lambda r: r.access,
        visible=visible_resources,
        url=_named_url("knowledge:resource_detail"),
        plain=lambda r: _cols(r, "title") + _cols(r, "summary") + list(r.tags or []) + [r.extracted_text],
    )


def _news_spec():
    from .queries import visible_news

    return IndexSpec(
        "knowledge.NewsStory", "news", _("news"),
        titles=lambda n: _cols(n, "title"), body=lambda n: [n.body] + [str(o) for o in n.organisations.all()],
        countries=lambda n: [c for c in n.organisations.values_list("country_id", flat=True) if c],
        year=lambda n: n.published_on.year if n.published_on else None,
        access=lambda n: "public" if n.status == "published" else "draft",
        visible=visible_news,
        url=_named_url("knowledge:news_detail"),
        plain=lambda n: _cols(n, "title") + [n.body],
    )


def specs():
    """The index specifications of the models that exist in this installation."""
    out = []
    for make in (_organisation_spec, _person_spec, _agreement_spec, _activity_spec, _resource_spec, _news_spec):
        spec = make()
        if spec.model is not None:
            out.append(spec)
    return out


def spec_for(model):
    label = model._meta.label
    for spec in specs():
        if spec.label == label:
            return spec
    return None


KIND_LABELS = {"organisation": _("organisations"), "person": _("people"), "agreement": _("agreements"),
               "activity": _("activities"), "resource": _("resources"), "news": _("news")}


# ------------------------------------------------------------------ building entries
_SCRIPTS = [("lo", 0x0E80, 0x0EFF), ("km", 0x1780, 0x17FF), ("zh-hans", 0x4E00, 0x9FFF)]


def detect_language(text):
    """The dominant script of a text: lo, km, zh-hans, or en for Latin (Indonesian cannot be told apart)."""
    text = (text or "")[:20000]
    if text.isascii():  # no character of the three scripts: Latin when any letter (most records, in C)
        return "en" if any(ch.isalpha() for ch in text) else ""
    counts = {"lo": 0, "km": 0, "zh-hans": 0, "en": 0}
    for ch in text:
        o = ord(ch)
        for code, low, high in _SCRIPTS:
            if low <= o <= high:
                counts[code] += 1
                break
        else:
            if ch.isalpha():
                counts["en"] += 1
    best = max(counts, key=counts.get)
    return best if counts[best] else ""


def _join(values):
    return "\n".join(dict.fromkeys(v for v in (normalize(str(x)) for x in values if x) if v))


def entry_data(spec, obj):
    titles = [t for t in spec.titles(obj) if t]
    title_forms = []
    for t in titles:
        title_forms += [normalize(t), compact(t)]
    title_text = "\n" + "\n".join(dict.fromkeys(f for f in title_forms if f)) + "\n"
    body = _join(spec.body(obj))
    text = (title_text.strip() + "\n" + body).strip()
    countries = sorted({c for c in spec.countries(obj) if c})
    year = spec.year(obj)
    return {
        "title": (str(obj) or (titles[0] if titles else ""))[:500],
        "title_text": title_text,
        "text": text,
        "language": detect_language(" ".join(titles) + " " + body[:5000]),
        "kind": spec.kind,
        "year": year if year and 0 < year < 32768 else None,
        "countries": ("," + ",".join(countries) + ",") if countries else "",
        "facets": {"type": spec.kind, "countries": countries, "year": year},
        "access": spec.access(obj),
    }


def index_object(obj, spec=None):
    spec = spec or spec_for(type(obj))
    if spec is None or obj.pk is None:
        return None
    ct = ContentType.objects.get_for_model(type(obj))
    entry, _created = SearchEntry.objects.update_or_create(content_type=ct, object_id=obj.pk,
                                                           defaults=entry_data(spec, obj))
    return entry


def unindex(model, pk):
    ct = ContentType.objects.get_for_model(model)
    SearchEntry.objects.filter(content_type=ct, object_id=pk).delete()


def safe_index(obj):
    """Index an object; an indexing failure is logged, never breaks the write that caused it."""
    try:
        with transaction.atomic():
            index_object(obj)
    except Exception:  # noqa: BLE001 - the search index must never block a write
        log.exception("could not index %r", obj)


def safe_unindex(model, pk):
    try:
        with transaction.atomic():
            unindex(model, pk)
    except Exception:  # noqa: BLE001
        log.exception("could not remove %s %s from the index", model, pk)


def reindex_all(progress=None, chunk=500):
    """Rebuild the whole index; returns {kind: count}."""
    counts = {}
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for spec in specs():
            model = spec.model
            ct = ContentType.objects.get_for_model(model)
            batch, n = [], 0
            for obj in model._default_manager.order_by("pk").iterator(chunk_size=chunk):
                batch.append(SearchEntry(content_type=ct, object_id=obj.pk, **entry_data(spec, obj)))
                if len(batch) >= chunk:
                    SearchEntry.objects.bulk_create(batch)
                    n += len(batch)
                    batch = []
                    if progress:
                        progress(spec.kind, n)
            SearchEntry.objects.bulk_create(batch)
            n += len(batch)
            counts[spec.kind] = n
            if progress:
                progress(spec.kind, n)
    return counts


# ------------------------------------------------------------------ querying
def fts_available():
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [FTS_TABLE])
        return cursor.fetchone() is not None


def query_terms(q):
    text = normalize(q)[:200]
    terms = [t for t in re.split(r"\s+", text) if t]
    return text, list(dict.fromkeys(terms))[:MAX_TERMS]


def _fts_phrase(term):
    return '"' + term.replace('"', '""') + '"'


def match_filter(q):
    """A Q matching entries that contain every term of `q` (substring, any script), or its compact form."""
    phrase, terms = query_terms(q)
    if not terms:
        return None
    use_fts = fts_available()
    long_terms = [t for t in terms if len(t) >= 3] if use_fts else []
    cond = Q()
    if long_terms:
        expr = " AND ".join(_fts_phrase(t) for t in long_terms)
        cond &= Q(id__in=RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expr]))
    for term in terms:
        if term not in long_terms:
            cond &= Q(text__contains=term)
    squeezed = compact(q)
    if squeezed and len(terms) > 1:
        cond |= Q(title_text__contains=squeezed)
    return cond


def visibility_filter(user):
    """A Q over SearchEntry for what `user` may see, type by type (None: nothing)."""
    from skillsnet.accounts.permissions import _ALL, scope_filter

    q = None
    for spec in specs():
        model = spec.model
        ct = ContentType.objects.get_for_model(model)
        if spec.visible is None:
            scope = scope_filter(user, model, "view")
            if scope is None:
                continue
            part = Q(content_type=ct) if scope is _ALL else \
                Q(content_type=ct, object_id__in=restrict(model._default_manager.all(), user, "view").values("pk"))
        else:
            visible = spec.visible(user)
            if visible.query.is_empty():
                continue
            part = Q(content_type=ct, object_id__in=visible.values("pk"))
        q = part if q is None else q | part
    return q


def _rank(phrase, terms):
    score = Case(When(title_text__contains=f"\n{phrase}\n", then=Value(1000)), default=Value(0),
                 output_field=IntegerField())
    title_all = Q()
    for t in terms:
        title_all &= Q(title_text__contains=t)
    score = score + Case(When(title_text__contains=phrase, then=Value(200)), When(title_all, then=Value(100)),
                         default=Value(0), output_field=IntegerField())
    score = score + Case(When(text__contains=phrase, then=Value(20)), default=Value(0), output_field=IntegerField())
    for t in terms[:4]:
        occurrences = (Length(F("text")) - Length(Replace(F("text"), Value(t), Value("")))) / Value(len(t))
        score = score + occurrences
    return score


@dataclass
class Hit:
    kind: str
    kind_label: Any
    title: str
    url: str
    snippet: str
    year: int | None
    countries: list
    rank: int
    object_id: int


@dataclass
class SearchResult:
    q: str
    hits: list
    total: int
    facets: dict  # {"type": [(value, label, count)], "country": [...], "year": [...]}
    page: int = 1
    pages: int = 1


def _filtered(qs, kind=None, country=None, year=None):
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(countries__contains=f",{country},")
    if year:
        qs = qs.filter(year=year)
    return qs


def _country_counts(qs):
    counts = {}
    for value in qs.exclude(countries="").values_list("countries", flat=True)[:5000]:
        for code in value.strip(",").split(","):
            counts[code] = counts.get(code, 0) + 1
    return counts


def facet_counts(matched, kind=None, country=None, year=None):
    from skillsnet.directory.models import Country

    types = {r["kind"]: r["n"] for r in _filtered(matched, None, country, year).values("kind").annotate(n=Count("id"))}
    years = {r["year"]: r["n"] for r in _filtered(matched, kind, country, None).exclude(year=None)
             .values("year").annotate(n=Count("id"))}
    countries = _country_counts(_filtered(matched, kind, None, year))
    names = {c.pk: str(c) for c in Country.objects.filter(pk__in=list(countries))}
    return {
        "type": [(k, KIND_LABELS.get(k, k), types[k]) for k in KIND_LABELS if k in types],
        "country": sorted(((c, names.get(c, c), n) for c, n in countries.items()), key=lambda x: (-x[2], x[1]))[:30],
        "year": sorted(((y, str(y), n) for y, n in years.items()), reverse=True)[:30],
    }


def highlight(text, terms, width=160):
    """An escaped snippet of `text` around the first term found, each term wrapped in <mark>."""
    text = re.sub(r"\s+", " ", text or "").strip()
    if not text or not terms:
        return ""
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.I)
    found = pattern.search(text)
    if found is None:
        return ""
    start = max(0, found.start() - width // 2)
    end = min(len(text), found.end() + width)
    piece = text[start:end]
    out, last = [], 0
    for m in pattern.finditer(piece):
        out.append(escape(piece[last:m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(escape(piece[last:]))
    return mark_safe(("…" if start else "") + "".join(out) + ("…" if end < len(text) else ""))


def _snippets(entries, terms):
    """Snippets from the objects' own text (original case), else from the normalised index text."""
    by_label = {}
    for e in entries:
        by_label.setdefault(e.content_type_id, []).append(e.object_id)
    originals = {}
    for spec in specs():
        ct = ContentType.objects.get_for_model(spec.model)
        ids = by_label.get(ct.pk)
        if not ids:
            continue
        for pk, obj in spec.model._default_manager.in_bulk(ids).items():
            try:
                originals[(ct.pk, pk)] = " · ".join(str(x) for x in spec.plain(obj) if x)
            except Exception:  # noqa: BLE001 - a snippet is a nicety
                originals[(ct.pk, pk)] = ""
    out = {}
    for e in entries:
        snippet = highlight(originals.get((e.content_type_id, e.object_id), ""), terms)
        out[e.pk] = snippet or highlight(e.text, terms)
    return out


def search(user, q, *, kind=None, country=None, year=None, page=1, per_page=20):
    """Ranked hits that `user` may see, with facet counts (type, country, year) and highlighted snippets."""
    phrase, terms = query_terms(q)
    empty = SearchResult(q=q, hits=[], total=0, facets={"type": [], "country": [], "year": []})
    if not terms:
        return empty
    visible = visibility_filter(user)
    match = match_filter(q)
    if visible is None or match is None:
        return empty
    matched = SearchEntry.objects.filter(visible).filter(match)
    try:
        year = int(year) if year else None
    except (TypeError, ValueError):
        year = None
    kind = kind if kind in KIND_LABELS else None
    country = country.upper()[:2] if country else None
    facets = facet_counts(matched, kind, country, year)
    qs = _filtered(matched, kind, country, year).annotate(rank=_rank(phrase, terms)).order_by("-rank", "title", "pk")
    total = qs.count()
    per_page = max(1, min(per_page, 100))
    pages = max(1, (total + per_page - 1) // per_page)
    page = max(1, min(page, pages))
    entries = list(qs.defer("text")[(page - 1) * per_page: page * per_page]) if total else []
    urls = {s.kind: s.url for s in specs()}
    text_for = dict(SearchEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list("pk", "text"))
    for e in entries:
        e.text = text_for.get(e.pk, "")
    snippets = _snippets(entries, terms)
    hits = [Hit(e.kind, KIND_LABELS.get(e.kind, e.kind), e.title, urls[e.kind](e.object_id) if e.kind in urls else "",
                snippets.get(e.pk, ""), e.year, e.facets.get("countries", []) if isinstance(e.facets, dict) else [],
                e.rank, e.object_id) for e in entries]
    if page == 1 and kind in (None, "organisation") and not country and not year and len(hits) < per_page:
        hits += _fuzzy_organisations(user, q, {h.object_id for h in hits if h.kind == "organisation"},
                                     per_page - len(hits))
    return SearchResult(q=q, hits=hits, total=max(total, len(hits)), facets=facets, page=page, pages=pages)


def _fuzzy_organisations(user, q, seen, limit):
    """Near misses among organisations ('Tianjin Electronc'), after the exact hits."""
    from skillsnet.directory.queries import search_organisations

    spec = _organisation_spec()
    out = []
    for org in search_organisations(user, q, limit=limit + len(seen)):
        if org.pk in seen or len(out) >= limit:
            continue
        out.append(Hit("organisation", KIND_LABELS["organisation"], str(org), spec.url(org.pk), "",
                       _year(org.founded), [org.country_id] if org.country_id else [], 0, org.pk))
    return out

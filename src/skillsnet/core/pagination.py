"""Pagination that does not count whole tables on every page.

API (`Pagination`, the DRF default): `page` / `page_size` with a `count` that is exact up to
SKILLSNET_LIST_COUNT_CAP rows, as on HTML lists; above it `count` is null, `count_is_exact` false and
`count_at_least` / `count_estimate` (the planner's, PostgreSQL) say how many; `count=exact` asks for the
exact count (kept in the cache for a minute). So a page never counts a whole large table unasked. `cursor=`
switches to keyset pagination, the way to walk large tables: no COUNT, and every page costs the same however
deep it is. The first page is `?cursor=` (empty); each answer's `next` / `previous` links carry the cursor.
Rows come in the list's order (the `sort` filter or the model's order; a link sorts by its id), ties broken
by id.

HTML lists (`list_page`): the count is exact up to SKILLSNET_LIST_COUNT_CAP rows; above that the page says
"more than N" (with the planner's estimate on PostgreSQL) and offers the exact count (`?count=exact`), which
is then kept in the cache for a minute.
"""
import base64
import binascii
import hashlib
import json
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage, Page, Paginator, PageNotAnInteger
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.db.models import F, Q
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

KEY = "keyset_%d"


# ---------------------------------------------------------------- keyset (cursor) pagination
def _nullable(model, expression):
    """False only when the expression is a local column that cannot be NULL."""
    name = getattr(expression, "name", None)
    if not isinstance(expression, F) or not name or "__" in name:
        return True
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 (an annotation, a reverse relation: assume it may be NULL)
        return True
    return bool(getattr(field, "null", True))


def ordering_terms(qs):
    """The queryset's ordering as [(expression, descending, nullable)], ending with the primary key."""
    query = qs.query
    order = list(query.order_by) or (list(qs.model._meta.ordering) if query.default_ordering else [])
    terms, seen = [], set()
    pk_name = qs.model._meta.pk.name
    for item in order:
        if isinstance(item, str):
            if item == "?":
                continue
            descending, name = item.startswith("-"), item.lstrip("-+")
            name = pk_name if name == "pk" else name
            expression, key = F(name), name
        elif isinstance(item, OrderBy):
            expression, descending, key = item.expression, item.descending, repr(item.expression)
        else:
            expression, descending, key = item, False, repr(item)
        if key not in seen:
            seen.add(key)
            terms.append((expression, descending, _nullable(qs.model, expression)))
    if pk_name not in seen:
        terms.append((F(pk_name), False, False))
    return terms


def _ordered(qs, terms, reverse=False):
    annotated = qs.annotate(**{KEY % i: expression for i, (expression, _d, _n) in enumerate(terms)})
    order = []
    for i, (_e, descending, _n) in enumerate(terms):
        descending = descending != reverse
        # NULLs sort after every value going up, before every value going down: the same on every database
        order.append(F(KEY % i).desc(nulls_first=True) if descending else F(KEY % i).asc(nulls_last=True))
    return annotated.order_by(*order)


def _after(terms, values, reverse=False):
    """Q for the rows strictly after `values` in the (possibly reversed) order."""
    condition = None
    for i in range(len(terms) - 1, -1, -1):
        name, value = KEY % i, values[i]
        descending, nullable = terms[i][1] != reverse, terms[i][2]
        if value is None:
            strictly = Q(**{f"{name}__isnull": False}) if descending else None
            equal = Q(**{f"{name}__isnull": True})
        else:
            strictly = Q(**{f"{name}__lt" if descending else f"{name}__gt": value})
            if nullable and not descending:
                strictly |= Q(**{f"{name}__isnull": True})
            equal = Q(**{name: value})
        tail = equal & condition if condition is not None else None
        parts = [p for p in (strictly, tail) if p is not None]
        condition = parts[0] if len(parts) == 1 else (parts[0] | parts[1]) if parts else Q(pk__in=[])
    first_value, first_descending = values[0], terms[0][1] != reverse
    if first_value is not None and not terms[0][2]:
        # the same rows, with a plain range on the leading column that an index can serve
        bound = Q(**{f"{KEY % 0}__lte" if first_descending else f"{KEY % 0}__gte": first_value})
        condition = bound & condition
    return condition


def encode_cursor(values, reverse=False):
    raw = json.dumps({"v": values, "r": int(reverse)}, cls=DjangoJSONEncoder, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(token, width):
    """(values, reverse) from a cursor, or (None, False) for the first page; ValidationError when malformed."""
    if not token:
        return None, False
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        values, reverse = data["v"], bool(data.get("r"))
    except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
        raise ValidationError({"cursor": [_("This cursor is not valid: start again with cursor= (empty).")]})
    if not isinstance(values, list) or len(values) != width or \
            not all(v is None or isinstance(v, (str, int, float, bool)) for v in values):
        raise ValidationError({"cursor": [_("This cursor does not fit this list (was the sort changed?): "
                                            "start again with cursor= (empty).")]})
    return values, reverse


def _clean_values(ordered, values):
    """The cursor's values as the columns' types, or a 400: a forged cursor never reaches the database."""
    connection = connections[ordered.db]
    cleaned = []
    for i, value in enumerate(values):
        field = ordered.query.annotations[KEY % i].output_field
        try:
            value = None if value is None else field.to_python(value)
            if isinstance(value, int) and field.get_internal_type() in connection.ops.integer_field_ranges:
                low, high = connection.ops.integer_field_range(field.get_internal_type())
                if (low is not None and value < low) or (high is not None and value > high):
                    raise ValueError(value)
        except (ValueError, TypeError, DjangoValidationError):
            raise ValidationError({"cursor": [_("This cursor is not valid: start again with cursor= (empty).")]})
        cleaned.append(value)
    return cleaned


def keyset_page(qs, token, size):
    """(rows, next values or None, previous values or None) for the page after/before the cursor."""
    terms = ordering_terms(qs)
    values, reverse = decode_cursor(token, len(terms))
    ordered = _ordered(qs, terms, reverse)
    if values is not None:
        values = _clean_values(ordered, values)
        ordered = ordered.filter(_after(terms, values, reverse))
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if reverse:
        rows.reverse()
    keys = [[getattr(row, KEY % i) for i in range(len(terms))] for row in (rows[0], rows[-1])] if rows else None
    has_next = more if not reverse else values is not None
    has_previous = values is not None if not reverse else more
    return rows, (keys[1] if keys and has_next else None), (keys[0] if keys and has_previous else None)


class Pagination(pagination.PageNumberPagination):
    """`page`/`page_size` (with `count`), or keyset pages with `cursor=` (no count)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor_mode = self.cursor_query_param in request.query_params and hasattr(queryset, "query")
        if not self.cursor_mode:
            exact = request.query_params.get("count") == "exact"
            self.django_paginator_class = lambda rows, size: ListPaginator(rows, size, exact=exact)
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request) or self.page_size
        rows, after, before = keyset_page(queryset, request.query_params.get(self.cursor_query_param, ""), size)
        self.next_cursor = encode_cursor(_plain(after)) if after is not None else None
        self.previous_cursor = encode_cursor(_plain(before), reverse=True) if before is not None else None
        return rows

    def _cursor_link(self, cursor):
        if cursor is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data):
        if not self.cursor_mode:
            paginator = self.page.paginator
            body = {"count": paginator.count if paginator.count_is_exact else None,
                    "count_is_exact": paginator.count_is_exact}
            if not paginator.count_is_exact:
                body["count_at_least"] = paginator.cap + 1
                body["count_estimate"] = paginator.estimate
            body.update({"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data})
            return Response(body)
        return Response({"next": self._cursor_link(self.next_cursor),
                         "previous": self._cursor_link(self.previous_cursor), "results": data})

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["required"] = ["results"]
        properties = schema["properties"]
        properties["count"].update({
            "nullable": True,
            "description": "Matching rows (page mode only; absent with cursor=): exact up to the count cap, "
                           "null above it unless count=exact is asked for."})
        properties["count_is_exact"] = {"type": "boolean", "description": "Whether `count` is the exact count."}
        properties["count_at_least"] = {"type": "integer", "description": "When the count is not exact: at least "
                                                                          "this many rows match."}
        properties["count_estimate"] = {"type": "integer", "nullable": True,
                                        "description": "When the count is not exact: the database's estimate "
                                                       "(PostgreSQL), else null."}
        return schema

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": "count", "required": False, "in": "query",
            "description": "`exact`: count every matching row even above the count cap (page mode).",
            "schema": {"type": "string", "enum": ["exact"]},
        }, {
            "name": self.cursor_query_param, "required": False, "in": "query",
            "description": "Keyset pagination, for large lists: give it empty for the first page, then follow "
                           "`next`. No count; every page costs the same.",
            "schema": {"type": "string"},
        }]


def _plain(values):
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder))


# ---------------------------------------------------------------- HTML lists: bounded and estimated counts
def count_cap():
    return getattr(settings, "SKILLSNET_LIST_COUNT_CAP", 1_000)


def estimated_count(qs):
    """The planner's row estimate (PostgreSQL), or None."""
    connection = connections[qs.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def _count_key(qs):
    sql, params = qs.order_by().query.sql_with_params()
    return "list-count:" + hashlib.sha256(f"{qs.db}|{sql}|{params!r}".encode()).hexdigest()


# The largest row offset a page may start at (far beyond any list; below every database's integer limit).
MAX_OFFSET = 10 ** 12


class ListPaginator(Paginator):
    """A Paginator whose count is exact up to a cap, else "more than cap" (about an estimate)."""

    def __init__(self, object_list, per_page, exact=False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.exact = exact
        self.cap = count_cap()
        self.count_is_exact = True
        self.estimate = None

    @cached_property
    def count(self):
        if not hasattr(self.object_list, "query"):  # a list computed in Python
            return len(self.object_list)
        if self.exact:
            key = _count_key(self.object_list)
            total = cache.get(key)
            if total is None:
                total = self.object_list.order_by().count()
                cache.set(key, total, 60)
            return total
        bounded = self.object_list.order_by()[: self.cap + 1].count()
        if bounded <= self.cap:
            return bounded
        self.count_is_exact = False
        self.estimate = estimated_count(self.object_list)
        return max(self.estimate or 0, self.cap + 1)

    def validate_number(self, number):
        self.count  # noqa: B018 (counting decides whether the count is exact)
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer"))
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        if (number - 1) * self.per_page > MAX_OFFSET:
            # an offset the database cannot take (SQLite: 64 bits); no list is that long
            raise EmptyPage(_("That page contains no results"))
        return number

    def get_page(self, number):
        """Django's get_page (a bad number: the first page; past the end: the last), where the last page of a list
        whose count was estimated is found with one exact count (the estimate may promise rows that are not there)."""
        try:
            return super().get_page(number)
        except EmptyPage:
            total = self.object_list.order_by().count()
            last = max(1, -(-total // self.per_page))
            bottom = (last - 1) * self.per_page
            return OpenPage(list(self.object_list[bottom:bottom + self.per_page]), last, self, more=False)

    def page(self, number):
        """Above the cap the count is not known: a page is the next `per_page` rows, and it has a next page when
        one more row follows (never cut short by an estimate)."""
        number = self.validate_number(number)
        if self.count_is_exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom:bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return OpenPage(rows[:self.per_page], number, self, more=len(rows) > self.per_page)


class OpenPage(Page):
    """A page of a list whose exact count is not known."""

    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def end_index(self):
        return self.start_index() + len(self.object_list) - 1


def list_page(request, qs, per_page):
    """The page of an HTML list asked for by `?page=`, counted as cheaply as `?count=exact` allows."""
    paginator = ListPaginator(qs, per_page, exact=request.GET.get("count") == "exact")
    return paginator.get_page(request.GET.get("page"))

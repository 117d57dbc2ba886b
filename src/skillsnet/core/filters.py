"""One FilterSet per model, shared by the UI list and the API: `q` searches every name, `sort` orders."""
import django_filters
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from django.utils.translation import gettext_lazy as _

from . import refcache
from .scoping import for_user


def reference_choices(field):
    """The (value, label) options of a model-choice form field over reference data, built once per process,
    language and query (core.refcache; a filter form offers ~250 countries and ~120 fields of education on every
    list page: reading and labelling them was a third of the page's time), with its key. None for any other
    field."""
    from django.forms import ModelChoiceField
    from django.utils import translation

    queryset = getattr(field, "queryset", None)
    if not isinstance(field, ModelChoiceField) or queryset is None or not refcache.is_reference(queryset.model):
        return None

    def build():
        options = [("", field.empty_label)] if field.empty_label is not None else []
        # labels as plain text in this language (a lazy label would be translated again at every render)
        return options + [(str(getattr(obj, field.to_field_name or "pk")), str(field.label_from_instance(obj)))
                          for obj in queryset]

    key = ("choices", str(queryset.query), field.to_field_name, type(field).__name__, str(field.empty_label),
           translation.get_language())
    return key, refcache.cached(key, build)


def _remember_options(widget, options_key, options):
    """The widget's options (Django builds a dict per option on every render: a third of a list page's form
    time) kept with the choices for the values a user can pick: no filter, or one value the list offers. Any
    other value (a hand-typed query string, several values) is built as usual, so nothing a visitor types grows
    the memory."""
    build = widget.optgroups
    offered = refcache.cached(("offered",) + options_key, lambda: frozenset(str(v) for v, _l in options))

    def optgroups(name, value, attrs=None):
        chosen = tuple(str(v) for v in (value or ()))
        if len(chosen) > 1 or any(v not in offered for v in chosen if v != ""):
            return build(name, value, attrs)  # several values of a multiple choice: combinations are unbounded
        key = ("optgroups",) + options_key + (name, chosen, repr(sorted((attrs or {}).items())))
        return refcache.cached(key, lambda: build(name, value, attrs))

    widget.optgroups = optgroups


def _scoped(queryset, user):
    def choices(request):
        qs = queryset(request) if callable(queryset) else queryset
        return for_user(qs if qs is not None else qs, user, "view")

    return choices


def _without_hidden_orderings(ordering, model, user):
    """An ordering filter without the sorts by a linked personal record the user may not read (the order of the
    rows would tell the hidden names, or which rows share one approver): not offered, and ignored if asked for."""
    from .privacy import search_guards

    hidden = set(search_guards(user, model, list(ordering.param_map.values())))
    if not hidden:
        return
    params = {p for p, f in ordering.param_map.items() if f in hidden}
    ordering.param_map = {p: f for p, f in ordering.param_map.items() if p not in params}
    choices = ordering.extra.get("choices")
    if choices:
        ordering.extra["choices"] = [(v, label) for v, label in choices if v.lstrip("-") not in params]
    ordering.__dict__.pop("_field", None)  # a form field built before (the class's filter, copied): built again


def named_filters(filters, data, prefix=None):
    """The filters of `filters` whose form field a key of `data` names: the filter's own name, or the name with a
    suffix (a range's `_min`/`_max`, `_after`/`_before`, a multi-widget's `_0`): kept whenever in doubt."""
    keys = list(data.keys())
    start = f"{prefix}-" if prefix else ""
    return {name: f for name, f in filters.items() if any(key.startswith(start + name) for key in keys)}


class NamedFiltersBackend(DjangoFilterBackend):
    """django-filter's backend, filtering with the filters the request names only (`named_filters`); its
    browsable-API form (`to_html`) still shows every filter."""

    def filter_queryset(self, request, queryset, view):
        self._named_only = True
        try:
            return super().filter_queryset(request, queryset, view)
        finally:
            self._named_only = False

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        filterset_class = self.get_filterset_class(view, queryset)
        if getattr(self, "_named_only", False) and filterset_class is not None \
                and issubclass(filterset_class, BaseFilterSet):
            kwargs["named_only"] = True
        return kwargs


class BaseFilterSet(django_filters.FilterSet):
    """Every choice a filter offers (people, organisations, any linked record) is limited with for_user:
    a dropdown never lists what the user may not see, and filtering by such an id matches nothing."""

    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    #: text fields searched by q when the model has no search_text column
    search_fields = ("name",)

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, named_only=False):
        if named_only and data is not None:
            # only the filters the data names (the API's filtering, which shows no form): django-filter deep-copies
            # every filter and builds a form field for each on every request (~4 ms of a list API page), and a
            # filter the data does not name filters nothing (its empty value: tests/core/test_filters_named.py)
            self.base_filters = named_filters(type(self).base_filters, data, prefix)
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        if user is None:
            from django.contrib.auth.models import AnonymousUser

            user = AnonymousUser()
        self._user = user
        for f in self.filters.values():
            if isinstance(f, QuerySetRequestMixin) and getattr(f, "queryset", None) is not None:
                f.queryset = _scoped(f.queryset, user)
            elif isinstance(f, django_filters.OrderingFilter):
                _without_hidden_orderings(f, self._meta.model, user)

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_skillsnet_reference_choices", False):
            form._skillsnet_reference_choices = True
            from django.forms import ModelChoiceField

            from .pickers import choices_when_shown

            for field in form.fields.values():
                found = reference_choices(field)
                if found is not None:
                    key, options = found
                    field.widget.choices = options  # shown from memory; the field still validates on its query
                    _remember_options(field.widget, key, options)
                elif isinstance(field, ModelChoiceField) and field.queryset is not None:
                    choices_when_shown(field, self._user)  # thousands of records: a search box, not a <select>
        return form

    def filter_q(self, queryset, name, value):
        from .pickers import text_filter

        return text_filter(queryset, value, self.search_fields, user=self._user)


def filterset_for(config):
    if config.filterset:
        return config.filterset
    model = config.model
    simple = []
    for name in config.fields:
        field = model._meta.get_field(name)
        if field.choices or field.many_to_one or field.get_internal_type() == "BooleanField":
            simple.append(name)
    sortable = [c for c in (config.list_columns or []) if c != "__str__" and "__" not in c
                and not model._meta.get_field(c).many_to_many] if config.list_columns else []
    text_fields = [f.name for f in model._meta.fields if f.get_internal_type() in ("CharField", "TextField")
                   and not f.choices][:6]
    attrs = {
        "Meta": type("Meta", (), {"model": model, "fields": simple}),
        "sort": django_filters.OrderingFilter(fields=[(c, c) for c in sortable] + [("updated_at", "updated_at")]
                                              if hasattr(model, "updated_at") else [(c, c) for c in sortable],
                                              label=_("Sort")),
        "search_fields": tuple(text_fields) or ("pk",),
    }
    return type(f"{model.__name__}FilterSet", (BaseFilterSet,), attrs)

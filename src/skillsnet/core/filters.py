"""One FilterSet per model, shared by the UI list and the API: `q` searches every name, `sort` orders."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .text import compact, normalize


class BaseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Search"))

    #: text fields searched by q when the model has no search_text column
    search_fields = ("name",)

    def filter_q(self, queryset, name, value):
        value = (value or "").strip()[:200]
        if not value:
            return queryset
        model = queryset.model
        if any(f.name == "search_text" for f in model._meta.get_fields()):
            return queryset.filter(Q(search_text__contains=normalize(value)) | Q(search_text__contains=compact(value)))
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


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

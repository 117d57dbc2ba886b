"""One FilterSet per model, shared by the UI lists, the calendar and the API."""
import datetime

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns
from skillsnet.directory.models import Organisation

from .models import ActivityOrganisation, ActivityOutcome, Activity, AgendaItem, FollowUpAction, Initiative, InitiativeSite


@extend_schema_field(OpenApiTypes.INT)
class OrganisationFilter(django_filters.ModelChoiceFilter):
    """An organisation by id, matched through a filter method (host or partner; lead, partner or site)."""


class ActivityFilterSet(BaseFilterSet):
    organisation = OrganisationFilter(
        method="filter_organisation", queryset=Organisation.objects.all(), label=_("Host or partner"))
    date_from = django_filters.DateFilter(method="filter_date_from", label=_("Ends on or after"))
    date_to = django_filters.DateFilter(method="filter_date_to", label=_("Starts on or before"))
    top_level = django_filters.BooleanFilter(field_name="parent", lookup_expr="isnull", label=_("Not part of another"))
    sort = django_filters.OrderingFilter(fields=[("start", "start"), ("end", "end"), ("period", "period"),
                                                 ("title", "title"), ("kind", "kind"), ("host__name", "host"),
                                                 ("country", "country"), ("updated_at", "updated_at")],
                                         label=_("Sort"))

    class Meta:
        model = Activity
        fields = ["kind", "mode", "country", "host", "initiative", "agreement", "parent"]

    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        # host, or a role (a semi-join on the roles' organisation index): no LEFT JOIN with an OR across it
        return queryset.filter(Q(host=value) | Q(pk__in=ActivityOrganisation.objects.filter(
            organisation=value).values("activity_id")))

    def filter_date_from(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(Q(end__gte=value) | Q(end__isnull=True, start__gte=value))

    def filter_date_to(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(start__lte=value)


class InitiativeFilterSet(BaseFilterSet):
    search_fields = (*all_columns("name"), "focus", "description")
    organisation = OrganisationFilter(
        method="filter_organisation", queryset=Organisation.objects.all(), label=_("Lead, partner or site"))
    sort = django_filters.OrderingFilter(fields=[("name", "name"), ("lead__name", "lead"), ("focus", "focus"),
                                                 ("start", "start"), ("updated_at", "updated_at")],
                                         label=_("Sort"))

    class Meta:
        model = Initiative
        fields = ["lead", "agreement"]

    def filter_organisation(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=initiatives_of(value).values("pk"))


def initiatives_of(organisation):
    """Programmes the organisation leads, partners or hosts a site of."""
    return Initiative.objects.filter(Q(lead=organisation) | Q(partners=organisation)
                                     | Q(sites__organisation=organisation)).distinct()


def _simple(model, fields, search):
    meta = type("Meta", (), {"model": model, "fields": fields})
    return type(f"{model.__name__}FilterSet", (BaseFilterSet,), {"Meta": meta, "search_fields": search})


ActivityOrganisationFilterSet = _simple(ActivityOrganisation, ["activity", "organisation", "role"],
                                        ("organisation__search_text", "activity__search_text", "note"))
AgendaItemFilterSet = _simple(AgendaItem, ["activity", "speaker"], ("title", "notes"))
ActivityOutcomeFilterSet = _simple(ActivityOutcome, ["activity", "kind", "agreement", "initiative"], ("description",))
InitiativeSiteFilterSet = _simple(InitiativeSite, ["initiative", "organisation", "country"], ("city", "number_of_sites"))


class FollowUpActionFilterSet(BaseFilterSet):
    search_fields = ("what",)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    sort = django_filters.OrderingFilter(fields=[("due", "due"), ("status", "status"), ("what", "what"),
                                                 ("activity__title", "activity"),
                                                 ("owner_organisation__name", "owner_organisation")],
                                         label=_("Sort"))

    class Meta:
        model = FollowUpAction
        fields = ["activity", "owner_organisation", "owner_person", "status"]

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = Q(status=FollowUpAction.Status.OPEN, due__lt=datetime.date.today())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

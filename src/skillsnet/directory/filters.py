import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet

from .models import Contact, Facility, Membership, Organisation, Programme, Subdivision


class OrganisationFilterSet(BaseFilterSet):
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), queryset=Subdivision.objects.filter(organisations__isnull=False).distinct())
    network = django_filters.ModelChoiceFilter(
        field_name="memberships__network", label=_("Member of"), distinct=True,
        queryset=Organisation.objects.filter(kind=Organisation.Kind.NETWORK))
    sort = django_filters.OrderingFilter(fields=[("name", "name"), ("kind", "kind"), ("country", "country"),
                                                 ("updated_at", "updated_at")], label=_("Sort"))

    class Meta:
        model = Organisation
        fields = ["kind", "country", "province", "fields"]


class ProgrammeFilterSet(BaseFilterSet):
    search_fields = ("title", "title_zh_hans", "title_lo", "title_km", "title_id", "level")
    country = django_filters.CharFilter(field_name="organisation__country", label=_("Country"))
    sort = django_filters.OrderingFilter(fields=[("title", "title"), ("organisation__name", "organisation"),
                                                 ("annual_intake", "annual_intake")], label=_("Sort"))

    class Meta:
        model = Programme
        fields = ["organisation", "isced_field", "isco_occupation", "languages"]


class FacilityFilterSet(BaseFilterSet):
    search_fields = ("name", "description")
    sort = django_filters.OrderingFilter(fields=[("name", "name"), ("kind", "kind")], label=_("Sort"))

    class Meta:
        model = Facility
        fields = ["organisation", "kind"]


class MembershipFilterSet(BaseFilterSet):
    search_fields = ("member__search_text", "network__search_text")
    active = django_filters.BooleanFilter(field_name="left_on", lookup_expr="exact", exclude=True,
                                          label=_("Left"), method="filter_active")
    sort = django_filters.OrderingFilter(fields=[("joined_on", "joined_on"), ("member__name", "member")],
                                         label=_("Sort"))

    class Meta:
        model = Membership
        fields = ["network", "member", "role"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(left_on="") if value else queryset.exclude(left_on="")


class ContactFilterSet(BaseFilterSet):
    search_fields = ("name", "position", "email")

    class Meta:
        model = Contact
        fields = ["organisation", "is_focal_point"]

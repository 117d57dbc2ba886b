import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet

from .models import Affiliation, Participation, Person


class PersonFilterSet(BaseFilterSet):
    country = django_filters.CharFilter(field_name="organisation__country", label=_("Country of organisation"))
    sort = django_filters.OrderingFilter(fields=[("name", "name"), ("organisation__name", "organisation"),
                                                 ("kind", "kind"), ("updated_at", "updated_at")], label=_("Sort"))

    class Meta:
        model = Person
        fields = ["organisation", "kind", "sex", "nationality", "has_disability", "disadvantaged_youth",
                  "consent_given"]


class AffiliationFilterSet(BaseFilterSet):
    search_fields = ("title", "person__search_text", "organisation__search_text")
    sort = django_filters.OrderingFilter(fields=[("start", "start"), ("as_of", "as_of"), ("person__name", "person"),
                                                 ("title", "title")], label=_("Sort"))

    class Meta:
        model = Affiliation
        fields = ["person", "organisation"]


class ParticipationFilterSet(BaseFilterSet):
    search_fields = ("person__search_text", "activity__title", "notes")
    # the country of the person's organisation, read from its copy on the row (people/scope.py): no join
    country = django_filters.CharFilter(field_name="scope_person_country", label=_("Country of organisation"))
    sort = django_filters.OrderingFilter(fields=[("activity__start", "activity"), ("person__name", "person"),
                                                 ("role", "role"), ("hours", "hours")], label=_("Sort"))

    class Meta:
        model = Participation
        fields = ["person", "activity", "role", "registered", "attended", "completed", "assessment"]

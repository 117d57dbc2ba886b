"""One FilterSet per model, shared by the UI lists and the API."""
import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns
from skillsnet.directory.models import Organisation

from .models import AreaOfCooperation, Agreement, Commitment, Contribution, Document, Party, Signatory


class AgreementFilterSet(BaseFilterSet):
    search_fields = (*all_columns("title"), "reference_number", "summary")
    party = django_filters.ModelChoiceFilter(field_name="parties__organisation", queryset=Organisation.objects.all(),
                                             label=_("Party"), distinct=True)
    sort = django_filters.OrderingFilter(fields=[("title", "title"), ("kind", "kind"), ("status", "status"),
                                                 ("signed_on", "signed_on"), ("updated_at", "updated_at")],
                                         label=_("Sort"))

    class Meta:
        model = Agreement
        fields = ["kind", "status", "amends", "areas", "countries_covered", "signed_country"]

    def filter_q(self, queryset, name, value):
        return super().filter_q(queryset, name, value).distinct()


class PartyFilterSet(BaseFilterSet):
    search_fields = ("organisation__search_text", "agreement__title")

    class Meta:
        model = Party
        fields = ["agreement", "organisation", "role"]


class SignatoryFilterSet(BaseFilterSet):
    search_fields = ("name", "person__name", "title_at_signing")

    class Meta:
        model = Signatory
        fields = ["agreement", "person", "organisation", "role"]


class CommitmentFilterSet(BaseFilterSet):
    search_fields = ("description",)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    sort = django_filters.OrderingFilter(fields=[("due_on", "due_on"), ("status", "status")], label=_("Sort"))

    class Meta:
        model = Commitment
        fields = ["agreement", "responsible_organisation", "responsible_person", "status"]

    def filter_overdue(self, queryset, name, value):
        overdue = {"status": Commitment.Status.OPEN, "due_on__lt": timezone.localdate()}
        if value is None:
            return queryset
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class DocumentFilterSet(BaseFilterSet):
    search_fields = ("title",)

    class Meta:
        model = Document
        fields = ["agreement", "language"]


class ContributionFilterSet(BaseFilterSet):
    search_fields = ("note", "currency")
    sort = django_filters.OrderingFilter(fields=[("amount", "amount"), ("promised_on", "promised_on")],
                                         label=_("Sort"))

    class Meta:
        model = Contribution
        fields = ["agreement", "funder", "currency"]


class AreaOfCooperationFilterSet(BaseFilterSet):
    search_fields = ("code", *all_columns("name"))

    class Meta:
        model = AreaOfCooperation
        fields = []

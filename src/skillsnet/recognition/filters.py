"""One FilterSet per model, shared by the lists and the API."""
import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns

from .models import (CompetencyUnit, Framework, Level, LevelReference, Qualification, QualificationUnit,
                     RecognitionCase, UnitLink)


def _sort(*names):
    return django_filters.OrderingFilter(fields=[(n, n.split("__")[0]) for n in names], label=_("Sort"))


class FrameworkFilterSet(BaseFilterSet):
    search_fields = ("code", "short_name", *all_columns("name"))
    sort = _sort("code", "kind", "country")

    class Meta:
        model = Framework
        fields = ["kind", "country"]


class LevelFilterSet(BaseFilterSet):
    search_fields = ("code", *all_columns("title"))
    sort = _sort("framework__code", "order", "code")

    class Meta:
        model = Level
        fields = ["framework"]


class LevelReferenceFilterSet(BaseFilterSet):
    search_fields = ("level__code", "level__title", "source", "validated_by", "note")
    framework = django_filters.ModelChoiceFilter(field_name="level__framework", queryset=Framework.objects.all(),
                                                 label=_("Framework"))
    sort = _sort("level__order", "status", "updated_at")

    class Meta:
        model = LevelReference
        fields = ["status", "aqrf_level"]


class CompetencyUnitFilterSet(BaseFilterSet):
    search_fields = ("code", *all_columns("title"), "alignment", "standard_body")
    sort = _sort("code", "country", "nominal_hours")

    class Meta:
        model = CompetencyUnit
        fields = ["country", "level", "isco_occupation", "alignment_kind"]


class UnitLinkFilterSet(BaseFilterSet):
    search_fields = ("unit_a__code", "unit_b__code", "unit_a__title", "unit_b__title", "notes")
    sort = _sort("decided_on", "relation")

    class Meta:
        model = UnitLink
        fields = ["relation", "unit_a", "unit_b"]


class QualificationFilterSet(BaseFilterSet):
    sort = _sort("title", "country", "status", "updated_at")

    class Meta:
        model = Qualification
        fields = ["country", "status", "awarding_body", "level", "isco_occupation", "isced_field"]


class QualificationUnitFilterSet(BaseFilterSet):
    search_fields = ("unit__code", "unit__title", "qualification__title")

    class Meta:
        model = QualificationUnit
        fields = ["qualification", "unit", "kind"]


class RecognitionCaseFilterSet(BaseFilterSet):
    search_fields = ("person__search_text", "qualification__title", "credential_reference")
    origin_country = django_filters.CharFilter(field_name="qualification__country", label=_("Origin country"))
    sort = _sort("created_at", "status", "outcome", "target_country")

    class Meta:
        model = RecognitionCase
        fields = ["status", "outcome", "purpose", "target_country", "qualification", "person"]

"""One FilterSet per model, shared by the lists and the API."""
import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.i18n import all_columns

from .models import Adoption, Curriculum, CurriculumVersion, Module


def _sort(*names):
    return django_filters.OrderingFilter(fields=[(n, n.split("__")[0]) for n in names], label=_("Sort"))


class CurriculumFilterSet(BaseFilterSet):
    country = django_filters.CharFilter(field_name="co_authors__country", label=_("Country of a co-author"),
                                        distinct=True)
    sort = _sort("title", "status", "updated_at")

    class Meta:
        model = Curriculum
        fields = ["status", "co_authors", "target_qualification", "target_occupation", "languages"]


class CurriculumVersionFilterSet(BaseFilterSet):
    search_fields = ("curriculum__title", "notes")
    sort = _sort("number", "date")

    class Meta:
        model = CurriculumVersion
        fields = ["curriculum", "published"]


class ModuleFilterSet(BaseFilterSet):
    search_fields = ("code", *all_columns("title"))
    curriculum = django_filters.ModelChoiceFilter(field_name="curriculum_version__curriculum",
                                                  queryset=Curriculum.objects.all(), label=_("Curriculum"))
    sort = _sort("code", "order", "hours")

    class Meta:
        model = Module
        fields = ["curriculum_version", "kind", "units"]


class AdoptionFilterSet(BaseFilterSet):
    search_fields = ("organisation__search_text", "curriculum_version__curriculum__title", "notes")
    country = django_filters.CharFilter(field_name="organisation__country", label=_("Country"))
    curriculum = django_filters.ModelChoiceFilter(field_name="curriculum_version__curriculum",
                                                  queryset=Curriculum.objects.all(), label=_("Curriculum"))
    sort = _sort("date", "trainees", "kind")

    class Meta:
        model = Adoption
        fields = ["organisation", "curriculum_version", "kind"]

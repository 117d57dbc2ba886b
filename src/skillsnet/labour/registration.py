"""Registers the labour-market models with the generic views, API, import (CSV/XLSX) and export."""
import django_filters
from django.utils.translation import gettext_lazy as _

from skillsnet.core.filters import BaseFilterSet
from skillsnet.core.registry import Panel, add_panel, register
from skillsnet.directory.models import IscoOccupation

from .models import ActivityOccupation, DemandSignal, TracerRecord

DEMAND_FIELDS = ["occupation", "country", "province", "sector", "size_kind", "quantity", "level", "horizon", "date",
                 "source_title", "source_url", "source_date", "mapping_note", "notes"]


class DemandSignalFilterSet(BaseFilterSet):
    search_fields = ("sector", "source_title", "occupation__title", "notes")
    sort = django_filters.OrderingFilter(fields=[("date", "date"), ("country", "country"),
                                                 ("occupation", "occupation"), ("quantity", "quantity")],
                                         label=_("Sort"))

    class Meta:
        model = DemandSignal
        fields = ["country", "occupation", "size_kind", "level"]


class TracerRecordFilterSet(BaseFilterSet):
    search_fields = ("person__name", "sector")
    sort = django_filters.OrderingFilter(fields=[("person", "person"), ("status", "status"),
                                                 ("months_after", "months_after")], label=_("Sort"))

    class Meta:
        model = TracerRecord
        fields = ["status", "months_after", "abroad", "country"]


register(
    DemandSignal,
    fields=DEMAND_FIELDS,
    list_columns=["occupation", "country", "sector", "size_kind", "quantity", "level", "horizon", "date"],
    filterset=DemandSignalFilterSet,
    import_key=("occupation", "country", "date", "source_title"),
    select_related=("occupation", "country", "province"),
    menu="labour",
)
register(
    ActivityOccupation,
    fields=["activity", "isco_occupation"],
    list_columns=["activity", "isco_occupation"],
    import_key=("activity", "isco_occupation"),
    select_related=("activity", "isco_occupation"),
    menu="labour",
)
register(
    TracerRecord,
    fields=["person", "participation", "months_after", "status", "sector", "occupation", "abroad", "country",
            "surveyed_on", "notes"],
    list_columns=["person", "months_after", "status", "sector", "abroad", "country"],
    filterset=TracerRecordFilterSet,
    import_key=("person", "participation", "months_after"),
    select_related=("person", "participation", "country", "occupation"),
    menu="labour",
)
add_panel(IscoOccupation, Panel(_("Skills-demand signals"), DemandSignal, "occupation",
                                ["country", "sector", "level", "quantity", "date"]))

from skillsnet.people.models import Person  # noqa: E402

add_panel(Person, Panel(_("Employment after training"), TracerRecord, "person",
                        ["months_after", "status", "sector", "abroad", "country"]))

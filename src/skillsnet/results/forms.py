from django import forms
from django.utils.translation import gettext_lazy as _

from skillsnet.core.forms import VersionedModelForm

from .measures import MEASURE_CHOICES
from .models import DISAGGREGATIONS, Indicator


class IndicatorForm(VersionedModelForm):
    """Measure type from a list, filters as JSON (validated against the measure's schema), disaggregations
    as tick boxes."""

    measure = forms.ChoiceField(label=_("measure"), choices=[("", "—")] + MEASURE_CHOICES, required=False)
    denominator_measure = forms.ChoiceField(label=_("denominator measure"), choices=[("", "—")] + MEASURE_CHOICES,
                                            required=False, help_text=_("For a percentage only."))
    disaggregations = forms.MultipleChoiceField(label=_("disaggregations"), choices=DISAGGREGATIONS, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Indicator
        fields = ["node", "code", "name", "name_zh_hans", "name_lo", "name_km", "name_id", "definition", "unit",
                  "direction", "method", "measure", "filters", "denominator_measure", "denominator_filters",
                  "disaggregations", "baseline_value", "baseline_year", "baseline_note"]

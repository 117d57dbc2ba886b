from django import forms
from django.utils.translation import gettext_lazy as _

from skillsnet.core.forms import VersionedModelForm

from .measures import MEASURE_CHOICES
from .models import DISAGGREGATIONS, Indicator, IndicatorValue


class IndicatorForm(VersionedModelForm):
    """Measure type from a list, filters as JSON (validated against the measure's schema), disaggregations
    as tick boxes."""

    # callables: a measure type another app registers later (measures.register_measure) is offered too
    measure = forms.ChoiceField(label=_("measure"), choices=lambda: [("", "—")] + MEASURE_CHOICES, required=False)
    denominator_measure = forms.ChoiceField(label=_("denominator measure"),
                                            choices=lambda: [("", "—")] + MEASURE_CHOICES,
                                            required=False, help_text=_("For a percentage only."))
    disaggregations = forms.MultipleChoiceField(label=_("disaggregations"), choices=DISAGGREGATIONS, required=False,
                                                widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Indicator
        fields = ["node", "code", "name", "name_zh_hans", "name_lo", "name_km", "name_id", "definition", "unit",
                  "direction", "method", "measure", "filters", "denominator_measure", "denominator_filters",
                  "disaggregations", "baseline_value", "baseline_year", "baseline_note"]


def dimension_categories(dimension, indicator):
    """[(value, label)] of a disaggregation, for one input per cell (None: free values, no inputs)."""
    from django.apps import apps

    from .facts import AGE_GROUP_CODES

    if dimension == "sex":
        return list(apps.get_model("people", "Person").Sex.choices)
    if dimension == "participant_kind":
        return list(apps.get_model("people", "Person").Kind.choices)
    if dimension == "organisation_kind":
        return list(apps.get_model("directory", "Organisation").Kind.choices)
    if dimension == "age_group":
        return [(c, c.replace("_", "–").replace("–plus", "+")) for c in AGE_GROUP_CODES]
    if dimension in ("disability", "disadvantaged_youth"):
        return [(True, _("yes")), (False, _("no"))]
    if dimension == "country":
        countries = list(indicator.node.project.recipient_countries.all())
        return [(c.code, str(c)) for c in countries] or None
    return None


class IndicatorValueForm(VersionedModelForm):
    """A value entered by hand: the total, then one input per disaggregation cell (no JSON typing). The parts
    of each disaggregation must add up to the total (checked by the model)."""

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "period", "country", "value", "numerator", "denominator", "evidence_file",
                  "evidence_url", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = self._indicator()
        self.cells = []  # (field name, dimension, value, part)
        if self.indicator is None:
            self.fields["indicator"].help_text = _("Choose the indicator and save: the form then offers one input "
                                                   "per disaggregation cell.")
            return
        percentage = self.indicator.unit == Indicator.Unit.PERCENTAGE
        existing = {(tuple(r["dims"].items())): r for r in (self.instance.breakdown or [])} if self.instance.pk else {}
        for dimension in self.indicator.disaggregations or []:
            categories = dimension_categories(dimension, self.indicator)
            for value, label in categories or []:
                row = existing.get(((dimension, value),), {})
                for part in (("numerator", "denominator") if percentage else ("value",)):
                    name = f"cell__{dimension}__{value}__{part}"
                    self.fields[name] = forms.DecimalField(
                        label=f"{DIMENSION_LABELS.get(dimension, dimension)}: {label}"
                              + (f" ({_(part)})" if percentage else ""),
                        required=False, min_value=0, max_digits=18, decimal_places=2, initial=row.get(part))
                    self.cells.append((name, dimension, value, part))

    def _indicator(self):
        if self.instance.pk and self.instance.indicator_id:
            return self.instance.indicator
        raw = self.data.get("indicator") if self.is_bound else self.initial.get("indicator")
        raw = getattr(raw, "pk", raw)
        try:
            return Indicator.objects.select_related("node__project").get(pk=int(raw))
        except (Indicator.DoesNotExist, TypeError, ValueError):
            return None

    def clean(self):
        cleaned = super().clean()
        rows = {}
        for name, dimension, value, part in self.cells:
            amount = cleaned.get(name)
            if amount is None:
                continue
            row = rows.setdefault((dimension, value), {"dims": {dimension: value}})
            row[part] = str(amount)
        self.breakdown = list(rows.values())
        if self.indicator is not None and self.breakdown:
            probe = IndicatorValue(indicator=self.indicator, breakdown=self.breakdown,
                                   **{k: cleaned.get(k) for k in ("value", "numerator", "denominator")})
            probe.disaggregations_at_entry = self.instance.disaggregations_at_entry
            problem = probe.breakdown_problem(self.indicator.unit)
            if problem:
                raise forms.ValidationError(problem)
        self.instance.breakdown = self.breakdown
        return cleaned

    def service_data(self):
        return {**super().service_data(), "breakdown": getattr(self, "breakdown", [])}


DIMENSION_LABELS = dict(DISAGGREGATIONS)

from django import forms
from django.utils.translation import gettext_lazy as _

from skillsnet.directory.models import Country

from .models import Outcome, Purpose, Qualification


MAX_ID = 2**31 - 1


class QualificationChoices(forms.ModelMultipleChoiceField):
    """Qualifications by id; an id that is not a whole number in range is refused before any query."""

    def _check_values(self, value):
        for pk in value:
            if not str(pk).isdigit() or int(pk) > MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                            params={"pk": pk})
        return super()._check_values(value)


class AssessForm(forms.Form):
    qualification = forms.ModelChoiceField(Qualification.objects.none(), label=_("Qualification held"))
    target_country = forms.ModelChoiceField(Country.objects.none(), label=_("Target country"))
    purpose = forms.ChoiceField(choices=Purpose.choices, label=_("Purpose of recognition"))
    compare_with = QualificationChoices(
        Qualification.objects.none(), required=False, label=_("Compare with"),
        help_text=_("Leave empty to compare with the engine's best proposal; tick proposals to compare with them."))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Qualification.objects.for_user(user, "view").select_related("country")
        self.fields["qualification"].queryset = visible.exclude(status=Qualification.Status.WITHDRAWN)
        active = visible.filter(status=Qualification.Status.ACTIVE)
        self.fields["target_country"].queryset = Country.objects.filter(pk__in=active.values("country"))
        self.fields["compare_with"].queryset = active

    def clean(self):
        data = super().clean()
        country = data.get("target_country")
        if country and any(q.country_id != country.pk for q in data.get("compare_with") or []):
            self.add_error("compare_with", _("Choose qualifications of the target country."))
        return data


class CompareForm(forms.Form):
    """The assessor's choice of comparison qualifications for a case."""

    compared_with = QualificationChoices(Qualification.objects.none(), required=False, label=_("Compare with"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["compared_with"].queryset = Qualification.objects.for_user(user, "view").filter(
                country=case.target_country_id, status=Qualification.Status.ACTIVE)


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Outcome"))
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20000, label=_("Reasons"),
                              help_text=_("One reason per line; they are given to the applicant."))
    conditions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False,
                                 label=_("Conditions and top-ups"),
                                 help_text=_("Top-up modules (with hours), skills assessment... one per line."))
    target_qualification = forms.ModelChoiceField(Qualification.objects.none(), required=False,
                                                  label=_("Recognised as"))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, case=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["target_qualification"].queryset = Qualification.objects.for_user(user, "view").filter(
                country=case.target_country_id).exclude(status=Qualification.Status.WITHDRAWN)

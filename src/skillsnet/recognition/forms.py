from django import forms
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict
from skillsnet.directory.models import Country

from .models import Outcome, Purpose, Qualification


class AssessForm(forms.Form):
    qualification = forms.ModelChoiceField(Qualification.objects.none(), label=_("Qualification held"))
    target_country = forms.ModelChoiceField(Country.objects.none(), label=_("Target country"))
    purpose = forms.ChoiceField(choices=Purpose.choices, label=_("Purpose of recognition"))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = restrict(Qualification.objects.select_related("country"), user, "view")
        self.fields["qualification"].queryset = visible.exclude(status=Qualification.Status.WITHDRAWN)
        countries = visible.filter(status=Qualification.Status.ACTIVE).values("country")
        self.fields["target_country"].queryset = Country.objects.filter(pk__in=countries)


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

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:
            self.fields["target_qualification"].queryset = Qualification.objects.filter(
                country=case.target_country_id).exclude(status=Qualification.Status.WITHDRAWN)

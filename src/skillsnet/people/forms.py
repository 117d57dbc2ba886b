from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participation, Person


class SummaryFilterForm(forms.Form):
    """Filters of the participation summary (the names match queries.FILTERS)."""

    year = forms.IntegerField(label=_("Year of the activity"), required=False, min_value=1900, max_value=2200)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Person.Sex.choices])
    kind = forms.ChoiceField(label=_("Kind of person"), required=False, choices=[("", "—"), *Person.Kind.choices])
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", "—"), *Participation.Role.choices])
    country = forms.CharField(label=_("Country code of the organisation"), required=False, max_length=2)
    completed = forms.NullBooleanField(label=_("Completed"), required=False)


class MergeForm(forms.Form):
    """Merge a duplicate into the person shown: choose it, confirm, give a reason."""

    merge_id = forms.TypedChoiceField(label=_("Duplicate to merge into this person"), coerce=int, required=False,
                                      widget=forms.RadioSelect)
    other_id = forms.IntegerField(label=_("…or the id of another person"), required=False, min_value=1)
    confirm = forms.BooleanField(label=_("I have checked that both records are the same person."), required=True)
    reason = forms.CharField(label=_("Reason (kept in the history)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge_id"].choices = [(d.second.pk, f"{d.second} (id {d.second.pk}) — {d.score}%")
                                           for d in candidates]

    def clean(self):
        data = super().clean()
        chosen = data.get("other_id") or data.get("merge_id")
        if not chosen:
            raise forms.ValidationError(_("Choose the duplicate to merge."))
        data["duplicate"] = chosen
        return data

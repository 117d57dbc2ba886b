from django import forms
from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from skillsnet.accounts.permissions import restrict

from .models import Activity


class CalendarFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("all kinds")), *Activity.Kind.choices])
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("all countries")), *[(c.pk, str(c)) for c in countries]]


class RegistrationForm(forms.Form):
    """Register a person of a host or partner organisation for the activity (people.Participation)."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    new_name = forms.CharField(label=_("or a new person's name"), required=False, max_length=200,
                               help_text=_("Not in the list? Type the name: the person is created and registered."))
    organisation = forms.ChoiceField(label=_("Organisation of the new person"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    registered = forms.BooleanField(label=_("registered"), required=False, initial=True)
    attended = forms.BooleanField(label=_("attended"), required=False)
    completed = forms.BooleanField(label=_("completed"), required=False)

    def __init__(self, *args, activity, user, **kwargs):
        super().__init__(*args, **kwargs)
        person = apps.get_model("people", "Person")
        participation = apps.get_model("people", "Participation")
        orgs = [activity.host_id, *activity.organisation_roles.values_list("organisation_id", flat=True)]
        qs = person.objects.filter(Q(organisation__in=[o for o in orgs if o]) | Q(participations__activity=activity))
        self.fields["person"].queryset = restrict(person.objects.filter(pk__in=qs.values("pk")), user, "view")
        from skillsnet.core.pickers import limit_choices

        limit_choices(self.fields["person"], user)  # a large host's staff and students: a search box
        self.fields["role"].choices = participation.Role.choices
        self.fields["organisation"].choices = organisation_choices(activity)

    def clean(self):
        data = super().clean()
        if not data.get("person") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Choose a person, or type a new person's name."))
        return data


def organisation_choices(activity):
    """The host first, then the partner organisations of the activity."""
    org = apps.get_model("directory", "Organisation")
    ids = [activity.host_id, *activity.organisation_roles.values_list("organisation_id", flat=True)]
    ids = [i for i in dict.fromkeys(ids) if i]
    orgs = {o.pk: o for o in org.objects.filter(pk__in=ids)}
    return [("", "—"), *[(i, str(orgs[i])) for i in ids if i in orgs]]


class PasteNamesForm(forms.Form):
    """Register several people at once: a pasted list of names, one per line."""

    names = forms.CharField(label=_("Names, one per line"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    organisation = forms.ChoiceField(label=_("Their organisation"), required=False)
    role = forms.ChoiceField(label=_("Role"))
    attended = forms.BooleanField(label=_("attended"), required=False)
    completed = forms.BooleanField(label=_("completed"), required=False)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = apps.get_model("people", "Participation").Role.choices
        self.fields["organisation"].choices = organisation_choices(activity)

    def clean_names(self):
        names = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if not names:
            raise forms.ValidationError(_("Type at least one name."))
        if len(names) > 200:
            raise forms.ValidationError(_("At most 200 names at a time."))
        return names

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

    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
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
        self.fields["role"].choices = participation.Role.choices

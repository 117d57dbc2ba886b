from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .rules import ROLES


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name (what the token is for)"), max_length=100, required=False)


class _CountryChoice(forms.ModelChoiceField):
    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class GrantRoleForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.filter(is_active=True).order_by("username"),
                                  to_field_name="username", widget=forms.TextInput,
                                  help_text=_("The user name."))
    role = forms.ChoiceField(label=_("Role"), choices=list(ROLES.items()))
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False,
                                          help_text=_("For the roles of one organisation (focal points)."))
    country = _CountryChoice(label=_("Country"), queryset=None, required=False,
                             help_text=_("For the roles of one country (country coordinators)."))
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        from skillsnet.core.pickers import limit_choices
        from skillsnet.directory.models import Country, Organisation

        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_user(user, "view")
        limit_choices(self.fields["organisation"], user)  # thousands of organisations: a search box
        self.fields["country"].queryset = Country.objects.order_by("name")

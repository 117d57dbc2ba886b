from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User
from .rules import ROLES


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name (what the token is for)"), max_length=100, required=False)


class GrantRoleForm(forms.Form):
    user = forms.ModelChoiceField(label=_("User"), queryset=User.objects.filter(is_active=True).order_by("username"),
                                  to_field_name="username", widget=forms.TextInput,
                                  help_text=_("The user name."))
    role = forms.ChoiceField(label=_("Role"), choices=list(ROLES.items()))
    organisation = forms.IntegerField(label=_("Organisation (id)"), required=False, min_value=1,
                                      max_value=2**62)
    country = forms.CharField(label=_("Country (code)"), required=False, max_length=2)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def clean_organisation(self):
        from skillsnet.directory.models import Organisation

        pk = self.cleaned_data.get("organisation")
        if pk is None:
            return None
        org = Organisation.objects.filter(pk=pk).first()
        if org is None:
            raise forms.ValidationError(_("No organisation with this id."))
        return org

    def clean_country(self):
        from skillsnet.directory.models import Country

        code = (self.cleaned_data.get("country") or "").strip().upper()
        if not code:
            return None
        country = Country.objects.filter(pk=code).first()
        if country is None:
            raise forms.ValidationError(_("No country with this code."))
        return country

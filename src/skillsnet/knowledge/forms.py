from django import forms
from django.utils.translation import gettext_lazy as _

from skillsnet.core.forms import LinesField, VersionedModelForm
from skillsnet.core.i18n import all_columns

from .models import Resource

RESOURCE_FIELDS = [*all_columns("title"), *all_columns("summary"), "kind", "access", "published", "tags", "fields",
                   "countries", "organisations", "file"]


class ResourceForm(VersionedModelForm):
    tags = LinesField(label=_("tags"), required=False, help_text=_("One per line."))

    class Meta:
        model = Resource
        fields = RESOURCE_FIELDS
        widgets = {c: forms.Textarea(attrs={"rows": 3}) for c in all_columns("summary")}


class ResourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("any"))] + list(Resource.Kind.choices))
    country = forms.CharField(label=_("country code"), required=False, max_length=2)

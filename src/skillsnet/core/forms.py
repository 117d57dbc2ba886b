from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .scoping import for_user


class LinesField(forms.CharField):
    """A list of short texts edited one per line (aliases, acronyms)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        for item in value:
            if len(item) > 300:
                raise forms.ValidationError(_("Each line may have at most 300 characters."))


class VersionedModelForm(forms.ModelForm):
    """Carries the version the user started from, for optimistic locking."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance and self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
                self._limit_choices(name, field)
        for name, field in self.fields.items():
            if isinstance(field.widget, (forms.SelectMultiple,)) and not isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs.setdefault("size", 6)
            if isinstance(field, forms.DateField):
                field.widget = forms.DateInput(attrs={"type": "date"})

    def _limit_choices(self, name, field):
        model = field.queryset.model
        # Choices only as far as the user may see them: a write cannot link a record its author may not see
        # (an anonymous form, e.g. registration, offers only public records).
        field.queryset = for_user(field.queryset, self.user, "view")
        if isinstance(field, forms.ModelMultipleChoiceField):
            return
        if model._meta.label_lower == "directory.subdivision":
            # provinces of the record's country, or of countries that have organisations
            Organisation = apps.get_model("directory", "Organisation")
            country = getattr(self.instance, "country_id", None) or self.data.get("country") or self.initial.get("country")
            countries = [country] if country else for_user(Organisation, self.user).values("country")
            field.queryset = field.queryset.filter(country__in=countries)
        from .pickers import limit_choices

        limit_choices(field, self.user)  # thousands of records: a search box instead of a <select>

    def service_data(self):
        """cleaned_data restricted to the model's fields (what the services take)."""
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}


def form_for(config):
    if config.form:
        return config.form

    def callback(field, **kwargs):
        if field.name in config.list_fields:
            return LinesField(label=field.verbose_name, required=not field.blank, help_text=field.help_text)
        return field.formfield(**kwargs)

    return forms.modelform_factory(config.model, form=VersionedModelForm, fields=list(config.fields),
                                   formfield_callback=callback)

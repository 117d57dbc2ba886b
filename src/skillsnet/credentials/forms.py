from django import forms
from django.utils.translation import gettext_lazy as _

from .models import IssuedCredential
from .verification import MAX_CREDENTIAL_BYTES


class UploadForm(forms.Form):
    max_bytes = MAX_CREDENTIAL_BYTES
    max_kb = MAX_CREDENTIAL_BYTES // 1024

    file = forms.FileField(label=_("Credential file (.json)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".json,.jsonld,application/json,"
                                                                            "application/ld+json"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(_("The file is too large for a credential (at most %(kb)s KB).")
                                        % {"kb": self.max_kb})
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revocation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the change log and shown to the issuer's staff, not on public pages."))


class SuspendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for suspension"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the change log and shown to the issuer's staff, not on public pages."))


class IssueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IssuedCredential.Kind.choices)
    record = forms.CharField(label=_("Record id"), max_length=64, help_text=_(
        "The id of the completed participation, the qualification or the recognition case."))
    person = forms.CharField(label=_("Holder (person id)"), max_length=64, required=False,
                             help_text=_("Only for a qualification."))
    issuer = forms.ModelChoiceField(label=_("Issuing organisation"), queryset=None, required=False, help_text=_(
        "Leave empty to use the host of the activity (or the body named in the record)."))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Note for the change log"), max_length=1000, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = organisations

    def clean(self):
        data = super().clean()
        if data.get("kind") == IssuedCredential.Kind.QUALIFICATION and not data.get("person"):
            self.add_error("person", _("Give the holder of the qualification."))
        return data

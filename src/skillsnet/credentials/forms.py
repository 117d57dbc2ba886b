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
    """What to issue: the kind, then the record it attests, chosen among the records the user may view (a search
    box over large tables, core.pickers), and for a qualification its holder. `record` (a hidden key) is still
    accepted, for links and scripts that name the record by its id."""

    kind = forms.ChoiceField(label=_("Kind"), choices=IssuedCredential.Kind.choices)
    participation = forms.ModelChoiceField(label=_("Completed participation"), queryset=None, required=False,
                                           help_text=_("For a completed-training credential."))
    qualification = forms.ModelChoiceField(label=_("Qualification"), queryset=None, required=False,
                                           help_text=_("For a qualification credential."))
    case = forms.ModelChoiceField(label=_("Recognition case"), queryset=None, required=False,
                                  help_text=_("For a recognition credential: a decided case."))
    person = forms.ModelChoiceField(label=_("Holder"), queryset=None, required=False,
                                    help_text=_("Only for a qualification."))
    record = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    issuer = forms.ModelChoiceField(label=_("Issuing organisation"), queryset=None, required=False, help_text=_(
        "Leave empty to use the host of the activity (or the body named in the record)."))
    valid_until = forms.DateField(label=_("Valid until"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Note for the change log"), max_length=1000, required=False)

    # the form field that names the record of each kind
    RECORD_FIELDS = {IssuedCredential.Kind.COMPLETED_TRAINING: "participation",
                     IssuedCredential.Kind.QUALIFICATION: "qualification",
                     IssuedCredential.Kind.RECOGNITION_DECISION: "case"}

    def __init__(self, *args, organisations=None, user=None, **kwargs):
        from django.apps import apps

        from skillsnet.core.pickers import choices_when_shown

        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = organisations
        models = {"participation": apps.get_model("people", "Participation").objects.filter(completed=True)
                  .select_related("person", "activity"),
                  "qualification": apps.get_model("recognition", "Qualification").objects.all(),
                  "case": apps.get_model("recognition", "RecognitionCase").objects.select_related(
                      "person", "qualification"),
                  "person": apps.get_model("people", "Person").objects.all()}
        for name, queryset in models.items():
            field = self.fields[name]
            field.queryset = queryset.for_user(user, "view")
            choices_when_shown(field, user)  # thousands of records: a search box, not a <select>

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        name = self.RECORD_FIELDS.get(kind)
        if name is None:
            return data
        chosen = data.get(name)
        if chosen is not None:
            data["record"] = str(chosen.pk)
        elif not data.get("record") and name not in self.errors:
            self.add_error(name, _("Choose the record the credential attests."))
        if kind == IssuedCredential.Kind.QUALIFICATION and not data.get("person") and "person" not in self.errors:
            self.add_error("person", _("Give the holder of the qualification."))
        return data

from django import forms
from django.utils.translation import gettext_lazy as _


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=300, required=False,
                            help_text=_("Leave empty to use the first line of the text."))
    source_url = forms.URLField(label=_("source address"), max_length=500, required=False)
    published = forms.DateField(label=_("published"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("Dates such as 'last Friday' are resolved against this date."))
    text = forms.CharField(label=_("text"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
                           help_text=_("Paste the article, or upload a file below."))
    file = forms.FileField(label=_("file"), required=False, help_text=_("TXT, HTML, DOCX or PDF."))

    def clean(self):
        data = super().clean()
        if not data.get("text", "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Paste the text of the article or upload a file."))
        return data

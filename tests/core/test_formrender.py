"""The Python rendering of <select> is the markup Django's own templates produce."""
from django import forms
from django.forms.renderers import DjangoTemplates

from skillsnet.core.formrender import Renderer


class Sample(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("a", "Alpha"), ("b&c", "B & <C>"), (3, "three")])
    grouped = forms.ChoiceField(choices=[("Asia", [("la", "Lao PDR"), ("kh", "Cambodia")]), ("x", "Elsewhere")])
    many = forms.MultipleChoiceField(choices=[(1, "one"), (2, "two"), (3, 'say "three"')], required=False)
    flagged = forms.ChoiceField(choices=[("y", "yes")], widget=forms.Select(attrs={
        "data-x": 'q"uote', "disabled": True, "hidden": False, "class": "wide"}))
    script = forms.ChoiceField(choices=[("ລາວ", "ພາສາລາວ"), ("中", "中文")])
    text = forms.CharField()


def test_select_markup_is_djangos():
    data = {"plain": "b&c", "grouped": "kh", "many": ["1", "3"], "flagged": "y", "script": "中", "text": "<x>"}
    for form in (Sample(), Sample(data)):
        for name in form.fields:
            fast = form[name].as_widget(form[name].field.widget, attrs=None)
            form.renderer = None
            ours = form[name].field.widget.render(name, form[name].value(), attrs={"id": f"id_{name}"},
                                                  renderer=Renderer())
            django = form[name].field.widget.render(name, form[name].value(), attrs={"id": f"id_{name}"},
                                                    renderer=DjangoTemplates())
            assert ours == django, (name, ours, django)
            assert fast  # the page's own renderer (FORM_RENDERER) renders too


def test_form_renderer_setting_is_used():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
    html = Sample().as_div()
    assert '<option value="b&amp;c">B &amp; &lt;C&gt;</option>' in html
    assert '<optgroup label="Asia">' in html


class Short(forms.Form):
    name = forms.CharField()
    code = forms.CharField()


def test_a_long_form_with_errors_opens_with_a_summary_linking_each_field_and_a_short_one_does_not():
    import re

    long_form = Sample({"plain": "zz", "grouped": "kh", "flagged": "y", "script": "中", "text": ""})
    html = long_form.as_div()
    summary = re.search(r'<div class="error-summary" role="alert">(.*?)</div>', html, re.S).group(1)
    assert "2 fields need your attention:" in summary
    links = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a>: ([^<]+)</li>', summary)
    assert [(target, label) for target, label, _message in links] == [("id_plain", "Plain"), ("id_text", "Text")]
    assert "valid choice" in links[0][2] and links[1][2] == "This field is required."
    assert html.index("error-summary") < html.index('name="plain"')  # above the first field
    assert 'id="id_plain"' in html and 'id="id_text"' in html  # the links' targets exist
    assert "error-summary" not in Sample().as_div()  # unbound: nothing to fix
    assert "error-summary" not in Short({"name": ""}).as_div()  # two fields: the errors are in sight
    assert "This field is required." in Short({"name": ""}).as_div()


class Fields(forms.Form):
    """Every kind of field group a filter or edit form writes: inputs of several types, a label ending in
    punctuation, help text, a value to escape, a required field, a checkbox, hidden, a textarea, a fieldset."""
    required_css_class = "required"

    name = forms.CharField(help_text="Your <b>full</b> name", max_length=20)
    count = forms.IntegerField(required=False, label="How many?")
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date", "data-x": 'a"b'}))
    mail = forms.EmailField(required=False)
    site = forms.URLField(required=False, label="")
    ticked = forms.BooleanField(required=False)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    colours = forms.MultipleChoiceField(choices=[("r", "red"), ("g", "green")], widget=forms.CheckboxSelectMultiple,
                                        required=False)
    kind = forms.ChoiceField(choices=[("a", "A & B")])
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"autofocus": True, "disabled": False}))
    share = forms.CharField(required=False, label="R&D <share>?")


class TemplatesOnly(Renderer):
    """This project's renderer with every template rendered by Django's template engine."""
    _select_is_djangos = False

    def _python(self, template_name, context):
        return None


def test_field_groups_labels_inputs_and_errors_are_djangos():
    from django.utils import translation

    cases = [Fields(), Fields({"name": "<script>", "count": "x", "when": "2024-01-02", "mail": "no", "ticked": "on",
                               "secret": 'q"', "notes": "n", "colours": ["g"], "kind": "a", "search": "&amp;"}),
             Fields(auto_id=False), Fields(label_suffix=" :")]
    written = 0
    for language in ("en", "lo"):
        with translation.override(language):
            for form in cases:
                form.renderer = Renderer()
                ours = form.as_div()
                form.renderer = TemplatesOnly()
                django = form.as_div()
                assert ours == django
                for name in form.fields:
                    form.renderer = Renderer()
                    ours = (form[name].as_field_group(), form[name].label_tag(), str(form[name].errors),
                            str(form[name]))
                    form.renderer = TemplatesOnly()
                    django = (form[name].as_field_group(), form[name].label_tag(), str(form[name].errors),
                              str(form[name]))
                    assert ours == django, name
                    written += 1
    assert written == 2 * 4 * 12
    renderer = Renderer()
    Fields(renderer=renderer).as_div()
    # the Python path was taken: each template it replaces was asked about (and found to be Django's); a textarea
    # and the checkboxes of a multiple choice are not <input> widgets of their own and go to their templates
    assert renderer._djangos == {"django/forms/field.html": True, "django/forms/label.html": True,
                                 "django/forms/widgets/input.html": True, "django/forms/widgets/text.html": True,
                                 "django/forms/widgets/number.html": True, "django/forms/widgets/date.html": True,
                                 "django/forms/widgets/email.html": True, "django/forms/widgets/url.html": True,
                                 "django/forms/widgets/checkbox.html": True, "django/forms/widgets/hidden.html": True,
                                 "django/forms/errors/list/default.html": True}

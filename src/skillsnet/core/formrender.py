"""The form renderer (settings.FORM_RENDERER): Django's, except that <select> elements are written in Python and
a long form sent back with errors opens with a summary of them (TEMPLATES).

Django renders every <option> through two template includes; a filter form with a few hundred choices
(countries, provinces, fields of education, occupations) took most of a list page's time. The markup is the
same as Django's templates produce (tests/core/test_formrender.py compares them); a project that overrides
the select templates gets its templates back automatically.
"""
import html
from functools import cached_property

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
# Django's templates come first in this renderer's engine, so a template of ours replaces one of them by name:
# a form rendered as <div>s opens, when it comes back with errors, with a summary linking to each field
TEMPLATES = {"django/forms/div.html": "skillsnet/forms/div.html"}


def _attrs(attrs):
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True else
                   f' {conditional_escape(name)}="{escape("%s" % (value,))}"')
    return "".join(out)


def _text(value):
    """conditional_escape without its lazy-argument wrapper (hundreds of options per page): safe strings as they
    are, anything else escaped as Django's escape() does."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _option(option):
    attrs = option["attrs"]
    return (f'<option value="{html.escape(str(option["value"]))}"{_attrs(attrs) if attrs else ""}>'
            f'{_text(option["label"])}</option>')


def render_select(widget):
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            parts.append("\n  " + _option(option) + "\n")  # the option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


class Renderer(DjangoTemplates):
    def get_template(self, template_name):
        return super().get_template(TEMPLATES.get(template_name, template_name))

    @cached_property
    def _select_is_djangos(self):
        """The select templates are Django's own (no app overrides them): the Python rendering applies."""
        import django

        root = django.__path__[0]
        return all(self.get_template(name).origin.name.startswith(root) for name in (SELECT, OPTION))

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name == SELECT else None
        if widget is not None and self._select_is_djangos and all(
                option.get("template_name") == OPTION for _g, options, _i in widget["optgroups"] for option in options):
            return render_select(widget)
        return super().render(template_name, context, request)

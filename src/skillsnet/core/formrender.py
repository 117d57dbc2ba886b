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


FIELD = "django/forms/field.html"
LABEL = "django/forms/label.html"
INPUT = "django/forms/widgets/input.html"
ERRORS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")
# an input widget's template that is Django's include of input.html and nothing else (text, number, date, ...)
INPUT_INCLUDE = '{% include "django/forms/widgets/input.html" %}\n'


def _value(value):
    """`{{ value|stringformat:'s' }}` under autoescaping: a safe value as it is, anything else escaped."""
    text = "%s" % (value,)
    return text if hasattr(value, "__html__") else html.escape(text)


def _template_attrs(attrs):
    """django/forms/attrs.html and widgets/attrs.html."""
    return "".join(f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_value(value)}"'
                   for name, value in (attrs or {}).items() if value is not False)


def render_input(widget):
    """django/forms/widgets/input.html (ends with a newline, as the template does)."""
    value = widget["value"]
    shown = f' value="{_value(value)}"' if value is not None else ""
    return (f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"{shown}'
            f'{_template_attrs(widget["attrs"])}>\n')


def render_label(context):
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if context["use_tag"]:
        tag = conditional_escape(context["tag"])
        return f"<{tag}{_template_attrs(context['attrs'])}>{label}</{tag}>\n"
    return f"{label}\n"


def render_field(field):
    """django/forms/field.html of a field that is not a fieldset: label, help text, errors, widget."""
    label = conditional_escape(field.label_tag()) if field.label else ""
    help_text = ""
    if field.help_text:
        auto_id = field.auto_id
        at = f' id="{conditional_escape(auto_id)}_helptext"' if auto_id else ""
        help_text = f'<div class="helptext"{at}>{field.help_text}</div>'  # |safe: as it is
    return f"\n  {label}\n\n{help_text}\n{conditional_escape(field.errors)}\n{conditional_escape(field)}\n"


class Renderer(DjangoTemplates):
    """Django's renderer; where the template asked for is Django's own (no app overrides it), a field group, a
    label, an empty error list, an <input> and a <select> are written in Python, the same markup (~6 ms of a list
    page's filter form: tests/core/test_formrender.py compares them with Django's templates)."""

    def get_template(self, template_name):
        return super().get_template(TEMPLATES.get(template_name, template_name))

    @cached_property
    def _djangos(self):
        """{template name: whether the template this renderer finds is Django's own} (filled as asked)."""
        return {}

    def _is_djangos(self, name):
        found = self._djangos.get(name)
        if found is None:
            import django

            template = self.get_template(name)
            found = template.origin.name.startswith(django.__path__[0])
            if found and name not in (FIELD, LABEL, INPUT) + ERRORS:  # an input type: only input.html included
                found = getattr(template.template, "source", None) == INPUT_INCLUDE and self._is_djangos(INPUT)
            self._djangos[name] = found
        return found

    def _python(self, template_name, context):
        """The markup of the template, written in Python, or None where the template has to be rendered."""
        if template_name == FIELD:
            field = context.get("field")
            if field is not None and not field.use_fieldset and self._is_djangos(FIELD) \
                    and self._is_djangos(LABEL):
                return render_field(field)
        elif template_name == LABEL:
            if set(context) >= {"label", "attrs", "use_tag", "tag"} and self._is_djangos(LABEL):
                return render_label(context)
        elif template_name in ERRORS:
            if not context.get("errors") and self._is_djangos(template_name):
                return ""
        elif template_name.startswith("django/forms/widgets/"):
            widget = context.get("widget")
            if isinstance(widget, dict) and "type" in widget and template_name != SELECT \
                    and self._is_djangos(template_name):
                return render_input(widget) + ("" if template_name == INPUT else "\n")
        return None

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
        if request is None:
            written = self._python(template_name, context)
            if written is not None:
                return mark_safe(written.strip())  # as Django's renderer strips a template's output
        return super().render(template_name, context, request)

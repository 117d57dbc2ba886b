from django import template
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from skillsnet.core.privacy import record_label, visible_ids
from skillsnet.core.registry import config_for, object_url

register = template.Library()


@register.filter
def verbose_name(obj_or_opts, name):
    if name == "__str__":
        return _("name")
    opts = getattr(obj_or_opts, "_meta", obj_or_opts)
    try:
        return opts.get_field(name.split("__")[0]).verbose_name
    except Exception:
        return name


def _link(value):
    url = object_url(value)
    return format_html('<a href="{}">{}</a>', url, value) if url else str(value)


def _viewer(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return user


_CHOICE_LABELS = {}
_MISSING = object()


def choice_label(field, value):
    """What obj.get_<field>_display() shows for `value`, the labels of the field's choices kept per field and
    language (Django's builds a dict of every choice, translating each, on every call)."""
    from django.utils.encoding import force_str
    from django.utils.hashable import make_hashable
    from django.utils.translation import get_language

    key = (id(field), get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {make_hashable(k): force_str(v, strings_only=True)
                                        for k, v in field.flatchoices}
    label = labels.get(make_hashable(value), _MISSING)
    return force_str(value, strings_only=True) if label is _MISSING else label


@register.simple_tag(takes_context=True)
def label(context, obj):
    """A record's text as the viewer may read it (core.privacy.record_label): page titles, breadcrumbs."""
    return record_label(_viewer(context), obj)


@register.simple_tag(takes_context=True)
def field_value(context, obj, name, link=True):
    """Readable, escaped display of a field: choices by label, relations as links, lists joined.
    A linked record shows only when the user may see it (a speaker who is a person, a non-public record)."""
    user = _viewer(context)
    if name == "__str__":
        url = object_url(obj)
        text = record_label(user, obj)
        return format_html('<a href="{}">{}</a>', url, text) if url and link else text
    try:
        field = obj._meta.get_field(name)
    except Exception:
        value = getattr(obj, name, "")
        return value() if callable(value) else value
    if field.many_to_many:
        items = list(getattr(obj, name).all())
        if items:
            shown = visible_ids(user, field.related_model, [i.pk for i in items])
            items = [i for i in items if i.pk in shown]
        return format_html_join(", ", "{}", ((_link(i),) for i in items)) if items else "—"
    if field.is_relation and field.related_model is not None and field.concrete:
        key = getattr(obj, field.attname, None)
        if key is not None and not visible_ids(user, field.related_model, [key]):
            return format_html('<span class="hidden">{}</span>', _("not shown"))
    value = getattr(obj, name)
    if value in (None, "", []):
        return format_html('<span class="unknown">{}</span>', _("unknown")) if getattr(field, "is_partial_date", False) else "—"
    if field.choices:
        return choice_label(field, value)
    if isinstance(field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, models.Model):
        return _link(value) if link else str(value)
    if isinstance(field, models.URLField):
        return format_html('<a href="{}" rel="noopener nofollow">{}</a>', value, value)
    return value


SUMMARY_MIN_FIELDS = 4  # a shorter form shows its errors where the eye already is


@register.filter
def errors_to_fix(fields):
    """The (field, errors) of a form's fields that have errors, for the summary at the top of a long form
    (django/forms/div.html): after a refused save the page opens at its top, far above a field low in the form,
    on a phone most of all; each line links to its field."""
    fields = list(fields or ())
    if len(fields) < SUMMARY_MIN_FIELDS:
        return []
    return [(field, errors) for field, errors in fields if errors]


@register.filter
def url_of(obj):
    return object_url(obj)


@register.simple_tag
def action_url(obj, action):
    config = config_for(obj)
    return config.url(action, obj) if config else ""


@register.simple_tag(takes_context=True)
def sort_link(context, column):
    request = context["request"]
    params = request.GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{column}" if current == column else column
    params.pop("page", None)
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def page_link(context, number):
    params = context["request"].GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def count_link(context):
    params = context["request"].GET.copy()
    params["count"] = "exact"
    return f"?{params.urlencode()}"


@register.simple_tag(takes_context=True)
def export_link(context, fmt):
    params = context["request"].GET.copy()
    params.pop("page", None)
    params["export"] = fmt
    return f"?{params.urlencode()}"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def url_or_empty(name, *args):
    try:
        return reverse(name, args=args)
    except Exception:
        return ""

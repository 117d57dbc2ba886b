from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ..queries import reconcile as _reconcile

register = template.Library()


@register.simple_tag
def reconcile(figure):
    return _reconcile(figure)


@register.filter
def number(value):
    """1,234 for whole numbers, 1,234.56 otherwise; an em dash when unknown."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


@register.filter
def dims_label(dims):
    return ", ".join(f"{k}: {v}" for k, v in (dims or {}).items()) or _("total")


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None

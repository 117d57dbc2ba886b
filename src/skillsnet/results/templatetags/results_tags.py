from decimal import Decimal

from django import template

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
    from ..labels import dims_label as label

    return label(dims)


@register.filter
def dims_heading(dims):
    from ..labels import dims_heading as heading

    return heading(dims or [])


@register.simple_tag(takes_context=True)
def count(context, value, people=True):
    """A number as `number` writes it, or "< 5" for a count of fewer than five people shown to a role that may
    not see personal data."""
    from ..privacy import shown_count

    request = context.get("request")
    shown = shown_count(value, getattr(request, "user", None), people)
    return shown if isinstance(shown, str) and not shown[:1].isdigit() and shown != "" else number(shown)


@register.filter
def signed(value):
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + number(value)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None

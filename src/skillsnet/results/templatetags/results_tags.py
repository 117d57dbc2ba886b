from decimal import Decimal

from django import template

from ..queries import reconcile as _reconcile

register = template.Library()


@register.simple_tag(takes_context=True)
def reconcile(context, figure):
    """A source's figure beside what the records count, as the request's user may see it (results.privacy)."""
    from ..privacy import shown_reconciliation

    request = context.get("request")
    return shown_reconciliation(_reconcile(figure), getattr(request, "user", None))


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
def shown(value):
    """A count as the small-count rules left it (results.privacy): "< 5", "≥ 5" or "—" as they are, a number as
    `number` writes it."""
    return value if isinstance(value, str) else number(value)


@register.filter
def dims_label(dims):
    from ..labels import dims_label as label

    return label(dims)


@register.filter
def dims_heading(dims):
    from ..labels import dims_heading as heading

    return heading(dims or [])


@register.filter
def signed(value):
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    return ("+" if value > 0 else "") + number(value)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None

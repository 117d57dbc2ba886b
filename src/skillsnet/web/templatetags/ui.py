"""Small pieces of the design system: {% icon "name" %} (a Lucide icon from the local sprite)."""
from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def icon(name, label=""):
    """An icon; decorative (hidden from screen readers) unless a label is given."""
    href = f"{static('skillsnet/icons.svg')}#{name}"
    if label:
        return format_html('<svg class="icon" role="img" aria-label="{}"><use href="{}"></use></svg>', label, href)
    return format_html('<svg class="icon" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', href)

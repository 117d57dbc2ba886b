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


@register.filter
def panel_slug(panel):
    """A detail page's tab name for a panel, stable across languages: ?tab=<slug>."""
    from django.utils import translation
    from django.utils.text import slugify

    with translation.override("en"):
        return slugify(str(panel.title)) or f"panel-{id(panel)}"


STATUS_TONES = {
    "active": "ok", "signed": "ok", "approved": "ok", "published": "ok", "done": "ok", "valid": "ok",
    "completed": "ok", "draft": "warn", "negotiating": "warn", "submitted": "warn", "open": "info",
    "review": "warn", "expired": "danger", "terminated": "danger", "revoked": "danger", "cancelled": "danger",
    "suspended": "danger",
}


@register.simple_tag
def badges(obj):
    """[(label, tone)] for the record's status and kind, shown in the detail page's header."""
    out = []
    for name in ("status", "kind"):
        try:
            field = obj._meta.get_field(name)
        except Exception:  # noqa: BLE001 (no such field)
            continue
        value = getattr(obj, name, "")
        if not value or not getattr(field, "choices", None):
            continue
        label = getattr(obj, f"get_{name}_display")()
        out.append((label, STATUS_TONES.get(str(value), "info") if name == "status" else ""))
    return out


class CaptureNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        from django.utils.safestring import mark_safe

        context[self.name] = mark_safe(self.nodelist.render(context))
        return ""


@register.tag
def capture(parser, token):
    """{% capture as name %}…{% endcapture %}: render once, show later (or not)."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def offers_action(html):
    """Whether a rendered panel holds something to do (a form or a button), even with no record yet."""
    return "<form" in str(html) or "<button" in str(html)

"""Small pieces of the design system: {% icon "name" %} (a Lucide icon from the local sprite)."""
import functools

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

    slug = getattr(panel, "_skillsnet_slug", None)  # kept on the panel: its title in English does not change
    if slug is None:
        with translation.override("en"):
            slug = slugify(str(panel.title)) or f"panel-{id(panel)}"
        try:
            panel._skillsnet_slug = slug
        except AttributeError:  # (a panel that takes no attributes: worked out every time)
            pass
    return slug


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


@register.filter
def link_sources(value):
    """A plain text in which the titles of recorded sources (results.Source), quoted “…”, link to the source's
    page, where its text is kept."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import SafeData, mark_safe

    if isinstance(value, SafeData) or not isinstance(value, str) or "“" not in value:
        return value
    from skillsnet.core.registry import object_url
    from skillsnet.results.models import Source

    text = str(conditional_escape(value))
    for source in Source.objects.only("pk", "title").filter(title__in=_quoted(value))[:20]:
        quoted = str(conditional_escape(f"“{source.title}”"))
        text = text.replace(quoted, format_html('“<a href="{}">{}</a>”', object_url(source), source.title))
    return mark_safe(text)


def _quoted(value):
    import re

    return re.findall(r"“([^”]{3,500})”", value)


def _multilingual(model_or_obj, name):
    return name in ("name", "title") and _has_all_columns(model_or_obj._meta.label_lower, name)


@functools.lru_cache(maxsize=None)
def _has_all_columns(label, name):
    """Whether model `label` stores `name` in every language (asked for every cell of a list: kept per model)."""
    from django.apps import apps

    from skillsnet.core.i18n import all_columns

    columns = all_columns(name)
    fields = {f.name for f in apps.get_model(label)._meta.fields}
    return len(columns) > 1 and all(c in fields for c in columns)


@register.simple_tag(takes_context=True)
def cell(context, obj, name, link=True):
    """A list cell: a multilingual name or title in the user's language (else the fallback order), any other
    field as field_value shows it."""
    from skillsnet.core.i18n import localized
    from skillsnet.core.templatetags.skillsnet import field_value

    if _multilingual(obj, name):
        return localized(obj, name) or getattr(obj, name)
    return field_value(context, obj, name, link)


@register.simple_tag
def column_label(model_or_opts, name):
    """A list column's heading: "Name" rather than "Name (English)" when the cell shows the user's language."""
    from django.utils.text import capfirst

    from skillsnet.core.templatetags.skillsnet import verbose_name

    model = getattr(model_or_opts, "model", model_or_opts)
    if _multilingual(model, name):
        from django.utils.translation import gettext

        return capfirst(gettext("name") if name == "name" else gettext("title"))
    return capfirst(verbose_name(model_or_opts, name))


@register.simple_tag(takes_context=True)
def field_rows(context, obj, fields, opts):
    """A record's fields as <dt>/<dd> pairs, the empty ones left out: what core/_fields.html wrote with a loop
    of template tags, written here in one pass (a detail page's summary, 20 fields: a third of the time)."""
    from django.template.base import render_value_in_context
    from django.utils.safestring import mark_safe
    from django.utils.text import capfirst

    from skillsnet.core.templatetags.skillsnet import field_value, verbose_name

    out = []
    for name in fields or ():
        shown = field_value(context, obj, name)
        if shown != "—":
            out.append(f"<dt>{render_value_in_context(capfirst(verbose_name(opts, name)), context)}</dt>"
                       f"<dd>{render_value_in_context(link_sources(shown), context)}</dd>")
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def panel_rows(context, p, limit=None):
    """The rows of a detail page's panel table (`limit` of them): a link to each record in the first column,
    cells as {% cell %} writes them, each labelled with its column for narrow screens."""
    from django.utils.html import conditional_escape

    model, columns = p["panel"].model, list(p["columns"])
    labels = [f' data-label="{conditional_escape(column_label(model, c))}"' for c in columns]
    return _linked_rows(context, p["items"] if limit is None else p["items"][:limit], columns, labels, "")


def _linked_rows(context, objs, columns, attrs, end):
    """Table rows of `objs`: a link to each record around its first cell, the cells as {% cell %} writes them,
    `attrs[i]` in the i-th <td>, `end` after each </tr>."""
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    from skillsnet.core.registry import object_url

    out = []
    for obj in objs:
        out.append("<tr>")
        for index, (name, attr) in enumerate(zip(columns, attrs)):
            if index == 0:
                out.append(f'<td{attr}><a href="{conditional_escape(object_url(obj))}">'
                           f'{conditional_escape(cell(context, obj, name, False))}</a></td>')
            else:
                out.append(f"<td{attr}>{conditional_escape(cell(context, obj, name))}</td>")
        out.append(f"</tr>{end}")
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def score_rows(context, components):
    """A partner suggestion's score components as table rows (label, points with their sign, the reasons): what a
    loop of template tags wrote for each of the 20 suggestions × 6 components of the suggestions page."""
    from django.template.base import render_value_in_context
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    out = []
    for c in components:
        try:
            points = "%+d" % (c.points,)
        except (TypeError, ValueError):
            points = ""  # as the stringformat filter writes a value it cannot format
        out.append(f'<tr><th scope="row">{render_value_in_context(c.label, context)}</th>'
                   f'<td class="num">{conditional_escape(points)}</td>'
                   f"<td>{render_value_in_context(c.text, context)}</td></tr>")
    return mark_safe("".join(out))


@register.simple_tag(takes_context=True)
def list_rows(context, page, columns):
    """A list page's table rows: a link to each record around its first cell, cells as {% cell %} writes them; what
    core/list.html wrote with a loop of template tags (50 rows × the columns of every list page)."""
    columns = list(columns or ())
    return _linked_rows(context, page, columns, [""] * len(columns), "\n")

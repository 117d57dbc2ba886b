from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from skillsnet.core.privacy import visible_ids
from skillsnet.core.registry import object_url

register = template.Library()


@register.simple_tag(takes_context=True)
def person_name(context, person):
    """A person's name, linked, for roles that may see personal data; otherwise a neutral placeholder."""
    if person is None:
        return "—"
    user = getattr(context.get("request"), "user", None) or context.get("user")
    if user is None or not visible_ids(user, type(person), [person.pk]):  # per person, not per record type
        return format_html('<span class="unknown">{}</span>', _("(name shown to authorised users)"))
    url = object_url(person)
    return format_html('<a href="{}">{}</a>', url, person) if url else str(person)


@register.filter
def partial_date(value):
    """'2023-12' → 'December 2023'; '' → 'unknown'."""
    import datetime

    from django.utils.formats import date_format

    if not value:
        return format_html('<span class="unknown">{}</span>', _("unknown"))
    if len(value) == 4:
        return value
    if len(value) == 7:
        return date_format(datetime.date(int(value[:4]), int(value[5:7]), 1), "YEAR_MONTH_FORMAT")
    return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def activity_counts(context, activity):
    """Participant counts (registered / attended / completed) from people.Participation; "< 5" below five for
    users who see no personal data."""
    from django.contrib.auth.models import AnonymousUser

    from skillsnet.activities.queries import participant_counts

    user = getattr(context.get("request"), "user", None) or context.get("user") or AnonymousUser()
    counts = participant_counts(activity, user)
    return counts if counts and counts["people"] else None


@register.filter
def without(fields, names):
    """The field list without the comma-separated names (already shown in the summary)."""
    skip = set(names.split(","))
    return [f for f in fields if f not in skip]

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def candidate_contact(user, application):
    """The candidate's contact details, or None before they applied or accepted (queries.contact_for)."""
    from ..queries import contact_for

    return contact_for(user, application)


@register.simple_tag(takes_context=True)
def job_posting_jsonld(context, vacancy):
    """<script type="application/ld+json"> with the vacancy's schema.org JobPosting (open vacancies only)."""
    from ..queries import job_posting

    if not vacancy.is_open:
        return ""
    request = context.get("request")
    base = request.build_absolute_uri("/")[:-1] if request else ""
    text = json.dumps(job_posting(vacancy, base), ensure_ascii=False).replace("</", "<\\/")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
